//! Loading the content: the files read and parsed, then checked into the
//! site.

use super::diagnostic::Diagnostics;
use super::files::read_and_parse;
use super::source::{ContentSource, FILES};
use super::validate;
use crate::site::Site;

/// Reads, parses and checks the content: the site, or every problem found.
pub fn load(source: &ContentSource) -> Result<Site, Diagnostics> {
    let (texts, parsed) = read_and_parse(source)?;
    validate::validate(&texts, &parsed).map_err(|mut problems| {
        problems.sort_by_key(|d| (FILES.iter().position(|f| *f == d.file), d.line, d.column));
        Diagnostics(problems)
    })
}
