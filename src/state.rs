//! The content being served, and its loading into ready-to-send pages.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use arc_swap::{ArcSwap, ArcSwapOption};

use crate::assets::Assets;
use crate::content::{ContentSource, Diagnostics, load};
use crate::render::{RenderedSite, render};
use crate::search::SearchIndex;
use crate::site::Site;

/// One successful load of the content: the site and its rendered pages.
#[derive(Debug)]
pub struct Loaded {
    pub site: Site,
    pub pages: RenderedSite,
    pub search: SearchIndex,
    pub loaded_at: SystemTime,
    /// How long reading, checking, rendering and compressing took.
    pub load_time: Duration,
}

/// Why content could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Content(#[from] Diagnostics),
    #[error("rendering the pages failed: {0}")]
    Render(#[from] askama::Error),
}

impl LoadError {
    /// Each problem, located where possible.
    pub fn problems(&self) -> Vec<crate::content::Diagnostic> {
        match self {
            LoadError::Content(diagnostics) => diagnostics.0.clone(),
            LoadError::Render(error) => vec![crate::content::Diagnostic::whole_file(
                "templates",
                format!("rendering the pages failed: {error}"),
            )],
        }
    }
}

/// Reads, validates and renders the content.
pub fn load_site(source: &ContentSource, assets: &Assets) -> Result<Loaded, LoadError> {
    let start = Instant::now();
    let site = load(source)?;
    let pages = render(&site, assets)?;
    let search = SearchIndex::build(&site);
    Ok(Loaded { site, pages, search, loaded_at: SystemTime::now(), load_time: start.elapsed() })
}

/// What every request handler shares: one pointer, cheap to clone for each
/// request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The fields of `AppState`.
pub struct Shared {
    /// The content served now; swapped whole, so a request sees one version.
    pub current: ArcSwap<Loaded>,
    pub assets: Assets,
    /// Where the content comes from.
    pub source: ContentSource,
    /// Why the last reload failed, while the content on disk stays broken.
    pub problems: ArcSwapOption<LoadError>,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// Loads the content from `source`: the state to serve it, or why it cannot be.
    pub fn load(source: ContentSource) -> Result<Self, LoadError> {
        let assets = Assets::embedded();
        let loaded = load_site(&source, &assets)?;
        Ok(Self(Arc::new(Shared {
            current: ArcSwap::from_pointee(loaded),
            assets,
            source,
            problems: ArcSwapOption::empty(),
            reloads_ok: AtomicU64::new(0),
            reloads_failed: AtomicU64::new(0),
        })))
    }

    /// Loads the content again. On success the new site replaces the old in
    /// one step; on failure the old one keeps serving and the problems are
    /// kept for `/healthz`.
    pub fn reload(&self) -> Result<(), Arc<LoadError>> {
        match load_site(&self.source, &self.assets) {
            Ok(loaded) => {
                self.current.store(Arc::new(loaded));
                self.problems.store(None);
                self.reloads_ok.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(error) => {
                let error = Arc::new(error);
                self.problems.store(Some(Arc::clone(&error)));
                self.reloads_failed.fetch_add(1, Ordering::Relaxed);
                Err(error)
            }
        }
    }

    /// How many reloads worked, and how many failed, since the start.
    pub fn reload_counts(&self) -> (u64, u64) {
        (self.reloads_ok.load(Ordering::Relaxed), self.reloads_failed.load(Ordering::Relaxed))
    }
}
