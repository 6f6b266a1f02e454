//! The listeners beside the site's: the private one of Prometheus metrics
//! and the detailed health check, and the redirect from plain HTTP to
//! HTTPS. Both are light, and run on the control thread.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::acme::challenge::{Challenges, HTTP_PATH};
use super::listen::{http1_builder, next_connection, until_closed};
use super::metrics::Metrics;
use super::tls::TlsStatus;
use crate::site::routes;
use crate::web::handlers::health;
use crate::web::redirect;
use crate::web::state::AppState;

/// The side listeners that the options ask for, bound.
pub struct SideListeners {
    metrics: Option<TcpListener>,
    redirect: Option<TcpListener>,
}

impl SideListeners {
    /// Binds the metrics' address and the redirect's, where given.
    pub async fn bind(metrics: Option<SocketAddr>, redirect: Option<SocketAddr>) -> anyhow::Result<Self> {
        let bind = |addr: Option<SocketAddr>, what: &'static str| async move {
            match addr {
                Some(addr) => {
                    TcpListener::bind(addr).await.map(Some).with_context(|| format!("binding {addr} for {what}"))
                }
                None => Ok(None),
            }
        };
        Ok(Self {
            metrics: bind(metrics, "the metrics").await?,
            redirect: bind(redirect, "the redirect to HTTPS").await?,
        })
    }

    /// Whether there is a redirect listener (to answer HTTP-01 challenges on).
    pub fn redirects(&self) -> bool {
        self.redirect.is_some()
    }

    /// Serves them on the current (control) runtime.
    pub fn spawn(
        self,
        state: &AppState,
        metrics: Metrics,
        https_port: u16,
        client_timeout: Duration,
        tls: Option<TlsStatus>,
    ) {
        let challenges = tls.as_ref().and_then(|tls| tls.challenges.clone());
        let tls = tls.map(Arc::new);
        if let Some(listener) = self.metrics {
            if let Ok(addr) = listener.local_addr() {
                tracing::info!("metrics at http://{addr}/metrics");
            }
            let (for_metrics, for_health) = (state.clone(), state.clone());
            let (tls_for_metrics, tls_for_health) = (tls.clone(), tls);
            let router = axum::Router::new()
                .route(
                    "/metrics",
                    axum::routing::get(move || {
                        let body = metrics.render(&for_metrics, tls_for_metrics.as_deref());
                        async move { ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body) }
                    }),
                )
                .route(
                    routes::HEALTHZ,
                    axum::routing::get(move || {
                        let left = tls_for_health.as_deref().map(|tls| tls.certificates.seconds_left());
                        let body = health::details(&for_health, left);
                        async move { axum::Json(body) }
                    }),
                );
            tokio::spawn(serve_plain(listener, router, client_timeout));
        }
        if let Some(listener) = self.redirect {
            if let Ok(addr) = listener.local_addr() {
                tracing::info!("redirecting http://{addr}/ to HTTPS");
            }
            let router = axum::Router::new().fallback(move |request: axum::extract::Request| {
                let answer = challenge_answer(challenges.as_deref(), &request);
                async move { answer.unwrap_or_else(|| redirect::to_https(&request, https_port)) }
            });
            tokio::spawn(serve_plain(listener, router, client_timeout));
        }
    }
}

/// The ACME server's HTTP-01 validation: the key authorisation of an open
/// challenge, as plain text (RFC 8555, section 8.3).
fn challenge_answer(challenges: Option<&Challenges>, request: &axum::extract::Request) -> Option<Response> {
    if !request.uri().path().starts_with(HTTP_PATH) {
        return None;
    }
    let answer = challenges?.http(request.uri().path())?;
    tracing::info!("answering an HTTP-01 challenge");
    Some(([(header::CONTENT_TYPE, "application/octet-stream")], answer).into_response())
}

/// Serves `router` over plain HTTP/1.1 with the site's limits, until the
/// runtime ends.
async fn serve_plain(listener: TcpListener, router: axum::Router, client_timeout: Duration) {
    let builder = http1_builder(client_timeout);
    loop {
        let (stream, _peer) = next_connection(&listener).await;
        let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router.clone()));
        tokio::spawn(until_closed(connection));
    }
}
