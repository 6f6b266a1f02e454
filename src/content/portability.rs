//! What `check` accepts but other TOML tools do not: the toml crate reads
//! TOML 1.1, and editors' tools (taplo, Even Better TOML) read TOML 1.0 and
//! refuse a byte-order mark. Each is a warning: the site reads the file,
//! but the editor's own tool marks it as broken.

use super::diagnostic::Diagnostic;

/// The warnings for a TOML `file` (or a Markdown file's front matter,
/// `text` then being that file whole).
pub fn warnings(file: &str, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if text.starts_with('\u{feff}') {
        found.push(
            Diagnostic::whole_file(
                file,
                "the file starts with a byte-order mark, which the site reads but other TOML tools refuse",
            )
            .with_hint("save it as UTF-8 without a BOM (in VS Code: the encoding in the status bar, then \"UTF-8\")"),
        );
    }
    if let Some(at) = newline_in_inline_table(text) {
        found.push(
            Diagnostic::at(
                file,
                text,
                at..at,
                "an inline table { … } goes on over several lines: TOML 1.1 allows it, and the site reads it, \
                 but other TOML tools (taplo, Even Better TOML) refuse it",
            )
            .with_hint("keep each { … } on one line, or write it as a [table] of its own"),
        );
    }
    found
}

/// Where the first line break inside an inline table is, if there is one:
/// outside strings and comments, between a `{` and its `}`.
fn newline_in_inline_table(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    let mut quote: Option<&str> = None;
    while let Some((at, c)) = chars.next() {
        let rest = &text[at..];
        match quote {
            Some(q) if rest.starts_with(q) => {
                for _ in 1..q.len() {
                    chars.next();
                }
                quote = None;
            }
            Some("\"") | Some("\"\"\"") if c == '\\' => {
                chars.next();
            }
            Some(_) => {}
            None => match c {
                '#' => {
                    while chars.peek().is_some_and(|(_, c)| *c != '\n') {
                        chars.next();
                    }
                }
                '"' | '\'' => {
                    let q = if rest.starts_with("\"\"\"") {
                        "\"\"\""
                    } else if rest.starts_with("'''") {
                        "'''"
                    } else if c == '"' {
                        "\""
                    } else {
                        "'"
                    };
                    for _ in 1..q.len() {
                        chars.next();
                    }
                    quote = Some(q);
                }
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                '\n' if depth > 0 => return Some(at),
                _ => {}
            },
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_line_inline_table_is_found_and_braces_in_texts_are_not() {
        assert_eq!(newline_in_inline_table("a = { b = 1, c = 2 }\n"), None);
        assert_eq!(newline_in_inline_table("a = \"{\"\nb = '{'\nc = \"\"\"{\n\"\"\"\n# {\nd = 1\n"), None);
        let text = "a = 1\nb = { c = 1,\n  d = 2 }\n";
        assert_eq!(newline_in_inline_table(text), Some(text.find(",\n").unwrap() + 1));
        assert_eq!(newline_in_inline_table("a = [\n  { b = \"}\" },\n]\n"), None);
    }

    #[test]
    fn a_byte_order_mark_is_warned_of() {
        let found = warnings("site.toml", "\u{feff}name = \"ASEIC\"\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].to_string().starts_with("site.toml: the file starts with a byte-order mark"));
    }
}
