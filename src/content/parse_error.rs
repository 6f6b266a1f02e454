//! The TOML parser's messages in an editor's words, with a hint such as
//! "did you mean" for an unknown field.

use super::suggest::closest;

/// The parser's `message` reworded, and a hint when one helps.
pub fn explain(message: &str) -> (String, Option<String>) {
    let plain = message
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected a sequence", "expected a list");
    (plain, hint(message))
}

fn hint(message: &str) -> Option<String> {
    let backticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let (given, allowed) = backticked.split_first()?;
        let what = if message.starts_with("unknown field") { "fields allowed here" } else { "values allowed here" };
        return Some(match closest(given, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if allowed.is_empty() => "remove it".to_owned(),
            None => {
                format!("the {what} are {}", allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))
            }
        });
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
        return Some("a field appears once per table: remove one of the two".to_owned());
    }
    if message.starts_with("invalid type") {
        return type_hint(message);
    }
    None
}

fn type_hint(message: &str) -> Option<String> {
    if message.contains("expected a string") {
        return Some("put the text in double quotes, like \"text\"".to_owned());
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
    fn hints_for_unknown_fields() {
        let hint = hint("unknown field `nmae`, expected one of `name`, `slug`, `region`");
        assert_eq!(hint.as_deref(), Some("did you mean `name`?"));
        let hint = super::hint("unknown variant `africa`, expected `asia` or `europe`");
        assert_eq!(hint.as_deref(), Some("the values allowed here are `asia`, `europe`"));
    }
}
