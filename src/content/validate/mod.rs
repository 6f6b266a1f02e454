//! The second pass over parsed content: checks within and across files, and
//! the building of the `Site`. Every problem is collected, not just the
//! first. Each file's checks live in a module named after it; the checks
//! of single fields (text, years, links) are here.

mod asem;
mod glossary;
mod links;
mod members;
mod pages;
mod report;
mod site_file;
mod sme;
mod sources;
mod text_pages;
mod translation;
mod ui;

pub use report::{Checked, CitedSource, Drafts, ExternalLink, MissingText, Translated};

use std::collections::HashSet;
use std::ops::Range;

use super::characters::{code_point, forbidden};
use super::diagnostic::Diagnostic;
use super::files::{ParsedFiles, SourceTexts};
use super::model::{Date as FileDate, Located, Text};
use crate::site::{Date, Language, Site, SiteTimeZone, Words, markdown};

/// Years outside this range are taken for typing mistakes.
const YEARS: Range<i64> = 1900..2200;

pub use super::located::MAX_TEXT_CHARS;

/// Checks the parsed files and builds the site from them, with its links
/// out of the site. Each file that parsed is checked, and each check across
/// files whose files parsed: a file that did not (its problem reported
/// already) leaves the site unbuilt, but hides no other file's mistakes.
/// `preview`: drafts are part of the site.
pub fn validate(texts: &SourceTexts, files: &ParsedFiles, preview: bool) -> Result<Checked, Vec<Diagnostic>> {
    let draft_files = draft_files(texts, files);
    // The day it is for the site, in its time zone (checked with site.toml).
    let zone =
        files.site.as_ref().and_then(|f| f.time_zone.as_ref()).and_then(|z| SiteTimeZone::named(z.get_ref().trim()));
    let mut c = Checker {
        texts,
        problems: Vec::new(),
        inline_texts: Vec::new(),
        external: Vec::new(),
        cited: Vec::new(),
        today: zone.unwrap_or_default().today(),
        warnings: Vec::new(),
        scheduled: std::collections::HashMap::new(),
        // A draft that cannot be read is no page a link may lead to.
        broken: files
            .unread
            .iter()
            .filter(|file| !draft_files.contains(*file))
            .filter_map(|file| address_of_file(file))
            .collect(),
        drafts: HashSet::new(),
    };
    let (pages, mut bodies) = c.pages(&files.pages, preview);
    let (news, news_bodies) = c.news(&files.news, preview);
    bodies.extend(news_bodies);
    c.aliases_apart(&pages, &news, &bodies);
    let media = c.media(&files.media);
    // A page whose file is broken is still a page the menu may name; a
    // draft is named as one.
    let mut menu_targets: Vec<String> = pages.iter().map(|p| p.path.clone()).collect();
    menu_targets.extend(c.broken.iter().filter(|address| address.starts_with('/')).cloned());
    c.drafts = bodies.iter().filter(|body| body.left_out).map(|body| body.path.clone()).collect();
    let basics = files.site.as_ref().map(|f| c.site_file(f, &menu_targets));
    let aseic = files.aseic.as_ref().map(|f| c.aseic(f));
    let mut partners = files.members.as_ref().map(|f| c.partners(f));
    let directory_sources = files.members.as_ref().map(|f| c.sources("members.toml", &f.sources)).unwrap_or_default();
    let directory_summary =
        files.members.as_ref().and_then(|f| c.optional_text("members.toml", "summary", f.summary.as_ref()));
    let asem = files.asem.as_ref().map(|f| c.asem(f, partners.as_deref_mut()));
    let eco_innovation = files.eco_innovation.as_ref().map(|f| c.eco_innovation(f));
    let sme = files.sme.as_ref().map(|f| c.sme(f));
    let accessibility = files.accessibility.as_ref().map(|f| c.text_page("accessibility.toml", f));
    let ui = files.ui.as_ref().map(|f| c.ui(f));
    let abbreviations = c.glossary(files.glossary.as_ref());
    let (
        Some(basics),
        Some(aseic),
        Some(mut partners),
        Some(asem),
        Some(eco_innovation),
        Some(sme),
        Some(accessibility),
        Some(ui),
    ) = (basics, aseic, partners, asem, eco_innovation, sme, accessibility, ui)
    else {
        return Err(mark_drafts(c.problems, &draft_files));
    };
    partners.sort_by_key(|p| p.name.to_lowercase());
    let mut asem = asem;
    for summit in &mut asem.summits {
        summit.ordinal = ui.ordinal(summit.number);
    }
    let languages = c.languages(&basics, files, &ui);
    // The newest item is the latest news up to its last day within
    // `latest_within_months`, and stops being so when the next day starts.
    let latest_last_day = news.first().map(|item| item.date.months_later(basics.latest_within_months));
    let latest_news = latest_last_day.is_some_and(|last| c.today <= last);
    let latest_news_until =
        latest_last_day.filter(|_| latest_news).and_then(|last| basics.time_zone.start_of(last.next_day()));
    let site = Site {
        language: languages[0].clone(),
        languages: languages.into(),
        missing_texts: 0,
        name: basics.name,
        full_name: basics.full_name,
        base_url: basics.base_url,
        description: basics.description,
        menu: basics.menu,
        footer: basics.footer,
        footer_links: basics.footer_links,
        aseic,
        asem,
        partners,
        eco_innovation,
        sme,
        warnings: files
            .strays
            .iter()
            .map(ToString::to_string)
            .chain(
                files
                    .accessibility
                    .as_ref()
                    .map(|f| c.contact_wanted("accessibility.toml", f, basics.contact.as_ref()))
                    .unwrap_or_default(),
            )
            .collect(),
        accessibility,
        contact: basics.contact,
        ui: std::sync::Arc::new(ui),
        abbreviations,
        pages,
        news,
        media,
        preview,
        directory_sources,
        directory_summary,
        stale_after_months: basics.stale_after_months,
        version: texts.version(),
        draft_problems: Vec::new(),
        next_publication: c.scheduled.values().min().and_then(|day| basics.time_zone.start_of(*day)),
        latest_news,
        latest_news_until,
        time_zone: basics.time_zone,
        feed_limit: basics.feed_limit,
    };
    c.all_references(&site, &bodies);
    c.no_page_in_a_language_s_place(&site, &bodies);
    let mut translations = Vec::new();
    for language in site.languages.iter().skip(1) {
        let Some(files) = files.translations.iter().find(|t| *t.tag == *language.tag) else { continue };
        let (translated, translated_bodies) = c.translation(&site, &bodies, files, language.clone());
        c.all_references(&translated.site, &translated_bodies);
        translations.push(translated);
    }
    let mut site = site;
    site.warnings.extend(c.warnings.drain(..).map(|warning| warning.to_string()));
    let drafts = if preview {
        Drafts::default()
    } else {
        Drafts {
            pages: files.pages.iter().filter(|f| f.front.draft).count(),
            news: files.news.iter().filter(|f| f.front.draft).count(),
        }
    };
    let problems = mark_drafts(c.problems, &draft_files);
    if problems.iter().all(|problem| problem.draft) {
        Ok(Checked { site, translations, links: c.external, sources: c.cited, drafts, draft_problems: problems })
    } else {
        Err(problems)
    }
}

