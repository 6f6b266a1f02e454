//! How long a response may be kept, named once for every kind of response.

/// The caching a response allows. The web layer writes it as
/// `Cache-Control`, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// Pages, which may change at any reload: kept, but revalidated with
    /// the ETag before each use.
    Revalidate,
    /// Fingerprinted assets, whose name changes whenever their content
    /// does: kept for a year without asking.
    Immutable,
    /// Answers that must never be reused, such as the health check.
    NoStore,
    /// Answers for one visitor alone, such as the SME check's, which holds
    /// a company's figures: never kept by a shared cache, and revalidated.
    Private,
}

impl CachePolicy {
    /// The value of `Cache-Control`.
    pub const fn header_value(self) -> &'static str {
        match self {
            CachePolicy::Revalidate => "no-cache",
            CachePolicy::Immutable => "public, max-age=31536000, immutable",
            CachePolicy::NoStore => "no-store",
            CachePolicy::Private => "private, no-cache",
        }
    }
}
