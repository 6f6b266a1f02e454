//! The askama template of each page, with the ready-made data it shows.
//! Templates do no lookups or arithmetic: everything is prepared in
//! `pages`, `members` and `sme`; links to the site's own pages come from
//! `site::routes`, which the templates name directly.

use askama::Template;

use super::chart::Chart;
use super::citations::{Listed, Marker};
use super::markdown::Markup;
use crate::site::routes;
use crate::site::search::SnippetPiece;
use crate::site::ui::{Phrase, Ui};
use crate::site::{
    Aseic, Asem, Contact, Date, EcoInnovation, Language, MenuItem, NewsItem, Organisation, Partner, Sme, TextPage,
    Words,
};

/// The templates' own filters.
mod filters {
    use crate::render::markdown::Markup;
    use crate::render::marked::{Localized, in_language};

    /// A text field's inline Markdown (links, emphasis, code) as HTML, its
    /// links leading to the pages in the `layout`'s language, and marked
    /// with its own language when it is not the page's.
    #[askama::filter_fn]
    pub fn inline<T: Localized>(
        text: &T,
        _: &dyn askama::Values,
        layout: &crate::render::views::Layout,
    ) -> askama::Result<Markup> {
        let html = crate::render::markdown::inline(text.text(), &layout.language);
        Ok(in_language(text.lang(), &html.0))
    }
}

/// What the layout (`base.html`) shows around every page.
pub struct Layout {
    /// The language of the page.
    pub language: Language,
    /// The whole `<title>`.
    pub title: String,
    pub site_name: Words,
    pub full_name: Words,
    /// This page's description, for search engines and shared links.
    pub description: String,
    /// The page's absolute address.
    pub canonical: String,
    /// Open Graph type: `website` for the home page, `article` otherwise.
    pub og_type: &'static str,
    /// Structured data (JSON-LD) about the page, if any.
    pub json_ld: Option<serde_json::Value>,
    /// The search box's text.
    pub query: String,
    /// Whether the header has its search box: not on the search page,
    /// which has its own.
    pub site_search: bool,
    pub style: &'static str,
    pub favicon: String,
    pub menu: Vec<NavLink>,
    pub footer: Words,
    pub footer_links: Vec<NavLink>,
    /// The page in each language it is in, for `<link rel="alternate">`:
    /// empty for a page of no address (an error).
    pub alternates: Vec<Alternate>,
    /// Links to the page in the other languages, for the switcher.
    pub other_languages: Vec<LanguageLink>,
    /// The address of the news feed in the page's language.
    pub feed: String,
    /// The sources the page cites, numbered, for the list at its foot.
    pub sources: Vec<Listed>,
    /// The latest `checked` or `updated` date of what the page holds.
    pub last_updated: Option<Date>,
    /// The words of the interface.
    pub ui: std::sync::Arc<Ui>,
}

impl Layout {
    /// The address of the site's page `path` in the page's language.
    pub fn link(&self, path: &str) -> String {
        self.language.link(path).into_owned()
    }
}

/// One link of the global menu, marked (`aria-current`) when it is the
/// page shown (`page`) or the section it is in (`true`).
pub struct NavLink {
    pub label: Words,
    /// The address, in the page's language.
    pub path: String,
    pub current: Option<&'static str>,
}

/// The page in one language: its tag (`x-default` for the default's
/// address) and its absolute address.
#[derive(Debug, Clone)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// A link to the page in another language, named in that language.
pub struct LanguageLink {
    pub tag: String,
    pub name: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    pub layout: Layout,
    pub aseic: &'a Aseic,
    /// The notes beside the text.
    pub aseic_marks: Vec<Marker>,
    /// The newest news, newest first.
    pub news: &'a [NewsItem],
    /// Their heading: "Latest news" while the newest is recent, else "News".
    pub news_heading: &'a Phrase,
    /// The menu entries other than the home page, as ways into the site.
    pub explore: Vec<&'a MenuItem>,
}

/// A page written in Markdown.
#[derive(Template)]
#[template(path = "page.html")]
pub struct MarkdownPage<'a> {
    pub layout: Layout,
    pub title: &'a Words,
    pub draft: bool,
    /// The label of a page dated after today, in the preview.
    pub scheduled: Option<String>,
    pub body: Markup,
    /// The language of the body, when it is not the page's.
    pub body_lang: Option<&'a str>,
}

/// One news item.
#[derive(Template)]
#[template(path = "news_item.html")]
pub struct NewsItemPage<'a> {
    pub layout: Layout,
    pub item: &'a NewsItem,
    /// The label of an item dated after today, in the preview.
    pub scheduled: Option<String>,
    pub body: Markup,
}

