//! A hostile HTTP/2 client, for `bench/hostile.sh`: it opens many
//! connections over TLS from many loopback addresses, each with a receive
//! window of 0 bytes that it never opens, sends searches on each, answers
//! the server's pings, and never reads an answer. It reports how many
//! connections the server closed, and when.
//!
//! Usage: slow_reader HOST:PORT CONNECTIONS STREAMS ADDRESSES SECONDS
//! (the addresses are 127.0.1.1, 127.0.1.2, …; loopback only).

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

#[derive(Debug)]
struct AnyCertificate;

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider().signature_verification_algorithms.supported_schemes()
    }
}

/// One stalled connection from `from`: `Some(seconds)` until the server
/// closed it, `None` if it was still open after `hold`.
async fn stall(
    server: SocketAddr,
    from: Ipv4Addr,
    streams: usize,
    hold: Duration,
    config: Arc<rustls::ClientConfig>,
    id: usize,
) -> Option<f64> {
    let socket = tokio::net::TcpSocket::new_v4().ok()?;
    socket.bind(SocketAddr::from((from, 0))).ok()?;
    let tcp = socket.connect(server).await.ok()?;
    let name = ServerName::try_from("localhost").ok()?;
    let tls = tokio_rustls::TlsConnector::from(config).connect(name, tcp).await.ok()?;
    let (client, connection) =
        h2::client::Builder::new().initial_window_size(0).handshake::<_, bytes::Bytes>(tls).await.ok()?;
    let started = Instant::now();
    let connection = tokio::spawn(connection);
    let mut answers = Vec::new();
    let mut client = client;
    for i in 0..streams {
        let path = format!("https://localhost/search?q=ministry+environment+{id}x{i}");
        let Ok(request) = axum::http::Request::get(path).body(()) else { break };
        match client.send_request(request, true) {
            Ok((answer, _)) => answers.push(answer),
            Err(_) => break,
        }
    }
    let ended = tokio::time::timeout(hold, connection).await;
    drop((answers, client));
    ended.ok().map(|_| started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, server, connections, streams, addresses, seconds] = args.as_slice() else {
        eprintln!("usage: slow_reader HOST:PORT CONNECTIONS STREAMS ADDRESSES SECONDS");
        std::process::exit(2);
    };
    let number = |text: &str| text.parse::<usize>().unwrap_or_else(|_| panic!("{text:?} is not a number"));
    let server: SocketAddr = server.parse().expect("HOST:PORT");
    assert!(server.ip().is_loopback(), "loopback only");
    let (connections, streams, addresses) = (number(connections), number(streams), number(addresses).max(1));
    let hold = Duration::from_secs(number(seconds) as u64);
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec()];
    let config = Arc::new(config);
    let stalls: Vec<_> = (0..connections)
        .map(|i| {
            let from = Ipv4Addr::new(127, 0, 1, u8::try_from(i % addresses + 1).unwrap_or(255));
            tokio::spawn(stall(server, from, streams, hold, Arc::clone(&config), i))
        })
        .collect();
    let mut closed = Vec::new();
    let mut open = 0;
    for stall in stalls {
        match stall.await.ok().flatten() {
            Some(seconds) => closed.push(seconds),
            None => open += 1,
        }
    }
    closed.sort_by(f64::total_cmp);
    let last = closed.last().copied().unwrap_or(0.0);
    println!("closed by the server: {} (the last after {last:.1} s); still open after {hold:?}: {open}", closed.len());
}
