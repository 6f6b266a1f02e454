//! The site's records: plain data, ready for the templates, with every
//! cross-reference resolved and every derived number computed.

use std::sync::Arc;

use serde::Serialize;

use super::date::Date;
use super::language::Language;
use super::routes;
use super::words::Words;

/// Everything the pages show, checked and complete.
#[derive(Debug, Clone)]
pub struct Site {
    /// The language of this site's words, and where its pages are.
    pub language: Language,
    /// Every language of the site, the default first: the same list in
    /// each language's `Site`.
    pub languages: Arc<[Language]>,
    /// How many texts of this language are missing, and shown in the
    /// default language instead (none for the default language).
    pub missing_texts: usize,
    pub name: Words,
    pub full_name: Words,
    /// The public address, without a trailing slash.
    pub base_url: String,
    pub description: Words,
    pub menu: Vec<MenuItem>,
    pub footer: Words,
    pub footer_links: Vec<Link>,
    pub aseic: Aseic,
    pub asem: Asem,
    /// Every partner, sorted by name.
    pub partners: Vec<Partner>,
    pub eco_innovation: EcoInnovation,
    pub sme: Sme,
    pub accessibility: TextPage,
    /// How to reach the people who answer for the site, if given.
    pub contact: Option<Contact>,
    /// What is amiss but keeps no change from going live, each located as
    /// a problem is: files in the content folder that the site does not
    /// read, and a section of the accessibility statement that shows the
    /// site's contact when `site.toml` gives none. `aseic check` and the
    /// server warn of them; they never stop the site.
    pub warnings: Vec<String>,
    /// The problems of the drafts, as `check` prints them: each keeps its
    /// draft out of the site (and out of the preview, if it cannot be
    /// built), and stops nothing else. The server logs them; the preview
    /// shows them.
    pub draft_problems: Vec<String>,
    /// How many of the newest news items the feed holds.
    pub feed_limit: usize,
    /// The site's time zone: where its days start.
    pub time_zone: super::time_zone::SiteTimeZone,
    /// When the next page or news item dated in the future is due: the
    /// server loads the content again then, and it appears.
    pub next_publication: Option<std::time::SystemTime>,
    /// Whether the newest news item is at most `latest_within_months`
    /// (`site.toml`) old on the site's day at load: the home page then
    /// calls its news "Latest news" (`home.latest_news`), else "News".
    pub latest_news: bool,
    /// When the newest news item grows older than that, if it has not yet:
    /// the server loads the content again then, and the heading changes.
    pub latest_news_until: Option<std::time::SystemTime>,
    /// The words of the interface (`ui.toml`).
    pub ui: std::sync::Arc<super::ui::Ui>,
    /// The abbreviations each page writes out at their first use
    /// (`glossary.toml`): none without the file.
    pub abbreviations: Vec<Abbreviation>,
    /// The pages written in Markdown (`content/pages/`), by path.
    pub pages: Vec<Page>,
    /// The news (`content/news/`), newest first.
    pub news: Vec<NewsItem>,
    /// The images and documents of `content/media/`, by name.
    pub media: Vec<MediaFile>,
    /// Whether drafts are shown (the editors' preview).
    pub preview: bool,
    /// The sources of the whole directory of partners.
    pub directory_sources: Vec<Source>,
    /// Two or three short sentences that open the directory.
    pub directory_summary: Option<Words>,
    /// A source not checked for this many months is due for checking.
    pub stale_after_months: u32,
    /// Names this content: a hash of its files, the same wherever the same
    /// files are served.
    pub version: String,
}

/// An abbreviation of `glossary.toml`, which each page writes out in full
/// the first time it uses it: "Asia-Europe Meeting (ASEM)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    /// As the pages write it: "ASEM", "Lao PDR".
    pub short: String,
    /// What it stands for, in the page's language (or marked as the
    /// default language's, where a translation lacks it).
    pub long: Words,
    /// How its first use reads, when not as `page.abbreviation` in
    /// `ui.toml` has it: "{short} ({long})" for "EUR (euros) 50 million".
    pub first_use: Option<super::ui::Phrase>,
}

/// Where a fact comes from, and when someone last confirmed it there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    /// As the source itself is titled: kept in its own language.
    pub title: Words,
    pub url: Option<String>,
    pub checked: Date,
}

