//! The site in English and in Korean, and a third language as a folder of
//! files: every page in each language at its own address, the languages
//! linked both ways (the head, the switcher, the sitemap), a text not yet
//! translated shown in English and marked so, and Korean searched as
//! Korean is written.

mod common;

use aseic::AppState;
use aseic::content::{ContentSource, load_checked};
use axum::http::{StatusCode, header};
use common::{built_in, content_file, content_with, get, get_ok};
use scraper::{ElementRef, Html, Selector};

/// The state of a content folder made from the repository's, with changes.
fn state_of(dir: &tempfile::TempDir) -> AppState {
    AppState::load(ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"))
}

/// Every pre-rendered HTML page's address, in every language.
fn html_pages(state: &AppState) -> Vec<String> {
    let loaded = state.current.load();
    let mut paths = Vec::new();
    for path in loaded.pages.paths() {
        let page = loaded.pages.page(path).expect("a listed page");
        let headers = &page.variant(aseic::render::encoding::Coding::Identity).headers;
        if headers[header::CONTENT_TYPE].to_str().unwrap_or_default().starts_with("text/html") {
            paths.push(path.to_owned());
        }
    }
    paths
}

/// The text of `element` that is in the page's own language: without what
/// an element marked `lang` holds.
fn own_language_text(element: ElementRef<'_>) -> String {
    let mut words = String::new();
    for node in element.descendants() {
        let Some(text) = node.value().as_text() else { continue };
        let marked = node
            .ancestors()
            .take_while(|a| *a != *element)
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().attr("lang").is_some());
        if !marked {
            words.push_str(text);
        }
    }
    words
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{1100}'..='\u{11FF}').contains(&c)
}

#[tokio::test]
async fn every_english_page_has_a_korean_page_whose_words_are_mostly_hangul() {
    let state = built_in();
    let pages = html_pages(&state);
    let english: Vec<&String> = pages.iter().filter(|p| !p.starts_with("/ko/")).collect();
    assert!(english.len() > 60, "{english:?}");
    let main = Selector::parse("main").unwrap();
    for path in english {
        let korean = if path == "/" { "/ko/".to_owned() } else { format!("/ko{path}") };
        assert!(pages.contains(&korean), "{path} has no Korean page at {korean}");
        let reply = get_ok(&state, &korean).await;
        assert!(reply.body.contains("<html lang=\"ko\">"), "{korean}");
        let html = reply.html();
        let text = own_language_text(html.select(&main).next().expect("a main"));
        let hangul = text.chars().filter(|c| is_hangul(*c)).count();
        let latin = text.chars().filter(char::is_ascii_alphabetic).count();
        assert!(hangul > 2 * latin, "{korean}: {hangul} Hangul letters, {latin} Latin ones unmarked:\n{text}");
    }
}

#[tokio::test]
async fn every_alternate_answers_and_points_back_and_the_switcher_leads_to_the_same_page() {
    let state = built_in();
    for path in ["/", "/asem", "/members/korea", "/history", "/news/aseic-launched", "/ko/", "/ko/sme", "/ko/news"] {
        let reply = get_ok(&state, path).await;
        let canonical = reply.attrs("link[rel=canonical]", "href").remove(0);
        let hreflangs = reply.attrs("link[rel=alternate][hreflang]", "hreflang");
        assert_eq!(hreflangs, ["en", "ko", "x-default"], "{path}");
        for href in reply.attrs("link[rel=alternate][hreflang]", "href") {
            let local = href.strip_prefix("https://www.aseic.org").expect("absolute, from base_url");
            let other = get_ok(&state, local).await;
            let back = other.attrs("link[rel=alternate][hreflang]", "href");
            assert!(back.contains(&canonical), "{local} does not point back to {canonical}: {back:?}");
        }
        let switcher = reply.attrs("header nav.languages a", "href");
        assert_eq!(switcher.len(), 1, "{path}: one other language");
        let link = &switcher[0];
        let other = if path.starts_with("/ko/") { ("en", "English") } else { ("ko", "한국어") };
        assert_eq!(reply.attrs("header nav.languages a", "hreflang"), [other.0], "{path}");
        assert_eq!(reply.attrs("header nav.languages a", "lang"), [other.0], "{path}");
        assert_eq!(reply.texts("header nav.languages a"), [other.1], "{path}: named in its own language");
        let expected = match path.strip_prefix("/ko") {
            Some(english) => english.to_owned(),
            None if path == "/" => "/ko/".to_owned(),
            None => format!("/ko{path}"),
        };
        assert_eq!(link, &expected, "{path}: the same page, not the home page");
    }
}

