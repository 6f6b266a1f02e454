//! The HTML of every page, each from its view.

use askama::Template;

use super::assets::Assets;
use super::chart;
use super::citations::Citations;
use super::data;
use super::members::members_page;
use super::phrase;
use super::sme::criteria_rows;
use super::views::{AsemPage, EcoInnovationPage, ErrorPage, HomePage, Layout, PartnerPage, SmePage, TextPageView};
use crate::site::directory::{DirectoryNames, ParsedFilter, kind_of_one, region_label};
use crate::site::ui::{Phrase, Ui};
use crate::site::{Route, Site, routes};

/// The news items the home page shows.
const HOME_NEWS: usize = 3;

/// One page's HTML, and the route it answers.
pub struct Html {
    pub path: String,
    pub route: Route,
    pub html: String,
}

/// The HTML of every page that is the same for every visitor.
pub fn every_page(site: &Site, assets: &Assets) -> Result<Vec<Html>, askama::Error> {
    let layout = |path: &str, title: &str| Layout::new(site, assets, path, title);
    let page = |route: Route, html: String| Html { path: site.link(route.pattern()), route, html };
    let mut pages = vec![
        page(Route::Home, home(site, layout(routes::HOME, ""))?),
        page(Route::Asem, asem(site, layout(routes::ASEM, &site.asem.title))?),
        page(
            Route::Members,
            members_page(
                site,
                &DirectoryNames::default(),
                layout(routes::MEMBERS, site.ui.directory.heading.as_str()),
                &ParsedFilter::default(),
            )
            .render()?,
        ),
        page(Route::EcoInnovation, eco_innovation(site, layout(routes::ECO_INNOVATION, &site.eco_innovation.title))?),
        page(Route::Sme, sme(site, layout(routes::SME, &site.sme.title))?),
        page(
            Route::Accessibility,
            TextPageView {
                layout: layout(routes::ACCESSIBILITY, &site.accessibility.title),
                page: &site.accessibility,
                contact: site.contact.as_ref(),
            }
            .render()?,
        ),
    ];
    let ui = &site.ui.directory;
    for partner in &site.partners {
        let path = partner.path.clone();
        let summit =
            site.summit(partner.joined_at).expect("validation guarantees every partner joined at a known summit");
        let mut citations = Citations::default();
        let summit_marks = citations.cite(&summit.sources);
        let organisation_marks = citations.cite(&[partner.sources.as_slice(), &site.directory_sources].concat());
        let html = PartnerPage {
            layout: layout(&path, &partner.name).with_citations(citations, None),
            partner,
            region: region_label(ui, partner.region).to_string(),
            joined: phrase::html(
                &ui.joined,
                &[
                    (
                        "summit",
                        phrase::link(&site.link(&summit.path()), ui.summit_name.with("ordinal", &summit.ordinal)),
                    ),
                    ("year", phrase::text(summit.year)),
                    ("city", phrase::words(&summit.city)),
                    ("country", phrase::words(&summit.country)),
                ],
            ),
            organisations: partner.organisations.iter().map(|o| (o, kind_of_one(ui, o.kind).to_string())).collect(),
            region_path: routes::region(partner.region.slug()),
            summit_marks,
            organisation_marks,
        }
        .render()?;
        pages.push(Html { path: site.link(&path), route: Route::Partner, html });
    }
    Ok(pages)
}

fn home(site: &Site, mut layout: Layout) -> Result<String, askama::Error> {
    layout.json_ld = Some(data::organisation_json_ld(site));
    layout.og_type = "website";
    let explore = site.menu.iter().filter(|m| m.path != routes::HOME).collect();
    let news = &site.news[..site.news.len().min(HOME_NEWS)];
    let mut citations = Citations::default();
    let aseic_marks = citations.cite(&site.aseic.sources);
    let layout = layout.with_citations(citations, None);
    let news_heading = if site.latest_news { &site.ui.home.latest_news } else { &site.ui.home.news };
    HomePage { layout, aseic: &site.aseic, aseic_marks, news, news_heading, explore }.render()
}

/// About ASEM: its history, then each summit, each with its notes.
fn asem(site: &Site, layout: Layout) -> Result<String, askama::Error> {
    let mut citations = Citations::default();
    let history_marks = citations.cite(&site.asem.sources);
    let summit_marks = site.asem.summits.iter().map(|s| citations.cite(&s.sources)).collect();
    AsemPage {
        layout: layout.with_citations(citations, None),
        asem: &site.asem,
        chart: chart::membership(&site.asem.summits, &site.ui.asem),
        history_marks,
        summit_marks,
    }
    .render()
}

fn eco_innovation(site: &Site, layout: Layout) -> Result<String, askama::Error> {
    let mut citations = Citations::default();
    let eco = &site.eco_innovation;
    let definition_marks = eco.definitions.iter().map(|d| citations.cite(&d.sources)).collect();
    EcoInnovationPage { layout: layout.with_citations(citations, None), eco, definition_marks }.render()
}

/// What an SME is: the definition, the criteria, then the statements, each
/// with its notes.
fn sme(site: &Site, layout: Layout) -> Result<String, askama::Error> {
    let mut citations = Citations::default();
    let intro_marks = citations.cite(&site.sme.intro_sources);
    let definition_marks = citations.cite(&site.sme.definition_sources);
    let criteria = criteria_rows(site, &mut citations);
    let statement_marks = site.sme.statements.iter().map(|s| citations.cite(&s.sources)).collect();
    SmePage {
        layout: layout.with_citations(citations, None),
        sme: &site.sme,
        criteria,
        check: phrase::with_link(&site.ui.sme.check, "link", &site.link(routes::SME_CHECK), &site.ui.sme.check_link),
        intro_marks,
        definition_marks,
        statement_marks,
    }
    .render()
}

/// What an error page says: a heading, a paragraph, and whether the menu is
/// offered as ways on.
#[derive(Debug, Clone)]
pub struct ErrorText<'a> {
    pub heading: &'a Phrase,
    /// With the limit the request met, if any, filled in.
    pub paragraph: String,
    pub with_menu: bool,
}

impl<'a> ErrorText<'a> {
    /// What the page for an address that leads nowhere says.
    pub fn not_found(ui: &'a Ui) -> Self {
        Self { heading: &ui.errors.not_found_heading, paragraph: ui.errors.not_found.to_string(), with_menu: true }
    }
}

/// The page for an error, inside the site's layout.
pub fn error_page(site: &Site, assets: &Assets, text: &ErrorText) -> Result<String, askama::Error> {
    let menu = if text.with_menu { site.menu.as_slice() } else { &[] };
    let layout = Layout::new(site, assets, "", text.heading.as_str());
    ErrorPage { layout, heading: text.heading, paragraph: &text.paragraph, menu }.render()
}
