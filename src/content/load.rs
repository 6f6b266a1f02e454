//! Loading the content: the files read and parsed, then checked into the
//! site.

use super::diagnostic::Diagnostics;
use super::files::read_and_parse;
use super::source::{ContentSource, FILES, GLOSSARY};
use super::validate::{self, Checked};
use crate::site::Site;

/// Reads, parses and checks the content: the site, or every problem found,
/// in file order. A file that cannot be read or parsed is reported; every
/// check that does not need it still runs. Drafts are left out.
pub fn load(source: &ContentSource) -> Result<Site, Diagnostics> {
    load_checked(source, false).map(|checked| checked.site)
}

/// As `load`, with the drafts in `preview`, and with every link out of the
/// site and every source that the content writes.
pub fn load_checked(source: &ContentSource, preview: bool) -> Result<Checked, Diagnostics> {
    let (texts, parsed, mut problems) = read_and_parse(source);
    // A draft that could not be read, or its translation, is left out,
    // and stops nothing.
    let drafts = validate::draft_files(&texts, &parsed);
    for problem in &mut problems {
        problem.draft = drafts.contains(&problem.file);
    }
    match validate::validate(&texts, &parsed, preview) {
        Ok(mut loaded) if problems.iter().all(|problem| problem.draft) => {
            problems.append(&mut loaded.draft_problems);
            sort(&mut problems);
            loaded.site.draft_problems = problems.iter().map(ToString::to_string).collect();
            loaded.draft_problems = problems;
            return Ok(loaded);
        }
        Ok(_) => {}
        Err(more) => problems.extend(more),
    }
    sort(&mut problems);
    let warnings = parsed.strays.iter().map(ToString::to_string).collect();
    Err(Diagnostics { problems, warnings })
}

/// A problem with the folder itself first, then each file's in order.
fn sort(problems: &mut [super::diagnostic::Diagnostic]) {
    problems.sort_by(|a, b| {
        file_order(&a.file).cmp(&file_order(&b.file)).then((a.line, a.column).cmp(&(b.line, b.column)))
    });
}

/// Where a file's problems come in the list: the folder itself first, then
/// the fixed files in their order, then the pages, news and media by name.
fn file_order(file: &str) -> (usize, &str) {
    match FILES.iter().position(|f| *f == file) {
        Some(i) => (i + 1, ""),
        None if file == GLOSSARY => (FILES.len() + 1, ""),
        None if file.contains('/') => (FILES.len() + 2, file),
        None => (0, file),
    }
}
