//! A news item or page dated in the future is scheduled: left out of the
//! site, the feed, the sitemap and search until its day in the site's time
//! zone, shown in the preview with a label; the server knows when it is due.

mod common;

use std::path::Path;
use std::time::SystemTime;

use aseic::AppState;
use aseic::content::{ContentSource, load};
use aseic::site::{Date, SiteTimeZone};
use axum::http::StatusCode;
use common::{assert_status, get, get_ok};

/// The `written/` fixture in `time_zone`, with a news item and a page
/// dated `day`.
fn dated(day: Date, time_zone: &str) -> tempfile::TempDir {
    let dir = common::written_with_news_of(day, &format!("time_zone = \"{time_zone}\"\n"));
    let page = format!("+++\ntitle = \"Annual report\"\nupdated = {}\n+++\nThe report.\n", day.iso());
    std::fs::write(dir.path().join("pages/annual-report.md"), page).expect("writing");
    dir
}

fn state(dir: &Path, preview: bool) -> AppState {
    AppState::load_with(ContentSource::Dir(dir.to_owned()), preview).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn an_item_dated_in_the_future_waits_for_its_day_everywhere() {
    let dir = dated(Date::new(2099, 1, 1).unwrap(), "Asia/Seoul");
    let state = state(dir.path(), false);
    for address in ["/news/awards", "/annual-report"] {
        assert_status(&get(&state, address).await, StatusCode::NOT_FOUND);
    }
    for (address, selector) in [("/news", "main"), ("/", "main")] {
        let text = get_ok(&state, address).await.text(selector);
        assert!(!text.contains("Eco-innovation awards"), "{address}: {text}");
    }
    for address in ["/news/atom.xml", "/sitemap.xml"] {
        let body = get_ok(&state, address).await.body;
        assert!(!body.contains("awards") && !body.contains("annual-report"), "{address}: {body}");
    }
    let found = get_ok(&state, "/search?q=awards").await.text("main");
    assert!(!found.contains("Eco-innovation awards"), "{found}");
    // The server loads the content again at the start of that day in Seoul.
    let due = state.current.load().sites[0].next_publication.expect("a publication is due");
    let seoul = SiteTimeZone::named("Asia/Seoul").unwrap();
    assert_eq!(Some(due), seoul.start_of(Date::new(2099, 1, 1).unwrap()));
    assert_eq!(seoul.date_at(due), Date::new(2099, 1, 1).unwrap());
}

#[tokio::test]
async fn the_preview_shows_it_marked_scheduled_for_its_day() {
    let dir = dated(Date::new(2099, 1, 1).unwrap(), "Asia/Seoul");
    let state = state(dir.path(), true);
    let item = get_ok(&state, "/news/awards").await;
    assert_eq!(item.text(".draft-label"), "Scheduled for 1 January 2099: the site shows this news item from that day.");
    let page = get_ok(&state, "/annual-report").await;
    assert_eq!(page.text(".draft-label"), "Scheduled for 1 January 2099: the site shows this page from that day.");
}

#[tokio::test]
async fn the_day_is_the_day_in_the_site_s_time_zone() {
    // Kiritimati is 26 hours ahead of UTC-12: its today is always a day
    // still to come there, whatever the hour.
    let kiritimati = SiteTimeZone::named("Pacific/Kiritimati").unwrap().today();
    let shown = dated(kiritimati, "Pacific/Kiritimati");
    get_ok(&state(shown.path(), false), "/news/awards").await;
    let waiting = dated(kiritimati, "Etc/GMT+12");
    let state = state(waiting.path(), false);
    assert_status(&get(&state, "/news/awards").await, StatusCode::NOT_FOUND);
    let due = state.current.load().sites[0].next_publication.expect("due");
    assert!(due > SystemTime::now(), "due later");
}

#[test]
fn an_unknown_time_zone_is_a_problem_with_the_names_to_write() {
    let dir = dated(Date::new(2099, 1, 1).unwrap(), "Asia/Nowhere");
    let problems = match load(&ContentSource::Dir(dir.path().to_owned())) {
        Ok(_) => panic!("loaded"),
        Err(problems) => problems.to_string(),
    };
    assert!(problems.contains("site.toml:") && problems.contains("`time_zone` is \"Asia/Nowhere\""), "{problems}");
    assert!(problems.contains("such as \"Asia/Seoul\""), "{problems}");
}

#[test]
fn a_link_to_a_scheduled_item_says_it_is_scheduled() {
    let dir = dated(Date::new(2099, 1, 1).unwrap(), "Asia/Seoul");
    let contact = std::fs::read_to_string(dir.path().join("pages/contact.md")).expect("the page");
    std::fs::write(dir.path().join("pages/contact.md"), format!("{contact}\nSee [the awards](/news/awards).\n"))
        .expect("writing");
    let problems = match load(&ContentSource::Dir(dir.path().to_owned())) {
        Ok(_) => panic!("loaded"),
        Err(problems) => problems.to_string(),
    };
    assert!(problems.contains("the link leads to /news/awards, which is scheduled for 2099-01-01"), "{problems}");
    assert!(!problems.contains("draft = true"), "{problems}");
}
