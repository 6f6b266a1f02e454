//! The guard on pages made per request (search, the filtered directory,
//! the SME check and its API): a flood of them must not take the cores
//! from the pre-rendered pages and the static files, which never wait.
//!
//! They are made on threads of their own, half the cores (at least one),
//! at a lower priority than the threads that serve connections, which only
//! look up pre-rendered answers and hand work over: a connection's thread
//! wakes for a pre-rendered page at once, whatever a flood of searches
//! keeps the page-making threads doing. Past the threads, a short queue
//! waits its turn; past the queue, 503 with `Retry-After`. And, when the
//! operator asks for it, each client may ask for so many a second
//! (`--rate-limit-per-ip`), keyed by its address; past that, 429.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use governor::clock::DefaultClock;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// Why a page made per request was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The queue is full: 503.
    Busy,
    /// The client has had its quota: 429.
    OverQuota,
    /// The making failed (a bug): 500.
    Failed,
}

/// Pages waiting for a thread, for each thread: enough that a flood from a
/// few connections waits its turn (each connection has one request at a
/// time) rather than being refused and asking again at once.
const QUEUE_PER_THREAD: usize = 128;
/// How much lower the page-making threads run than the rest: the lowest
/// nice value, so that a connection's thread, woken for a pre-rendered
/// page, runs at once (`bench/RESULTS.md`, "A search flood"); they still
/// have the CPU whenever nothing else wants it.
const LOWER_PRIORITY: libc::c_int = 19;

/// The client a request comes from, as the server knows it: its address,
/// or the one a trusted proxy names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    /// The client the server named; a request made without a server (a
    /// test calling the router) is of the unspecified address.
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Client>().copied().unwrap_or(Client(IpAddr::from([0, 0, 0, 0]))))
    }
}

/// A client's requests a second: `10/s`, or `10` alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerSecond(pub NonZeroU32);

impl std::str::FromStr for PerSecond {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let number = text.trim().strip_suffix("/s").unwrap_or(text.trim());
        number
            .parse::<u32>()
            .ok()
            .and_then(NonZeroU32::new)
            .map(PerSecond)
            .ok_or_else(|| format!("\"{text}\" is not a number of requests a second, such as 10/s"))
    }
}

type Limiter = RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>;
type Job = Box<dyn FnOnce() + Send>;

/// The guard, shared by every worker.
#[derive(Debug)]
pub struct MadePages {
    threads: usize,
    /// The queue to the page-making threads, started at the first page.
    queue: OnceLock<SyncSender<Job>>,
    /// Each client's quota, when the operator set one.
    rate: OnceLock<Limiter>,
    busy: AtomicU64,
    over_rate: AtomicU64,
}

impl MadePages {
    /// A guard for a machine of `cores`.
    pub fn new(cores: usize) -> Self {
        Self {
            threads: (cores / 2).max(1),
            queue: OnceLock::new(),
            rate: OnceLock::new(),
            busy: AtomicU64::new(0),
            over_rate: AtomicU64::new(0),
        }
    }

    /// Limits each client to `per_second` pages made per request (and
    /// that many at once, as a burst). Set once, before serving.
    pub fn limit_rate(&self, per_second: PerSecond) {
        let _ = self.rate.set(RateLimiter::hashmap(Quota::per_second(per_second.0)));
    }

    /// Whether `client` may have another page made now; 429 if it has had
    /// its quota.
    pub fn admit(&self, Client(address): Client) -> Result<(), Refused> {
        let Some(limiter) = self.rate.get() else { return Ok(()) };
        match limiter.check_key(&address) {
            Ok(()) => Ok(()),
            Err(_) => {
                self.over_rate.fetch_add(1, Ordering::Relaxed);
                Err(Refused::OverQuota)
            }
        }
    }