/// One page of the list of news.
#[derive(Template)]
#[template(path = "news_list.html")]
pub struct NewsListPage<'a> {
    pub layout: Layout,
    pub heading: String,
    pub items: &'a [NewsItem],
    /// This page's number, from 1, and how many there are.
    pub number: usize,
    pub pages: usize,
    pub newer: Option<String>,
    pub older: Option<String>,
}

/// The news as an Atom feed (RFC 4287).
#[derive(Template)]
#[template(path = "atom.xml")]
pub struct AtomFeed {
    pub base_url: String,
    /// The language tag of the feed's words.
    pub language: String,
    pub title: String,
    pub subtitle: String,
    /// The feed's permanent id: its own address.
    pub id: String,
    pub self_url: String,
    pub news_url: String,
    /// RFC 3339, such as `2011-06-15T00:00:00Z`.
    pub updated: String,
    pub author: String,
    pub entries: Vec<AtomEntry>,
}

/// One news item in the feed.
pub struct AtomEntry {
    /// The language of the item, when it is not the feed's (no translation).
    pub lang: Option<String>,
    pub title: String,
    /// Its absolute address, which is also its id.
    pub url: String,
    pub published: String,
    pub updated: String,
    pub summary: Option<String>,
    /// The body as HTML, escaped once more by the template.
    pub content: String,
}

#[derive(Template)]
#[template(path = "asem.html")]
pub struct AsemPage<'a> {
    pub layout: Layout,
    pub asem: &'a Asem,
    pub chart: Chart,
    /// The notes beside the history, and beside each summit, in order.
    pub history_marks: Vec<Marker>,
    pub summit_marks: Vec<Vec<Marker>>,
}

#[derive(Template)]
#[template(path = "members.html")]
pub struct MembersPage<'a> {
    pub layout: Layout,
    pub partner_count: usize,
    pub organisation_count: usize,
    /// The notes beside the directory's introduction.
    pub directory_marks: Vec<Marker>,
    /// Two or three short sentences that open the page.
    pub summary: Option<&'a Words>,
    pub groups: Vec<RegionGroup<'a>>,
    pub filter: FilterView,
    /// The directory's column headings: each kind's label.
    pub government_label: String,
    pub other_label: String,
    /// Whether each kind's column is shown: not when the filter asks for
    /// the other kind, as it would be empty in every row.
    pub government_column: bool,
    pub other_column: bool,
}

/// The directory's filter form and what is chosen.
pub struct FilterView {
    /// The chosen region's slug, or "".
    pub region: &'static str,
    /// The chosen kind's slug, or "".
    pub kind: &'static str,
    pub q: String,
    pub regions: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub active: Vec<ActiveFilter>,
    /// How many partners match, in words.
    pub summary: String,
    /// Messages for values that are not known.
    pub errors: Vec<String>,
}

/// One option of a filter.
pub struct Choice {
    pub value: &'static str,
    pub label: String,
}

/// A filter in force, with the link that removes it.
pub struct ActiveFilter {
    pub label: String,
    pub remove_url: String,
}

/// The partners of one region, for the directory.
pub struct RegionGroup<'a> {
    /// The fragment id of the region's heading, such as `asia`.
    pub id: &'static str,
    pub label: String,
    /// A to Z.
    pub partners: Vec<DirectoryRow<'a>>,
    /// The first letters of its partners' names, each with the id of the
    /// first row that starts with it.
    pub letters: Vec<JumpLetter>,
}

/// A jump link to the partners of a region whose names start with `letter`.
pub struct JumpLetter {
    pub letter: String,
    pub id: String,
}

/// One partner in the directory, its organisations split by kind.
pub struct DirectoryRow<'a> {
    pub name: &'a str,
    pub path: &'a str,
    pub government: Vec<&'a Organisation>,
    pub others: Vec<&'a Organisation>,
    /// The row's id, if a jump link leads to it.
    pub anchor: Option<String>,
}

#[derive(Template)]
#[template(path = "partner.html")]
pub struct PartnerPage<'a> {
    pub layout: Layout,
    pub partner: &'a Partner,
    pub region: String,
    /// "Joined ASEM at the 1st ASEM Summit (1996, Bangkok, Thailand)", with
    /// its link.
    pub joined: Markup,
    /// Its organisations, each with its kind's name.
    pub organisations: Vec<(&'a Organisation, String)>,
    /// The link to the partner's region in the directory.
    pub region_path: String,
    /// The notes beside the summit it joined at, and beside its organisations.
    pub summit_marks: Vec<Marker>,
    pub organisation_marks: Vec<Marker>,
}

#[derive(Template)]
#[template(path = "eco_innovation.html")]
pub struct EcoInnovationPage<'a> {
    pub layout: Layout,
    pub eco: &'a EcoInnovation,
    /// The notes beside each definition, in order.
    pub definition_marks: Vec<Vec<Marker>>,
}

