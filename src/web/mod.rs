//! The HTTP layer: every route in one place, the handlers that answer from
//! the pre-rendered, precompressed site or make a page per request, and
//! what every response carries.

pub mod cache;
pub mod early;
pub mod error;
mod error_layer;
pub mod export;
pub mod handlers;
pub mod host;
pub mod language;
pub mod limits;
pub mod made_pages;
pub mod negotiate;
pub mod preconditions;
pub mod prepared;
pub mod preview;
pub mod proxy;
pub mod query;
pub mod redirect;
pub mod response_headers;
pub mod send;
pub mod short_circuit;
pub mod state;

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use tower::{Service, ServiceBuilder};
use tower_http::catch_panic::CatchPanicLayer;

use crate::site::Route;
use error::PageError;
use error_layer::SiteAndLimit;
use handlers::{health, members, pages, search, sme_check};
use short_circuit::ShortCircuitLayer;
use state::AppState;

/// A request the site has not answered in this time gets 503. Every page
/// takes milliseconds; this is a guard against the unforeseen.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The handler of each route; none for the Markdown pages, which have no
/// pattern of their own (the fallback finds them).
fn handler(route: Route) -> Option<MethodRouter<AppState>> {
    Some(match route {
        Route::Members => get(members::members),
        Route::Search => get(search::search),
        Route::SmeCheck => get(sme_check::sme_check),
        Route::SmeCheckApi => get(sme_check::sme_check_api),
        Route::Healthz => get(health::healthz),
        Route::Asset => get(pages::asset),
        Route::Home
        | Route::Asem
        | Route::Partner
        | Route::EcoInnovation
        | Route::Sme
        | Route::Accessibility
        | Route::Sitemap
        | Route::Robots
        | Route::Favicon
        | Route::MembersCsv
        | Route::MembersJson
        | Route::SummitsJson
        | Route::News
        | Route::NewsItem
        | Route::NewsPage
        | Route::Feed
        | Route::Media => get(pages::page),
        Route::Page => return None,
    })
}

/// The site as a service, with the default time limit on a request.
pub fn app(
    state: AppState,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send + 'static> + Clone + Send + Sync + 'static
{
    app_with_limit(state, REQUEST_TIMEOUT)
}

/// The site as a service: the router behind the layers that answer first.
/// Tests call it directly, without a socket; the server wraps it in its
/// per-connection service. Not itself a `Router`: an outer router would
/// route every request once more, through a boxed service, before the
/// short cut for pre-rendered pages.
pub fn app_with_limit(
    state: AppState,
    limit: Duration,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send + 'static> + Clone + Send + Sync + 'static
{
    let mut routes = Router::new();
    for route in Route::ALL {
        if let Some(handler) = handler(route) {
            routes = routes.route(route.pattern(), handler);
        }
    }
    if state.preview {
        routes = routes.route(preview::EVENTS, get(preview::events));
    }
    let routes =
        routes.fallback(pages::fallback).route_layer(middleware::from_fn(label_with_route)).with_state(state.clone());
    // These wrap the router as a whole, not each route, so that a request
    // for a pre-rendered page is answered before any routing.
    let early_state = state.clone();
    let language_state = state.clone();
    let preview = state.preview.then(|| middleware::from_fn_with_state(state.clone(), preview::previewing));
    ServiceBuilder::new()
        .layer(response_headers::finishing_layer())
        .option_layer(preview)
        .layer(middleware::from_fn_with_state(SiteAndLimit { state, limit }, error_layer::error_pages))
        .layer(limits::request_limits_layer())
        .layer(ShortCircuitLayer(move |request: &Request| {
            early::answer(&early_state, request).map(|(mut response, route)| {
                response.extensions_mut().insert(route);
                response
            })
        }))
        .map_response(IntoResponse::into_response)
        .layer(CatchPanicLayer::custom(panicked))
        .map_request(move |request| language::route_by_language(&language_state, request))
        .service(routes)
}

/// Copies the route the router matched into the response, for the metrics.
async fn label_with_route(request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().and_then(|m| Route::from_pattern(m.as_str()));
    let mut response = next.run(request).await;
    if let Some(route) = matched {
        response.extensions_mut().insert(route);
    }
    response
}

/// A bug in a handler costs its request a 500, not the connection.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic.downcast_ref::<&str>().copied().or(panic.downcast_ref::<String>().map(String::as_str));
    tracing::error!("a request handler panicked: {}", message.unwrap_or("(no message)"));
    PageError::Internal.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{StatusCode, header};
    use tower::ServiceExt;

    use crate::content::ContentSource;

    async fn buggy() -> &'static str {
        panic!("a bug")
    }

    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        "late"
    }

    /// `router` behind the layers every response passes.
    fn wrapped(router: Router) -> impl Service<Request, Response = Response, Error = Infallible> {
        wrapped_with_limit(router, REQUEST_TIMEOUT)
    }

    /// `router` behind the layers every response passes, with `limit` on each request.
    fn wrapped_with_limit(
        router: Router,
        limit: Duration,
    ) -> impl Service<Request, Response = Response, Error = Infallible> {
        let state = AppState::load(ContentSource::BuiltIn).expect("the built-in content loads");
        ServiceBuilder::new()
            .layer(response_headers::finishing_layer())
            .layer(middleware::from_fn_with_state(SiteAndLimit { state, limit }, error_layer::error_pages))
            .map_response(IntoResponse::into_response)
            .layer(CatchPanicLayer::custom(panicked))
            .service(router)
    }

    #[tokio::test]
    async fn a_panicking_handler_costs_its_request_a_500_page_with_the_usual_headers() {
        let service = wrapped(Router::new().route("/", get(buggy)));
        let response = service.oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.headers().contains_key(header::CONTENT_SECURITY_POLICY));
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
    }

    #[tokio::test]
    async fn a_request_that_takes_too_long_gets_503_with_the_usual_headers() {
        // Real time, a short limit: a busy machine may make the wait longer, never shorter.
        let limit = Duration::from_millis(300);
        let service = wrapped_with_limit(Router::new().route("/slow", get(slow)), limit);
        let started = tokio::time::Instant::now();
        let response = service.oneshot(Request::get("/slow").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let waited = started.elapsed();
        assert!(waited >= limit && waited < Duration::from_secs(10), "answered after {waited:?}");
        assert!(response.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    }
}
