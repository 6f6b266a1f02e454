//! The shape of each content file, exactly as an editor writes it.
//!
//! Values that a later check may need to point at are `Spanned`, so that a
//! message can name their line. `validate` turns these into the `Site`.

use schemars::JsonSchema;
use serde::Deserialize;

pub use super::located::{Date, Located};

/// A piece of text with its place in the file.
pub type Text = Located<String>;

/// `ui.toml`: the words of the interface, each with its place in the file.
pub type UiFile = crate::site::ui::Ui<Text>;

/// `site.toml`: the site's name, menu and footer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// Short name, shown in the header and page titles. Required.
    pub name: Text,
    /// Full name, shown beside the short name. Required.
    pub full_name: Text,
    /// The public address, such as `https://www.aseic.org`. Required.
    #[schemars(regex(pattern = r#"^https?://[^/\s"<>\\]+\.[^/\s"<>\\]+(/[^\s"<>\\]*)?$"#))]
    pub base_url: Text,
    /// One sentence about the site, used as the page description. Required.
    pub description: Text,
    /// The languages of the site, the default first: its pages are at the
    /// root, and each other one's under its tag (`/ko/`), made from the
    /// translation in the folder of that name. Optional: by default, only
    /// the language of ui.toml.
    #[serde(default)]
    pub languages: Vec<LanguageEntry>,
    /// The global menu, in order. Required, at least one entry.
    pub menu: Vec<MenuEntry>,
    /// The footer. Required.
    pub footer: Footer,
    /// How sources are kept up to date. Optional.
    #[serde(default)]
    pub sources: SourceSettings,
    /// How visitors reach the people who answer for the site. Optional.
    pub contact: Option<ContactFile>,
    /// The site's time zone, a name of the IANA database such as
    /// "Asia/Seoul": a news item or page dated in the future appears at the
    /// start of its day there, on its own. Optional, UTC by default.
    pub time_zone: Option<Text>,
    /// How many of the newest news items the Atom feed holds (it links to
    /// the news pages for the rest). Optional, 20 by default.
    #[schemars(range(min = 1, max = 1000))]
    pub feed_limit: Option<Located<i64>>,
    /// The home page calls its news "Latest news" (`home.latest_news` in
    /// ui.toml) while the newest item it shows is at most this many months
    /// old, on the site's day, and "News" (`home.news`) after that.
    /// Optional, 12 by default.
    #[schemars(range(min = 1, max = 600))]
    pub latest_within_months: Option<Located<i64>>,
}

/// One language of the site: `{ tag = "ko", name = "한국어" }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    /// Its language tag, such as `ko`: the pages' `lang`, the folder of its
    /// translation and the start of its pages' addresses. Required.
    pub tag: Text,
    /// Its name in itself, as the link to it reads: "한국어". Required.
    pub name: Text,
}

/// `[contact]` in `site.toml`: who answers for the site, and how to reach
/// them. At least one way is required: an email, an address, a phone
/// number or a form.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactFile {
    /// Who answers, as a sentence may name them: "the ASEIC secretariat". Required.
    pub name: Text,
    /// An email address, alone: "info@example.org". Optional.
    pub email: Option<Text>,
    /// A postal address, a line each. Optional.
    #[serde(default)]
    pub address: Vec<Text>,
    /// A telephone number, as callers from abroad dial it: "+82 2 123 4567". Optional.
    pub phone: Option<Text>,
    /// A contact form: a page of the site, or an https address. Optional.
    pub form: Option<Text>,
}

/// `[sources]` in `site.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceSettings {
    /// A source not checked for this many months is due: `aseic check` warns
    /// of it, and `aseic check --stale` lists it. Optional, 24 by default.
    #[serde(default = "SourceSettings::default_months")]
    #[schemars(range(min = 1, max = 600))]
    pub stale_after_months: Located<i64>,
}

impl SourceSettings {
    fn default_months() -> Located<i64> {
        Located::fixed(24)
    }
}

impl Default for SourceSettings {
    fn default() -> Self {
        Self { stale_after_months: Self::default_months() }
    }
}

