//! The signals an operator sends: SIGHUP to reload, SIGINT and SIGTERM to
//! stop.

use std::sync::Arc;

use super::reload::{ReloadSender, Trigger};
use super::tls::Certificates;
use super::watch::Rearm;

/// On each SIGHUP: asks for a reload of the content, watches the content
/// folder afresh, and reloads the certificate.
pub fn reload_on_hangup(reloads: ReloadSender, rearm: Option<Rearm>, certificates: Option<Arc<Certificates>>) {
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
            // With ACME, the cache has no certificate before the first order.
            if let Some(certificates) = certificates.as_ref().filter(|c| !c.is_acme() || c.files_exist()) {
                match certificates.reload() {
                    Ok(()) => tracing::info!("TLS certificate reloaded"),
                    Err(error) => tracing::error!("{error:#}; still serving the previous certificate"),
                }
            }
            if let Some(rearm) = &rearm {
                let _ = rearm.send(());
            }
            if reloads.send(Trigger::Hangup).is_err() {
                return;
            }
        }
    });
    #[cfg(not(unix))]
    drop((reloads, rearm, certificates));
}

/// A message on the receiver at each SIGUSR1, which asks for the ACME
/// certificate to be renewed at once. Without ACME the receiver is dropped,
/// and the signal only logged (its default would end the process).
pub fn renew_on_user1() -> tokio::sync::mpsc::UnboundedReceiver<()> {
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    #[cfg(unix)]
    tokio::spawn(async move {
        let mut signals = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::user_defined1()) {
            Ok(signal) => signal,
            Err(e) => return tracing::error!("cannot listen for SIGUSR1: {e}"),
        };
        while signals.recv().await.is_some() {
            if sender.send(()).is_ok() {
                tracing::info!("SIGUSR1 received, renewing the certificate");
            } else {
                tracing::warn!("SIGUSR1 received, but the certificate is not from ACME: nothing to renew");
            }
        }
    });
    #[cfg(not(unix))]
    drop(sender);
    receiver
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown() {
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
