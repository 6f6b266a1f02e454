//! Security headers on every response, methods, bodies, long addresses and
//! paths that try to leave the site.

mod common;

use aseic::AppState;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Reply, built_in, get, request};

const HEADERS: [&str; 6] = [
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "x-frame-options",
];

fn assert_secure(reply: &Reply) {
    for name in HEADERS {
        assert!(reply.headers.contains_key(name), "{} ({}) lacks {name}", reply.path, reply.status);
    }
    let csp = reply.headers["content-security-policy"].to_str().unwrap();
    for directive in ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"] {
        assert!(csp.contains(directive), "CSP lacks {directive}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
}

async fn send(state: &AppState, method: Method, path: &str, body: &'static str) -> Reply {
    let mut builder = Request::builder().method(method).uri(path);
    if !body.is_empty() {
        builder = builder.header(header::CONTENT_LENGTH, body.len());
    }
    request(state, builder.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let state = built_in();
    let home = get(&state, "/").await;
    let icon = home.attrs("link[rel=icon]", "href").remove(0);
    let mut replies = vec![home];
    for path in ["/asem", "/members/korea", "/nowhere", "/healthz", "/robots.txt", "/asem/", &icon] {
        replies.push(get(&state, path).await);
    }
    replies.push(send(&state, Method::POST, "/asem", "").await);
    replies.push(send(&state, Method::GET, "/asem", "x=1").await);
    replies.push(get(&state, &format!("/{}", "a".repeat(3000))).await);
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, [200, 200, 200, 404, 200, 200, 308, 200, 405, 413, 414]);
    for reply in &replies {
        assert_secure(reply);
        assert!(!reply.headers.contains_key(header::STRICT_TRANSPORT_SECURITY), "no HSTS over plain HTTP");
    }
}

#[tokio::test]
async fn pages_take_only_get_and_head() {
    let state = built_in();
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH, Method::OPTIONS] {
        for path in ["/", "/members/korea", "/healthz"] {
            let reply = send(&state, method.clone(), path, "").await;
            assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            let allow = reply.headers[header::ALLOW].to_str().unwrap();
            assert!(allow.contains("GET") && allow.contains("HEAD"), "{method} {path}: Allow: {allow}");
        }
    }
}

#[tokio::test]
async fn every_address_refuses_other_methods_with_the_sites_own_answer() {
    let state = built_in();
    let heading = method_heading();
    // A Markdown page, a page's address with a trailing slash, an address
    // of nothing, and a page sent a body: each is refused for its method.
    for path in ["/history", "/asem/", "/nowhere", "/"] {
        for method in [Method::PUT, Method::DELETE, Method::TRACE, Method::from_bytes(b"BREW").unwrap()] {
            let reply = send(&state, method.clone(), path, "x=1").await;
            assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert_eq!(reply.header(header::ALLOW), "GET, HEAD", "{method} {path}");
            assert_eq!(reply.text("h1"), heading, "{method} {path}: the site's page, not an empty answer");
        }
    }
    let form = send(&state, Method::PUT, "/sme/check", "").await;
    assert_eq!((form.status, form.header(header::ALLOW)), (StatusCode::METHOD_NOT_ALLOWED, "GET, HEAD"));
    let api = send(&state, Method::DELETE, "/api/sme-check", "").await;
    assert_eq!((api.status, api.header(header::ALLOW)), (StatusCode::METHOD_NOT_ALLOWED, "GET, HEAD"));
    assert!(api.body.starts_with("{\"error\":"), "the API answers in JSON: {}", api.body);
}

/// The heading of the page for a refused method, as `content/ui.toml` words it.
fn method_heading() -> String {
    let ui: toml::Table = toml::from_str(&common::content_file("ui.toml")).unwrap();
    ui["errors"]["method_heading"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_request_body_is_refused() {
    let state = built_in();
    let reply = send(&state, Method::GET, "/", "hello").await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let chunked = Request::get("/").header(header::TRANSFER_ENCODING, "chunked").body(Body::from("x")).unwrap();
    assert_eq!(request(&state, chunked).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    let empty = Request::get("/").header(header::CONTENT_LENGTH, "0").body(Body::empty()).unwrap();
    assert_eq!(request(&state, empty).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_overlong_address_gets_414() {
    let state = built_in();
    assert_eq!(get(&state, &format!("/members/{}", "k".repeat(2100))).await.status, StatusCode::URI_TOO_LONG);
    let refused = get(&state, &format!("/members?q={}", "k".repeat(2100))).await;
    assert_eq!(refused.status, StatusCode::URI_TOO_LONG);
    assert!(refused.text("main").contains("at most 2,048 characters"), "the page quotes the limit");
    assert_eq!(get(&state, &format!("/members/{}", "k".repeat(1000))).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn no_path_reads_anything_outside_the_site() {
    let state = built_in();
    let corpus = [
        "/static/../Cargo.toml",
        "/static/..%2fCargo.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/static/..%5c..%5cCargo.toml",
        "/static/style.css%00.txt",
        "/static/%00",
        "/static//etc/passwd",
        "//etc/passwd",
        "/..",
        "/%2e%2e",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/members/..%2f..%2fCargo.toml",
        "/members/%2e%2e",
        "/members/korea/../../Cargo.toml",
        "/static/....//....//etc/passwd",
        "/static/%252e%252e/Cargo.toml",
        "/static/%c0%ae%c0%ae/Cargo.toml",
        "/.env",
        "/.git/config",
        "/content/site.toml",
        "/src/main.rs",
        "/Cargo.toml",
        "/static/",
        "/static",
        "/etc/passwd",
    ];
    for path in corpus {
        let reply = get(&state, path).await;
        assert!(
            reply.status == StatusCode::NOT_FOUND || reply.status == StatusCode::BAD_REQUEST,
            "{path}: {}",
            reply.status
        );
        for secret in ["root:", "[package]", "full_name =", "fn main"] {
            assert!(!reply.body.contains(secret), "{path} leaked {secret}");
        }
    }
}

#[tokio::test]
async fn a_trailing_slash_redirect_keeps_the_query_on_every_page() {
    let state = built_in();
    for (path, target) in [
        ("/members/?region=asia", "/members?region=asia"),
        ("/search/?q=korea", "/search?q=korea"),
        ("/sme/check/?staff=3", "/sme/check?staff=3"),
        ("/members/korea/", "/members/korea"),
    ] {
        let reply = get(&state, path).await;
        assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT, "{path}");
        assert_eq!(reply.headers[header::LOCATION], target, "{path}");
    }
    assert_eq!(get(&state, "/nowhere/?q=1").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_query_that_does_not_read_as_text_gets_the_400_page() {
    let state = built_in();
    for path in ["/search?q=%ff", "/members?q=%00", "/sme/check?staff=%zz", "/asem?x=%c3"] {
        let reply = get(&state, path).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(reply.text("h1"), "This address cannot be read", "{path}");
        assert!(!reply.body.contains('\0'), "{path}: a NUL in the page");
        assert_secure(&reply);
    }
    let api = get(&state, "/api/sme-check?staff=%00&turnover=1&balance_sheet=1").await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.header(header::CONTENT_TYPE), "application/json");
}
