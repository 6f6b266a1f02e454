//! Prometheus metrics: requests by route and status, their latency, the
//! content's reloads and version, and the certificate's expiry.
//!
//! Counting happens on every request, so each worker thread counts into its
//! own shard of plain atomics, indexed by route and status: no lock, no map
//! lookup and no cache line shared between cores. A scrape adds the shards
//! up and writes the text format, which is a few lines of `format!`.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use axum::http::StatusCode;

use super::accept_errors;
use super::connection_cap::ConnectionCap;
use super::tls::TlsStatus;
use crate::site::Route;
use crate::web::state::AppState;

/// The label of requests that matched no route (they are answered 404).
const OTHER: &str = "other";

/// Upper bounds of the latency histogram's buckets, in seconds.
pub const BUCKETS: [f64; 12] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

const STATUSES: usize = 500; // 100 to 599
/// Every route, and "other".
const LABELS: usize = Route::ALL.len() + 1;

/// The index of a request's label: its route's, or the last for "other".
fn label_index(route: Option<Route>) -> usize {
    route.map_or(LABELS - 1, Route::index)
}

/// The label at `index`: a route's pattern, such as `/members/{slug}`.
fn label(index: usize) -> &'static str {
    Route::ALL.get(index).map_or(OTHER, |route| route.pattern())
}

/// One worker's counts.
pub struct Shard {
    /// Per route, per status from 100 to 599.
    requests: Box<[AtomicU64]>,
    /// Per route, per bucket (the last for slower than every bound).
    latency: Box<[AtomicU64]>,
    latency_nanos: Box<[AtomicU64]>,
}

impl Shard {
    fn new() -> Self {
        let zeros = |n: usize| (0..n).map(|_| AtomicU64::new(0)).collect::<Box<[_]>>();
        Self {
            requests: zeros(LABELS * STATUSES),
            latency: zeros(LABELS * (BUCKETS.len() + 1)),
            latency_nanos: zeros(LABELS),
        }
    }

    /// Counts one request for `route` (none: it matched no route),
    /// answered with `status` after `elapsed`.
    pub fn record(&self, route: Option<Route>, status: StatusCode, elapsed: Duration) {
        let label = label_index(route);
        let status = usize::from(status.as_u16()).clamp(100, 599) - 100;
        self.requests[label * STATUSES + status].fetch_add(1, Ordering::Relaxed);
        let seconds = elapsed.as_secs_f64();
        let bucket = BUCKETS.iter().position(|bound| seconds <= *bound).unwrap_or(BUCKETS.len());
        self.latency[label * (BUCKETS.len() + 1) + bucket].fetch_add(1, Ordering::Relaxed);
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.latency_nanos[label].fetch_add(nanos, Ordering::Relaxed);
    }
}

/// Every worker's shard, and the cap on connections per address.
#[derive(Clone)]
pub struct Metrics {
    shards: Arc<[Arc<Shard>]>,
    connections: Option<Arc<ConnectionCap>>,
}

impl Metrics {
    pub fn new(workers: usize) -> Self {
        Self { shards: (0..workers.max(1)).map(|_| Arc::new(Shard::new())).collect(), connections: None }
    }

    /// The same, counting what `cap` refuses too.
    pub fn with_connections(self, cap: Arc<ConnectionCap>) -> Self {
        Self { connections: Some(cap), ..self }
    }

    /// The shard of worker `i`.
    pub fn shard(&self, i: usize) -> Arc<Shard> {
        Arc::clone(&self.shards[i % self.shards.len()])
    }

    fn sum(&self, pick: impl Fn(&Shard) -> &[AtomicU64], index: usize) -> u64 {
        self.shards.iter().map(|shard| pick(shard)[index].load(Ordering::Relaxed)).sum()
    }

