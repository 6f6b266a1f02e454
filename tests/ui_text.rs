//! The words of the interface come from `content/ui.toml`: with each
//! phrase changed, every page shows the changed phrases, and none of the
//! English ones, so that a translation needs no change to the code.

mod common;

use aseic::content::ContentSource;
use aseic::web::state::AppState;
use axum::http::StatusCode;
use common::{content_file, content_with, get, submit_form};

/// `ui.toml` with every phrase's words replaced by its key, `‹key›`, and its
/// placeholders (so that they still fill); the language tag made `xx`.
/// `site.toml` with no list of languages: the site in ui.toml's one.
fn site_in_ui_language() -> String {
    without_languages(&content_file("site.toml"))
}

/// `site`, a `site.toml`, with no list of languages.
fn without_languages(site: &str) -> String {
    let start = site.find("languages = [").expect("a list of languages");
    let end = start + site[start..].find("]\n").expect("its end") + 2;
    format!("{}{}", &site[..start], &site[end..])
}

fn marked_ui() -> String {
    let mut section = String::new();
    let mut out = String::new();
    for line in content_file("ui.toml").lines() {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_owned();
        }
        match line.split_once(" = \"") {
            Some(("language", _)) => out.push_str("language = \"xx\""),
            Some((key, value)) if !line.starts_with('#') => {
                out.push_str(&format!("{key} = \"‹{section}.{key}›{}\"", placeholders(value)));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The placeholders of a phrase, such as ` {count} {query}`.
fn placeholders(value: &str) -> String {
    value
        .split('{')
        .skip(1)
        .filter_map(|after| after.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(|name| format!(" {{{name}}}"))
        .collect()
}

/// Interface words of the English `ui.toml` that no other content file
/// writes: none may be left on a page whose phrases are all marked.
const ENGLISH: &[&str] = &[
    "Skip to main content",
    "Search the site",
    "Last updated",
    "Back to note",
    "Established in",
    "Latest news",
    "Year of the summit",
    "No enlargement",
    "founding partners",
    "Active filters",
    "Kind of organisation",
    "Became an ASEM partner at the",
    "or balance-sheet total",
    "Things to know",
    "You can reach",
    "Postal address",
    "Contact form",
    "not searched for",
    "There is a problem",
    "Kinds of result",
    "All results",
    "Follow the news",
    "Page not found",
];

#[tokio::test]
async fn every_page_speaks_the_words_of_ui_toml() {
    let dir = content_with(&[("ui.toml", Some(&marked_ui())), ("site.toml", Some(&site_in_ui_language()))]);
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    let mut replies = Vec::new();
    for path in [
        "/",
        "/asem",
        "/members",
        "/members?region=asia&kind=government&q=min",
        "/members/korea",
        "/sme",
        "/news",
        "/search?q=korea",
        "/search?q=zzzzqqqq",
        "/search?q=the+and",
        "/search?q=korea&kind=partner",
        "/accessibility",
        "/no-such-page",
    ] {
        replies.push(get(&state, path).await);
    }
    replies.push(submit_form(&state, "/sme/check", &[("staff", "12"), ("turnover", "")]).await);
    replies.push(submit_form(&state, "/sme/check", &[("staff", "12.5"), ("turnover", "1500000")]).await);
    for reply in &replies {
        assert!(reply.status != StatusCode::INTERNAL_SERVER_ERROR, "{}", reply.path);
        assert!(reply.body.contains("<html lang=\"xx\">"), "{}: the language of ui.toml", reply.path);
        assert!(reply.body.contains("‹page.skip_link›"), "{}: the frame's words", reply.path);
        for english in ENGLISH {
            assert!(!reply.body.contains(english), "{}: “{english}” is not from ui.toml", reply.path);
        }
    }
    let marked = |path: &str, key: &str| {
        let asked = |r: &&common::Reply| r.path == path || r.path.starts_with(&format!("{path}?"));
        let shown = replies.iter().filter(asked).any(|r| r.body.contains(&format!("‹{key}›")));
        assert!(shown, "{path}: no ‹{key}›");
    };
    // The content's newest news is of 2011: "News", not "Latest news".
    marked("/", "home.news");
    marked("/", "dates.november");
    marked("/asem", "asem.chart_title");
    marked("/asem", "asem.summit_heading");
    marked("/members", "directory.caption_other");
    marked("/members?region=asia&kind=government&q=min", "directory.kind_filter");
    marked("/members/korea", "directory.joined");
    marked("/sme", "sme.fewer_than");
    marked("/sme", "numbers.millions");
    marked("/search?q=korea", "kinds.partners");
    marked("/search?q=korea", "search.results_other");
    marked("/search?q=zzzzqqqq", "search.nothing_found");
    marked("/search?q=the+and", "search.only_common_words");
    marked("/search?q=korea&kind=partner", "kinds_in_text.partners");
    marked("/accessibility", "contact.missing");
    marked("/no-such-page", "errors.not_found_heading");
    marked("/sme/check", "sme_check.neither_amount");
    marked("/sme/check", "sme_check.found");
}

#[tokio::test]
async fn the_contact_speaks_the_words_of_ui_toml() {
    let site = common::site_toml_without_contact()
        + "\n[contact]\nname = \"the desk\"\nemail = \"desk@example.org\"\nphone = \"+82 2 123 4567\"\n\
           address = [\"1 Green Street\"]\nform = \"/history\"\n";
    let site = without_languages(&site);
    let dir = content_with(&[("ui.toml", Some(&marked_ui())), ("site.toml", Some(&site))]);
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    let reply = get(&state, "/accessibility").await;
    assert_eq!(reply.status, StatusCode::OK);
    for key in ["intro", "email", "phone", "address", "form", "form_link"] {
        assert!(reply.body.contains(&format!("‹contact.{key}›")), "no ‹contact.{key}›");
    }
    assert!(reply.body.contains("the desk"), "the name fills {{name}}");
    for english in ENGLISH {
        assert!(!reply.body.contains(english), "“{english}” is not from ui.toml");
    }
}
