//! Automatic HTTPS, as an operator runs it: `--acme-domain` against
//! Debian's pebble, Let's Encrypt's test ACME server, which validates the
//! challenges on the real listeners. The tests that need pebble are
//! skipped by plain `cargo test` (`#[ignore]`); `scripts/test` installs
//! pebble and runs them.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::server::{Server, aseic, metric};
use common::tls::https_get;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

/// How long pebble may take to validate and issue: the issue's bound.
const ISSUE_WITHIN: Duration = Duration::from_secs(30);
const PEBBLE_DIRECTORY_PATH: &str = "/dir";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

/// A pebble running on loopback with a certificate of its own, and the CA
/// that signed it (to pass as `--acme-directory-ca`).
struct Pebble {
    child: Child,
    /// The directory's address.
    directory: String,
    /// The CA of pebble's own HTTPS, as a PEM file.
    listener_ca: PathBuf,
    listener_root: CertificateDer<'static>,
    management: String,
    port: u16,
}

impl Pebble {
    /// Starts pebble, validating TLS-ALPN-01 on `tls_port` and HTTP-01 on `http_port`.
    fn start(dir: &Path, tls_port: u16, http_port: u16) -> Self {
        let (listener_ca, listener_root) = write_listener_certificate(dir);
        let (port, management_port) = (free_port(), free_port());
        let config = serde_json::json!({
            "pebble": {
                "listenAddress": format!("127.0.0.1:{port}"),
                "managementListenAddress": format!("127.0.0.1:{management_port}"),
                "certificate": dir.join("pebble-cert.pem"),
                "privateKey": dir.join("pebble-key.pem"),
                "httpPort": http_port,
                "tlsPort": tls_port,
                "ocspResponderURL": "",
                "externalAccountBindingRequired": false
            }
        });
        let config_file = dir.join("pebble.json");
        std::fs::write(&config_file, config.to_string()).expect("writing pebble's configuration");
        let log = std::fs::File::create(dir.join("pebble.log")).expect("a log file");
        let child = Command::new("pebble")
            .arg("-config")
            .arg(&config_file)
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_WFE_NONCEREJECT", "0")
            .stdout(log.try_clone().expect("a log"))
            .stderr(log)
            .spawn()
            .expect("pebble runs (apt-get install pebble)");
        let pebble = Self {
            child,
            directory: format!("https://127.0.0.1:{port}{PEBBLE_DIRECTORY_PATH}"),
            listener_ca,
            listener_root,
            management: format!("127.0.0.1:{management_port}"),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "pebble did not listen within 10 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        pebble
    }

    /// The root pebble signs certificates with: a client that trusts it
    /// trusts what aseic gets.
    fn issuing_root(&self) -> CertificateDer<'static> {
        let (response, _) = https_get(&self.management, "/roots/0", &self.listener_root);
        let pem = response.split("\r\n\r\n").nth(1).expect("a body");
        CertificateDer::from_pem_slice(pem.as_bytes()).expect("a PEM root")
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Pebble {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A CA, and a certificate it signs for pebble's listener at 127.0.0.1
/// and localhost: pebble's own HTTPS, which aseic must be told to trust.
fn write_listener_certificate(dir: &Path) -> (PathBuf, CertificateDer<'static>) {
    let ca_key = rcgen::KeyPair::generate().expect("a key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("parameters");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("a CA");
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate().expect("a key");
    let params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).expect("parameters");
    let cert = params.signed_by(&key, &issuer).expect("a certificate");
    std::fs::write(dir.join("pebble-cert.pem"), cert.pem()).expect("writing");
    std::fs::write(dir.join("pebble-key.pem"), key.serialize_pem()).expect("writing");
    let ca_file = dir.join("pebble-ca.pem");
    std::fs::write(&ca_file, ca.pem()).expect("writing");
    (ca_file, ca.der().clone())
}

/// `aseic` with ACME for localhost against `pebble`, on port `port`.
fn aseic_with_acme(pebble: &Pebble, port: u16, cache: &Path, more: &[&str]) -> Command {
    let mut command = aseic();
    command
        .args(["--addr", &format!("127.0.0.1:{port}"), "--acme-domain", "localhost"])
        .args(["--acme-directory", &pebble.directory])
        .arg("--acme-directory-ca")
        .arg(&pebble.listener_ca)
        .arg("--acme-cache")
        .arg(cache)
        .args(["--metrics-addr", "127.0.0.1:0"])
        .args(more);
    command
}

fn scrape(server: &Server) -> String {
    server.get_side("metrics at", "/metrics")
}

/// A client's TLS connection to aseic, kept open between requests.
struct KeptConnection {
    tls: rustls::StreamOwned<rustls::ClientConnection, TcpStream>,
}

impl KeptConnection {
    fn open(addr: &str, root: &CertificateDer<'static>) -> Self {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(root.clone()).expect("a root");
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = ServerName::try_from("localhost").expect("a name");
        let connection = rustls::ClientConnection::new(Arc::new(config), name).expect("a TLS client");
        let tcp = TcpStream::connect(addr).expect("connects");
        tcp.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
        Self { tls: rustls::StreamOwned::new(connection, tcp) }
    }

    /// A GET on the open connection: the status line of its response.
    fn get(&mut self, path: &str) -> String {
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        self.tls.write_all(request.as_bytes()).expect("writes");
        let mut reader = BufReader::new(&mut self.tls);
        let mut status = String::new();
        reader.read_line(&mut status).expect("a status line");
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a header line");
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the body");
        status.trim_end().to_owned()
    }

    fn certificate(&self) -> CertificateDer<'static> {
        self.tls.conn.peer_certificates().expect("the server's certificate")[0].clone().into_owned()
    }
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

#[test]
#[ignore = "needs pebble; scripts/test runs it"]
fn a_certificate_comes_by_tls_alpn_within_30_s_and_a_restart_serves_it_from_the_cache() {
    let dir = tempfile::tempdir().expect("a folder");
    let port = free_port();
    let mut pebble = Pebble::start(dir.path(), port, free_port());
    let cache = dir.path().join("acme");
    let started = Instant::now();
    let server = Server::start_with(&mut aseic_with_acme(&pebble, port, &cache, &[]));
    server.wait_for_log("waiting for a certificate for localhost");
    let lines = server.log_until_within("certificate for localhost obtained", ISSUE_WITHIN);
    assert!(started.elapsed() < ISSUE_WITHIN);
    assert!(lines.iter().any(|line| line.contains("answered a TLS-ALPN-01 challenge")), "{lines:#?}");

    let root = pebble.issuing_root();
    let (response, issued) = https_get(&server.addr, "/asem", &root);
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("ASEM"), "{response}");

    let folder = cache.join(format!("127.0.0.1_{}_dir", pebble.port));
    assert_eq!(mode(&cache), 0o700);
    assert_eq!(mode(&folder), 0o700);
    for file in ["account.json", "certificate.pem", "certificate-key.pem"] {
        assert_eq!(mode(&folder.join(file)), 0o600, "{file}");
    }
    let metrics = scrape(&server);
    let left = metric(&metrics, "aseic_tls_certificate_expiry_seconds").expect("the expiry");
    assert!(left > 7.0 * 86_400.0, "{metrics}");
    assert_eq!(metric(&metrics, "aseic_tls_certificate_renewals_total{result=\"ok\"}"), Some(1.0), "{metrics}");
    let health = server.get_side("metrics at", "/healthz");
    assert!(health.contains("\"status\":\"ok\""), "{health}");
    assert!(health.contains("\"expires_in_seconds\""), "{health}");
    assert!(server.terminate().success());

    // The ACME server is gone: a restart must not need it.
    pebble.stop();
    let restarted = Server::start_with(&mut aseic_with_acme(&pebble, port, &cache, &[]));
    let line = restarted.wait_for_log("using the cached certificate for localhost");
    assert!(line.contains("valid until"), "{line}");
    let (response, served) = https_get(&restarted.addr, "/", &root);
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert_eq!(served, issued);
    let metrics = scrape(&restarted);
    assert_eq!(metric(&metrics, "aseic_tls_certificate_renewals_total{result=\"ok\"}"), Some(0.0), "{metrics}");
    assert_eq!(metric(&metrics, "aseic_tls_certificate_renewals_total{result=\"failed\"}"), Some(0.0), "{metrics}");
}

#[test]
#[ignore = "needs pebble; scripts/test runs it"]
fn a_renewal_keeps_open_connections_and_a_failed_one_keeps_the_certificate() {
    let dir = tempfile::tempdir().expect("a folder");
    let port = free_port();
    let mut pebble = Pebble::start(dir.path(), port, free_port());
    let server = Server::start_with(&mut aseic_with_acme(&pebble, port, &dir.path().join("acme"), &[]));
    server.log_until_within("certificate for localhost obtained", ISSUE_WITHIN);
    let root = pebble.issuing_root();
    let mut kept = KeptConnection::open(&server.addr, &root);
    assert_eq!(kept.get("/"), "HTTP/1.1 200 OK");
    let first = kept.certificate();

    server.signal("USR1");
    server.log_until_within("certificate for localhost obtained", ISSUE_WITHIN);
    let (_, renewed) = https_get(&server.addr, "/", &root);
    assert_ne!(renewed, first, "a new connection gets the new certificate");
    assert_eq!(kept.get("/asem"), "HTTP/1.1 200 OK", "the open connection goes on");

    pebble.stop();
    server.signal("USR1");
    let failure = server.wait_for_log("getting a certificate for localhost failed");
    assert!(failure.contains("still serving the current certificate"), "{failure}");
    let (response, served) = https_get(&server.addr, "/", &root);
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert_eq!(served, renewed);
    let metrics = scrape(&server);
    assert_eq!(metric(&metrics, "aseic_tls_certificate_renewals_total{result=\"ok\"}"), Some(2.0), "{metrics}");
    assert_eq!(metric(&metrics, "aseic_tls_certificate_renewals_total{result=\"failed\"}"), Some(1.0), "{metrics}");
}

#[test]
#[ignore = "needs pebble; scripts/test runs it"]
fn where_tls_alpn_cannot_work_http_01_on_the_redirect_listener_does() {
    let dir = tempfile::tempdir().expect("a folder");
    let (port, redirect_port) = (free_port(), free_port());
    // pebble validates TLS-ALPN-01 at a port where nothing listens.
    let pebble = Pebble::start(dir.path(), free_port(), redirect_port);
    let redirect = format!("127.0.0.1:{redirect_port}");
    let mut command = aseic_with_acme(&pebble, port, &dir.path().join("acme"), &["--http-redirect", &redirect]);
    let server = Server::start_with(&mut command);
    let lines = server.log_until_within("certificate for localhost obtained", ISSUE_WITHIN);
    assert!(lines.iter().any(|line| line.contains("answering an HTTP-01 challenge")), "{lines:#?}");
    let (response, _) = https_get(&server.addr, "/", &pebble.issuing_root());
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
}

#[test]
fn before_a_certificate_exists_handshakes_fail_and_the_log_says_what_it_waits_for() {
    let dir = tempfile::tempdir().expect("a folder");
    // No ACME server listens there: the certificate never comes.
    let directory = format!("https://127.0.0.1:{}/dir", free_port());
    let server = Server::start_with(aseic().args([
        "--addr",
        "127.0.0.1:0",
        "--acme-domain",
        "www.example.org",
        "--acme-directory",
        &directory,
        "--acme-cache",
        &dir.path().join("acme").display().to_string(),
    ]));
    let waiting = server.wait_for_log("waiting for a certificate for www.example.org");
    assert!(waiting.contains(&directory), "{waiting}");
    let failure = server.wait_for_log("getting a certificate for www.example.org failed");
    assert!(failure.contains("there is still no certificate"), "{failure}");
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate))
        .with_no_client_auth();
    let name = ServerName::try_from("www.example.org").expect("a name");
    let mut connection = rustls::ClientConnection::new(Arc::new(config), name).expect("a TLS client");
    let mut tcp = TcpStream::connect(&server.addr).expect("connects");
    tcp.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    let handshake = connection.complete_io(&mut tcp);
    assert!(handshake.is_err(), "no certificate may be served, not even a made-up one");
}

#[test]
fn acme_and_certificate_files_do_not_mix_and_names_are_checked() {
    let output = aseic()
        .args(["--acme-domain", "www.example.org", "--tls-cert", "c.pem", "--tls-key", "k.pem"])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--acme-domain") && stderr.contains("cannot be used with"), "{stderr}");
    for (name, words) in [("*.example.org", "wildcard"), ("192.0.2.1", "DNS name"), ("a..b", "not a DNS name")] {
        let output = aseic().args(["--acme-domain", name]).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() && stderr.contains(words), "{name}: {stderr}");
    }
    let output = aseic().args(["--acme-domain", "example.org", "--acme-contact", "nobody"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an e-mail address"));
    let output = aseic().args(["--http-redirect", "127.0.0.1:0"]).output().expect("runs");
    assert!(!output.status.success());
}

/// A verifier that takes any certificate: the test is that none comes.
#[derive(Debug)]
struct AnyCertificate;

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::ring::default_provider().signature_verification_algorithms.supported_schemes()
    }
}
