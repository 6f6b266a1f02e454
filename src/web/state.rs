//! The content being served, and its loading into ready-to-send responses.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use arc_swap::{ArcSwap, ArcSwapOption};
use axum::http::HeaderValue;
use headers::HeaderMapExt;

use super::error::ErrorPages;
use super::prepared::{PreparedAssets, PreparedSite};
use crate::content::{ContentSource, Diagnostic, Diagnostics, load_checked};
use crate::render::assets::Assets;
use crate::render::{RenderedSite, render_site};
use crate::site::Site;
use crate::site::directory::DirectoryNames;
use crate::site::language::language_of;
use crate::site::search::SearchIndex;

/// One successful load of the content: the site in each language and its
/// responses.
#[derive(Debug)]
pub struct Loaded {
    /// The site in each of its languages, the default first.
    pub sites: Vec<Site>,
    pub pages: PreparedSite,
    /// The pages as rendered, for the next load to keep what it need not
    /// compress again. Their bodies are the ones `pages` sends, shared.
    pub rendered: RenderedSite,
    /// The search of each language, in the order of `sites`.
    pub searches: Vec<SearchIndex>,
    /// The names the directory's text filter reads, in the order of `sites`.
    pub directories: Vec<DirectoryNames>,
    /// The error pages, but 404's, in each language.
    pub error_pages: ErrorPages,
    pub loaded_at: SystemTime,
    /// `loaded_at` as every page's `Last-Modified`.
    pub last_modified: HeaderValue,
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
    #[error("building the search index failed: {0}")]
    Search(#[from] tantivy::TantivyError),
}

impl LoadError {
    /// Each problem, located where possible.
    pub fn problems(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Content(diagnostics) => diagnostics.problems.clone(),
            LoadError::Render(error) => {
                vec![Diagnostic::whole_file("templates", format!("rendering the pages failed: {error}"))]
            }
            LoadError::Search(error) => {
                vec![Diagnostic::whole_file("search index", format!("building the search index failed: {error}"))]
            }
        }
    }
}

/// Reads, checks and renders the content (with its drafts in `preview`),
/// keeping what it can of the `previous` load's compressed pages.
pub fn load_site(
    source: &ContentSource,
    assets: &Assets,
    preview: bool,
    previous: Option<&Loaded>,
) -> Result<Loaded, LoadError> {
    let start = Instant::now();
    let sites = load_checked(source, preview)?.into_sites();
    let rendered = render_site(&sites, assets, previous.map(|p| &p.rendered))?;
    let loaded_at = SystemTime::now();
    let last_modified = last_modified(loaded_at);
    let pages = PreparedSite::new(&rendered, &sites, &last_modified);
    let searches = sites.iter().map(SearchIndex::build).collect::<Result<_, _>>()?;
    let directories = sites.iter().map(DirectoryNames::of).collect();
    let error_pages = ErrorPages::new(&sites, assets)?;
    let load_time = start.elapsed();
    Ok(Loaded { sites, pages, rendered, searches, directories, error_pages, loaded_at, last_modified, load_time })
}

/// `time` as an HTTP date, for `Last-Modified`.
fn last_modified(time: SystemTime) -> HeaderValue {
    let mut headers = axum::http::HeaderMap::new();
    headers.typed_insert(headers::LastModified::from(time));
    headers.remove(axum::http::header::LAST_MODIFIED).expect("a date is a valid header")
}

impl Loaded {
    /// The site in its default language.
    pub fn site(&self) -> &Site {
        &self.sites[0]
    }

    /// The language of the request for `path` (its place in `sites`), and
    /// the site's path it asks for: `/ko/search` is Korean's `/search`.
    pub fn language_of<'a>(&self, path: &'a str) -> (usize, &'a str) {
        language_of(&self.site().languages, path)
    }

    /// How many texts the translations lack, in all.
    pub fn missing_texts(&self) -> usize {
        self.sites.iter().map(|site| site.missing_texts).sum()
    }
}

/// Whether the content folder is watched for changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchStatus {
    /// Nothing to watch (the built-in content), or watching is turned off.
    NotWatched,
    Watching,
    /// It cannot be watched, for this reason: the folder is read every
    /// second instead, and the site counts as degraded.
    Broken(String),
}