/// A page written in Markdown, at `path`.
#[derive(Debug, Clone)]
pub struct Page {
    /// `/contact`, `/programme/2027`.
    pub path: String,
    pub title: Words,
    /// One or two sentences: the description, and the text of listings.
    pub summary: Option<Words>,
    /// When it was last changed, if the editor says.
    pub updated: Option<Date>,
    /// Shown only in the preview, with a label.
    pub draft: bool,
    /// Dated (`updated`) after today: shown only in the preview, with a
    /// label, until that day.
    pub scheduled: bool,
    /// Old addresses that lead here.
    pub aliases: Vec<String>,
    /// The text, as Markdown.
    pub body: String,
    /// The language of `body`, when it is not the page's (no translation).
    pub body_lang: Option<Arc<str>>,
    pub sources: Vec<Source>,
}

/// A news item, at `/news/SLUG`.
#[derive(Debug, Clone)]
pub struct NewsItem {
    pub slug: String,
    pub path: String,
    pub title: Words,
    pub summary: Option<Words>,
    /// The day it happened, or was announced.
    pub date: Date,
    pub updated: Option<Date>,
    pub draft: bool,
    /// Dated after today: shown only in the preview, with a label, until
    /// that day.
    pub scheduled: bool,
    pub aliases: Vec<String>,
    pub body: String,
    /// The language of `body`, when it is not the page's (no translation).
    pub body_lang: Option<Arc<str>>,
    pub sources: Vec<Source>,
}

impl NewsItem {
    /// The last day it changed: its update, or its date.
    pub fn last_changed(&self) -> Date {
        self.updated.unwrap_or(self.date).max(self.date)
    }
}

/// What a media file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Png,
    Jpeg,
    Webp,
    Svg,
    Pdf,
}

impl MediaKind {
    /// The kind a file's extension names, if the site serves it.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "png" => Some(MediaKind::Png),
            "jpg" | "jpeg" => Some(MediaKind::Jpeg),
            "webp" => Some(MediaKind::Webp),
            "svg" => Some(MediaKind::Svg),
            "pdf" => Some(MediaKind::Pdf),
            _ => None,
        }
    }

    /// Whether a page may show it as an image.
    pub fn is_image(self) -> bool {
        self != MediaKind::Pdf
    }

    /// Whether its bytes are compressed already (compressing again gains nothing).
    pub fn is_compressed(self) -> bool {
        matches!(self, MediaKind::Png | MediaKind::Jpeg | MediaKind::Webp)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            MediaKind::Png => "image/png",
            MediaKind::Jpeg => "image/jpeg",
            MediaKind::Webp => "image/webp",
            MediaKind::Svg => "image/svg+xml",
            MediaKind::Pdf => "application/pdf",
        }
    }
}

/// An image or a document from `content/media/`.
#[derive(Debug, Clone)]
pub struct MediaFile {
    /// Its name in `content/media/`: `launch.jpg`.
    pub name: String,
    pub kind: MediaKind,
    pub bytes: bytes::Bytes,
    /// An image's size in pixels, as the file says.
    pub size: Option<(u32, u32)>,
}

/// A link to one of the site's pages.
#[derive(Debug, Clone)]
pub struct Link {
    pub label: Words,
    pub path: String,
}

/// A page of text in sections.
#[derive(Debug, Clone)]
pub struct TextPage {
    pub title: Words,
    pub intro: Vec<Words>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: Words,
    pub paragraphs: Vec<Words>,
    pub points: Vec<Words>,
    /// Whether the site's contact ends the section.
    pub contact: bool,
}

/// A phone number, as shown and as a link.
#[derive(Debug, Clone)]
pub struct Phone {
    /// As written: "+82 2 123 4567".
    pub shown: String,
    /// `tel:+8221234567`.
    pub link: String,
}

/// Who answers for the site, and the ways to reach them: at least one.
#[derive(Debug, Clone)]
pub struct Contact {
    /// "the ASEIC secretariat".
    pub name: Words,
    pub email: Option<String>,
    /// A postal address, a line each.
    pub address: Vec<Words>,
    pub phone: Option<Phone>,
    /// A page of the site, or an https address.
    pub form: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MenuItem {
    pub label: Words,
    pub path: String,
    pub summary: Words,
}

#[derive(Debug, Clone)]
pub struct Aseic {
    pub title: Words,
    /// Two or three short sentences that open the page.
    pub summary: Option<Words>,
    pub founded: i64,
    pub paragraphs: Vec<Words>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone)]
