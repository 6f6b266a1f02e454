//! Every link and image the content writes, checked: a link to one of the
//! site's own addresses must lead to a page that exists, and its `#anchor`
//! to a heading or place on that page; a link elsewhere must be http(s)
//! (or mail); an image must be a file of `content/media/`, with words for
//! those who cannot see it. The links elsewhere are kept for
//! `aseic check --links`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Checker;
use super::pages::Body;
use super::report::ExternalLink;
use crate::content::suggest::closest;
use crate::site::markdown::{self, ReferenceKind};
use crate::site::{MediaFile, NewsItem, Page, Partner, Site, routes};

/// The addresses a link may lead to, each with the anchors on its page.
#[derive(Debug, Default)]
pub(super) struct Targets {
    anchors: HashMap<String, HashSet<String>>,
    media: HashMap<String, bool>,
}

/// The parts of the site a link may lead to, before the `Site` is whole.
pub(super) struct Addresses<'a> {
    pub partners: &'a [Partner],
    pub summits: &'a [i64],
    pub definitions: usize,
    pub pages: &'a [Page],
    pub news: &'a [NewsItem],
    pub media: &'a [MediaFile],
    pub bodies: &'a [Body],
}

impl Targets {
    pub(super) fn new(sites: &Addresses) -> Self {
        let mut targets = Targets::default();
        let mut add = |path: &str, anchors: Vec<String>| {
            let entry = targets.anchors.entry(path.to_owned()).or_default();
            entry.insert("main".to_owned());
            entry.extend(anchors);
        };
        for path in routes::page_paths() {
            add(path, Vec::new());
        }
        add(
            routes::ASEM,
            std::iter::once("summits".to_owned())
                .chain(sites.summits.iter().map(|n| routes::summit_fragment(*n)))
                .collect(),
        );
        let mut directory: Vec<String> = crate::site::Region::ALL.iter().map(|r| r.slug().to_owned()).collect();
        directory.push("data".to_owned());
        add(routes::MEMBERS, directory);
        add(routes::ECO_INNOVATION, (1..=sites.definitions).map(|n| format!("definition-{n}")).collect());
        for route in [
            routes::SITEMAP,
            routes::ROBOTS,
            routes::FAVICON,
            routes::MEMBERS_CSV,
            routes::MEMBERS_JSON,
            routes::SUMMITS_JSON,
            routes::FEED,
        ] {
            add(route, Vec::new());
        }
        for partner in sites.partners {
            add(&partner.path, Vec::new());
        }
        for number in 2..=sites.news.len().div_ceil(crate::site::NEWS_PER_PAGE) {
            add(&routes::news_page(number), Vec::new());
        }
        for body in sites.bodies {
            let ids = markdown::outline(&body.text).headings.into_iter().map(|h| h.id).collect();
            add(&body.path, ids);
        }
        for file in sites.media {
            targets.media.insert(file.name.clone(), file.kind.is_image());
        }
        let _ = (sites.pages, sites.news);
        targets
    }
}

