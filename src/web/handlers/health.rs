//! `/healthz`: liveness and what is served, as JSON.

use std::time::UNIX_EPOCH;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::render::cache::CachePolicy;
use crate::web::state::AppState;

/// While the content on disk is broken the status is "degraded", with the
/// problems; the answer stays 200 because the last good content is still
/// being served.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let loaded = state.current.load();
    let loaded_at = loaded.loaded_at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let problems = state.problems.load();
    let body = json!({
        "status": if problems.is_some() { "degraded" } else { "ok" },
        "problems": problems.as_ref().map(|e| e.problems()).unwrap_or_default(),
        "content": state.source.to_string(),
        "version": loaded.site.version,
        "loaded_at": loaded_at,
        "pages": loaded.pages.paths().len(),
        "partners": loaded.site.partners.len(),
        "summits": loaded.site.asem.summits.len(),
    });
    let mut response = Json(body).into_response();
    response.extensions_mut().insert(CachePolicy::NoStore);
    response
}