pub struct Asem {
    pub title: Words,
    /// Two or three short sentences that open the page.
    pub summary: Option<Words>,
    pub founded: i64,
    /// The number of partners, as stated and as counted (they agree).
    pub total_partners: usize,
    pub history: Vec<Words>,
    /// Dated notes, in the site's own words, after the quoted history.
    pub history_updates: Vec<Words>,
    pub pillars_heading: Words,
    pub pillars_intro: Words,
    pub pillars: Vec<Words>,
    pub process: Vec<Words>,
    pub summits_heading: Words,
    /// In order of number.
    pub summits: Vec<Summit>,
    /// The sources of the history and the pillars.
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summit {
    pub number: i64,
    /// "1st", "2nd", "11th", as the language writes them.
    pub ordinal: String,
    pub year: i64,
    pub city: Words,
    pub country: Words,
    /// The partners that joined at this summit, in the order the file gives.
    pub joined: Vec<PartnerRef>,
    /// The number of partners after this summit.
    pub partners_after: usize,
    /// The days it met, where the content gives them.
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Who hosted it, where not the host country's government.
    pub host: Option<Words>,
    pub theme: Option<Words>,
    /// Its theme in the words it was given, beside a translation of it.
    pub official_theme: Option<Words>,
    pub note: Option<Words>,
    #[serde(skip)]
    pub sources: Vec<Source>,
}

/// A link to a partner's page.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerRef {
    pub name: Words,
    pub slug: String,
    /// The address of its page, `/members/korea`.
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct Partner {
    pub name: Words,
    /// Other names it is found by: its name in the default language, and
    /// any a translation gives ("한국" beside "대한민국").
    pub also: Vec<String>,
    pub slug: String,
    /// The address of its page, `/members/korea`.
    pub path: String,
    pub region: Region,
    pub organisations: Vec<Organisation>,
    /// The number of the summit at which it joined ASEM.
    pub joined_at: i64,
    /// The sources of its organisations, beside the directory's own.
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub kind: OrganisationKind,
    /// Its official name; kept in English where a translation gives none.
    pub name: Words,
    pub link: Option<String>,
    /// The language of its name, when that is not the page's: `id`.
    pub lang: Option<String>,
    /// Its name in the page's language, when its own is in another.
    pub gloss: Option<Words>,
}

#[derive(Debug, Clone)]
pub struct EcoInnovation {
    pub title: Words,
    /// Two or three short sentences that open the page.
    pub summary: Option<Words>,
    pub key_points: Vec<Words>,
    pub definitions: Vec<EcoDefinition>,
}

#[derive(Debug, Clone)]
pub struct EcoDefinition {
    pub source: Words,
    pub lead: Words,
    pub quote: Words,
    pub note: Option<Words>,
    /// A dated note, in the site's own words, after the quotation.
    pub update: Option<Words>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone)]
pub struct Sme {
    pub title: Words,
    /// Two or three short sentences that open the page.
    pub summary: Option<Words>,
    pub intro: Vec<Words>,
    /// Dated notes, in the site's own words, after the quoted intro.
    pub intro_updates: Vec<Words>,
    pub definition_heading: Words,
    pub definition: Vec<Words>,
    pub statements_heading: Words,
    pub statements: Vec<Statement>,
    /// The ISO 4217 code of every amount: `EUR`.
    pub currency: String,
    /// The currency as amounts name it: "EUR", "유로".
    pub currency_name: Words,
    /// Smallest first; each ceiling above the one before.
    pub categories: Vec<Category>,
    pub definition_sources: Vec<Source>,
    /// The sources of the intro, such as its dated note's.
    pub intro_sources: Vec<Source>,
}

#[derive(Debug, Clone)]
pub struct Statement {
    pub text: Words,
    pub source: Words,
    /// What a reader should know beside it, such as a source that disagrees.
    pub note: Option<Words>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone)]
