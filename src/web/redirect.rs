//! The plain-HTTP listener of `--http-redirect`: every request is sent to
//! the same address over HTTPS.

use axum::extract::Request;
use axum::http::uri::Authority;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error::PageError;
use super::{limits, response_headers};

/// A permanent redirect (308, so the method is kept) to the HTTPS address
/// of `request`, whose HTTPS port is `https_port`. A request the site
/// would refuse (no valid Host, a `*` or CONNECT target, an overlong
/// address) is refused here too, with the same error.
pub fn to_https(request: &Request, https_port: u16) -> Response {
    let mut response = match redirect(request, https_port) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    };
    response_headers::add_headers(response.headers_mut());
    response
}

fn redirect(request: &Request, https_port: u16) -> Result<Response, PageError> {
    limits::check(request)?;
    // An address in absolute form names the host; otherwise Host does.
    let host = match request.uri().authority() {
        Some(authority) => authority.host().to_owned(),
        None => {
            let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).ok_or(PageError::BadHost)?;
            host.parse::<Authority>().map_err(|_| PageError::BadHost)?.host().to_owned()
        }
    };
    let port = if https_port == 443 { String::new() } else { format!(":{https_port}") };
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let location = format!("https://{host}{port}{path}");
    let value = HeaderValue::from_str(&location).map_err(|_| PageError::BadHost)?;
    let mut response = (StatusCode::PERMANENT_REDIRECT, format!("This site is at {location}\n")).into_response();
    response.headers_mut().insert(header::LOCATION, value);
    Ok(response)
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
        assert_eq!(location(Some("example.org"), "http://example.org/a", 443), to("https://example.org/a"));
    }

    #[test]
    fn a_missing_or_bad_host_is_refused() {
        assert_eq!(location(None, "/", 443), (StatusCode::BAD_REQUEST, None));
        assert_eq!(location(Some("bad host"), "/", 443), (StatusCode::BAD_REQUEST, None));
        assert_eq!(location(Some("evil.org/path"), "/", 443), (StatusCode::BAD_REQUEST, None));
        assert_eq!(location(Some("a@evil.example"), "/", 443), (StatusCode::BAD_REQUEST, None));
        assert_eq!(location(Some("www.aseic.org:99999"), "/", 443), (StatusCode::BAD_REQUEST, None));
        let huge = "a".repeat(20_000);
        for bad in ["[zz]", "a..b", huge.as_str(), "x y", "evil.example:99999"] {
            let refused = to_https(&Request::get("/").header(header::HOST, bad).body(Body::empty()).unwrap(), 443);
            assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{bad}");
            assert!(refused.headers().get(header::LOCATION).is_none(), "{bad} is never echoed");
        }
        assert_eq!(location(Some("www.aseic.org"), "*", 443).0, StatusCode::METHOD_NOT_ALLOWED);
        let long = format!("/{}", "a".repeat(3000));
        assert_eq!(location(Some("www.aseic.org"), &long, 443).0, StatusCode::URI_TOO_LONG);
    }
}