    /// `make`'s page, made on a page-making thread, for `client`: refused
    /// past its quota, or when the queue is full.
    pub async fn make<T, E>(&self, client: Client, make: impl FnOnce() -> Result<T, E> + Send + 'static) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Refused> + Send + 'static,
    {
        self.admit(client)?;
        let (done, made) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(make());
        });
        match self.queue().try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                self.busy.fetch_add(1, Ordering::Relaxed);
                return Err(Refused::Busy.into());
            }
            Err(TrySendError::Disconnected(_)) => return Err(Refused::Failed.into()),
        }
        // A page whose making panicked drops its sender: a bug.
        made.await.map_err(|_| E::from(Refused::Failed))?
    }

    /// The queue, with its threads started.
    fn queue(&self) -> &SyncSender<Job> {
        self.queue.get_or_init(|| {
            let (queue, jobs) = sync_channel::<Job>(self.threads * QUEUE_PER_THREAD);
            let jobs = Arc::new(Mutex::new(jobs));
            for i in 0..self.threads {
                let jobs = Arc::clone(&jobs);
                let started = std::thread::Builder::new().name(format!("pages-{i}")).spawn(move || make_pages(&jobs));
                if let Err(error) = started {
                    tracing::error!("cannot start a thread to make pages: {error}");
                }
            }
            queue
        })
    }

    /// How many requests were refused: for want of a turn (503), and over
    /// their client's quota (429).
    pub fn refused(&self) -> (u64, u64) {
        (self.busy.load(Ordering::Relaxed), self.over_rate.load(Ordering::Relaxed))
    }

    /// Forgets the clients whose quota is whole again, so that the table of
    /// clients stays as small as the clients of the last moments.
    pub fn forget_idle_clients(&self) {
        if let Some(limiter) = self.rate.get() {
            limiter.retain_recent();
        }
    }
}

/// A page-making thread: at a lower priority, it makes each page it is
/// given until the queue is gone. A page whose making panics costs its
/// request a 500, not the thread.
fn make_pages(jobs: &Mutex<Receiver<Job>>) {
    // SAFETY: setpriority with PRIO_PROCESS and 0 changes the calling
    // thread's nice value on Linux; it reads no memory of ours.
    let lowered = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, LOWER_PRIORITY) };
    if lowered != 0 {
        tracing::debug!("the page-making thread keeps its priority: {}", std::io::Error::last_os_error());
    }
    loop {
        let job = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(job) = job else { return };
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_a_number_a_second() {
        assert_eq!("10/s".parse::<PerSecond>(), Ok(PerSecond(NonZeroU32::new(10).unwrap())));
        assert_eq!("3".parse::<PerSecond>(), Ok(PerSecond(NonZeroU32::new(3).unwrap())));
        for bad in ["0", "-1", "ten", "10/min", ""] {
            assert!(bad.parse::<PerSecond>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_client_past_its_quota_is_refused_and_others_are_not() {
        let guard = MadePages::new(2);
        guard.limit_rate(PerSecond(NonZeroU32::new(2).unwrap()));
        let (a, b) = (Client("192.0.2.1".parse().unwrap()), Client("192.0.2.2".parse().unwrap()));
        assert!(guard.admit(a).is_ok() && guard.admit(a).is_ok());
        assert_eq!(guard.admit(a), Err(Refused::OverQuota));
        assert!(guard.admit(b).is_ok(), "another address has its own quota");
        assert_eq!(guard.refused(), (0, 1));
    }

    #[tokio::test]
    async fn pages_are_made_on_their_own_threads_and_past_the_queue_refused() {
        let guard = Arc::new(MadePages::new(2));
        let client = Client(IpAddr::from([127, 0, 0, 1]));
        let name = guard.make(client, || Ok::<_, Refused>(std::thread::current().name().map(str::to_owned))).await;
        assert_eq!(name, Ok(Some("pages-0".to_owned())));
        // Hold the one thread, fill the queue, and the next is refused.
        let (release, held) = std::sync::mpsc::channel::<()>();
        let (started, running) = std::sync::mpsc::channel::<()>();
        let holding = {
            let guard = Arc::clone(&guard);
            tokio::spawn(async move {
                guard
                    .make(client, move || {
                        let _ = started.send(());
                        Ok::<_, Refused>(held.recv().is_ok())
                    })
                    .await
            })
        };
        while running.try_recv().is_err() {
            tokio::task::yield_now().await;
        }
        while guard.queue().try_send(Box::new(|| {})).is_ok() {}
        assert_eq!(guard.make(client, || Ok(())).await, Err(Refused::Busy));
        assert!(guard.refused().0 >= 1);
        release.send(()).unwrap();
        assert_eq!(holding.await.unwrap(), Ok(true));
        // Once the queue has drained, pages are made again.
        while guard.make(client, || Ok(())).await == Err(Refused::Busy) {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(guard.make(client, || Err::<(), _>(Refused::OverQuota)).await, Err(Refused::OverQuota));
        assert_eq!(guard.make(client, || -> Result<(), Refused> { panic!("a bug") }).await, Err(Refused::Failed));
    }
}
