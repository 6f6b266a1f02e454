//! The TOML parser's messages in an editor's words, with a hint such as
//! "did you mean" for an unknown field.

use super::diagnostic::Diagnostic;
use super::suggest::closest;

/// The parser's `error` in `file` (whose text is `text`) as a problem at
/// its place, in an editor's words, with a hint when one helps.
pub fn diagnostic(file: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().map(|span| unclosed_triple_quote(error.message(), text).unwrap_or(span));
    let (message, hint) = explain(error.message().trim_end(), text, span.as_ref().map(|span| span.start));
    let diagnostic = match span {
        Some(span) => Diagnostic::at(file, text, span, message),
        None => Diagnostic::whole_file(file, message),
    };
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// Where a text opened with three quotes and never closed begins: the
/// parser finds out only at the end of the file, which is no help. (Each
/// `"""` opens or closes one; an odd count leaves the last one open.)
fn unclosed_triple_quote(message: &str, text: &str) -> Option<std::ops::Range<usize>> {
    let quotes = if message.starts_with("invalid multi-line basic string") {
        "\"\"\""
    } else if message.starts_with("invalid multi-line literal string") {
        "\'\'\'"
    } else {
        return None;
    };
    let opened: Vec<usize> = text.match_indices(quotes).map(|(at, _)| at).collect();
    (opened.len() % 2 == 1).then(|| opened[opened.len() - 1]).map(|at| at..at + 3)
}

/// The parser's `message` about `line` (of the file's `text`) reworded,
/// and a hint when one helps.
fn explain(message: &str, text: &str, at: Option<usize>) -> (String, Option<String>) {
    let line_start = at.map_or(text.len(), |at| text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1));
    let line = text[line_start..].lines().next().unwrap_or("");
    let before = &text[..line_start];
    // The parser does not say which key; the place it points at does
    // (`checked` in `{ title = "…", checked = … }`, `footer` in `[footer]`).
    let named_key = at
        .and_then(|at| text.get(at..))
        .and_then(|rest| rest.split(|c: char| c == '=' || c == ']' || c.is_whitespace()).next())
        .filter(|key| !key.is_empty());
    let message = match named_key {
        Some(key) if message == "duplicate key" => format!("duplicate key `{key}`"),
        _ => message.to_owned(),
    };
    let message = message.as_str();
    let plain = message
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected a sequence", "expected a list")
        .replace("expected a TOML datetime", "expected a date");
    (plain, hint(message, line, text, before))
}

/// The fix for a boolean written otherwise.
const BOOLEAN: &str = "write true or false, in lower case and without quotes";

/// The hint for `message` about `line`, in a file whose `text` has
/// `before` up to that line.
fn hint(message: &str, line: &str, text: &str, before: &str) -> Option<String> {
    let backticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let (given, allowed) = backticked.split_first()?;
        let what = if message.starts_with("unknown field") { "fields allowed here" } else { "values allowed here" };
        let mut hint = match closest(given, allowed.iter().copied()) {
            Some(near) => return Some(format!("did you mean `{near}`?")),
            None if allowed.is_empty() => "remove it".to_owned(),
            None => {
                format!("the {what} are {}", allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))
            }
        };
        // `description = …` written at the end of the file, below [footer],
        // is read as a field of [footer].
        let table = before.lines().rev().find_map(table_heading).filter(|_| message.starts_with("unknown field"));
        if let Some(table) = table {
            hint.push_str(&format!(
                "; a field below a [{table}] heading belongs to that table: if `{given}` is one of the file's own, \
                 move it above the first [table] heading"
            ));
        }
        return Some(hint);
    }
    if message.starts_with("missing field") {
        return Some(format!("add `{} = …` to this table", backticked.first()?));
    }
    if message.starts_with("invalid basic string") || message.starts_with("invalid literal string") {
        return Some(
            "close the text with a quote on the same line; for text over several lines, use triple quotes \"\"\""
                .to_owned(),
        );
    }
    if message.starts_with("duplicate key") {
        let heading = line.trim_start();
        if let Some(table) = heading.strip_prefix('[').filter(|rest| !rest.starts_with('[')) {
            let table = table.split(']').next().unwrap_or(table).trim();
            // A table that is one of a list is written [[table]] in the
            // file, or in its comments.
            if !text.contains(&format!("[[{table}]]")) {
                return Some(format!("a table's heading appears once: merge the two [{table}] tables into one"));
            }
            return Some(format!(
                "a table's heading appears once: merge the two; or, if [{table}] is one of a list (such as the \
                 summits), write each heading with double brackets: [[{table}]]"
            ));
        }
        return Some("a field appears once per table: remove one of the two".to_owned());
    }
    if message.starts_with("unexpected key or value") && line.trim_start().starts_with('[') {
        return Some(
            "a table's heading is its name in brackets, [footer], or in double brackets, [[menu]]: check both ends"
                .to_owned(),
        );
    }
    if message.starts_with("missing comma between array elements") {
        return Some(format!("put a comma between the items of a list, like [\"a\", \"b\"]; or, {QUOTE_IN_TEXT}"));
    }
    if message.starts_with("unexpected key or value") {
        return Some(format!(
            "{QUOTE_IN_TEXT}; otherwise, put each field on a line of its own, and commas between the items of a list"
        ));
    }
    if message.starts_with("invalid boolean") {
        return Some(BOOLEAN.to_owned());
    }
    if message.starts_with("string values must be quoted") {
        let value = line.split_once('=').map_or("", |(_, value)| value.trim()).to_lowercase();
        if ["yes", "no", "on", "off", "y", "n"].contains(&value.as_str()) {
            return Some(BOOLEAN.to_owned());
        }
        return Some(
            "put text in double quotes, like \"text\"; write a date without quotes, like 2026-11-29".to_owned(),
        );
    }
    if message.starts_with("invalid type") {
        return type_hint(message);
    }
    FIXED_HINTS.iter().find(|(start, _)| message.starts_with(start)).map(|(_, hint)| (*hint).to_owned())
}

