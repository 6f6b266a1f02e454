//! Pages and assets are sent precompressed, with strong ETags, the right
//! cache lifetimes, and 304 for a current copy.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use axum::http::{StatusCode, header};
use common::server::{Server, header_of};
use common::{built_in, get_ok, get_with};

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut out).expect("gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("brotli");
    String::from_utf8(out).expect("UTF-8")
}

#[tokio::test]
async fn pages_are_sent_in_the_encoding_the_client_prefers() {
    let state = built_in();
    for path in ["/", "/members", "/members/korea", "/robots.txt"] {
        let plain = get_ok(&state, path).await.body;
        let reply = get_with(&state, path, &[("accept-encoding", "gzip, deflate, br")]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "br", "{path}");
        assert_eq!(unbrotli(&reply.bytes), plain, "{path}");
        let reply = get_with(&state, path, &[("accept-encoding", "br;q=0.1, gzip")]).await;
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "gzip", "{path}");
        assert_eq!(gunzip(&reply.bytes), plain, "{path}");
        let reply = get_with(&state, path, &[("accept-encoding", "identity")]).await;
        assert!(reply.headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(reply.body, plain);
        assert_eq!(reply.headers[header::VARY], "accept-encoding");
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-cache");
    }
}

#[tokio::test]
async fn pages_made_per_request_are_compressed_as_the_client_takes_it_and_decode_whole() {
    let state = built_in();
    for path in ["/search?q=ministry+environment", "/members?q=korea", "/search?q=zzzz", "/ko/search?q=환경"] {
        let plain = get_ok(&state, path).await.body;
        let reply = get_with(&state, path, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "zstd", "{path}: a browser's choice, zstd, costs least");
        let unzstd = String::from_utf8(zstd::decode_all(&reply.bytes[..]).expect("zstd")).expect("UTF-8");
        assert_eq!(unzstd, plain, "{path}");
        let zstd_length = reply.bytes.len();
        let reply = get_with(&state, path, &[("accept-encoding", "gzip, deflate, br")]).await;
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "gzip", "{path}: without zstd, gzip");
        assert_eq!(gunzip(&reply.bytes), plain, "{path}");
        assert!(reply.bytes.len() * 2 < plain.len(), "{path}: {} of {}", reply.bytes.len(), plain.len());
        assert!(zstd_length < reply.bytes.len(), "{path}: zstd {zstd_length}, gzip {}", reply.bytes.len());
        let reply = get_with(&state, path, &[("accept-encoding", "br")]).await;
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "br", "{path}");
        assert_eq!(unbrotli(&reply.bytes), plain, "{path}");
        let reply = get_with(&state, path, &[("accept-encoding", "gzip;q=0, br")]).await;
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "br", "{path}: a refused coding is never sent");
    }
}

