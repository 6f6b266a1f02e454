//! Phrases of the interface that carry markup: placeholders filled with a
//! `<time>`, a link or escaped text, the rest of the phrase escaped.

use pulldown_cmark_escape::{escape_href, escape_html};

use super::markdown::Markup;
use crate::site::Date;
use crate::site::ui::{Phrase, Piece, Ui, pieces};

/// A value for a placeholder, as HTML.
pub struct Html(String);

/// `value`, escaped.
pub fn text(value: impl std::fmt::Display) -> Html {
    let mut out = String::new();
    let _ = escape_html(&mut out, &value.to_string());
    Html(out)
}

/// `words` in bold (`<strong>`).
pub fn strong(words: impl std::fmt::Display) -> Html {
    Html(format!("<strong>{}</strong>", text(words).0))
}

/// A link to `href` that reads `words`.
pub fn link(href: &str, words: impl std::fmt::Display) -> Html {
    let mut out = String::from("<a href=\"");
    let _ = escape_href(&mut out, href);
    out.push_str("\">");
    out.push_str(&text(words).0);
    out.push_str("</a>");
    Html(out)
}

/// `date` in a `<time>` element, written as `ui` writes dates.
pub fn time(ui: &Ui, date: &Date) -> Html {
    Html(format!("<time datetime=\"{}\">{}</time>", date.iso(), text(ui.date(date)).0))
}

/// `phrase` as HTML, each placeholder named in `values` replaced by its
/// value.
pub fn html(phrase: &Phrase, values: &[(&str, Html)]) -> Markup {
    let mut out = String::with_capacity(phrase.as_str().len() + 64);
    for piece in pieces(phrase.as_str()) {
        match piece {
            Piece::Placeholder(name) => match values.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(&value.0),
                None => out.push_str(&text(format!("{{{name}}}")).0),
            },
            Piece::Text(words) => out.push_str(&text(words).0),
        }
    }
    Markup(out)
}

/// `phrase` with `{date}` as a `<time>` element.
pub fn with_date(ui: &Ui, phrase: &Phrase, date: &Date) -> Markup {
    html(phrase, &[("date", time(ui, date))])
}

/// `phrase` with the placeholder `name` as a link to `href` that reads `words`.
pub fn with_link(phrase: &Phrase, name: &str, href: &str, words: &Phrase) -> Markup {
    html(phrase, &[(name, link(href, words))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phrase_is_escaped_and_the_placeholder_holds_the_markup() {
        let date = Date::new(2026, 11, 29).unwrap();
        assert_eq!(
            with_date(&crate::site::ui::english(), &Phrase::new("<b>Checked</b> {date}."), &date).0,
            "&lt;b&gt;Checked&lt;/b&gt; <time datetime=\"2026-11-29\">29 November 2026</time>."
        );
        let linked =
            with_link(&Phrase::new("See the {directory} & more"), "directory", "/members", &Phrase::new("list"));
        assert_eq!(linked.0, "See the <a href=\"/members\">list</a> &amp; more");
        let filled = html(&Phrase::new("{a} {b} {c}"), &[("a", text("<x>")), ("b", link("/y?a=1&b=2", "y"))]);
        assert_eq!(filled.0, "&lt;x&gt; <a href=\"/y?a=1&amp;b=2\">y</a> {c}");
    }
}
