//! Loading the content: the files read and parsed, then checked into the
//! site.

use super::diagnostic::Diagnostics;
use super::files::read_and_parse;
use super::source::{ContentSource, FILES};
use super::validate;
use crate::site::Site;

/// Reads, parses and checks the content: the site, or every problem found,
/// in file order. A file that cannot be read or parsed is reported; every
/// check that does not need it still runs.
pub fn load(source: &ContentSource) -> Result<Site, Diagnostics> {
    let (texts, parsed, mut problems) = read_and_parse(source);
    match validate::validate(&texts, &parsed) {
        Ok(site) if problems.is_empty() => return Ok(site),
        Ok(_) => {}
        Err(more) => problems.extend(more),
    }
    // A problem with the folder itself comes first, then each file's in order.
    problems.sort_by_key(|d| (FILES.iter().position(|f| *f == d.file).map_or(0, |i| i + 1), d.line, d.column));
    Err(Diagnostics(problems))
}
