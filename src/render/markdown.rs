//! Markdown turned into the site's HTML: headings with their ids, images
//! from `content/media/` at their fingerprinted addresses with their size,
//! tables whose cells carry their column's heading (so that a phone shows
//! them as labelled blocks), and any raw HTML shown as text, never as
//! markup: the page's Content-Security-Policy stays as strict as it is.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};

use askama::Template;

use super::citations::{Citations, Marker};
use crate::site::markdown::{self, HeadingIds};
use crate::site::{Language, Source, routes};

/// Images after this many blocks of a page are loaded lazily: they are
/// below the first screen.
const EAGER_BLOCKS: usize = 3;

/// A media file as pages show it.
#[derive(Debug, Clone)]
pub struct MediaLink {
    /// Its fingerprinted address.
    pub url: String,
    pub size: Option<(u32, u32)>,
}

/// Each media file by its name in `content/media/`.
pub type MediaLinks = HashMap<String, MediaLink>;

/// HTML that is safe as it is: made here, from Markdown, with every text
/// escaped. Templates print it without escaping it again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markup(pub String);

impl std::fmt::Display for Markup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::FastWritable for Markup {
    fn write_into(&self, dest: &mut dyn std::fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(dest.write_str(&self.0)?)
    }
}

impl askama::filters::HtmlSafe for Markup {}

/// The notes beside a fact, as `marks.html` writes them everywhere.
#[derive(Template)]
#[template(path = "marks.html")]
struct Marks<'a> {
    marks: &'a [Marker],
}

/// Where a body's notes (`[^2]`) lead: the page's sources, numbered in the
/// page's `Citations`. Without it (in the feed, which has no list of
/// sources), notes are left out.
pub type Notes<'a> = Option<(&'a [Source], &'a mut Citations)>;

