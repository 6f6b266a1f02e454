//! The pages and news written in Markdown (`pages/`, `news/`) and the media
//! they show (`media/`): front matter, addresses, drafts and aliases.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::Checker;
use crate::content::files::MediaRead;
use crate::content::markdown_file::MarkdownFile;
use crate::content::model::{NewsFrontMatter, PageFrontMatter, Text};
use crate::site::{Date, MediaFile, MediaKind, NewsItem, Page, markdown, routes};

/// A Markdown body to check for links, and where it is.
#[derive(Debug, Clone)]
pub(super) struct Body {
    pub file: String,
    /// Where the body starts in the file's text.
    pub offset: usize,
    pub text: String,
    /// The address of the page it is on (for `#anchor` links).
    pub path: String,
    /// Whether the page is a draft that the site leaves out: a link to it
    /// from a published page is broken.
    pub left_out: bool,
    /// How many sources its front matter lists, which its notes may cite.
    pub sources: usize,
}

/// The fix for an `updated` date still to come.
const UPDATED_FIX: &str = "write the day the text was last changed: today at the latest";

impl Checker<'_> {
    /// The pages, drafts included only in the preview, and their bodies.
    pub(super) fn pages(&mut self, files: &[MarkdownFile<PageFrontMatter>], preview: bool) -> (Vec<Page>, Vec<Body>) {
        let mut pages = Vec::new();
        let mut bodies = Vec::new();
        for file in files {
            let front = &file.front;
            let Some(path) = self.markdown_page_path(&file.file) else { continue };
            let page = Page {
                title: self.plain_words(&file.file, "title", &front.title),
                summary: front.summary.as_ref().map(|s| self.plain_words(&file.file, "summary", s)),
                updated: front.updated.as_ref().and_then(|d| self.date(&file.file, "updated", d)),
                draft: front.draft,
                scheduled: false,
                aliases: self.aliases(&file.file, &front.aliases),
                body: file.body().to_owned(),
                body_lang: None,
                sources: self.sources(&file.file, &front.sources),
                path,
            };
            let mut page = page;
            page.scheduled = !page.draft && page.updated.is_some_and(|day| self.schedule(&page.path, day));
            let left_out = (page.draft || page.scheduled) && !preview;
            self.notes(&file.file, file.body.start, &page.body, front.sources.len());
            bodies.push(Body {
                file: file.file.clone(),
                offset: file.body.start,
                text: page.body.clone(),
                path: page.path.clone(),
                left_out,
                sources: front.sources.len(),
            });
            if !left_out {
                pages.push(page);
            }
        }
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        (pages, bodies)
    }

    /// The news, newest first, drafts included only in the preview.
    pub(super) fn news(
        &mut self,
        files: &[MarkdownFile<NewsFrontMatter>],
        preview: bool,
    ) -> (Vec<NewsItem>, Vec<Body>) {
        let mut news = Vec::new();
        let mut bodies = Vec::new();
        for file in files {
            let front = &file.front;
            let slug = file.file.trim_start_matches("news/").trim_end_matches(".md").to_owned();
            if !is_slug(&slug) {
                self.whole_file_error(
                    &file.file,
                    format!("\"{slug}\" cannot be the end of a news item's address"),
                    "rename the file to lower-case letters, digits and dashes, such as news/asem-summit.md",
                );
                continue;
            }
            let Some(date) = self.date(&file.file, "date", &front.date) else {
                self.broken.insert(routes::news_item(&slug));
                continue;
            };
            let updated = front.updated.as_ref().and_then(|d| self.date(&file.file, "updated", d));
            let scheduled = !front.draft && self.schedule(&routes::news_item(&slug), date);
            if !front.draft
                && !scheduled
                && let (Some(updated), Some(written)) = (updated, &front.updated)
            {
                self.not_to_come(&file.file, "updated", written, updated, UPDATED_FIX);
            }
            if let (Some(updated), Some(written)) = (updated, front.updated.as_ref())
                && updated < date
            {
                let message = format!("`updated` is {}, before the item's date, {}", updated.iso(), date.iso());
                self.error(
                    &file.file,
                    written.span(),
                    message,
                    Some("an item is updated on or after its date".to_owned()),
                );
            }
            let item = NewsItem {
                path: routes::news_item(&slug),
                slug,
                title: self.plain_words(&file.file, "title", &front.title),
                summary: front.summary.as_ref().map(|s| self.plain_words(&file.file, "summary", s)),
                date,
                updated,
                draft: front.draft,
                scheduled,
                aliases: self.aliases(&file.file, &front.aliases),
                body: file.body().to_owned(),
                body_lang: None,
                sources: self.sources(&file.file, &front.sources),
            };
            let left_out = (item.draft || item.scheduled) && !preview;
            self.notes(&file.file, file.body.start, &item.body, front.sources.len());
            bodies.push(Body {
                file: file.file.clone(),
                offset: file.body.start,
                text: item.body.clone(),
                path: item.path.clone(),
                left_out,
                sources: front.sources.len(),
            });
            if !left_out {
                news.push(item);
            }
        }
        news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        (news, bodies)
    }

    /// A title or summary: a text, shown as plain words (in the page's
    /// title, listings and the feed), so with no Markdown in it.
    fn plain_words(&mut self, file: &str, field: &str, value: &Text) -> crate::site::Words {
        if let Some((markup, words)) = markdown::inline_markup(value.get_ref()) {
            self.error(
                file,
                value.span(),
                format!("`{field}` holds Markdown ({markup}), which it would show as it is, marks and all"),
                Some(format!("write plain words: \"{}\"", value.get_ref().trim().replacen(&markup, &words, 1))),
            );
        }
        self.text(file, field, value)
    }

    /// Whether a page or item dated `day` is still to come for the site:
    /// then it waits for its day, which is noted for the server.
    fn schedule(&mut self, path: &str, day: Date) -> bool {
        let later = day > self.today;
        if later {
            self.scheduled.insert(path.to_owned(), day);
        }
        later
    }

    /// The address of the page in `file` (`pages/a/b.md` → `/a/b`), if it
    /// can be one and is not the site's own.
    fn markdown_page_path(&mut self, file: &str) -> Option<String> {
        let relative = file.trim_start_matches("pages/").trim_end_matches(".md");
        if let Some(bad) = relative.split('/').find(|part| !is_slug(part)) {
            self.whole_file_error(
                file,
                format!("\"{bad}\" cannot be part of a page's address"),
                "rename it to lower-case letters, digits and dashes, such as pages/call-for-projects.md",
            );
            return None;
        }
        let path = format!("/{relative}");
        if routes::is_reserved(&path) {
            self.whole_file_error(
                file,
                format!("this page would take the address {path}, which is the site's own"),
                &format!(
                    "rename the file: pages cannot take the addresses of the built-in pages, nor any under {}",
                    routes::reserved_folders().join(", ")
                ),
            );
            return None;
        }
        Some(path)
    }

    /// Each note of a body (`[^2]`) names one of its `sources` by number, and
    /// the body defines none itself; and it holds no HTML.
    pub(super) fn notes(&mut self, file: &str, offset: usize, text: &str, sources: usize) {
        let outline = markdown::outline(text);
        for note in outline.notes {
            if markdown::note_number(&note.label, sources).is_some() {
                continue;
            }
            let message = match sources {
                0 => format!("`[^{}]` cites a source, but the front matter lists none", note.label),
                1 => format!("`[^{}]` names no source: there is one, `[^1]`", note.label),
                n => format!("`[^{}]` names no source: they are numbered `[^1]` to `[^{n}]`", note.label),
            };
            let fix =
                "add the source to `sources` in the front matter, and cite it by its number there: the first is [^1]";
            self.error(file, offset + note.range.start..offset + note.range.end, message, Some(fix.to_owned()));
        }
        for range in outline.note_definitions {
            let message = "a note is written in the text; sources go in the front matter".to_owned();
            let fix = "move it to `sources = [{ title = \"…\", url = \"https://…\", checked = 2026-11-29 }]` and cite it as [^1]";
            self.error(file, offset + range.start..offset + range.end, message, Some(fix.to_owned()));
        }
        // One problem a line: `<b>bold</b>` is two tags.
        let mut lines_told = Vec::new();
        for range in outline.raw_html {
            let line = text[..range.start].matches('\n').count();
            if lines_told.contains(&line) {
                continue;
            }
            lines_told.push(line);
            let message = "the text holds HTML, which the page would show as it is, tags and all".to_owned();
            let fix = "write it in Markdown instead (**bold**, [a link](/asem), a list of lines starting with -), or remove the tags";
            self.error(file, offset + range.start..offset + range.end, message, Some(fix.to_owned()));
        }
    }

    /// Old addresses: each a path the site does not use otherwise.
    fn aliases(&mut self, file: &str, written: &[Text]) -> Vec<String> {
        let mut aliases = Vec::new();
        for alias in written {
            let written_path = alias.get_ref().trim();
            // `/contact-us/` and `/contact-us` are one old address.
            let path = if written_path.len() > 1 { written_path.trim_end_matches('/') } else { written_path };
            if let Some((why, hint)) = alias_problem(path) {
                self.error(file, alias.span(), format!("the alias \"{written_path}\" {why}"), Some(hint));
            } else if let Some(whose) = routes::served_at(path) {
                self.error(
                    file,
                    alias.span(),
                    format!("the alias {path} is an address the site serves itself: {whose}"),
                    Some("remove it: the site's own addresses keep their pages".to_owned()),
                );
            } else {
                aliases.push(path.to_owned());
            }
        }
        aliases
    }

    /// Each media file, with an image's size read from the file itself.
    pub(super) fn media(&mut self, files: &[MediaRead]) -> Vec<MediaFile> {
        let mut media = Vec::new();
        for file in files {
            // Kept in Unicode's composed form, as links are read: a name
            // saved decomposed (as macOS may) matches the link an editor types.
            let name: String = file.file.trim_start_matches("media/").nfc().collect();
            let size = match media_name_problem(&name).map_or_else(|| media_size(file), Err) {
                Ok(size) => size,
                Err((message, hint)) => {
                    self.broken.insert(name);
                    self.whole_file_error(&file.file, message, &hint);
                    continue;
                }
            };
            media.push(MediaFile { name, kind: file.kind, bytes: bytes::Bytes::from(file.bytes.clone()), size });
        }
        media
    }

    /// Aliases that two pages claim, that are another page's address, or
    /// that are the page's own; each named at its line, with who holds it.
    pub(super) fn aliases_apart(&mut self, pages: &[Page], news: &[NewsItem], bodies: &[Body]) {
        let file_of = |path: &str| bodies.iter().find(|b| b.path == path).map_or(path, |b| b.file.as_str()).to_owned();
        let all: Vec<(&String, &Vec<String>)> =
            pages.iter().map(|p| (&p.path, &p.aliases)).chain(news.iter().map(|n| (&n.path, &n.aliases))).collect();
        // Each address taken, and by whom, in words.
        let mut holders: HashMap<String, String> =
            all.iter().map(|(path, _)| ((*path).clone(), format!("it is the address of {}", file_of(path)))).collect();
        for (path, aliases) in all {
            let file = file_of(path);
            for (index, alias) in aliases.iter().enumerate() {
                // Which time the file writes this alias: the same one twice is
                // named at the second.
                let nth = aliases[..index].iter().filter(|a| *a == alias).count();
                let (message, hint) = if alias == path {
                    (
                        format!("the alias {alias} is the page's own address"),
                        "remove it: a page needs no alias of its own address",
                    )
                } else if let Some(holder) = holders.get(alias) {
                    (format!("the alias {alias} is taken: {holder}"), "give each old address to one page")
                } else {
                    holders.insert(alias.clone(), format!("it is an alias in {file} already"));
                    continue;
                };
                let text = self.texts.text(&file);
                let written = ['"', '\''].into_iter().find_map(|quote| {
                    let quoted = format!("{quote}{alias}{quote}");
                    let at = text.match_indices(&quoted).nth(nth)?.0;
                    Some(at + 1..at + quoted.len() - 1)
                });
                match written {
                    Some(span) => self.error(&file, span, message, Some(hint.to_owned())),
                    None => self.whole_file_error(&file, message, hint),
                }
            }
        }
    }

    fn whole_file_error(&mut self, file: &str, message: String, hint: &str) {
        self.problems.push(crate::content::Diagnostic::whole_file(file, message).with_hint(hint));
    }
}

