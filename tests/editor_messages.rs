//! What an editor is told, and what then works on the site: the first
//! mistake of a front matter by line, Markdown in a title, headings that
//! skip a level or are written in Korean, aliases, a `.MD` page, alternative
//! text that says nothing, and how many items the feed holds.

mod common;

use std::path::Path;

use aseic::AppState;
use aseic::content::{ContentSource, load};
use axum::http::{StatusCode, header};
use common::{assert_status, copy_tree, get, get_ok};

/// The `written/` fixture with `files` written as given.
fn written_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("a folder");
    copy_tree(&fixtures.join("minimal"), dir.path());
    copy_tree(&fixtures.join("written"), dir.path());
    for (file, text) in files {
        std::fs::write(dir.path().join(file), text).expect("writing");
    }
    dir
}

fn problems(dir: &Path) -> String {
    match load(&ContentSource::Dir(dir.to_owned())) {
        Ok(_) => "the content loaded without a problem".to_owned(),
        Err(problems) => problems.to_string(),
    }
}

fn state(dir: &Path) -> AppState {
    AppState::load(ContentSource::Dir(dir.to_owned())).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_first_mistake_of_a_front_matter_is_the_first_by_line() {
    let dir =
        written_with(&[("pages/about.md", "+++\ntitle = 5\nsummary = \"About.\"\nauthor = \"me\"\n+++\nText.\n")]);
    let found = problems(dir.path());
    assert!(found.starts_with("pages/about.md:2:9: invalid type: integer `5`"), "{found}");
}

#[test]
fn markdown_in_a_title_or_summary_is_refused_with_the_plain_words() {
    let page = "+++\ntitle = \"A *new* programme\"\nsummary = \"See [the summits](/asem).\"\n+++\nText.\n";
    let dir = written_with(&[("pages/about.md", page)]);
    let found = problems(dir.path());
    assert!(found.contains("pages/about.md:2:9: `title` holds Markdown (*new*)"), "{found}");
    assert!(found.contains("write plain words: \"A new programme\""), "{found}");
    assert!(found.contains("pages/about.md:3:11: `summary` holds Markdown ([the summits](/asem))"), "{found}");
    assert!(found.ends_with("2 problems found in the content"), "{found}");
}

#[test]
fn a_heading_that_skips_a_level_is_a_problem_with_the_level_to_use() {
    let page = "+++\ntitle = \"About\"\n+++\n## Who we are\n\n#### Our board\n\n### Our staff\n";
    let dir = written_with(&[("pages/about.md", page)]);
    let found = problems(dir.path());
    assert!(found.starts_with("pages/about.md:6:1: the heading #### skips a level"), "{found}");
    assert!(found.contains("hint: write it as ###"), "{found}");
    assert!(found.ends_with("1 problem found in the content"), "{found}");
}

#[tokio::test]
async fn a_heading_in_korean_keeps_its_letters_in_its_id_and_a_link_to_it_works() {
    let page = "+++\ntitle = \"About\"\n+++\n## 연락처\n\nSee [below](#연락처) and [the other](/about#연락처).\n";
    let dir = written_with(&[("pages/about.md", page)]);
    let state = state(dir.path());
    let reply = get_ok(&state, "/about").await;
    assert_eq!(reply.attrs("main h2", "id"), ["연락처"]);
}

#[tokio::test]
async fn aliases_match_with_a_trailing_slash_and_may_be_old_addresses_under_the_site_s_folders() {
    let page = "+++\ntitle = \"Notice\"\naliases = [\"/news/notice.php\", \"/old-notice/\", \"/members/list.html\"]\n+++\nText.\n";
    let dir = written_with(&[("pages/notice.md", page)]);
    let state = state(dir.path());
    for old in ["/news/notice.php", "/old-notice", "/old-notice/", "/members/list.html"] {
        let reply = get(&state, old).await;
        assert_status(&reply, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(reply.header(header::LOCATION), "/notice", "{old}");
    }
    assert_status(&get(&state, "/news/other.php").await, StatusCode::NOT_FOUND);
}

#[test]
fn a_refused_alias_says_why() {
    for (alias, says) in [
        ("/members/korea", "is an address the site serves itself"),
        ("/asem", "is an address the site serves itself: one of its own pages"),
        ("/media/old.pdf", "its files and its API live there"),
        ("/news/a-slug", "an address it may give one of its own pages"),
        ("/old page", "holds a space"),
        ("/page.php?id=3", "holds a query (?…)"),
        ("/page#top", "holds an anchor (#…)"),
        ("old", "does not start with /"),
    ] {
        let page = format!("+++\ntitle = \"Notice\"\naliases = [\"{alias}\"]\n+++\nText.\n");
        let dir = written_with(&[("pages/notice.md", &page)]);
        let found = problems(dir.path());
        assert!(found.contains(says), "{alias}: {found}");
        assert!(found.ends_with("1 problem found in the content"), "{alias}: {found}");
    }
}

#[test]
fn a_page_ending_in_capital_md_is_a_problem_with_the_name_to_use() {
    let dir = written_with(&[("pages/about.MD", "+++\ntitle = \"About\"\n+++\nText.\n")]);
    let found = problems(dir.path());
    assert!(found.starts_with("pages/about.MD: the file ends in .MD, and the site reads only .md"), "{found}");
    assert!(found.contains("hint: rename it to about.md"), "{found}");
}

#[test]
fn alternative_text_that_is_a_file_name_or_image_is_warned_of() {
    let page = "+++\ntitle = \"About\"\n+++\n![launch.png](/media/launch.png)\n\n![Image](/media/launch.png)\n\n![The launch](/media/launch.png)\n";
    let dir = written_with(&[("pages/about.md", page)]);
    let site = load(&ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<&String> = site.warnings.iter().filter(|w| w.contains("alternative text")).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("pages/about.md:4:1: the image's alternative text \"launch.png\" is a file's name")
    );
    assert!(warnings[1].starts_with("pages/about.md:6:1: the image's alternative text \"Image\" names the kind"));
}

#[tokio::test]
async fn the_feed_holds_the_newest_twenty_items_or_feed_limit() {
    let mut files = Vec::new();
    for n in 13..=25 {
        files.push((
            format!("news/item-{n:02}.md"),
            format!("+++\ntitle = \"News item {n}\"\ndate = 2013-01-{n:02}\n+++\nItem {n}.\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect();
    let dir = written_with(&files);
    let feed = get_ok(&state(dir.path()), "/news/atom.xml").await.body;
    assert_eq!(feed.matches("<entry").count(), 20, "{feed}");
    // Newest first: the five oldest (the launch, items 1 to 4) are left out.
    assert!(
        feed.contains("News item 25<") && feed.contains("News item 5<") && !feed.contains("News item 4<"),
        "{feed}"
    );
    assert!(feed.contains("rel=\"alternate\" type=\"text/html\" href=\"https://www.aseic.org/news\""), "the archive");
    let site = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    std::fs::write(dir.path().join("site.toml"), site.replacen("\nname = ", "\nfeed_limit = 3\nname = ", 1)).unwrap();
    let feed = get_ok(&state(dir.path()), "/news/atom.xml").await.body;
    assert_eq!(feed.matches("<entry").count(), 3, "{feed}");
}

#[tokio::test]
async fn an_alias_in_hangul_matches_the_address_a_browser_sends() {
    let page = "+++\ntitle = \"Notice\"\naliases = [\"/공지\", \"/old%20notice\"]\n+++\nText.\n";
    let dir = written_with(&[("pages/notice.md", page)]);
    let state = state(dir.path());
    for old in ["/%EA%B3%B5%EC%A7%80", "/%ea%b3%b5%ec%a7%80/", "/old%20notice"] {
        let reply = get(&state, old).await;
        assert_status(&reply, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(reply.header(header::LOCATION), "/notice", "{old}");
    }
}
