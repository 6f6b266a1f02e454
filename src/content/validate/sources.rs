//! The sources of the facts: each with a title, an http(s) address if it
//! has one, and the day it was last checked.

use super::Checker;
use super::report::CitedSource;
use crate::content::Diagnostic;
use crate::content::model;
use crate::site::Source;

impl Checker<'_> {
    /// The sources written in `file`, checked (their addresses are kept for
    /// `check --links` by `link_field`), each one for `check --stale`.
    pub(super) fn sources(&mut self, file: &str, written: &[model::Source]) -> Vec<Source> {
        let mut sources = Vec::with_capacity(written.len());
        for entry in written {
            let title = self.text(file, "title", &entry.title);
            let url = entry.url.as_ref().map(|url| self.link_field(file, "url", url));
            let Some(checked) = self.date(file, "checked", &entry.checked) else { continue };
            let fix = "write the day someone last confirmed the fact in the source: today at the latest";
            self.not_to_come(file, "checked", &entry.checked, checked, fix);
            let text = self.texts.text(file);
            let source = Source { title, url, checked };
            let at = Diagnostic::at(file, text, entry.checked.span(), "");
            self.cited.push(CitedSource {
                source: source.clone(),
                file: file.to_owned(),
                line: at.line,
                column: at.column,
            });
            sources.push(source);
        }
        sources
    }
}
