//! Limits on what a request may be: no body, and an address of bounded
//! length.

use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use super::error::PageError;
use super::short_circuit::ShortCircuitLayer;

/// Longer request targets are refused with 414.
pub const MAX_URI_LENGTH: usize = 2048;

/// Refuses what no page takes: a request body (413) and an overlong target
/// (414).
pub fn request_limits_layer() -> ShortCircuitLayer<fn(&Request) -> Option<Response>> {
    ShortCircuitLayer(refusal)
}

/// Why `request` is refused, if it is.
fn refusal(request: &Request) -> Option<Response> {
    let uri = request.uri();
    if uri.path().len() + uri.query().map_or(0, str::len) > MAX_URI_LENGTH {
        return Some(PageError::UriTooLong.into_response());
    }
    if has_body(request.headers()) {
        return Some(PageError::BodyRefused.into_response());
    }
    None
}

/// Whether a request with these headers carries a body.
pub fn has_body(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_LENGTH).is_some_and(|v| v != "0") || headers.contains_key(header::TRANSFER_ENCODING)
}
