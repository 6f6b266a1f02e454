//! Live reload: the content is loaded again when the folder changes (see
//! `watch`) and on SIGHUP. A reload that fails keeps the last good content
//! serving and records the problems.

use std::time::{Duration, SystemTime};

use tokio::sync::mpsc;

use crate::web::state::AppState;

/// How long the folder must be quiet before a reload: editors save in
/// several steps (truncate and write, write and rename), and one reload
/// should see the finished file.
const QUIET: Duration = Duration::from_millis(150);

/// Why a reload was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A content file changed on disk.
    FileChanged,
    /// The content folder was replaced, or could be watched again.
    FolderChanged,
    /// The process received SIGHUP.
    Hangup,
    /// A page or news item dated in the future reached its day.
    Scheduled,
}

/// Sends reload requests; dropping every copy ends the reload task.
pub type ReloadSender = mpsc::UnboundedSender<Trigger>;

/// Starts the task that reloads the content on each trigger, and returns the
/// sender that asks for a reload.
pub fn spawn_reloader(state: AppState) -> ReloadSender {
    let (sender, mut receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(first) = receiver.recv().await {
            // Gather the rest of a burst of events into one reload.
            let mut trigger = first;
            while let Ok(Some(next)) = tokio::time::timeout(QUIET, receiver.recv()).await {
                if next == Trigger::Hangup {
                    trigger = next;
                }
            }
            let reloading = state.clone();
            let outcome =
                tokio::task::spawn_blocking(move || reloading.reload().map(|()| reloading.current.load().load_time))
                    .await;
            match outcome {
                Ok(Ok(load_time)) => {
                    tracing::info!(?trigger, "content reloaded in {load_time:.1?}");
                    warn_of_gaps(&state.current.load().sites);
                }
                Ok(Err(error)) => {
                    // The fields follow the message: a line of their own.
                    tracing::error!(
                        ?trigger,
                        "the content has problems; still serving the last good content:\n{error}\n"
                    )
                }
                Err(error) => tracing::error!("the reload task failed: {error}"),
            }
        }
    });
    sender
}

/// The longest the publisher sleeps before it looks again: a clock set
/// forward, or a suspended machine, delays a publication by no more.
const LOOK_AGAIN: Duration = Duration::from_secs(60);

/// Starts the task that reloads the content when a page or news item dated
/// in the future reaches its day (`Site::next_publication`), so that it
/// appears with no save and no restart, and when the newest news grows
/// older than `latest_within_months` (`Site::latest_news_until`), so that
/// the home page stops calling it the latest (`Site::next_reload`, the
/// earlier of the two); the reload makes the next one due.
pub fn spawn_publisher(state: AppState, reloads: ReloadSender) {
    tokio::spawn(async move {
        let mut asked_for = None;
        loop {
            let due = state.current.load().sites.first().and_then(crate::site::Site::next_reload);
            let wait = until(due, SystemTime::now());
            if wait.is_zero() && asked_for != due {
                asked_for = due;
                tracing::info!(
                    "a page or news item dated today is due, or the newest news is no longer the latest: loading the content again"
                );
                if reloads.send(Trigger::Scheduled).is_err() {
                    return;
                }
            }
            tokio::time::sleep(if wait.is_zero() { Duration::from_secs(1) } else { wait }).await;
        }
    });
}

/// How long to wait, at `now`, for a publication `due` then: no longer
/// than `LOOK_AGAIN`, and nothing once it is due.
fn until(due: Option<SystemTime>, now: SystemTime) -> Duration {
    match due {
        Some(due) => due.duration_since(now).unwrap_or(Duration::ZERO).min(LOOK_AGAIN),
        None => LOOK_AGAIN,
    }
}

/// Logs what is amiss in the content but stops nothing (`Site::warnings`),
/// after each load.
pub(super) fn warn_of_gaps(sites: &[crate::site::Site]) {
    for site in sites {
        for warning in &site.warnings {
            tracing::warn!("{warning}");
        }
        for problem in &site.draft_problems {
            tracing::warn!("{problem}\n(the draft is left out; the rest of the site is served)");
        }
        if site.missing_texts > 0 {
            tracing::warn!(
                "the {} translation lacks {} texts, shown in the default language instead; `aseic check --translations` lists them",
                site.language.tag,
                site.missing_texts
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publisher_wakes_when_a_publication_is_due_and_looks_again_each_minute() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(until(Some(now + Duration::from_secs(5)), now), Duration::from_secs(5));
        assert_eq!(until(Some(now + Duration::from_secs(86_400)), now), LOOK_AGAIN);
        assert_eq!(until(Some(now - Duration::from_secs(5)), now), Duration::ZERO);
        assert_eq!(until(None, now), LOOK_AGAIN);
    }
}
