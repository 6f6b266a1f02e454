//! The HTTP layer: every route in one place, and the handlers that answer
//! from the pre-rendered, precompressed site.

use std::convert::Infallible;
use std::time::UNIX_EPOCH;

use axum::Router;
use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::json;
use tower::{Service, ServiceBuilder};
use tower_http::catch_panic::CatchPanicLayer;

use crate::dynamic;
use crate::encoding::{Encoded, negotiate, none_match};
use crate::security;
use crate::short_circuit::ShortCircuitLayer;
use crate::state::AppState;

/// The site as a service: the router behind the layers that answer first.
/// Tests call it directly, without a socket; the server wraps it in
/// `service::SiteService`. Not itself a `Router`: an outer router would
/// route every request once more, through a boxed service, before the
/// short cut for pre-rendered pages.
pub fn app(
    state: AppState,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send + 'static> + Clone + Send + Sync + 'static
{
    let routes = Router::new()
        .route("/", get(page))
        .route("/asem", get(page))
        .route("/members", get(dynamic::members))
        .route("/search", get(dynamic::search))
        .route("/sme/check", get(dynamic::sme_check))
        .route("/api/sme-check", get(dynamic::sme_check_api))
        .route("/sitemap.xml", get(page))
        .route("/members.csv", get(page))
        .route("/api/members.json", get(page))
        .route("/api/summits.json", get(page))
        .route("/members/{slug}", get(page))
        .route("/eco-innovation", get(page))
        .route("/sme", get(page))
        .route("/accessibility", get(page))
        .route("/robots.txt", get(page))
        .route("/healthz", get(healthz))
        .route("/static/{name}", get(asset))
        .fallback(fallback)
        .with_state(state.clone());
    // These wrap the router as a whole, not each route, so that a request
    // for a pre-rendered page is answered before any routing.
    ServiceBuilder::new()
        .layer(security::security_headers_layer())
        .layer(security::request_limits_layer())
        .layer(ShortCircuitLayer(move |request: &Request| prerendered(&state, request)))
        .map_response(IntoResponse::into_response)
        .layer(CatchPanicLayer::custom(panicked))
        .layer(security::request_timeout_layer())
        .service(routes)
}

/// A bug in a handler costs its request a 500, not the connection.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic.downcast_ref::<&str>().copied().or(panic.downcast_ref::<String>().map(String::as_str));
    tracing::error!("a request handler panicked: {}", message.unwrap_or("(no message)"));
    (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side. Please try again later.\n").into_response()
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
        "version": loaded.site.version,
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
pub fn send(body: &Encoded, headers: &HeaderMap) -> Response {
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

/// Answers a GET or HEAD without a query or a body for a pre-rendered page
/// or an asset, before routing: the site's most frequent request is a
/// lookup and a clone, and skipping the router's extractors and boxed
/// futures for it is a tenth of the throughput. Everything else goes on to
/// the router. `service::SiteService` calls it too, before the whole stack.
pub fn prerendered<B>(state: &AppState, request: &axum::http::Request<B>) -> Option<Response> {
    let head = request.method() == Method::HEAD;
    if !(head || request.method() == Method::GET)
        || request.uri().query().is_some()
        || security::has_body(request.headers())
    {
        return None;
    }
    let path = request.uri().path();
    let loaded = state.current.load();
    let body = match path.strip_prefix("/static/") {
        Some(name) => state.assets.get(name)?,
        None => loaded.pages.page(path)?,
    };
    let mut response = send(body, request.headers());
    if head && response.status() == StatusCode::OK {
        let length = response.body().size_hint().exact().unwrap_or(0);
        *response.body_mut() = Body::empty();
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    async fn buggy() -> &'static str {
        panic!("a bug")
    }

    #[tokio::test]
    async fn a_panicking_handler_costs_its_request_a_500_with_the_usual_headers() {
        let broken = Router::new().route("/", get(buggy));
        let service = ServiceBuilder::new()
            .layer(security::security_headers_layer())
            .map_response(IntoResponse::into_response)
            .layer(CatchPanicLayer::custom(panicked))
            .service(broken);
        let request = Request::get("/").body(Body::empty()).unwrap();
        let response = service.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    }
}