pub struct Category {
    /// Its name in data and addresses: `micro`.
    pub name: String,
    /// Its name as pages show it: "Micro".
    pub label: Words,
    /// "medium-sized": the size as sentences name it.
    pub size: Words,
    /// "a medium-sized enterprise", when the content gives it.
    pub enterprise: Option<Words>,
    pub staff_below: u64,
    pub turnover_max: u64,
    pub balance_sheet_max: u64,
    pub sources: Vec<Source>,
}

/// The two groups of ASEM partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    Asia,
    Europe,
}

/// Whether an organisation is part of a government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrganisationKind {
    Government,
    Other,
}

impl Region {
    /// Every region, in the order the directory shows them.
    pub const ALL: [Region; 2] = [Region::Asia, Region::Europe];

    /// Its name in addresses, data files and filters: `asia`.
    pub fn slug(self) -> &'static str {
        match self {
            Region::Asia => "asia",
            Region::Europe => "europe",
        }
    }

    /// The region whose slug is `slug`, in any case.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.slug().eq_ignore_ascii_case(slug))
    }
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 2] = [OrganisationKind::Government, OrganisationKind::Other];

    /// Its name in addresses, data files and filters: `government`.
    pub fn slug(self) -> &'static str {
        match self {
            OrganisationKind::Government => "government",
            OrganisationKind::Other => "other",
        }
    }

    /// The kind whose slug is `text`, in any case; `others`, as the seed's
    /// directory names the column, is taken for `other`.
    pub fn from_slug(text: &str) -> Option<Self> {
        let text = if text.eq_ignore_ascii_case("others") { "other" } else { text };
        Self::ALL.into_iter().find(|k| k.slug().eq_ignore_ascii_case(text))
    }
}

impl Summit {
    /// The id of its place on the ASEM page: `summit-5`.
    pub fn fragment(&self) -> String {
        routes::summit_fragment(self.number)
    }

    /// The link to its place on the ASEM page: `/asem#summit-5`.
    pub fn path(&self) -> String {
        routes::summit(self.number)
    }
}

impl Site {
    /// The address of the site's page `path` in this site's language:
    /// `/asem`, or `/ko/asem` in Korean.
    pub fn link(&self, path: &str) -> String {
        self.language.link(path).into_owned()
    }

    /// The Markdown page at `path`.
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.path == path)
    }

    /// The media file called `name` in `content/media/`.
    pub fn media_file(&self, name: &str) -> Option<&MediaFile> {
        self.media.iter().find(|m| m.name == name)
    }

    /// The partner whose page is at `/members/{slug}`.
    pub fn partner(&self, slug: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.slug == slug)
    }

    /// The summit with this number.
    pub fn summit(&self, number: i64) -> Option<&Summit> {
        self.asem.summits.iter().find(|s| s.number == number)
    }

    /// When the server should next load the content again on its own: the
    /// next publication, or the moment the newest news stops being the
    /// latest, whichever comes first.
    pub fn next_reload(&self) -> Option<std::time::SystemTime> {
        self.next_publication.into_iter().chain(self.latest_news_until).min()
    }

    /// The number of organisations across the directory.
    pub fn organisation_count(&self) -> usize {
        self.partners.iter().map(|p| p.organisations.len()).sum()
    }
}

/// The address part of a partner's page derived from its name: letters and
/// digits, accents removed, in lower case, other runs as one dash.
pub fn slug_from_name(name: &str) -> String {
    slug::slugify(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug_from_name("Korea"), "korea");
        assert_eq!(slug_from_name("Lao PDR"), "lao-pdr");
        assert_eq!(slug_from_name("  United   Kingdom "), "united-kingdom");
        assert_eq!(slug_from_name("Côte d'Ivoire"), "cote-d-ivoire");
        assert_eq!(slug_from_name("Türkiye"), "turkiye");
    }

    #[test]
    fn regions_and_kinds_read_back_what_they_write() {
        for region in Region::ALL {
            assert_eq!(Region::from_slug(region.slug()), Some(region));
            assert_eq!(Region::from_slug(&region.slug().to_uppercase()), Some(region));
        }
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(OrganisationKind::from_slug("Others"), Some(OrganisationKind::Other));
        assert_eq!(Region::from_slug("africa"), None);
    }
}
