//! What an operator runs on the open internet: HTTPS with certificates
//! that reload, the redirect from HTTP, metrics on their own listener,
//! request ids in text or JSON logs, trusted proxies, and the deployment
//! guide's reference. Everything runs the real binary on loopback.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::server::{Server, aseic, connect_from, exchange, header_of, metric};
use common::tls::{client_config, https_exchange, https_get, write_certificate};

fn tls_args(dir: &Path) -> Vec<String> {
    let file = |name: &str| dir.join(name).display().to_string();
    ["--addr", "127.0.0.1:0", "--tls-cert", &file("cert.pem"), "--tls-key", &file("key.pem")].map(str::to_owned).into()
}

fn start(args: &[String]) -> Server {
    Server::start(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn https_serves_the_site_with_hsts_and_refuses_plain_http() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let server = start(&tls_args(dir.path()));
    let (response, presented) = https_get(&server.addr, "/members/korea", &certificate);
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("<h1>Korea</h1>"), "{response}");
    assert_eq!(presented, certificate);
    let hsts = header_of(&response, "strict-transport-security").expect("HSTS over HTTPS");
    assert!(hsts.starts_with("max-age=63072000"), "{hsts}");
    let (not_found, _) = https_get(&server.addr, "/no-such-page", &certificate);
    assert!(not_found.starts_with("HTTP/1.1 404"), "{not_found}");
    assert!(header_of(&not_found, "strict-transport-security").is_some(), "HSTS on errors too");
    // Plain HTTP on the HTTPS port gets no page, and the server lives on.
    let plain = server.get("/");
    assert!(!plain.contains("<h1>"), "{plain}");
    assert!(https_get(&server.addr, "/", &certificate).0.starts_with("HTTP/1.1 200 OK"));
    assert!(server.terminate().success());
}

#[test]
fn a_client_that_never_finishes_the_handshake_is_cut_off() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let mut args = tls_args(dir.path());
    args.extend(["--client-timeout", "1"].map(str::to_owned));
    let server = start(&args);
    let mut silent = TcpStream::connect(&server.addr).expect("connects");
    silent.set_read_timeout(Some(Duration::from_secs(15))).expect("a timeout");
    let started = Instant::now();
    // Meanwhile others are served.
    assert!(https_get(&server.addr, "/", &certificate).0.starts_with("HTTP/1.1 200 OK"));
    let mut buffer = [0u8; 16];
    let closed = std::io::Read::read(&mut silent, &mut buffer);
    assert!(matches!(closed, Ok(0) | Err(_)), "the silent client was answered: {closed:?}");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < common::PATIENCE, "cut off after {waited:?}");
}