#[tokio::test]
async fn a_current_copy_gets_304_and_each_encoding_its_own_etag() {
    let state = built_in();
    let mut etags = Vec::new();
    for accept in ["br", "gzip", "identity"] {
        let reply = get_with(&state, "/asem", &[("accept-encoding", accept)]).await;
        etags.push(reply.headers[header::ETAG].to_str().unwrap().to_owned());
    }
    assert!(etags.iter().all(|e| e.starts_with('"') && e.ends_with('"')), "strong ETags: {etags:?}");
    assert!(etags[0] != etags[1] && etags[1] != etags[2] && etags[0] != etags[2], "{etags:?}");

    let reply = get_with(&state, "/asem", &[("accept-encoding", "br"), ("if-none-match", &etags[0])]).await;
    assert_eq!(reply.status, StatusCode::NOT_MODIFIED);
    assert!(reply.bytes.is_empty());
    assert_eq!(reply.headers[header::ETAG].to_str().unwrap(), etags[0]);
    assert_eq!(reply.headers[header::VARY], "accept-encoding");

    // The brotli ETag does not validate the gzip variant.
    let reply = get_with(&state, "/asem", &[("accept-encoding", "gzip"), ("if-none-match", &etags[0])]).await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = get_with(&state, "/asem", &[("if-none-match", "\"stale\", W/\"x\"")]).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn assets_have_fingerprinted_names_and_are_cached_for_a_year() {
    let state = built_in();
    let home = get_ok(&state, "/").await;
    let assets = home.attrs("link[href^='/static/']", "href");
    assert_eq!(assets.len(), 1, "the icon (the stylesheet is inline): {assets:?}");
    for url in assets {
        let name = url.trim_start_matches("/static/");
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{name}: name.hash.extension");
        assert_eq!(parts[1].len(), 16, "{name}: a 16-digit hash");
        let reply = get_with(&state, &url, &[("accept-encoding", "br")]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
        assert_eq!(reply.headers[header::CONTENT_ENCODING], "br");
        assert!(!unbrotli(&reply.bytes).is_empty());
    }
}

#[tokio::test]
async fn the_404_page_is_compressed_too_but_carries_no_etag() {
    let state = built_in();
    let reply = get_with(&state, "/nowhere", &[("accept-encoding", "gzip")]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.headers[header::CONTENT_ENCODING], "gzip");
    assert!(reply.headers.get(header::ETAG).is_none());
    assert!(gunzip(&reply.bytes).contains("Page not found"));
}

/// The server answers pre-rendered pages before its router; over a real
/// connection they must come back as the router sends them.
#[tokio::test]
async fn the_running_server_answers_pages_as_the_router_does() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let raw = |request: &str| {
        let mut stream = TcpStream::connect(&server.addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        stream.write_all(request.as_bytes()).expect("writes");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("reads");
        response
    };
    let state = built_in();
    for path in ["/asem", "/members/korea", "/robots.txt"] {
        let routed = get_with(&state, path, &[("accept-encoding", "gzip")]).await;
        let response =
            raw(&format!("GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"));
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a head") + 4;
        let (head, body) = (String::from_utf8_lossy(&response[..split]).into_owned(), &response[split..]);
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        assert_eq!(body, &routed.bytes[..], "{path}: the same bytes");
        for name in [header::ETAG, header::CONTENT_TYPE, header::CONTENT_ENCODING, header::CACHE_CONTROL, header::VARY]
        {
            assert_eq!(
                header_of(&head, name.as_str()).as_deref(),
                routed.headers[&name].to_str().ok(),
                "{path}: {name}"
            );
        }
        assert!(header_of(&head, "content-security-policy").is_some() && header_of(&head, "x-request-id").is_some());
        let etag = &routed.headers[header::ETAG].to_str().unwrap();

        let fresh = raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
        ));
        let fresh = String::from_utf8_lossy(&fresh);
        assert!(fresh.starts_with("HTTP/1.1 304") && fresh.ends_with("\r\n\r\n"), "{path}: {fresh}");

        let head_only =
            raw(&format!("HEAD {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"));
        let head_only = String::from_utf8_lossy(&head_only);
        assert!(head_only.starts_with("HTTP/1.1 200") && head_only.ends_with("\r\n\r\n"), "{path}: {head_only}");
        assert_eq!(header_of(&head_only, "content-length"), Some(body.len().to_string()), "{path}");

        let with_body =
            raw(&format!("GET {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"));
        assert!(String::from_utf8_lossy(&with_body).starts_with("HTTP/1.1 413"), "{path}");
        let posted = raw(&format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        assert!(String::from_utf8_lossy(&posted).starts_with("HTTP/1.1 405"), "{path}");
    }
}

#[tokio::test]
async fn every_page_says_when_it_last_changed_and_preconditions_are_kept() {
    let state = built_in();
    let loaded = state.current.load().last_modified.to_str().expect("a date").to_owned();
    for path in
        ["/asem", "/ko/asem", "/members?region=asia", "/search?q=korea", "/sme/check", "/sme/check?staff=5&turnover=1"]
    {
        let reply = get_ok(&state, path).await;
        assert_eq!(reply.header(axum::http::header::LAST_MODIFIED), loaded, "{path}");
    }
    let etag = get_ok(&state, "/asem").await.header(axum::http::header::ETAG).to_owned();
    // A pre-rendered page: If-Match passes with its tag, or with *, and
    // otherwise is refused with the site's page; If-None-Match: * is 304.
    for (path, name, value, status) in [
        ("/asem", "if-match", etag.as_str(), StatusCode::OK),
        ("/asem", "if-match", "*", StatusCode::OK),
        ("/asem", "if-match", "\"another\"", StatusCode::PRECONDITION_FAILED),
        ("/asem", "if-none-match", "*", StatusCode::NOT_MODIFIED),
        // A page made per request has no version to name.
        ("/search?q=korea", "if-match", "*", StatusCode::OK),
        ("/search?q=korea", "if-match", "\"x\"", StatusCode::PRECONDITION_FAILED),
        ("/search?q=korea", "if-none-match", "*", StatusCode::NOT_MODIFIED),
        ("/search?q=korea", "if-none-match", "\"x\"", StatusCode::OK),
        ("/members?region=asia", "if-match", "\"x\"", StatusCode::PRECONDITION_FAILED),
        ("/members?region=asia", "if-none-match", "*", StatusCode::NOT_MODIFIED),
        ("/sme/check?staff=5&turnover=1", "if-match", "\"x\"", StatusCode::PRECONDITION_FAILED),
        ("/ko/search?q=korea", "if-none-match", "*", StatusCode::NOT_MODIFIED),
    ] {
        let reply = get_with(&state, path, &[(name, value)]).await;
        assert_eq!(reply.status, status, "{path} {name}: {value}");
        if status == StatusCode::PRECONDITION_FAILED {
            assert!(reply.text("h1").contains("changed"), "{path}: the site's own page: {}", reply.body);
        }
    }
}
