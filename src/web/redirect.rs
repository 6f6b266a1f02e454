//! The plain-HTTP listener of `--http-redirect`: every request is sent to
//! the same address over HTTPS.

use axum::extract::Request;
use axum::http::uri::Authority;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error::PageError;
use super::response_headers;

/// A permanent redirect (308, so the method is kept) to the HTTPS address
/// of `request`, whose HTTPS port is `https_port`; 400 without a valid Host.
pub fn to_https(request: &Request, https_port: u16) -> Response {
    let host = request
        .uri()
        .authority()
        .cloned()
        .or_else(|| request.headers().get(header::HOST).and_then(|h| h.to_str().ok()?.parse::<Authority>().ok()));
    let mut response = match host {
        Some(host) => {
            let port = if https_port == 443 { String::new() } else { format!(":{https_port}") };
            let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
            let location = format!("https://{}{port}{path}", host.host());
            match HeaderValue::from_str(&location) {
                Ok(value) => {
                    let mut response =
                        (StatusCode::PERMANENT_REDIRECT, format!("This site is at {location}\n")).into_response();
                    response.headers_mut().insert(header::LOCATION, value);
                    response
                }
                Err(_) => PageError::BadHost.into_response(),
            }
        }
        None => PageError::BadHost.into_response(),
    };
    response_headers::add_headers(response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn location(host: Option<&str>, target: &str, port: u16) -> (StatusCode, Option<String>) {
        let mut request = Request::get(target);
        if let Some(host) = host {
            request = request.header(header::HOST, host);
        }
        let response = to_https(&request.body(Body::empty()).unwrap(), port);
        let location = response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned());
        (response.status(), location)
    }

    #[test]
    fn redirects_keep_host_path_and_query_and_use_the_https_port() {
        let to = |url: &str| (StatusCode::PERMANENT_REDIRECT, Some(url.to_owned()));
        assert_eq!(location(Some("www.aseic.org"), "/asem?x=1", 443), to("https://www.aseic.org/asem?x=1"));
        assert_eq!(location(Some("www.aseic.org:80"), "/", 443), to("https://www.aseic.org/"));
        assert_eq!(location(Some("localhost:8080"), "/sme", 8443), to("https://localhost:8443/sme"));
        assert_eq!(location(Some("[::1]:8080"), "/", 8443), to("https://[::1]:8443/"));
        assert_eq!(location(None, "http://example.org/a", 443), to("https://example.org/a"));
    }

    #[test]
    fn a_missing_or_bad_host_is_refused() {
        assert_eq!(location(None, "/", 443), (StatusCode::BAD_REQUEST, None));
        assert_eq!(location(Some("bad host"), "/", 443), (StatusCode::BAD_REQUEST, None));
        assert_eq!(location(Some("evil.org/path"), "/", 443), (StatusCode::BAD_REQUEST, None));
    }
}
