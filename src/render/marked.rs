//! Words and phrases as HTML text: escaped, and, when they are in another
//! language than the page (a text not yet translated, a name kept in
//! English), inside `<span lang="…">`, so that screen readers read them in
//! their own voice. Templates print them as they are (`{{ words }}`) where
//! text goes; in an attribute, where no element can mark a language, they
//! print `.as_str()` or `to_string()`.

use std::fmt::{self, Write};

use pulldown_cmark_escape::escape_html;

use super::markdown::Markup;
use crate::site::Words;
use crate::site::ui::{Filled, Phrase};

/// Text that may be in another language than the page's.
pub trait Localized {
    /// The text, unmarked.
    fn text(&self) -> &str;
    /// Its language, when it is not the page's.
    fn lang(&self) -> Option<&str>;
}

impl Localized for Words {
    fn text(&self) -> &str {
        self.as_str()
    }

    fn lang(&self) -> Option<&str> {
        Words::lang(self)
    }
}

impl Localized for Phrase {
    fn text(&self) -> &str {
        self.as_str()
    }

    fn lang(&self) -> Option<&str> {
        Phrase::lang(self)
    }
}

impl<T: Localized + ?Sized> Localized for &T {
    fn text(&self) -> &str {
        (**self).text()
    }

    fn lang(&self) -> Option<&str> {
        (**self).lang()
    }
}

/// `html` (made already, escaped), marked with `lang` when there is one.
pub fn in_language(lang: Option<&str>, html: &str) -> Markup {
    match lang {
        Some(lang) => {
            let mut out = String::with_capacity(html.len() + 24);
            out.push_str("<span lang=\"");
            let _ = escape_html(&mut out, lang);
            out.push_str("\">");
            out.push_str(html);
            out.push_str("</span>");
            Markup(out)
        }
        None => Markup(html.to_owned()),
    }
}

/// Writes `text` escaped into `dest`, marked with `lang` when there is one.
fn write_marked(dest: &mut dyn Write, lang: Option<&str>, text: &str) -> fmt::Result {
    let mut out = String::with_capacity(text.len() + 8);
    let _ = escape_html(&mut out, text);
    match lang {
        Some(_) => dest.write_str(&in_language(lang, &out).0),
        None => dest.write_str(&out),
    }
}

impl askama::FastWritable for Words {
    fn write_into(&self, dest: &mut dyn Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(write_marked(dest, self.lang(), self.as_str())?)
    }
}

/// Written escaped by `FastWritable`, never as it is.
impl askama::filters::HtmlSafe for Words {}

impl askama::FastWritable for Phrase {
    fn write_into(&self, dest: &mut dyn Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(write_marked(dest, self.lang(), self.as_str())?)
    }
}

/// Written escaped by `FastWritable`, never as it is.
impl askama::filters::HtmlSafe for Phrase {}

impl askama::FastWritable for Filled<'_> {
    fn write_into(&self, dest: &mut dyn Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(write_marked(dest, self.lang(), &self.to_string())?)
    }
}

/// Written escaped by `FastWritable`, never as it is.
impl askama::filters::HtmlSafe for Filled<'_> {}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use askama::Template;

    use super::*;

    #[derive(Template)]
    #[template(
        source = "<p>{{ own }} {{ kept }} {{ phrase.with(\"n\", 3) }}</p><a title=\"{{ kept.as_str() }}\">",
        ext = "html"
    )]
    struct Example {
        own: Words,
        kept: Words,
        phrase: Phrase,
    }

    #[test]
    fn words_in_another_language_are_marked_and_every_text_escaped() {
        let english: Arc<str> = Arc::from("en");
        let page = Example {
            own: Words::new("환경 <부>"),
            kept: Words::foreign("Ministry & Co", Arc::clone(&english)),
            phrase: Phrase::foreign("{n} partners", english),
        };
        assert_eq!(
            page.render().unwrap(),
            "<p>환경 &lt;부&gt; <span lang=\"en\">Ministry &amp; Co</span> <span lang=\"en\">3 partners</span></p>\
             <a title=\"Ministry &#38; Co\">"
        );
    }
}
