//! Renders every page of a validated site once, into memory, compressed
//! ready to send.

use std::collections::HashMap;

use askama::Template;

use crate::assets::Assets;
use crate::chart;
use crate::data;
use crate::directory::{self, Filter, ParsedFilter};
use crate::encoding::Encoded;
use crate::site::{OrganisationKind, Region, Site};
use crate::templates::{
    ActiveFilter, AsemPage, CriteriaRow, DirectoryRow, EcoInnovationPage, FilterView, HomePage, Layout, MembersPage,
    NavLink, NotFoundPage, PartnerPage, RegionGroup, SmePage, TextPageView,
};

pub const HTML: &str = "text/html; charset=utf-8";
/// Pages may change at any reload: browsers revalidate, cheaply, with the ETag.
pub const REVALIDATE: &str = "no-cache";

/// Every page of the site, rendered and compressed.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    /// Each response by request path, such as `/`, `/members/korea` or `/robots.txt`.
    pages: HashMap<String, Encoded>,
    /// The body of the 404 page.
    not_found: Encoded,
}

impl RenderedSite {
    /// The response at `path`.
    pub fn page(&self, path: &str) -> Option<&Encoded> {
        self.pages.get(path)
    }

    /// The 404 page.
    pub fn not_found(&self) -> &Encoded {
        &self.not_found
    }

    /// Every page's path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.pages.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }
}

/// Renders every page of `site`, and compresses each.
pub fn render(site: &Site, assets: &Assets) -> Result<RenderedSite, askama::Error> {
    let html = render_html(site, assets)?;
    // The sitemap lists every page; the SME check's form is made per
    // request but is a page of its own too.
    let mut page_paths: Vec<&str> = html.keys().map(String::as_str).chain(["/sme/check"]).collect();
    page_paths.sort_unstable();
    let files = data::files(site, &page_paths);
    let mut pages = compress_all(html);
    for (path, content_type, body) in files {
        pages.insert(path.to_owned(), Encoded::new(content_type, REVALIDATE, body));
    }
    let not_found =
        NotFoundPage { layout: make_layout(site, assets, "", "Page not found"), menu: &site.menu }.render()?;
    Ok(RenderedSite { pages, not_found: Encoded::new(HTML, REVALIDATE, not_found) })
}

/// Compresses every page, on as many threads as there are cores.
fn compress_all(html: HashMap<String, String>) -> HashMap<String, Encoded> {
    let pages: Vec<(String, String)> = html.into_iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = pages.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = pages
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(path, html)| (path.clone(), Encoded::new(HTML, REVALIDATE, html.clone())))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("compressing a page does not panic")).collect()
    })
}

/// The HTML of every page, by path.
fn render_html(site: &Site, assets: &Assets) -> Result<HashMap<String, String>, askama::Error> {
    let layout = |path: &str, title: &str| make_layout(site, assets, path, title);
    let mut pages = HashMap::new();

    let mut home_layout = layout("/", "");
    home_layout.json_ld = data::organisation_json_ld(site);
    home_layout.og_type = "website";
    let home = HomePage {
        layout: home_layout,
        aseic: &site.aseic,
        explore: site.menu.iter().filter(|m| m.path != "/").collect(),
    };
    pages.insert("/".to_owned(), home.render()?);

    let asem = AsemPage {
        layout: layout("/asem", &site.asem.title),
        asem: &site.asem,
        chart: chart::membership(&site.asem.summits),
    };
    pages.insert("/asem".to_owned(), asem.render()?);

    let members = members_page(site, layout("/members", "Member states"), &ParsedFilter::default());
    pages.insert("/members".to_owned(), members.render()?);

    for partner in &site.partners {
        let path = format!("/members/{}", partner.slug);
        let summit =
            site.summit(partner.joined_at).expect("validation guarantees every partner joined at a known summit");
        let page = PartnerPage {
            layout: layout(&path, &partner.name),
            partner,
            region: partner.region.label(),
            region_id: region_id(partner.region),
            summit,
        };
        pages.insert(path, page.render()?);
    }

    let eco =
        EcoInnovationPage { layout: layout("/eco-innovation", &site.eco_innovation.title), eco: &site.eco_innovation };
    pages.insert("/eco-innovation".to_owned(), eco.render()?);

    let sme = SmePage { layout: layout("/sme", &site.sme.title), sme: &site.sme, criteria: criteria_rows(site) };
    pages.insert("/sme".to_owned(), sme.render()?);

    let accessibility =
        TextPageView { layout: layout("/accessibility", &site.accessibility.title), page: &site.accessibility };
    pages.insert("/accessibility".to_owned(), accessibility.render()?);
    Ok(pages)
}

