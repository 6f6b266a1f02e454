//! The guard on pages made per request (search, the filtered directory,
//! the SME check and its API): a flood of them must not take the cores
//! from the pre-rendered pages and the static files, which never wait.
//!
//! They are made on threads of their own, half the cores (at least one),
//! at a lower priority than the threads that serve connections, which only
//! look up pre-rendered answers and hand work over: a connection's thread
//! wakes for a pre-rendered page at once, whatever a flood of searches
//! keeps the page-making threads doing. Past the threads, a short queue
//! waits its turn, and each client (an address; an IPv6 /64) has its own
//! line in it, served in turn, so that one client's flood leaves room for
//! everyone else's pages; past the queue, 503 with `Retry-After`, the
//! client with the longest line losing its last page first. When the
//! operator asks for it, each client may ask for so many a second
//! (`--rate-limit-per-ip`); past that, 429.
//!
//! A page made per request holds its own bytes until the client takes
//! them (a pre-rendered page is shared): a connection may hold at most
//! `PAGES_PER_CONNECTION` such pages waiting, and past `UNSENT_BYTES` in
//! all only a connection that holds none gets another.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::task::{Context, Poll};

use axum::body::HttpBody;
use axum::body::{Body, Bytes};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use governor::clock::DefaultClock;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use hyper::body::{Frame, SizeHint};

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

/// Pages made per request that one connection may hold, waiting to be
/// made or for the client to take them: a browser asks for one at a time.
pub const PAGES_PER_CONNECTION: usize = 8;
/// The bytes of pages made per request that the clients have not taken,
/// in all, past which only a connection that holds none gets another.
pub const UNSENT_BYTES: usize = 64 << 20;

/// The client a request comes from, as the server knows it: its address,
/// or the one a trusted proxy names; and its connection's pages made per
/// request that wait (none for a request made without a server).
#[derive(Debug, Clone)]
pub struct Client {
    pub address: IpAddr,
    pub connection: Option<Arc<ConnectionPages>>,
}

impl Client {
    /// A client at `address`, with no connection to account to.
    pub fn at(address: IpAddr) -> Self {
        Self { address, connection: None }
    }
}

/// The pages made per request that one connection holds.
#[derive(Debug, Default)]
pub struct ConnectionPages {
    waiting: AtomicUsize,
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    /// The client the server named; a request made without a server (a
    /// test calling the router) is of the unspecified address.
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Client>().cloned().unwrap_or(Client::at(IpAddr::from([0, 0, 0, 0]))))
    }
}

/// The address that stands for a client in lines and limits: an IPv4
/// address, or an IPv6 address's /64, which one subscriber usually has
/// whole (an IPv4 address written as IPv6 is that IPv4 address).
pub fn address_group(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        },
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
/// A page to make, told whether to make it (`true`) or that it lost its
/// place in the queue (`false`).
type Job = Box<dyn FnOnce(bool) + Send>;

/// The guard, shared by every worker.
#[derive(Debug)]
pub struct MadePages {
    threads: usize,
    /// The queue to the page-making threads, started at the first page.
    queue: OnceLock<Arc<FairQueue>>,
    /// Each client's quota, when the operator set one.
    rate: OnceLock<Limiter>,
    /// The bytes of made pages that clients have not taken.
    unsent: Arc<AtomicUsize>,
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
            unsent: Arc::default(),
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
    pub fn admit(&self, client: &Client) -> Result<(), Refused> {
        let Some(limiter) = self.rate.get() else { return Ok(()) };
        match limiter.check_key(&address_group(client.address)) {
            Ok(()) => Ok(()),
            Err(_) => {
                self.over_rate.fetch_add(1, Ordering::Relaxed);
                Err(Refused::OverQuota)
            }
        }
    }

