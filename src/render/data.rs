//! The site's machine-readable files, made from the same records as its
//! pages: the sitemap, robots.txt, the open data (JSON and CSV) and the
//! home page's structured data.

use askama::Template;
use serde_json::json;

use super::views::{Alternate, Sitemap, SitemapUrl};
use crate::site::{Route, Site, routes};

const JSON: &str = "application/json";
const CSV: &str = "text/csv; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

/// One machine-readable file, and its address.
pub struct DataFile {
    pub route: Route,
    pub path: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// Every data file but the feeds, which are each language's own. `sites`
/// is the site in each language, the default first; `pages` are the
/// paths of its HTML pages, for the sitemap. The open data is the same in
/// every language: the default language's.
pub fn files(sites: &[Site], pages: &[String]) -> Result<Vec<DataFile>, askama::Error> {
    let site = sites.first().expect("the site has a default language");
    let file =
        |route: Route, content_type, body| DataFile { route, path: route.pattern().to_owned(), content_type, body };
    Ok(vec![
        file(Route::Sitemap, XML, sitemap(sites, pages)?.into_bytes()),
        file(Route::Robots, TEXT, robots(site).into_bytes()),
        file(Route::MembersJson, JSON, pretty(&members_json(site))),
        file(Route::SummitsJson, JSON, pretty(&summits_json(site))),
        file(Route::MembersCsv, CSV, members_csv(site)),
    ])
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("a JSON value always serialises");
    bytes.push(b'\n');
    bytes
}

/// Every page in every language, each with its addresses in all of them
/// (and the default language's as `x-default`), as search engines read
/// alternates from a sitemap.
fn sitemap(sites: &[Site], pages: &[String]) -> Result<String, askama::Error> {
    let site = sites.first().expect("the site has a default language");
    let lastmod = |path: &str| {
        let page = site.page(path).and_then(|p| p.updated);
        let news = site.news.iter().find(|n| n.path == path).map(|n| n.last_changed());
        page.or(news).map(|date| date.iso())
    };
    let address = |language: &crate::site::Language, path: &str| format!("{}{}", site.base_url, language.link(path));
    let mut urls = Vec::new();
    for path in pages {
        let alternates: Vec<Alternate> = if sites.len() > 1 {
            let each = sites
                .iter()
                .map(|s| Alternate { hreflang: s.language.tag.to_string(), href: address(&s.language, path) });
            let fallback = Alternate { hreflang: "x-default".to_owned(), href: address(&site.language, path) };
            each.chain([fallback]).collect()
        } else {
            Vec::new()
        };
        for s in sites {
            urls.push(SitemapUrl {
                loc: address(&s.language, path),
                lastmod: lastmod(path),
                alternates: alternates.clone(),
            });
        }
    }
    let mut xml = Sitemap { urls, languages: sites.len() }.render()?;
    xml.push('\n');
    Ok(xml)
}

fn robots(site: &Site) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {}{}\n", site.base_url, routes::SITEMAP)
}

fn members_json(site: &Site) -> serde_json::Value {
    let partners: Vec<serde_json::Value> = site
        .partners
        .iter()
        .map(|p| {
            let summit = site.summit(p.joined_at);
            json!({
                "name": p.name,
                "slug": p.slug,
                "url": format!("{}{}", site.base_url, p.path),
                "region": p.region.slug(),
                "joined_summit": p.joined_at,
                "joined_year": summit.map(|s| s.year),
                "organisations": p.organisations.iter().map(|o| json!({
                    "kind": o.kind.slug(),
                    "name": o.name,
                    "link": o.link,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "partners": partners, "total": site.partners.len() })
}

fn summits_json(site: &Site) -> serde_json::Value {
    let summits: Vec<serde_json::Value> = site
        .asem
        .summits
        .iter()
        .map(|s| {
            json!({
                "number": s.number,
                "year": s.year,
                "city": s.city,
                "country": s.country,
                "joined": s.joined.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
                "partners_after": s.partners_after,
                "start": s.start,
                "end": s.end,
                "host": s.host,
                "theme": s.theme,
                "note": s.note,
                "sources": s.sources.iter().map(|source| json!({
                    "title": source.title,
                    "url": source.url,
                    "checked": source.checked,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "summits": summits, "total_partners": site.asem.total_partners })
}

/// One row per organisation; a partner with none gets one row of its own.
fn members_csv(site: &Site) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = ["partner", "region", "joined_summit", "joined_year", "kind", "organisation", "link"];
    writer.write_record(header).expect("writing to memory cannot fail");
    for p in &site.partners {
        let year = site.summit(p.joined_at).map_or(String::new(), |s| s.year.to_string());
        let common = [p.name.to_string(), p.region.slug().to_owned(), p.joined_at.to_string(), year];
        if p.organisations.is_empty() {
            let row: Vec<String> =
                common.iter().cloned().chain([String::new(), String::new(), String::new()]).collect();
            writer.write_record(&row).expect("writing to memory cannot fail");
        }
        for o in &p.organisations {
            let rest = [o.kind.slug().to_owned(), o.name.to_string(), o.link.clone().unwrap_or_default()];
            let row: Vec<String> = common.iter().cloned().chain(rest).collect();
            writer.write_record(&row).expect("writing to memory cannot fail");
        }
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// schema.org data about ASEIC, for the home page.
pub fn organisation_json_ld(site: &Site) -> serde_json::Value {
    json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": site.full_name,
        "alternateName": site.name,
        "url": format!("{}/", site.base_url),
        "foundingDate": site.aseic.founded.to_string(),
        "description": site.description,
    })
}
