//! `/healthz`: liveness and what is served, as JSON. The public answer says
//! only how the site is; the details (each problem, the folder, the
//! watcher) go to the log and to the private metrics listener.

use std::time::UNIX_EPOCH;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::render::cache::CachePolicy;
use crate::web::state::{AppState, WatchStatus};

/// The public health check. While the content on disk is broken, or the
/// folder cannot be watched, the status is "degraded"; the answer stays 200
/// because the last good content is still being served.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let loaded = state.current.load();
    let loaded_at = loaded.loaded_at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let problems = state.problems.load().as_ref().map_or(0, |e| e.problems().len());
    let body = json!({
        "status": if state.degraded() { "degraded" } else { "ok" },
        "version": loaded.site().version,
        "problems": problems,
        "loaded_at": loaded_at,
        "pages": loaded.pages.paths().len(),
        "partners": loaded.site().partners.len(),
        "summits": loaded.site().asem.summits.len(),
    });
    let mut response = Json(body).into_response();
    response.extensions_mut().insert(CachePolicy::NoStore);
    response
}

/// Below this many seconds of validity left, the certificate makes the
/// private health check "degraded": renewal has failed for weeks.
pub const CERTIFICATE_DAYS_WARNING: i64 = 7;

/// The health check for operators, on the metrics listener: the public
/// answer, with where the content comes from, each problem at its file and
/// line, whether the folder is watched, how many texts each translation
/// lacks (shown in the default language meanwhile), and with HTTPS the
/// seconds `certificate_left` until the certificate expires.
pub fn details(state: &AppState, certificate_left: Option<i64>) -> serde_json::Value {
    let loaded = state.current.load();
    let loaded_at = loaded.loaded_at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let problems = state.problems.load().as_ref().map(|e| e.problems()).unwrap_or_default();
    let watching = match &**state.watch_status.load() {
        WatchStatus::NotWatched => json!({ "status": "not watched" }),
        WatchStatus::Watching => json!({ "status": "watching" }),
        WatchStatus::Broken(reason) => json!({ "status": "polling", "reason": reason }),
    };
    let expiring = certificate_left.is_some_and(|left| left < CERTIFICATE_DAYS_WARNING * 86_400);
    json!({
        "status": if state.degraded() || expiring { "degraded" } else { "ok" },
        "version": loaded.site().version,
        "problems": problems,
        "certificate": certificate_left.map(|left| json!({ "expires_in_seconds": left })),
        "content": state.source.to_string(),
        "watching": watching,
        "loaded_at": loaded_at,
        "pages": loaded.pages.paths().len(),
        "partners": loaded.site().partners.len(),
        "summits": loaded.site().asem.summits.len(),
        "missing_texts": loaded.missing_texts(),
        "languages": loaded.sites.iter().map(|site| json!({
            "tag": site.language.tag.as_ref(),
            "prefix": site.language.prefix,
            "missing_texts": site.missing_texts,
        })).collect::<Vec<_>>(),
    })
}
