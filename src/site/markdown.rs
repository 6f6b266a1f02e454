//! The site's Markdown: CommonMark with tables, as editors write pages, news
//! and the text fields. Here is what a text holds (its headings and their
//! ids, its links and images, each at its place); `content` checks these,
//! `render` turns the text into HTML with the same ids.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Ids the layout itself uses: a heading never takes them.
pub const LAYOUT_IDS: [&str; 3] = ["main", "site-search", "search-q"];

/// The Markdown the site reads: CommonMark, tables, and notes: `[^2]`
/// cites the page's second source (every `[^…]` is a note, whether or not
/// the text defines it, as `ENABLE_OLD_FOOTNOTES` reads them).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_OLD_FOOTNOTES
}

/// `text`'s events, with each one's place in it.
pub fn parse(text: &str) -> pulldown_cmark::OffsetIter<'_> {
    Parser::new_ext(text, options()).into_offset_iter()
}

/// A heading, and the id that makes it a link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: HeadingLevel,
    pub text: String,
    pub id: String,
}

/// Whether a reference is a link or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    Link,
    Image,
}

/// A link or an image, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// As written: `/asem#summits`, `https://…`, `/media/launch.jpg`.
    pub destination: String,
    /// The words inside: the link's text, or the image's alternative text.
    pub text: String,
    /// Where it is, in bytes of the Markdown text.
    pub range: Range<usize>,
}

/// A note, `[^2]`, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What is between `[^` and `]`.
    pub label: String,
    pub range: Range<usize>,
}

/// What a Markdown text holds, for checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub references: Vec<Reference>,
    pub notes: Vec<Note>,
    /// Where the text defines a note itself (`[^1]: …`), which it may not:
    /// sources are written in the front matter.
    pub note_definitions: Vec<Range<usize>>,
    /// Where the text holds HTML (`<div>`, `<script>`), which the site
    /// shows as text, tags and all.
    pub raw_html: Vec<Range<usize>>,
}

/// The source a note cites: `[^2]` is the second, if there is one.
pub fn note_number(label: &str, sources: usize) -> Option<usize> {
    label.parse::<usize>().ok().filter(|n| (1..=sources).contains(n))
}

/// The headings and references of `text`.
pub fn outline(text: &str) -> Outline {
    let mut outline = Outline::default();
    let mut ids = HeadingIds::default();
    let mut open: Option<(Reference, usize)> = None;
    let mut heading: Option<(HeadingLevel, String)> = None;
    for (event, range) in parse(text) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, words)) = heading.take() {
                    let id = ids.next(&words);
                    outline.headings.push(Heading { level, text: words.trim().to_owned(), id });
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                // An email autolink (`<info@aseic.org>`) is written without
                // its scheme; it leads to `mailto:`, as the page shows it.
                let destination = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.into_string(),
                };
                let link = Reference { kind: ReferenceKind::Link, destination, text: String::new(), range };
                open = Some((link, 0));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let image = Reference {
                    kind: ReferenceKind::Image,
                    destination: dest_url.into_string(),
                    text: String::new(),
                    range,
                };
                open = Some((image, 0));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((reference, _)) = open.take() {
                    outline.references.push(reference);
                }
            }
            Event::FootnoteReference(label) => {
                outline.notes.push(Note { label: label.into_string(), range });
            }
            Event::Start(Tag::FootnoteDefinition(_)) => outline.note_definitions.push(range),
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => outline.raw_html.push(range),
            Event::Text(words) | Event::Code(words) => {
                if let Some((reference, _)) = open.as_mut() {
                    reference.text.push_str(&words);
                }
                if let Some((_, heading_words)) = heading.as_mut() {
                    heading_words.push_str(&words);
                }
            }
            _ => {}
        }
    }
    outline
}

/// The ids of a page's headings: each heading's words in lower case with
/// dashes (`Call for projects` → `call-for-projects`), made unique with a
/// number (`-1`, `-2`), never one of the layout's own.
#[derive(Debug, Clone)]
pub struct HeadingIds {
    used: HashSet<String>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        Self { used: LAYOUT_IDS.iter().map(|id| (*id).to_owned()).collect() }
    }
}

impl HeadingIds {
    /// The id of the next heading, whose words are `text`.
    pub fn next(&mut self, text: &str) -> String {
        let base = match heading_id(text) {
            id if id.is_empty() => "section".to_owned(),
            id => id,
        };
        let mut id = base.clone();
        let mut n = 0;
        while !self.used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// A heading's id made from its words, as GitHub makes them: letters and
/// digits in lower case, each run of anything else one dash. Latin letters
/// lose their accents; letters of other scripts stay as they are, so that
/// `## 연락처` is `#연락처`, a link a Korean editor can write.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        crate::util::fold::fold_char(c, |folded| {
            if folded.is_alphanumeric() {
                if dash && !id.is_empty() {
                    id.push('-');
                }
                dash = false;
                id.push(folded);
            } else {
                dash = true;
            }
        });
    }
    id
}

