//! A problem found in a content file, located by file, line and column, in
//! words an editor can act on.

use std::fmt;
use std::ops::Range;

use super::characters::forbidden;
use crate::util::boundary::floor_char_boundary;

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The file's name inside the content folder, for example `asem.toml`.
    pub file: String,
    /// 1-based line of the problem; 0 when it concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters) of the problem; 0 with `line` 0.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// The offending line of the file, as the editor wrote it.
    pub source_line: Option<String>,
    /// What would be right.
    pub hint: Option<String>,
    /// Whether the file is a draft: its problem keeps the draft out of the
    /// site, and holds nothing else back.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

impl Diagnostic {
    /// A problem with the file as a whole (missing, unreadable).
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: None,
            hint: None,
            draft: false,
        }
    }

    /// A problem at a byte offset (or span) of the file's text.
    pub fn at(file: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column, source_line) = locate(text, span.start);
        Self {
            file: file.to_owned(),
            line,
            column,
            message: message.into(),
            source_line: Some(source_line),
            hint: None,
            draft: false,
        }
    }

    /// Adds what would be right.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `FILE:LINE:COLUMN`, or just `FILE` for a whole-file problem.
    pub fn location(&self) -> String {
        if self.line == 0 { self.file.clone() } else { format!("{}:{}:{}", self.file, self.line, self.column) }
    }
}

/// Source lines longer than this, in characters, are shown in part,
/// around the column.
const SHOWN_CHARS: usize = 100;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let draft = if self.draft { "(a draft) " } else { "" };
        write!(f, "{}: {draft}{}", self.location(), self.message)?;
        if let Some(source_line) = &self.source_line {
            let (shown, caret) = excerpt(source_line, self.column.saturating_sub(1));
            write!(f, "\n    | {shown}")?;
            if self.column > 0 {
                // A tab under a tab, so that the caret lines up however wide the terminal shows tabs.
                let padding: String = shown.chars().take(caret).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                write!(f, "\n    | {padding}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n    = hint: {hint}")?;
        }
        Ok(())
    }
}

/// What of `line` to show, with the characters no page may show made
/// visible as `�` (a bidirectional control would reorder the terminal's
/// line), and where the caret goes under it.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let visible = |c: char| if forbidden(c).is_some() { '\u{FFFD}' } else { c };
    let length = line.chars().count();
    if length <= SHOWN_CHARS {
        return (line.chars().map(visible).collect(), column);
    }
    let start = column.saturating_sub(SHOWN_CHARS / 2).min(length - SHOWN_CHARS);
    let mut shown: String = if start > 0 { "…".to_owned() } else { String::new() };
    shown.extend(line.chars().skip(start).take(SHOWN_CHARS).map(visible));
    if start + SHOWN_CHARS < length {
        shown.push('…');
    }
    (shown, column - start + usize::from(start > 0))
}

/// The 1-based line and column of a byte offset, and the text of that line.
fn locate(text: &str, offset: usize) -> (usize, usize, String) {
    let offset = floor_char_boundary(text, offset);
    // A byte-order mark is no column an editor shows.
    let line_start = text[..offset].rfind('\n').map_or(if text.starts_with('\u{feff}') { 3 } else { 0 }, |i| i + 1);
    let offset = offset.max(line_start);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    let source_line = text[line_start..line_end].trim_end_matches('\r').to_owned();
    (line, column, source_line)
}

/// Every problem found in one load of the content, in file order, and
/// the warnings of that load, which stop nothing but are worth telling
/// while the editor is at it (a file the site does not read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    pub problems: Vec<Diagnostic>,
    pub warnings: Vec<String>,
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{diagnostic}")?;
        }
        for warning in &self.warnings {
            writeln!(f, "\nwarning: {warning}")?;
        }
        let count = self.problems.len();
        write!(f, "{count} problem{} found in the content", if count == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let text = "a = 1\nname = \"Čes\" x\n";
        let offset = text.find('x').unwrap();
        let d = Diagnostic::at("f.toml", text, offset..offset + 1, "bad");
        assert_eq!((d.line, d.column), (2, 14));
        assert_eq!(d.source_line.as_deref(), Some("name = \"Čes\" x"));
        assert_eq!(d.location(), "f.toml:2:14");
    }

    #[test]
    fn an_offset_past_the_end_points_at_the_last_line() {
        let text = "a = 1\nb = ";
        let d = Diagnostic::at("f.toml", text, 99..99, "unexpected end");
        assert_eq!((d.line, d.column), (2, 5));
    }

    #[test]
    fn a_tab_before_the_column_is_kept_under_it_and_a_byte_order_mark_is_no_column() {
        let tabbed = Diagnostic::at("site.toml", "a = 1\n\tnme = 2\n", 7..10, "unknown field `nme`");
        assert_eq!((tabbed.line, tabbed.column), (2, 2));
        assert!(tabbed.to_string().ends_with("    | \tnme = 2\n    | \t^"), "{tabbed}");
        let marked = Diagnostic::at("site.toml", "\u{feff}name = ASEIC\n", 10..15, "string values must be quoted");
        assert_eq!((marked.line, marked.column), (1, 8));
        assert!(marked.to_string().ends_with("    | name = ASEIC\n    |        ^"), "{marked}");
    }

    #[test]
    fn long_lines_are_shown_around_the_column_and_controls_as_replacement_characters() {
        let text = format!("title = \"{}x\"\n", "a".repeat(300));
        let offset = text.find('x').unwrap();
        let shown = Diagnostic::at("f.toml", &text, offset..offset + 1, "bad").to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[1].chars().count() < 110 && lines[1].contains('x'), "{shown}");
        let caret = lines[2].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[1].chars().nth(caret), Some('x'), "{shown}");
        let text = "a = \"\u{202E}b\"\n";
        let shown = Diagnostic::at("f.toml", text, 5..8, "bidi").to_string();
        assert!(!shown.contains('\u{202E}') && shown.contains('\u{FFFD}'), "{shown}");
    }

    #[test]
    fn display_shows_the_line_a_caret_and_the_hint() {
        let text = "nme = 1\n";
        let d = Diagnostic::at("site.toml", text, 0..3, "unknown field `nme`").with_hint("did you mean `name`?");
        assert_eq!(
            d.to_string(),
            "site.toml:1:1: unknown field `nme`\n    | nme = 1\n    | ^\n    = hint: did you mean `name`?"
        );
    }
}
