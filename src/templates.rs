//! The askama template of each page, with the ready-made data it shows.
//! Templates do no lookups or arithmetic: everything is prepared here.

use askama::Template;

use crate::site::{Aseic, Asem, EcoInnovation, MenuItem, Organisation, Partner, Sme, Summit, TextPage};

/// What the layout (`base.html`) shows around every page.
pub struct Layout {
    /// The whole `<title>`.
    pub title: String,
    pub site_name: String,
    pub full_name: String,
    pub description: String,
    pub stylesheet: String,
    pub favicon: String,
    pub menu: Vec<NavLink>,
    pub footer: String,
    pub footer_links: Vec<NavLink>,
}

/// One link of the global menu, marked when it is the page shown.
pub struct NavLink {
    pub label: String,
    pub path: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    pub layout: Layout,
    pub aseic: &'a Aseic,
    /// The menu entries other than the home page, as ways into the site.
    pub explore: Vec<&'a MenuItem>,
}

#[derive(Template)]
#[template(path = "asem.html")]
pub struct AsemPage<'a> {
    pub layout: Layout,
    pub asem: &'a Asem,
}

#[derive(Template)]
#[template(path = "members.html")]
pub struct MembersPage<'a> {
    pub layout: Layout,
    pub partner_count: usize,
    pub organisation_count: usize,
    pub groups: Vec<RegionGroup<'a>>,
}

/// The partners of one region, for the directory.
pub struct RegionGroup<'a> {
    /// The fragment id of the region's heading, such as `asia`.
    pub id: &'static str,
    pub label: &'static str,
    pub partners: Vec<DirectoryRow<'a>>,
}

/// One partner in the directory, its organisations split by kind.
pub struct DirectoryRow<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub government: Vec<&'a Organisation>,
    pub others: Vec<&'a Organisation>,
}

#[derive(Template)]
#[template(path = "partner.html")]
pub struct PartnerPage<'a> {
    pub layout: Layout,
    pub partner: &'a Partner,
    pub region: &'static str,
    pub region_id: &'static str,
    pub summit: &'a Summit,
}

#[derive(Template)]
#[template(path = "eco_innovation.html")]
pub struct EcoInnovationPage<'a> {
    pub layout: Layout,
    pub eco: &'a EcoInnovation,
}

#[derive(Template)]
#[template(path = "sme.html")]
pub struct SmePage<'a> {
    pub layout: Layout,
    pub sme: &'a Sme,
    pub criteria: Vec<CriteriaRow>,
}

/// One size category, its ceilings written out for reading.
pub struct CriteriaRow {
    pub name: String,
    pub staff: String,
    pub turnover: String,
    pub balance_sheet: String,
}

#[derive(Template)]
#[template(path = "text_page.html")]
pub struct TextPageView<'a> {
    pub layout: Layout,
    pub page: &'a TextPage,
}

#[derive(Template)]
#[template(path = "not_found.html")]
pub struct NotFoundPage<'a> {
    pub layout: Layout,
    pub menu: &'a [MenuItem],
}