/// Where a fact comes from, and when someone last confirmed it there:
/// `{ title = "…", url = "https://…", checked = 2026-11-29 }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What it is, as a reader would look for it: "Council of the EU,
    /// Asia-Europe Meeting (ASEM), 18-19/10/2018". Required.
    pub title: Text,
    /// Where to read it, an http or https address. Optional: a printed
    /// source has none.
    #[schemars(regex(pattern = r#"^https?://[^/\s"<>\\]+\.[^/\s"<>\\]+(/[^\s"<>\\]*)?$"#))]
    pub url: Option<Text>,
    /// The day someone last confirmed the fact in the source, such as
    /// 2026-11-29. Required.
    pub checked: Located<Date>,
}

/// One entry of the global menu.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    /// The link's text. Required.
    pub label: Text,
    /// The page's path, one of the site's routes, such as `/asem`. Required.
    pub path: Text,
    /// One line saying what the page holds, shown on the home page. Required.
    pub summary: Text,
}

/// The footer of every page.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// The footer's text. Required.
    pub text: Text,
    /// Links to pages, such as the accessibility statement. Optional.
    #[serde(default)]
    pub links: Vec<FooterLink>,
}

/// A link in the footer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FooterLink {
    /// The link's text. Required.
    pub label: Text,
    /// The page's path, one of the site's routes. Required.
    pub path: Text,
}

/// A page of text in sections, such as `accessibility.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextPageFile {
    /// The page's main heading. Required.
    pub title: Text,
    /// The opening paragraphs. Required.
    pub intro: Vec<Text>,
    /// The sections, in order. Required.
    pub section: Vec<Section>,
}

/// A section of a text page.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's heading. Required.
    pub heading: Text,
    /// Its paragraphs. Required.
    pub paragraphs: Vec<Text>,
    /// A list of points after the paragraphs. Optional.
    #[serde(default)]
    pub points: Vec<Text>,
    /// Whether the section shows the site's contact (`[contact]` in
    /// `site.toml`) at its end. Optional, false by default.
    #[serde(default = "Section::no_contact")]
    pub contact: Located<bool>,
}

impl Section {
    fn no_contact() -> Located<bool> {
        Located::fixed(false)
    }
}

/// `aseic.toml`: what ASEIC is.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AseicFile {
    /// The home page's main heading. Required.
    pub title: Text,
    /// Two or three short sentences, in plain words, that open the page
    /// before its full text. Optional.
    pub summary: Option<Text>,
    /// The year ASEIC was established. Required.
    pub founded: Located<i64>,
    /// The text, one string a paragraph. Required, at least one.
    pub paragraphs: Vec<Text>,
    /// The sources of the text. Optional.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// `asem.toml`: ASEM's history, pillars and summits.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AsemFile {
    /// The page's main heading. Required.
    pub title: Text,
    /// Two or three short sentences, in plain words, that open the page
    /// before its full text. Optional.
    pub summary: Option<Text>,
    /// The year ASEM was established. Required.
    pub founded: Located<i64>,
    /// The number of partners today; must equal the count from the summits. Required.
    pub total_partners: Located<i64>,
    /// The history, one string a paragraph. Required.
    pub history: Vec<Text>,
    /// Dated notes on what has changed since the history was written, shown
    /// after it in the site's own words. Optional.
    #[serde(default)]
    pub history_updates: Vec<Text>,
    /// The heading over the pillars. Required.
    pub pillars_heading: Text,
    /// The sentence that introduces the pillars. Required.
    pub pillars_intro: Text,
    /// The pillars, in order. Required.
    pub pillars: Vec<Text>,
    /// What the process means, one string a paragraph. Required.
    pub process: Vec<Text>,
    /// The heading over the summits, which says who joined at each. Required.
    pub summits_heading: Text,
    /// The summits, in order of number. Required.
    pub summit: Vec<Summit>,
    /// The sources of the history and the pillars. Optional.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// One ASEM summit.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summit {
    /// Its ordinal: 1 for the first summit. Required.
    pub number: Located<i64>,
    /// The year it met. Required.
    pub year: Located<i64>,
    /// The host city. Required.
    pub city: Text,
    /// The host country. Required.
    pub country: Text,
    /// The partners that joined at it, by their name in members.toml. Required (may be empty).
    pub joined: Vec<Text>,
    /// The day it opened, such as 2018-10-18, in its `year`. Optional.
    pub start: Option<Located<Date>>,
    /// The day it closed, if not the day it opened. Optional.
    pub end: Option<Located<Date>>,
    /// Who hosted it, where not the host country's government: "the
    /// European Union". Optional.
    pub host: Option<Text>,
    /// Its theme. Optional.
    pub theme: Option<Text>,
    /// What else a reader should know: how it met, when it was planned
    /// for. Optional.
    pub note: Option<Text>,
    /// The sources of the summit's facts. Optional, but every summit should
    /// have one.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// `members.toml`: the directory of partners.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MembersFile {
    /// Two or three short sentences, in plain words, that open the page
    /// before its full text. Optional.
    pub summary: Option<Text>,
    /// The partners. Required.
    pub partner: Vec<Partner>,
    /// The sources of the whole directory. Optional.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// One ASEM partner: a member state or a regional organisation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Its name, as the summits in asem.toml spell it. Required.
    pub name: Text,
    /// The last part of its page's address; derived from the name when absent. Optional.
    pub slug: Option<Text>,
    /// `asia` or `europe`. Required.
    pub region: Located<Region>,
    /// Its ministries and organisations. Required (may be empty).
    pub organisations: Vec<Organisation>,
    /// The sources of its organisations, beside the directory's own.
    /// Optional.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// The two groups of ASEM partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Asia,
    Europe,
}

