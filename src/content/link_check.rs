//! `aseic check --links`: every link out of the site, visited. HEAD first,
//! GET when a server refuses HEAD; a time limit on each; at most eight at
//! a time and two per host, so that no server is hammered. Redirects are
//! followed, up to ten. A link that fails is broken; one that has moved
//! for good is a warning, with its new address; and when no link at all
//! can be reached, the network is down here, and none is called broken.

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

/// Redirects followed from one link before it counts as broken.
const MAX_HOPS: usize = 10;

/// What a visit to a link found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Fine,
    /// Moved for good (301, 308), to this address, which answers.
    Moved(String),
    /// Failed: the status, or why there was none.
    Broken(String),
    /// Not reached, for a reason that may be this machine's network (no
    /// name server, no route, no connection): not the link's fault, so
    /// long as no other link was reached either.
    Unreached(String),
}

/// The outcome of each link, in the order given.
pub struct Report {
    pub links: Vec<(ExternalLink, Outcome)>,
}

impl Report {
    /// Whether no link could be reached at all, and at least one was
    /// tried: the network is down here, and nothing was checked.
    pub fn offline(&self) -> Option<&str> {
        let mut reasons = self.links.iter().map(|(_, outcome)| match outcome {
            Outcome::Unreached(why) => Some(why.as_str()),
            _ => None,
        });
        let first = reasons.next()??;
        reasons.all(|reason| reason.is_some()).then_some(first)
    }

    pub fn broken(&self) -> usize {
        self.links.iter().filter(|(_, o)| matches!(o, Outcome::Broken(_) | Outcome::Unreached(_))).count()
    }

    pub fn moved(&self) -> usize {
        self.links.iter().filter(|(_, o)| matches!(o, Outcome::Moved(_))).count()
    }

    /// One line per broken or moved link, `FILE:LINE:COLUMN: …`, broken
    /// first. (A link not reached, when others were, is broken: the
    /// network works, and that server does not answer.)
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<(bool, String)> = self
            .links
            .iter()
            .filter_map(|(link, outcome)| {
                let at = format!("{}:{}:{}", link.file, link.line, link.column);
                match outcome {
                    Outcome::Fine => None,
                    Outcome::Broken(why) | Outcome::Unreached(why) => {
                        Some((false, format!("{at}: broken link {}: {why}", link.url)))
                    }
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

/// Follows the link's redirects, up to `MAX_HOPS`: a link is fine when
/// it ends at a page that answers; moved for good when its first answer
/// is a 301 or 308 and it ends at one; broken when it ends at an error, in
/// a loop, or after too many hops.
fn visit(agent: &ureq::Agent, url: &str) -> Outcome {
    let mut address = url.to_owned();
    let mut seen = vec![address.clone()];
    let mut moved_to = None;
    for hop in 0..=MAX_HOPS {
        let response = match ask(agent, &address) {
            Ok(response) => response,
            Err(error) => return failure(error, hop),
        };
        let status = response.status().as_u16();
        let next = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .and_then(|l| url::Url::parse(&address).ok()?.join(l).ok())
            .map(String::from);
        match (status, next) {
            (200..=299, _) => return moved_to.map_or(Outcome::Fine, Outcome::Moved),
            (301 | 302 | 303 | 307 | 308, Some(next)) => {
                if hop == 0 && matches!(status, 301 | 308) {
                    moved_to = Some(next.clone());
                }
                if seen.contains(&next) {
                    return Outcome::Broken(format!("its redirects go round in a loop, back to {next}"));
                }
                seen.push(next.clone());
                address = next;
            }
            (status, _) => {
                let reason =
                    ureq::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
                let answer = format!("{status} {reason}");
                return Outcome::Broken(if hop == 0 {
                    answer
                } else {
                    format!("{answer} at {address}, where it redirects")
                });
            }
        }
    }
    Outcome::Broken(format!("more than {MAX_HOPS} redirects"))
}

/// HEAD, then GET if HEAD is refused.
fn ask(agent: &ureq::Agent, url: &str) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    match agent.head(url).call() {
        Ok(response) if [403, 405, 501].contains(&response.status().as_u16()) => agent.get(url).call(),
        other => other,
    }
}

/// What a request that got no answer means: on the first hop, a failure
/// to reach the server at all may be this machine's network's.
fn failure(error: ureq::Error, hop: usize) -> Outcome {
    let why = match &error {
        ureq::Error::Timeout(_) => "no answer in time".to_owned(),
        other => other.to_string(),
    };
    let unreached = matches!(
        error,
        ureq::Error::Io(_) | ureq::Error::HostNotFound | ureq::Error::ConnectionFailed | ureq::Error::Timeout(_)
    );
    if unreached && hop == 0 { Outcome::Unreached(why) } else { Outcome::Broken(why) }
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
