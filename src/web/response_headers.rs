//! The headers every response carries: the security headers, and a cache
//! policy.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;
use tower::util::MapResponseLayer;

use super::cache;
use crate::render::cache::CachePolicy;

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

/// The headers every response carries (and HSTS over HTTPS).
pub const SECURITY_HEADERS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY),
    (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// Inserts the security headers (HSTS aside) into `headers`.
pub fn add_headers(headers: &mut HeaderMap) {
    headers.reserve(SECURITY_HEADERS.len());
    for (name, value) in &SECURITY_HEADERS {
        headers.insert(name.clone(), HeaderValue::from_static(value));
    }
}

/// The `Strict-Transport-Security` header's value, for responses over HTTPS
/// (added by the server, which knows the scheme).
pub fn hsts() -> HeaderValue {
    HeaderValue::from_static(STRICT_TRANSPORT_SECURITY)
}

/// Completes every response that lacks them (pre-rendered responses carry
/// them already) with the security headers and a cache policy: the one the
/// handler named as an extension, or the default. This runs on every
/// request, so it is one cheap layer.
pub fn finishing_layer() -> MapResponseLayer<impl Fn(Response) -> Response + Clone> {
    MapResponseLayer::new(move |mut response: Response| {
        let policy = response.extensions().get::<CachePolicy>().copied();
        let headers = response.headers_mut();
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            add_headers(headers);
        }
        if !headers.contains_key(header::CACHE_CONTROL) {
            cache::apply(policy.unwrap_or(cache::DEFAULT), headers);
        }
        response
    })
}
