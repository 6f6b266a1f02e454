//! HTTP/2 over TLS (offered by ALPN, beside HTTP/1.1), with the limits of
//! HTTP/1.1 and the protections HTTP/2 needs: a bound on streams and on the
//! header list, the reset-flood and CONTINUATION-flood guards of the `h2`
//! crate, pings to find dead peers, and an idle time limit of its own.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use hyper::rt::{Read, Write};
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::web::limits::MAX_HEAD_BYTES;

/// Streams one connection may have open at once (nginx allows 128).
pub const MAX_CONCURRENT_STREAMS: u32 = 100;
/// Streams a client may open and reset before the server reads them, and
/// streams the server may reset for a client's errors, before the
/// connection is closed: the guards against reset floods.
const MAX_PENDING_RESETS: usize = 20;
const MAX_ERROR_RESETS: usize = 256;

/// The HTTP/2 settings of the site's connections.
pub fn builder(client_timeout: Duration) -> hyper::server::conn::http2::Builder<TokioExecutor> {
    let mut builder = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
    builder
        .timer(TokioTimer::new())
        .max_concurrent_streams(MAX_CONCURRENT_STREAMS)
        // Also bounds the CONTINUATION frames of one header block.
        .max_header_list_size(u32::try_from(MAX_HEAD_BYTES).expect("32 KiB fits"))
        .max_pending_accept_reset_streams(MAX_PENDING_RESETS)
        .max_local_error_reset_streams(MAX_ERROR_RESETS)
        .keep_alive_interval(client_timeout)
        .keep_alive_timeout(client_timeout);
    builder
}

/// What one HTTP/2 connection is doing: its requests in flight, and when it
/// last had one.
#[derive(Debug)]
pub struct Activity {
    opened: Instant,
    in_flight: AtomicUsize,
    /// Milliseconds from `opened` to the end of the last request.
    last_ms: AtomicU64,
}

impl Activity {
    pub fn new() -> Arc<Self> {
        Arc::new(Self { opened: Instant::now(), in_flight: AtomicUsize::new(0), last_ms: AtomicU64::new(0) })
    }

    /// Counts a request in flight until the guard is dropped (answered, or
    /// its stream reset).
    pub fn begin(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        Busy(Arc::clone(self))
    }

    /// How long the connection has had no request in flight.
    fn idle_for(&self) -> Duration {
        if self.in_flight.load(Ordering::Relaxed) > 0 {
            return Duration::ZERO;
        }
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.opened.elapsed().saturating_sub(last)
    }
}

/// A request in flight on an HTTP/2 connection.
#[derive(Debug)]
pub struct Busy(Arc<Activity>);

impl Drop for Busy {
    fn drop(&mut self) {
        let ms = u64::try_from(self.0.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.0.last_ms.store(ms, Ordering::Relaxed);
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Serves one HTTP/2 connection until it ends: closed gracefully (GOAWAY,
/// then the streams in flight finish) once it has been idle for
/// `client_timeout`, or when `stopping` resolves.
pub async fn serve<I, S, B>(
    builder: &hyper::server::conn::http2::Builder<TokioExecutor>,
    io: I,
    service: S,
    activity: Arc<Activity>,
    client_timeout: Duration,
    stopping: impl Future<Output = ()>,
) -> Result<(), hyper::Error>
where
    I: Read + Write + Unpin + Send + 'static,
    S: hyper::service::HttpService<Incoming, ResBody = B> + Send + 'static,
    S::Future: Send + 'static,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut connection = pin!(builder.serve_connection(io, service));
    let mut stopping = pin!(stopping);
    let mut closing = false;
    let check = client_timeout / 4;
    loop {
        tokio::select! {
            result = connection.as_mut() => return result,
            () = &mut stopping, if !closing => {
                connection.as_mut().graceful_shutdown();
                closing = true;
            }
            () = tokio::time::sleep(check), if !closing => {
                if activity.idle_for() >= client_timeout {
                    connection.as_mut().graceful_shutdown();
                    closing = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_is_idle_only_with_nothing_in_flight() {
        let activity = Activity::new();
        let busy = activity.begin();
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(activity.idle_for(), Duration::ZERO);
        drop(busy);
        std::thread::sleep(Duration::from_millis(20));
        assert!(activity.idle_for() >= Duration::from_millis(15));
    }
}
