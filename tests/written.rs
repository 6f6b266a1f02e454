//! Pages and news that editors write in Markdown, and the media they show,
//! as visitors get them: rendered, listed, in the feed, the sitemap and
//! search, and redirected from their old addresses.

mod common;

use std::path::Path;

use aseic::AppState;
use aseic::content::ContentSource;
use axum::http::{StatusCode, header};
use common::{assert_status, copy_tree, get, get_ok, get_with};

/// The `written/` fixture laid over `minimal/`.
fn written() -> tempfile::TempDir {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("a folder");
    copy_tree(&fixtures.join("minimal"), dir.path());
    copy_tree(&fixtures.join("written"), dir.path());
    dir
}

fn state(dir: &Path) -> AppState {
    AppState::load(ContentSource::Dir(dir.to_owned())).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_markdown_page_is_served_at_its_path_with_its_headings_table_image_and_links() {
    let dir = written();
    let state = state(dir.path());
    let reply = get_ok(&state, "/contact").await;
    assert_eq!(reply.text("h1"), "Contact");
    assert_eq!(reply.text("head > title"), "Contact | ASEIC");
    assert_eq!(
        reply.attrs("meta[name=description]", "content"),
        ["How to reach the secretariat, and where to find it."]
    );
    assert_eq!(reply.text("main .meta"), "Last updated 1 November 2026");
    assert_eq!(reply.attrs("main time", "datetime"), ["2026-11-01"]);
    assert_eq!(reply.attrs("main h2", "id"), ["where-we-are"]);
    assert_eq!(reply.attrs("main td", "data-label"), ["Day", "Hours"]);
    let src = reply.attrs("main img", "src");
    assert!(src.len() == 1 && src[0].starts_with("/media/launch.") && src[0].ends_with(".png"), "{src:?}");
    assert_eq!(reply.attrs("main img", "alt"), ["The secretariat's building"]);
    assert_eq!(
        (reply.attrs("main img", "width"), reply.attrs("main img", "height")),
        (vec!["64".to_owned()], vec!["40".to_owned()])
    );
    let links = reply.attrs("main a", "href");
    for expected in
        ["/asem#summits", "mailto:secretariat@example.org", "https://www.oecd.org/", "/news/launch#the-ceremony"]
    {
        assert!(links.iter().any(|l| l == expected), "{expected} in {links:?}");
    }
    assert!(reply.texts("main em").contains(&"eco-innovation".to_owned()));

    let image = get_with(&state, &src[0], &[("accept-encoding", "gzip, br")]).await;
    assert_status(&image, StatusCode::OK);
    assert_eq!(image.header(header::CONTENT_TYPE), "image/png");
    assert_eq!(image.header(header::CACHE_CONTROL), "public, max-age=31536000, immutable");
    assert!(image.headers.get(header::CONTENT_ENCODING).is_none(), "a PNG is sent as it is");
    assert!(image.bytes.starts_with(b"\x89PNG"));
    let diagram = get_ok(&state, &get_ok(&state, "/news/launch").await.attrs("main img", "src")[0]).await;
    assert_eq!(diagram.header(header::CONTENT_TYPE), "image/svg+xml");
}

#[tokio::test]
async fn old_addresses_redirect_and_drafts_are_404() {
    let dir = written();
    let state = state(dir.path());
    let moved = get(&state, "/contact-us?from=card").await;
    assert_status(&moved, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(moved.header(header::LOCATION), "/contact?from=card");
    assert_status(&get(&state, "/programme/2027").await, StatusCode::NOT_FOUND);
    let sitemap = get_ok(&state, "/sitemap.xml").await.body;
    assert!(!sitemap.contains("/programme/2027"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://www.aseic.org/contact</loc><lastmod>2026-11-01</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://www.aseic.org/news/launch</loc><lastmod>2011-06-15</lastmod>"), "{sitemap}");
    assert!(
        get_ok(&state, "/search?q=programme").await.texts("ol.results li > a").iter().all(|t| t != "Programme 2027")
    );
    assert!(get_ok(&state, "/contact?utm=1").await.text("h1") == "Contact", "a page answers with a query too");
}

#[tokio::test]
async fn the_news_is_listed_ten_to_a_page_newest_first_and_the_home_page_shows_three() {
    let dir = written();
    let state = state(dir.path());
    let first = get_ok(&state, "/news").await;
    let titles = first.texts("main .news-list h2");
    assert_eq!(titles.len(), 10);
    assert_eq!(titles[0], "News item 11");
    assert_eq!(first.attrs(".pagination a", "href"), ["/news/page/2"]);
    assert_eq!(first.text(".pagination p"), "Page 1 of 2");
    let second = get_ok(&state, "/news/page/2").await;
    assert_eq!(second.texts("main .news-list h2"), ["News item 1", "ASEIC opens in Seoul"]);
    assert_eq!(second.attrs(".pagination a", "href"), ["/news"]);
    assert_status(&get(&state, "/news/page/3").await, StatusCode::NOT_FOUND);
    let item = get_ok(&state, "/news/launch").await;
    assert_eq!(item.text("h1"), "ASEIC opens in Seoul");
    assert_eq!(item.attrs("main h1 + .meta time", "datetime"), ["2011-06-15"]);
    let home = get_ok(&state, "/").await;
    assert_eq!(home.texts("main .news-list h3"), ["News item 11", "News item 10", "News item 9"]);
    for page in ["/", "/contact", "/news", "/asem"] {
        let reply = get_ok(&state, page).await;
        assert_eq!(
            reply.attrs("link[rel=alternate][type='application/atom+xml']", "href"),
            ["/news/atom.xml"],
            "{page}"
        );
    }
    let found = get_ok(&state, "/search?q=ceremony").await;
    assert_eq!(found.attrs("ol.results li > a", "href").first().map(String::as_str), Some("/news/launch"));
}

#[tokio::test]
async fn the_feed_is_atom_with_absolute_ids_and_dates() {
    let dir = written();
    let state = state(dir.path());
    let reply = get_ok(&state, "/news/atom.xml").await;
    assert_eq!(reply.header(header::CONTENT_TYPE), "application/atom+xml; charset=utf-8");
    assert_eq!(common::atom::problems(&reply.body), Vec::<String>::new(), "the feed is valid Atom");
    let feed = roxmltree::Document::parse(&reply.body).expect("well-formed XML");
    let root = feed.root_element();
    assert_eq!((root.tag_name().name(), root.tag_name().namespace()), ("feed", Some("http://www.w3.org/2005/Atom")));
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children().find(|c| c.tag_name().name() == name).and_then(|c| c.text()).unwrap_or("").to_owned()
    };
    assert_eq!(child(root, "id"), "https://www.aseic.org/news/atom.xml");
    assert_eq!(child(root, "updated"), "2012-01-11T00:00:00Z");
    let entries: Vec<_> = root.children().filter(|c| c.tag_name().name() == "entry").collect();
    assert_eq!(entries.len(), 12);
    for entry in entries {
        let id = child(entry, "id");
        assert!(id.starts_with("https://www.aseic.org/news/"), "{id}");
        let updated = child(entry, "updated");
        assert!(updated.len() == 20 && updated.ends_with("T00:00:00Z"), "{updated}");
        let link = entry.children().find(|c| c.tag_name().name() == "link").expect("a link");
        assert_eq!(link.attribute("href"), Some(id.as_str()));
        assert!(!child(entry, "title").is_empty());
    }
}

#[test]
fn the_feed_validator_finds_what_rfc_4287_forbids() {
    let valid = r#"<feed xmlns="http://www.w3.org/2005/Atom"><id>https://a.org/f</id><title>F</title>
        <updated>2011-06-15T00:00:00Z</updated><author><name>A</name></author><link rel="self" href="https://a.org/f"/>
        <entry><id>https://a.org/1</id><title>E</title><updated>2011-06-15T00:00:00Z</updated>
        <link href="https://a.org/1"/></entry></feed>"#;
    assert_eq!(common::atom::problems(valid), Vec::<String>::new());
    let broken = valid
        .replace("<id>https://a.org/1</id>", "<id>/news/1</id>")
        .replace("2011-06-15T00:00:00Z</updated><author", "15 June 2011</updated><author");
    let found = common::atom::problems(&broken);
    assert!(found.iter().any(|p| p.contains("not an absolute IRI")), "{found:?}");
    assert!(found.iter().any(|p| p.contains("not an RFC 3339 date")), "{found:?}");
    assert!(!common::atom::problems("<feed>").is_empty());
}
