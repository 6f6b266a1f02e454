//! Responses made ready at load: for each page and encoding, the body and
//! every header, so that answering is a lookup and a clone.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use headers::ETag;

use super::{cache, response_headers};
use crate::render::encoding::{Coding, Encoded};
use crate::render::{RenderedPage, RenderedSite};
use crate::site::{Route, Site, routes};

/// The header that carries a request's id.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// One encoding of a prepared response.
#[derive(Debug, Clone)]
pub struct PreparedVariant {
    pub body: Bytes,
    pub etag: ETag,
    /// Content-Type, Content-Encoding, ETag, Cache-Control, Vary, the
    /// security headers and a slot for the request id: cloning one map per
    /// response is cheaper than inserting a dozen headers into an empty one.
    pub headers: HeaderMap,
}

/// A response in every encoding, and the route it answers.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub route: Route,
    /// In the order of `Coding::PREPARED`.
    variants: [PreparedVariant; 3],
}

impl Prepared {
    /// `encoded` for `route`, with every header, `last_modified` among them
    /// when there is one (not for the static files, whose names change
    /// with them).
    pub fn new(encoded: &Encoded, route: Route, last_modified: Option<&HeaderValue>) -> Self {
        let variants = encoded.variants().clone().map(|variant| {
            let etag_value = HeaderValue::from_str(&variant.etag).expect("a quoted hash is a valid header");
            // Room beyond the dozen headers below: `HeaderMap::insert` grows
            // a full map even when it only replaces a value (the request id).
            let mut headers = HeaderMap::with_capacity(16);
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(encoded.content_type));
            if let Some(encoding) = variant.coding.content_encoding() {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            headers.insert(header::ETAG, etag_value);
            cache::apply(encoded.cache, &mut headers);
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            if let Some(date) = last_modified {
                headers.insert(header::LAST_MODIFIED, date.clone());
            }
            response_headers::add_headers(&mut headers);
            reserve_request_id(&mut headers);
            let etag = variant.etag.parse().expect("a quoted hash is a valid ETag");
            PreparedVariant { body: variant.body, etag, headers }
        });
        Self { route, variants }
    }

    /// The variant in `coding`.
    pub fn variant(&self, coding: Coding) -> &PreparedVariant {
        &self.variants[coding as usize]
    }
}

/// Gives a pre-built header map a request id, for the server to overwrite
/// with the request's own: overwriting a value in a clone of the map is
/// cheap, adding a header to it reallocates it.
fn reserve_request_id(headers: &mut HeaderMap) {
    headers.insert(X_REQUEST_ID.clone(), HeaderValue::from_static("-"));
}

/// Every pre-rendered response of one load, by path, and the old addresses
/// of pages, each with the page's, in every language.
#[derive(Debug, Clone)]
pub struct PreparedSite {
    pages: HashMap<String, Prepared>,
    /// The 404 page of each language, in the order of the site's languages.
    not_found: Vec<Prepared>,
    redirects: HashMap<String, String>,
}

impl PreparedSite {
    /// The responses of `rendered`, and the aliases of the pages of `sites`
    /// (the site in each language): `/ko/OLD` leads to `/ko/NEW`.
    /// `last_modified` is the content's load time, as each page's
    /// `Last-Modified`.
    pub fn new(rendered: &RenderedSite, sites: &[Site], last_modified: &HeaderValue) -> Self {
        let pages = rendered
            .pages()
            .map(|(path, RenderedPage { route, body })| {
                let date = (*route != Route::Media).then_some(last_modified);
                (path.to_owned(), Prepared::new(body, *route, date))
            })
            .collect();
        let not_found = rendered
            .not_found_pages()
            .iter()
            .map(|page| {
                // The 404 page is no representation of its address: no ETag.
                let mut prepared = Prepared::new(page, Route::Home, None);
                for variant in &mut prepared.variants {
                    variant.headers.remove(header::ETAG);
                }
                prepared
            })
            .collect();
        let mut redirects = HashMap::new();
        for site in sites {
            let aliases =
                site.pages.iter().map(|p| (&p.aliases, &p.path)).chain(site.news.iter().map(|n| (&n.aliases, &n.path)));
            for (aliases, path) in aliases {
                for alias in aliases {
                    redirects.insert(routes::as_requested(&site.link(alias)), site.link(path));
                }
            }
        }
        Self { pages, not_found, redirects }
    }

    /// The address of the page whose old address is `path`.
    /// Aliases are kept as browsers ask for them (`routes::as_requested`),
    /// and match with or without a trailing slash.
    pub fn redirect(&self, path: &str) -> Option<&str> {
        let canonical = routes::canonical(path);
        let path = canonical.as_deref().unwrap_or(path);
        let trimmed = path.trim_end_matches('/');
        self.redirects.get(path).or_else(|| self.redirects.get(trimmed)).map(String::as_str)
    }

    /// The response at `path`.
    pub fn page(&self, path: &str) -> Option<&Prepared> {
        self.pages.get(path).or_else(|| self.pages.get(&routes::canonical(path)?))
    }

    /// The 404 page in the language at `index` (the default's if there is
    /// no such language).
    pub fn not_found(&self, index: usize) -> &Prepared {
        self.not_found.get(index).unwrap_or(&self.not_found[0])
    }

    /// Every page's path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.pages.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }
}

/// The static files, by fingerprinted name.
#[derive(Debug, Clone, Default)]
pub struct PreparedAssets(HashMap<String, Prepared>);

impl PreparedAssets {
    pub fn new(assets: &crate::render::assets::Assets) -> Self {
        Self(assets.all().map(|(name, body)| (name.to_owned(), Prepared::new(body, Route::Asset, None))).collect())
    }

    /// The asset with this fingerprinted name.
    pub fn get(&self, fingerprinted: &str) -> Option<&Prepared> {
        self.0.get(fingerprinted)
    }
}
