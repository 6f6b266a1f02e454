//! The HTTP layer: every route in one place, and the handlers that answer
//! from the pre-rendered site.

use std::time::UNIX_EPOCH;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::json;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::state::AppState;

/// The site's router. Tests call it directly, without a socket.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/asem", get(page))
        .route("/members", get(page))
        .route("/members/{slug}", get(page))
        .route("/eco-innovation", get(page))
        .route("/sme", get(page))
        .route("/accessibility", get(page))
        .route("/healthz", get(healthz))
        .route("/static/{name}", get(asset))
        .fallback(fallback)
        .layer(TraceLayer::new_for_http().on_request(()).on_response(DefaultOnResponse::new().level(Level::DEBUG)))
        .with_state(state)
}

/// A pre-rendered page, looked up by the request's path.
async fn page(State(state): State<AppState>, uri: Uri) -> Response {
    let loaded = state.current.load();
    match loaded.pages.page(uri.path()) {
        Some(html) => Html(html.to_owned()).into_response(),
        None => not_found(&state),
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
    axum::Json(body).into_response()
}

/// A file from `static/`.
async fn asset(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match state.assets.get(&name) {
        Some(asset) => ([(header::CONTENT_TYPE, asset.content_type)], asset.bytes).into_response(),
        None => not_found(&state),
    }
}

/// Any other path: a page's address with a trailing slash is redirected to
/// the page; anything else is not found.
async fn fallback(State(state): State<AppState>, uri: Uri) -> Response {
    let path = uri.path();
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() < path.len() && !trimmed.is_empty() && state.current.load().pages.page(trimmed).is_some() {
        return Redirect::permanent(trimmed).into_response();
    }
    not_found(&state)
}

/// The site's 404 page, inside its layout.
fn not_found(state: &AppState) -> Response {
    let loaded = state.current.load();
    (StatusCode::NOT_FOUND, Html(loaded.pages.not_found().to_owned())).into_response()
}
