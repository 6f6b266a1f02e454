//! Running the site: binding the address, live reload, logging, graceful
//! shutdown.

use std::net::SocketAddr;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::content::ContentSource;
use crate::http::app;
use crate::reload::{ReloadSender, Trigger, spawn_reloader, watch};
use crate::state::AppState;

/// Serves `state` on `addr` until SIGINT or SIGTERM. Content from a folder
/// is watched and reloaded on change; SIGHUP reloads it too.
pub async fn serve(addr: SocketAddr, state: AppState) -> anyhow::Result<()> {
    let listener = TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    let local = listener.local_addr().context("reading the bound address")?;
    let reloads = spawn_reloader(state.clone());
    let _watcher = match state.source.as_ref() {
        ContentSource::Dir(dir) => Some(watch(dir, reloads.clone())?),
        ContentSource::BuiltIn => None,
    };
    reload_on_hangup(reloads);
    tracing::info!("serving {} at http://{local}/", state.source);
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown_signal()).await.context("serving HTTP")?;
    tracing::info!("stopped");
    Ok(())
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
