//! Running the site: accepting connections, live reload, graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::http::header;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_rustls::TlsAcceptor;

use crate::content::ContentSource;
use crate::http::app;
use crate::metrics::Metrics;
use crate::proxy::TrustedProxies;
use crate::redirect;
use crate::reload::{ReloadSender, Trigger, spawn_reloader, watch};
use crate::service::{SiteService, Worker};
use crate::state::AppState;
use crate::tls::{Certificates, TlsFiles};

/// A client must send its whole request head within this time.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// A request head larger than this gets 431 (hyper's buffer; 8 KiB at least):
/// room for a 20 kB address, which the router then refuses with 414.
pub const MAX_HEAD_SIZE: usize = 32 * 1024;
/// After SIGTERM, requests in flight get this long to finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How to serve: the command line's `serve` options.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    /// Serve HTTPS with these, instead of plain HTTP.
    pub tls: Option<TlsFiles>,
    /// Where to redirect plain HTTP to HTTPS (with `tls` only).
    pub http_redirect: Option<SocketAddr>,
    /// Where to serve Prometheus metrics.
    pub metrics_addr: Option<SocketAddr>,
    pub trusted_proxies: TrustedProxies,
}

/// Serves `state` as `options` say until SIGINT or SIGTERM. Content from a
/// folder is watched and reloaded on change; SIGHUP reloads it, and the
/// certificate, too.
///
/// Each core gets a thread with its own single-threaded runtime, accepting
/// from the one listening socket, so a connection's requests never hop
/// between threads: the way nginx runs one worker a core. A control thread
/// handles signals, reloads, metrics and the redirect to HTTPS.
pub fn run(options: Options, state: AppState) -> anyhow::Result<()> {
    // Each connection is a file descriptor: allow as many as the system will.
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!("up to {limit} open files"),
        Err(error) => tracing::warn!("cannot raise the open-file limit: {error}"),
    }
    let certificates = options.tls.clone().map(Certificates::load).transpose()?;
    let acceptor = match &certificates {
        Some(certificates) => Some(TlsAcceptor::from(certificates.server_config()?)),
        None => None,
    };
    let control = tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting the runtime")?;
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let (listeners, local) = control.block_on(bind(options.addr, workers))?;
    let side = control.block_on(bind_side_listeners(&options))?;
    let metrics = Metrics::new(workers);
    let proxies = Arc::new(options.trusted_proxies.clone());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut threads = Vec::with_capacity(workers);
    for (i, listener) in listeners.into_iter().enumerate() {
        let worker = Arc::new(Worker::new(metrics.shard(i), Arc::clone(&proxies)));
        let site = Site { app: app(state.clone()), state: state.clone(), worker, tls: acceptor.clone() };
        let stopped = stopped.clone();
        let thread = std::thread::Builder::new().name(format!("http-{i}")).spawn(move || -> anyhow::Result<()> {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).context("registering the listener")?;
                accept_loop(listener, site, stopped).await;
                Ok(())
            })
        });
        threads.push(thread.context("starting a worker thread")?);
    }
    control.block_on(async {
        let reloads = spawn_reloader(state.clone());
        let _watcher = match &state.source {
            ContentSource::Dir(dir) => Some(watch(dir, reloads.clone())?),
            ContentSource::BuiltIn => None,
        };
        reload_on_hangup(reloads, certificates);
        side.spawn(&state, metrics, local.port());
        let scheme = if acceptor.is_some() { "https" } else { "http" };
        {
            let loaded = state.current.load();
            tracing::info!(
                "serving {} at {scheme}://{local}/ ({} pages, version {}, loaded in {:.1?})",
                state.source,
                loaded.pages.paths().len(),
                loaded.site.version,
                loaded.load_time
            );
        }
        shutdown_signal().await;
        let _ = stop.send(true);
        anyhow::Ok(())
    })?;
    for thread in threads {
        match thread.join() {
            Ok(result) => result?,
            Err(_) => anyhow::bail!("a worker thread panicked"),
        }
    }
    tracing::info!("stopped");
    Ok(())
}

/// The listeners beside the site's: metrics and the redirect to HTTPS.
struct SideListeners {
    metrics: Option<TcpListener>,
    redirect: Option<TcpListener>,
}

async fn bind_side_listeners(options: &Options) -> anyhow::Result<SideListeners> {
    let bind = |addr: Option<SocketAddr>, what: &'static str| async move {
        match addr {
            Some(addr) => TcpListener::bind(addr).await.map(Some).with_context(|| format!("binding {addr} for {what}")),
            None => Ok(None),
        }
    };
    Ok(SideListeners {
        metrics: bind(options.metrics_addr, "the metrics").await?,
        redirect: bind(options.http_redirect, "the redirect to HTTPS").await?,
    })
}

