//! The language of a request: the prefix of its address decides it
//! (`/ko/search` is Korean's search), never `Accept-Language`. Pre-rendered
//! pages are found by their whole address; the pages made per request are
//! routed by their site's path, with the language beside it.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::uri::{PathAndQuery, Uri};

use super::state::AppState;
use crate::site::Route;

/// The place of a request's language among the site's languages: 0 for the
/// default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestLanguage(pub usize);

impl<S: Send + Sync> FromRequestParts<S> for RequestLanguage {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<RequestLanguage>().copied().unwrap_or_default())
    }
}

/// A request for a page made per request in a language beside the default
/// (`/ko/members?…`), routed as the page's own (`/members?…`) with its
/// language beside it. Any other request goes on as it came.
pub fn route_by_language(state: &AppState, mut request: Request) -> Request {
    let loaded = state.current.load();
    let (index, site_path) = loaded.language_of(request.uri().path());
    let made_per_request =
        matches!(Route::from_pattern(site_path), Some(Route::Members | Route::Search | Route::SmeCheck));
    if index == 0 || !made_per_request {
        return request;
    }
    let target = match request.uri().query() {
        Some(query) => format!("{site_path}?{query}"),
        None => site_path.to_owned(),
    };
    if let Ok(path_and_query) = target.parse::<PathAndQuery>() {
        let mut parts = request.uri().clone().into_parts();
        parts.path_and_query = Some(path_and_query);
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
            request.extensions_mut().insert(RequestLanguage(index));
        }
    }
    request
}
