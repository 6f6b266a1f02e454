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
    /// The site in its default language.
    pub site: crate::site::Site,
    /// The site in each other language, in the order `site.toml` lists
    /// them, with what each lacks.
    pub translations: Vec<Translated>,
    pub links: Vec<ExternalLink>,
    pub sources: Vec<CitedSource>,
    /// The drafts, checked but left out of the site.
    pub drafts: Drafts,
    /// The drafts' problems, which keep each draft out and stop nothing
    /// else.
    pub draft_problems: Vec<crate::content::diagnostic::Diagnostic>,
}

impl Checked {
    /// The site in each of its languages, the default first.
    pub fn into_sites(self) -> Vec<crate::site::Site> {
        std::iter::once(self.site).chain(self.translations.into_iter().map(|t| t.site)).collect()
    }
}

/// The site in a language beside the default, and the texts its
/// translation lacks (shown in the default language instead).
#[derive(Debug)]
pub struct Translated {
    pub site: crate::site::Site,
    /// How many texts there are to translate.
    pub texts: usize,
    /// Each text not translated.
    pub missing: Vec<MissingText>,
}

/// A text a translation lacks: the translation's file and the key where it
/// belongs, and the default language's text shown instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingText {
    /// `ko/asem.toml`.
    pub file: String,
    /// `summit.12.theme`.
    pub key: String,
    pub text: String,
}

impl std::fmt::Display for MissingText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let short: String = self.text.chars().take(60).collect();
        let more = if short.len() < self.text.len() { "…" } else { "" };
        write!(f, "{}: `{}` is not translated; the page shows “{short}{more}”", self.file, self.key)
    }
}

/// How many drafts a load checked and left out of the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drafts {
    pub pages: usize,
    pub news: usize,
}
