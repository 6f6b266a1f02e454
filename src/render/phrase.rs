//! Phrases of the interface that carry markup: a placeholder filled with a
//! `<time>` or a link, the rest of the phrase escaped.

use pulldown_cmark_escape::{escape_href, escape_html};

use super::markdown::Markup;
use crate::site::Date;
use crate::site::ui::{Phrase, Piece, pieces};

/// `phrase` as HTML, with the placeholder `name` replaced by `html`.
fn fill(phrase: &Phrase, name: &str, html: &str) -> Markup {
    let mut out = String::with_capacity(phrase.as_str().len() + html.len());
    for piece in pieces(phrase.as_str()) {
        match piece {
            Piece::Placeholder(placeholder) if placeholder == name => out.push_str(html),
            Piece::Placeholder(placeholder) => {
                let _ = escape_html(&mut out, &format!("{{{placeholder}}}"));
            }
            Piece::Text(text) => {
                let _ = escape_html(&mut out, text);
            }
        }
    }
    Markup(out)
}

/// `phrase` with `{date}` as a `<time>` element.
pub fn with_date(phrase: &Phrase, date: &Date) -> Markup {
    let mut time = format!("<time datetime=\"{}\">", date.iso());
    let _ = escape_html(&mut time, &date.to_string());
    time.push_str("</time>");
    fill(phrase, "date", &time)
}

/// `phrase` with the placeholder `name` as a link to `href` that reads `text`.
pub fn with_link(phrase: &Phrase, name: &str, href: &str, text: &Phrase) -> Markup {
    let mut link = String::from("<a href=\"");
    let _ = escape_href(&mut link, href);
    link.push_str("\">");
    let _ = escape_html(&mut link, text.as_str());
    link.push_str("</a>");
    fill(phrase, name, &link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phrase_is_escaped_and_the_placeholder_holds_the_markup() {
        let date = Date::new(2026, 11, 29).unwrap();
        assert_eq!(
            with_date(&Phrase::new("<b>Checked</b> {date}."), &date).0,
            "&lt;b&gt;Checked&lt;/b&gt; <time datetime=\"2026-11-29\">29 November 2026</time>."
        );
        let linked =
            with_link(&Phrase::new("See the {directory} & more"), "directory", "/members", &Phrase::new("list"));
        assert_eq!(linked.0, "See the <a href=\"/members\">list</a> &amp; more");
    }
}
