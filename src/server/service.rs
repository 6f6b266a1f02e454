//! What happens around the site for every request on a connection: an id,
//! the trusted origin (client and scheme), HSTS over HTTPS, a line in the
//! access log and a count in the metrics; and pre-rendered pages and
//! searches answered at once, without the router (`web::early`).

use std::convert::Infallible;
use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::BoxError;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, HeaderValue, Method, Request, Uri, header};
use axum::response::Response;
use futures_util::future::{Either, Ready, ready};
use hyper::body::{Frame, SizeHint};
use tower::util::Oneshot;
use tower::{Service, ServiceExt as _};
use tracing::Instrument as _;
use tracing::instrument::Instrumented;

use super::http2::{Activity, Busy};
use super::metrics::Shard;
use crate::site::Route;
use crate::site::language::unprefixed;
use crate::util::boundary::floor_char_boundary;
use crate::web::early;
use crate::web::made_pages::{Client, ConnectionPages};
use crate::web::prepared::X_REQUEST_ID;
use crate::web::proxy::{Origin, TrustedProxies};
use crate::web::response_headers;
use crate::web::state::AppState;

/// The target of the access log's events: `RUST_LOG=aseic::access=off`
/// silences it alone.
pub const ACCESS_LOG: &str = "aseic::access";

/// What the connections of one worker thread share.
pub struct Worker {
    pub metrics: Arc<Shard>,
    pub proxies: Arc<TrustedProxies>,
    /// Counts the worker's requests; never shown as it is.
    requests: AtomicU64,
    /// A secret key, random per worker and per start: an id is the count
    /// hashed with it (SipHash, keyed), so ids look random and tell an
    /// outsider nothing of how many requests were served.
    id_key: RandomState,
}

impl Worker {
    pub fn new(metrics: Arc<Shard>, proxies: Arc<TrustedProxies>) -> Self {
        Self { metrics, proxies, requests: AtomicU64::new(0), id_key: RandomState::new() }
    }

    /// The request's id: the one a trusted proxy sent, if it is sane,
    /// otherwise a new one.
    fn request_id(&self, via_proxy: bool, headers: &HeaderMap) -> HeaderValue {
        if via_proxy && let Some(id) = headers.get(&X_REQUEST_ID).filter(|id| is_sane_id(id.as_bytes())) {
            return id.clone();
        }
        let id = self.id_key.hash_one(self.requests.fetch_add(1, Ordering::Relaxed));
        let digits: [u8; 16] = std::array::from_fn(|i| b"0123456789abcdef"[(id >> (60 - 4 * i)) as usize & 0xf]);
        HeaderValue::from_bytes(&digits).expect("hex digits make a valid header")
    }
}

fn is_sane_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