/// The parser's messages whose hint needs nothing of the line: how the
/// message starts, and the hint.
const FIXED_HINTS: [(&str, &str); 7] = [
    ("missing opening quote", "put the text in double quotes at both ends, like \"text\""),
    (
        "invalid multi-line basic string",
        "a text opened with three quotes (\"\"\") is not closed: end it with three quotes too",
    ),
    (
        "invalid multi-line literal string",
        "a text opened with three single quotes (\'\'\') is not closed: end it with three too",
    ),
    ("unclosed array table", "close the heading with two square brackets, like [[menu]]"),
    ("unclosed table", "close the heading with its square bracket, like [footer]"),
    ("invalid date", "write a day that exists, as year-month-day, like 2026-02-28"),
    ("key with no value", "write the field, an equals sign and its value, like founded = 2011"),
];

/// The table a line heads, if it is a heading: `[footer]`, `[[summit]]`,
/// with a comment after it or not; not a line of text that starts with a
/// bracket, such as `[ASEM](/asem) met…` in a text over several lines.
fn table_heading(line: &str) -> Option<&str> {
    let line = line.split('#').next().unwrap_or_default().trim();
    let name = line.strip_prefix('[')?.strip_suffix(']')?;
    let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name).trim();
    let is_key = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | ' ');
    (!name.is_empty() && name.chars().all(is_key)).then_some(name)
}

/// A double quote inside a text ends it early, and the parser then finds
/// what follows where it expects the line to end.
const QUOTE_IN_TEXT: &str =
    "if the text holds a double quote, write it as \\\" or use curly quotes “ ”, for a plain \" ends the text";

