//! Helpers shared by the HTTP tests: requests without a socket, and content
//! folders made from the repository's content with some files replaced.

#![allow(dead_code, reason = "each test binary uses its own subset of the helpers")]

pub mod atom;
pub mod h2;
pub mod server;
pub mod tls;

use std::path::{Path, PathBuf};
use std::time::Duration;

use aseic::AppState;
use aseic::content::ContentSource;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use scraper::{Html, Selector};
use tower::ServiceExt;

/// How long a test waits for what must happen (an edit to go live, a
/// connection to be closed) before it fails. Generous: on a busy machine a
/// second's work can take several, and a test that fails only on a busy
/// machine tells nothing. What must not happen too soon is asserted apart.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A response, read whole.
pub struct Reply {
    pub path: String,
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    /// The body as text (lossy), and as sent.
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The trimmed, whitespace-folded text of every element matching
    /// `selector`: the words the content gives it, without the notes
    /// (`[1]`) beside its facts, unless the element is a note itself, and
    /// with each abbreviation as the content writes it ("ASEM", where the
    /// page writes "Asia-Europe Meeting (ASEM)" at its first use).
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e}"));
        self.html().select(&selector).map(|e| fold(&words_without_notes(e))).collect()
    }

    /// The cells' texts of every table row matching `selector`.
    pub fn rows(&self, selector: &str) -> Vec<Vec<String>> {
        let rows = Selector::parse(selector).unwrap();
        let cells = Selector::parse("th, td").unwrap();
        self.html()
            .select(&rows)
            .map(|row| row.select(&cells).map(|c| fold(&words_without_notes(c))).collect())
            .collect()
    }

    /// The text of the one element matching `selector`.
    pub fn text(&self, selector: &str) -> String {
        let texts = self.texts(selector);
        assert_eq!(texts.len(), 1, "{}: expected one `{selector}`, found {texts:?}", self.path);
        texts.into_iter().next().unwrap()
    }

    /// Every value of `attribute` on elements matching `selector`.
    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html().select(&selector).filter_map(|e| e.value().attr(attribute).map(str::to_owned)).collect()
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(&name).map_or("", |v| v.to_str().unwrap_or(""))
    }
}

/// The elements whose words the glossary leaves as written.
const KEPT_AS_WRITTEN: [&str; 11] = ["h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "code", "pre", "abbr"];

/// The text inside `element`, leaving out each `sup.note` below it, with
/// each abbreviation as the content writes it (see [`as_written`]).
fn words_without_notes(element: scraper::ElementRef<'_>) -> String {
    let is_note = |node: scraper::ElementRef<'_>| {
        node.value().name() == "sup" && node.value().has_class("note", scraper::CaseSensitivity::CaseSensitive)
    };
    let mut words = String::new();
    for node in element.descendants() {
        let Some(text) = node.value().as_text() else { continue };
        let in_note =
            node.ancestors().take_while(|a| *a != *element).filter_map(scraper::ElementRef::wrap).any(is_note);
        if in_note {
            continue;
        }
        // The glossary writes out abbreviations in `<main>` alone, outside
        // the elements it keeps as written.
        let ancestors: Vec<_> = node.ancestors().filter_map(scraper::ElementRef::wrap).collect();
        let in_main = ancestors.iter().any(|a| a.value().name() == "main");
        let kept = ancestors.iter().any(|a| {
            KEPT_AS_WRITTEN.contains(&a.value().name())
                || a.value().has_class("sources", scraper::CaseSensitivity::CaseSensitive)
                || (a.value().name() != "html" && a.value().attr("lang").is_some())
        });
        if in_main && !kept {
            words.push_str(&as_written(text));
        } else {
            words.push_str(text);
        }
    }
    words
}

/// `text` with each abbreviation the glossary wrote out ("Asia-Europe
/// Meeting (ASEM)") as the content writes it ("ASEM").
pub fn as_written(text: &str) -> String {
    let mut text = text.to_owned();
    for (written_out, short) in written_outs() {
        text = text.replace(written_out.as_str(), short);
    }
    text
}

/// The glossary's first uses as the built-in content's pages write them,
/// in every language and with a capital, each with its abbreviation:
/// the longest first, so that none is left half replaced.
fn written_outs() -> &'static [(String, String)] {
    static FORMS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        let sites = aseic::content::load_checked(&ContentSource::BuiltIn, false).expect("valid content").into_sites();
        let mut forms = Vec::new();
        for site in &sites {
            for term in &site.abbreviations {
                let pattern = term.first_use.as_ref().unwrap_or(&site.ui.page.abbreviation);
                let long = term.long.to_string();
                let mut chars = long.chars();
                let capital: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
                for long in [long.as_str(), capital.as_str()] {
                    let written_out = pattern.with("long", long).with("short", &term.short).to_string();
                    forms.push((written_out, term.short.clone()));
                }
            }
        }
        forms.sort_by_key(|(written_out, _)| std::cmp::Reverse(written_out.len()));
        forms
    })
}