/// What every request handler shares: one pointer, cheap to clone for each
/// request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The fields of `AppState`.
pub struct Shared {
    /// The content served now; swapped whole, so a request sees one version.
    pub current: ArcSwap<Loaded>,
    /// The static files as responses.
    pub assets: PreparedAssets,
    /// The static files as the pages link them.
    pub render_assets: Assets,
    /// Where the content comes from.
    pub source: ContentSource,
    /// Why the last reload failed, while the content on disk stays broken.
    pub problems: ArcSwapOption<LoadError>,
    /// Whether the content folder is watched.
    pub watch_status: ArcSwap<WatchStatus>,
    /// Whether this is the editors' preview: drafts shown, problems on every
    /// page, pages that reload themselves.
    pub preview: bool,
    /// The guard on pages made per request.
    pub made_pages: super::made_pages::MadePages,
    /// Counts the reloads tried, for the preview's pages to follow.
    reloads: tokio::sync::watch::Sender<u64>,
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
        Self::load_with(source, false)
    }

    /// As `load`, for the editors' preview when `preview`.
    pub fn load_with(source: ContentSource, preview: bool) -> Result<Self, LoadError> {
        let render_assets = Assets::embedded();
        let loaded = load_site(&source, &render_assets, preview, None)?;
        Ok(Self::serving(loaded, render_assets, source, preview, None))
    }

    /// The editors' preview of `source`, even when its content has
    /// problems: finding them is the preview's whole use. Then the built-in
    /// copy is served behind them, with the problems on every page, until
    /// a save fixes them.
    pub fn preview(source: ContentSource) -> Result<Self, LoadError> {
        let render_assets = Assets::embedded();
        match load_site(&source, &render_assets, true, None) {
            Ok(loaded) => Ok(Self::serving(loaded, render_assets, source, true, None)),
            Err(error) => {
                let behind = load_site(&ContentSource::BuiltIn, &render_assets, true, None)?;
                Ok(Self::serving(behind, render_assets, source, true, Some(Arc::new(error))))
            }
        }
    }

    fn serving(
        loaded: Loaded,
        render_assets: Assets,
        source: ContentSource,
        preview: bool,
        problems: Option<Arc<LoadError>>,
    ) -> Self {
        Self(Arc::new(Shared {
            current: ArcSwap::from_pointee(loaded),
            assets: PreparedAssets::new(&render_assets),
            render_assets,
            source,
            problems: ArcSwapOption::new(problems),
            watch_status: ArcSwap::from_pointee(WatchStatus::NotWatched),
            preview,
            made_pages: super::made_pages::MadePages::new(std::thread::available_parallelism().map_or(1, usize::from)),
            reloads: tokio::sync::watch::Sender::new(0),
            reloads_ok: AtomicU64::new(0),
            reloads_failed: AtomicU64::new(0),
        }))
    }

    /// Loads the content again. On success the new site replaces the old in
    /// one step; on failure the old one keeps serving and the problems are
    /// kept for `/healthz`.
    pub fn reload(&self) -> Result<(), Arc<LoadError>> {
        let outcome = self.reload_once();
        self.reloads.send_modify(|count| *count += 1);
        outcome
    }

    fn reload_once(&self) -> Result<(), Arc<LoadError>> {
        let previous = self.current.load_full();
        match load_site(&self.source, &self.render_assets, self.preview, Some(&previous)) {
            Ok(loaded) => {
                // Problems first: whoever sees the new content sees them cleared.
                self.problems.store(None);
                self.current.store(Arc::new(loaded));
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

    pub fn set_watch_status(&self, status: WatchStatus) {
        if **self.watch_status.load() != status {
            self.watch_status.store(Arc::new(status));
        }
    }

    /// Whether the site serves less than it should: the content on disk is
    /// broken (the last good content is served), or it cannot be watched.
    pub fn degraded(&self) -> bool {
        self.problems.load().is_some() || matches!(**self.watch_status.load(), WatchStatus::Broken(_))
    }

    /// A receiver that changes after each reload tried.
    pub fn subscribe_to_reloads(&self) -> tokio::sync::watch::Receiver<u64> {
        self.reloads.subscribe()
    }

    /// How many reloads worked, and how many failed, since the start.
    pub fn reload_counts(&self) -> (u64, u64) {
        (self.reloads_ok.load(Ordering::Relaxed), self.reloads_failed.load(Ordering::Relaxed))
    }
}