/// The files of the drafts: each page and news item marked `draft = true`
/// (read from the text when its front matter does not parse), and their
/// translations (`ko/pages/history.md` beside a draft `pages/history.md`).
pub(crate) fn draft_files(texts: &SourceTexts, files: &ParsedFiles) -> HashSet<String> {
    let parsed = files.pages.iter().filter(|f| f.front.draft).map(|f| f.file.clone());
    let parsed = parsed.chain(files.news.iter().filter(|f| f.front.draft).map(|f| f.file.clone()));
    let unread = files.unread.iter().filter(|file| marked_draft(texts.text(file))).cloned();
    let drafts: HashSet<String> = parsed.chain(unread).collect();
    let translated = files.translations.iter().flat_map(|t| drafts.iter().map(move |file| format!("{}/{file}", t.tag)));
    let translated: Vec<String> = translated.collect();
    drafts.into_iter().chain(translated).collect()
}

/// Whether a Markdown file's front matter says `draft = true`, read as
/// text: for a file whose front matter does not parse.
fn marked_draft(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim);
    lines.next() == Some("+++")
        && lines
            .take_while(|line| *line != "+++")
            .any(|line| line.split('#').next().unwrap_or("").split_whitespace().collect::<String>() == "draft=true")
}

/// `problems`, each in a draft's file marked as a draft's.
fn mark_drafts(mut problems: Vec<Diagnostic>, draft_files: &HashSet<String>) -> Vec<Diagnostic> {
    for problem in &mut problems {
        problem.draft = draft_files.contains(&problem.file);
    }
    problems
}

