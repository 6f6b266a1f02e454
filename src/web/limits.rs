//! What a request must be before any page answers it: GET or HEAD on a
//! path (not `*`), a bounded address and head, one valid Host, a query
//! string that reads as UTF-8 without NUL, and no body.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, Version, header};
use axum::response::{IntoResponse, Response};

use super::error::PageError;
use super::short_circuit::ShortCircuitLayer;
use crate::render::format;
use crate::site::ui::{NumbersText, Phrase};

/// Longer request targets are refused with 414.
pub const MAX_URI_LENGTH: usize = 2048;
/// Longer request heads (the request line and every header, as parsed) are
/// refused with 431, however they arrive. The HTTP library refuses heads
/// of twice this size on its own, so that this limit is always the one met.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;
/// A request with more header lines is refused with 431. The HTTP library
/// reads up to `READ_HEADER_LINES`, so that this limit is the one met.
pub const MAX_HEADER_LINES: usize = 100;
/// How many header lines the HTTP library reads before it refuses a head
/// on its own, with a bare 431: far above `MAX_HEADER_LINES`, and a bound
/// on the room each request's head takes while it is read.
pub const READ_HEADER_LINES: usize = 1024;

impl PageError {
    /// `paragraph` with the limits a refusal's page quotes: `{limit}`, the
    /// longest address in characters, and `{kib}`, the largest head in
    /// KiB. Defined here, beside the limits it quotes, as `web::error`
    /// cannot import this module (this module imports it).
    pub fn with_limits(paragraph: &Phrase, numbers: &NumbersText) -> String {
        let longest = format::number(numbers, MAX_URI_LENGTH as u64);
        paragraph.with("limit", longest).with("kib", MAX_HEAD_BYTES / 1024).to_string()
    }
}

/// Refuses what no page takes (see `check`).
pub fn request_limits_layer() -> ShortCircuitLayer<fn(&Request) -> Option<Response>> {
    ShortCircuitLayer(|request: &Request| {
        let error = check(request).err()?;
        let mut response = error.into_response();
        if error == PageError::MethodNotAllowed {
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static(ALLOWED_METHODS));
        }
        Some(response)
    })
}

/// The methods every address takes, as an `Allow` header lists them: the
/// SME check's form, too, is sent by GET.
pub const ALLOWED_METHODS: &str = "GET, HEAD";

/// Why `request` is refused, if it is. The method is judged first: a body
/// sent with a method no page takes is refused for its method, not its size.
pub fn check<B>(request: &Request<B>) -> Result<(), PageError> {
    let uri = request.uri();
    let method = request.method();
    let is_read = method == Method::GET || method == Method::HEAD;
    if uri == "*" || !is_read {
        return Err(PageError::MethodNotAllowed);
    }
    if uri.path().len() + uri.query().map_or(0, str::len) > MAX_URI_LENGTH {
        return Err(PageError::UriTooLong);
    }
    if head_size(request) > MAX_HEAD_BYTES || request.headers().len() > MAX_HEADER_LINES {
        return Err(PageError::HeadTooLarge);
    }
    if !has_valid_host(request) {
        return Err(PageError::BadHost);
    }
    if uri.query().is_some_and(|query| !query_reads(query)) {
        return Err(PageError::BadQuery);
    }
    if has_body(request.headers()) {
        return Err(PageError::BodyRefused);
    }
    Ok(())
}

/// The size of the request's head as written on the wire: the request
/// line, each header line, and the blank line after them.
fn head_size<B>(request: &Request<B>) -> usize {
    let line = request.method().as_str().len() + request.uri().to_string().len() + "  HTTP/1.1\r\n".len();
    let headers: usize = request.headers().iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    line + headers + 2
}

/// One Host header naming a host (and a port in range), with no user name
/// in it (RFC 9112, section 3.2). HTTP/1.0 may leave it out; HTTP/2 names
/// the host in the request's own address instead.
fn has_valid_host<B>(request: &Request<B>) -> bool {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().is_ok_and(is_host),
        (Some(_), Some(_)) => false,
        (None, _) => match request.version() {
            Version::HTTP_09 | Version::HTTP_10 => true,
            Version::HTTP_11 => false,
            _ => request.uri().authority().is_some_and(|a| is_host(a.as_str())),
        },
    }
}

/// `host`, `host:port`, `[::1]:8080`; not `user@host`, not port 99999
/// (see `host::is_valid`).
pub fn is_host(value: &str) -> bool {
    super::host::is_valid(value)
}

/// Whether every `%` escape is two hex digits, and what they decode to is
/// UTF-8 without NUL: the query a page can read as text.
fn query_reads(query: &str) -> bool {
    let bytes = query.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) else { return false };
                decoded.push(byte);
                i += 3;
            }
            byte => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    !decoded.contains(&0) && std::str::from_utf8(&decoded).is_ok()
}

/// Whether a request with these headers carries a body.
pub fn has_body(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_LENGTH).is_some_and(|v| v != "0") || headers.contains_key(header::TRANSFER_ENCODING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_with_user_names_or_bad_ports_are_not_hosts() {
        for good in ["www.aseic.org", "localhost:8080", "[::1]:8443", "127.0.0.1"] {
            assert!(is_host(good), "{good}");
        }
        for bad in ["", "a@evil.example", "x:99999", "x:port", "evil.org/path", "bad host"] {
            assert!(!is_host(bad), "{bad}");
        }
    }

    #[test]
    fn queries_must_read_as_text() {
        for good in ["q=korea", "q=%C3%A9cologie", "q=a+b&region=asia", "", "q=100%25"] {
            assert!(query_reads(good), "{good}");
        }
        for bad in ["q=%ff", "q=%00", "q=%zz", "q=%4", "q=%"] {
            assert!(!query_reads(bad), "{bad}");
        }
    }
}
