//! Answers given before any routing, for the site's most frequent
//! requests: a pre-rendered page or an asset. (Pages made per request go
//! through the router, to be made on threads of their own: see
//! `made_pages`.)

use axum::body::{Body, HttpBody as _};
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::Response;

use super::limits::check;
use super::send::send;
use super::state::AppState;
use crate::site::{Route, routes};

/// Answers a GET or HEAD without a query or a body for a pre-rendered page
/// or an asset, before routing: the site's most frequent request is a
/// lookup and a clone, and it skips the router's extractors and boxed
/// futures. Everything else goes on to the router.
/// The server calls it before the whole stack, and the site's own stack (in
/// preview and in tests) before its router; the route is for the metrics.
pub fn answer<B>(state: &AppState, request: &Request<B>) -> Option<(Response, Route)> {
    let head = request.method() == Method::HEAD;
    // A request with `If-Match` may be refused (412), with the site's
    // page for it: the router's layers make it.
    let conditional = request.headers().contains_key(header::IF_MATCH);
    if !(head || request.method() == Method::GET)
        || request.uri().query().is_some()
        || conditional
        || check(request).is_err()
    {
        return None;
    }
    let path = request.uri().path();
    let loaded = state.current.load();
    let prepared = match routes::asset_name(path) {
        Some(name) => state.assets.get(name)?,
        None => loaded.pages.page(path)?,
    };
    let mut response = send(prepared, request.headers());
    if head && response.status() == StatusCode::OK {
        let length = response.body().size_hint().exact().unwrap_or(0);
        *response.body_mut() = Body::empty();
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    Some((response, prepared.route))
}
