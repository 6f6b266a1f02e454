//! Clients that cheat: connections whose answers cannot move are closed
//! however well they answer pings (HTTP/2 and HTTP/1.1), HEAD never gets a
//! body, one address holds so many connections, running out of file
//! descriptors logs a line a second, and everyone else is served
//! meanwhile. The real binary on loopback, with a hostile HTTP/2 client
//! written with the `h2` crate.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::server::{Server, connect_from, metric};
use common::tls::{https_get, write_certificate};

fn start_https(dir: &Path, extra: &[&str]) -> Server {
    let file = |name: &str| dir.join(name).display().to_string();
    let mut args = vec!["--addr".to_owned(), "127.0.0.1:0".to_owned()];
    args.extend(["--tls-cert".to_owned(), file("cert.pem"), "--tls-key".to_owned(), file("key.pem")]);
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Opens as many streams as the server allows, each a search, and reads
/// none of their answers: the client's window is `window` bytes, and it
/// never grows. The connection task goes on answering pings.
async fn stall(
    server: &Server,
    root: &rustls::pki_types::CertificateDer<'static>,
    window: u32,
) -> common::h2::Connection {
    let mut settings = h2::client::Builder::new();
    settings.initial_window_size(window);
    let (client, connection) = common::h2::connect_with(&server.addr, root, &settings).await;
    let mut client = client.ready().await.expect("ready");
    let mut answers = Vec::new();
    // As many as the server allows at once.
    for i in 0..32 {
        client = client.ready().await.expect("ready");
        let path = format!("/search?q=ministry+environment+{i}");
        match client.send_request(common::h2::request("GET", &path), true) {
            Ok((response, _)) => answers.push(response),
            Err(_) => break,
        }
    }
    // The answers are kept, never read: their streams stay open.
    std::mem::forget(answers);
    (client, connection)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_opens_its_window_is_closed_and_others_are_served() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    // Idle after 1 s, answers stalled for 2 s: then the connection is closed.
    let server = start_https(dir.path(), &["--client-timeout", "1", "--send-timeout", "2"]);
    // A window of 0: nothing of any answer can be sent. A window of 1
    // byte: each answer is taken whole and then waits, unsent, in the
    // connection, which the graceful close would wait for forever.
    for window in [0, 1] {
        let started = Instant::now();
        let (_client, connection) = stall(&server, &certificate, window).await;
        // Meanwhile another client gets a pre-rendered page and a search.
        let (addr, root) = (server.addr.clone(), certificate.clone());
        let other = tokio::task::spawn_blocking(move || {
            let (asem, _) = https_get(&addr, "/asem", &root);
            let (search, _) = https_get(&addr, "/search?q=ministry", &root);
            (asem, search)
        });
        let (asem, search) = other.await.expect("the other client");
        assert!(asem.starts_with("HTTP/1.1 200"), "{asem}");
        assert!(search.starts_with("HTTP/1.1 200"), "{search}");
        let ended = tokio::time::timeout(common::PATIENCE, connection).await;
        assert!(ended.is_ok(), "a window of {window}: still open after {:?}", started.elapsed());
        assert!(started.elapsed() >= Duration::from_millis(1900), "closed before its time: {:?}", started.elapsed());
    }
}

#[test]
fn an_http1_client_that_stops_reading_is_cut_off() {
    let server = Server::start(&["--addr", "127.0.0.1:0", "--send-timeout", "1"]);
    // Requests for far more than the sockets' buffers hold, never read.
    let mut stream = TcpStream::connect(&server.addr).expect("connects");
    let request = "GET /members HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(2000);
    stream.write_all(request.as_bytes()).expect("sent");
    std::thread::sleep(Duration::from_secs(4));
    // The server gave up: what it had sent is there, then the end.
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    let mut taken = 0;
    let mut buffer = [0; 65_536];
    let closed = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break true,
            Ok(n) => taken += n,
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => break true,
            Err(_) => break false,
        }
    };
    assert!(closed, "the connection was still open after {taken} bytes");
    assert!(taken < 2000 * 20_000, "not every answer was sent: {taken} bytes");
    assert!(server.get("/asem").starts_with("HTTP/1.1 200"), "others are served");
}

