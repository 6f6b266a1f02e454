//! Phrases of the interface that carry markup: placeholders filled with a
//! `<time>`, a link, words in bold or words only screen readers hear, or
//! escaped text; the rest of the phrase escaped.

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

/// `words` of the content, escaped, and marked with their language when it
/// is not the page's.
pub fn words(words: &crate::site::Words) -> Html {
    Html(super::marked::in_language(words.lang(), &text(words).0).0)
}

/// `words` in bold (`<strong>`).
pub fn strong(words: impl std::fmt::Display) -> Html {
    Html(format!("<strong>{}</strong>", text(words).0))
}

/// `markup`, made from another phrase, as it is.
pub fn markup(markup: Markup) -> Html {
    Html(markup.0)
}

/// `words` typed by a visitor, isolated (`<bdi>`), so that a right-to-left
/// mark among them cannot turn the words around them.
pub fn typed(words: impl std::fmt::Display) -> Html {
    Html(format!("<bdi>{}</bdi>", text(words).0))
}

/// `words`, heard by screen readers and not shown.
pub fn hidden(words: impl std::fmt::Display) -> Html {
    Html(format!("<span class=\"visually-hidden\">{}</span>", text(words).0))
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
/// value; marked with the phrase's language when it is not the page's.
pub fn html(phrase: &Phrase, values: &[(&str, Html)]) -> Markup {
    let filled = fill(phrase, values);
    match phrase.lang() {
        Some(lang) => super::marked::in_language(Some(lang), &filled.0),
        None => filled,
    }
}

/// `phrase` with its placeholders filled, as `html` makes it, unmarked.
fn fill(phrase: &Phrase, values: &[(&str, Html)]) -> Markup {
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

/// `phrase` with the placeholder `name` as `words` in bold.
pub fn with_strong(phrase: &Phrase, name: &str, words: impl std::fmt::Display) -> Markup {
    html(phrase, &[(name, strong(words))])
}

/// `phrase` with the placeholder `name` as `words` that only screen
/// readers hear ("Next {what}": "Next" shown, "page of results" heard).
pub fn with_hidden(phrase: &Phrase, name: &str, words: impl std::fmt::Display) -> Markup {
    html(phrase, &[(name, hidden(words))])
}

/// `phrase` heard whole by screen readers, with only the placeholder
/// `name`, as `value`, shown ("Page {number}": "3" shown, "Page 3" heard).
pub fn only_shown(phrase: &Phrase, name: &str, value: impl std::fmt::Display) -> Markup {
    let mut out = String::new();
    for piece in pieces(phrase.as_str()) {
        match piece {
            Piece::Placeholder(found) if found == name => out.push_str(&text(&value).0),
            Piece::Placeholder(other) => out.push_str(&text(format!("{{{other}}}")).0),
            Piece::Text(words) => out.push_str(&hidden(words).0),
        }
    }
    Markup(out)
}

/// A span of days: `start` alone in a `<time>` element when `end` is the
/// same day or unknown, else the days as `ui` writes a span of them ("18
/// to 19 October 2018").
pub fn date_span(ui: &Ui, start: &Date, end: &Option<Date>) -> Markup {
    match end.as_ref().filter(|end| *end != start) {
        Some(end) => Markup(text(ui.days(start, end)).0),
        None => Markup(time(ui, start).0),
    }
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

    #[test]
    fn words_for_screen_readers_are_hidden_where_the_phrase_puts_them() {
        let hide = |phrase: &str| with_hidden(&Phrase::new(phrase), "what", "page & more").0;
        assert_eq!(hide("Next {what}"), "Next <span class=\"visually-hidden\">page &amp; more</span>");
        assert_eq!(hide("{what} 다음"), "<span class=\"visually-hidden\">page &amp; more</span> 다음");
        let shown = |phrase: &str| only_shown(&Phrase::new(phrase), "number", 3).0;
        assert_eq!(shown("Page {number}"), "<span class=\"visually-hidden\">Page </span>3");
        assert_eq!(shown("{number} <쪽>"), "3<span class=\"visually-hidden\"> &lt;쪽&gt;</span>");
        let bold = with_strong(&Phrase::new("{draft}: not yet <public>"), "draft", "Draft");
        assert_eq!(bold.0, "<strong>Draft</strong>: not yet &lt;public&gt;");
    }

    #[test]
    fn a_span_of_days_is_one_time_element_or_the_days_in_words() {
        let ui = crate::site::ui::english();
        let (start, end) = (Date::new(2024, 10, 1).unwrap(), Date::new(2024, 10, 3).unwrap());
        let one = "<time datetime=\"2024-10-01\">1 October 2024</time>";
        assert_eq!(date_span(&ui, &start, &None).0, one);
        assert_eq!(date_span(&ui, &start, &Some(start)).0, one);
        assert_eq!(date_span(&ui, &start, &Some(end)).0, "1 to 3 October 2024");
    }
}
