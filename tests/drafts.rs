//! One editor's draft never blocks another's fix: a draft's problems are
//! told, marked as a draft's, and the rest of the site is published.

mod common;

use std::path::Path;

use aseic::AppState;
use aseic::content::ContentSource;
use axum::http::StatusCode;
use common::server::aseic;
use common::{assert_status, copy_tree, get, get_ok};

/// The `written/` fixture, whose draft `/programme/2027` links to a TODO,
/// and a second draft whose front matter does not parse.
fn with_broken_drafts() -> tempfile::TempDir {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("a folder");
    copy_tree(&fixtures.join("minimal"), dir.path());
    copy_tree(&fixtures.join("written"), dir.path());
    let draft = dir.path().join("pages/programme/2027.md");
    let text = std::fs::read_to_string(&draft).expect("the draft");
    assert!(text.contains("draft = true"), "{text}");
    std::fs::write(&draft, format!("{text}\nSee [the plan](TODO).\n")).expect("writing");
    let half = "+++\ntitle = \"Half written\n# draft = false\n  draft   = true # for now\n+++\nText.\n";
    std::fs::write(dir.path().join("pages/half.md"), half).expect("writing");
    dir
}

#[test]
fn check_passes_when_only_drafts_have_problems_and_says_so() {
    let dir = with_broken_drafts();
    let output = aseic().args(["check", "--content"]).arg(dir.path()).output().expect("runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains(": OK"), "{stdout}");
    assert!(stderr.contains("pages/programme/2027.md:"), "{stderr}");
    assert!(stderr.contains("(a draft) the link \"TODO\" leads nowhere"), "{stderr}");
    assert!(stderr.contains("pages/half.md:2:22: (a draft) invalid basic string"), "{stderr}");
    assert!(
        stderr.contains("2 problems in drafts (pages/half.md, pages/programme/2027.md): only drafts have problems"),
        "{stderr}"
    );
}

#[test]
fn a_published_page_s_problem_still_fails_and_the_drafts_are_marked() {
    let dir = with_broken_drafts();
    let contact = std::fs::read_to_string(dir.path().join("pages/contact.md")).expect("the page");
    std::fs::write(dir.path().join("pages/contact.md"), contact.replace("(/asem#summits)", "(/asem#sumits)"))
        .expect("writing");
    let output = aseic().args(["check", "--content"]).arg(dir.path()).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pages/contact.md:") && !stderr.contains("pages/contact.md:2:1: (a draft)"), "{stderr}");
    assert!(stderr.contains("(a draft) the link \"TODO\""), "{stderr}");
}

#[tokio::test]
async fn the_site_is_published_without_the_broken_drafts() {
    let dir = with_broken_drafts();
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    get_ok(&state, "/contact").await;
    assert_status(&get(&state, "/programme/2027").await, StatusCode::NOT_FOUND);
    assert_status(&get(&state, "/half").await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_preview_shows_the_drafts_problems_marked_as_a_draft_s() {
    let dir = with_broken_drafts();
    let state = AppState::load_with(ContentSource::Dir(dir.path().to_owned()), true).unwrap_or_else(|e| panic!("{e}"));
    let page = get_ok(&state, "/").await;
    let banner = page.texts("[role=alert]").join("\n");
    assert!(banner.contains("A draft has problems"), "{banner}");
    assert!(banner.contains("(a draft) the link \"TODO\""), "{banner}");
    // The draft that could be built is shown; the one that could not is not.
    assert_eq!(get_ok(&state, "/programme/2027").await.text("h1"), "Programme 2027");
    assert_status(&get(&state, "/half").await, StatusCode::NOT_FOUND);
}

#[test]
fn a_broken_translation_of_a_draft_stops_nothing_either() {
    let plan = "+++\ntitle = \"Plan\"\ndraft = true\n+++\nText.\n";
    let broken = "+++\ntitle = 5\n+++\n본문.\n";
    let dir = common::content_with(&[("pages/plan.md", Some(plan)), ("ko/pages/plan.md", Some(broken))]);
    let checked = aseic::content::load_checked(&ContentSource::Dir(dir.path().to_owned()), false)
        .unwrap_or_else(|e| panic!("{e}"));
    let problems: Vec<String> = checked.draft_problems.iter().map(ToString::to_string).collect();
    assert!(problems.iter().any(|p| p.starts_with("ko/pages/plan.md:2:9: (a draft)")), "{problems:?}");
}
