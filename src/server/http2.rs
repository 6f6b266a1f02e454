//! HTTP/2 over TLS (offered by ALPN, beside HTTP/1.1), with the limits of
//! HTTP/1.1 and the protections HTTP/2 needs: a bound on streams and on the
//! header list, the reset-flood and CONTINUATION-flood guards of the `h2`
//! crate, pings to find dead peers, an idle time limit of its own, and a
//! send-progress time limit: a connection whose answers cannot move (a
//! client that never opens its window, CVE-2019-9517's family) is closed
//! hard, however well it answers pings.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use hyper::rt::{Read, Write};
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::web::limits::MAX_HEAD_BYTES;

/// Streams one connection may have open at once. A page of this site
/// needs a few (its images); each stream may hold an answer that waits for
/// the client's window, so fewer streams is less memory a hostile client
/// can pin (nginx allows 128, h2o 100).
pub const MAX_CONCURRENT_STREAMS: u32 = 32;
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
        // Twice the site's limit, so that a header list over the limit
        // reaches the site's own check and its 431 page, as over HTTP/1.1
        // (`listen::READ_BUFFER`); it also bounds the CONTINUATION frames
        // of one header block.
        .max_header_list_size(u32::try_from(2 * MAX_HEAD_BYTES).expect("64 KiB fits"))
        .max_pending_accept_reset_streams(MAX_PENDING_RESETS)
        .max_local_error_reset_streams(MAX_ERROR_RESETS)
        .keep_alive_interval(client_timeout)
        .keep_alive_timeout(client_timeout);
    builder
}

/// What one HTTP/2 connection is doing: its requests in flight (from the
/// request to the last byte of its answer handed to the connection), when
/// it last had one, and when an answer last moved.
#[derive(Debug)]
pub struct Activity {
    opened: Instant,
    in_flight: AtomicUsize,
    /// Milliseconds from `opened` to the end of the last request.
    last_ms: AtomicU64,
    /// Milliseconds from `opened` to the last time an answer moved: a
    /// request began, or a piece of an answer was taken to be sent.
    moved_ms: AtomicU64,
}

impl Activity {
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            opened: Instant::now(),
            in_flight: AtomicUsize::new(0),
            last_ms: AtomicU64::new(0),
            moved_ms: AtomicU64::new(0),
        })
    }

    /// Counts a request in flight until the guard is dropped (its answer
    /// all taken, or its stream reset).
    pub fn begin(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        self.moved();
        Busy(Arc::clone(self))
    }

    /// Notes that an answer moved.
    pub fn moved(&self) {
        self.moved_ms.store(self.now_ms(), Ordering::Relaxed);
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// How long the connection has had no request in flight.
    fn idle_for(&self) -> Duration {
        if self.in_flight.load(Ordering::Relaxed) > 0 {
            return Duration::ZERO;
        }
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.opened.elapsed().saturating_sub(last)
    }

    /// How long requests have been in flight with no answer moving.
    fn stalled_for(&self) -> Duration {
        if self.in_flight.load(Ordering::Relaxed) == 0 {
            return Duration::ZERO;
        }
        let moved = Duration::from_millis(self.moved_ms.load(Ordering::Relaxed));
        self.opened.elapsed().saturating_sub(moved)
    }
}

/// A request in flight on an HTTP/2 connection.
#[derive(Debug)]
pub struct Busy(Arc<Activity>);

impl Busy {
    /// Notes that its answer moved.
    pub fn moved(&self) {
        self.0.moved();
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.last_ms.store(self.0.now_ms(), Ordering::Relaxed);
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The time limits of one connection.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Idle this long, the connection is closed gracefully (GOAWAY).
    pub client_timeout: Duration,
    /// Answers that do not move for this long, or a graceful close that
    /// has not ended after it, and the connection is closed hard.
    pub send_timeout: Duration,
}

/// Serves one HTTP/2 connection until it ends: closed gracefully (GOAWAY,
/// then the streams in flight finish) once it has been idle for
/// `client_timeout`, or when `stopping` resolves; closed hard (the
/// connection dropped, its streams with it) when its answers have not
/// moved for `send_timeout`, or a graceful close has not ended after it.
pub async fn serve<I, S, B>(
    builder: &hyper::server::conn::http2::Builder<TokioExecutor>,
    io: I,
    service: S,
    activity: Arc<Activity>,
    limits: Limits,
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
    let mut closing_since: Option<Instant> = None;
    let check = limits.client_timeout.min(limits.send_timeout) / 4;
    loop {
        tokio::select! {
            result = connection.as_mut() => return result,
            () = &mut stopping, if closing_since.is_none() => {
                connection.as_mut().graceful_shutdown();
                closing_since = Some(Instant::now());
            }
            () = tokio::time::sleep(check) => {
                if let Some(since) = closing_since {
                    if since.elapsed() >= limits.send_timeout {
                        tracing::debug!("an HTTP/2 connection did not close within {:?} of GOAWAY: closed", limits.send_timeout);
                        return Ok(());
                    }
                } else if activity.stalled_for() >= limits.send_timeout {
                    tracing::debug!("an HTTP/2 connection's answers did not move for {:?}: closed", limits.send_timeout);
                    return Ok(());
                } else if activity.idle_for() >= limits.client_timeout {
                    connection.as_mut().graceful_shutdown();
                    closing_since = Some(Instant::now());
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

    #[test]
    fn a_connection_stalls_only_with_answers_in_flight_that_do_not_move() {
        let activity = Activity::new();
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(activity.stalled_for(), Duration::ZERO, "nothing in flight");
        let busy = activity.begin();
        assert!(activity.stalled_for() < Duration::from_millis(10), "it just began");
        std::thread::sleep(Duration::from_millis(30));
        assert!(activity.stalled_for() >= Duration::from_millis(25));
        busy.moved();
        assert!(activity.stalled_for() < Duration::from_millis(10), "it moved");
        drop(busy);
        assert_eq!(activity.stalled_for(), Duration::ZERO);
    }
}
