//! HTTP/2 over TLS: offered by ALPN beside HTTP/1.1, with the same pages and
//! headers, a bound on streams and on the header list, and an idle time
//! limit. A Rust HTTP/2 client checks the settings; curl, a real client,
//! checks the rest (it needs curl: `scripts/test` runs it with `--ignored`).

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::Request;
use common::server::Server;
use common::tls::write_certificate;
use rustls::pki_types::{CertificateDer, ServerName};

fn start_https(dir: &Path, extra: &[&str]) -> Server {
    let file = |name: &str| dir.join(name).display().to_string();
    let mut args = vec!["--addr".to_owned(), "127.0.0.1:0".to_owned()];
    args.extend(["--tls-cert".to_owned(), file("cert.pem"), "--tls-key".to_owned(), file("key.pem")]);
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// An HTTP/2 connection to `addr` over TLS, trusting only `root`.
async fn h2_connect(
    addr: &str,
    root: &CertificateDer<'static>,
) -> (h2::client::SendRequest<bytes::Bytes>, tokio::task::JoinHandle<Result<(), h2::Error>>) {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root.clone()).expect("a root");
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec()];
    let tcp = tokio::net::TcpStream::connect(addr).await.expect("connects");
    let name = ServerName::try_from("localhost").expect("a name");
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await.expect("a handshake");
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]), "the server chose h2");
    let (client, connection) = h2::client::handshake(tls).await.expect("an HTTP/2 handshake");
    (client, tokio::spawn(connection))
}

fn get(path: &str) -> Request<()> {
    Request::get(format!("https://localhost{path}")).body(()).expect("a request")
}

#[tokio::test]
async fn http2_serves_the_pages_with_their_headers_and_its_limits() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let server = start_https(dir.path(), &[]);
    let (client, _connection) = h2_connect(&server.addr, &certificate).await;
    let mut client = client.ready().await.expect("ready");
    let (response, _) = client.send_request(get("/members/korea"), true).expect("sent");
    let response = response.await.expect("an answer");
    // The server's SETTINGS have arrived with its first answer.
    assert_eq!(client.current_max_send_streams(), 100, "the server allows 100 streams at once");
    assert_eq!(response.status(), 200);
    for name in ["content-security-policy", "strict-transport-security", "x-content-type-options", "etag"] {
        assert!(response.headers().contains_key(name), "HTTP/2 answers carry {name}");
    }
    let mut body = response.into_body();
    let mut page = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.expect("a chunk");
        body.flow_control().release_capacity(chunk.len()).expect("capacity");
        page.extend_from_slice(&chunk);
    }
    assert!(String::from_utf8_lossy(&page).contains("<h1>Korea</h1>"));

    // A header list over 32 KiB is refused, and the connection lives on.
    let mut client = client.ready().await.expect("ready");
    let mut big = get("/asem");
    big.headers_mut().insert("x-big", "a".repeat(40 * 1024).parse().expect("a value"));
    let refused = match client.send_request(big, true) {
        Ok((response, _)) => response.await.map(|r| r.status().as_u16()).unwrap_or(0),
        Err(_) => 0,
    };
    assert!(refused == 0 || refused == 431, "a 40 KiB header list answered {refused}");
    let mut client = client.ready().await.expect("ready");
    let (response, _) = client.send_request(get("/asem"), true).expect("sent");
    assert_eq!(response.await.expect("an answer").status(), 200);
}

#[tokio::test]
async fn an_idle_http2_connection_is_closed() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let server = start_https(dir.path(), &["--client-timeout", "1"]);
    let (client, connection) = h2_connect(&server.addr, &certificate).await;
    let mut client = client.ready().await.expect("ready");
    let (response, _) = client.send_request(get("/asem"), true).expect("sent");
    assert_eq!(response.await.expect("an answer").status(), 200);
    let started = Instant::now();
    let ended = tokio::time::timeout(Duration::from_secs(5), connection).await;
    assert!(ended.is_ok(), "the idle connection was still open after 5 s");
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
}