impl Checker<'_> {
    /// Checks every reference of `text`, which starts at byte `offset` of
    /// `file`'s text and is on the page at `path`. `from_draft`: a draft's
    /// own links may lead to other drafts.
    pub(super) fn references(
        &mut self,
        targets: &Targets,
        file: &str,
        offset: usize,
        text: &str,
        path: &str,
        from_draft: bool,
    ) {
        for reference in markdown::outline(text).references {
            let at = offset + reference.range.start..offset + reference.range.end;
            match reference.kind {
                ReferenceKind::Image => self.image(targets, file, at, &reference.destination, &reference.text),
                ReferenceKind::Link => self.reference_link(targets, file, at, &reference.destination, path, from_draft),
            }
        }
    }

    fn image(&mut self, targets: &Targets, file: &str, at: Range<usize>, destination: &str, alt: &str) {
        if alt.trim().is_empty() {
            self.error(file, at.clone(), "the image has no alternative text".to_owned(),
                Some("say in the brackets what the image shows, for those who cannot see it: ![A crowd at the launch](/media/launch.jpg)".to_owned()));
        } else if let Some(why) = alt_says_nothing(alt) {
            let text = self.texts.text(file);
            self.warnings.push(
                crate::content::Diagnostic::at(file, text, at.clone(), format!("the image's alternative text \"{}\" {why}", alt.trim()))
                    .with_hint("say what the picture shows, for those who cannot see it: ![A crowd at the launch](/media/launch.jpg)"),
            );
        }
        let name = routes::media_name(destination);
        if name.as_deref().is_some_and(|name| self.broken.contains(name)) {
            return;
        }
        match name.as_deref().map(|n| (n, targets.media.get(n))) {
            Some((_, Some(true))) => {}
            Some((name, Some(false))) => self.error(
                file,
                at,
                format!("{name} is not an image"),
                Some("link to it as [a document](/media/...) instead".to_owned()),
            ),
            Some((name, None)) => {
                let near = closest(name, targets.media.keys().map(String::as_str));
                let hint = match near {
                    Some(near) => format!("did you mean /media/{near}?"),
                    None => format!("put the file in content/media/ as {name}"),
                };
                self.error(file, at, format!("there is no media file {name}"), Some(hint));
            }
            None => self.error(
                file,
                at,
                format!("the image \"{destination}\" is not one of the site's media files"),
                Some("put the image in content/media/ and write /media/NAME".to_owned()),
            ),
        }
    }

    fn reference_link(
        &mut self,
        targets: &Targets,
        file: &str,
        at: Range<usize>,
        destination: &str,
        page: &str,
        from_draft: bool,
    ) {
        if destination.starts_with("https://") || destination.starts_with("http://") {
            if url::Url::parse(destination).is_ok_and(|u| u.host_str().is_some_and(|h| h.contains('.'))) {
                let location = crate::content::Diagnostic::at(file, self.texts.text(file), at, "");
                self.external.push(ExternalLink {
                    url: destination.to_owned(),
                    file: file.to_owned(),
                    line: location.line,
                    column: location.column,
                });
            } else {
                self.error(
                    file,
                    at,
                    format!("\"{destination}\" is not a web address"),
                    Some("write the whole address, such as https://www.aseic.org/".to_owned()),
                );
            }
            return;
        }
        if destination.starts_with("mailto:") {
            return;
        }
        if !destination.contains(':') && destination.contains('@') && !destination.starts_with('/') {
            self.error(
                file,
                at,
                format!("the link \"{destination}\" is an email address without mailto:"),
                Some(format!("write <{destination}>, or [{destination}](mailto:{destination})")),
            );
            return;
        }
        let (path, anchor) = match destination.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (destination, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let path = if path.is_empty() { page } else { path };
        if !path.starts_with('/') || path.starts_with("//") {
            let hint = if destination.contains(':') || destination.starts_with("//") {
                "links out of the site start with https:// (or mailto: for an address)"
            } else {
                "write a link to the site's own page from the root, such as /asem"
            };
            self.error(
                file,
                at,
                format!("the link \"{destination}\" leads nowhere the site can check"),
                Some(hint.to_owned()),
            );
            return;
        }
        if self.broken.contains(path) {
            // Its file has a problem of its own, reported there.
            return;
        }
        if let Some(name) = routes::media_name(path) {
            if !targets.media.contains_key(&name) && !self.broken.contains(&name) {
                let hint = match closest(&name, targets.media.keys().map(String::as_str)) {
                    Some(near) => format!("did you mean /media/{near}?"),
                    None => format!("put the file in content/media/ as {name}"),
                };
                self.error(file, at, format!("there is no media file {name}"), Some(hint));
            }
            return;
        }
        let Some(anchors) = targets.anchors.get(path) else {
            let near = closest(path, targets.anchors.keys().map(String::as_str));
            let hint =
                near.map_or_else(|| "check the address, or add the page".to_owned(), |n| format!("did you mean {n}?"));
            self.error(file, at, format!("the link leads to {path}, where the site has no page"), Some(hint));
            return;
        };
        if let Some(day) = self.scheduled.get(path).filter(|_| !from_draft) {
            self.error(
                file,
                at,
                format!(
                    "the link leads to {path}, which is scheduled for {}: the site leaves it out until then",
                    day.iso()
                ),
                Some("link to it once it is published, or date it today".to_owned()),
            );
            return;
        }
        if self.drafts.contains(path) && !from_draft {
            self.error(
                file,
                at,
                format!("the link leads to {path}, a draft the site leaves out"),
                Some("publish that page (remove draft = true), or remove the link".to_owned()),
            );
            return;
        }
        if let Some(anchor) = anchor.filter(|a| !anchors.contains(*a)) {
            let near = closest(anchor, anchors.iter().map(String::as_str));
            let hint = near.map_or_else(
                || format!("link to {path} alone, or to a heading on it"),
                |n| format!("did you mean #{n}?"),
            );
            self.error(file, at, format!("{path} has no heading or place called #{anchor}"), Some(hint));
        }
    }

    /// A page's title is its one main heading: its text's headings start at
    /// level 2 (`##`), and each goes at most one level below the one before
    /// (`##` then `####` skips a level, which screen readers announce).
    fn no_main_heading(&mut self, body: &Body) {
        let mut above = 1;
        for (event, range) in markdown::parse(&body.text) {
            let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { level, .. }) = event else { continue };
            let level = level as usize;
            let at = body.offset + range.start..body.offset + range.end;
            if level == 1 {
                self.error(
                    &body.file,
                    at,
                    "the text has a main heading (#) of its own; the title is the page's main heading".to_owned(),
                    Some("start the text's headings at ## (a section), and ### below it".to_owned()),
                );
                continue;
            }
            if level > above + 1 {
                let (written, meant) = ("#".repeat(level), "#".repeat(above + 1));
                self.error(
                    &body.file,
                    at,
                    format!("the heading {written} skips a level: the heading before it is {}", "#".repeat(above)),
                    Some(format!("write it as {meant}")),
                );
            }
            above = level;
        }
    }

    /// Checks the links of every text field and every body.
    pub(super) fn all_references(&mut self, site: &Site, bodies: &[Body]) {
        let summits: Vec<i64> = site.asem.summits.iter().map(|s| s.number).collect();
        let addresses = Addresses {
            partners: &site.partners,
            summits: &summits,
            definitions: site.eco_innovation.definitions.len(),
            pages: &site.pages,
            news: &site.news,
            media: &site.media,
            bodies,
        };
        let targets = Targets::new(&addresses);
        for body in bodies {
            self.references(&targets, &body.file, body.offset, &body.text, &body.path, body.left_out);
            self.no_main_heading(body);
        }
        for (file, offset, text) in std::mem::take(&mut self.inline_texts) {
            self.references(&targets, &file, offset, &text, routes::HOME, false);
        }
    }
}

/// Why an image's alternative text tells a reader who cannot see it
/// nothing, if it does not: a file name, or a word such as "image".
fn alt_says_nothing(alt: &str) -> Option<&'static str> {
    const EMPTY_WORDS: [&str; 8] = ["image", "picture", "photo", "photograph", "img", "graphic", "이미지", "사진"];
    let alt = alt.trim();
    let lower = alt.to_lowercase();
    if EMPTY_WORDS.contains(&lower.as_str()) {
        return Some("names the kind of thing, not what it shows");
    }
    let (stem, ending) = lower.rsplit_once('.')?;
    let file_ending = ["jpg", "jpeg", "png", "webp", "svg", "gif", "pdf"].contains(&ending);
    (file_ending && !stem.is_empty() && !stem.contains(' ')).then_some("is a file's name")
}
