//! What `aseic check` reports beside the problems: each link out of the
//! site and each source, where the content writes it.

/// A link out of the site, at `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// A source as the content cites it, and where its `checked` date is
/// written: what `aseic check --stale` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSource {
    pub source: crate::site::Source,
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// A load of the content that passed its checks: the site, and what
/// `aseic check` reports beside: the links out of the site and the sources.
#[derive(Debug)]
pub struct Checked {
    pub site: crate::site::Site,
    pub links: Vec<ExternalLink>,
    pub sources: Vec<CitedSource>,
    /// The drafts, checked but left out of the site.
    pub drafts: Drafts,
}

/// How many drafts a load checked and left out of the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drafts {
    pub pages: usize,
    pub news: usize,
}