#[test]
fn plain_http_is_redirected_to_https() {
    let dir = tempfile::tempdir().expect("a folder");
    write_certificate(dir.path());
    let mut args = tls_args(dir.path());
    args.extend(["--http-redirect", "127.0.0.1:0"].map(str::to_owned));
    let server = start(&args);
    let redirect = server.side_addr("redirecting");
    let https_port = server.addr.rsplit(':').next().expect("a port");
    let mut stream = TcpStream::connect(&redirect).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    let response = exchange(&mut stream, "/members?region=asia&q=k", &[]);
    assert!(response.starts_with("HTTP/1.1 308"), "{response}");
    assert_eq!(
        header_of(&response, "location").as_deref(),
        Some(format!("https://localhost:{https_port}/members?region=asia&q=k").as_str())
    );
    assert!(header_of(&response, "x-content-type-options").is_some(), "{response}");

    let huge = format!("{}.example", "a".repeat(20_000));
    for host in ["[zz]", "a..b", "evil.example:99999", "x y", "a.b:", huge.as_str()] {
        let mut stream = TcpStream::connect(&redirect).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
        let request = format!("GET /asem HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("writes");
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let status = response.split(' ').nth(1).unwrap_or("");
        assert!(status == "400" || status == "431", "Host {:.40}: {response:.200}", host);
        assert!(header_of(&response, "location").is_none(), "Host {:.40} was redirected", host);
        assert!(!response.contains(host), "Host {:.40} was echoed", host);
    }
    for host in ["www.example.org", "example.org:8080", "[::1]:8443", "192.0.2.7"] {
        let mut stream = TcpStream::connect(&redirect).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
        let request = format!("GET /asem HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("writes");
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        assert!(response.starts_with("HTTP/1.1 308"), "Host {host}: {response:.200}");
    }
}

#[test]
fn sighup_swaps_the_certificate_and_a_broken_one_keeps_the_last() {
    let dir = tempfile::tempdir().expect("a folder");
    let first = write_certificate(dir.path());
    let server = start(&tls_args(dir.path()));
    assert_eq!(https_get(&server.addr, "/", &first).1, first);
    let second = write_certificate(dir.path());
    server.signal("HUP");
    server.wait_for_log("TLS certificate reloaded");
    assert_eq!(https_get(&server.addr, "/", &second).1, second);
    std::fs::write(dir.path().join("key.pem"), "not a key").expect("writing");
    server.signal("HUP");
    let error = server.wait_for_log("still serving the previous certificate");
    assert!(error.contains("key.pem"), "{error}");
    let (response, presented) = https_get(&server.addr, "/", &second);
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert_eq!(presented, second);
}

#[test]
fn a_second_connection_resumes_the_tls_session_of_the_first_with_tls_1_2_and_1_3() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let server = start(&tls_args(dir.path()));
    for version in [&rustls::version::TLS12, &rustls::version::TLS13] {
        let config = client_config(&certificate, &[version]);
        let (first, connection) = https_exchange(&server.addr, "/", &[], &config);
        assert!(first.starts_with("HTTP/1.1 200 OK"), "{first}");
        assert_eq!(connection.handshake_kind(), Some(rustls::HandshakeKind::Full));
        let (second, connection) = https_exchange(&server.addr, "/asem", &[], &config);
        assert!(second.starts_with("HTTP/1.1 200 OK"), "{second}");
        assert_eq!(connection.handshake_kind(), Some(rustls::HandshakeKind::Resumed), "{version:?}");
        // Early data stays refused: anyone who saw it could replay it.
        let name = rustls::pki_types::ServerName::try_from("localhost").expect("a name");
        let mut next = rustls::ClientConnection::new(Arc::clone(&config), name).expect("a TLS client");
        assert!(next.early_data().is_none(), "{version:?}");
    }
}

#[test]
fn a_certificate_near_its_end_shows_in_the_metrics_and_makes_the_private_health_check_degraded() {
    let dir = tempfile::tempdir().expect("a folder");
    let key = rcgen::KeyPair::generate().expect("a key");
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("parameters");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs();
    let at = |seconds: u64| rcgen::date_time_ymd(1970, 1, 1) + Duration::from_secs(seconds);
    params.not_before = at(now - 86_400);
    params.not_after = at(now + 3 * 86_400);
    let certificate = params.self_signed(&key).expect("signed");
    std::fs::write(dir.path().join("cert.pem"), certificate.pem()).expect("writing");
    std::fs::write(dir.path().join("key.pem"), key.serialize_pem()).expect("writing");
    let mut args = tls_args(dir.path());
    args.extend(["--metrics-addr", "127.0.0.1:0"].map(str::to_owned));
    let server = start(&args);
    let metrics = server.get_side("metrics at", "/metrics");
    let left = metric(&metrics, "aseic_tls_certificate_expiry_seconds").expect("the expiry");
    assert!((3.0 * 86_400.0 - 60.0..=3.0 * 86_400.0).contains(&left), "{metrics}");
    assert!(!metrics.contains("aseic_tls_certificate_renewals_total"), "no ACME, no renewals: {metrics}");
    let health = server.get_side("metrics at", "/healthz");
    assert!(health.contains("\"status\":\"degraded\""), "{health}");
    assert!(health.contains("\"certificate\":{\"expires_in_seconds\":"), "{health}");
    // The public check tells nothing of it.
    let (public, _) = https_get(&server.addr, "/healthz", certificate.der());
    assert!(!public.contains("certificate") && public.contains("\"status\":\"ok\""), "{public}");
}

#[test]
fn a_bad_certificate_stops_the_start_with_the_file_named() {
    let dir = tempfile::tempdir().expect("a folder");
    write_certificate(dir.path());
    let other = tempfile::tempdir().expect("a folder");
    write_certificate(other.path());
    let run = |cert: &Path, key: &Path| {
        let output = aseic()
            .args(["--addr", "127.0.0.1:0", "--tls-cert"])
            .arg(cert)
            .arg("--tls-key")
            .arg(key)
            .output()
            .expect("runs");
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let missing = run(&dir.path().join("nope.pem"), &dir.path().join("key.pem"));
    assert!(missing.contains("cannot read the certificate file") && missing.contains("nope.pem"), "{missing}");
    let swapped = run(&dir.path().join("key.pem"), &dir.path().join("cert.pem"));
    assert!(swapped.contains("no PEM certificate") && swapped.contains("key.pem"), "{swapped}");
    let mismatched = run(&dir.path().join("cert.pem"), &other.path().join("key.pem"));
    assert!(mismatched.contains("is it the key of that certificate?"), "{mismatched}");
    let alone = aseic().args(["--tls-cert", "cert.pem"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&alone.stderr).contains("--tls-key"));
}

/// The value of the metric line that starts with `series`.
#[test]
fn metrics_count_requests_and_reloads_on_their_own_listener() {
    let content = common::content_with(&[]);
    let server = Server::start(&[
        "--addr",
        "127.0.0.1:0",
        "--metrics-addr",
        "127.0.0.1:0",
        "--content",
        content.path().to_str().expect("a path"),
    ]);
    let metrics_addr = server.side_addr("metrics at");
    let scrape = || {
        let mut stream = TcpStream::connect(&metrics_addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
        let response = exchange(&mut stream, "/metrics", &[]);
        assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
        assert!(header_of(&response, "content-type").unwrap().starts_with("text/plain; version=0.0.4"));
        response
    };
    for _ in 0..3 {
        assert!(server.get("/").starts_with("HTTP/1.1 200"));
    }
    assert!(server.get("/members/japan").starts_with("HTTP/1.1 200"));
    assert!(server.get("/wp-admin").starts_with("HTTP/1.1 404"));
    assert!(server.get("/metrics").starts_with("HTTP/1.1 404"), "metrics never on the public listener");
    assert!(server.get("/search?q=korea").starts_with("HTTP/1.1 200"));
    let metrics = scrape();
    let requests = |route: &str, status: u16| {
        metric(&metrics, &format!("aseic_http_requests_total{{route=\"{route}\",status=\"{status}\"}}"))
    };
    assert_eq!(requests("/", 200), Some(3.0), "{metrics}");
    assert_eq!(requests("/members/{slug}", 200), Some(1.0), "{metrics}");
    assert_eq!(requests("other", 404), Some(2.0), "{metrics}");
    assert_eq!(requests("/search", 200), Some(1.0), "{metrics}");
    let histogram = "aseic_http_request_duration_seconds";
    assert_eq!(metric(&metrics, &format!("{histogram}_count{{route=\"/\"}}")), Some(3.0));
    assert_eq!(metric(&metrics, &format!("{histogram}_bucket{{route=\"/\",le=\"+Inf\"}}")), Some(3.0));
    assert!(metric(&metrics, &format!("{histogram}_sum{{route=\"/\"}}")).unwrap() > 0.0);
    let health = server.get("/healthz");
    let version = health.split("\"version\":\"").nth(1).and_then(|v| v.split('"').next()).expect("a version");
    assert_eq!(metric(&metrics, &format!("aseic_content_info{{version=\"{version}\"}}")), Some(1.0), "{metrics}");
    assert_eq!(metric(&metrics, "aseic_content_reloads_total{result=\"ok\"}"), Some(0.0));

    // A good edit: a reload, a new version. A broken one: a failure, counted.
    let aseic_toml = common::content_file("aseic.toml");
    let edited = aseic_toml.replacen("title = \"", "title = \"Edited: ", 1);
    assert_ne!(edited, aseic_toml, "aseic.toml has a title");
    std::fs::write(content.path().join("aseic.toml"), edited).expect("writing");
    server.wait_for_log("content reloaded");
    let metrics = scrape();
    assert_eq!(metric(&metrics, "aseic_content_reloads_total{result=\"ok\"}"), Some(1.0), "{metrics}");
    assert_eq!(metric(&metrics, &format!("aseic_content_info{{version=\"{version}\"}}")), None, "{metrics}");
    std::fs::write(content.path().join("aseic.toml"), "title = ").expect("writing");
    server.wait_for_log("the content has problems");
    let metrics = scrape();
    assert_eq!(metric(&metrics, "aseic_content_reloads_total{result=\"failed\"}"), Some(1.0), "{metrics}");
    assert!(metric(&metrics, "aseic_content_problems").unwrap() >= 1.0, "{metrics}");

    // The public health check counts the problems; the private one names them.
    let public = server.get("/healthz");
    assert!(public.contains("\"status\":\"degraded\"") && !public.contains("aseic.toml"), "{public}");
    let mut stream = TcpStream::connect(&metrics_addr).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    let private = exchange(&mut stream, "/healthz", &[]);
    let body: serde_json::Value =
        serde_json::from_str(private.split("\r\n\r\n").nth(1).expect("a body")).expect("JSON");
    assert_eq!(body["problems"][0]["file"], "aseic.toml", "{body}");
    assert_eq!(body["watching"]["status"], "watching", "{body}");
    assert!(body["content"].as_str().unwrap().contains(content.path().to_str().unwrap()), "{body}");
}

#[test]
fn healthz_reports_the_content_version_and_when_it_was_loaded() {
    let before = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let response = server.get("/healthz");
    let body: serde_json::Value =
        serde_json::from_str(response.split("\r\n\r\n").nth(1).expect("a body")).expect("JSON");
    let version = body["version"].as_str().expect("a version");
    assert_eq!(version.len(), 16, "{body}");
    assert!(version.bytes().all(|b| b.is_ascii_hexdigit()), "{body}");
    let loaded_at = body["loaded_at"].as_u64().expect("loaded_at");
    assert!(loaded_at >= before && loaded_at <= before + 60, "{body}");
    // The same content gives the same version in another process.
    let again = Server::start(&["--addr", "127.0.0.1:0"]);
    assert!(again.get("/healthz").contains(&format!("\"version\":\"{version}\"")));
}

/// The JSON log line of the request whose id is `id`.
fn access_line(server: &Server, id: &str) -> serde_json::Value {
    let line = server.wait_for_log(id);
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

#[test]
fn json_logs_carry_each_request_with_its_id() {
    let server = Server::start(&["--addr", "127.0.0.1:0", "--log-format", "json"]);
    for line in &server.start_log {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    }
    let response = server.get("/asem?x=1");
    let id = header_of(&response, "x-request-id").expect("a request id");
    let line = access_line(&server, &id);
    assert_eq!(line["request_id"], id.as_str());
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["method"], "GET");
    assert_eq!(line["path"], "/asem?(withheld)", "a query is logged only where it is known to be public");
    assert_eq!(line["status"], 200);
    assert_eq!(line["client"], "127.0.0.1");
    assert_eq!(line["scheme"], "http");
    assert!(line["duration_ms"].as_f64().is_some(), "{line}");
    // A pre-rendered page gets its own id, not the slot its headers keep for one.
    let other = header_of(&server.get("/"), "x-request-id").expect("a request id");
    assert_ne!(other, id, "each request has its own id");
    assert!(other.len() == 16 && other.bytes().all(|b| b.is_ascii_hexdigit()), "{other}");
    assert_eq!(access_line(&server, &other)["path"], "/");
}

#[test]
fn text_logs_carry_the_request_id_too() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let id = header_of(&server.get("/nowhere"), "x-request-id").expect("a request id");
    let line = server.wait_for_log(&id);
    assert!(line.contains("status=404") && line.contains("path=/nowhere"), "{line}");
}

#[test]
fn forwarded_headers_count_only_from_trusted_proxies() {
    let forwarded =
        [("X-Forwarded-For", "198.51.100.7"), ("X-Forwarded-Proto", "https"), ("X-Request-Id", "proxy-id-42")];
    let direct = Server::start(&["--addr", "127.0.0.1:0", "--log-format", "json"]);
    let response = direct.get_with("/", &forwarded);
    assert!(header_of(&response, "strict-transport-security").is_none(), "a stranger cannot claim HTTPS");
    let id = header_of(&response, "x-request-id").expect("an id");
    assert_ne!(id, "proxy-id-42", "nor choose its id");
    assert_eq!(access_line(&direct, &id)["client"], "127.0.0.1");

    let proxied =
        Server::start(&["--addr", "127.0.0.1:0", "--log-format", "json", "--trusted-proxy", "10.0.0.0/8,127.0.0.1"]);
    let response = proxied.get_with("/", &forwarded);
    assert!(header_of(&response, "strict-transport-security").is_some(), "{response}");
    assert_eq!(header_of(&response, "x-request-id").as_deref(), Some("proxy-id-42"));
    let line = access_line(&proxied, "proxy-id-42");
    assert_eq!(line["client"], "198.51.100.7");
    assert_eq!(line["scheme"], "https");
    let plain = proxied.get_with("/", &[("X-Forwarded-Proto", "http")]);
    assert!(header_of(&plain, "strict-transport-security").is_none(), "{plain}");

    let refused = aseic().args(["--trusted-proxy", "proxy.example"]).output().expect("runs");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not an IP address or network"));
}

#[test]
fn the_deployment_guide_documents_every_flag_and_variable() {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy.md")).expect("guide");
    let mut checked = 0;
    for command in [&["--help"][..], &["export", "--help"], &["check", "--help"]] {
        let help = aseic().args(command).output().expect("runs").stdout;
        let help = String::from_utf8_lossy(&help);
        for word in help.split(|c: char| c.is_whitespace() || c == '[' || c == ']' || c == ',' || c == '=') {
            let flag = word.starts_with("--") && word.len() > 2 && !["--help", "--version"].contains(&word);
            if flag || word.starts_with("ASEIC_") {
                assert!(guide.contains(&format!("`{word}")), "docs/deploy.md does not document {word}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 14, "only {checked} flags and variables found in --help");
}

#[test]
fn health_probes_stay_out_of_the_info_log_and_a_long_address_is_cut() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let probe = header_of(&server.get("/healthz"), "x-request-id").expect("a request id");
    let long = format!("/{}", "b".repeat(60_000));
    let cut = header_of(&server.get(&long), "x-request-id").expect("a request id");
    let lines = server.log_until(&cut);
    assert!(!lines.iter().any(|line| line.contains(&probe)), "a probe at info: {lines:?}");
    let line = lines.last().expect("the long address's line");
    let start: String = line.chars().take(200).collect();
    assert!(line.len() < 1_000 && line.contains("bbbb…"), "{} bytes: {start}", line.len());
}

/// A GET of `path` from the loopback address `from` (127.0.0.x).
fn get_from(server: &Server, from: [u8; 4], path: &str) -> String {
    let mut stream = connect_from(from, server.addr.parse().expect("an address"));
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    exchange(&mut stream, path, &[])
}

/// A TCP connection to `to` from the loopback address `from`.

#[test]
fn a_client_past_its_rate_of_made_pages_gets_429_and_others_are_served() {
    let server = Server::start(&["--addr", "127.0.0.1:0", "--rate-limit-per-ip", "3/s"]);
    let answers: Vec<String> =
        (0..8).map(|i| get_from(&server, [127, 0, 0, 1], &format!("/search?q=korea{i}"))).collect();
    let refused: Vec<&String> = answers.iter().filter(|a| a.starts_with("HTTP/1.1 429")).collect();
    assert!(!refused.is_empty() && refused.len() <= 5, "3 a second, and a burst of 3: {} refused", refused.len());
    for answer in &refused {
        assert_eq!(header_of(answer, "retry-after").as_deref(), Some("1"), "{answer}");
        assert!(answer.contains("Too many requests"), "the site's own page");
        assert!(header_of(answer, "content-security-policy").is_some());
    }
    let api = get_from(&server, [127, 0, 0, 1], "/api/sme-check?staff=5&turnover=1");
    assert!(api.starts_with("HTTP/1.1 429") && api.contains("\"error\""), "the API answers in JSON: {api}");
    assert!(
        get_from(&server, [127, 0, 0, 1], "/asem").starts_with("HTTP/1.1 200"),
        "pre-rendered pages are never limited"
    );
    assert!(
        get_from(&server, [127, 0, 0, 2], "/search?q=korea").starts_with("HTTP/1.1 200"),
        "another address is served"
    );
}
