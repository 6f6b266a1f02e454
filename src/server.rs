//! Running the site: accepting connections, live reload, graceful shutdown.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket};

use crate::content::ContentSource;
use crate::http::app;
use crate::reload::{ReloadSender, Trigger, spawn_reloader, watch};
use crate::state::AppState;

/// A client must send its whole request head within this time.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// A request head larger than this gets 431 (hyper's buffer; 8 KiB at least):
/// room for a 20 kB address, which the router then refuses with 414.
pub const MAX_HEAD_SIZE: usize = 32 * 1024;
/// After SIGTERM, requests in flight get this long to finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `state` on `addr` until SIGINT or SIGTERM. Content from a folder
/// is watched and reloaded on change; SIGHUP reloads it too.
///
/// Each core gets a thread with its own single-threaded runtime, accepting
/// from the one listening socket, so a connection's requests never hop
/// between threads: the way nginx runs one worker a core. A control thread
/// handles signals and reloads.
pub fn run(addr: SocketAddr, state: AppState) -> anyhow::Result<()> {
    // Each connection is a file descriptor: allow as many as the system will.
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!("up to {limit} open files"),
        Err(error) => tracing::warn!("cannot raise the open-file limit: {error}"),
    }
    let control = tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting the runtime")?;
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let (listeners, local) = control.block_on(bind(addr, workers))?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut threads = Vec::with_capacity(workers);
    for (i, listener) in listeners.into_iter().enumerate() {
        let router = app(state.clone());
        let stopped = stopped.clone();
        let thread = std::thread::Builder::new().name(format!("http-{i}")).spawn(move || -> anyhow::Result<()> {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).context("registering the listener")?;
                accept_loop(listener, router, stopped).await;
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
        reload_on_hangup(reloads);
        let (pages, load_time) = {
            let loaded = state.current.load();
            (loaded.pages.paths().len(), loaded.load_time)
        };
        tracing::info!("serving {} at http://{local}/ ({pages} pages, loaded in {load_time:.1?})", state.source);
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

/// Accepts connections until `stopped` turns true, then lets the requests in
/// flight finish, for `SHUTDOWN_GRACE` at most.
async fn accept_loop(listener: TcpListener, router: axum::Router, mut stopped: tokio::sync::watch::Receiver<bool>) {
    // HTTP/1.1 only over plain TCP: browsers speak HTTP/2 only over TLS, and
    // the protocol sniffing of hyper-util's auto builder wraps every read.
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT).max_buf_size(MAX_HEAD_SIZE);
    let graceful = GracefulShutdown::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(error) => {
                    // Out of file descriptors, most likely: wait rather than spin.
                    tracing::warn!("accepting a connection failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped.wait_for(|stop| *stop) => break,
        };
        // Small responses should leave at once, not wait for Nagle's algorithm.
        let _ = stream.set_nodelay(true);
        let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!("connection ended: {error}");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::debug!("every request in flight has finished"),
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still in flight after {SHUTDOWN_GRACE:?}: closing them");
        }
    }
}

/// Asks for a reload on each SIGHUP.
fn reload_on_hangup(reloads: ReloadSender) {
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
            if reloads.send(Trigger::Hangup).is_err() {
                return;
            }
        }
    });
    #[cfg(not(unix))]
    drop(reloads);
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
