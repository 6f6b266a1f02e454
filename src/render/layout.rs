//! The layout around every page: title, description, menu and footer.

use super::assets::Assets;
use super::citations::Citations;
use super::views::{Layout, NavLink};
use crate::site::{Date, Site, routes};

impl Layout {
    /// The layout around the page at `path` (empty for an error page), whose
    /// own title is `title` (empty for the home page).
    pub fn new(site: &Site, assets: &Assets, path: &str, title: &str) -> Self {
        let full_title = if title.is_empty() {
            format!("{}: {}", site.name, site.full_name)
        } else {
            site.ui.page.title.with("page", title).with("site", &site.name).to_string()
        };
        let nav = |label: &str, target: &str| NavLink {
            label: label.to_owned(),
            path: target.to_owned(),
            current: current(path, target),
        };
        Layout {
            title: full_title,
            site_name: site.name.clone(),
            full_name: site.full_name.clone(),
            description: description(site, path),
            canonical: format!("{}{path}", site.base_url),
            og_type: "article",
            json_ld: None,
            query: String::new(),
            style: Assets::stylesheet(),
            favicon: assets.url("favicon.svg"),
            menu: site.menu.iter().map(|m| nav(&m.label, &m.path)).collect(),
            footer: site.footer.clone(),
            footer_links: site.footer_links.iter().map(|l| nav(&l.label, &l.path)).collect(),
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
        return item.summary.clone();
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
    site.description.clone()
}
