//! Search's own costs: building the index (for the built-in content in
//! each of its languages, and for content 50 times its size made by
//! `bench/generate-content.py`), and answering the 300 queries of
//! `bench/queries.txt`, at p50 and p99. Run
//! with `cargo bench --bench search`; set `ASEIC_BENCH_CONTENT` to a
//! generated content folder to time the large build. Under `cargo test` it
//! runs each step once, as a check that it works.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use aseic::content::{ContentSource, load, load_checked};
use aseic::site::Site;
use aseic::site::search::{Request, SearchIndex};

/// The median and the given percentile of `times`.
fn percentile(times: &mut [Duration], fraction: f64) -> Duration {
    times.sort_unstable();
    let at = ((times.len() - 1) as f64 * fraction).round() as usize;
    times[at]
}

/// The median time of `runs` index builds for `site`.
fn build_time(site: &Site, runs: usize) -> (Duration, SearchIndex) {
    let mut times = Vec::new();
    let mut index = None;
    for _ in 0..runs {
        let start = Instant::now();
        index = Some(SearchIndex::build(site).expect("the index builds"));
        times.push(start.elapsed());
    }
    (percentile(&mut times, 0.5), index.expect("at least one run"))
}

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let (runs, rounds) = if benchmarking { (9, 20) } else { (1, 1) };
    let site = load(&ContentSource::BuiltIn).expect("the built-in content loads");
    let (built, index) = build_time(&site, runs);
    println!("index build, built-in content ({} partners): {built:.1?}", site.partners.len());
    let translations = load_checked(&ContentSource::BuiltIn, false).expect("the built-in content loads").translations;
    for translated in &translations {
        let (built, _) = build_time(&translated.site, runs);
        println!("index build, built-in content in {}: {built:.1?}", translated.site.language.tag);
    }
    if let Some(dir) = std::env::var_os("ASEIC_BENCH_CONTENT") {
        let large = load(&ContentSource::Dir(PathBuf::from(dir))).expect("the generated content loads");
        let (built, _) = build_time(&large, runs);
        println!("index build, generated content ({} partners): {built:.1?}", large.partners.len());
    }
    let queries_file = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/queries.txt");
    let queries: Vec<String> = std::fs::read_to_string(queries_file)
        .expect("bench/queries.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let mut times = Vec::with_capacity(queries.len() * rounds);
    let mut found = 0;
    for _ in 0..rounds {
        for query in &queries {
            let start = Instant::now();
            let results = index.search(&Request { text: query, page: 1, ..Request::default() }).expect("searches");
            times.push(start.elapsed());
            found += usize::from(results.total > 0);
        }
    }
    assert!(found > 0, "the queries find something");
    let p50 = percentile(&mut times, 0.5);
    let p99 = percentile(&mut times, 0.99);
    println!("query ({} queries x {rounds}): p50 {p50:.1?}, p99 {p99:.1?}", queries.len());
}
