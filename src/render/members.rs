//! The member directory, whole or filtered.

use super::citations::Citations;
use super::views::{ActiveFilter, Choice, DirectoryRow, FilterView, JumpLetter, Layout, MembersPage, RegionGroup};
use crate::site::directory::{self, DirectoryNames, Filter, ParsedFilter, kind_label, region_label};
use crate::site::ui::DirectoryText;
use crate::site::{OrganisationKind, Region, Site, routes};
use crate::util::fold::terms;

/// The directory, filtered as `parsed` says (everything when it is
/// empty); `names` are the site's (`DirectoryNames::of`).
pub fn members_page<'a>(
    site: &'a Site,
    names: &DirectoryNames,
    layout: Layout,
    parsed: &ParsedFilter,
) -> MembersPage<'a> {
    let filter = &parsed.filter;
    let ui = &site.ui.directory;
    let shown = directory::apply(site, names, filter);
    let groups = Region::ALL
        .into_iter()
        .filter(|region| filter.region.is_none_or(|r| r == *region))
        .map(|region| region_group(ui, region, shown.iter().filter(move |s| s.partner.region == region)))
        .filter(|group| !group.partners.is_empty())
        .collect();
    let mut citations = Citations::default();
    let directory_marks = citations.cite(&site.directory_sources);
    let directory = site.link(routes::MEMBERS);
    let mut layout = layout;
    if let Some(title) = filtered_title(ui, filter, shown.len()) {
        layout.title = site.ui.page.title.with("page", title).with("site", &site.name).to_string();
    }
    MembersPage {
        layout: layout.with_citations(citations, None),
        partner_count: site.partners.len(),
        directory_marks,
        summary: site.directory_summary.as_ref(),
        organisation_count: site.organisation_count(),
        groups,
        filter: filter_view(ui, parsed, shown.len(), &directory),
        government_label: ui.government.to_string(),
        other_label: ui.others.to_string(),
        government_column: parsed.filter.kind.is_none_or(|kind| kind == OrganisationKind::Government),
        other_column: parsed.filter.kind.is_none_or(|kind| kind == OrganisationKind::Other),
    }
}

/// The title of a filtered directory, as its tab and history list show
/// it: "Partners: Asia, Government"; "No partner matches: …" when none
/// does. None for the whole directory.
fn filtered_title(ui: &DirectoryText, filter: &Filter, shown: usize) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(region) = filter.region {
        parts.push(region_label(ui, region).to_string());
    }
    if let Some(kind) = filter.kind {
        parts.push(kind_label(ui, kind).to_string());
    }
    if !filter.q.is_empty() {
        parts.push(ui.name_filter.with("text", &filter.q).to_string());
    }
    if parts.is_empty() {
        return None;
    }
    let filters = parts.join(", ");
    let phrase = if shown == 0 { &ui.title_none } else { &ui.title_filtered };
    Some(phrase.with("filters", filters).to_string())
}

/// The filter form and what is chosen; `directory` is the directory's
/// address in the page's language.
fn filter_view(ui: &DirectoryText, parsed: &ParsedFilter, shown: usize, directory: &str) -> FilterView {
    let filter = &parsed.filter;
    let mut active = Vec::new();
    if let Some(region) = filter.region {
        active.push(ActiveFilter {
            label: ui.region_filter.with("region", region_label(ui, region)).to_string(),
            remove_url: without(directory, filter, Part::Region),
        });
    }
    if let Some(kind) = filter.kind {
        active.push(ActiveFilter {
            label: ui.kind_filter.with("kind", kind_label(ui, kind)).to_string(),
            remove_url: without(directory, filter, Part::Kind),
        });
    }
    if !filter.q.is_empty() {
        active.push(ActiveFilter {
            label: ui.name_filter.with("text", &filter.q).to_string(),
            remove_url: without(directory, filter, Part::Text),
        });
    }
    FilterView {
        region: filter.region.map_or("", Region::slug),
        kind: filter.kind.map_or("", OrganisationKind::slug),
        q: filter.q.clone(),
        regions: Region::ALL.map(|r| Choice { value: r.slug(), label: region_label(ui, r).to_string() }).into(),
        kinds: OrganisationKind::ALL.map(|k| Choice { value: k.slug(), label: kind_label(ui, k).to_string() }).into(),
        summary: match shown {
            0 => ui.matches_none.to_string(),
            1 => ui.matches_one.to_string(),
            n => ui.matches_other.with("count", n).to_string(),
        },
        active,
        errors: parsed.errors.clone(),
    }
}

/// One region's partners, A to Z, the first of each letter marked as the
/// target of that letter's jump link.
fn region_group<'a: 's, 's>(
    ui: &DirectoryText,
    region: Region,
    shown: impl Iterator<Item = &'s directory::Shown<'a>>,
) -> RegionGroup<'a> {
    let mut rows: Vec<(String, DirectoryRow<'a>)> = shown
        .map(|s| {
            let (government, others) =
                s.organisations.iter().copied().partition(|o| o.kind == OrganisationKind::Government);
            let row = DirectoryRow { name: &s.partner.name, path: &s.partner.path, government, others, anchor: None };
            (terms(&s.partner.name).join(" "), row)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut letters: Vec<JumpLetter> = Vec::new();
    for (key, row) in &mut rows {
        let Some(letter) = key.chars().next().map(|c| c.to_uppercase().collect::<String>()) else { continue };
        if letters.last().is_none_or(|last| last.letter != letter) {
            let id = format!("{}-{}", region.slug(), letter.to_lowercase());
            row.anchor = Some(id.clone());
            letters.push(JumpLetter { letter, id });
        }
    }
    RegionGroup {
        id: region.slug(),
        label: region_label(ui, region).to_string(),
        partners: rows.into_iter().map(|(_, row)| row).collect(),
        letters,
    }
}

/// A part of the filter that a "remove" link drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Region,
    Kind,
    Text,
}

/// The directory's address (`directory`) with `filter` but for one of its
/// parts.
fn without(directory: &str, filter: &Filter, drop: Part) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if let Some(region) = filter.region.filter(|_| drop != Part::Region) {
        pairs.push(("region", region.slug()));
    }
    if let Some(kind) = filter.kind.filter(|_| drop != Part::Kind) {
        pairs.push(("kind", kind.slug()));
    }
    if !filter.q.is_empty() && drop != Part::Text {
        pairs.push(("q", &filter.q));
    }
    if pairs.is_empty() {
        return directory.to_owned();
    }
    let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    format!("{directory}?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_links_keep_the_other_filters() {
        let filter = Filter { region: Some(Region::Europe), kind: None, q: "é & co".into() };
        assert_eq!(without("/members", &filter, Part::Region), "/members?q=%C3%A9+%26+co");
        assert_eq!(without("/ko/members", &filter, Part::Text), "/ko/members?region=europe");
    }
}
