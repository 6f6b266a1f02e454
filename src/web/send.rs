//! Sending a response: a prepared one in the encoding the client takes, or
//! 304 when its copy is current; or HTML made for this request, compressed
//! on the fly.

use std::sync::LazyLock;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use headers::{HeaderMapExt, IfNoneMatch};

use super::negotiate::negotiate;
use super::prepared::{Prepared, PreparedVariant};
use crate::render::HTML;
use crate::render::assets::Assets;
use crate::render::encoding::{Coding, FixedPart, compress_made};

/// Sends `prepared` in the best encoding the client accepts, or 304 when
/// the client's copy is current. (`If-Match` is the router's to judge, in
/// `preconditions`.)
pub fn send(prepared: &Prepared, request_headers: &HeaderMap) -> Response {
    let variant = prepared.variant(negotiate(request_headers.get(header::ACCEPT_ENCODING)));
    if client_copy_is_current(request_headers, variant) {
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

/// Whether `If-None-Match` names the variant's ETag (weak comparison, as
/// RFC 9110 asks for this header), so that 304 will do.
fn client_copy_is_current(request_headers: &HeaderMap, variant: &PreparedVariant) -> bool {
    if !request_headers.contains_key(header::IF_NONE_MATCH) {
        return false;
    }
    request_headers.typed_get::<IfNoneMatch>().is_some_and(|tags| !tags.precondition_passes(&variant.etag))
}

/// Sends a page made for this request from the content loaded at
/// `last_modified`, compressed on the fly in `coding`.
pub fn send_page(status: StatusCode, html: String, coding: Coding, last_modified: &HeaderValue) -> Response {
    let mut response = send_html(status, html, coding);
    response.headers_mut().insert(header::LAST_MODIFIED, last_modified.clone());
    response
}

/// Sends HTML made for this request, compressed on the fly in `coding`.
pub fn send_html(status: StatusCode, html: String, coding: Coding) -> Response {
    let body = match coding {
        Coding::Identity => html.into_bytes(),
        _ => {
            static STYLESHEET: LazyLock<FixedPart> = LazyLock::new(|| FixedPart::new(Assets::stylesheet().as_bytes()));
            compress_made(coding, html.as_bytes(), &STYLESHEET)
        }
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(HTML));
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = coding.content_encoding() {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}
