//! Abbreviations written out at their first use on a page: "Asia-Europe
//! Meeting (ASEM)" the first time a page's main content says "ASEM", and
//! "ASEM" after that, from `glossary.toml`. Done on each page's finished
//! HTML, once, when the site is rendered.
//!
//! Only the text of `<main>` is read, outside the elements whose words
//! stay as they are written: headings, quotations (`<blockquote>`, `<q>`),
//! code (`<code>`, `<pre>`), `<abbr>`, `<script>`, `<style>`, the list of
//! sources (`class="sources"`: titles of works) and anything in another
//! language (an element with its own `lang`, such as a name kept in
//! Indonesian or a text not yet translated). Attributes are never touched.
//! An abbreviation is matched as a whole word: "EC" is not in "ECB", nor
//! in "2003/361/EC"; "EUR" is not in "EUR-Lex". Its first use is left as it
//! is when the page has already said what it stands for (the long form is
//! earlier on the page, in any element), or says it in the same text, as
//! in "ASEM (Asia-Europe Meeting)", "아셈(ASEM, 아시아·유럽 정상회의)" or
//! "SME stands for “small and medium-sized enterprises”"; and a use inside
//! another term's long form (the ASEM of "ASEM SMEs Eco-Innovation
//! Center", a proper name) is no use of its own.

use crate::site::ui::{Phrase, Piece, pieces};
use crate::site::{Abbreviation, Site};

/// `html`, a whole page of `site`, with its abbreviations written out:
/// for the pages made at load, and for the SME check's answers and the
/// filtered directory made per request. Search results are left alone:
/// their excerpts are other pages' words, and the pass cut a flood of
/// searches to 2,162 a second from 5,675 (bench/flood.sh).
pub fn on_page(site: &Site, html: String) -> String {
    if site.abbreviations.is_empty() {
        return html;
    }
    write_out(&html, &site.abbreviations, &site.ui.page.abbreviation)
}

/// Elements whose words stay as written.
const KEPT: [&str; 12] = ["h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "code", "pre", "abbr", "script"];
/// Elements that start a new sentence, for the capital of a long form.
const BLOCKS: [&str; 12] = ["p", "li", "td", "th", "dt", "dd", "div", "section", "caption", "figcaption", "h2", "h3"];
/// Elements with no end tag.
const VOID: [&str; 9] = ["br", "img", "hr", "input", "meta", "link", "wbr", "source", "col"];

/// `html`, a whole page, with each abbreviation of `terms` written out at
/// its first use in `<main>`, as its own `first_use` or `pattern` (a
/// phrase with {long} and {short}) has it.
pub fn write_out(html: &str, terms: &[Abbreviation], pattern: &Phrase) -> String {
    if terms.is_empty() {
        return html.to_owned();
    }
    let Some(start) = html.find("<main") else { return html.to_owned() };
    let end = html.rfind("</main>").unwrap_or(html.len());
    let lower_longs = terms.iter().map(|term| term.long.to_ascii_lowercase()).collect();
    let mut page = Page { terms, pattern, lower_longs, introduced: vec![false; terms.len()], out: String::new() };
    page.out.reserve(html.len() + 256);
    page.out.push_str(&html[..start]);
    page.main(&html[start..end]);
    page.out.push_str(&html[end..]);
    page.out
}

struct Page<'a> {
    terms: &'a [Abbreviation],
    pattern: &'a Phrase,
    /// Each term's long form in lower case, to find it in any case.
    lower_longs: Vec<String>,
    /// Whether each term has been written out, or its long form read.
    introduced: Vec<bool>,
    out: String,
}

/// An open element, and whether its words stay as written.
struct Open<'a> {
    name: &'a str,
    kept: bool,
}

