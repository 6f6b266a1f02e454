//! Accepts that failed (out of file descriptors, mostly): counted for the
//! metrics, and logged at most a line a second.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Accepts that failed, since the start.
static ACCEPT_ERRORS: AtomicU64 = AtomicU64::new(0);
/// Failures not logged since the last line about them.
static UNLOGGED: AtomicU64 = AtomicU64::new(0);
/// When that line was written, in milliseconds since `STARTED`; `NEVER` before the first.
static LOGGED_AT_MS: AtomicU64 = AtomicU64::new(NEVER);
static STARTED: OnceLock<Instant> = OnceLock::new();
const NEVER: u64 = u64::MAX;
/// At most one line about failed accepts in this long, from all workers.
const ACCEPT_LOG_EVERY: Duration = Duration::from_secs(1);

/// How many accepts have failed, for the metrics.
pub fn count() -> u64 {
    ACCEPT_ERRORS.load(Ordering::Relaxed)
}

/// Counts a failed accept, and logs it: the first at once, then at most a
/// line a second, saying how many failed since. Out of descriptors, every
/// worker fails twenty times a second, and a line each would drown the log.
pub fn note(error: &std::io::Error) {
    ACCEPT_ERRORS.fetch_add(1, Ordering::Relaxed);
    let now = u64::try_from(STARTED.get_or_init(Instant::now).elapsed().as_millis()).unwrap_or(NEVER - 1);
    let last = LOGGED_AT_MS.load(Ordering::Relaxed);
    let due = last == NEVER || now.saturating_sub(last) >= ACCEPT_LOG_EVERY.as_millis() as u64;
    if due && LOGGED_AT_MS.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
        match UNLOGGED.swap(0, Ordering::Relaxed) {
            0 => tracing::warn!("accepting a connection failed: {error}"),
            more => tracing::warn!("accepting a connection failed: {error} ({more} more since the last line)"),
        }
    } else {
        UNLOGGED.fetch_add(1, Ordering::Relaxed);
    }
}