    /// `make`'s page, made on a page-making thread, for `client`: refused
    /// past its quota, when its connection holds too many pages, or when
    /// the queue is full. The page's body holds its place in the
    /// connection's and the process's budgets until it is dropped.
    pub async fn make<E>(
        &self,
        client: Client,
        make: impl FnOnce() -> Result<Response, E> + Send + 'static,
    ) -> Result<Response, E>
    where
        E: From<Refused> + Send + 'static,
    {
        self.admit(&client)?;
        let mut held = self.hold(client.connection).ok_or_else(|| self.refuse_busy())?;
        let (done, made) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |make_it| {
            let _ = done.send(if make_it { make() } else { Err(Refused::Busy.into()) });
        });
        if !self.queue().push(address_group(client.address), job) {
            return Err(self.refuse_busy().into());
        }
        // A page whose making panicked drops its sender: a bug.
        let response = made.await.map_err(|_| E::from(Refused::Failed))??;
        held.bytes = response.body().size_hint().exact().and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
        self.unsent.fetch_add(held.bytes, Ordering::Relaxed);
        Ok(response.map(|inner| Body::new(Holding { inner, _held: held })))
    }

    fn refuse_busy(&self) -> Refused {
        self.busy.fetch_add(1, Ordering::Relaxed);
        Refused::Busy
    }

    /// A place for one more page of `connection`, if it has room, and the
    /// process too (or the connection holds none).
    fn hold(&self, connection: Option<Arc<ConnectionPages>>) -> Option<Held> {
        let Some(connection) = connection else {
            return Some(Held { connection: None, unsent: Arc::clone(&self.unsent), bytes: 0 });
        };
        let waiting = connection.waiting.fetch_add(1, Ordering::Relaxed);
        let held = Held { connection: Some(connection), unsent: Arc::clone(&self.unsent), bytes: 0 };
        let crowded = waiting > 0 && self.unsent.load(Ordering::Relaxed) >= UNSENT_BYTES;
        (waiting < PAGES_PER_CONNECTION && !crowded).then_some(held)
    }

    /// The queue, with its threads started.
    fn queue(&self) -> &FairQueue {
        self.queue.get_or_init(|| {
            let queue = Arc::new(FairQueue::new(self.threads * QUEUE_PER_THREAD));
            for i in 0..self.threads {
                let jobs = Arc::clone(&queue);
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

/// One page's place in its connection's and the process's budgets, given
/// back when dropped.
#[derive(Debug)]
struct Held {
    connection: Option<Arc<ConnectionPages>>,
    unsent: Arc<AtomicUsize>,
    bytes: usize,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(connection) = &self.connection {
            connection.waiting.fetch_sub(1, Ordering::Relaxed);
        }
        self.unsent.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

pin_project_lite::pin_project! {
    /// A made page's body, holding its place until the client has taken
    /// it (or gone).
    struct Holding {
        #[pin]
        inner: Body,
        _held: Held,
    }
}

impl HttpBody for Holding {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        self.project().inner.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The pages waiting for a thread: a line for each client, the lines
/// served in turn, a page from each.
#[derive(Debug)]
struct FairQueue {
    capacity: usize,
    lines: Mutex<Lines>,
    filled: Condvar,
}

#[derive(Default)]
struct Lines {
    by_client: HashMap<IpAddr, VecDeque<Job>>,
    /// The clients with pages waiting, in the order of their turns.
    turns: VecDeque<IpAddr>,
    waiting: usize,
}

impl std::fmt::Debug for Lines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lines").field("clients", &self.turns.len()).field("waiting", &self.waiting).finish()
    }
}

impl FairQueue {
    fn new(capacity: usize) -> Self {
        Self { capacity, lines: Mutex::default(), filled: Condvar::new() }
    }

    /// A job lock never sees a half-made change: a poisoned lock is good.
    fn lock(&self) -> MutexGuard<'_, Lines> {
        self.lines.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts `job` in `client`'s line. When the queue is full, the client
    /// with the longest line gives up its last page, unless that client
    /// is this one: then `job` is refused (`false`).
    fn push(&self, client: IpAddr, job: Job) -> bool {
        let mut lines = self.lock();
        if lines.waiting >= self.capacity {
            let own = lines.by_client.get(&client).map_or(0, VecDeque::len);
            let longest = lines.by_client.iter().max_by_key(|(_, line)| line.len()).map(|(c, l)| (*c, l.len()));
            match longest {
                Some((other, length)) if length > own + 1 => {
                    let lost = lines.by_client.get_mut(&other).and_then(VecDeque::pop_back);
                    if lines.by_client.get(&other).is_some_and(VecDeque::is_empty) {
                        lines.by_client.remove(&other);
                        lines.turns.retain(|c| *c != other);
                    }
                    lines.waiting -= 1;
                    if let Some(lost) = lost {
                        // Its request is answered 503 at once.
                        lost(false);
                    }
                }
                _ => return false,
            }
        }
        let line = lines.by_client.entry(client).or_default();
        let first = line.is_empty();
        line.push_back(job);
        if first {
            lines.turns.push_back(client);
        }
        lines.waiting += 1;
        drop(lines);
        self.filled.notify_one();
        true
    }

    /// The next page to make, from the next client in turn; waits for one.
    fn pop(&self) -> Job {
        let mut lines = self.lock();
        loop {
            while let Some(client) = lines.turns.pop_front() {
                let Some(line) = lines.by_client.get_mut(&client) else { continue };
                let Some(job) = line.pop_front() else { continue };
                if line.is_empty() {
                    lines.by_client.remove(&client);
                } else {
                    lines.turns.push_back(client);
                }
                lines.waiting -= 1;
                return job;
            }
            lines = self.filled.wait(lines).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A page-making thread: at a lower priority, it makes each page it is
/// given, for ever. A page whose making panics costs its request a 500,
/// not the thread.
fn make_pages(jobs: &FairQueue) {
    // SAFETY: setpriority with PRIO_PROCESS and 0 changes the calling
    // thread's nice value on Linux; it reads no memory of ours.
    let lowered = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, LOWER_PRIORITY) };
    if lowered != 0 {
        tracing::debug!("the page-making thread keeps its priority: {}", std::io::Error::last_os_error());
    }
    loop {
        let job = jobs.pop();
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(true)));
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
        let (a, b) = (Client::at("192.0.2.1".parse().unwrap()), Client::at("192.0.2.2".parse().unwrap()));
        assert!(guard.admit(&a).is_ok() && guard.admit(&a).is_ok());
        assert_eq!(guard.admit(&a), Err(Refused::OverQuota));
        assert!(guard.admit(&b).is_ok(), "another address has its own quota");
        assert_eq!(guard.refused(), (0, 1));
        let (c, d) = (Client::at("2001:db8::1".parse().unwrap()), Client::at("2001:db8::2".parse().unwrap()));
        assert!(guard.admit(&c).is_ok() && guard.admit(&d).is_ok());
        assert_eq!(guard.admit(&c), Err(Refused::OverQuota), "one /64 is one client");
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_a_mapped_ipv4_address_is_itself() {
        let group = |a: &str| address_group(a.parse().unwrap()).to_string();
        assert_eq!(group("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::");
        assert_eq!(group("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(group("192.0.2.7"), "192.0.2.7");
    }

    /// A response that names the thread that made it.
    fn named() -> Result<Response, Refused> {
        let name = std::thread::current().name().unwrap_or_default().to_owned();
        Ok(Response::new(Body::from(name)))
    }

    async fn text(response: Response) -> String {
        let bytes = http_body_util::BodyExt::collect(response.into_body()).await.expect("a body").to_bytes();
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    }

    #[tokio::test]
    async fn pages_are_made_on_their_own_threads_and_past_the_queue_refused() {
        let guard = Arc::new(MadePages::new(2));
        let client = Client::at(IpAddr::from([127, 0, 0, 1]));
        let made = guard.make(client.clone(), named).await.expect("made");
        assert_eq!(text(made).await, "pages-0");
        // Hold the one thread, fill the queue, and the next is refused.
        let (release, held) = std::sync::mpsc::channel::<()>();
        let (started, running) = std::sync::mpsc::channel::<()>();
        let holding = {
            let (guard, client) = (Arc::clone(&guard), client.clone());
            tokio::spawn(async move {
                guard
                    .make(client, move || {
                        let _ = started.send(());
                        let _ = held.recv();
                        named()
                    })
                    .await
            })
        };
        while running.try_recv().is_err() {
            tokio::task::yield_now().await;
        }
        while guard.queue().push(client.address, Box::new(|_| {})) {}
        assert_eq!(guard.make(client.clone(), named).await.map(|_| ()), Err(Refused::Busy));
        assert!(guard.refused().0 >= 1);
        release.send(()).unwrap();
        assert!(holding.await.unwrap().is_ok());
        // Once the queue has drained, pages are made again.
        while guard.make(client.clone(), named).await.is_err() {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(guard.make(client.clone(), || Err(Refused::OverQuota)).await.map(|_| ()), Err(Refused::OverQuota));
        let panicked = guard.make(client, || -> Result<Response, Refused> { panic!("a bug") }).await;
        assert_eq!(panicked.map(|_| ()), Err(Refused::Failed));
    }

    #[tokio::test]
    async fn a_connection_holds_so_many_pages_until_their_bodies_are_dropped() {
        let guard = MadePages::new(2);
        let connection = Arc::new(ConnectionPages::default());
        let client = Client { address: IpAddr::from([127, 0, 0, 1]), connection: Some(Arc::clone(&connection)) };
        let mut kept = Vec::new();
        for _ in 0..PAGES_PER_CONNECTION {
            kept.push(guard.make(client.clone(), named).await.expect("room"));
        }
        assert_eq!(guard.make(client.clone(), named).await.map(|_| ()), Err(Refused::Busy), "the connection is full");
        let other = Client { connection: Some(Arc::default()), ..client.clone() };
        assert!(guard.make(other, named).await.is_ok(), "another connection has its own room");
        assert!(guard.unsent.load(Ordering::Relaxed) >= PAGES_PER_CONNECTION * "pages-0".len());
        kept.pop();
        let last = guard.make(client, named).await.expect("a body taken gives its place back");
        drop(kept);
        assert_eq!(connection.waiting.load(Ordering::Relaxed), 1, "the page made last is still held by its body");
        drop(last);
        assert_eq!(connection.waiting.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn each_client_has_its_line_and_a_full_queue_takes_from_the_longest() {
        let queue = FairQueue::new(4);
        let (a, b) = (IpAddr::from([192, 0, 2, 1]), IpAddr::from([192, 0, 2, 2]));
        let order = Arc::new(Mutex::new(Vec::new()));
        let job = |name: &'static str| -> Job {
            let order = Arc::clone(&order);
            Box::new(move |made| order.lock().unwrap().push(if made { name } else { "lost" }))
        };
        for name in ["a1", "a2", "a3", "a4"] {
            assert!(queue.push(a, job(name)));
        }
        // Full: b's page takes the place of a's last.
        assert!(queue.push(b, job("b1")));
        assert_eq!(*order.lock().unwrap(), ["lost"]);
        // a, with the longest line, is refused while the queue is full.
        assert!(!queue.push(a, job("a5")));
        for _ in 0..4 {
            queue.pop()(true);
        }
        assert_eq!(*order.lock().unwrap(), ["lost", "a1", "b1", "a2", "a3"], "in turn");
    }
}