#[derive(Template)]
#[template(path = "sme.html")]
pub struct SmePage<'a> {
    pub layout: Layout,
    pub sme: &'a Sme,
    pub criteria: Vec<CriteriaRow>,
    /// The link to the SME check, in its sentence.
    pub check: Markup,
    /// The notes beside the intro, the definition, and each statement.
    pub intro_marks: Vec<Marker>,
    pub definition_marks: Vec<Marker>,
    pub statement_marks: Vec<Vec<Marker>>,
}

/// One size category, its ceilings written out for reading.
pub struct CriteriaRow {
    pub name: Words,
    pub staff: String,
    pub turnover: String,
    pub balance_sheet: String,
    /// The notes beside the category: the article that sets its ceilings.
    pub marks: Vec<Marker>,
}

#[derive(Template)]
#[template(path = "text_page.html")]
pub struct TextPageView<'a> {
    pub layout: Layout,
    pub page: &'a TextPage,
    /// Shown in each section that asks for it.
    pub contact: Option<&'a Contact>,
}

/// The page of an error: what went wrong, and, for an address that leads
/// nowhere, the menu as ways on.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub layout: Layout,
    pub heading: &'a Phrase,
    pub paragraph: &'a str,
    /// Empty when no list of pages helps.
    pub menu: &'a [MenuItem],
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub layout: Layout,
    pub query: String,
    /// "3 results for “korea”", with the words searched for isolated.
    pub summary: Markup,
    /// The number of the page's first result (11 on the second page), where
    /// the list's numbers start.
    pub first_number: usize,
    /// What could not be read in the address, and what was done instead.
    pub errors: Vec<String>,
    /// The words searched for instead of those typed.
    pub corrected: Option<Correction>,
    /// "Only the first 8 different words were searched for.", if some were not.
    pub words_left_out: Option<String>,
    /// Links that show one kind of result; empty when there is nothing to filter.
    pub kinds: Vec<KindLink>,
    pub hits: Vec<HitView>,
    /// Set when the results fill more than one page.
    pub pagination: Option<Pagination>,
    /// What to try when nothing is found, with a link to the directory;
    /// empty when something is.
    pub nothing_found: Markup,
}

/// Words searched for instead of those typed, and the way back to them.
pub struct Correction {
    /// "Showing results for <strong>…</strong>."
    pub showing: Markup,
    pub as_typed_url: String,
    /// "Search for “korae” as typed", with the words typed isolated.
    pub as_typed: Markup,
}

/// A link that shows the results of one kind (or of all), with their count.
pub struct KindLink {
    pub label: String,
    pub count: usize,
    pub url: String,
    pub current: bool,
}

/// One search result, as the results list shows it.
pub struct HitView {
    pub kind: String,
    pub title: Vec<SnippetPiece>,
    pub url: String,
    pub snippet: Vec<SnippetPiece>,
}

/// The links between pages of results.
pub struct Pagination {
    pub number: usize,
    pub pages: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The first page, the pages near this one (this one included), and
    /// the last page.
    pub near: Vec<PageLink>,
}

pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Whether pages are passed over between this one and the one before.
    pub after_gap: bool,
}

#[derive(Template)]
#[template(path = "sme_check.html")]
pub struct SmeCheckPage {
    pub layout: Layout,
    pub fields: Vec<FormField>,
    /// Below the form: the JSON API, with a link to an example.
    pub api: Markup,
    /// For the error summary: each field's id and message.
    pub errors: Vec<FieldError>,
    pub outcome: Option<OutcomeView>,
}

/// One input of the SME check form.
pub struct FormField {
    pub name: &'static str,
    pub label: String,
    pub hint: String,
    pub inputmode: &'static str,
    /// Its width class: `width-5`, `width-10`.
    pub width: &'static str,
    pub value: String,
    /// Empty when the value is fine.
    pub error: String,
}

pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// The answer of the SME check, written out.
pub struct OutcomeView {
    /// "Your enterprise is a small enterprise."
    pub headline: String,
    /// Why, one sentence a paragraph.
    pub explanation: Vec<String>,
    /// The field to fill in, and what to say, when the figure left out decides.
    pub ask: Option<(&'static str, String)>,
    pub rows: Vec<OutcomeRow>,
}

/// One category's criteria: "12: not below 10", "EUR 1.5 million: within EUR 2 million".
pub struct OutcomeRow {
    pub name: Words,
    pub staff: String,
    pub turnover: String,
    pub balance_sheet: String,
    pub met: String,
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
pub struct Sitemap {
    pub urls: Vec<SitemapUrl>,
    /// How many languages the site is in: with more than one, each page
    /// lists its alternates.
    pub languages: usize,
}

/// A page in the sitemap.
pub struct SitemapUrl {
    /// Its absolute address.
    pub loc: String,
    /// The day it last changed, where the content says.
    pub lastmod: Option<String>,
    /// The same page in every language, `x-default` last.
    pub alternates: Vec<Alternate>,
}
