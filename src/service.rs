//! What happens around the router for every request on a connection: an
//! id, the trusted origin (client and scheme), HSTS over HTTPS, a line in
//! the access log and a count in the metrics; and pre-rendered pages
//! answered at once, without the router.

use std::convert::Infallible;
use std::future::Future;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::BoxError;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Uri, header};
use axum::response::Response;
use futures_util::future::{Either, Ready, ready};
use tower::util::Oneshot;
use tower::{Service, ServiceExt as _};
use tracing::Instrument as _;
use tracing::instrument::Instrumented;

use crate::metrics::{Route, Shard};
use crate::proxy::{Origin, TrustedProxies};
use crate::state::AppState;
use crate::{http, security};

/// The target of the access log's events: `RUST_LOG=aseic::access=off`
/// silences it alone.
pub const ACCESS_LOG: &str = "aseic::access";

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Gives a pre-built header map (see `encoding::Variant`) a request id, for
/// `SiteService` to overwrite with the request's own. Overwriting a value in
/// a clone of the map is cheap; adding a header to the clone reallocates it,
/// which cost some 3% of a pre-rendered page's instructions in user space
/// (callgrind: 14,100 against 13,700 per request for /asem).
pub fn reserve_request_id(headers: &mut HeaderMap) {
    headers.insert(X_REQUEST_ID.clone(), HeaderValue::from_static("-"));
}

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
        let digits: [u8; 16] = std::array::from_fn(|i| b"0123456789abcdef"[(id >> (60 - 4 * i)) as usize & 0xf]);
        HeaderValue::from_bytes(&digits).expect("hex digits make a valid header")
    }
}

fn is_sane_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

/// The service of one connection from `peer`: `site` (see `http::app`)
/// wrapped.
#[derive(Clone)]
pub struct SiteService<S> {
    pub site: S,
    /// The pre-rendered pages, answered before `site` is cloned and called
    /// (see `http::prerendered`): the same answer for some 8% fewer
    /// instructions (`bench/instructions.sh`).
    pub prerendered: Option<AppState>,
    pub worker: Arc<Worker>,
    pub peer: IpAddr,
    /// Whether the connection is HTTPS.
    pub tls: bool,
}

impl<S, B> hyper::service::Service<Request<B>> for SiteService<S>
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer<Either<Ready<Result<Response, Infallible>>, Instrumented<Oneshot<S, Request<Body>>>>>;

    fn call(&self, request: Request<B>) -> Self::Future {
        let started = Instant::now();
        let route = Route::of(request.uri().path());
        let origin = self.worker.proxies.origin(self.peer, self.tls, request.headers());
        let id = self.worker.request_id(origin.via_proxy, request.headers());
        // Only what the log line needs is kept, and only when it is written.
        let logged = tracing::enabled!(target: ACCESS_LOG, tracing::Level::INFO)
            .then(|| (request.method().clone(), request.uri().clone()));
        let at_once = self.prerendered.as_ref().and_then(|state| http::prerendered(state, &request));
        let inner = match at_once {
            Some(response) => Either::Left(ready(Ok(response))),
            None => {
                let span = tracing::info_span!("request", id = id.to_str().unwrap_or_default());
                Either::Right(self.site.clone().oneshot(request.map(Body::new)).instrument(span))
            }
        };
        Answer { inner, done: Some(Done { worker: Arc::clone(&self.worker), started, route, origin, id, logged }) }
    }
}

pin_project_lite::pin_project! {
    /// The router's answer, finished by `Done` when it is ready. A named
    /// future rather than a boxed one: no allocation per request.
    pub struct Answer<F> {
        #[pin]
        inner: F,
        done: Option<Done>,
    }
}

impl<F: Future<Output = Result<Response, Infallible>>> Future for Answer<F> {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Ok(response) = std::task::ready!(this.inner.poll(cx));
        let done = this.done.take().expect("an answer is polled to completion once");
        Poll::Ready(Ok(done.finish(response)))
    }
}

/// What is left to do once the router has answered.
struct Done {
    worker: Arc<Worker>,
    started: Instant,
    route: Route,
    origin: Origin,
    id: HeaderValue,
    logged: Option<(Method, Uri)>,
}

impl Done {
    fn finish(self, mut response: Response) -> Response {
        if self.origin.https {
            response.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, security::hsts());
        }
        let elapsed = self.started.elapsed();
        self.worker.metrics.record(self.route, response.status(), elapsed);
        if let Some((method, target)) = self.logged {
            tracing::info!(
                target: ACCESS_LOG,
                request_id = self.id.to_str().unwrap_or_default(),
                client = %self.origin.client,
                scheme = if self.origin.https { "https" } else { "http" },
                %method,
                path = %target,
                status = response.status().as_u16(),
                bytes = response.body().size_hint().exact().unwrap_or(0),
                duration_ms = elapsed.as_micros() as f64 / 1000.0,
                "answered"
            );
        }
        response.headers_mut().insert(X_REQUEST_ID.clone(), self.id);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::metrics::Metrics;
    use axum::Router;
    use axum::routing::get;

    fn service(site: Router, tls: bool) -> SiteService<Router> {
        let worker = Arc::new(Worker::new(Metrics::new(1).shard(0), Arc::default()));
        SiteService { site, prerendered: None, worker, peer: IpAddr::from([127, 0, 0, 1]), tls }
    }

    #[tokio::test]
    async fn hsts_only_over_https() {
        let router = Router::new().route("/", get(|| async { "home" }));
        for tls in [false, true] {
            let request = Request::get("/").body(Body::empty()).unwrap();
            let response = hyper::service::Service::call(&service(router.clone(), tls), request).await.unwrap();
            assert_eq!(response.headers().contains_key(header::STRICT_TRANSPORT_SECURITY), tls);
        }
    }

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