/// The service of one connection from `peer`: `site` (see `web::app`)
/// wrapped.
#[derive(Clone)]
pub struct SiteService<S> {
    pub site: S,
    /// The site whose pre-rendered pages and searches are answered before
    /// `site` is cloned and called (see `web::early`): the same answer for
    /// fewer instructions (`bench/RESULTS.md`). `None` in preview, whose
    /// layer must see every page.
    pub early: Option<AppState>,
    pub worker: Arc<Worker>,
    pub peer: IpAddr,
    /// Whether the connection is HTTPS.
    pub tls: bool,
    /// What an HTTP/2 connection is doing, for its idle time limit.
    pub activity: Option<Arc<Activity>>,
    /// The connection's pages made per request that wait to be sent.
    pub pages: Arc<ConnectionPages>,
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
        let head = request.method() == Method::HEAD;
        let origin = self.worker.proxies.origin(self.peer, self.tls, request.headers());
        let id = self.worker.request_id(origin.via_proxy, request.headers());
        // Only what the log line needs is kept, and only when it is written.
        // Probes of /healthz, every few seconds from a load balancer or an
        // orchestrator, are logged at debug, so that they do not drown the rest.
        let probe = request.uri().path() == crate::site::routes::HEALTHZ;
        let wanted = if probe {
            tracing::enabled!(target: ACCESS_LOG, tracing::Level::DEBUG)
        } else {
            tracing::enabled!(target: ACCESS_LOG, tracing::Level::INFO)
        };
        let logged =
            wanted.then(|| Logged { method: request.method().clone(), target: logged_target(request.uri()), probe });
        let client = Client { address: origin.client, connection: Some(Arc::clone(&self.pages)) };
        let at_once = self.early.as_ref().and_then(|state| early::answer(state, &request));
        let mut route = None;
        let inner = match at_once {
            Some((response, answered)) => {
                route = Some(answered);
                Either::Left(ready(Ok(response)))
            }
            None => {
                let span = tracing::info_span!("request", id = id.to_str().unwrap_or_default());
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(client);
                Either::Right(self.site.clone().oneshot(request).instrument(span))
            }
        };
        let busy = self.activity.as_ref().map(Activity::begin);
        let done = Done { worker: Arc::clone(&self.worker), started, route, origin, id, logged, busy, head };
        Answer { inner, done: Some(done) }
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

/// Longer request targets are cut in the log, so that a hostile address
/// of tens of kilobytes makes a line of a few hundred bytes.
const LOGGED_TARGET_BYTES: usize = 512;

/// The request target as the access log writes it: with its query only
/// at an address whose query is known to hold no company's figures, and
/// cut at `LOGGED_TARGET_BYTES`.
fn logged_target(uri: &Uri) -> String {
    let mut target = match uri.query() {
        Some(_) if !crate::site::routes::LOGGED_QUERIES.contains(&unprefixed(uri.path())) => {
            format!("{}?(withheld)", uri.path())
        }
        _ => uri.to_string(),
    };
    if target.len() > LOGGED_TARGET_BYTES {
        target.truncate(floor_char_boundary(&target, LOGGED_TARGET_BYTES));
        target.push('…');
    }
    target
}

/// What the access log line of a request says of it.
struct Logged {
    method: Method,
    target: String,
    /// A probe of /healthz, logged at debug.
    probe: bool,
}

/// What is left to do once the router has answered.
struct Done {
    worker: Arc<Worker>,
    started: Instant,
    /// The route of an answer given early; the router names its own in
    /// the response.
    route: Option<Route>,
    origin: Origin,
    id: HeaderValue,
    logged: Option<Logged>,
    /// Counts the request in flight on an HTTP/2 connection until its
    /// answer's body has been taken whole (see `Tracked`).
    busy: Option<Busy>,
    /// A HEAD request: the answer has a head and no body.
    head: bool,
}

impl Done {
    fn finish(self, mut response: Response) -> Response {
        if self.origin.https {
            response.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, response_headers::hsts());
        }
        let elapsed = self.started.elapsed();
        let route = self.route.or_else(|| response.extensions().get::<Route>().copied());
        self.worker.metrics.record(route, response.status(), elapsed);
        if let Some(logged) = self.logged {
            // A level is part of an event's fixed description, so each level has its own.
            macro_rules! answered {
                ($level:expr) => {
                    tracing::event!(
                        target: ACCESS_LOG,
                        $level,
                        request_id = self.id.to_str().unwrap_or_default(),
                        client = %self.origin.client,
                        scheme = if self.origin.https { "https" } else { "http" },
                        method = %logged.method,
                        path = %logged.target,
                        status = response.status().as_u16(),
                        bytes = response.body().size_hint().exact().unwrap_or(0),
                        duration_ms = elapsed.as_micros() as f64 / 1000.0,
                        "answered"
                    )
                };
            }
            if logged.probe {
                answered!(tracing::Level::DEBUG);
            } else {
                answered!(tracing::Level::INFO);
            }
        }
        response.headers_mut().insert(X_REQUEST_ID.clone(), self.id);
        if self.head {
            without_body(&mut response);
        }
        match self.busy {
            Some(busy) => response.map(|inner| Body::new(Tracked { inner, busy })),
            None => response,
        }
    }
}

/// The answer to a HEAD request: the head of the GET's, with its length,
/// and no body. Over HTTP/2 a body would be DATA frames, which a HEAD
/// answer must not have (RFC 9113, 8.1); every answer goes through here,
/// the error pages too.
fn without_body(response: &mut Response) {
    let length = response.body().size_hint().exact();
    if let Some(length) = length
        && !response.headers().contains_key(header::CONTENT_LENGTH)
    {
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    *response.body_mut() = Body::empty();
}

pin_project_lite::pin_project! {
    /// An answer's body on an HTTP/2 connection: its request is in flight
    /// until the body is dropped (taken whole, or its stream reset), and
    /// each piece taken is progress. The connection takes a piece only
    /// when the client's window has room, so a client that never opens it
    /// stalls its answers, and the connection is closed (`http2::serve`).
    struct Tracked {
        #[pin]
        inner: Body,
        busy: Busy,
    }
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.project();
        let polled = this.inner.poll_frame(cx);
        if let Poll::Ready(Some(Ok(_))) = &polled {
            this.busy.moved();
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::server::metrics::Metrics;
    use axum::Router;
    use axum::routing::get;

    fn service(site: Router, tls: bool) -> SiteService<Router> {
        let worker = Arc::new(Worker::new(Metrics::new(1).shard(0), Arc::default()));
        let peer = IpAddr::from([127, 0, 0, 1]);
        SiteService { site, early: None, worker, peer, tls, activity: None, pages: Arc::default() }
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
        let worker = Worker::new(Metrics::new(1).shard(0), Arc::default());
        let mut headers = HeaderMap::new();
        headers.insert(&X_REQUEST_ID, HeaderValue::from_static("from-the-proxy"));
        assert_eq!(worker.request_id(true, &headers), "from-the-proxy");
        let own = worker.request_id(false, &headers);
        assert_eq!(own.len(), 16);
        assert_ne!(worker.request_id(false, &headers), own);
    }

    #[test]
    fn ids_do_not_count_the_requests() {
        let worker = Worker::new(Metrics::new(1).shard(0), Arc::default());
        let ids: Vec<u64> = (0..100)
            .map(|_| u64::from_str_radix(worker.request_id(false, &HeaderMap::new()).to_str().unwrap(), 16).unwrap())
            .collect();
        let steps_of_one = ids.windows(2).filter(|pair| pair[1].wrapping_sub(pair[0]) == 1).count();
        assert_eq!(steps_of_one, 0, "consecutive ids are not consecutive numbers: {ids:x?}");
        let distinct: std::collections::HashSet<u64> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), ids.len());
    }
}
