//! The headers every response carries: the security headers, and a cache
//! policy.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;
use tower::util::MapResponseLayer;

use super::cache;
use crate::render::assets::Assets;
use crate::render::cache::CachePolicy;
use crate::util::hash::policy_source;

/// Only the site's own stylesheet (inline, allowed by its hash) and images;
/// no script, no frames, no plugins; forms post back to the site.
/// `connect-src 'self'` changes nothing for visitors (no script may run to
/// connect) but lets auditing tools such as Lighthouse fetch /robots.txt
/// from the page.
pub static CONTENT_SECURITY_POLICY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src {}; img-src 'self'; connect-src 'self'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'",
        policy_source(Assets::stylesheet())
    )
});
/// Browser features the site never uses, turned off.
pub const PERMISSIONS_POLICY: &str =
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
/// Two years, subdomains included, as the HSTS preload list asks.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains; preload";

/// The headers every response carries (and HSTS over HTTPS).
pub static SECURITY_HEADERS: LazyLock<[(HeaderName, HeaderValue); 6]> = LazyLock::new(|| {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&CONTENT_SECURITY_POLICY).expect("a policy of ASCII text"),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        (HeaderName::from_static("permissions-policy"), HeaderValue::from_static(PERMISSIONS_POLICY)),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
});

/// Inserts the security headers (HSTS aside) into `headers`.
pub fn add_headers(headers: &mut HeaderMap) {
    headers.reserve(SECURITY_HEADERS.len());
    for (name, value) in SECURITY_HEADERS.iter() {
        headers.insert(name.clone(), value.clone());
    }
}

/// The `Strict-Transport-Security` header's value, for responses over HTTPS
/// (added by the server, which knows the scheme).
pub fn hsts() -> HeaderValue {
    HeaderValue::from_static(STRICT_TRANSPORT_SECURITY)
}

/// Completes every response with `finish`. This runs on every request, so
/// it is one cheap layer.
pub fn finishing_layer() -> MapResponseLayer<fn(Response) -> Response> {
    MapResponseLayer::new(finish)
}

/// Completes `response`, if it lacks them (pre-rendered responses carry
/// them already), with the security headers and a cache policy: the one
/// the handler named as an extension, or the default.
pub fn finish(mut response: Response) -> Response {
    let policy = response.extensions().get::<CachePolicy>().copied();
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        add_headers(headers);
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        cache::apply(policy.unwrap_or(cache::DEFAULT), headers);
    }
    response
}
