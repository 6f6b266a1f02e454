//! Security headers on every response, and limits on what a request may be.

use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::util::MapResponseLayer;
use tower_http::timeout::TimeoutLayer;

use crate::short_circuit::ShortCircuitLayer;

/// Only the site's own stylesheet and images; no script, no frames, no
/// plugins; forms post back to the site. `connect-src 'self'` changes
/// nothing for visitors (no script may run to connect) but lets auditing
/// tools such as Lighthouse fetch /robots.txt from the page.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// Browser features the site never uses, turned off.
pub const PERMISSIONS_POLICY: &str =
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
/// Two years, subdomains included, as the HSTS preload list asks.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains; preload";
/// Longer request targets are refused with 414.
pub const MAX_URI_LENGTH: usize = 2048;
/// A request the site has not answered in this time gets 503. Every page
/// takes milliseconds; this is a guard against the unforeseen.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The headers every response carries.
const HEADERS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY),
    (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// Inserts the security headers (HSTS aside) into `headers`.
pub fn add_headers(headers: &mut HeaderMap) {
    headers.reserve(HEADERS.len());
    for (name, value) in &HEADERS {
        headers.insert(name.clone(), HeaderValue::from_static(value));
    }
}

/// The `Strict-Transport-Security` header's value, for responses over HTTPS
/// (added by `service::SiteService`, which knows the scheme).
pub fn hsts() -> HeaderValue {
    HeaderValue::from_static(STRICT_TRANSPORT_SECURITY)
}

/// Adds the security headers to every response that lacks them (pre-rendered
/// pages carry them already). This runs on every request, so it is one
/// cheap layer.
pub fn security_headers_layer() -> MapResponseLayer<impl Fn(Response) -> Response + Clone> {
    MapResponseLayer::new(move |mut response: Response| {
        let headers = response.headers_mut();
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            add_headers(headers);
        }
        response
    })
}

/// Answers 503 when the handler takes longer than `REQUEST_TIMEOUT`. Only
/// requests that reach the router pay for its timer: pre-rendered pages
/// are answered before it, at once.
pub fn request_timeout_layer() -> TimeoutLayer {
    TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT)
}

/// Refuses what no page takes: a request body (413) and an overlong target
/// (414).
pub fn request_limits_layer() -> ShortCircuitLayer<fn(&Request) -> Option<Response>> {
    ShortCircuitLayer(refusal)
}

/// Why `request` is refused, if it is.
fn refusal(request: &Request) -> Option<Response> {
    let uri = request.uri();
    if uri.path().len() + uri.query().map_or(0, str::len) > MAX_URI_LENGTH {
        return Some((StatusCode::URI_TOO_LONG, "The address is too long.\n").into_response());
    }
    if has_body(request.headers()) {
        return Some((StatusCode::PAYLOAD_TOO_LARGE, "The site's pages take no request body.\n").into_response());
    }
    None
}

/// Whether a request with these headers carries a body.
pub fn has_body(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_LENGTH).is_some_and(|v| v != "0") || headers.contains_key(header::TRANSFER_ENCODING)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test(start_paused = true)]
    async fn a_request_that_takes_too_long_gets_503_with_the_usual_headers() {
        let slow = Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                "late"
            }),
        );
        let service = tower::ServiceBuilder::new()
            .layer(security_headers_layer())
            .map_response(IntoResponse::into_response)
            .layer(request_timeout_layer())
            .service(slow);
        let started = tokio::time::Instant::now();
        let response = service.oneshot(Request::get("/slow").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(started.elapsed(), REQUEST_TIMEOUT);
        assert!(response.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    }
}