#[tokio::test]
async fn pages_made_per_request_keep_their_language_and_their_query_in_the_switcher() {
    let state = built_in();
    let search = get_ok(&state, "/ko/search?q=%EC%A4%91%EC%86%8C%EA%B8%B0%EC%97%85").await;
    assert!(search.body.contains("<html lang=\"ko\">"));
    assert_eq!(search.attrs("header nav.languages a", "href"), ["/search?q=%EC%A4%91%EC%86%8C%EA%B8%B0%EC%97%85"]);
    let directory = get_ok(&state, "/ko/members?region=asia").await;
    assert!(directory.body.contains("<html lang=\"ko\">"));
    assert_eq!(directory.attrs("header nav.languages a", "href"), ["/members?region=asia"]);
    let check = get_ok(&state, "/ko/sme/check").await;
    assert_eq!(check.attrs("form.panel", "action"), ["/ko/sme/check#answer"]);
    for link in check.attrs("main a[href^='/']", "href") {
        assert!(!link.starts_with("/sme") && !link.starts_with("/search"), "a link out of Korean: {link}");
    }
}

#[tokio::test]
async fn the_sitemap_lists_both_languages_each_with_its_alternates() {
    let state = built_in();
    let sitemap = get_ok(&state, "/sitemap.xml").await;
    let document = roxmltree::Document::parse(&sitemap.body).expect("XML");
    let urls: Vec<_> = document.descendants().filter(|n| n.has_tag_name("url")).collect();
    let locs: Vec<&str> =
        urls.iter().filter_map(|u| u.children().find(|c| c.has_tag_name("loc")).and_then(|l| l.text())).collect();
    assert!(locs.contains(&"https://www.aseic.org/asem") && locs.contains(&"https://www.aseic.org/ko/asem"));
    assert_eq!(locs.iter().filter(|l| l.contains("/ko/")).count() * 2, locs.len(), "as many in each language");
    for url in &urls {
        let alternates: Vec<(&str, &str)> = url
            .children()
            .filter(|c| c.has_tag_name("link"))
            .map(|l| (l.attribute("hreflang").unwrap_or_default(), l.attribute("href").unwrap_or_default()))
            .collect();
        let hreflangs: Vec<&str> = alternates.iter().map(|a| a.0).collect();
        assert_eq!(hreflangs, ["en", "ko", "x-default"]);
        let loc = url.children().find(|c| c.has_tag_name("loc")).and_then(|l| l.text()).unwrap_or_default();
        assert!(alternates.iter().any(|a| a.1 == loc), "{loc} is among its own alternates");
    }
}

#[tokio::test]
async fn korean_has_its_own_feed_and_404_page_and_shares_the_open_data() {
    let state = built_in();
    let feed = get_ok(&state, "/ko/news/atom.xml").await;
    assert!(feed.body.contains("xml:lang=\"ko\""), "{}", feed.body);
    assert!(feed.body.contains("https://www.aseic.org/ko/news/aseic-launched"));
    assert!(common::atom::problems(&feed.body).is_empty(), "{:?}", common::atom::problems(&feed.body));
    for nowhere in ["/ko/no-such-page", "/ko/api/members.json", "/ko/members/atlantis"] {
        let reply = get(&state, nowhere).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{nowhere}");
        assert!(reply.body.contains("<html lang=\"ko\">"), "{nowhere}: the Korean 404 page");
    }
    let data = get_ok(&state, "/api/members.json").await;
    assert!(data.body.contains("\"name\": \"Korea\""), "the open data is the default language's");
    let home = get(&state, "/ko").await;
    assert_eq!((home.status, home.header(header::LOCATION)), (StatusCode::PERMANENT_REDIRECT, "/ko/"));
}

