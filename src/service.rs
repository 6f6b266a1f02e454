//! What happens around the router for every request on a connection: an
//! id, the trusted origin (client and scheme), HSTS over HTTPS, a time
//! limit, a line in the access log and a count in the metrics.

use std::convert::Infallible;
use std::future::Future;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::HttpBody as _;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use tower::ServiceExt as _;
use tracing::Instrument as _;

use crate::metrics::{Route, Shard};
use crate::proxy::TrustedProxies;
use crate::security;

/// A request the site has not answered in this time gets 503. Every page
/// takes milliseconds; this is a guard against the unforeseen.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The target of the access log's events: `RUST_LOG=aseic::access=off`
/// silences it alone.
pub const ACCESS_LOG: &str = "aseic::access";

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What the connections of one worker thread share.
pub struct Worker {
    pub metrics: Arc<Shard>,
    pub proxies: Arc<TrustedProxies>,
    next_id: AtomicU64,
}

impl Worker {
    pub fn new(metrics: Arc<Shard>, proxies: Arc<TrustedProxies>) -> Self {
        // A random start per worker: ids differ across workers and restarts.
        let seed = RandomState::new().build_hasher().finish();
        Self { metrics, proxies, next_id: AtomicU64::new(seed) }
    }

    /// The request's id: the one a trusted proxy sent, if it is sane,
    /// otherwise a new one.
    fn request_id(&self, via_proxy: bool, headers: &HeaderMap) -> HeaderValue {
        if via_proxy && let Some(id) = headers.get(&X_REQUEST_ID).filter(|id| is_sane_id(id.as_bytes())) {
            return id.clone();
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{id:016x}")).expect("hex digits make a valid header")
    }
}

fn is_sane_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

/// The service of one connection from `peer`.
#[derive(Clone)]
pub struct SiteService {
    pub router: Router,
    pub worker: Arc<Worker>,
    pub peer: IpAddr,
    /// Whether the connection is HTTPS.
    pub tls: bool,
}

impl hyper::service::Service<Request<Incoming>> for SiteService {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let started = Instant::now();
        let route = Route::of(request.uri().path());
        let origin = self.worker.proxies.origin(self.peer, self.tls, request.headers());
        let id = self.worker.request_id(origin.via_proxy, request.headers());
        // Only what the log line needs is kept, and only when it is written.
        let logged = tracing::enabled!(target: ACCESS_LOG, tracing::Level::INFO)
            .then(|| (request.method().clone(), request.uri().clone()));
        let span = tracing::info_span!("request", id = id.to_str().unwrap_or_default());
        let answer = tokio::time::timeout(REQUEST_TIMEOUT, self.router.clone().oneshot(request)).instrument(span);
        let worker = Arc::clone(&self.worker);
        Box::pin(async move {
            let mut response = match answer.await {
                Ok(Ok(response)) => response,
                Ok(Err(never)) => match never {},
                Err(_) => too_slow(),
            };
            let headers = response.headers_mut();
            if origin.https {
                headers.insert(header::STRICT_TRANSPORT_SECURITY, security::hsts());
            }
            let elapsed = started.elapsed();
            worker.metrics.record(route, response.status(), elapsed);
            if let Some((method, target)) = logged {
                tracing::info!(
                    target: ACCESS_LOG,
                    request_id = id.to_str().unwrap_or_default(),
                    client = %origin.client,
                    scheme = if origin.https { "https" } else { "http" },
                    %method,
                    path = %target,
                    status = response.status().as_u16(),
                    bytes = response.body().size_hint().exact().unwrap_or(0),
                    duration_ms = elapsed.as_micros() as f64 / 1000.0,
                    "answered"
                );
            }
            response.headers_mut().insert(X_REQUEST_ID.clone(), id);
            Ok(response)
        })
    }
}

/// The answer when the site took longer than `REQUEST_TIMEOUT`.
fn too_slow() -> Response {
    tracing::error!("no answer within {REQUEST_TIMEOUT:?}: 503 sent");
    let mut response =
        (StatusCode::SERVICE_UNAVAILABLE, "The site took too long to answer. Please try again.\n").into_response();
    security::add_headers(response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_request_ids_must_be_short_and_plain() {
        assert!(is_sane_id(b"5f2c0e7a-11b3-4c3e-9d7a-0e1f2a3b4c5d"));
        assert!(!is_sane_id(b""));
        assert!(!is_sane_id(b"id with spaces"));
        assert!(!is_sane_id(b"<script>"));
        assert!(!is_sane_id(&[b'a'; 65]));
    }

    #[test]
    fn ids_are_taken_from_trusted_proxies_only() {
        let worker = Worker::new(crate::metrics::Metrics::new(1).shard(0), Arc::default());
        let mut headers = HeaderMap::new();
        headers.insert(&X_REQUEST_ID, HeaderValue::from_static("from-the-proxy"));
        assert_eq!(worker.request_id(true, &headers), "from-the-proxy");
        let own = worker.request_id(false, &headers);
        assert_eq!(own.len(), 16);
        assert_ne!(worker.request_id(false, &headers), own);
    }
}