/// A ministry or other organisation of a partner.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// `government` or `other`. Required.
    pub kind: OrganisationKind,
    /// Its name. Required.
    pub name: Text,
    /// Its website, an http or https URL. Optional.
    #[schemars(regex(pattern = r#"^https?://[^/\s"<>\\]+\.[^/\s"<>\\]+(/[^\s"<>\\]*)?$"#))]
    pub link: Option<Text>,
    /// The language of its name, when that is not the site's: a language
    /// tag, such as "id" for "Badan Litbang Pertanian". Optional.
    pub lang: Option<Text>,
    /// Its name in English, when its own is in another language. Optional.
    pub gloss: Option<Text>,
}

/// Whether an organisation is part of a government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OrganisationKind {
    Government,
    Other,
}

/// `eco_innovation.toml`: the definitions of eco-innovation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcoInnovationFile {
    /// The page's main heading. Required.
    pub title: Text,
    /// Two or three short sentences, in plain words, that open the page
    /// before its full text. Optional.
    pub summary: Option<Text>,
    /// Short statements shown above the definitions. Required (may be empty).
    pub key_points: Vec<Text>,
    /// The definitions, in order. Required, at least one.
    pub definition: Vec<Definition>,
}

/// One definition of eco-innovation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// Who gives it. Required.
    pub source: Text,
    /// The words that lead into the quotation. Required.
    pub lead: Text,
    /// The definition, without quotation marks. Required.
    pub quote: Text,
    /// A comment that follows the quotation. Optional.
    pub note: Option<Text>,
    /// A dated note, in the site's own words, on what has changed since
    /// the text was written. Optional.
    pub update: Option<Text>,
    /// Where the definition is published. Optional, but every definition
    /// should have one.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// `sme.toml`: what an SME is.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SmeFile {
    /// The page's main heading. Required.
    pub title: Text,
    /// Two or three short sentences, in plain words, that open the page
    /// before its full text. Optional.
    pub summary: Option<Text>,
    /// Why SMEs matter, one string a paragraph. Required.
    pub intro: Vec<Text>,
    /// Dated notes on what has changed since `intro` was written. Optional.
    #[serde(default)]
    pub intro_updates: Vec<Text>,
    /// The heading of the definition. Required.
    pub definition_heading: Text,
    /// The definition, one string a paragraph. Required.
    pub definition: Vec<Text>,
    /// The heading above the statements. Required.
    pub statements_heading: Text,
    /// The ISO 4217 code of every amount, such as `EUR`. Required.
    pub currency: Text,
    /// The currency as amounts name it, such as "EUR" ("EUR 50 million").
    /// Optional: the code by default.
    pub currency_name: Option<Text>,
    /// Statements about SMEs, each with its source. Required (may be empty).
    pub statement: Vec<Statement>,
    /// The size categories, smallest first. Required, at least one.
    pub category: Vec<Category>,
    /// The sources of the definition's paragraphs. Optional.
    #[serde(default)]
    pub definition_sources: Vec<Source>,
    /// The sources of the intro's paragraphs, such as a dated note's. Optional.
    #[serde(default)]
    pub intro_sources: Vec<Source>,
}

