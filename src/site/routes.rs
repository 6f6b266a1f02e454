//! Every address of the site, named once. The router, the metrics' labels,
//! the content checks (which paths a menu may name) and the links the
//! pages make all come from here.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use unicode_normalization::UnicodeNormalization;

/// The pages and files of the site, by kind. A route with a parameter
/// (`{slug}`, `{name}`) stands for many paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    Home,
    Asem,
    Members,
    Partner,
    EcoInnovation,
    Sme,
    SmeCheck,
    Search,
    Accessibility,
    Sitemap,
    Robots,
    /// The icon at the address browsers ask for when a document names none
    /// (robots.txt, the feed, the open data).
    Favicon,
    MembersCsv,
    MembersJson,
    SummitsJson,
    SmeCheckApi,
    Healthz,
    Asset,
    News,
    NewsItem,
    NewsPage,
    Feed,
    Media,
    /// A page written in Markdown, at a path of its own: no router pattern,
    /// so its label is the metrics' alone.
    Page,
}

pub const HOME: &str = "/";
pub const ASEM: &str = "/asem";
pub const MEMBERS: &str = "/members";
pub const PARTNER: &str = "/members/{slug}";
pub const ECO_INNOVATION: &str = "/eco-innovation";
pub const SME: &str = "/sme";
pub const SME_CHECK: &str = "/sme/check";
pub const SEARCH: &str = "/search";
/// The addresses whose query the access log writes: searches and the
/// directory's filters. It leaves out every other query, for one may hold
/// a company's figures, sent to the SME check or to a mistyped address of it.
pub const LOGGED_QUERIES: [&str; 2] = [SEARCH, MEMBERS];
pub const ACCESSIBILITY: &str = "/accessibility";
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
pub const FAVICON: &str = "/favicon.ico";
pub const MEMBERS_CSV: &str = "/members.csv";
pub const MEMBERS_JSON: &str = "/api/members.json";
pub const SUMMITS_JSON: &str = "/api/summits.json";
pub const SME_CHECK_API: &str = "/api/sme-check";
pub const HEALTHZ: &str = "/healthz";
pub const ASSET: &str = "/static/{name}";
pub const NEWS: &str = "/news";
pub const NEWS_ITEM: &str = "/news/{slug}";
pub const NEWS_PAGE: &str = "/news/page/{number}";
pub const FEED: &str = "/news/atom.xml";
pub const MEDIA: &str = "/media/{name}";
pub const PAGE: &str = "/{page}";

impl Route {
    /// Every route, in the order the metrics list them.
    pub const ALL: [Route; 24] = [
        Route::Home,
        Route::Asem,
        Route::Members,
        Route::Partner,
        Route::EcoInnovation,
        Route::Sme,
        Route::SmeCheck,
        Route::Search,
        Route::Accessibility,
        Route::Healthz,
        Route::Sitemap,
        Route::Robots,
        Route::Favicon,
        Route::MembersCsv,
        Route::MembersJson,
        Route::SummitsJson,
        Route::SmeCheckApi,
        Route::Asset,
        Route::News,
        Route::NewsItem,
        Route::NewsPage,
        Route::Feed,
        Route::Media,
        Route::Page,
    ];

    /// Its pattern, as the router writes it: `/asem`, `/members/{slug}`.
    pub const fn pattern(self) -> &'static str {
        match self {
            Route::Home => HOME,
            Route::Asem => ASEM,
            Route::Members => MEMBERS,
            Route::Partner => PARTNER,
            Route::EcoInnovation => ECO_INNOVATION,
            Route::Sme => SME,
            Route::SmeCheck => SME_CHECK,
            Route::Search => SEARCH,
            Route::Accessibility => ACCESSIBILITY,
            Route::Sitemap => SITEMAP,
            Route::Robots => ROBOTS,
            Route::Favicon => FAVICON,
            Route::MembersCsv => MEMBERS_CSV,
            Route::MembersJson => MEMBERS_JSON,
            Route::SummitsJson => SUMMITS_JSON,
            Route::SmeCheckApi => SME_CHECK_API,
            Route::Healthz => HEALTHZ,
            Route::Asset => ASSET,
            Route::News => NEWS,
            Route::NewsItem => NEWS_ITEM,
            Route::NewsPage => NEWS_PAGE,
            Route::Feed => FEED,
            Route::Media => MEDIA,
            Route::Page => PAGE,
        }
    }

    /// Whether it is one HTML page, which a menu or a footer may link to.
    pub const fn is_page(self) -> bool {
        matches!(
            self,
            Route::Home
                | Route::Asem
                | Route::Members
                | Route::EcoInnovation
                | Route::Sme
                | Route::SmeCheck
                | Route::Search
                | Route::Accessibility
                | Route::News
        )
    }

    /// The route whose pattern is `pattern`.
    pub fn from_pattern(pattern: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|route| route.pattern() == pattern)
    }

    /// Its place in `ALL`.
    pub fn index(self) -> usize {
        Route::ALL.iter().position(|r| *r == self).expect("ALL lists every route")
    }

    /// The path of one of its pages: the pattern with its parameter filled in.
    fn with(self, value: &str) -> String {
        format!("{}{value}", self.prefix())
    }

    /// The value of its parameter in `path`, if `path` is one of its pages.
    fn parameter(self, path: &str) -> Option<&str> {
        path.strip_prefix(self.prefix()).filter(|value| !value.is_empty() && !value.contains('/'))
    }

    /// The part of its pattern before a parameter, if it has one and is not
    /// the Markdown pages' catch-all: `/members/` for `/members/{slug}`.
    fn prefix_if_parameter(self) -> Option<&'static str> {
        (self.pattern().contains('{') && self != Route::Page).then(|| self.prefix())
    }

    /// The part of its pattern before the parameter.
    fn prefix(self) -> &'static str {
        let pattern = self.pattern();
        &pattern[..pattern.find('{').expect("a route with a parameter")]
    }
}

