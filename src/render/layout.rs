//! The layout around every page: title, description, menu, footer, and
//! the page's addresses in the other languages.

use super::assets::Assets;
use super::citations::Citations;
use super::views::{Alternate, LanguageLink, Layout, NavLink};
use crate::site::{Date, Site, routes};

/// The `hreflang` of the address for any language not listed.
const X_DEFAULT: &str = "x-default";

impl Layout {
    /// The layout around the site's page `path` (empty for an error page,
    /// which is the page of no address) in `site`'s language, whose own
    /// title is `title` (empty for the home page).
    pub fn new(site: &Site, assets: &Assets, path: &str, title: &str) -> Self {
        Self::with_query(site, assets, path, title, None)
    }

    /// As `new`, for a page made for a request: the links to it in other
    /// languages keep its `query`, which holds what it shows (a search).
    pub fn with_query(site: &Site, assets: &Assets, path: &str, title: &str, query: Option<&str>) -> Self {
        let full_title = if title.is_empty() {
            format!("{}: {}", site.name, site.full_name)
        } else {
            site.ui.page.title.with("page", title).with("site", &site.name).to_string()
        };
        let nav = |label: &crate::site::Words, target: &str| NavLink {
            label: label.clone(),
            path: site.link(target),
            current: current(path, target),
        };
        let (alternates, other_languages) =
            if path.is_empty() { (Vec::new(), Vec::new()) } else { in_other_languages(site, path, query) };
        Layout {
            language: site.language.clone(),
            title: full_title,
            site_name: site.name.clone(),
            full_name: site.full_name.clone(),
            description: description(site, path),
            canonical: format!("{}{}", site.base_url, site.link(path)),
            og_type: "article",
            json_ld: None,
            query: String::new(),
            site_search: path != routes::SEARCH,
            style: Assets::stylesheet(),
            favicon: assets.url("favicon.svg"),
            menu: site.menu.iter().map(|m| nav(&m.label, &m.path)).collect(),
            footer: site.footer.clone(),
            footer_links: site.footer_links.iter().map(|l| nav(&l.label, &l.path)).collect(),
            alternates,
            other_languages,
            feed: site.link(routes::FEED),
            sources: Vec::new(),
            last_updated: None,
            ui: std::sync::Arc::clone(&site.ui),
        }
    }

    /// The page's sources, for the list at its foot, and its "Last
    /// updated" date: the latest of their `checked` dates and `updated`.
    pub fn with_citations(mut self, citations: Citations, updated: Option<Date>) -> Self {
        self.last_updated = citations.last_updated(updated);
        self.sources = citations.into_list();
        self
    }
}

/// The page at `path` in every language, for the `<head>` (with the
/// default language's address again as `x-default`), and in the languages
/// other than `site`'s, for the switcher. Every page is in every language:
/// a text not yet translated is shown in the default language.
fn in_other_languages(site: &Site, path: &str, query: Option<&str>) -> (Vec<Alternate>, Vec<LanguageLink>) {
    if site.languages.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let address = |language: &crate::site::Language| {
        let localized = language.link(path);
        match query.filter(|q| !q.is_empty()) {
            Some(query) => format!("{localized}?{query}"),
            None => localized.into_owned(),
        }
    };
    let mut alternates: Vec<Alternate> = site
        .languages
        .iter()
        .map(|language| Alternate {
            hreflang: language.tag.to_string(),
            href: format!("{}{}", site.base_url, address(language)),
        })
        .collect();
    if let Some(default) = site.languages.first() {
        alternates
            .push(Alternate { hreflang: X_DEFAULT.to_owned(), href: format!("{}{}", site.base_url, address(default)) });
    }
    let others = site
        .languages
        .iter()
        .filter(|language| language.tag != site.language.tag)
        .map(|language| LanguageLink {
            tag: language.tag.to_string(),
            name: language.name.clone(),
            href: address(language),
        })
        .collect();
    (alternates, others)
}

/// How a menu link to `target` is marked on the page at `path`: `page` on
/// the page itself, `true` on every page below it (`/members/korea` is in
/// the section of `/members`), none elsewhere.
fn current(path: &str, target: &str) -> Option<&'static str> {
    if path == target {
        Some("page")
    } else if target != routes::HOME && path.strip_prefix(target).is_some_and(|rest| rest.starts_with('/')) {
        Some("true")
    } else {
        None
    }
}

/// A page's own description: its menu summary, or what a partner page holds.
fn description(site: &Site, path: &str) -> String {
    if let Some(item) = site.menu.iter().find(|m| m.path == path && m.path != routes::HOME) {
        return item.summary.to_string();
    }
    if let Some(partner) = routes::partner_slug(path).and_then(|slug| site.partner(slug))
        && let Some(summit) = site.summit(partner.joined_at)
    {
        return site
            .ui
            .directory
            .description
            .with("partner", &partner.name)
            .with("ordinal", &summit.ordinal)
            .with("city", &summit.city)
            .with("year", summit.year)
            .to_string();
    }
    site.description.to_string()
}