#[tokio::test]
async fn an_address_always_shows_the_same_language_whoever_asks() {
    let state = built_in();
    for (path, lang) in [("/asem", "en"), ("/ko/asem", "ko"), ("/search?q=korea", "en"), ("/ko/search?q=korea", "ko")] {
        for accept in ["ko-KR,ko;q=0.9", "en-GB,en;q=0.8", "fr"] {
            let reply = common::get_with(&state, path, &[("accept-language", accept)]).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            assert!(reply.body.contains(&format!("<html lang=\"{lang}\">")), "{path} for {accept}");
            assert!(!reply.header(header::VARY).to_lowercase().contains("accept-language"), "{path}");
        }
    }
}

#[tokio::test]
async fn korean_pages_write_dates_amounts_and_ordinals_the_korean_way() {
    let state = built_in();
    let asem = get_ok(&state, "/ko/asem").await;
    let twelfth = asem.text("#summit-12");
    assert!(twelfth.contains("제12차"), "{twelfth}");
    assert!(twelfth.contains("2018년 10월 18–19일"), "{twelfth}");
    assert!(twelfth.contains("Global Partners for Global Challenges"), "the official theme beside the Korean one");
    assert_eq!(asem.attrs("#summit-12 [lang=en]", "lang").len(), 1, "{twelfth}");
    let sme = get_ok(&state, "/ko/sme").await;
    let table = sme.text("main table");
    assert!(table.contains("5,000만 유로") && table.contains("4,300만 유로"), "{table}");
    let news = get_ok(&state, "/ko/news").await;
    assert!(news.text("main").contains("2011년 6월 15일"), "{}", news.text("main"));
}

#[tokio::test]
async fn the_sme_check_reads_figures_typed_the_korean_way() {
    let state = built_in();
    for (staff, turnover, size) in [
        ("100", "5천만", "중기업"),
        ("100", "5,000만 유로", "중기업"),
        ("45", "800만", "소기업"),
        ("5", "150만", "초소기업"),
    ] {
        let fields = [("staff", staff), ("turnover", turnover), ("balance_sheet", "1.5억")];
        let reply = common::submit_form(&state, "/ko/sme/check", &fields).await;
        assert_eq!(reply.status, StatusCode::OK, "{turnover}: {}", reply.text("main"));
        assert!(reply.text("#answer").contains(size), "{turnover}: {}", reply.text("#answer"));
    }
}

#[tokio::test]
async fn korean_search_finds_words_inside_compounds_and_the_partner_by_any_of_its_names() {
    let state = built_in();
    let search = |q: &str| {
        let query = url::form_urlencoded::Serializer::new(String::new()).append_pair("q", q).finish();
        let state = state.clone();
        async move { get_ok(&state, &format!("/ko/search?{query}")).await }
    };
    let smes = search("중소기업").await;
    assert!(smes.texts("ol.results mark").iter().any(|m| m.contains("중소기업")), "{}", smes.text("main"));
    assert!(smes.body.contains("중소기업의") || smes.body.contains("중소기업이") || smes.body.contains("중소기업에"));
    let environment = search("환경").await;
    assert!(environment.text("main").contains("환경부"), "{}", environment.text("main"));
    for name in ["대한민국", "한국", "Korea", "korea"] {
        let reply = search(name).await;
        let links = reply.attrs("ol.results a", "href");
        assert!(links.iter().any(|l| l == "/ko/members/korea"), "{name}: {links:?}");
        assert!(links.iter().all(|l| l.starts_with("/ko/")), "{name}: results lead to Korean pages: {links:?}");
    }
}

#[tokio::test]
async fn the_korean_directory_filter_finds_partners_by_korean_and_english_names() {
    let state = built_in();
    for name in ["%ED%95%9C%EA%B5%AD", "%EB%8C%80%ED%95%9C%EB%AF%BC%EA%B5%AD", "korea"] {
        let reply = get_ok(&state, &format!("/ko/members?q={name}")).await;
        let partners = reply.attrs("main table th[scope=row] a", "href");
        assert!(partners.contains(&"/ko/members/korea".to_owned()), "{name}: {partners:?}");
    }
}

