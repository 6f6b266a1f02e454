//! Watching the content folder, so that a saved change goes live within a
//! second, however the folder is deployed: edited in place, replaced whole
//! (`rm -rf` and a copy, `git checkout`, `rsync`), renamed away and back, or
//! swapped through the links of a Kubernetes ConfigMap.
//!
//! Three things watch. The operating system's notifications on the folder
//! (all of it, sub-folders too) give the fastest answer. A notification on
//! the folder's parent says when the folder itself is replaced or renamed,
//! which the first watch cannot see. And every second the folder's identity
//! and a fingerprint of its files (names, sizes, times, links) are read
//! again: a change that no notification reported still goes live, a
//! replaced folder is watched afresh, and while the folder cannot be
//! watched at all the site keeps up by this polling alone, says so in
//! `/healthz` and in the log, and tries again each second.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

use super::reload::{ReloadSender, Trigger};
use crate::content::is_editor_noise;
use crate::web::state::{AppState, WatchStatus};

/// How often the folder is read again.
const POLL: Duration = Duration::from_secs(1);
/// The fingerprint reads at most this many entries, this deep.
const MAX_ENTRIES: usize = 10_000;
const MAX_DEPTH: usize = 8;

/// Asks the watcher to watch the folder afresh (on SIGHUP); dropping every
/// copy ends the watcher.
pub type Rearm = mpsc::UnboundedSender<()>;

/// Starts watching `dir`, sending a trigger to `reloads` for each change.
pub fn spawn_watcher(state: AppState, dir: PathBuf, reloads: ReloadSender) -> Rearm {
    let (rearm, rearm_requests) = mpsc::unbounded_channel();
    tokio::spawn(ContentWatch::new(state, dir, reloads).run(rearm_requests));
    rearm
}

/// A file system's notification, or the watcher's error.
type Notice = notify::Result<notify::Event>;

/// The folder as far as a change to it matters: the same inode on the
/// same device is the same folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity {
    device: u64,
    inode: u64,
}

impl Identity {
    fn of(dir: &Path) -> Option<Self> {
        std::fs::metadata(dir).ok().filter(|m| m.is_dir()).map(|m| Self { device: m.dev(), inode: m.ino() })
    }
}

struct ContentWatch {
    state: AppState,
    dir: PathBuf,
    reloads: ReloadSender,
    notices: (mpsc::UnboundedSender<Notice>, mpsc::UnboundedReceiver<Notice>),
    /// The watcher and the folder it watches, while it can watch.
    armed: Option<(RecommendedWatcher, Identity)>,
    fingerprint: u64,
    /// Whether a reload was asked for since the last poll.
    reload_asked: bool,
}

impl ContentWatch {
    fn new(state: AppState, dir: PathBuf, reloads: ReloadSender) -> Self {
        let fingerprint = fingerprint(&dir);
        Self { state, dir, reloads, notices: mpsc::unbounded_channel(), armed: None, fingerprint, reload_asked: false }
    }