/// A page's or a news item's body as HTML, its links to the site's pages
/// leading to them in `language`.
pub fn body(text: &str, media: &MediaLinks, mut notes: Notes<'_>, language: &Language) -> Markup {
    let mut ids = HeadingIds::default();
    let mut out = String::with_capacity(text.len() * 2);
    let mut blocks = 0;
    let mut table = TableState::default();
    let mut image: Option<(String, String)> = None;
    let mut events = Vec::new();
    let mut in_definition = false;
    for (event, _) in markdown::parse(text) {
        match event {
            // Sources are written in the front matter, never in the text.
            Event::Start(Tag::FootnoteDefinition(_)) => in_definition = true,
            Event::End(TagEnd::FootnoteDefinition) => in_definition = false,
            _ if in_definition => {}
            Event::FootnoteReference(label) => {
                let marker = notes.as_mut().and_then(|(sources, citations)| {
                    markdown::note_number(&label, sources.len()).and_then(|n| citations.cite_numbered(sources, n))
                });
                if let Some(marker) = marker {
                    let html = Marks { marks: &[marker] }.render().unwrap_or_default();
                    events.push(Event::InlineHtml(html.into()));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                events.push(Event::Start(Tag::Heading { level, id: None, classes: Vec::new(), attrs: Vec::new() }));
            }
            Event::End(TagEnd::Heading(level)) => {
                // The heading's words are the events since its start.
                let start = events.iter().rposition(|e| matches!(e, Event::Start(Tag::Heading { .. }))).unwrap_or(0);
                let words = heading_words(&events[start + 1..]);
                let id = ids.next(&words);
                events[start] = Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                });
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Image { dest_url, .. }) => image = Some((dest_url.into_string(), String::new())),
            // A document of `content/media/` is linked at its fingerprinted
            // address, as images are.
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = match routes::media_name(&dest_url).and_then(|name| media.get(&name)) {
                    Some(file) => CowStr::from(file.url.clone()),
                    None => dest_url,
                };
                events.push(Event::Start(localized_link(language, link_type, dest_url, title, id)));
            }
            Event::End(TagEnd::Image) => {
                if let Some((destination, alt)) = image.take() {
                    events.push(Event::Html(img(&destination, &alt, media, blocks >= EAGER_BLOCKS).into()));
                }
            }
            Event::Text(words) | Event::Code(words) if image.is_some() => {
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(&words);
                }
            }
            // Alternative text is words alone: emphasis inside it is dropped.
            _ if image.is_some() => {}
            // Raw HTML is shown as what it is: text, a block of it a paragraph.
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::HtmlBlock) => events.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => {
                blocks += 1;
                events.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::Table(_)) => {
                table = TableState::default();
                events.push(Event::Html("<table class=\"stack\">".into()));
            }
            Event::End(TagEnd::Table) => events.push(Event::Html("</tbody></table>".into())),
            Event::Start(Tag::TableHead) => {
                table.in_head = true;
                events.push(Event::Html("<thead><tr>".into()));
            }
            Event::End(TagEnd::TableHead) => {
                table.in_head = false;
                events.push(Event::Html("</tr></thead><tbody>".into()));
            }
            Event::Start(Tag::TableRow) => {
                table.column = 0;
                events.push(Event::Html("<tr>".into()));
            }
            Event::End(TagEnd::TableRow) => events.push(Event::Html("</tr>".into())),
            Event::Start(Tag::TableCell) => {
                table.cell_start = events.len();
                events.push(Event::Html(if table.in_head { "<th scope=\"col\">" } else { "<td>" }.into()));
            }
            Event::End(TagEnd::TableCell) => {
                if table.in_head {
                    table.headings.push(heading_words(&events[table.cell_start + 1..]));
                    events.push(Event::Html("</th>".into()));
                } else {
                    let label = table.headings.get(table.column).cloned().unwrap_or_default();
                    let mut open = String::from("<td data-label=\"");
                    let _ = escape_html(&mut open, &label);
                    open.push_str("\">");
                    events[table.cell_start] = Event::Html(open.into());
                    events.push(Event::Html("</td>".into()));
                }
                table.column += 1;
            }
            Event::End(TagEnd::Paragraph | TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::CodeBlock) => {
                blocks += 1;
                events.push(event);
            }
            other => events.push(other),
        }
    }
    html::push_html(&mut out, events.into_iter());
    Markup(out)
}

/// Where a table's cells are while its HTML is made.
#[derive(Debug, Default)]
struct TableState {
    in_head: bool,
    headings: Vec<String>,
    column: usize,
    cell_start: usize,
}

/// The words among `events`.
fn heading_words(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(words) | Event::Code(words) => Some(words.as_ref()),
            _ => None,
        })
        .collect()
}

/// An image of `content/media/` (checked to exist when the content loaded).
fn img(destination: &str, alt: &str, media: &MediaLinks, lazy: bool) -> String {
    let found = routes::media_name(destination).and_then(|name| media.get(&name));
    let mut out = String::from("<img src=\"");
    let _ = escape_href(&mut out, found.map_or(destination, |m| m.url.as_str()));
    out.push_str("\" alt=\"");
    let _ = escape_html(&mut out, alt);
    out.push('"');
    if let Some((width, height)) = found.and_then(|m| m.size) {
        let _ = write!(out, " width=\"{width}\" height=\"{height}\"");
    }
    if lazy {
        out.push_str(" loading=\"lazy\"");
    }
    out.push('>');
    out
}

/// A link whose destination, if it is one of the site's pages, leads to
/// that page in `language`: an editor writes `/asem`, and the Korean page
/// links `/ko/asem`.
fn localized_link<'a>(
    language: &Language,
    link_type: LinkType,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
) -> Tag<'a> {
    let dest_url = match language.link(&dest_url) {
        std::borrow::Cow::Owned(localized) => CowStr::from(localized),
        std::borrow::Cow::Borrowed(_) => dest_url,
    };
    Tag::Link { link_type, dest_url, title, id }
}

