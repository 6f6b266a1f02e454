//! The shape of a translation's files, as an editor writes them: a folder
//! named after the language (`content/ko/`) that mirrors the default
//! language's files and holds only their words. Each record is keyed by
//! its slug or number (`[summit.12]`, `[partner.korea]`); the data (years,
//! dates, numbers, links, slugs, who joined when) is written once, in the
//! default language's files, and a translation that repeats it is refused.
//! Every field may be left out: the page then shows the default language's
//! text, marked as such.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::located::Located;
use super::model::Text;

/// A record's key, with its place in the file: a slug, a number, a path.
pub type Key = Located<String>;

/// The fields that hold data in the default language's files, which a
/// translation may not repeat: a translation that names one is told so.
pub const DATA_FIELDS: [&str; 32] = [
    "base_url",
    "languages",
    "path",
    "sources",
    "stale_after_months",
    "latest_within_months",
    "email",
    "phone",
    "form",
    "founded",
    "total_partners",
    "number",
    "year",
    "joined",
    "start",
    "end",
    "slug",
    "region",
    "kind",
    "link",
    "url",
    "checked",
    "currency",
    "staff_below",
    "turnover_max",
    "balance_sheet_max",
    "definition_sources",
    "intro_sources",
    "date",
    "updated",
    "draft",
    "aliases",
];

/// `LANG/site.toml`: the site's name and description, the menu's labels
/// and summaries, the footer's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteWords {
    /// The short name, in the header and every page title.
    pub name: Option<Text>,
    /// The full name, beside the short name.
    pub full_name: Option<Text>,
    /// One sentence about the site: the pages' description.
    pub description: Option<Text>,
    /// Each menu entry's words, by its page's path: `[menu."/asem"]`.
    #[serde(default)]
    pub menu: BTreeMap<Key, MenuWords>,
    /// The footer's words.
    #[serde(default)]
    pub footer: FooterWords,
    /// The contact's words (`[contact]` in site.toml).
    pub contact: Option<ContactWords>,
}

/// One menu entry's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MenuWords {
    /// The link's text.
    pub label: Option<Text>,
    /// The line on the home page that says what the page holds.
    pub summary: Option<Text>,
}

/// The footer's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FooterWords {
    /// The footer's text.
    pub text: Option<Text>,
    /// Each footer link's text, by its page's path: `"/accessibility" = "…"`.
    #[serde(default)]
    pub links: BTreeMap<Key, Text>,
}

/// The contact's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactWords {
    /// Who answers, as a sentence names them.
    pub name: Option<Text>,
    /// The postal address, a line each, as written in this language.
    #[serde(default)]
    pub address: Vec<Text>,
}

/// `LANG/aseic.toml`: the home page's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AseicWords {
    pub title: Option<Text>,
    pub summary: Option<Text>,
    /// The paragraphs, in the order of the default language's.
    #[serde(default)]
    pub paragraphs: Vec<Text>,
}

/// `LANG/asem.toml`: the words about ASEM, and each summit's by number.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AsemWords {
    pub title: Option<Text>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub history: Vec<Text>,
    #[serde(default)]
    pub history_updates: Vec<Text>,
    pub pillars_heading: Option<Text>,
    pub pillars_intro: Option<Text>,
    #[serde(default)]
    pub pillars: Vec<Text>,
    #[serde(default)]
    pub process: Vec<Text>,
    pub summits_heading: Option<Text>,
    /// Each summit's words, by its number: `[summit.12]`.
    #[serde(default)]
    pub summit: BTreeMap<Key, SummitWords>,
}

/// One summit's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummitWords {
    pub city: Option<Text>,
    pub country: Option<Text>,
    pub host: Option<Text>,
    /// The theme in this language; the page keeps the official one beside it.
    pub theme: Option<Text>,
    pub note: Option<Text>,
}

