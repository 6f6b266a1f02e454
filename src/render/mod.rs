//! Rendering: the checked site turned into bytes once per load, each page
//! in every encoding, ready to send; and the pieces for the pages made per
//! request. No HTTP here: `web` decides what to send.

pub mod assets;
pub mod cache;
pub mod chart;
pub mod citations;
pub mod data;
pub mod encoding;
pub mod format;
pub mod glossary;
mod layout;
pub mod markdown;
pub mod marked;
mod media;
pub mod members;
pub mod pages;
pub mod phrase;
pub mod search;
pub mod sme;
pub mod views;
mod written;

use std::collections::HashMap;

use assets::Assets;
use cache::CachePolicy;
use encoding::Encoded;
use pages::ErrorText;

use crate::site::{Route, Site, routes};

pub const HTML: &str = "text/html; charset=utf-8";

/// One pre-rendered response, and the route it answers.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub route: Route,
    pub body: Encoded,
}

/// Every page and data file of the site, in every language, rendered and
/// compressed.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    /// Each response by request path, such as `/`, `/members/korea`,
    /// `/ko/asem` or `/robots.txt`.
    pages: HashMap<String, RenderedPage>,
    /// The body of the 404 page in each language, in the order of the
    /// site's languages.
    not_found: Vec<Encoded>,
}

impl RenderedSite {
    /// The response at `path`.
    pub fn page(&self, path: &str) -> Option<&RenderedPage> {
        self.pages.get(path)
    }

    /// The 404 page in the language at `index` (the default's if there is
    /// no such language).
    pub fn not_found(&self, index: usize) -> &Encoded {
        self.not_found.get(index).unwrap_or(&self.not_found[0])
    }

    /// The 404 page in each language, in the order of the site's languages.
    pub fn not_found_pages(&self) -> &[Encoded] {
        &self.not_found
    }

    /// Every page's path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.pages.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }

    /// Every page, by path.
    pub fn pages(&self) -> impl Iterator<Item = (&str, &RenderedPage)> {
        self.pages.iter().map(|(path, page)| (path.as_str(), page))
    }

    /// What this load sent at `path`, in every encoding, if it was `body`
    /// byte for byte, of the same type and caching: a reload takes it as it
    /// is instead of compressing it again.
    fn unchanged(&self, path: &str, content_type: &str, cache: CachePolicy, body: &[u8]) -> Option<Encoded> {
        let known = &self.page(path)?.body;
        let same = known.content_type == content_type && known.cache == cache && known.identity()[..] == body[..];
        same.then(|| known.clone())
    }
}

/// Renders every page, data file and media file of `sites` (the site in
/// each of its languages, the default first), and compresses each. A body
/// that `previous` (the last load's) holds at the same path, byte for
/// byte, keeps its compressed forms: a reload compresses only what
/// changed, which is most of its time.
pub fn render_site(
    sites: &[Site],
    assets: &Assets,
    previous: Option<&RenderedSite>,
) -> Result<RenderedSite, askama::Error> {
    let default = sites.first().expect("the site has a default language");
    let media = media::media(default, previous);
    let mut html = Vec::new();
    let mut feeds = Vec::new();
    let mut not_found = Vec::new();
    // The site's paths of its pages: those of the default language.
    let mut page_paths: Vec<String> = Vec::new();
    for site in sites {
        let first = html.len();
        html.extend(pages::every_page(site, assets)?);
        html.extend(written::written_pages(site, assets, &media.links)?);
        for page in &mut html[first..] {
            page.html = glossary::on_page(site, std::mem::take(&mut page.html));
        }
        if site.language.is_default() {
            page_paths = html[first..].iter().map(|p| p.path.clone()).collect();
        }
        feeds.push(data::DataFile {
            route: Route::Feed,
            path: site.link(routes::FEED),
            content_type: data::ATOM,
            body: written::feed(site, &media.links)?.into_bytes(),
        });
        not_found.push(pages::error_page(site, assets, &ErrorText::not_found(&site.ui))?);
    }
    // The sitemap lists every page, in every language; the SME check's form
    // is made per request but is a page of its own too.
    page_paths.push(routes::SME_CHECK.to_owned());
    page_paths.sort_unstable();
    let mut files = data::files(sites, &page_paths)?;
    files.extend(feeds);
    // Browsers ask for /favicon.ico when a document names no icon (the
    // feed, robots.txt, the open data): the same icon, not a 404 each time.
    if let Some(icon) = Assets::contents("favicon.svg") {
        files.push(data::DataFile {
            route: Route::Favicon,
            path: routes::FAVICON.to_owned(),
            content_type: assets::content_type("favicon.svg"),
            body: icon.to_vec(),
        });
    }
    let mut pages = compress_all(html, previous);
    for file in files {
        let body = encode(previous, &file.path, file.content_type, file.body);
        pages.insert(file.path, RenderedPage { route: file.route, body });
    }
    for (url, body) in media.files {
        pages.insert(url, RenderedPage { route: Route::Media, body });
    }
    let not_found = not_found
        .into_iter()
        .enumerate()
        .map(|(index, html)| match previous.and_then(|p| p.not_found.get(index)) {
            Some(known) if known.identity() == html.as_bytes() => known.clone(),
            _ => Encoded::new(HTML, CachePolicy::Revalidate, html),
        })
        .collect();
    Ok(RenderedSite { pages, not_found })
}

/// `body`, to be sent at `path`, in every encoding: as `previous` had it
/// if it sent the same bytes there, else compressed now.
fn encode(previous: Option<&RenderedSite>, path: &str, content_type: &'static str, body: Vec<u8>) -> Encoded {
    previous
        .and_then(|previous| previous.unchanged(path, content_type, CachePolicy::Revalidate, &body))
        .unwrap_or_else(|| Encoded::new(content_type, CachePolicy::Revalidate, body))
}

/// Compresses every page (those `previous` sent as they are now excepted),
/// on as many threads as there are cores.
fn compress_all(html: Vec<pages::Html>, previous: Option<&RenderedSite>) -> HashMap<String, RenderedPage> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = html.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = html
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|page| {
                            let body = encode(previous, &page.path, HTML, page.html.clone().into_bytes());
                            (page.path.clone(), RenderedPage { route: page.route, body })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("compressing a page does not panic")).collect()
    })
}
