//! The checked site: the domain every later layer shares, with no files and
//! no HTTP in it. `content` builds it from the TOML files; `render` shows
//! it. Its rules live here too: the SME check, the directory filter and
//! search.

pub mod amount;
mod date;
pub mod directory;
pub mod language;
pub mod markdown;
mod model;
pub mod routes;
pub mod search;
pub mod sme_rule;
pub mod time_zone;
pub mod ui;
mod words;

pub use date::Date;
pub use language::Language;
pub use model::*;
pub use routes::Route;
pub use time_zone::SiteTimeZone;
pub use words::Words;

/// A visitor's value as a message quotes it back: at most 40 characters.
pub fn shorten(value: &str) -> String {
    let short: String = value.chars().take(40).collect();
    if short.len() < value.len() { format!("{short}…") } else { short }
}

/// The news listed on each page of `/news`.
pub const NEWS_PER_PAGE: usize = 10;
