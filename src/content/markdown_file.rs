//! A Markdown file with its TOML front matter between `+++` lines, as Zola
//! writes them: parsed into its front matter's shape, with the body's place
//! kept, so that every message points at the file's own line.

use std::ops::Range;

use serde::de::DeserializeOwned;

use super::diagnostic::Diagnostic;

/// The line that opens and closes the front matter.
const FENCE: &str = "+++";

/// A Markdown file, read and parsed.
#[derive(Debug)]
pub struct MarkdownFile<F> {
    /// Its path in the content folder: `pages/contact.md`.
    pub file: String,
    /// The whole text, for messages.
    pub text: String,
    /// The front matter; its values' spans are counted in `text`.
    pub front: F,
    /// Where the Markdown body is in `text`.
    pub body: Range<usize>,
}

impl<F> MarkdownFile<F> {
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }
}

/// Splits `text` at its `+++` lines and parses the front matter; the
/// parser's error is told by `explain` (the file, its text and the error),
/// `parse_error::diagnostic` for most files.
pub fn parse_with<F: DeserializeOwned>(
    file: &str,
    text: String,
    explain: fn(&str, &str, &toml::de::Error) -> Diagnostic,
) -> Result<MarkdownFile<F>, Diagnostic> {
    let (front, body) = split(file, &text)?;
    let parsed = toml::from_str::<F>(&front_only(&text, &front)).map_err(|error| explain(file, &text, &error))?;
    Ok(MarkdownFile { file: file.to_owned(), front: parsed, body, text })
}

/// `text` with everything but the front matter blanked, byte for byte (line
/// breaks kept): TOML that parses to the front matter, with every span
/// counted in the whole file, so that messages name the file's own lines.
fn front_only(text: &str, front: &Range<usize>) -> String {
    let blank = |part: &str| part.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }).collect::<String>();
    format!("{}{}{}", blank(&text[..front.start]), &text[front.clone()], blank(&text[front.end..]))
}

/// The byte ranges of the front matter's TOML and of the body.
fn split(file: &str, text: &str) -> Result<(Range<usize>, Range<usize>), Diagnostic> {
    let hint = "start the file with a line of +++, the front matter (title = \"…\"), and another line of +++";
    let first_line_end = text.find('\n').unwrap_or(text.len());
    // Some editors (Windows Notepad) start a UTF-8 file with a byte order mark.
    if text[..first_line_end].trim_start_matches('\u{feff}').trim_end() != FENCE {
        return Err(Diagnostic::at(
            file,
            text,
            0..0,
            "the file does not start with +++, the line that opens its front matter",
        )
        .with_hint(hint));
    }
    let front_start = (first_line_end + 1).min(text.len());
    let mut at = front_start;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if text[at..line_end].trim_end() == FENCE {
            let body_start = (line_end + 1).min(text.len());
            return Ok((front_start..at, body_start..text.len()));
        }
        at = line_end + 1;
    }
    Err(Diagnostic::at(file, text, 0..FENCE.len(), "the front matter is not closed: there is no second line of +++")
        .with_hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<F: DeserializeOwned>(file: &str, text: String) -> Result<MarkdownFile<F>, Diagnostic> {
        parse_with(file, text, crate::content::parse_error::diagnostic)
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Front {
        title: String,
    }

    #[test]
    fn front_matter_and_body_are_split_at_the_fences() {
        let page = parse::<Front>("pages/a.md", "+++\ntitle = \"Contact\"\n+++\n# Hello\n".to_owned()).unwrap();
        assert_eq!(page.front.title, "Contact");
        assert_eq!(page.body(), "# Hello\n");
    }

    #[test]
    fn mistakes_point_at_the_file_s_own_lines() {
        let error = parse::<Front>("pages/a.md", "+++\ntitle = \"A\"\ntitel = 1\n+++\n".to_owned()).unwrap_err();
        assert_eq!((error.line, error.column), (3, 1));
        assert!(error.message.starts_with("unknown field `titel`"), "{}", error.message);
        let error = parse::<Front>("pages/a.md", "# No front matter\n".to_owned()).unwrap_err();
        assert!(error.message.contains("does not start with +++"), "{}", error.message);
        let marked = parse::<Front>("pages/a.md", "\u{feff}+++\ntitle = \"Marked\"\n+++\nBody\n".to_owned()).unwrap();
        assert_eq!(
            (marked.front.title.as_str(), marked.body()),
            ("Marked", "Body\n"),
            "a byte order mark is passed over"
        );
        let error = parse::<Front>("pages/a.md", "+++\ntitle = \"A\"\n".to_owned()).unwrap_err();
        assert!(error.message.contains("not closed"), "{}", error.message);
    }
}