/// The layout around the page at `path` (empty for the 404 page).
pub fn make_layout(site: &Site, assets: &Assets, path: &str, title: &str) -> Layout {
    let full_title = if title.is_empty() {
        format!("{}: {}", site.name, site.full_name)
    } else {
        format!("{title} | {}", site.name)
    };
    Layout {
        title: full_title,
        site_name: site.name.clone(),
        full_name: site.full_name.clone(),
        description: description(site, path),
        canonical: format!("{}{path}", site.base_url),
        og_type: "article",
        json_ld: String::new(),
        query: String::new(),
        stylesheet: assets.url("style.css"),
        favicon: assets.url("favicon.svg"),
        menu: site
            .menu
            .iter()
            .map(|m| NavLink { label: m.label.clone(), path: m.path.clone(), current: m.path == path })
            .collect(),
        footer: site.footer.clone(),
        footer_links: site
            .footer_links
            .iter()
            .map(|l| NavLink { label: l.label.clone(), path: l.path.clone(), current: l.path == path })
            .collect(),
    }
}

/// A page's own description: its menu summary, or what a partner page holds.
fn description(site: &Site, path: &str) -> String {
    if let Some(item) = site.menu.iter().find(|m| m.path == path && m.path != "/") {
        return item.summary.clone();
    }
    if let Some(partner) = path.strip_prefix("/members/").and_then(|slug| site.partner(slug))
        && let Some(summit) = site.summit(partner.joined_at)
    {
        return format!(
            "{}: environment ministry and partner organisations, and membership of ASEM since the {} summit ({}, {}).",
            partner.name, summit.ordinal, summit.city, summit.year
        );
    }
    site.description.clone()
}

fn region_id(region: Region) -> &'static str {
    match region {
        Region::Asia => "asia",
        Region::Europe => "europe",
    }
}

/// The directory, filtered as `parsed` says (everything when it is empty).
pub fn members_page<'a>(site: &'a Site, layout: Layout, parsed: &ParsedFilter) -> MembersPage<'a> {
    let filter = &parsed.filter;
    let shown = directory::apply(site, filter);
    let groups = Region::ALL
        .into_iter()
        .filter(|region| filter.region.is_none_or(|r| r == *region))
        .map(|region| RegionGroup {
            id: region_id(region),
            label: region.label(),
            partners: shown
                .iter()
                .filter(|s| s.partner.region == region)
                .map(|s| {
                    let (government, others) =
                        s.organisations.iter().copied().partition(|o| o.kind == OrganisationKind::Government);
                    DirectoryRow { name: &s.partner.name, slug: &s.partner.slug, government, others }
                })
                .collect(),
        })
        .collect();
    MembersPage {
        layout,
        partner_count: site.partners.len(),
        organisation_count: site.organisation_count(),
        groups,
        filter: filter_view(parsed, shown.len()),
    }
}

fn filter_view(parsed: &ParsedFilter, shown: usize) -> FilterView {
    let filter: &Filter = &parsed.filter;
    let mut active = Vec::new();
    if let Some(region) = filter.region {
        active.push(ActiveFilter {
            label: format!("Region: {}", region.label()),
            remove_url: directory::without(filter, "region"),
        });
    }
    if let Some(kind) = filter.kind {
        let label = if kind == OrganisationKind::Government { "Government" } else { "Others" };
        active.push(ActiveFilter { label: format!("Kind: {label}"), remove_url: directory::without(filter, "kind") });
    }
    if !filter.q.is_empty() {
        active.push(ActiveFilter {
            label: format!("Name contains “{}”", filter.q),
            remove_url: directory::without(filter, "q"),
        });
    }
    FilterView {
        region: parsed.region.clone(),
        kind: parsed.kind.clone(),
        q: filter.q.clone(),
        summary: match shown {
            0 => "No partner matches these filters.".to_owned(),
            1 => "1 partner matches.".to_owned(),
            n => format!("{n} partners match."),
        },
        active,
        errors: parsed.errors.clone(),
    }
}

pub fn criteria_rows(site: &Site) -> Vec<CriteriaRow> {
    let currency = &site.sme.currency;
    site.sme
        .categories
        .iter()
        .map(|c| CriteriaRow {
            name: capitalise(&c.name),
            staff: c.staff_below.to_string(),
            turnover: amount(currency, c.turnover_max),
            balance_sheet: amount(currency, c.balance_sheet_max),
        })
        .collect()
}

pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// An amount as people read it: "EUR 50 million", "EUR 1.5 million", "EUR 750,000".
pub fn amount(currency: &str, value: u64) -> String {
    const MILLION: u64 = 1_000_000;
    if value >= MILLION && value.is_multiple_of(MILLION / 10) {
        let whole = value / MILLION;
        let tenths = value % MILLION / (MILLION / 10);
        if tenths == 0 { format!("{currency} {whole} million") } else { format!("{currency} {whole}.{tenths} million") }
    } else {
        format!("{currency} {}", group_thousands(value))
    }
}

fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(amount("EUR", 50_000_000), "EUR 50 million");
        assert_eq!(amount("EUR", 43_000_000), "EUR 43 million");
        assert_eq!(amount("EUR", 1_500_000), "EUR 1.5 million");
        assert_eq!(amount("EUR", 1_234_567), "EUR 1,234,567");
        assert_eq!(amount("EUR", 750_000), "EUR 750,000");
        assert_eq!(amount("EUR", 999), "EUR 999");
    }

    #[test]
    fn capitalises_the_first_letter() {
        assert_eq!(capitalise("micro"), "Micro");
        assert_eq!(capitalise(""), "");
    }
}