/// The paths of the single pages a menu may name, in route order.
pub fn page_paths() -> impl Iterator<Item = &'static str> {
    Route::ALL.into_iter().filter(|r| r.is_page()).map(Route::pattern)
}

/// Where the API's addresses start: they answer JSON, errors included.
pub const API_PREFIX: &str = "/api/";

/// Whether `path` is one of the API's: its errors are JSON, not pages.
pub fn is_api(path: &str) -> bool {
    path.starts_with(API_PREFIX)
}

/// `/members/korea`.
pub fn partner(slug: &str) -> String {
    Route::Partner.with(slug)
}

/// `/static/style.0123456789abcdef.css`.
pub fn asset(fingerprinted: &str) -> String {
    Route::Asset.with(fingerprinted)
}

/// `summit-5`: the id of a summit's place on the ASEM page.
pub fn summit_fragment(number: i64) -> String {
    format!("summit-{number}")
}

/// The fingerprinted name in `path`, if it is an asset's path.
pub fn asset_name(path: &str) -> Option<&str> {
    Route::Asset.parameter(path)
}

/// The partner's slug in `path`, if it is a partner's page.
pub fn partner_slug(path: &str) -> Option<&str> {
    Route::Partner.parameter(path)
}

/// `/news/launch`.
pub fn news_item(slug: &str) -> String {
    Route::NewsItem.with(slug)
}

/// `/news` for the first page of the news, `/news/page/2` for the next.
pub fn news_page(number: usize) -> String {
    if number <= 1 { NEWS.to_owned() } else { Route::NewsPage.with(&number.to_string()) }
}

/// The characters a browser percent-encodes in a path (the WHATWG URL
/// standard's path percent-encode set), and `%` itself: a media file may
/// be named `our building.jpg` or `사무실.jpg`.
const PATH_ENCODED: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}').add(b'%');

/// `/media/launch.0123456789abcdef.jpg`, as a browser asks for it: a name
/// beyond ASCII letters is percent-encoded (`/media/caf%C3%A9.jpg`).
pub fn media(name: &str) -> String {
    Route::Media.with(&utf8_percent_encode(name, PATH_ENCODED).to_string())
}

/// The media file's name in `path`, if it is a media file's path as an
/// editor writes it (`/media/launch.jpg` → `launch.jpg`), decoded
/// (`/media/our%20building.jpg` → `our building.jpg`) and in Unicode's
/// composed form (NFC), as file names are kept, whatever form the editor's
/// keyboard or system wrote.
pub fn media_name(path: &str) -> Option<String> {
    let name = Route::Media.parameter(path)?;
    let decoded = percent_decode_str(name).decode_utf8().unwrap_or(std::borrow::Cow::Borrowed(name));
    Some(decoded.nfc().collect())
}

/// `path` written as the site writes its own addresses, if that differs:
/// percent-encoded where a browser would encode, decoded elsewhere, in
/// Unicode's composed form (`/media/caf%c3%a9.jpg` and
/// `/media/cafe%CC%81.jpg` are `/media/caf%C3%A9.jpg`).
pub fn canonical(path: &str) -> Option<String> {
    if !path.contains('%') {
        return None;
    }
    percent_decode_str(path).decode_utf8().ok()?;
    let canonical = as_requested(path);
    (canonical != path).then_some(canonical)
}

/// `path` (as an editor writes it: `/공지`, `/old%20page`) as a browser
/// asks for it: decoded, in Unicode's composed form, then percent-encoded
/// where a browser encodes (`/%EA%B3%B5%EC%A7%80`, `/old%20page`).
pub fn as_requested(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8().unwrap_or(std::borrow::Cow::Borrowed(path));
    let composed: String = decoded.nfc().collect();
    utf8_percent_encode(&composed, PATH_ENCODED).to_string()
}