    /// Everything, in Prometheus's text format (version 0.0.4).
    pub fn render(&self, state: &AppState, tls: Option<&TlsStatus>) -> String {
        let mut out = String::with_capacity(8 * 1024);
        self.render_requests(&mut out);
        render_content(&mut out, state);
        self.render_connections(&mut out);
        if let Some(tls) = tls {
            render_tls(&mut out, tls);
        }
        out
    }

    fn render_requests(&self, out: &mut String) {
        header(out, "aseic_http_requests_total", "counter", "Requests answered, by route and status.");
        for r in 0..LABELS {
            let route = label(r);
            for status in 0..STATUSES {
                let count = self.sum(|s| &s.requests, r * STATUSES + status);
                if count > 0 {
                    let _ = writeln!(
                        out,
                        "aseic_http_requests_total{{route=\"{route}\",status=\"{}\"}} {count}",
                        status + 100
                    );
                }
            }
        }
        let name = "aseic_http_request_duration_seconds";
        header(out, name, "histogram", "Time from a request's head to its response's head, by route.");
        for r in 0..LABELS {
            let route = label(r);
            let counts: Vec<u64> =
                (0..=BUCKETS.len()).map(|b| self.sum(|s| &s.latency, r * (BUCKETS.len() + 1) + b)).collect();
            let total: u64 = counts.iter().sum();
            if total == 0 {
                continue;
            }
            let mut cumulative = 0;
            for (bound, count) in BUCKETS.iter().zip(&counts) {
                cumulative += count;
                let _ = writeln!(out, "{name}_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}");
            }
            let _ = writeln!(out, "{name}_bucket{{route=\"{route}\",le=\"+Inf\"}} {total}");
            let seconds = Duration::from_nanos(self.sum(|s| &s.latency_nanos, r)).as_secs_f64();
            let _ = writeln!(out, "{name}_sum{{route=\"{route}\"}} {seconds}");
            let _ = writeln!(out, "{name}_count{{route=\"{route}\"}} {total}");
        }
    }
}

impl Metrics {
    fn render_connections(&self, out: &mut String) {
        let name = "aseic_connections_refused_total";
        header(out, name, "counter", "Connections closed at once: their address had --max-connections-per-ip open.");
        let refused = self.connections.as_ref().map_or(0, |cap| cap.refused());
        let _ = writeln!(out, "{name}{{reason=\"per_address\"}} {refused}");
        let name = "aseic_accept_errors_total";
        header(out, name, "counter", "Connections that could not be accepted (out of file descriptors, most often).");
        let _ = writeln!(out, "{name} {}", accept_errors::count());
    }
}

fn render_content(out: &mut String, state: &AppState) {
    let loaded = state.current.load();
    header(out, "aseic_content_reloads_total", "counter", "Content reloads, by result.");
    let (ok, failed) = state.reload_counts();
    let _ = writeln!(out, "aseic_content_reloads_total{{result=\"ok\"}} {ok}");
    let _ = writeln!(out, "aseic_content_reloads_total{{result=\"failed\"}} {failed}");
    header(out, "aseic_content_info", "gauge", "The version of the content being served (a hash of its files).");
    let _ = writeln!(out, "aseic_content_info{{version=\"{}\"}} 1", loaded.site().version);
    header(out, "aseic_content_loaded_timestamp_seconds", "gauge", "When the content being served was loaded.");
    let loaded_at = loaded.loaded_at.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64();
    let _ = writeln!(out, "aseic_content_loaded_timestamp_seconds {loaded_at}");
    header(out, "aseic_content_problems", "gauge", "Problems in the content on disk (0: the last reload worked).");
    let problems = state.problems.load().as_ref().map_or(0, |e| e.problems().len());
    let _ = writeln!(out, "aseic_content_problems {problems}");
    header(out, "aseic_content_pages", "gauge", "Pre-rendered pages being served.");
    let _ = writeln!(out, "aseic_content_pages {}", loaded.pages.paths().len());
    header(
        out,
        "aseic_made_pages_refused_total",
        "counter",
        "Pages made per request refused: while too many were being made (busy, 503), or past their client's quota (rate, 429).",
    );
    let (busy, rate) = state.made_pages.refused();
    let _ = writeln!(out, "aseic_made_pages_refused_total{{reason=\"busy\"}} {busy}");
    let _ = writeln!(out, "aseic_made_pages_refused_total{{reason=\"rate\"}} {rate}");
    header(
        out,
        "aseic_translation_missing_texts",
        "gauge",
        "Texts a translation lacks, shown in the default language.",
    );
    for site in loaded.sites.iter().skip(1) {
        let _ = writeln!(
            out,
            "aseic_translation_missing_texts{{language=\"{}\"}} {}",
            site.language.tag, site.missing_texts
        );
    }
    header(out, "aseic_build_info", "gauge", "The server's version.");
    let _ = writeln!(out, "aseic_build_info{{version=\"{}\"}} 1", env!("CARGO_PKG_VERSION"));
}

