//! HTTP/2 over TLS: offered by ALPN beside HTTP/1.1, with the same pages and
//! headers, a bound on streams and on the header list, and an idle time
//! limit. A Rust HTTP/2 client checks the settings; curl, a real client,
//! checks the rest (it needs curl: `scripts/test` runs it with `--ignored`).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::server::Server;
use common::tls::write_certificate;

fn start_https(dir: &Path, extra: &[&str]) -> Server {
    let file = |name: &str| dir.join(name).display().to_string();
    let mut args = vec!["--addr".to_owned(), "127.0.0.1:0".to_owned()];
    args.extend(["--tls-cert".to_owned(), file("cert.pem"), "--tls-key".to_owned(), file("key.pem")]);
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn get(path: &str) -> axum::http::Request<()> {
    common::h2::request("GET", path)
}

#[tokio::test]
async fn http2_serves_the_pages_with_their_headers_and_its_limits() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let server = start_https(dir.path(), &[]);
    let (client, _connection) = common::h2::connect(&server.addr, &certificate).await;
    let mut client = client.ready().await.expect("ready");
    let (response, _) = client.send_request(get("/members/korea"), true).expect("sent");
    let response = response.await.expect("an answer");
    // The server's SETTINGS have arrived with its first answer.
    assert_eq!(client.current_max_send_streams(), 32, "the server allows 32 streams at once");
    assert_eq!(response.status(), 200);
    for name in ["content-security-policy", "strict-transport-security", "x-content-type-options", "etag"] {
        assert!(response.headers().contains_key(name), "HTTP/2 answers carry {name}");
    }
    let page = common::h2::body(response).await;
    assert!(String::from_utf8_lossy(&page).contains("<h1>Korea</h1>"));

    // A header list over 32 KiB gets the site's own 431 page, with the
    // security headers, as over HTTP/1.1; the connection lives on.
    let mut client = client.ready().await.expect("ready");
    let mut big = get("/asem");
    big.headers_mut().insert("x-big", "a".repeat(40 * 1024).parse().expect("a value"));
    let (response, _) = client.send_request(big, true).expect("sent");
    let response = response.await.expect("an answer");
    assert_eq!(response.status(), 431);
    for name in ["content-security-policy", "strict-transport-security", "x-content-type-options"] {
        assert!(response.headers().contains_key(name), "the 431 page carries {name}");
    }
    let page = String::from_utf8(common::h2::body(response).await).expect("UTF-8");
    assert!(page.contains("<h1>") && page.contains("</html>"), "the site's own page: {page}");
    let mut client = client.ready().await.expect("ready");
    let (response, _) = client.send_request(get("/asem"), true).expect("sent");
    assert_eq!(response.await.expect("an answer").status(), 200);
}

#[tokio::test]
async fn an_idle_http2_connection_is_closed() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let server = start_https(dir.path(), &["--client-timeout", "1"]);
    let (client, connection) = common::h2::connect(&server.addr, &certificate).await;
    let mut client = client.ready().await.expect("ready");
    let (response, _) = client.send_request(get("/asem"), true).expect("sent");
    assert_eq!(response.await.expect("an answer").status(), 200);
    let started = Instant::now();
    let ended = tokio::time::timeout(common::PATIENCE, connection).await;
    assert!(ended.is_ok(), "the idle connection was still open after {:?}", common::PATIENCE);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "closed after {:?}, before the time limit",
        started.elapsed()
    );
}

#[test]
#[ignore = "needs curl; scripts/test runs it"]
fn curl_gets_http2_and_http1_1_by_alpn() {
    let dir = tempfile::tempdir().expect("a folder");
    write_certificate(dir.path());
    let server = start_https(dir.path(), &[]);
    let port = server.addr.rsplit(':').next().expect("a port");
    let url = format!("https://localhost:{port}/members/korea");
    let cert = dir.path().join("cert.pem");
    let curl = |version: &str| {
        let output = Command::new("curl")
            .args(["--silent", "--show-error", version, "--cacert"])
            .arg(&cert)
            .args(["--resolve", &format!("localhost:{port}:127.0.0.1"), "--dump-header", "-", "--output", "/dev/null"])
            .arg(&url)
            .output()
            .expect("curl runs");
        assert!(output.status.success(), "curl {version}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).to_lowercase()
    };
    let h2 = curl("--http2");
    assert!(h2.starts_with("http/2 200"), "{h2}");
    for header in ["content-security-policy:", "strict-transport-security:", "x-request-id:"] {
        assert!(h2.contains(header), "{header} over HTTP/2: {h2}");
    }
    let h1 = curl("--http1.1");
    assert!(h1.starts_with("http/1.1 200"), "{h1}");
    // HEAD (-I) on error pages: no DATA frames, so no protocol error.
    let long = format!("/{}", "a".repeat(3000));
    for (path, status) in [("/no-such-page", "404"), ("/search?q=%ff", "400"), (long.as_str(), "414"), ("/asem", "200")]
    {
        for version in ["--http2", "--http1.1"] {
            let output = Command::new("curl")
                .args(["--silent", "--show-error", "--head", version, "--cacert"])
                .arg(&cert)
                .args(["--resolve", &format!("localhost:{port}:127.0.0.1")])
                .arg(format!("https://localhost:{port}{path}"))
                .output()
                .expect("curl runs");
            let head = String::from_utf8_lossy(&output.stdout).to_lowercase();
            assert!(output.status.success(), "curl -I {version} {status}: {}", String::from_utf8_lossy(&output.stderr));
            assert!(head.contains(&format!(" {status}")), "{version} {path:.40}: {head}");
        }
    }
}