impl Checker<'_> {
    /// A page of the default language's whose address would be in a
    /// translation's place (`/ko/about` beside Korean's `/ko/`) is a
    /// problem, at its file.
    fn no_page_in_a_language_s_place(&mut self, site: &Site, bodies: &[pages::Body]) {
        for language in site.languages.iter().skip(1) {
            for body in bodies {
                let taken = body.path == language.prefix || body.path.starts_with(&format!("{}/", language.prefix));
                if taken {
                    let message = format!(
                        "the page's address, {}, is in the place of the pages in \"{}\"",
                        body.path, language.tag
                    );
                    let hint = format!("{}/ holds the site in that language: move the page elsewhere", language.prefix);
                    self.error(&body.file, 0..0, message, Some(hint));
                }
            }
        }
    }

    /// The site's languages, the default first: as `site.toml` lists them,
    /// the first of them the language of `ui.toml`; or that language alone.
    fn languages(
        &mut self,
        basics: &site_file::SiteBasics,
        files: &ParsedFiles,
        ui: &crate::site::ui::Ui,
    ) -> Vec<Language> {
        let own = ui.page.language.as_str();
        let Some(((first, name), others)) = basics.languages.split_first() else {
            return vec![Language::default_one(own, own)];
        };
        if !first.eq_ignore_ascii_case(own)
            && let Some(written) = files.site.as_ref().and_then(|f| f.languages.first())
        {
            self.error(
                "site.toml",
                written.tag.span(),
                format!("the first language, the default, is \"{first}\", but ui.toml is in \"{own}\""),
                Some(format!("list \"{own}\" first, or write the language of ui.toml's words in its page.language")),
            );
        }
        std::iter::once(Language::default_one(own, name))
            .chain(others.iter().map(|(tag, name)| Language::translation(tag, name)))
            .collect()
    }
}

/// The address a Markdown file would have (`pages/a/b.md` → `/a/b`,
/// `news/x.md` → `/news/x`), or a media file's name (`media/a.png` →
/// `a.png`), as links write them.
fn address_of_file(file: &str) -> Option<String> {
    if let Some(page) = file.strip_prefix("pages/") {
        // A page named as one of the site's own takes no address of it.
        let path = format!("/{}", page.strip_suffix(".md")?);
        return (!crate::site::routes::is_reserved(&path)).then_some(path);
    }
    if let Some(item) = file.strip_prefix("news/") {
        return Some(crate::site::routes::news_item(item.strip_suffix(".md")?));
    }
    file.strip_prefix("media/").map(str::to_owned)
}

/// Collects the problems of one load, each located in its file.
struct Checker<'a> {
    texts: &'a SourceTexts,
    problems: Vec<Diagnostic>,
    /// Each text field, as (file, where its text starts, the text): its
    /// links are checked once every page is known.
    inline_texts: Vec<(String, usize, String)>,
    /// The links out of the site, for `aseic check --links`.
    external: Vec<ExternalLink>,
    /// Every source, where its date is written, for `aseic check --stale`.
    cited: Vec<CitedSource>,
    /// The day of the check: no source can have been checked after it.
    today: Date,
    /// The addresses of pages and news items, and the names of media files,
    /// whose files exist but are left out for a problem reported already:
    /// a link to one is not reported again as a link to nothing.
    broken: HashSet<String>,
    /// The addresses of the drafts the site leaves out, which the menu and
    /// the published pages may not link to.
    drafts: HashSet<String>,
    /// What is amiss but stops nothing, each located: `check` and the
    /// server warn of them.
    warnings: Vec<Diagnostic>,
    /// The pages and news dated in the future, by address, with their day:
    /// the site leaves them out until then.
    scheduled: std::collections::HashMap<String, Date>,
}