/// A statement about SMEs and who made it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// The statement. Required.
    pub text: Text,
    /// Who made it. Required.
    pub source: Text,
    /// What a reader should know beside it, such as a source that
    /// disagrees. Optional.
    pub note: Option<Text>,
    /// Where it is published. Optional, but every statement should have one.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// One size category with its ceilings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// `micro`, `small` or `medium`. Required.
    pub name: Text,
    /// The size as the SME check's answer names it ("medium-sized" in "the
    /// medium-sized-enterprise ceiling"). Optional: the name by default.
    pub size: Option<Text>,
    /// The category with its article, as the answer names it ("a
    /// medium-sized enterprise"). Optional: `sme_check.enterprise` in
    /// `ui.toml`, with the size, by default.
    pub enterprise: Option<Text>,
    /// The staff headcount (annual work units) must be below this. Required, above 0.
    pub staff_below: Located<i64>,
    /// Annual turnover ceiling, in the currency. Required, above 0.
    pub turnover_max: Located<i64>,
    /// Balance-sheet total ceiling, in the currency. Required, above 0.
    pub balance_sheet_max: Located<i64>,
    /// The rule that sets these ceilings, to its article. Optional, but
    /// every category should have one.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// The front matter of a page, `content/pages/PATH.md`, between its `+++`
/// lines; the page is at `/PATH`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// The page's title: its main heading, and its name in the menu's
    /// place and in search. Required.
    pub title: Text,
    /// One or two sentences on what the page holds: its description for
    /// search engines and shared links, and its text in search. Optional.
    pub summary: Option<Text>,
    /// The day the page last changed, such as 2026-11-01: shown as "Last
    /// updated". Optional.
    pub updated: Option<Located<Date>>,
    /// `true` keeps the page out of the site: only the preview
    /// (`aseic serve --preview`) shows it. Optional, `false` by default.
    #[serde(default)]
    pub draft: bool,
    /// Old addresses of the page, such as "/contact-us": each is redirected
    /// here. Optional.
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// The sources of the page's facts. Optional.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// The front matter of a news item, `content/news/SLUG.md`; the item is at
/// `/news/SLUG`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsFrontMatter {
    /// The headline. Required.
    pub title: Text,
    /// The day of the news, such as 2011-06-15: items are listed newest
    /// first. Required.
    pub date: Located<Date>,
    /// One or two sentences: the item's text in the list of news, in the
    /// feed and in search. Optional.
    pub summary: Option<Text>,
    /// The day the item last changed, if after its date. Optional.
    pub updated: Option<Located<Date>>,
    /// `true` keeps the item out of the site but in the preview. Optional.
    #[serde(default)]
    pub draft: bool,
    /// Old addresses of the item, redirected here. Optional.
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// The sources of the item's facts. Optional.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// `glossary.toml`: the abbreviations the pages use, each written out in
/// full the first time a page uses it. Optional: without it, none is.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    /// One `[[term]]` block per abbreviation.
    #[serde(default)]
    pub term: Vec<TermEntry>,
}

/// One abbreviation: `short = "ASEM"`, `long = "Asia-Europe Meeting"`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    /// The abbreviation, as the pages write it: "ASEM", "Lao PDR". Each
    /// once. Required.
    pub short: Text,
    /// What it stands for, as a sentence writes it: "Asia-Europe Meeting".
    /// Required.
    pub long: Text,
    /// How its first use reads, when not as `page.abbreviation` in ui.toml
    /// has it ("{long} ({short})"): "{short} ({long})" for a currency,
    /// "EUR (euros) 50 million". Optional.
    pub first_use: Option<Text>,
}
