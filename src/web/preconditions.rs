//! The preconditions of a GET (RFC 9110, 13): `If-Match`, which a page
//! passes only in the version it names, and `If-None-Match: *`, which any
//! page that exists meets. (`If-None-Match` with tags is `send`'s, with the
//! ETag of the encoding it sends.)

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use headers::{HeaderMapExt, IfMatch, IfNoneMatch};

use super::error::PageError;
use super::negotiate::negotiate;
use super::prepared::Prepared;

/// Whether `If-Match`, if the request has one, passes for a page whose
/// current version is `etag` (`None` for a page made per request, which has
/// no version to name): `*` passes, as the page exists; a list passes when
/// it names `etag` (strong comparison).
fn if_match_passes(request_headers: &HeaderMap, etag: Option<&headers::ETag>) -> bool {
    if !request_headers.contains_key(header::IF_MATCH) {
        return true;
    }
    match request_headers.typed_get::<IfMatch>() {
        Some(if_match) if if_match == IfMatch::any() => true,
        Some(if_match) => etag.is_some_and(|etag| if_match.precondition_passes(etag)),
        None => false,
    }
}

/// 412 for a request for `prepared` whose `If-Match` names another version
/// than the one it would be sent in.
pub fn prepared(prepared: &Prepared, request_headers: &HeaderMap) -> Result<(), PageError> {
    let variant = prepared.variant(negotiate(request_headers.get(header::ACCEPT_ENCODING)));
    if if_match_passes(request_headers, Some(&variant.etag)) { Ok(()) } else { Err(PageError::PreconditionFailed) }
}

/// The answer to the preconditions of a GET of a page made per request,
/// before it is made: 412 for an `If-Match` that names a version (it has
/// none), 304 for `If-None-Match: *` (it exists), or nothing: make it.
pub fn made_page(request_headers: &HeaderMap) -> Result<Option<Response>, PageError> {
    if !if_match_passes(request_headers, None) {
        return Err(PageError::PreconditionFailed);
    }
    let any = request_headers.typed_get::<IfNoneMatch>().is_some_and(|tags| tags == IfNoneMatch::any());
    Ok(any.then(|| StatusCode::NOT_MODIFIED.into_response()))
}
