//! The HTTP layer: every route in one place, and the handlers that answer
//! from the pre-rendered, precompressed site.

use std::time::UNIX_EPOCH;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::json;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::encoding::{Encoded, negotiate, none_match};
use crate::security;
use crate::state::AppState;

/// The site's router, as served over plain HTTP. Tests call it directly,
/// without a socket.
pub fn app(state: AppState) -> Router {
    router(state, false)
}

/// The site's router; `https` adds HSTS.
pub fn router(state: AppState, https: bool) -> Router {
    let router = Router::new()
        .route("/", get(page))
        .route("/asem", get(page))
        .route("/members", get(page))
        .route("/members/{slug}", get(page))
        .route("/eco-innovation", get(page))
        .route("/sme", get(page))
        .route("/accessibility", get(page))
        .route("/robots.txt", get(page))
        .route("/healthz", get(healthz))
        .route("/static/{name}", get(asset))
        .fallback(fallback)
        .with_state(state);
    let router = security::with_security_headers(security::with_request_limits(router), https);
    // One log line per request at debug level. The layer costs time on every
    // request, so it is there only when debug logging is on.
    if tracing::enabled!(Level::DEBUG) {
        router
            .layer(TraceLayer::new_for_http().on_request(()).on_response(DefaultOnResponse::new().level(Level::DEBUG)))
    } else {
        router
    }
}

/// A pre-rendered page, looked up by the request's path. (The request is
/// taken whole rather than as a `HeaderMap`, which would copy the headers.)
async fn page(State(state): State<AppState>, request: Request) -> Response {
    let loaded = state.current.load();
    match loaded.pages.page(request.uri().path()) {
        Some(page) => send(page, request.headers()),
        None => not_found(&state, request.headers()),
    }
}

/// A file from `static/`, by its fingerprinted name.
async fn asset(State(state): State<AppState>, Path(name): Path<String>, request: Request) -> Response {
    match state.assets.get(&name) {
        Some(asset) => send(asset, request.headers()),
        None => not_found(&state, request.headers()),
    }
}

/// Liveness and what is served, as JSON. While the content on disk is
/// broken the status is "degraded", with the problems; the answer stays 200
/// because the last good content is still being served.
async fn healthz(State(state): State<AppState>) -> Response {
    let loaded = state.current.load();
    let loaded_at = loaded.loaded_at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let problems = state.problems.load();
    let body = json!({
        "status": if problems.is_some() { "degraded" } else { "ok" },
        "problems": problems.as_ref().map(|e| e.problems()).unwrap_or_default(),
        "content": state.source.to_string(),
        "loaded_at": loaded_at,
        "pages": loaded.pages.paths().len(),
        "partners": loaded.site.partners.len(),
        "summits": loaded.site.asem.summits.len(),
    });
    ([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], axum::Json(body)).into_response()
}

/// Any other path: a page's address with a trailing slash is redirected to
/// the page; anything else is not found.
async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() < path.len() && !trimmed.is_empty() && state.current.load().pages.page(trimmed).is_some() {
        return Redirect::permanent(trimmed).into_response();
    }
    not_found(&state, request.headers())
}

/// The site's 404 page, inside its layout.
fn not_found(state: &AppState, headers: &HeaderMap) -> Response {
    let loaded = state.current.load();
    let variant = loaded.pages.not_found().variant(negotiate(headers.get(header::ACCEPT_ENCODING)));
    let mut response = (StatusCode::NOT_FOUND, variant.body.clone()).into_response();
    *response.headers_mut() = variant.headers.clone();
    response.headers_mut().remove(header::ETAG);
    response
}

/// Sends `body` in the best encoding the client accepts, or 304 when the
/// client's copy is current.
fn send(body: &Encoded, headers: &HeaderMap) -> Response {
    let variant = body.variant(negotiate(headers.get(header::ACCEPT_ENCODING)));
    if none_match(headers.get(header::IF_NONE_MATCH), &variant.etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        *response.headers_mut() = variant.headers.clone();
        response.headers_mut().remove(header::CONTENT_TYPE);
        response.headers_mut().remove(header::CONTENT_ENCODING);
        return response;
    }
    let mut response = Response::new(Body::from(variant.body.clone()));
    *response.headers_mut() = variant.headers.clone();
    response
}
