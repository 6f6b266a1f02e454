//! The cost of counting one request: the site's sharded atomics against
//! `prometheus-client`, the standard crate, with the same labels and
//! buckets, on one thread and on two at once (one per core, as the server
//! runs). Run with `cargo bench --bench metrics`; `bench/RESULTS.md` has the
//! figures. Under `cargo test` it only checks that both sides count.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aseic::server::metrics::{BUCKETS, Metrics};
use aseic::site::Route;
use axum::http::StatusCode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: &'static str,
}

/// The standard crate's families, as the site would register them.
#[derive(Clone)]
struct Standard {
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabel, Histogram>,
}

impl Standard {
    fn new() -> Self {
        let latency = Family::<RouteLabel, Histogram>::new_with_constructor(|| Histogram::new(BUCKETS));
        Self { requests: Family::default(), latency }
    }

    fn record(&self, route: Route, status: StatusCode, elapsed: Duration) {
        let route = route.pattern();
        self.requests.get_or_create(&RequestLabels { route, status: status.as_u16() }).inc();
        self.latency.get_or_create(&RouteLabel { route }).observe(elapsed.as_secs_f64());
    }
}

const ROUTES: [Route; 4] = [Route::Asem, Route::Members, Route::Partner, Route::Home];

/// Nanoseconds per record when `threads` threads each record `count` times.
fn time(threads: usize, count: usize, record: impl Fn(usize, usize) + Send + Sync + 'static) -> f64 {
    let record = Arc::new(record);
    let start = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let record = Arc::clone(&record);
            std::thread::spawn(move || {
                for i in 0..count {
                    record(t, i);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("a bench thread");
    }
    start.elapsed().as_nanos() as f64 / count as f64
}

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let count = if benchmarking { 5_000_000 } else { 1_000 };
    let elapsed = Duration::from_micros(180);
    println!("| threads | site's shards ns/request | prometheus-client ns/request | ratio |");
    println!("|---:|---:|---:|---:|");
    for threads in [1, 2] {
        let ours = Metrics::new(threads);
        let shards = ours.clone();
        let site = time(threads, count, move |t, i| {
            shards.shard(t).record(Some(black_box(ROUTES[i % 4])), StatusCode::OK, elapsed);
        });
        let standard = Standard::new();
        let theirs = standard.clone();
        let crate_ns = time(threads, count, move |_, i| {
            theirs.record(black_box(ROUTES[i % 4]), StatusCode::OK, elapsed);
        });
        println!("| {threads} | {site:.1} | {crate_ns:.1} | {:.1} |", crate_ns / site);
        let counted = standard.requests.get_or_create(&RequestLabels { route: "/asem", status: 200 }).get();
        assert_eq!(counted as usize, threads * count / 4, "the standard crate counted every request");
    }
}