/// `content/ko/FILE` with the line that starts with `key =` left out.
fn without_line(file: &str, key: &str) -> String {
    let text = content_file(file);
    let kept: Vec<&str> = text.lines().filter(|line| !line.trim_start().starts_with(&format!("{key} ="))).collect();
    assert!(kept.len() < text.lines().count(), "{file} has a line `{key} =`");
    kept.join("\n") + "\n"
}

#[tokio::test]
async fn a_korean_line_removed_shows_the_english_text_marked_and_is_a_warning_not_an_error() {
    let asem = without_line("ko/asem.toml", "title");
    let ui = without_line("ko/ui.toml", "skip_link");
    let dir = content_with(&[("ko/asem.toml", Some(&asem)), ("ko/ui.toml", Some(&ui))]);
    let checked = load_checked(&ContentSource::Dir(dir.path().to_owned()), false).unwrap_or_else(|e| panic!("{e}"));
    let korean = &checked.translations[0];
    let keys: Vec<(&str, &str)> = korean.missing.iter().map(|m| (m.file.as_str(), m.key.as_str())).collect();
    assert_eq!(keys, [("ko/asem.toml", "title"), ("ko/ui.toml", "page.skip_link")]);
    assert_eq!(korean.missing[0].text, "About ASEM");
    let state = state_of(&dir);
    let page = get_ok(&state, "/ko/asem").await;
    assert_eq!(page.text("h1 [lang=en]"), "About ASEM");
    assert_eq!(page.text(".skip-link [lang=en]"), "Skip to main content");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aseic"))
        .args(["check", "--content"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: ko/asem.toml: `title` is not translated; the page shows “About ASEM”"),
        "{stderr}"
    );
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_aseic"))
        .args(["check", "--translations", "--content"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success());
    assert!(stdout.contains("ko (한국어): ") && stdout.contains("2 missing"), "{stdout}");
    assert!(stdout.contains("ko/ui.toml: `page.skip_link` is not translated"), "{stdout}");
}

/// The problems `check` finds in the repository's content with `changes`.
fn problems_with(changes: &[(&str, Option<&str>)]) -> String {
    let dir = content_with(changes);
    match load_checked(&ContentSource::Dir(dir.path().to_owned()), false) {
        Ok(_) => "the content loaded without a problem".to_owned(),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn a_translation_may_hold_words_only_with_the_english_placeholders_and_records() {
    let data = content_file("ko/asem.toml").replacen("[summit.1]\n", "[summit.1]\nyear = 1996\n", 1);
    let told = problems_with(&[("ko/asem.toml", Some(&data))]);
    assert!(told.contains("ko/asem.toml:") && told.contains("`year` is data"), "{told}");
    assert!(told.contains("remove `year` from ko/asem.toml"), "{told}");
    let front = content_file("ko/news/aseic-launched.md").replacen("+++\n", "+++\ndate = 2011-06-15\n", 1);
    let told = problems_with(&[("ko/news/aseic-launched.md", Some(&front))]);
    assert!(told.contains("ko/news/aseic-launched.md:2:1: `date` is data"), "{told}");
    let ui = content_file("ko/ui.toml");
    let dropped = ui.lines().find(|l| l.starts_with("results_other =")).expect("a phrase with placeholders");
    let changed = ui.replace(dropped, "results_other = \"검색 결과\"");
    let told = problems_with(&[("ko/ui.toml", Some(&changed))]);
    assert!(told.contains("`search.results_other` drops {count}, {query}"), "{told}");
    let typo = content_file("ko/members.toml").replacen("[partner.korea]", "[partner.koera]", 1);
    let told = problems_with(&[("ko/members.toml", Some(&typo))]);
    assert!(told.contains("[partner.koera] has no counterpart"), "{told}");
    assert!(told.contains("did you mean [partner.korea]?"), "{told}");
    let stray = problems_with(&[("ko/pages/histroy.md", Some("+++\ntitle = \"연혁\"\n+++\n본문\n"))]);
    assert!(stray.contains("ko/pages/histroy.md") && stray.contains("did you mean ko/pages/history.md?"), "{stray}");
}

/// A third language, French, as a folder with a few phrases: the rest of
/// its pages in English, marked.
fn with_french() -> tempfile::TempDir {
    let site = content_file("site.toml").replace(
        "  { tag = \"ko\", name = \"한국어\" },\n",
        "  { tag = \"ko\", name = \"한국어\" },\n  { tag = \"fr\", name = \"Français\" },\n",
    );
    let dir = content_with(&[("site.toml", Some(&site))]);
    std::fs::create_dir_all(dir.path().join("fr")).unwrap();
    std::fs::write(
        dir.path().join("fr/ui.toml"),
        "[page]\nskip_link = \"Aller au contenu\"\n\n[numbers]\nmoney = \"{amount} {currency}\"\nordinal_one = \"{number}er\"\nordinal_other = \"{number}e\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("fr/asem.toml"), "title = \"À propos de l’ASEM\"\n").unwrap();
    dir
}

#[tokio::test]
async fn a_third_language_is_a_folder_and_one_line_of_site_toml() {
    let dir = with_french();
    let state = state_of(&dir);
    let asem = get_ok(&state, "/fr/asem").await;
    assert!(asem.body.contains("<html lang=\"fr\">"));
    assert_eq!(asem.text("h1"), "À propos de l’ASEM");
    assert_eq!(asem.text(".skip-link"), "Aller au contenu");
    assert!(asem.text("#summit-1 h3").starts_with("The 1er ASEM Summit"), "{}", asem.text("#summit-1 h3"));
    assert!(asem.text("#summit-2 h3").contains("2e"), "French's ordinals, by CLDR's rules");
    let hreflangs = asem.attrs("link[rel=alternate][hreflang]", "hreflang");
    assert_eq!(hreflangs, ["en", "ko", "fr", "x-default"]);
    assert_eq!(asem.texts("header nav.languages a"), ["English", "한국어"]);
    let english = get_ok(&state, "/asem").await;
    assert_eq!(english.texts("header nav.languages a"), ["한국어", "Français"]);
    // What French lacks is English, marked, and never inside an attribute
    // or an element that cannot hold one.
    for path in
        ["/fr/", "/fr/members", "/fr/members?region=asia", "/fr/sme", "/fr/search?q=korea", "/fr/history", "/fr/nope"]
    {
        let reply = get(&state, path).await;
        assert!(reply.status == StatusCode::OK || reply.status == StatusCode::NOT_FOUND, "{path}");
        let html = Html::parse_document(&reply.body);
        for element in html.root_element().descendants().filter_map(ElementRef::wrap) {
            for (name, value) in element.value().attrs() {
                assert!(!value.contains('<'), "{path}: markup in {name}=\"{value}\"");
            }
            if ["option", "title", "textarea"].contains(&element.value().name()) {
                assert!(
                    element.children().all(|c| c.value().is_text()),
                    "{path}: an element in <{}>",
                    element.value().name()
                );
            }
        }
        let main = Selector::parse("main h1").unwrap();
        if let Some(h1) = html.select(&main).next().filter(|_| path != "/fr/asem") {
            let text = own_language_text(h1);
            assert!(text.trim().is_empty() || path.starts_with("/fr/search"), "{path}: “{text}” unmarked in <h1>");
        }
    }
}

#[tokio::test]
async fn an_old_address_leads_to_the_page_in_its_own_language() {
    let history = content_file("pages/history.md").replacen("+++\n", "+++\naliases = [\"/our-story\"]\n", 1);
    let dir = content_with(&[("pages/history.md", Some(&history))]);
    let state = state_of(&dir);
    for (old, new) in
        [("/our-story", "/history"), ("/ko/our-story", "/ko/history"), ("/ko/our-story?x=1", "/ko/history?x=1")]
    {
        let reply = get(&state, old).await;
        assert_eq!((reply.status, reply.header(header::LOCATION)), (StatusCode::PERMANENT_REDIRECT, new), "{old}");
    }
    let slash = get(&state, "/ko/asem/").await;
    assert_eq!((slash.status, slash.header(header::LOCATION)), (StatusCode::PERMANENT_REDIRECT, "/ko/asem"));
}