/// A text field as HTML: its inline Markdown (links, emphasis, code), one
/// paragraph, without the `<p>`; its links to the site's pages lead to them
/// in `language`.
pub fn inline(text: &str, language: &Language) -> Markup {
    let source = markdown::as_inline(text);
    let events = markdown::parse(&source).filter_map(|(event, _)| match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Some(Event::Start(localized_link(language, link_type, dest_url, title, id)))
        }
        Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => None,
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::FootnoteReference(label) => Some(Event::Text(format!("[^{label}]").into())),
        other => Some(other),
    });
    let mut out = String::with_capacity(source.len());
    html::push_html(&mut out, events);
    Markup(out.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Language {
        Language::default_one("en", "English")
    }

    fn media() -> MediaLinks {
        let link = MediaLink { url: "/media/map.0123456789abcdef.png".to_owned(), size: Some((640, 480)) };
        HashMap::from([("map.png".to_owned(), link)])
    }

    #[test]
    fn headings_get_ids_and_raw_html_stays_text() {
        let html = body(
            "# Call for projects\n\n<script>alert(1)</script>\n\nA <b>bold</b> claim.\n",
            &media(),
            None,
            &english(),
        )
        .0;
        assert!(html.contains("<h1 id=\"call-for-projects\">Call for projects</h1>"), "{html}");
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b>") && html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn images_come_from_the_media_with_their_size_and_load_lazily_below_the_first_screen() {
        let text = "![A map](/media/map.png)\n\nOne.\n\nTwo.\n\nThree.\n\n![The same map](/media/map.png)\n";
        let html = body(text, &media(), None, &english()).0;
        assert!(
            html.contains("<img src=\"/media/map.0123456789abcdef.png\" alt=\"A map\" width=\"640\" height=\"480\">"),
            "{html}"
        );
        assert!(html.contains("alt=\"The same map\" width=\"640\" height=\"480\" loading=\"lazy\">"), "{html}");
    }

    #[test]
    fn table_cells_carry_their_column_s_heading() {
        let html = body("| Year | City |\n|---|---|\n| 1996 | Bangkok |\n", &media(), None, &english()).0;
        assert!(html.contains("<table class=\"stack\"><thead><tr><th scope=\"col\">Year</th>"), "{html}");
        assert!(html.contains("<td data-label=\"Year\">1996</td><td data-label=\"City\">Bangkok</td>"), "{html}");
    }

    #[test]
    fn text_fields_keep_their_words_and_gain_links_and_emphasis() {
        assert_eq!(inline("ASEIC was established in 2011.", &english()).0, "ASEIC was established in 2011.");
        assert_eq!(inline("EIO’s \"definition\" & more", &english()).0, "EIO’s \"definition\" &amp; more");
        assert_eq!(
            inline("See [ASEM](/asem) and *this*.", &english()).0,
            "See <a href=\"/asem\">ASEM</a> and <em>this</em>."
        );
        assert_eq!(inline("1996. A year", &english()).0, "1996. A year");
        assert_eq!(inline("<i>x</i>", &english()).0, "&lt;i&gt;x&lt;/i&gt;");
    }

    #[test]
    fn links_to_the_site_s_pages_lead_to_them_in_the_page_s_language() {
        let korean = Language::translation("ko", "한국어");
        assert_eq!(
            inline("[아셈](/asem#summit-8), [data](/api/members.json), [x](https://x.org/)", &korean).0,
            "<a href=\"/ko/asem#summit-8\">아셈</a>, <a href=\"/api/members.json\">data</a>, <a href=\"https://x.org/\">x</a>"
        );
        let html = body("See [the news](/news/launch) and ![A map](/media/map.png).\n", &media(), None, &korean).0;
        assert!(html.contains("href=\"/ko/news/launch\"") && html.contains("src=\"/media/map."), "{html}");
    }
}
