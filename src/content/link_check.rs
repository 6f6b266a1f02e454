//! `aseic check --links`: every link out of the site, visited. HEAD first,
//! GET when a server refuses HEAD; a time limit on each; at most eight at
//! a time and two per host, so that no server is hammered. A link that
//! fails is broken; one that has moved for good is a warning, with its new
//! address.

use std::collections::{HashMap, VecDeque};
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use super::validate::ExternalLink;

/// Links visited at once, in all and on one host.
const AT_ONCE: usize = 8;
const PER_HOST: usize = 2;
/// How long a link may take to answer by default.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// What a visit to a link found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Fine,
    /// Moved for good (301, 308), to this address.
    Moved(String),
    /// Failed: the status, or why there was none.
    Broken(String),
}

/// The outcome of each link, in the order given.
pub struct Report {
    pub links: Vec<(ExternalLink, Outcome)>,
}

impl Report {
    pub fn broken(&self) -> usize {
        self.links.iter().filter(|(_, o)| matches!(o, Outcome::Broken(_))).count()
    }

    pub fn moved(&self) -> usize {
        self.links.iter().filter(|(_, o)| matches!(o, Outcome::Moved(_))).count()
    }

    /// One line per broken or moved link, `FILE:LINE:COLUMN: …`, broken first.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<(bool, String)> = self
            .links
            .iter()
            .filter_map(|(link, outcome)| {
                let at = format!("{}:{}:{}", link.file, link.line, link.column);
                match outcome {
                    Outcome::Fine => None,
                    Outcome::Broken(why) => Some((false, format!("{at}: broken link {}: {why}", link.url))),
                    Outcome::Moved(to) => Some((
                        true,
                        format!("{at}: warning: {} has moved for good to {to}; link to the new address", link.url),
                    )),
                }
            })
            .collect();
        lines.sort_by_key(|(warning, _)| *warning);
        lines.into_iter().map(|(_, line)| line).collect()
    }
}

/// Visits every link (each address once, wherever it is written).
pub fn check(links: Vec<ExternalLink>, timeout: Duration) -> Report {
    let mut urls: Vec<String> = links.iter().map(|l| l.url.clone()).collect();
    urls.sort();
    urls.dedup();
    let total = urls.len();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("aseic-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let queue = Arc::new(Queue::new(urls));
    let progress = std::io::stderr().is_terminal();
    let workers: Vec<_> = (0..AT_ONCE.min(total))
        .map(|_| {
            let (queue, agent) = (Arc::clone(&queue), agent.clone());
            std::thread::spawn(move || {
                while let Some((url, host)) = queue.next() {
                    let outcome = visit(&agent, &url);
                    let done = queue.finish(&host, url, outcome);
                    if progress {
                        eprint!("\rchecked {done} of {total} links");
                        let _ = std::io::stderr().flush();
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    if progress && total > 0 {
        eprintln!();
    }
    let outcomes = queue.outcomes();
    let links = links
        .into_iter()
        .map(|link| {
            let outcome = outcomes.get(&link.url).cloned().unwrap_or(Outcome::Broken("not checked".to_owned()));
            (link, outcome)
        })
        .collect();
    Report { links }
}

/// HEAD, then GET if HEAD is refused.
fn visit(agent: &ureq::Agent, url: &str) -> Outcome {
    match agent.head(url).call() {
        Ok(response) if [403, 405, 501].contains(&response.status().as_u16()) => judge(agent.get(url).call()),
        other => judge(other),
    }
}

fn judge(answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Outcome {
    let response = match answer {
        Ok(response) => response,
        Err(ureq::Error::Timeout(_)) => return Outcome::Broken("no answer in time".to_owned()),
        Err(error) => return Outcome::Broken(error.to_string()),
    };
    let status = response.status();
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_owned();
    match status.as_u16() {
        200..=299 | 302 | 303 | 307 => Outcome::Fine,
        301 | 308 => Outcome::Moved(location),
        _ => Outcome::Broken(format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or(""))),
    }
}

/// The links left to visit, and how many are being visited on each host.
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

struct QueueState {
    waiting: VecDeque<String>,
    busy: HashMap<String, usize>,
    outcomes: HashMap<String, Outcome>,
}

impl Queue {
    fn new(urls: Vec<String>) -> Self {
        let state = QueueState { waiting: urls.into(), busy: HashMap::new(), outcomes: HashMap::new() };
        Self { state: Mutex::new(state), changed: Condvar::new() }
    }

    /// The next link whose host has room, waiting for one; none when all
    /// are taken.
    fn next(&self) -> Option<(String, String)> {
        let mut state = self.state.lock().expect("the queue is never poisoned");
        loop {
            if state.waiting.is_empty() {
                return None;
            }
            let free = state.waiting.iter().position(|url| state.busy.get(&host(url)).copied().unwrap_or(0) < PER_HOST);
            if let Some(at) = free {
                let url = state.waiting.remove(at).expect("a position in the queue");
                let host = host(&url);
                *state.busy.entry(host.clone()).or_default() += 1;
                return Some((url, host));
            }
            state = self.changed.wait(state).expect("the queue is never poisoned");
        }
    }

    /// Records an outcome; returns how many links are done.
    fn finish(&self, host: &str, url: String, outcome: Outcome) -> usize {
        let mut state = self.state.lock().expect("the queue is never poisoned");
        if let Some(busy) = state.busy.get_mut(host) {
            *busy -= 1;
        }
        state.outcomes.insert(url, outcome);
        self.changed.notify_all();
        state.outcomes.len()
    }

    fn outcomes(&self) -> HashMap<String, Outcome> {
        std::mem::take(&mut self.state.lock().expect("the queue is never poisoned").outcomes)
    }
}

/// The host a link leads to.
fn host(url: &str) -> String {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_more_than_two_links_of_one_host_are_visited_at_once() {
        let urls = ["https://a.org/1", "https://a.org/2", "https://a.org/3", "https://b.org/1"];
        let queue = Queue::new(urls.iter().map(|u| (*u).to_owned()).collect());
        let first = queue.next().expect("one");
        let second = queue.next().expect("two");
        assert_eq!((first.1.as_str(), second.1.as_str()), ("a.org", "a.org"));
        assert_eq!(queue.next().map(|(url, _)| url).as_deref(), Some("https://b.org/1"), "a.org has two in flight");
        queue.finish("a.org", first.0, Outcome::Fine);
        assert_eq!(queue.next().map(|(url, _)| url).as_deref(), Some("https://a.org/3"));
    }
}