/// `LANG/members.toml`: the directory's words, and each partner's by slug.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MembersWords {
    pub summary: Option<Text>,
    /// Each partner's words, by its slug: `[partner.korea]`.
    #[serde(default)]
    pub partner: BTreeMap<Key, PartnerWords>,
}

/// One partner's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerWords {
    /// Its name in this language: "대한민국".
    pub name: Option<Text>,
    /// Other names readers know it by, which search and the directory's
    /// filter find it by too: "한국".
    #[serde(default)]
    pub also: Vec<Text>,
    /// Its organisations' names in this language, by their official name:
    /// `"Ministry of Environment" = "환경부"`. An organisation left out keeps
    /// its official name, marked as being in the default language.
    #[serde(default)]
    pub organisations: BTreeMap<Key, Text>,
}

/// `LANG/eco_innovation.toml`: the page's words, and each definition's by
/// the slug of its source's name (`[definition.european-commission]`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcoInnovationWords {
    pub title: Option<Text>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub key_points: Vec<Text>,
    #[serde(default)]
    pub definition: BTreeMap<Key, DefinitionWords>,
}

/// One definition's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DefinitionWords {
    pub source: Option<Text>,
    pub lead: Option<Text>,
    pub quote: Option<Text>,
    pub note: Option<Text>,
    pub update: Option<Text>,
}

/// `LANG/sme.toml`: the page's words, each statement's by the slug of its
/// source, and each category's by its name (`[category.micro]`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SmeWords {
    pub title: Option<Text>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub intro: Vec<Text>,
    #[serde(default)]
    pub intro_updates: Vec<Text>,
    pub definition_heading: Option<Text>,
    #[serde(default)]
    pub definition: Vec<Text>,
    pub statements_heading: Option<Text>,
    /// The currency as amounts name it: "유로".
    pub currency_name: Option<Text>,
    #[serde(default)]
    pub statement: BTreeMap<Key, StatementWords>,
    #[serde(default)]
    pub category: BTreeMap<Key, CategoryWords>,
}

/// One statement's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementWords {
    pub text: Option<Text>,
    pub source: Option<Text>,
    pub note: Option<Text>,
}

/// One size category's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryWords {
    /// Its name as the pages show it: "중기업".
    pub name: Option<Text>,
    /// The size as the SME check's sentences name it.
    pub size: Option<Text>,
    /// The category as the SME check's answer names it.
    pub enterprise: Option<Text>,
}

/// `LANG/accessibility.toml`: the statement's words, and each section's by
/// the slug of its heading (`[section.how-we-test-it]`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextPageWords {
    pub title: Option<Text>,
    #[serde(default)]
    pub intro: Vec<Text>,
    #[serde(default)]
    pub section: BTreeMap<Key, SectionWords>,
}

/// One section's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionWords {
    pub heading: Option<Text>,
    #[serde(default)]
    pub paragraphs: Vec<Text>,
    #[serde(default)]
    pub points: Vec<Text>,
}

/// The front matter of a translated page or news item (`LANG/pages/…md`,
/// `LANG/news/…md`): its words only; its date, draft state, aliases and
/// sources are the default language's file's.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageWords {
    pub title: Option<Text>,
    pub summary: Option<Text>,
}

/// `LANG/ui.toml`: phrases of the interface by section and key, as in
/// `ui.toml`; every one may be left out.
pub type UiWords = BTreeMap<Key, BTreeMap<Key, Text>>;

/// `LANG/glossary.toml`: what each abbreviation stands for in the
/// language, by the abbreviation: `[term.ASEM]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryWords {
    #[serde(default)]
    pub term: BTreeMap<Key, TermWords>,
}

/// One abbreviation's words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermWords {
    /// What it stands for: "아시아·유럽 정상회의".
    pub long: Option<Text>,
    /// How its first use reads in the language, when not as
    /// `page.abbreviation` in ui.toml has it.
    pub first_use: Option<Text>,
}
