//! The home page calls its news "Latest news" only while the newest item is
//! at most `latest_within_months` (`site.toml`) old on the site's day, and
//! "News" once it is older; the server knows when that changes.

mod common;

use std::path::Path;

use aseic::AppState;
use aseic::content::{ContentSource, load};
use aseic::site::{Date, SiteTimeZone};
use common::get_ok;

const ZONE: &str = "Asia/Seoul";

/// The `written/` fixture (news of 2011 and 2012) in Seoul's time, with a
/// news item dated `day`, and `settings` added to `site.toml`.
fn with_news_of(day: Date, settings: &str) -> tempfile::TempDir {
    common::written_with_news_of(day, &format!("time_zone = \"{ZONE}\"\n{settings}"))
}

fn state(dir: &Path) -> AppState {
    AppState::load(ContentSource::Dir(dir.to_owned())).unwrap_or_else(|e| panic!("{e}"))
}

/// The heading over the home page's news.
async fn news_heading(state: &AppState) -> String {
    let home = get_ok(state, "/").await;
    let headings = home.texts("main h2");
    assert!(home.text("main").contains("Eco-innovation awards"), "the item is on the home page");
    headings.into_iter().find(|h| h.contains("News") || h.contains("news")).expect("a heading over the news")
}

fn seoul() -> SiteTimeZone {
    SiteTimeZone::named(ZONE).expect("in the database")
}

#[tokio::test]
async fn news_of_today_is_the_latest_news_until_twelve_months_have_passed() {
    let today = seoul().today();
    let state = state(with_news_of(today, "").path());
    assert_eq!(news_heading(&state).await, "Latest news");
    // The server loads the content again when the item is twelve months
    // and a day old, in Seoul, so that the heading changes with no restart.
    let site = &state.current.load().sites[0];
    let until = site.latest_news_until.expect("it stops being the latest");
    assert_eq!(Some(until), seoul().start_of(today.months_later(12).next_day()));
    assert_eq!(site.next_reload(), Some(until));
}

#[tokio::test]
async fn news_older_than_the_setting_is_news() {
    let today = seoul().today();
    let two_years_ago = Date::new(today.year - 2, today.month, 1).expect("a day");
    let state = state(with_news_of(two_years_ago, "").path());
    assert_eq!(news_heading(&state).await, "News");
    let site = &state.current.load().sites[0];
    assert_eq!(site.latest_news_until, None);
    assert_eq!(site.next_reload(), None);
}

#[tokio::test]
async fn the_site_s_news_of_2011_is_news_in_english_and_korean() {
    let state = common::built_in();
    let english = get_ok(&state, "/").await.texts("main h2");
    assert!(english.iter().any(|h| h == "News") && !english.iter().any(|h| h == "Latest news"), "{english:?}");
    let korean = get_ok(&state, "/ko/").await.texts("main h2");
    assert!(korean.iter().any(|h| h == "소식") && !korean.iter().any(|h| h == "최신 소식"), "{korean:?}");
}

#[tokio::test]
async fn the_setting_is_the_number_of_months() {
    let today = seoul().today();
    let two_years_ago = Date::new(today.year - 2, today.month, 1).expect("a day");
    let state = state(with_news_of(two_years_ago, "latest_within_months = 36\n").path());
    assert_eq!(news_heading(&state).await, "Latest news");
    let until = state.current.load().sites[0].latest_news_until.expect("until it is 36 months old");
    assert_eq!(Some(until), seoul().start_of(two_years_ago.months_later(36).next_day()));
    // A day past its last month is a day too old.
    let last_day = two_years_ago.months_later(1);
    let state = self::state(with_news_of(two_years_ago, "latest_within_months = 1\n").path());
    assert!(last_day < today);
    assert_eq!(news_heading(&state).await, "News");
}

#[test]
fn a_setting_that_is_no_number_of_months_is_a_problem_at_its_place() {
    for (value, column) in [("0", 24), ("601", 24), ("-3", 24)] {
        let dir = with_news_of(Date::new(2012, 1, 1).unwrap(), &format!("latest_within_months = {value}\n"));
        let written = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
        let line = written.lines().position(|l| l.starts_with("latest_within_months")).expect("the line") + 1;
        let problems = match load(&ContentSource::Dir(dir.path().to_owned())) {
            Ok(_) => panic!("loaded with latest_within_months = {value}"),
            Err(problems) => problems.to_string(),
        };
        let expected =
            format!("site.toml:{line}:{column}: `latest_within_months` is {value}, which is not a number of months");
        assert!(problems.contains(&expected), "{problems}");
        assert!(problems.contains("write a whole number from 1 to 600, such as 12"), "{problems}");
    }
}
