//! Running the site: listeners, connections, TLS, metrics, live reload and
//! graceful shutdown.

mod accept_errors;
pub mod acme;
mod connection_cap;
mod http2;
mod listen;
pub mod metrics;
pub mod reload;
mod send_deadline;
pub mod service;
mod side;
mod signals;
pub mod tls;
pub mod watch;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::content::ContentSource;
use crate::web::app_with_limit;
use crate::web::made_pages::PerSecond;
use crate::web::proxy::TrustedProxies;
use crate::web::state::AppState;
use acme::{Acme, AcmeOptions};
use connection_cap::ConnectionCap;
pub use listen::SHUTDOWN_GRACE;
use listen::{WorkerSite, accept_loop, bind};
use metrics::Metrics;
use reload::{spawn_publisher, spawn_reloader, warn_of_gaps};
use service::Worker;
use side::SideListeners;
use tls::{Certificates, TlsFiles, TlsStatus};

/// The default of `Options::client_timeout`.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default of `Options::request_timeout`.
pub const REQUEST_TIMEOUT: Duration = crate::web::REQUEST_TIMEOUT;

/// How to serve: the command line's `serve` options.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    /// Serve HTTPS with these, instead of plain HTTP.
    pub tls: Option<TlsFiles>,
    /// Serve HTTPS with a certificate from an ACME server (not with `tls`).
    pub acme: Option<AcmeOptions>,
    /// Where to redirect plain HTTP to HTTPS (with `tls` or `acme` only).
    pub http_redirect: Option<SocketAddr>,
    /// Where to serve Prometheus metrics.
    pub metrics_addr: Option<SocketAddr>,
    pub trusted_proxies: TrustedProxies,
    /// How long a client may take over its TLS handshake, over each request
    /// head, and idle between requests.
    pub client_timeout: Duration,
    /// How long an answer may wait for the client to take any of it (a
    /// write that makes no progress, over HTTP/1.1 or HTTP/2) before the
    /// connection is closed hard.
    pub send_timeout: Duration,
    /// How long a request may take before it gets 503.
    pub request_timeout: Duration,
    /// Whether to watch a content folder for changes (SIGHUP reloads always).
    pub watch: bool,
    /// How many connections one address (an IPv6 /64) may hold open; a
    /// trusted proxy has no cap.
    pub max_connections_per_ip: usize,
    /// How many pages made per request (searches, filters, the SME check)
    /// each client may ask for a second; no limit when `None`.
    pub rate_limit_per_ip: Option<PerSecond>,
}

/// Serves `state` as `options` say until SIGINT or SIGTERM. Content from a
/// folder is watched and reloaded on change; SIGHUP reloads it, and the
/// certificate, too; with ACME, SIGUSR1 renews the certificate at once.
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
    if let Some(rate) = options.rate_limit_per_ip {
        state.made_pages.limit_rate(rate);
    }
    let (certificates, acme) = match (&options.tls, &options.acme) {
        (Some(files), _) => (Some(Certificates::load(files.clone())?), None),
        (None, Some(acme)) => {
            let acme = Acme::prepare(acme.clone())?;
            (Some(acme.certificates()), Some(acme))
        }
        (None, None) => (None, None),
    };
    let acceptor = match &certificates {
        Some(certificates) => Some(TlsAcceptor::from(certificates.server_config()?)),
        None => None,
    };
    let control = tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting the runtime")?;
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let (listeners, local) = control.block_on(bind(options.addr, workers))?;
    let side = control.block_on(SideListeners::bind(options.metrics_addr, options.http_redirect))?;
    let proxies = Arc::new(options.trusted_proxies.clone());
    let connections = ConnectionCap::new(options.max_connections_per_ip, Arc::clone(&proxies));
    let metrics = Metrics::new(workers).with_connections(Arc::clone(&connections));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let serving = Serving { options: &options, state: &state, metrics: &metrics, proxies, connections };
    let threads = spawn_workers(listeners, &serving, acceptor.as_ref(), &stopped)?;
    control.block_on(async {
        let reloads = spawn_reloader(state.clone());
        spawn_publisher(state.clone(), reloads.clone());
        let rearm = match &state.source {
            ContentSource::Dir(dir) if options.watch => {
                Some(watch::spawn_watcher(state.clone(), dir.clone(), reloads.clone()))
            }
            _ => None,
        };
        let tls = certificates.map(|certificates| TlsStatus {
            certificates,
            renewals: acme.as_ref().map(Acme::renewals),
            challenges: acme.as_ref().map(Acme::challenges),
        });
        signals::reload_on_hangup(reloads, rearm, tls.as_ref().map(|tls| Arc::clone(&tls.certificates)));
        spawn_forgetting(state.clone());
        let http01 = side.redirects();
        side.spawn(&state, metrics, local.port(), options.client_timeout, tls);
        let scheme = if acceptor.is_some() { "https" } else { "http" };
        log_start(&state, scheme, local);
        let renew_now = signals::renew_on_user1();
        if let Some(acme) = acme {
            acme.spawn(http01, renew_now);
        }
        signals::shutdown().await;
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

/// Every few seconds, forgets the clients whose quota of pages made per
/// request is whole again: the table stays as small as the clients of the
/// last moments, whatever a flood of addresses.
fn spawn_forgetting(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(10));
        loop {
            every.tick().await;
            state.made_pages.forget_idle_clients();
        }
    });
}

/// What every worker serves with.
struct Serving<'a> {
    options: &'a Options,
    state: &'a AppState,
    metrics: &'a Metrics,
    proxies: Arc<TrustedProxies>,
    connections: Arc<ConnectionCap>,
}

/// Starts one worker thread per listener, each with its own runtime,
/// serving until `stopped` turns true.
fn spawn_workers(
    listeners: Vec<std::net::TcpListener>,
    serving: &Serving<'_>,
    acceptor: Option<&TlsAcceptor>,
    stopped: &tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<Vec<std::thread::JoinHandle<anyhow::Result<()>>>> {
    let (options, state) = (serving.options, serving.state);
    let mut threads = Vec::with_capacity(listeners.len());
    for (i, listener) in listeners.into_iter().enumerate() {
        let site = WorkerSite {
            app: app_with_limit(state.clone(), options.request_timeout),
            state: state.clone(),
            worker: Arc::new(Worker::new(serving.metrics.shard(i), Arc::clone(&serving.proxies))),
            tls: acceptor.cloned(),
            client_timeout: options.client_timeout,
            send_timeout: options.send_timeout,
            connections: Arc::clone(&serving.connections),
        };
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
    Ok(threads)
}

/// The start's last line: where the site is, what it serves.
fn log_start(state: &AppState, scheme: &str, local: SocketAddr) {
    let loaded = state.current.load();
    // The preview shows drafts and problems: its start line says so, lest
    // it be taken for the site.
    let what = if state.preview { "the editors' preview of " } else { "" };
    tracing::info!(
        "serving {what}{} at {scheme}://{local}/ ({} pages, version {}, loaded in {:.1?})",
        state.source,
        loaded.pages.paths().len(),
        loaded.site().version,
        loaded.load_time
    );
    warn_of_gaps(&loaded.sites);
}
