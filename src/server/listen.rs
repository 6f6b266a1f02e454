//! Listening and serving connections: one socket shared by the workers,
//! HTTP/1.1 with the site's limits, TLS when configured, and the end of
//! every connection at shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_rustls::TlsAcceptor;

use super::accept_errors;
use super::acme::challenge::ACME_TLS_ALPN;
use super::connection_cap::ConnectionCap;
use super::http2;
use super::send_deadline::SendDeadline;
use super::service::{SiteService, Worker};
use crate::web::state::AppState;

/// hyper's read buffer: twice the site's limit on a request head, so that a
/// head over the limit reaches the site's own check (and its 431 page, with
/// the security headers) however it arrives, one write or many.
pub const READ_BUFFER: usize = 2 * crate::web::limits::MAX_HEAD_BYTES;
/// After SIGTERM, requests in flight get this long to finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Binds `addr` once and gives each worker its own handle on the socket: an
/// idle worker wakes first and takes the next connection, which spreads the
/// load better than SO_REUSEPORT's hashing. Returns them and the bound address.
pub async fn bind(addr: SocketAddr, count: usize) -> anyhow::Result<(Vec<std::net::TcpListener>, SocketAddr)> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4() } else { TcpSocket::new_v6() }?;
    socket.set_reuseaddr(true)?;
    socket.bind(addr).with_context(|| format!("binding {addr}"))?;
    let listener = socket.listen(1024).with_context(|| format!("listening on {addr}"))?;
    let bound = listener.local_addr()?;
    let listener = listener.into_std()?;
    let mut listeners = Vec::with_capacity(count);
    for _ in 1..count {
        listeners.push(listener.try_clone().context("sharing the listening socket")?);
    }
    listeners.push(listener);
    Ok((listeners, bound))
}

/// The next connection. An error (out of file descriptors, most likely) is
/// counted, logged (see `accept_errors::note`), and the accept tried again
/// after a pause, rather than in a spin.
pub async fn next_connection(listener: &TcpListener) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(error) => {
                accept_errors::note(&error);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Serves a connection to its end; how it ended matters only to debugging.
pub async fn until_closed<E: std::fmt::Display>(connection: impl Future<Output = Result<(), E>>) {
    if let Err(error) = connection.await {
        tracing::debug!("connection ended: {error}");
    }
}

/// HTTP/1.1 with the site's limits: a client has `client_timeout` to send
/// each request head, which may hold more lines than the site takes, so
/// that the site's own 431 page refuses it. HTTP/1.1 only: the protocol
/// sniffing of hyper-util's auto builder wraps every read.
pub fn http1_builder(client_timeout: Duration) -> hyper::server::conn::http1::Builder {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(client_timeout)
        .max_buf_size(READ_BUFFER)
        .max_headers(crate::web::limits::READ_HEADER_LINES);
    builder
}

/// What one worker serves: the site (`web::app`) and its state (for the
/// pre-rendered pages), wrapped per connection in `SiteService`, over TLS
/// when there is an acceptor.
pub struct WorkerSite<S> {
    pub app: S,
    pub state: AppState,
    pub worker: Arc<Worker>,
    pub tls: Option<TlsAcceptor>,
    pub client_timeout: Duration,
    /// How long an answer may wait for the client to take it.
    pub send_timeout: Duration,
    /// The cap on connections per address.
    pub connections: Arc<ConnectionCap>,
}

/// Accepts connections until `stopped` turns true, then lets the requests in
/// flight finish, for `SHUTDOWN_GRACE` at most.
pub async fn accept_loop<S>(listener: TcpListener, site: WorkerSite<S>, mut stopped: tokio::sync::watch::Receiver<bool>)
where
    S: tower::Service<axum::extract::Request, Response = axum::response::Response, Error = std::convert::Infallible>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send + 'static,
{
    let builder = http1_builder(site.client_timeout);
    let graceful = GracefulShutdown::new();
    // Each HTTP/2 connection holds a sender; all dropped, all have ended.
    let (h2_open, mut h2_ended) = tokio::sync::mpsc::channel::<()>(1);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = next_connection(&listener) => accepted,
            _ = stopped.wait_for(|stop| *stop) => break,
        };
        // Over its address's cap: closed at once, before any TLS.
        let Some(admitted) = site.connections.admit(peer.ip()) else { continue };
        // Small responses should leave at once, not wait for Nagle's algorithm.
        let _ = stream.set_nodelay(true);
        let stream = SendDeadline::new(stream, site.send_timeout);
        let service = SiteService {
            site: site.app.clone(),
            // The preview adds to every page: nothing goes round its layer.
            early: (!site.state.preview).then(|| site.state.clone()),
            worker: Arc::clone(&site.worker),
            peer: peer.ip(),
            tls: site.tls.is_some(),
            activity: None,
            pages: Arc::default(),
        };
        let Some(acceptor) = &site.tls else {
            let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
            tokio::spawn(async move {
                until_closed(connection).await;
                drop(admitted);
            });
            continue;
        };
        let handshake = tokio::time::timeout(site.client_timeout, acceptor.accept(stream));
        let (builder, watcher, h2_open) = (builder.clone(), graceful.watcher(), h2_open.clone());
        let (client_timeout, send_timeout, mut stopped) = (site.client_timeout, site.send_timeout, stopped.clone());
        tokio::spawn(async move {
            let _admitted = admitted;
            let stream = match handshake.await {
                Ok(Ok(stream)) => stream,
                Ok(Err(error)) => return tracing::debug!("TLS handshake with {peer} failed: {error}"),
                Err(_) => return tracing::debug!("TLS handshake with {peer} timed out"),
            };
            // The handshake itself answered the ACME server's TLS-ALPN-01 challenge.
            if stream.get_ref().1.alpn_protocol() == Some(ACME_TLS_ALPN) {
                return tracing::info!("answered a TLS-ALPN-01 challenge from {peer}");
            }
            if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
                let activity = http2::Activity::new();
                let service = SiteService { activity: Some(Arc::clone(&activity)), ..service };
                let stopping = async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                };
                let h2 = http2::builder(client_timeout);
                let limits = http2::Limits { client_timeout, send_timeout };
                until_closed(http2::serve(&h2, TokioIo::new(stream), service, activity, limits, stopping)).await;
                drop(h2_open);
            } else {
                until_closed(watcher.watch(builder.serve_connection(TokioIo::new(stream), service))).await;
            }
        });
    }
    drop(listener);
    drop(h2_open);
    let every_connection_ended = async {
        graceful.shutdown().await;
        while h2_ended.recv().await.is_some() {}
    };
    tokio::select! {
        () = every_connection_ended => tracing::debug!("every request in flight has finished"),
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still in flight after {SHUTDOWN_GRACE:?}: closing them");
        }
    }
}