/// Folds runs of whitespace into one space and trims.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The state for the content built into the binary.
pub fn built_in() -> AppState {
    AppState::load(ContentSource::BuiltIn).expect("the built-in content loads")
}

/// GET `path` from an app serving `state`.
pub async fn get(state: &AppState, path: &str) -> Reply {
    request(state, Request::get(path).body(Body::empty()).unwrap()).await
}

/// `/api/sme-check?{query}`: its status and its JSON.
pub async fn sme_api(state: &AppState, query: &str) -> (StatusCode, serde_json::Value) {
    let reply = get(state, &format!("/api/sme-check?{query}")).await;
    (reply.status, serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("JSON: {}", reply.body)))
}

/// Sends `fields` to `path` as a browser sends a form by GET: in the query.
pub async fn submit_form(state: &AppState, path: &str, fields: &[(&str, &str)]) -> Reply {
    let query = serde_urlencoded::to_string(fields).expect("a form");
    get(state, &format!("{path}?{query}")).await
}

/// Sends `request` as a browser would: with a Host header, unless it has one.
pub async fn request(state: &AppState, mut request: Request<Body>) -> Reply {
    if !request.headers().contains_key(header::HOST) {
        request.headers_mut().insert(header::HOST, axum::http::HeaderValue::from_static("localhost"));
    }
    let path = request.uri().to_string();
    let response = aseic::app(state.clone()).oneshot(request).await.expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("the body is readable").to_bytes();
    Reply { path, status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
}

/// GET `path` with extra request headers.
pub async fn get_with(state: &AppState, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut builder = Request::get(path);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    request(state, builder.body(Body::empty()).unwrap()).await
}

/// GET `path` and insist on 200.
pub async fn get_ok(state: &AppState, path: &str) -> Reply {
    let reply = get(state, path).await;
    assert_status(&reply, StatusCode::OK);
    reply
}

pub fn assert_status(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "GET {} answered {}; body:\n{}", reply.path, reply.status, reply.body);
}

/// The repository's `content/`.
pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// A temporary copy of `content/` with `changes` applied: (file, new text), or
/// (file, None) to remove the file.
pub fn content_with(changes: &[(&str, Option<&str>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_tree(&content_dir(), dir.path());
    for (file, text) in changes {
        let path = dir.path().join(file);
        match text {
            Some(text) => std::fs::write(&path, text).expect("writing a changed file"),
            None => std::fs::remove_file(&path).expect("removing a file"),
        }
    }
    dir
}

/// Copies the folder `from` to `to`, with everything in it.
/// The `minimal` and `written/` fixtures in a new folder, with a news item
/// dated `day` ("Eco-innovation awards"), and `site_lines` (each ending in
/// a newline, such as `time_zone = "Asia/Seoul"\n`) added to `site.toml`.
pub fn written_with_news_of(day: aseic::site::Date, site_lines: &str) -> tempfile::TempDir {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("a folder");
    copy_tree(&fixtures.join("minimal"), dir.path());
    copy_tree(&fixtures.join("written"), dir.path());
    let item = format!("+++\ntitle = \"Eco-innovation awards\"\ndate = {}\n+++\nThe awards are open.\n", day.iso());
    std::fs::write(dir.path().join("news/awards.md"), item).expect("writing");
    let site = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
    let site = site.replacen("\nname = ", &format!("\n{site_lines}name = "), 1);
    std::fs::write(dir.path().join("site.toml"), site).expect("writing");
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("making a folder");
    for entry in std::fs::read_dir(from).expect("a folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copying");
        }
    }
}

/// A repository content file's text.
pub fn content_file(file: &str) -> String {
    std::fs::read_to_string(content_dir().join(file)).expect("reading content")
}

/// The repository's `site.toml` with no `[contact]` table, whether it has
/// one today or not.
pub fn site_toml_without_contact() -> String {
    let site = content_file("site.toml");
    let mut kept = Vec::new();
    let mut in_contact = false;
    for line in site.lines() {
        if line.trim_start().starts_with('[') {
            in_contact = line.trim() == "[contact]";
        }
        if !in_contact {
            kept.push(line);
        }
    }
    kept.join("\n") + "\n"
}