/// What the site serves at `path` itself, in words, if it may: a page of
/// its own (`/asem`), or a place where its own addresses are made from
/// names (`/news/SLUG`, `/members/SLUG`, `/media/…`, `/static/…`,
/// `/api/…`). An old address such as `/news/notice.php`, which no news
/// item's name can make, is free to be an alias.
pub fn served_at(path: &str) -> Option<&'static str> {
    if Route::ALL.iter().any(|route| route.pattern() == path && *route != Route::Page) {
        return Some("one of its own pages");
    }
    if [Route::Media.prefix(), Route::Asset.prefix(), API_PREFIX].iter().any(|prefix| path.starts_with(prefix)) {
        return Some("its files and its API live there");
    }
    let named = Route::ALL.iter().filter_map(|route| route.prefix_if_parameter()).any(|prefix| {
        path.strip_prefix(prefix).is_some_and(|name| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
    });
    named.then_some("an address it may give one of its own pages (a news item, a partner)")
}

/// The paths no Markdown page may take, beside the routes' own: each
/// route's folder (`/members/…`, `/news/…`) and the API's.
pub fn is_reserved(path: &str) -> bool {
    Route::ALL.iter().any(|route| route.pattern() == path && *route != Route::Page)
        || reserved_folders().iter().any(|prefix| path.starts_with(prefix))
}

/// The folders whose addresses are all the site's own: `/members/`,
/// `/news/`, `/api/` and the like, each once, in order.
pub fn reserved_folders() -> Vec<&'static str> {
    let mut folders: Vec<&'static str> = Route::ALL.iter().filter_map(|r| r.prefix_if_parameter()).collect();
    folders.push(API_PREFIX);
    folders.sort_unstable();
    // Each folder once, and none inside another (`/news/page/`).
    folders.dedup_by(|inner, outer| inner.starts_with(*outer));
    folders
}

/// Whether `address` (a path of the site, perhaps with a query or an
/// anchor) has a version in each language. Every page has; the API, the
/// open data, the sitemap, robots.txt, media and styles are the same in
/// all of them.
pub fn is_localized(address: &str) -> bool {
    if !address.starts_with('/') || address.starts_with("//") {
        return false;
    }
    let path = address.split(['?', '#']).next().unwrap_or_default();
    let shared = [SITEMAP, ROBOTS, FAVICON, MEMBERS_CSV, HEALTHZ];
    let shared_folder = [API_PREFIX, Route::Asset.prefix(), Route::Media.prefix()];
    !shared.contains(&path) && !shared_folder.iter().any(|folder| path.starts_with(folder))
}

/// `/asem#summit-5`: a summit's place on the ASEM page.
pub fn summit(number: i64) -> String {
    format!("{ASEM}#{}", summit_fragment(number))
}

/// `/members#asia`: a region's table in the directory.
pub fn region(slug: &str) -> String {
    format!("{MEMBERS}#{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_has_its_own_pattern() {
        for route in Route::ALL {
            assert_eq!(Route::from_pattern(route.pattern()), Some(route));
            assert_eq!(Route::ALL[route.index()], route);
        }
        assert_eq!(Route::from_pattern("/nope"), None);
    }

    #[test]
    fn the_api_s_routes_are_under_its_prefix() {
        for route in [Route::SmeCheckApi, Route::MembersJson, Route::SummitsJson] {
            assert!(is_api(route.pattern()), "{route:?}");
        }
        assert!(!is_api(ASEM) && !is_api("/apiary"));
    }

    #[test]
    fn paths_with_a_parameter() {
        assert_eq!(partner("korea"), "/members/korea");
        assert_eq!(asset("style.0123.css"), "/static/style.0123.css");
        assert_eq!(asset_name("/static/style.0123.css"), Some("style.0123.css"));
        assert_eq!(asset_name("/asem"), None);
        assert_eq!(partner_slug("/members/korea"), Some("korea"));
        assert_eq!(partner_slug("/members/"), None);
        assert_eq!(partner_slug("/members/a/b"), None);
        assert_eq!(summit(5), "/asem#summit-5");
        assert_eq!(region("asia"), "/members#asia");
    }

    #[test]
    fn pages_have_a_version_in_each_language_and_shared_files_do_not() {
        for page in ["/", "/asem", "/members/korea", "/news/atom.xml", "/search?q=x", "/history#agreed"] {
            assert!(is_localized(page), "{page}");
        }
        for shared in ["/api/sme-check", "/members.csv", "/static/a.css", "/media/a.png", "/robots.txt", "//x", "x"] {
            assert!(!is_localized(shared), "{shared}");
        }
    }

    #[test]
    fn the_pages_a_menu_may_name() {
        let pages: Vec<&str> = page_paths().collect();
        assert!(pages.contains(&"/") && pages.contains(&"/accessibility") && pages.contains(&"/sme/check"));
        assert!(!pages.contains(&"/members/{slug}") && !pages.contains(&"/healthz"));
    }
}
