//! The editors' preview: drafts with a label, the content's problems on
//! every page while it is broken, and pages that reload themselves through
//! the one script the site has, allowed by its hash.

mod common;

use std::path::Path;

use aseic::AppState;
use aseic::content::ContentSource;
use axum::body::Body;
use axum::http::{Request, header};
use base64::Engine as _;
use common::{copy_tree, get_ok, get_with};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use tower::ServiceExt;

fn written() -> tempfile::TempDir {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("a folder");
    for part in ["minimal", "written"] {
        copy_tree(&fixtures.join(part), dir.path());
    }
    dir
}

fn preview(dir: &Path) -> AppState {
    AppState::load_with(ContentSource::Dir(dir.to_owned()), true).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn the_preview_shows_drafts_with_a_label() {
    let dir = written();
    let state = preview(dir.path());
    let draft = get_ok(&state, "/programme/2027").await;
    assert_eq!(draft.text("h1"), "Programme 2027");
    assert!(draft.text(".draft-label").starts_with("Draft:"), "{}", draft.body);
    assert!(get_ok(&state, "/sitemap.xml").await.body.contains("/programme/2027"));
}

#[tokio::test]
async fn every_page_lists_the_problems_while_the_content_is_broken() {
    let dir = written();
    let state = preview(dir.path());
    assert!(get_ok(&state, "/").await.texts("[role=alert]").is_empty(), "no banner while all is well");
    let contact = std::fs::read_to_string(dir.path().join("pages/contact.md")).expect("the page");
    std::fs::write(dir.path().join("pages/contact.md"), contact.replace("(/asem#summits)", "(/asem#sumits)"))
        .expect("writing");
    let error = state.reload().expect_err("a broken link");
    for path in ["/", "/contact", "/members/korea", "/news"] {
        // Asked for compressed, as browsers do: the preview sends it plain, banner and all.
        let page = get_with(&state, path, &[("accept-encoding", "br, gzip")]).await;
        let banner = page.text("main > [role=alert] pre");
        assert_eq!(banner, common::fold(&error.to_string()), "{path}");
        assert!(banner.starts_with("pages/contact.md:8:1:"), "{path}: {banner}");
        assert!(banner.contains("/asem has no heading or place called #sumits"), "{banner}");
    }
    std::fs::write(dir.path().join("pages/contact.md"), contact).expect("writing");
    state.reload().expect("fixed");
    assert!(get_ok(&state, "/").await.texts("[role=alert]").is_empty(), "the banner goes with the problem");
}

#[tokio::test]
async fn pages_carry_one_script_allowed_by_its_hash_and_hear_of_each_reload() {
    let dir = written();
    let state = preview(dir.path());
    let page = get_ok(&state, "/contact").await;
    let scripts = page.texts("script");
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(scripts[0].as_bytes()));
    let policy = page.header(header::CONTENT_SECURITY_POLICY);
    assert!(policy.contains(&format!("script-src 'sha256-{hash}'")), "{policy}");
    assert!(policy.contains("default-src 'none'") && !policy.contains("unsafe-inline"), "{policy}");
    assert!(scripts[0].contains("/_preview/events"));

    let request = Request::get("/_preview/events").header(header::HOST, "localhost").body(Body::empty()).unwrap();
    let response = aseic::app(state.clone()).oneshot(request).await.expect("an answer");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = response.into_body();
    let reloader = state.clone();
    tokio::task::spawn_blocking(move || reloader.reload().expect("the content reloads"));
    let frame = tokio::time::timeout(common::PATIENCE, body.frame()).await.expect("an event in time");
    let data = frame.expect("a frame").expect("readable").into_data().expect("data");
    assert_eq!(String::from_utf8_lossy(&data), "data: reloaded\n\n");
}

#[tokio::test]
async fn without_the_preview_there_is_no_script_and_no_event_stream() {
    let dir = written();
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).expect("loads");
    assert!(get_ok(&state, "/contact").await.texts("script").is_empty());
    assert_eq!(common::get(&state, "/_preview/events").await.status, axum::http::StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_preview_starts_on_broken_content_with_the_problems_on_every_page() {
    let dir = written();
    let contact = std::fs::read_to_string(dir.path().join("pages/contact.md")).expect("the page");
    std::fs::write(dir.path().join("pages/contact.md"), contact.replace("title = \"Contact\"", "title = 5"))
        .expect("writing");
    assert!(AppState::load(ContentSource::Dir(dir.path().to_owned())).is_err(), "a plain serve refuses it");
    let state = AppState::preview(ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    for address in ["/", "/asem", "/news"] {
        let banner = get_ok(&state, address).await.texts("[role=alert]").join("\n");
        assert!(banner.contains("pages/contact.md:2:9"), "{address}: {banner}");
    }
    // The built-in content is behind the problems, until the fix is saved.
    assert!(get_ok(&state, "/asem").await.text("main").contains("1996"));
    std::fs::write(dir.path().join("pages/contact.md"), contact).expect("writing");
    state.reload().expect("the fixed content loads");
    assert!(get_ok(&state, "/").await.texts("[role=alert]").is_empty());
    assert_eq!(get_ok(&state, "/contact").await.text("h1"), "Contact");
}

#[test]
fn serve_preview_starts_on_broken_content_and_plain_serve_does_not() {
    let dir = written();
    std::fs::write(dir.path().join("asem.toml"), "founded = \n").expect("writing");
    let folder = dir.path().to_str().expect("a UTF-8 path");
    let output =
        common::server::aseic().args(["serve", "--addr", "127.0.0.1:0", "--content", folder]).output().expect("runs");
    assert!(!output.status.success(), "a plain serve refuses broken content");
    let server = common::server::Server::start(&["serve", "--preview", "--addr", "127.0.0.1:0", "--content", folder]);
    let page = server.get("/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("asem.toml:1:"), "{page}");
}
