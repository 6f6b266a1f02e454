//! The HTML of every page, each from its view.

use askama::Template;

use super::assets::Assets;
use super::chart;
use super::data;
use super::members::members_page;
use super::sme::criteria_rows;
use super::views::{AsemPage, EcoInnovationPage, ErrorPage, HomePage, Layout, PartnerPage, SmePage, TextPageView};
use crate::site::directory::ParsedFilter;
use crate::site::{Route, Site, routes};

/// The news items the home page shows.
const LATEST_NEWS: usize = 3;

/// One page's HTML, and the route it answers.
pub struct Html {
    pub path: String,
    pub route: Route,
    pub html: String,
}

/// The HTML of every page that is the same for every visitor.
pub fn every_page(site: &Site, assets: &Assets) -> Result<Vec<Html>, askama::Error> {
    let layout = |path: &str, title: &str| Layout::new(site, assets, path, title);
    let page = |route: Route, html: String| Html { path: route.pattern().to_owned(), route, html };
    let mut pages = vec![
        page(Route::Home, home(site, layout(routes::HOME, ""))?),
        page(
            Route::Asem,
            AsemPage {
                layout: layout(routes::ASEM, &site.asem.title),
                asem: &site.asem,
                chart: chart::membership(&site.asem.summits),
            }
            .render()?,
        ),
        page(
            Route::Members,
            members_page(site, layout(routes::MEMBERS, "Member states"), &ParsedFilter::default()).render()?,
        ),
        page(
            Route::EcoInnovation,
            EcoInnovationPage {
                layout: layout(routes::ECO_INNOVATION, &site.eco_innovation.title),
                eco: &site.eco_innovation,
            }
            .render()?,
        ),
        page(
            Route::Sme,
            SmePage { layout: layout(routes::SME, &site.sme.title), sme: &site.sme, criteria: criteria_rows(site) }
                .render()?,
        ),
        page(
            Route::Accessibility,
            TextPageView {
                layout: layout(routes::ACCESSIBILITY, &site.accessibility.title),
                page: &site.accessibility,
            }
            .render()?,
        ),
    ];
    for partner in &site.partners {
        let path = partner.path.clone();
        let summit =
            site.summit(partner.joined_at).expect("validation guarantees every partner joined at a known summit");
        let html = PartnerPage {
            layout: layout(&path, &partner.name),
            partner,
            region: partner.region.label(),
            region_path: routes::region(partner.region.slug()),
            summit,
            summit_path: summit.path(),
        }
        .render()?;
        pages.push(Html { path, route: Route::Partner, html });
    }
    Ok(pages)
}

fn home(site: &Site, mut layout: Layout) -> Result<String, askama::Error> {
    layout.json_ld = Some(data::organisation_json_ld(site));
    layout.og_type = "website";
    let explore = site.menu.iter().filter(|m| m.path != routes::HOME).collect();
    let news = &site.news[..site.news.len().min(LATEST_NEWS)];
    HomePage { layout, aseic: &site.aseic, news, explore }.render()
}

/// What an error page says: a heading, paragraphs, and whether the menu is
/// offered as ways on.
#[derive(Debug, Clone, Copy)]
pub struct ErrorText {
    pub heading: &'static str,
    pub paragraphs: &'static [&'static str],
    pub with_menu: bool,
}

/// The page for an error, inside the site's layout.
pub fn error_page(site: &Site, assets: &Assets, text: &ErrorText) -> Result<String, askama::Error> {
    let menu = if text.with_menu { site.menu.as_slice() } else { &[] };
    let layout = Layout::new(site, assets, "", text.heading);
    ErrorPage { layout, heading: text.heading, paragraphs: text.paragraphs, menu }.render()
}
