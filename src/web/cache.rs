//! Writing a `CachePolicy` as `Cache-Control`: the one place it happens, for
//! pre-built responses and for responses made per request alike.

use axum::http::{HeaderMap, HeaderValue, header};

use crate::render::cache::CachePolicy;

/// The policy of a response made per request that names none: pages
/// revalidate, like the pre-rendered ones.
pub const DEFAULT: CachePolicy = CachePolicy::Revalidate;

/// Sets `Cache-Control` for `policy`.
pub fn apply(policy: CachePolicy, headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy.header_value()));
}