impl Page<'_> {
    fn main(&mut self, main: &str) {
        let mut open: Vec<Open> = Vec::new();
        let mut sentence_start = true;
        let mut rest = main;
        while !rest.is_empty() {
            if let Some(comment) = rest.strip_prefix("<!--") {
                let len = comment.find("-->").map_or(rest.len(), |i| i + 7);
                self.out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
            if rest.starts_with('<') {
                let len = rest.find('>').map_or(rest.len(), |i| i + 1);
                let tag = &rest[..len];
                self.out.push_str(tag);
                rest = &rest[len..];
                if let Some(name) = tag.strip_prefix("</") {
                    let name = tag_name(name);
                    if let Some(at) = open.iter().rposition(|o| o.name.eq_ignore_ascii_case(name)) {
                        open.truncate(at);
                    }
                } else {
                    let name = tag_name(&tag[1..]);
                    if BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
                        sentence_start = true;
                    }
                    let void = tag.ends_with("/>") || VOID.iter().any(|v| name.eq_ignore_ascii_case(v));
                    if !void {
                        let kept = KEPT.iter().any(|k| name.eq_ignore_ascii_case(k))
                            || name.eq_ignore_ascii_case("style")
                            || has_attribute(tag, "lang")
                            || class_has(tag, "sources")
                            || open.last().is_some_and(|o| o.kept);
                        open.push(Open { name, kept });
                    }
                }
                continue;
            }
            let len = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..len];
            rest = &rest[len..];
            let kept = open.last().is_some_and(|o| o.kept);
            self.text(text, kept, sentence_start);
            if let Some(last) = decode(text).trim_end().chars().last() {
                sentence_start = matches!(last, '.' | '!' | '?');
            }
        }
    }

    /// One text node, as written (entities and all): copied as it is,
    /// unless an abbreviation is used for the first time in it.
    fn text(&mut self, raw: &str, kept: bool, sentence_start: bool) {
        let terms = self.terms;
        let text = decode(raw);
        let lower = text.to_ascii_lowercase();
        // The long forms in this text: they introduce their terms, and no
        // abbreviation inside one is a use of its own.
        let longs: Vec<Vec<usize>> = self
            .lower_longs
            .iter()
            .map(|long| lower.match_indices(long.as_str()).map(|(at, _)| at).collect())
            .collect();
        let inside_long = |at: usize| {
            terms.iter().zip(&longs).any(|(term, starts)| starts.iter().any(|&s| s <= at && at < s + term.long.len()))
        };
        let mut uses: Vec<(usize, usize)> = Vec::new();
        if !kept {
            for (index, term) in terms.iter().enumerate() {
                if self.introduced[index] {
                    continue;
                }
                let Some(at) = whole_words(&text, &term.short).find(|&at| !inside_long(at)) else { continue };
                // The same text says what it stands for, before or after it.
                let explained = !longs[index].is_empty();
                self.introduced[index] = true;
                if !explained {
                    uses.push((at, index));
                }
            }
        }
        for (index, starts) in longs.iter().enumerate() {
            if !starts.is_empty() {
                self.introduced[index] = true;
            }
        }
        if uses.is_empty() {
            self.out.push_str(raw);
            return;
        }
        uses.sort_unstable();
        let mut from = 0;
        for (at, index) in uses {
            let term = &terms[index];
            self.out.push_str(&escape(&text[from..at]));
            let capital = at == 0 && sentence_start || ends_sentence(&text[..at]);
            self.out.push_str(&first_use(term, term.first_use.as_ref().unwrap_or(self.pattern), capital));
            from = at + term.short.len();
        }
        self.out.push_str(&escape(&text[from..]));
    }
}

/// Where `short` is used in `text` as a whole word, not as part of a
/// longer one ("ECB", "EUR-Lex", "2003/361/EC").
fn whole_words<'t>(text: &'t str, short: &'t str) -> impl Iterator<Item = usize> + 't {
    text.match_indices(short).map(|(at, _)| at).filter(move |&at| {
        let before = text[..at].chars().next_back();
        let mut after = text[at + short.len()..].chars();
        let next = after.next();
        let joined_before = before.is_some_and(|c| c.is_ascii_alphanumeric() || "-/_.@&".contains(c));
        let joined_after = next.is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || "-/_@&".contains(c)
                || (c == '.' && after.next().is_some_and(|c| c.is_ascii_alphanumeric()))
        });
        !joined_before && !joined_after
    })
}

/// Whether `before` ends a sentence: what follows starts one.
fn ends_sentence(before: &str) -> bool {
    let trimmed = before.trim_end();
    trimmed.len() < before.len() && trimmed.ends_with(['.', '!', '?'])
}