/// A status, and a request for a path with headers that gets it.
type Case = (u16, String, Vec<(String, String)>);

/// What the site sends for each status it can send, and a request that gets it.
fn requests_for_each_status(etag: &str) -> Vec<Case> {
    let long = format!("/{}", "a".repeat(3000));
    let header = |name: &str, value: &str| vec![(name.to_owned(), value.to_owned())];
    vec![
        (200, "/asem".to_owned(), Vec::new()),
        (200, "/search?q=ministry".to_owned(), Vec::new()),
        (304, "/asem".to_owned(), header("if-none-match", etag)),
        (400, "/search?q=%ff".to_owned(), Vec::new()),
        (404, "/no-such-page".to_owned(), Vec::new()),
        (412, "/asem".to_owned(), header("if-match", "\"other\"")),
        (414, long, Vec::new()),
        (422, "/sme/check?staff=many&turnover=&balance_sheet=".to_owned(), Vec::new()),
        (431, "/asem".to_owned(), header("x-big", &"b".repeat(40 * 1024))),
    ]
}

#[tokio::test]
async fn head_has_the_head_of_get_and_never_a_body_over_both_protocols() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let server = start_https(dir.path(), &[]);
    let (client, _connection) = common::h2::connect(&server.addr, &certificate).await;
    let mut client = client.ready().await.expect("ready");
    let (response, _) = client.send_request(common::h2::request("GET", "/asem"), true).expect("sent");
    let etag = response.await.expect("an answer").headers()["etag"].to_str().expect("text").to_owned();
    for (status, path, headers) in requests_for_each_status(&etag) {
        let mut lengths = Vec::new();
        for method in ["GET", "HEAD"] {
            let mut request = common::h2::request(method, &path);
            for (name, value) in &headers {
                request.headers_mut().insert(
                    axum::http::HeaderName::from_bytes(name.as_bytes()).expect("a name"),
                    value.parse().expect("a value"),
                );
            }
            client = client.ready().await.expect("ready");
            let (response, _) = client.send_request(request, true).expect("sent");
            let response = response.await.unwrap_or_else(|e| panic!("{method} {status}: {e}"));
            assert_eq!(response.status().as_u16(), status, "{method} {path:.60}");
            let length = response.headers().get("content-length").map(|v| v.to_str().expect("text").to_owned());
            if method == "HEAD" {
                assert!(response.body().is_end_stream(), "HEAD {status}: no DATA frames");
            } else {
                let body = common::h2::body(response).await;
                if let Some(length) = &length {
                    assert_eq!(length, &body.len().to_string(), "GET {status}: its length");
                }
            }
            lengths.push(length);
        }
        // A 304 has no body to measure.
        if status != 304 {
            assert_eq!(lengths[0], lengths[1], "{status}: HEAD says the length GET has");
        }
    }
    // The same over HTTP/1.1, where a body after a HEAD answer would be
    // read as the next answer.
    let plain = Server::start(&["--addr", "127.0.0.1:0"]);
    for (status, path, headers) in requests_for_each_status(&etag) {
        let mut stream = TcpStream::connect(&plain.addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
        let extra: String = headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
        let head = format!("HEAD {path} HTTP/1.1\r\nHost: localhost\r\n{extra}\r\n");
        let probe = "GET /robots.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        stream.write_all(format!("{head}{probe}").as_bytes()).expect("sent");
        let mut answers = String::new();
        let _ = stream.read_to_string(&mut answers);
        assert!(answers.starts_with(&format!("HTTP/1.1 {status}")), "HEAD {path:.60}: {answers:.200}");
        let first_end = answers.find("\r\n\r\n").expect("a head") + 4;
        let rest = &answers[first_end..];
        // After a 4xx on a broken request the server may close; otherwise
        // the next answer follows the head at once.
        assert!(rest.is_empty() || rest.starts_with("HTTP/1.1 "), "HEAD {status}: a body came: {rest:.200}");
    }
}