/// Lower-case letters, digits and dashes.
fn is_slug(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A media file's size in pixels (none for a PDF), read from the file; or
/// why the file is not what its name says, and the fix.
fn media_size(file: &MediaRead) -> Result<Option<(u32, u32)>, (String, String)> {
    match file.kind {
        // Readers look for the header within the first kilobyte.
        MediaKind::Pdf if !file.bytes.windows(5).take(1024).any(|w| w == b"%PDF-") => Err((
            "the file is not the PDF its name says it is".to_owned(),
            "save it again as PDF, from the program that made it".to_owned(),
        )),
        MediaKind::Pdf => Ok(None),
        MediaKind::Svg => match svg_problem(&file.bytes) {
            Some((problem, hint)) => Err((problem, hint.to_owned())),
            None => Ok(svg_size(&file.bytes)),
        },
        kind => {
            let found = imagesize::image_type(&file.bytes).ok();
            if let Some(problem) = image_format_problem(&file.file, kind, found) {
                return Err(problem);
            }
            match imagesize::blob_size(&file.bytes) {
                Ok(size) => Ok(u32::try_from(size.width).ok().zip(u32::try_from(size.height).ok())),
                Err(_) => Err((
                    "the file is not the image its name says it is".to_owned(),
                    "save it again from an image editor, as PNG, JPEG or WebP".to_owned(),
                )),
            }
        }
    }
}

/// Why `path` cannot be an alias, if it cannot, and the fix.
fn alias_problem(path: &str) -> Option<(String, String)> {
    const EXAMPLE: &str = "such as \"/contact-us\"";
    let (why, hint) = if !path.starts_with('/') {
        ("does not start with /".to_owned(), format!("write the old path from the root, {EXAMPLE}"))
    } else if path == "/" {
        ("is the home page's address".to_owned(), "remove it: the home page keeps its address".to_owned())
    } else if path.contains(char::is_whitespace) {
        (
            "holds a space, which no address has".to_owned(),
            "write the space as %20, or as it was in the old address".to_owned(),
        )
    } else if let Some(c) = path.chars().find(|c| "?#".contains(*c)) {
        let part = if c == '?' { "a query (?…)" } else { "an anchor (#…)" };
        (
            format!("holds {part}, which a browser does not send as part of the path"),
            format!("write the path alone: \"{}\"", path.split(['?', '#']).next().unwrap_or(path)),
        )
    } else if let Some(c) = path.chars().find(|c| c.is_control() || "\"<>\\".contains(*c)) {
        (format!("holds {c:?}, which no address has"), format!("write the old path from the root, {EXAMPLE}"))
    } else {
        return None;
    };
    Some((why, hint))
}

/// Why a media file's name cannot be linked, if it cannot: a `#` or `?`
/// ends the address there, and a `%` starts an escape. (Spaces, accents
/// and Hangul are fine: the pages link them percent-encoded.)
fn media_name_problem(name: &str) -> Option<(String, String)> {
    let bad: Vec<char> = name.chars().filter(|c| matches!(c, '#' | '?' | '%' | '\\') || c.is_control()).collect();
    if bad.is_empty() {
        return None;
    }
    let fixed: String = name.chars().filter(|c| !bad.contains(c)).collect();
    let shown: Vec<String> = bad.iter().map(|c| format!("{c:?}")).collect();
    Some((
        format!("the file's name holds {}, which an address cannot carry", shown.join(", ")),
        format!("rename it to {fixed}"),
    ))
}

/// What is wrong when an image's bytes are not the format its name ends
/// in (a browser shows nothing, or a broken image, since the site sends
/// the type the name says and forbids guessing): the format found, and
/// the fix.
fn image_format_problem(file: &str, kind: MediaKind, found: Option<imagesize::ImageType>) -> Option<(String, String)> {
    use imagesize::ImageType;
    let (format, served) = match found? {
        ImageType::Png => ("PNG", Some((MediaKind::Png, "png"))),
        ImageType::Jpeg => ("JPEG", Some((MediaKind::Jpeg, "jpg"))),
        ImageType::Webp => ("WebP", Some((MediaKind::Webp, "webp"))),
        ImageType::Gif => ("GIF", None),
        ImageType::Tiff => ("TIFF", None),
        ImageType::Bmp => ("BMP", None),
        ImageType::Heif(_) => ("HEIF", None),
        _ => ("another", None),
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let (stem, ending) = name.rsplit_once('.').unwrap_or((name, ""));
    match served {
        Some((same, _)) if same == kind => None,
        Some((_, extension)) => Some((
            format!("the file is a {format} image, but its name ends in .{ending}"),
            format!("rename it to {stem}.{extension}, and its links with it"),
        )),
        None => Some((
            format!("the file is a {format} image, a format that not every browser shows"),
            "save it again from an image editor as PNG, JPEG or WebP".to_owned(),
        )),
    }
}

/// What is wrong with an SVG drawing, if anything, and its fix: it must
/// read as XML (a browser shows nothing of one that does not), and hold
/// nothing a browser would run were it opened on its own, as it may be
/// from an exported copy of the site, served without the site's headers:
/// a `<script>`, a `<foreignObject>`, an `on…` event attribute or a
/// `javascript:` link.
fn svg_problem(bytes: &[u8]) -> Option<(String, &'static str)> {
    const RESAVE: &str = "save it again from a drawing program, as a plain SVG drawing";
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some(("the drawing is not UTF-8 text, as an SVG file is".to_owned(), RESAVE));
    };
    // Drawing programs write a DOCTYPE; roxmltree refuses one unless asked.
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    let document = match roxmltree::Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(error) => return Some((format!("the drawing cannot be read as SVG: {error}"), RESAVE)),
    };
    // A link's address as a browser reads it: without the tabs and line
    // breaks it drops, in lower case.
    let address = |value: &str| -> String {
        value.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase()
    };
    let runs = |node: roxmltree::Node| {
        let element = node.tag_name().name();
        let animates_a_link = matches!(element, "set" | "animate")
            && node.attribute("attributeName").is_some_and(|name| name.ends_with("href"));
        matches!(element, "script" | "foreignObject")
            || animates_a_link
            || node.attributes().any(|attribute| {
                let value = address(attribute.value());
                attribute.name().to_ascii_lowercase().starts_with("on")
                    || (attribute.name() == "href"
                        && (value.starts_with("javascript:") || (element == "a" && value.starts_with("data:"))))
            })
    };
    document.descendants().filter(roxmltree::Node::is_element).any(runs).then(|| {
        (
            "the drawing holds a script, an event handler (onload=…) or a javascript: link".to_owned(),
            "save it again without scripts, as a plain SVG drawing",
        )
    })
}

