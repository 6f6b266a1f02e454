//! An HTTP/2 client over TLS for the tests, with the settings a test
//! chooses (a hostile one's among them).

use std::sync::Arc;

use axum::http::Request;
use rustls::pki_types::{CertificateDer, ServerName};

/// The client side of an HTTP/2 connection, and the task that drives it
/// (it ends when the connection does).
pub type Connection = (h2::client::SendRequest<bytes::Bytes>, tokio::task::JoinHandle<Result<(), h2::Error>>);

/// An HTTP/2 connection to `addr` over TLS, trusting only `root`.
pub async fn connect(addr: &str, root: &CertificateDer<'static>) -> Connection {
    connect_with(addr, root, &h2::client::Builder::new()).await
}

/// An HTTP/2 connection to `addr` over TLS, trusting only `root`, with
/// `settings`.
pub async fn connect_with(addr: &str, root: &CertificateDer<'static>, settings: &h2::client::Builder) -> Connection {
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
    let (client, connection) = settings.handshake(tls).await.expect("an HTTP/2 handshake");
    (client, tokio::spawn(connection))
}

/// A request for `path` with `method`.
pub fn request(method: &str, path: &str) -> Request<()> {
    Request::builder().method(method).uri(format!("https://localhost{path}")).body(()).expect("a request")
}

/// A response's body, read whole (its window opened as it comes).
pub async fn body(response: axum::http::Response<h2::RecvStream>) -> Vec<u8> {
    let mut body = response.into_body();
    let mut bytes = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.expect("a chunk");
        body.flow_control().release_capacity(chunk.len()).expect("capacity");
        bytes.extend_from_slice(&chunk);
    }
    bytes
}
