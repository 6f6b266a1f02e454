//! The editors' preview (`aseic serve --preview`): drafts are shown (the
//! content is loaded with them), every page carries a banner listing the
//! content's problems while it is broken, and pages reload themselves after
//! each reload of the content, through a small script fed by server-sent
//! events. That script is the only one the site has, in the preview alone,
//! allowed by its hash in the preview's Content-Security-Policy.

use std::convert::Infallible;
use std::sync::LazyLock;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};

use super::response_headers::CONTENT_SECURITY_POLICY;
use super::state::AppState;
use crate::render::HTML;
use crate::util::hash::policy_source;

/// Where the preview's pages listen for reloads.
pub const EVENTS: &str = "/_preview/events";

/// The script: reload the page when the content has been reloaded.
const SCRIPT: &str = "new EventSource(\"/_preview/events\").onmessage = function () { location.reload(); };";

/// Pages are larger than this only by mistake; the preview reads them whole.
const MAX_PAGE: usize = 16 * 1024 * 1024;

/// The site's policy, with the one script allowed by its hash.
static POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    let policy = format!("{}; script-src {}", *CONTENT_SECURITY_POLICY, policy_source(SCRIPT));
    HeaderValue::from_str(&policy).expect("a policy of ASCII text")
});

/// The preview's layer: asks for pages uncompressed, then adds the banner of
/// problems and the script to each HTML page, with the policy that allows
/// the script.
pub async fn previewing(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    let is_html = response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t == HTML);
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE).await else {
        return (parts.status, "The page could not be read for the preview.\n").into_response();
    };
    let mut page = String::from_utf8_lossy(&bytes).into_owned();
    let drafts = state.current.load().sites.first().map(|site| site.draft_problems.join("\n\n")).unwrap_or_default();
    let shown = match state.problems.load().as_ref() {
        Some(problems) => Some(banner(&problems.to_string())),
        None if !drafts.is_empty() => Some(drafts_banner(&drafts)),
        None => None,
    };
    if let Some(shown) = shown
        && let Some(at) = page.find("<main").and_then(|main| page[main..].find('>').map(|end| main + end + 1))
    {
        page.insert_str(at, &shown);
    }
    if let Some(at) = page.rfind("</body>") {
        page.insert_str(at, &format!("<script>{SCRIPT}</script>\n"));
    }
    parts.headers.insert(header::CONTENT_SECURITY_POLICY, POLICY.clone());
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(page))
}

/// The problems, as `aseic check` prints them, at the top of the page.
fn banner(problems: &str) -> String {
    let mut escaped = String::with_capacity(problems.len());
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, problems);
    format!(
        "\n<div class=\"preview-problems\" role=\"alert\">\n<h2>The content has problems</h2>\n\
         <p>The pages show the last content that worked (or, until a save works, the copy built into aseic). Fix \
         these, save, and the page reloads:</p>\n\
         <pre>{escaped}</pre>\n</div>\n"
    )
}

/// The drafts' problems, which stop nothing else: the draft shows once
/// they are fixed (or, if it could be built, shows already).
fn drafts_banner(problems: &str) -> String {
    let mut escaped = String::with_capacity(problems.len());
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, problems);
    format!(
        "\n<div class=\"preview-problems\" role=\"alert\">\n<h2>A draft has problems</h2>\n\
         <p>They keep the draft out of the published site, and hold nothing else back. Fix these, save, and the \
         page reloads:</p>\n<pre>{escaped}</pre>\n</div>\n"
    )
}

/// `/_preview/events`: an event after each reload of the content, worked
/// or not.
pub async fn events(State(state): State<AppState>) -> impl IntoResponse {
    let stream = futures_util::stream::unfold(state.subscribe_to_reloads(), |mut reloads| async move {
        reloads.changed().await.ok()?;
        Some((Ok::<_, Infallible>(Event::default().data("reloaded")), reloads))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