/// The HTML of `term`'s first use, as `pattern` writes it; its long form
/// begins with a capital at the start of a sentence, and is marked with
/// its language when it is not the page's.
fn first_use(term: &Abbreviation, pattern: &Phrase, capital: bool) -> String {
    let mut long = term.long.to_string();
    if capital && pattern.as_str().starts_with("{long}") {
        long = capitalized(&long);
    }
    let long = match term.long.lang() {
        Some(lang) => format!("<span lang=\"{}\">{}</span>", escape(lang), escape(&long)),
        None => escape(&long),
    };
    let mut html = String::new();
    for piece in pieces(pattern.as_str()) {
        match piece {
            Piece::Placeholder("long") => html.push_str(&long),
            Piece::Placeholder("short") => html.push_str(&escape(&term.short)),
            Piece::Placeholder(other) => html.push_str(&escape(&format!("{{{other}}}"))),
            Piece::Text(words) => html.push_str(&escape(words)),
        }
    }
    html
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The name of the tag that starts `tag` (after its `<` or `</`).
fn tag_name(tag: &str) -> &str {
    let end = tag.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').unwrap_or(tag.len());
    &tag[..end]
}

/// Whether the start tag `tag` has the attribute `name`.
fn has_attribute(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_ascii_whitespace())
        .skip(1)
        .any(|part| part.split(['=', '>', '/']).next().is_some_and(|attribute| attribute.eq_ignore_ascii_case(name)))
}