fn render_tls(out: &mut String, tls: &TlsStatus) {
    let name = "aseic_tls_certificate_expiry_seconds";
    header(out, name, "gauge", "Seconds until the certificate served expires (0 while there is none).");
    let _ = writeln!(out, "{name} {}", tls.certificates.seconds_left());
    if let Some(renewals) = &tls.renewals {
        let name = "aseic_tls_certificate_renewals_total";
        header(out, name, "counter", "Certificates sought from the ACME server, by result.");
        let (ok, failed) = renewals.counts();
        let _ = writeln!(out, "{name}{{result=\"ok\"}} {ok}");
        let _ = writeln!(out, "{name}{{result=\"failed\"}} {failed}");
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_its_own_label_and_strangers_share_other() {
        let labels: Vec<&str> = (0..LABELS).map(label).collect();
        assert_eq!(labels.len(), Route::ALL.len() + 1);
        assert_eq!(label(label_index(Some(Route::Partner))), "/members/{slug}");
        assert_eq!(label(label_index(Some(Route::Asset))), "/static/{name}");
        assert_eq!(label(label_index(None)), "other");
        let distinct: std::collections::HashSet<&str> = labels.iter().copied().collect();
        assert_eq!(distinct.len(), labels.len());
    }

    #[test]
    fn shards_add_up_into_counters_and_a_cumulative_histogram() {
        let metrics = Metrics::new(2);
        let home = Some(Route::Home);
        metrics.shard(0).record(home, StatusCode::OK, Duration::from_micros(50));
        metrics.shard(1).record(home, StatusCode::OK, Duration::from_millis(3));
        metrics.shard(1).record(None, StatusCode::NOT_FOUND, Duration::from_secs(9));
        let mut out = String::new();
        metrics.render_requests(&mut out);
        assert!(out.contains("aseic_http_requests_total{route=\"/\",status=\"200\"} 2\n"), "{out}");
        assert!(out.contains("aseic_http_requests_total{route=\"other\",status=\"404\"} 1\n"), "{out}");
        let name = "aseic_http_request_duration_seconds";
        assert!(out.contains(&format!("{name}_bucket{{route=\"/\",le=\"0.0001\"}} 1\n")), "{out}");
        assert!(out.contains(&format!("{name}_bucket{{route=\"/\",le=\"0.0025\"}} 1\n")), "{out}");
        assert!(out.contains(&format!("{name}_bucket{{route=\"/\",le=\"0.005\"}} 2\n")), "{out}");
        assert!(out.contains(&format!("{name}_bucket{{route=\"other\",le=\"2.5\"}} 0\n")), "{out}");
        assert!(out.contains(&format!("{name}_bucket{{route=\"other\",le=\"+Inf\"}} 1\n")), "{out}");
        assert!(out.contains(&format!("{name}_count{{route=\"/\"}} 2\n")), "{out}");
        assert!(out.contains(&format!("{name}_sum{{route=\"/\"}} 0.00305\n")), "{out}");
    }
}