fn type_hint(message: &str) -> Option<String> {
    if message.contains("expected a TOML datetime") || message.contains("expected a date") {
        return Some("write the date as year-month-day, like 2026-11-29".to_owned());
    }
    if message.contains("expected a boolean") {
        return Some(BOOLEAN.to_owned());
    }
    if message.contains("invalid type: sequence") && message.contains("expected a string") {
        return Some("write one text in double quotes, not a list in square brackets".to_owned());
    }
    if message.contains("expected a string") {
        return Some("put the text in double quotes, like \"text\"".to_owned());
    }
    if message.contains("floating point") && (message.contains("expected i64") || message.contains("integer")) {
        return Some("write a whole number, without a decimal point, like 250".to_owned());
    }
    if message.contains("expected i64") || message.contains("integer") {
        return Some("write a whole number without quotes, like 250".to_owned());
    }
    if message.contains("expected a sequence") {
        return Some("write a list in square brackets, like [\"a\", \"b\"]".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_below_a_table_heading_is_said_to_belong_to_it() {
        let unknown = "unknown field `description`, expected `text` or `links`";
        let text = "name = \"ASEIC\"\n[footer]\ntext = \"x\"\ndescription = \"y\"\n";
        let (_, hint) = explain(unknown, text, text.find("description"));
        assert!(hint.unwrap().ends_with("a field below a [footer] heading belongs to that table: if `description` is one of the file's own, move it above the first [table] heading"));
        // A line of text that starts with a bracket is no heading; the same
        // line higher up, in a comment, is not the line at fault.
        let text = "# description = \"y\"\nintro = \"\"\"\n[ASEM](/asem) met\n\"\"\"\ndescription = \"y\"\n";
        let (_, hint) = explain(unknown, text, text.rfind("description"));
        assert_eq!(hint.as_deref(), Some("the fields allowed here are `text`, `links`"));
    }

    #[test]
    fn hints_for_unknown_fields() {
        let hint = hint("unknown field `nmae`, expected one of `name`, `slug`, `region`", "", "", "");
        assert_eq!(hint.as_deref(), Some("did you mean `name`?"));
        let hint = super::hint("unknown variant `africa`, expected `asia` or `europe`", "", "", "");
        assert_eq!(hint.as_deref(), Some("the values allowed here are `asia`, `europe`"));
    }

    #[test]
    fn hints_for_the_slips_editors_make() {
        let explain = |message| super::explain(message, "", None);
        // The problem at `line`, the first line of `text` that is it.
        let at = |text: &str, line: &str| text.find(line);
        let (message, hint) = explain("invalid type: string \"2026-11-29\", expected a TOML datetime");
        assert_eq!(message, "invalid type: string \"2026-11-29\", expected a date");
        assert!(hint.unwrap().contains("year-month-day, like 2026-11-29"));
        let slip = "unexpected key or value, expected newline, `#`";
        assert!(explain(slip).1.unwrap().starts_with("if the text holds a double quote, write it as \\\""), "{slip}");
        let comma = explain("missing comma between array elements, expected `,`").1.unwrap();
        assert!(comma.starts_with("put a comma between the items of a list"), "{comma}");
        assert!(comma.contains("if the text holds a double quote"), "{comma}");
        let asem = "# Each [[summit]] has a number.\n[summit] # 2012\n";
        let table = super::explain("duplicate key", asem, at(asem, "[summit] # 2012")).1.unwrap();
        assert!(
            table.starts_with("a table's heading appears once") && table.ends_with("double brackets: [[summit]]"),
            "{table}"
        );
        let twice = "[contact]\nname = \"a\"\n[contact]\n";
        let single = super::explain("duplicate key", twice, twice.rfind("[contact]")).1.unwrap();
        assert_eq!(single, "a table's heading appears once: merge the two [contact] tables into one");
        let inline = "sources = [{ title = \"a\", checked = 2026-11-29, checked = 2026-11-28 }]";
        assert_eq!(super::explain("duplicate key", inline, inline.rfind("checked")).0, "duplicate key `checked`");
        let (message, hint) = super::explain("duplicate key", "founded = 2012", Some(0));
        assert_eq!(
            (message.as_str(), hint.unwrap().starts_with("a field appears once")),
            ("duplicate key `founded`", true)
        );
        assert_eq!(explain("invalid type: string \"yes\", expected a boolean").1.unwrap(), BOOLEAN);
        assert_eq!(explain("invalid boolean, expected `true`").1.unwrap(), BOOLEAN);
        let yes = super::explain("string values must be quoted, expected literal string", "draft = Yes", Some(8));
        assert_eq!(yes.1.unwrap(), BOOLEAN);
        assert!(explain("invalid type: sequence, expected a string").1.unwrap().contains("not a list"));
        assert!(explain("key with no value, expected `=`").1.unwrap().contains("an equals sign"));
        assert!(explain("missing opening quote, expected `\"`").1.unwrap().contains("at both ends"));
        assert!(explain("invalid multi-line basic string, expected `\"`").1.unwrap().contains("three quotes too"));
        assert!(explain("unclosed array table, expected `]`").1.unwrap().contains("[[menu]]"));
        let heading = super::explain("unexpected key or value, expected newline, `#`", "[menu]]\n", Some(6));
        assert!(heading.1.unwrap().starts_with("a table's heading is its name in brackets"));
        assert!(explain("invalid date, expected day between 01 and 28").1.unwrap().contains("a day that exists"));
        assert!(explain("invalid type: floating point `250.5`, expected i64").1.unwrap().contains("decimal point"));
        assert!(explain("string values must be quoted, expected literal string").1.unwrap().contains("2026-11-29"));
    }
}