    async fn run(mut self, mut rearm_requests: mpsc::UnboundedReceiver<()>) {
        self.arm();
        let mut poll = tokio::time::interval(POLL);
        poll.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                notice = self.notices.1.recv() => match notice {
                    Some(notice) => self.on_notice(notice),
                    None => return,
                },
                request = rearm_requests.recv() => match request {
                    Some(()) => {
                        self.armed = None;
                        self.arm();
                    }
                    None => return,
                },
                _ = poll.tick() => self.on_poll(),
            }
        }
    }

    fn reload(&mut self, trigger: Trigger) {
        self.reload_asked = true;
        // The receiver is gone only when the server is stopping.
        let _ = self.reloads.send(trigger);
    }

    fn on_notice(&mut self, notice: Notice) {
        let event = match notice {
            Ok(event) => event,
            Err(error) => {
                tracing::warn!("watching {}: {error}", self.dir.display());
                return;
            }
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        if event.paths.iter().any(|p| p == &self.dir) {
            // The folder itself was replaced, renamed or removed.
            self.check_identity();
        } else if event.paths.iter().any(|p| p.starts_with(&self.dir) && !is_noise(p)) {
            self.reload(Trigger::FileChanged);
        }
    }

    fn on_poll(&mut self) {
        self.check_identity();
        let now = fingerprint(&self.dir);
        if now != self.fingerprint && !self.reload_asked {
            self.reload(Trigger::FileChanged);
        }
        self.fingerprint = now;
        self.reload_asked = false;
    }

    /// Watches the folder afresh if it is not the one watched: it was
    /// replaced, or it is back after being away. The content may differ, so
    /// it is loaded again too.
    fn check_identity(&mut self) {
        let current = Identity::of(&self.dir);
        let watched = self.armed.as_ref().map(|(_, identity)| *identity);
        if watched != current || current.is_none() {
            self.armed = None;
            if self.arm() && watched.is_some() {
                self.reload(Trigger::FolderChanged);
            }
        }
    }

    /// Watches the folder (and its parent, for the folder's own fate), or
    /// records why it cannot; says so in the log when that changes. Returns
    /// whether it watches.
    fn arm(&mut self) -> bool {
        let before = self.state.watch_status.load_full();
        match self.start_watching() {
            Ok(armed) => {
                self.armed = Some(armed);
                if matches!(*before, WatchStatus::Broken(_)) {
                    tracing::info!("watching {} again", self.dir.display());
                    self.reload(Trigger::FolderChanged);
                }
                self.state.set_watch_status(WatchStatus::Watching);
                true
            }
            Err(reason) => {
                if !matches!(*before, WatchStatus::Broken(_)) {
                    tracing::warn!(
                        "cannot watch {}: {reason}; reading it every second until it can be watched again",
                        self.dir.display()
                    );
                }
                self.state.set_watch_status(WatchStatus::Broken(reason));
                false
            }
        }
    }

    fn start_watching(&self) -> Result<(RecommendedWatcher, Identity), String> {
        let identity = Identity::of(&self.dir).ok_or_else(|| "the folder is missing".to_owned())?;
        let notices = self.notices.0.clone();
        let mut watcher = notify::recommended_watcher(move |notice: Notice| {
            let _ = notices.send(notice);
        })
        .map_err(|e| format!("the file watcher cannot start: {e}"))?;
        watcher.watch(&self.dir, RecursiveMode::Recursive).map_err(|e| format!("{e}"))?;
        if let Some(parent) = self.dir.parent().filter(|p| !p.as_os_str().is_empty())
            && let Err(error) = watcher.watch(parent, RecursiveMode::NonRecursive)
        {
            // The polling still sees a replaced folder, a second later.
            tracing::debug!("cannot watch {}: {error}", parent.display());
        }
        Ok((watcher, identity))
    }
}

/// Whether `path` is a file an editor writes beside the one it edits.
fn is_noise(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(is_editor_noise)
}

/// A hash of every file below `dir` (but editors' own): its path, kind,
/// size, time and inode, following links to files, and each link's target.
fn fingerprint(dir: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    Identity::of(dir).map(|i| (i.device, i.inode)).hash(&mut hasher);
    let mut folders = vec![(dir.to_owned(), 0)];
    let mut seen = 0;
    while let Some((folder, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            seen += 1;
            if seen > MAX_ENTRIES {
                return hasher.finish();
            }
            if is_noise(&path) {
                continue;
            }
            path.hash(&mut hasher);
            if let Ok(target) = std::fs::read_link(&path) {
                target.hash(&mut hasher);
            }
            if let Ok(meta) = std::fs::metadata(&path) {
                (meta.is_dir(), meta.len(), meta.mtime(), meta.mtime_nsec(), meta.ino()).hash(&mut hasher);
            }
            let is_real_folder = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if is_real_folder && depth < MAX_DEPTH {
                folders.push((path, depth + 1));
            }
        }
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_own_files_are_noise_and_content_and_links_are_not() {
        for noise in [".aseic.toml.swp", "aseic.toml~", "#aseic.toml#", ".#aseic.toml", "4913", "x.bak"] {
            assert!(is_noise(Path::new(noise)), "{noise}");
        }
        for content in ["aseic.toml", "..data", "..2026_11_29", "pages"] {
            assert!(!is_noise(Path::new(content)), "{content}");
        }
    }

    #[test]
    fn the_fingerprint_changes_with_a_file_and_not_with_an_editor_s_swap_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "a = 1").unwrap();
        let first = fingerprint(dir.path());
        std::fs::write(dir.path().join(".a.toml.swp"), "swap").unwrap();
        assert_eq!(fingerprint(dir.path()), first);
        std::fs::write(dir.path().join("a.toml"), "a = 22").unwrap();
        assert_ne!(fingerprint(dir.path()), first);
    }
}
