//! Live reload: the content folder is watched, and SIGHUP asks too. A reload
//! that fails keeps the last good content serving and records the problems.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc;

use crate::content::FILES;
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
    /// The process received SIGHUP.
    Hangup,
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
            let state = state.clone();
            let outcome =
                tokio::task::spawn_blocking(move || state.reload().map(|()| state.current.load().load_time)).await;
            match outcome {
                Ok(Ok(load_time)) => tracing::info!(?trigger, "content reloaded in {load_time:.1?}"),
                Ok(Err(error)) => {
                    tracing::error!(?trigger, "the content has problems; still serving the last good content:\n{error}")
                }
                Err(error) => tracing::error!("the reload task failed: {error}"),
            }
        }
    });
    sender
}

/// Watches `dir` and sends a trigger whenever one of its content files is
/// written, created, renamed or removed. Keep the returned watcher alive.
pub fn watch(dir: &Path, sender: ReloadSender) -> anyhow::Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
        Ok(event) if concerns_content(&event.kind, &event.paths) => {
            // The receiver is gone only when the server is stopping.
            let _ = sender.send(Trigger::FileChanged);
        }
        Ok(_) => {}
        Err(error) => tracing::warn!("watching the content folder: {error}"),
    })
    .context("starting the file watcher")?;
    watcher.watch(dir, RecursiveMode::NonRecursive).with_context(|| format!("watching {}", dir.display()))?;
    Ok(watcher)
}

/// Whether an event may change what the content files hold.
fn concerns_content(kind: &EventKind, paths: &[PathBuf]) -> bool {
    !matches!(kind, EventKind::Access(_))
        && paths.iter().any(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| FILES.contains(&n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind, RenameMode};

    #[test]
    fn only_changes_to_content_files_count() {
        let sme = vec![PathBuf::from("/c/sme.toml")];
        let swap = vec![PathBuf::from("/c/.sme.toml.swp")];
        let renamed = vec![PathBuf::from("/c/sme.toml.tmp"), PathBuf::from("/c/sme.toml")];
        assert!(concerns_content(&EventKind::Modify(ModifyKind::Any), &sme));
        assert!(concerns_content(&EventKind::Create(CreateKind::File), &sme));
        assert!(concerns_content(&EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &renamed));
        assert!(!concerns_content(&EventKind::Modify(ModifyKind::Any), &swap));
        assert!(!concerns_content(&EventKind::Access(AccessKind::Any), &sme));
    }
}