impl Checker<'_> {
    fn error(&mut self, file: &str, span: Range<usize>, message: String, hint: Option<String>) {
        let diagnostic = Diagnostic::at(file, self.texts.text(file), span, message);
        self.problems.push(match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        });
    }

    /// The 1-based line of a byte offset in `file`.
    fn line_of(&self, file: &str, offset: usize) -> usize {
        Diagnostic::at(file, self.texts.text(file), offset..offset, "").line
    }

    /// A required text, checked not to be blank, too long, or to hold a
    /// character no page may show (written as an escape such as `\u0007`;
    /// one written as it is was reported with the file).
    fn text(&mut self, file: &str, field: &str, value: &Text) -> Words {
        Words::new(self.plain_text(file, field, value))
    }

    /// As `text`, as a plain string.
    fn plain_text(&mut self, file: &str, field: &str, value: &Text) -> String {
        let text = value.get_ref().trim();
        if text.is_empty() {
            self.error(
                file,
                value.span(),
                format!("`{field}` is empty"),
                Some("write the text between the quotes".to_owned()),
            );
        }
        let length = text.chars().count();
        if length > MAX_TEXT_CHARS {
            self.error(
                file,
                value.span(),
                format!("`{field}` is {length} characters long, above the limit of {MAX_TEXT_CHARS}"),
                Some("shorten it; a text of a list, such as `paragraphs`, may be split into several".to_owned()),
            );
        }
        if let Some((c, what)) = text.chars().find_map(|c| forbidden(c).map(|what| (c, what))) {
            self.error(
                file,
                value.span(),
                format!("`{field}` holds {what} ({}), which no page may show", code_point(c)),
                Some("remove the escape that makes it".to_owned()),
            );
        }
        // Checked only where a tag may be, as most texts have no `<`.
        if let Some(range) = text.contains('<').then(|| markdown::outline(text).raw_html.into_iter().next()).flatten() {
            self.error(
                file,
                value.span(),
                format!("`{field}` holds HTML ({}), which the page would show as it is, tags and all", &text[range]),
                Some(
                    "write the words alone; where a text takes Markdown, write **bold** and [a link](/asem)".to_owned(),
                ),
            );
        }
        let source = self.texts.text(file);
        let quotes =
            if source.get(value.span().start..).is_some_and(|s| s.starts_with("\"\"\"") || s.starts_with("\'\'\'")) {
                3
            } else {
                1
            };
        self.inline_texts.push((file.to_owned(), value.span().start + quotes, text.to_owned()));
        text.to_owned()
    }

    fn texts(&mut self, file: &str, field: &str, values: &[Text]) -> Vec<Words> {
        values.iter().map(|v| self.text(file, field, v)).collect()
    }

    fn optional_text(&mut self, file: &str, field: &str, value: Option<&Text>) -> Option<Words> {
        value.map(|v| self.text(file, field, v))
    }

    fn not_empty<T>(&mut self, file: &str, field: &str, list: &[T], what: &str) {
        if list.is_empty() {
            self.problems.push(
                Diagnostic::whole_file(file, format!("`{field}` has no entries"))
                    .with_hint(format!("add at least one {what}")),
            );
        }
    }

    /// A problem at `value` if `date` (read from it) is a day still to come.
    fn not_to_come(&mut self, file: &str, field: &str, value: &Located<FileDate>, date: Date, fix: &str) {
        // A day ahead is allowed: somewhere on Earth it is already tomorrow.
        if date > self.today.next_day() {
            let message = format!("`{field}` is {}, a day still to come", date.iso());
            self.error(file, value.span(), message, Some(fix.to_owned()));
        }
    }

    /// A date written alone, such as 2026-11-01.
    fn date(&mut self, file: &str, field: &str, value: &Located<FileDate>) -> Option<Date> {
        let datetime = &value.get_ref().0;
        let date = datetime.date.filter(|_| datetime.time.is_none() && datetime.offset.is_none());
        let date = date.and_then(|d| Date::new(i32::from(d.year), d.month, d.day));
        if date.is_none() {
            self.error(
                file,
                value.span(),
                format!("`{field}` is {datetime}, which is not a day"),
                Some(format!("write the day alone, without a time: {field} = 2026-11-01")),
            );
        }
        date
    }

    fn year(&mut self, file: &str, field: &str, value: &Located<i64>) -> i64 {
        let year = *value.get_ref();
        if !YEARS.contains(&year) {
            self.error(
                file,
                value.span(),
                format!("`{field}` is {year}, which is not a plausible year"),
                Some("write the year in full, for example 1996".to_owned()),
            );
        }
        year
    }

    fn positive(&mut self, file: &str, field: &str, value: &Located<i64>) -> u64 {
        let n = *value.get_ref();
        if n <= 0 {
            self.error(
                file,
                value.span(),
                format!("`{field}` is {n}, but it must be above zero"),
                Some("write a whole number above zero, such as 250".to_owned()),
            );
        }
        n.max(0).unsigned_abs()
    }

    fn link(&mut self, file: &str, value: &Text) -> String {
        self.link_field(file, "link", value)
    }

    /// A web address in the field `field`; kept, with its place, for
    /// `check --links`.
    fn link_field(&mut self, file: &str, field: &str, value: &Text) -> String {
        let link = value.get_ref().trim();
        if is_web_url(link) {
            let at = Diagnostic::at(file, self.texts.text(file), value.span(), "");
            self.external.push(ExternalLink {
                url: link.to_owned(),
                file: file.to_owned(),
                line: at.line,
                column: at.column,
            });
        } else {
            self.error(
                file,
                value.span(),
                format!("`{field}` is \"{link}\", which is not an http(s) URL"),
                Some(format!("write the whole address, starting with https:// (or remove `{field}`)")),
            );
        }
        link.to_owned()
    }
}

/// Whether `link` is an absolute http or https URL with a dotted host name
/// and nothing an editor would not mean (spaces, quotes, angle brackets).
fn is_web_url(link: &str) -> bool {
    let written_plainly = !link.chars().any(|c| c.is_whitespace() || c.is_control() || "\"<>\\".contains(c));
    written_plainly
        && url::Url::parse(link).is_ok_and(|url| {
            matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|host| host.contains('.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://www.me.go.kr/eng/"));
        assert!(is_web_url("http://example.org"));
        for bad in ["ftp://x.org", "www.x.org", "https://", "https://x", "javascript:alert(1)", "https://a.org/ b"] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}