/// Whether the server has closed `stream` (within a short wait).
fn closed(stream: &mut TcpStream) -> bool {
    stream.set_read_timeout(Some(Duration::from_millis(100))).expect("a timeout");
    match stream.read(&mut [0; 1]) {
        Ok(read) => read == 0,
        // Nothing came in the wait: still open. Reset: closed.
        Err(error) => !matches!(error.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
    }
}

#[test]
fn one_address_holds_its_cap_of_connections_others_and_a_trusted_proxy_are_not_held_back() {
    let server = Server::start(&[
        "--addr",
        "127.0.0.1:0",
        "--max-connections-per-ip",
        "16",
        // Idle connections are not cut while they are counted.
        "--client-timeout",
        "60",
        "--trusted-proxy",
        "127.0.0.3",
        "--metrics-addr",
        "127.0.0.1:0",
    ]);
    let addr: std::net::SocketAddr = server.addr.parse().expect("an address");
    let mut many: Vec<TcpStream> = (0..40).map(|_| connect_from([127, 0, 0, 2], addr)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let held = many.iter_mut().map(|stream| !closed(stream)).filter(|open| *open).count();
    assert_eq!(held, 16, "of 40 connections from one address");
    // Another address, and a trusted proxy past the cap, are served.
    let mut other = connect_from([127, 0, 0, 4], addr);
    assert!(common::server::exchange(&mut other, "/asem", &[]).starts_with("HTTP/1.1 200"));
    let mut proxied: Vec<TcpStream> = (0..20).map(|_| connect_from([127, 0, 0, 3], addr)).collect();
    std::thread::sleep(Duration::from_millis(300));
    assert!(proxied.iter_mut().all(|stream| !closed(stream)), "a trusted proxy has no cap");
    let metrics = server.get_side("metrics at", "/metrics");
    assert_eq!(metric(&metrics, "aseic_connections_refused_total{reason=\"per_address\"}"), Some(24.0), "{metrics}");
    // Closed connections give their places back.
    drop(many);
    std::thread::sleep(Duration::from_millis(300));
    let mut again = connect_from([127, 0, 0, 2], addr);
    assert!(common::server::exchange(&mut again, "/asem", &[]).starts_with("HTTP/1.1 200"));
}

#[test]
fn running_out_of_file_descriptors_logs_a_line_a_second_at_most() {
    // A limit of 64 descriptors, soft and hard, which the server cannot raise.
    let mut command = std::process::Command::new("sh");
    command
        .args(["-c", "ulimit -n 64 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_aseic"))
        .args(["--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"])
        .env_remove("ASEIC_ADDR")
        .env_remove("ASEIC_CONTENT")
        .env("RUST_LOG", "info");
    let server = Server::start_with(&mut command);
    let addr: std::net::SocketAddr = server.addr.parse().expect("an address");
    let _idle: Vec<TcpStream> = (0..100).map(|_| connect_from([127, 0, 0, 5], addr)).collect();
    let started = Instant::now();
    let mut lines = Vec::new();
    while started.elapsed() < Duration::from_secs(3) {
        if let Ok(line) = server.log.recv_timeout(Duration::from_millis(100)) {
            lines.push(line);
        }
    }
    let failures: Vec<&String> = lines.iter().filter(|l| l.contains("accepting a connection failed")).collect();
    assert!(!failures.is_empty(), "the first failure is logged: {lines:#?}");
    assert!(failures.len() <= 5, "at most a line a second: {failures:#?}");
    assert!(failures.iter().skip(1).all(|l| l.contains("more since the last line")), "{failures:#?}");
}
