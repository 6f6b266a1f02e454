//! Renders every page of a validated site once, into memory, compressed
//! ready to send.

use std::collections::HashMap;

use askama::Template;

use crate::assets::Assets;
use crate::encoding::Encoded;
use crate::site::{OrganisationKind, Region, Site};
use crate::templates::{
    AsemPage, CriteriaRow, DirectoryRow, EcoInnovationPage, HomePage, Layout, MembersPage, NavLink, NotFoundPage,
    PartnerPage, RegionGroup, SmePage, TextPageView,
};

const HTML: &str = "text/html; charset=utf-8";
/// Pages may change at any reload: browsers revalidate, cheaply, with the ETag.
const REVALIDATE: &str = "no-cache";

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
    let mut pages = compress_all(render_html(site, assets)?);
    pages.insert(
        "/robots.txt".to_owned(),
        Encoded::new("text/plain; charset=utf-8", REVALIDATE, "User-agent: *\nAllow: /\n"),
    );
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

    let home = HomePage {
        layout: layout("/", ""),
        aseic: &site.aseic,
        explore: site.menu.iter().filter(|m| m.path != "/").collect(),
    };
    pages.insert("/".to_owned(), home.render()?);

    let asem = AsemPage { layout: layout("/asem", &site.asem.title), asem: &site.asem };
    pages.insert("/asem".to_owned(), asem.render()?);

    pages.insert("/members".to_owned(), members_page(site, layout("/members", "Member states")).render()?);

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

fn make_layout(site: &Site, assets: &Assets, path: &str, title: &str) -> Layout {
    let full_title = if title.is_empty() {
        format!("{}: {}", site.name, site.full_name)
    } else {
        format!("{title} | {}", site.name)
    };
    Layout {
        title: full_title,
        site_name: site.name.clone(),
        full_name: site.full_name.clone(),
        description: site.description.clone(),
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

fn region_id(region: Region) -> &'static str {
    match region {
        Region::Asia => "asia",
        Region::Europe => "europe",
    }
}

fn members_page(site: &Site, layout: Layout) -> MembersPage<'_> {
    let groups = Region::ALL
        .into_iter()
        .map(|region| RegionGroup {
            id: region_id(region),
            label: region.label(),
            partners: site
                .partners
                .iter()
                .filter(|p| p.region == region)
                .map(|p| {
                    let (government, others) =
                        p.organisations.iter().partition(|o| o.kind == OrganisationKind::Government);
                    DirectoryRow { name: &p.name, slug: &p.slug, government, others }
                })
                .collect(),
        })
        .collect();
    MembersPage { layout, partner_count: site.partners.len(), organisation_count: site.organisation_count(), groups }
}

fn criteria_rows(site: &Site) -> Vec<CriteriaRow> {
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

fn capitalise(word: &str) -> String {
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
