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
mod layout;
pub mod markdown;
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

/// Every page and data file of the site, rendered and compressed.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    /// Each response by request path, such as `/`, `/members/korea` or `/robots.txt`.
    pages: HashMap<String, RenderedPage>,
    /// The body of the 404 page.
    not_found: Encoded,
}

impl RenderedSite {
    /// The response at `path`.
    pub fn page(&self, path: &str) -> Option<&RenderedPage> {
        self.pages.get(path)
    }

    /// The 404 page.
    pub fn not_found(&self) -> &Encoded {
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

/// Renders every page, data file and media file of `site`, and compresses
/// each. A body that `previous` (the last load's) holds at the same path,
/// byte for byte, keeps its compressed forms: a reload compresses only what
/// changed, which is most of its time.
pub fn render_site(
    site: &Site,
    assets: &Assets,
    previous: Option<&RenderedSite>,
) -> Result<RenderedSite, askama::Error> {
    let media = media::media(site, previous);
    let mut html = pages::every_page(site, assets)?;
    html.extend(written::written_pages(site, assets, &media.links)?);
    // The sitemap lists every page; the SME check's form is made per
    // request but is a page of its own too.
    let mut page_paths: Vec<&str> = html.iter().map(|p| p.path.as_str()).chain([routes::SME_CHECK]).collect();
    page_paths.sort_unstable();
    let mut files = data::files(site, &page_paths)?;
    files.push(data::DataFile {
        route: Route::Feed,
        content_type: data::ATOM,
        body: written::feed(site, &media.links)?.into_bytes(),
    });
    // Browsers ask for /favicon.ico when a document names no icon (the
    // feed, robots.txt, the open data): the same icon, not a 404 each time.
    if let Some(icon) = Assets::contents("favicon.svg") {
        files.push(data::DataFile {
            route: Route::Favicon,
            content_type: assets::content_type("favicon.svg"),
            body: icon.to_vec(),
        });
    }
    let mut pages = compress_all(html, previous);
    for file in files {
        let path = file.route.pattern();
        let body = encode(previous, path, file.content_type, file.body);
        pages.insert(path.to_owned(), RenderedPage { route: file.route, body });
    }
    for (url, body) in media.files {
        pages.insert(url, RenderedPage { route: Route::Media, body });
    }
    let not_found = pages::error_page(site, assets, &ErrorText::not_found(&site.ui))?;
    let not_found = match previous {
        Some(previous) if previous.not_found.identity() == not_found.as_bytes() => previous.not_found.clone(),
        _ => Encoded::new(HTML, CachePolicy::Revalidate, not_found),
    };
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