/// The words of `text`, without its markup: for search and descriptions.
/// A block (heading, item, cell) that does not end a sentence gets a full
/// stop before the next, so that they do not run together; the last keeps
/// its own ending, so a one-line field stays as written.
pub fn plain_text(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut block_ended = false;
    for (event, _) in parse(text) {
        match event {
            Event::Text(words) | Event::Code(words) => {
                if block_ended {
                    end_sentence(&mut plain);
                    plain.push(' ');
                    block_ended = false;
                }
                plain.push_str(&words);
            }
            Event::FootnoteReference(_) => {}
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => block_ended = true,
            _ => {}
        }
    }
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Ends `text` with a full stop unless it ends a sentence already (closing
/// quotes and brackets aside), so that a heading, a list item or a field
/// does not run into the text after it when they are read as one.
pub fn end_sentence(text: &mut String) {
    let last = text.trim_end().trim_end_matches(['”', '"', '’', '\'', ')', '»']).chars().next_back();
    if last.is_some_and(|c| !matches!(c, '.' | '!' | '?' | ':' | ';' | '…' | '。')) {
        text.truncate(text.trim_end().len());
        text.push('.');
    }
}

/// `parts` as one text, each ending a sentence (see `end_sentence`);
/// empty parts left out.
pub fn sentences<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for part in parts.into_iter().map(str::trim).filter(|part| !part.is_empty()) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(part);
        end_sentence(&mut text);
    }
    text
}

/// A text field as inline Markdown: the text itself, with a backslash
/// before a mark that would otherwise start a block (a heading, a quote, a
/// list: `\#`, `1996\.`), so that a paragraph stays a paragraph.
/// The first inline Markdown in a one-line `text` (`*new*`, `**this**`,
/// `[that](/asem)`, `` `code` ``), and its words alone: a title or a
/// summary is shown as plain words, and would show the marks as they are.
pub fn inline_markup(text: &str) -> Option<(String, String)> {
    let source = as_inline(text);
    let mut open: Option<(usize, String)> = None;
    let mut depth = 0usize;
    for (event, range) in parse(&source) {
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Strikethrough) => {
                if depth == 0 {
                    open = Some((range.start, String::new()));
                }
                depth += 1;
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Strikethrough) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some((start, words)) = open.take()
                {
                    return Some((source[start..range.end].to_owned(), words));
                }
            }
            Event::Code(code) if depth == 0 => return Some((source[range].to_owned(), code.into_string())),
            Event::Text(words) | Event::Code(words) => {
                if let Some((_, inside)) = open.as_mut() {
                    inside.push_str(&words);
                }
            }
            _ => {}
        }
    }
    None
}

pub fn as_inline(text: &str) -> String {
    let trimmed = text.trim_start();
    if trimmed.starts_with(['#', '>', '-', '+', '*', '=', '|', '`', '~']) {
        return format!("\\{trimmed}");
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if (1..10).contains(&digits) && trimmed[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &trimmed[..digits], &trimmed[digits..]);
    }
    trimmed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_keep_every_script_s_letters() {
        assert_eq!(heading_id("Agreed in 2010"), "agreed-in-2010");
        assert_eq!(
            heading_id("The ASEM Working Group: SMEs & eco-innovation!"),
            "the-asem-working-group-smes-eco-innovation"
        );
        assert_eq!(heading_id("Café à Paris"), "cafe-a-paris");
        assert_eq!(heading_id("연락처"), "연락처");
        assert_eq!(heading_id("2010년에 합의"), "2010년에-합의");
        assert_eq!(heading_id("  ?! "), "");
    }

    #[test]
    fn headings_get_unique_ids_and_references_their_places() {
        let text = "# Call for projects\n\nSee [the summits](/asem#summits) and ![A map](/media/map.png).\n\n## Call for projects\n\n## Main\n";
        let outline = outline(text);
        let ids: Vec<&str> = outline.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["call-for-projects", "call-for-projects-1", "main-1"]);
        assert_eq!(outline.references.len(), 2);
        let link = &outline.references[0];
        assert_eq!(
            (link.kind, link.destination.as_str(), link.text.as_str()),
            (ReferenceKind::Link, "/asem#summits", "the summits")
        );
        assert_eq!(&text[link.range.clone()], "[the summits](/asem#summits)");
        let image = &outline.references[1];
        assert_eq!((image.kind, image.text.as_str()), (ReferenceKind::Image, "A map"));
    }

    #[test]
    fn notes_are_found_where_written_and_name_a_source_by_number() {
        let text = "Launched in 2011.[^1] Hosted in Seoul.[^seoul]\n\n[^2]: Written here.\n";
        let outline = outline(text);
        let labels: Vec<&str> = outline.notes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["1", "seoul"]);
        assert_eq!(&text[outline.notes[0].range.clone()], "[^1]");
        assert_eq!(outline.note_definitions.len(), 1);
        assert_eq!(note_number("1", 2), Some(1));
        assert_eq!(note_number("2", 2), Some(2));
        assert_eq!(note_number("3", 2), None);
        assert_eq!(note_number("0", 2), None);
        assert_eq!(note_number("seoul", 2), None);
    }

    #[test]
    fn plain_text_drops_the_markup() {
        assert_eq!(plain_text("A *bold* [link](/x) and `code`.\n\n# Next"), "A bold link and code. Next");
        assert_eq!(
            plain_text("# How we test\n\nBy hand\n\n- one\n- two?\n\n“Quoted”"),
            "How we test. By hand. one. two? “Quoted”"
        );
        assert_eq!(plain_text("A theme"), "A theme", "one block keeps its own ending");
        assert_eq!(
            sentences(["Brussels, 2018", "", "Theme: “Global”", "Joined: A, B.", "Why?"]),
            "Brussels, 2018. Theme: “Global”. Joined: A, B. Why?"
        );
    }

    #[test]
    fn a_text_field_stays_one_paragraph() {
        assert_eq!(as_inline("1996. ASEM met"), "1996\\. ASEM met");
        assert_eq!(as_inline("- a list?"), "\\- a list?");
        assert_eq!(as_inline("ASEIC was established in 2011."), "ASEIC was established in 2011.");
    }
}
