//! HTTPS for the tests: a certificate made on the spot, and a client that
//! trusts only it.

use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::{CertificateDer, ServerName};

use super::server::exchange;

/// A self-signed certificate for localhost and 127.0.0.1, written as PEM
/// files into `dir`; returns its DER.
pub fn write_certificate(dir: &Path) -> CertificateDer<'static> {
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("a certificate");
    std::fs::write(dir.join("cert.pem"), generated.cert.pem()).expect("writing the certificate");
    std::fs::write(dir.join("key.pem"), generated.signing_key.serialize_pem()).expect("writing the key");
    generated.cert.der().clone()
}

/// A GET over HTTPS that trusts `root`: the response, and the certificate
/// the server presented.
pub fn https_get(addr: &str, path: &str, root: &CertificateDer<'static>) -> (String, CertificateDer<'static>) {
    let (response, certificate, _) = https_get_with(addr, path, root, &[]);
    (response, certificate)
}

/// A GET over HTTPS with extra `headers`: the response, the certificate the
/// server presented, and the TLS version agreed.
pub fn https_get_with(
    addr: &str,
    path: &str,
    root: &CertificateDer<'static>,
    headers: &[(&str, &str)],
) -> (String, CertificateDer<'static>, rustls::ProtocolVersion) {
    let config = client_config(root, rustls::DEFAULT_VERSIONS);
    let (response, tls) = https_exchange(addr, path, headers, &config);
    let presented = tls.peer_certificates().expect("the server's certificate")[0].clone().into_owned();
    let version = tls.protocol_version().expect("a TLS version");
    (response, presented, version)
}

/// A client that trusts `root` alone and speaks the TLS `versions`; it
/// keeps its sessions, to resume them, and would send early data if the
/// server allowed it.
pub fn client_config(
    root: &CertificateDer<'static>,
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(root.clone()).expect("a root");
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_protocol_versions(versions)
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.enable_early_data = true;
    Arc::new(config)
}

/// A GET over a new TLS connection made with `config`: the response, and
/// the connection's state (its certificate, version, how it was made).
pub fn https_exchange(
    addr: &str,
    path: &str,
    headers: &[(&str, &str)],
    config: &Arc<rustls::ClientConfig>,
) -> (String, rustls::ClientConnection) {
    let name = ServerName::try_from("localhost").expect("a name");
    let connection = rustls::ClientConnection::new(Arc::clone(config), name).expect("a TLS client");
    let tcp = TcpStream::connect(addr).expect("connects");
    tcp.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    let mut tls = rustls::StreamOwned::new(connection, tcp);
    let response = exchange(&mut tls, path, headers);
    (response, tls.conn)
}