/// Whether the start tag `tag` has `class` among its classes.
fn class_has(tag: &str, class: &str) -> bool {
    tag.split("class=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .is_some_and(|classes| classes.split_ascii_whitespace().any(|c| c == class))
}

/// The text of an HTML text node, its character references read.
fn decode(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut text = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        text.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let reference = rest.find(';').filter(|&end| end <= 10).map(|end| (&rest[1..end], end + 1));
        let read = reference.and_then(|(name, len)| {
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, len))
        });
        match read {
            Some((c, len)) => {
                text.push(c);
                rest = &rest[len..];
            }
            None => {
                text.push('&');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    text
}

/// `text` as the text of an HTML element.
fn escape(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\u{a0}' => html.push_str("&nbsp;"),
            c => html.push(c),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Words;

    fn term(short: &str, long: &str) -> Abbreviation {
        Abbreviation { short: short.to_owned(), long: Words::new(long), first_use: None }
    }

    fn terms() -> Vec<Abbreviation> {
        vec![
            term("ASEM", "Asia-Europe Meeting"),
            term("ASEIC", "ASEM SMEs Eco-Innovation Center"),
            term("EC", "European Commission"),
            term("SMEs", "small and medium-sized enterprises"),
            Abbreviation {
                short: "EUR".to_owned(),
                long: Words::new("euros"),
                first_use: Some(Phrase::new("{short} ({long})")),
            },
        ]
    }

    fn page(main: &str) -> String {
        format!("<header><p>ASEM</p></header><main id=\"main\">{main}</main><footer>ASEM</footer>")
    }

    fn written(main: &str) -> String {
        let html = write_out(&page(main), &terms(), &Phrase::new("{long} ({short})"));
        let start = html.find("<main id=\"main\">").unwrap() + "<main id=\"main\">".len();
        html[start..html.find("</main>").unwrap()].to_owned()
    }

    #[test]
    fn the_first_use_is_written_out_and_later_ones_stay_short() {
        assert_eq!(
            written("<p>About ASEM.</p><p>ASEM met.</p>"),
            "<p>About Asia-Europe Meeting (ASEM).</p><p>ASEM met.</p>"
        );
        let whole = write_out(&page("<p>ASEM</p>"), &terms(), &Phrase::new("{long} ({short})"));
        assert!(whole.starts_with("<header><p>ASEM</p></header>") && whole.ends_with("<footer>ASEM</footer>"));
    }

    #[test]
    fn headings_quotations_code_and_other_languages_stay_as_written() {
        assert_eq!(
            written(
                "<h1>ASEM</h1><blockquote><p>ASEM</p></blockquote><q>ASEM</q><code>ASEM</code><p lang=\"id\">ASEM</p><p>the ASEM</p>"
            ),
            "<h1>ASEM</h1><blockquote><p>ASEM</p></blockquote><q>ASEM</q><code>ASEM</code><p lang=\"id\">ASEM</p><p>the Asia-Europe Meeting (ASEM)</p>"
        );
        assert_eq!(
            written("<section class=\"sources\"><ol><li>EC guide</li></ol></section><p>EC</p>"),
            "<section class=\"sources\"><ol><li>EC guide</li></ol></section><p>European Commission (EC)</p>"
        );
    }

    #[test]
    fn attributes_are_never_touched() {
        assert_eq!(
            written("<a href=\"/asem\" title=\"ASEM\">ASEM</a>"),
            "<a href=\"/asem\" title=\"ASEM\">Asia-Europe Meeting (ASEM)</a>"
        );
    }

    #[test]
    fn only_whole_words_are_abbreviations() {
        assert_eq!(written("<p>ECB, 2003/361/EC, EUR-Lex, ASEMs</p>"), "<p>ECB, 2003/361/EC, EUR-Lex, ASEMs</p>");
        assert_eq!(written("<p>the EC’s view</p>"), "<p>the European Commission (EC)’s view</p>");
    }

    #[test]
    fn a_long_form_already_read_introduces_its_abbreviation() {
        assert_eq!(
            written("<p>The Asia-Europe Meeting (ASEM) met.</p><p>ASEM</p>"),
            "<p>The Asia-Europe Meeting (ASEM) met.</p><p>ASEM</p>"
        );
        assert_eq!(written("<h1>Asia-Europe Meeting</h1><p>ASEM</p>"), "<h1>Asia-Europe Meeting</h1><p>ASEM</p>");
        assert_eq!(
            written("<p>아셈(ASEM, 아시아·유럽 정상회의)</p>").matches("ASEM").count(),
            1,
            "parentheses that say it"
        );
        assert_eq!(written("<p>ASEM (Asia-Europe Meeting)</p>"), "<p>ASEM (Asia-Europe Meeting)</p>");
    }

    #[test]
    fn a_proper_name_is_not_expanded_inside_itself() {
        assert_eq!(
            written("<p>The ASEM SMEs Eco-Innovation Center (ASEIC) helps.</p><p>ASEM</p>"),
            "<p>The ASEM SMEs Eco-Innovation Center (ASEIC) helps.</p><p>Asia-Europe Meeting (ASEM)</p>"
        );
    }

    #[test]
    fn a_long_form_starts_a_sentence_with_a_capital() {
        assert_eq!(written("<p>SMEs grow. SMEs</p>"), "<p>Small and medium-sized enterprises (SMEs) grow. SMEs</p>");
        assert_eq!(written("<p>All SMEs</p>"), "<p>All small and medium-sized enterprises (SMEs)</p>");
    }

    #[test]
    fn a_term_may_read_its_own_way() {
        assert_eq!(written("<p>EUR 50 million</p>"), "<p>EUR (euros) 50 million</p>");
    }

    #[test]
    fn entities_are_read_and_the_rest_of_the_text_is_kept() {
        assert_eq!(written("<p>R&amp;D &lt;ASEM&gt;</p>"), "<p>R&amp;D &lt;Asia-Europe Meeting (ASEM)&gt;</p>");
        assert_eq!(
            written("<p>Tom&#39;s R&amp;D</p>"),
            "<p>Tom&#39;s R&amp;D</p>",
            "untouched text stays byte for byte"
        );
    }

    #[test]
    fn a_long_form_in_another_language_is_marked() {
        let korean = vec![Abbreviation {
            short: "ASEM".to_owned(),
            long: Words::foreign("Asia-Europe Meeting", std::sync::Arc::from("en")),
            first_use: None,
        }];
        let html = write_out(&page("<p>ASEM은</p>"), &korean, &Phrase::new("{long}({short})"));
        assert!(html.contains("<p><span lang=\"en\">Asia-Europe Meeting</span>(ASEM)은</p>"), "{html}");
    }
}