impl SideListeners {
    /// Serves them on the current (control) runtime: both are light.
    fn spawn(self, state: &AppState, metrics: Metrics, https_port: u16) {
        if let Some(listener) = self.metrics {
            if let Ok(addr) = listener.local_addr() {
                tracing::info!("metrics at http://{addr}/metrics");
            }
            let state = state.clone();
            let router = axum::Router::new().route(
                "/metrics",
                axum::routing::get(move || {
                    let body = metrics.render(&state);
                    async move { ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body) }
                }),
            );
            tokio::spawn(serve_plain(listener, router));
        }
        if let Some(listener) = self.redirect {
            if let Ok(addr) = listener.local_addr() {
                tracing::info!("redirecting http://{addr}/ to HTTPS");
            }
            let router = axum::Router::new().fallback(move |request: axum::extract::Request| async move {
                redirect::to_https(&request, https_port)
            });
            tokio::spawn(serve_plain(listener, router));
        }
    }
}

/// Serves `router` over plain HTTP/1.1 with the site's limits, until the
/// runtime ends.
async fn serve_plain(listener: TcpListener, router: axum::Router) {
    let builder = http1_builder();
    loop {
        let (stream, _peer) = next_connection(&listener).await;
        let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router.clone()));
        tokio::spawn(until_closed(connection));
    }
}

/// The next connection. An error (out of file descriptors, most likely) is
/// logged and the accept tried again after a pause, rather than in a spin.
async fn next_connection(listener: &TcpListener) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(error) => {
                tracing::warn!("accepting a connection failed: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Serves a connection to its end; how it ended matters only to debugging.
async fn until_closed<E: std::fmt::Display>(connection: impl Future<Output = Result<(), E>>) {
    if let Err(error) = connection.await {
        tracing::debug!("connection ended: {error}");
    }
}

/// HTTP/1.1 with the site's limits. HTTP/1.1 only: the protocol sniffing of
/// hyper-util's auto builder wraps every read.
fn http1_builder() -> hyper::server::conn::http1::Builder {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT).max_buf_size(MAX_HEAD_SIZE);
    builder
}

/// Binds `addr` once and gives each worker its own handle on the socket: an
/// idle worker wakes first and takes the next connection, which spreads the
/// load better than SO_REUSEPORT's hashing. Returns them and the bound address.
async fn bind(addr: SocketAddr, count: usize) -> anyhow::Result<(Vec<std::net::TcpListener>, SocketAddr)> {
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

/// What a worker serves: the site (`http::app`) and its state (for the
/// pre-rendered pages), wrapped per connection in `SiteService`, over TLS
/// when there is an acceptor.
struct Site<S> {
    app: S,
    state: AppState,
    worker: Arc<Worker>,
    tls: Option<TlsAcceptor>,
}

/// Accepts connections until `stopped` turns true, then lets the requests in
/// flight finish, for `SHUTDOWN_GRACE` at most.
async fn accept_loop<S>(listener: TcpListener, site: Site<S>, mut stopped: tokio::sync::watch::Receiver<bool>)
where
    S: tower::Service<axum::extract::Request, Response = axum::response::Response, Error = std::convert::Infallible>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send + 'static,
{
    let builder = http1_builder();
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = next_connection(&listener) => accepted,
            _ = stopped.wait_for(|stop| *stop) => break,
        };
        // Small responses should leave at once, not wait for Nagle's algorithm.
        let _ = stream.set_nodelay(true);
        let service = SiteService {
            site: site.app.clone(),
            prerendered: Some(site.state.clone()),
            worker: Arc::clone(&site.worker),
            peer: peer.ip(),
            tls: site.tls.is_some(),
        };
        match &site.tls {
            None => {
                let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(until_closed(connection));
            }
            Some(acceptor) => {
                let handshake = tokio::time::timeout(HEADER_READ_TIMEOUT, acceptor.accept(stream));
                let (builder, watcher) = (builder.clone(), graceful.watcher());
                tokio::spawn(async move {
                    let stream = match handshake.await {
                        Ok(Ok(stream)) => stream,
                        Ok(Err(error)) => return tracing::debug!("TLS handshake with {peer} failed: {error}"),
                        Err(_) => return tracing::debug!("TLS handshake with {peer} timed out"),
                    };
                    until_closed(watcher.watch(builder.serve_connection(TokioIo::new(stream), service))).await;
                });
            }
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::debug!("every request in flight has finished"),
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still in flight after {SHUTDOWN_GRACE:?}: closing them");
        }
    }
}

/// Asks for a reload of the content, and reloads the certificate, on each
/// SIGHUP.
fn reload_on_hangup(reloads: ReloadSender, certificates: Option<Arc<Certificates>>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        let mut hangups = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
            Ok(signal) => signal,
            Err(e) => {
                tracing::error!("cannot listen for SIGHUP: {e}");
                return;
            }
        };
        while hangups.recv().await.is_some() {
            tracing::info!("SIGHUP received, reloading the content");
            if let Some(certificates) = &certificates {
                match certificates.reload() {
                    Ok(()) => tracing::info!("TLS certificate reloaded"),
                    Err(error) => tracing::error!("{error:#}; still serving the previous certificate"),
                }
            }
            if reloads.send(Trigger::Hangup).is_err() {
                return;
            }
        }
    });
    #[cfg(not(unix))]
    drop((reloads, certificates));
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