/// The `width` and `height` of an SVG's root element, in pixels, or its
/// `viewBox`'s when they are absent.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let root = &text[text.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attribute = |name: &str| {
        let start = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[start..].split('"').next()
    };
    let pixels = |value: &str| value.trim_end_matches("px").trim().parse::<f64>().ok().map(|v| v.round() as u32);
    match (attribute("width").and_then(pixels), attribute("height").and_then(pixels)) {
        (Some(width), Some(height)) => Some((width, height)),
        _ => {
            let view: Vec<f64> = attribute("viewBox")?
                .split([' ', ','])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            (view.len() == 4).then(|| (view[2].round() as u32, view[3].round() as u32))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawings_that_would_run_something_or_cannot_be_read_are_found() {
        let runs = |svg: &str| svg_problem(svg.as_bytes()).is_some_and(|(message, _)| message.contains("script"));
        for svg in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "<svg onload=\"alert(1)\"></svg>",
            "<svg\tonLoad = \"x()\"></svg>",
            "<svg><a href=\" JavaScript:alert(1)\"><text>x</text></a></svg>",
            "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"javascript:x()\"/></svg>",
            "<svg><foreignObject><p>x</p></foreignObject></svg>",
            "<svg><a><set attributeName=\"href\" to=\"javascript:alert(1)\"/><text>x</text></a></svg>",
            "<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/></a></svg>",
            "<svg><a href=\"java&#x09;script:alert(1)\"><text>x</text></a></svg>",
            "<svg><a href=\"data:text/html,x\"><text>x</text></a></svg>",
        ] {
            assert!(runs(svg), "{svg}");
        }
        for svg in [
            "<svg><text>Emissions online = 5</text></svg>",
            "<svg><image href=\"data:image/png;base64,iVBORw0KGgo=\"/><animate attributeName=\"opacity\" values=\"0;1\"/></svg>",
            "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg>",
        ] {
            assert_eq!(svg_problem(svg.as_bytes()), None, "{svg}");
        }
        let (message, _) = svg_problem(b"<svg><path></svg>").expect("not XML");
        assert!(message.starts_with("the drawing cannot be read as SVG"), "{message}");
    }

    #[test]
    fn svg_sizes_come_from_the_root_element() {
        assert_eq!(svg_size(b"<svg xmlns=\"x\" width=\"120\" height=\"80px\"></svg>"), Some((120, 80)));
        assert_eq!(svg_size(b"<svg viewBox=\"0 0 640 260\"></svg>"), Some((640, 260)));
        assert_eq!(svg_size(b"<svg></svg>"), None);
    }
}
