//! A link out of the site, and where the content writes it: what
//! `aseic check --links` visits.

/// A link out of the site, at `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
}
