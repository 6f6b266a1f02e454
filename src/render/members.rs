//! The member directory, whole or filtered.

use super::citations::Citations;
use super::views::{ActiveFilter, Choice, DirectoryRow, FilterView, Layout, MembersPage, RegionGroup};
use crate::site::directory::{self, Filter, ParsedFilter};
use crate::site::{OrganisationKind, Region, Site, routes};

/// The directory, filtered as `parsed` says (everything when it is empty).
pub fn members_page<'a>(site: &'a Site, layout: Layout, parsed: &ParsedFilter) -> MembersPage<'a> {
    let filter = &parsed.filter;
    let shown = directory::apply(site, filter);
    let groups = Region::ALL
        .into_iter()
        .filter(|region| filter.region.is_none_or(|r| r == *region))
        .map(|region| RegionGroup {
            id: region.slug(),
            label: region.label(),
            partners: shown
                .iter()
                .filter(|s| s.partner.region == region)
                .map(|s| {
                    let (government, others) =
                        s.organisations.iter().copied().partition(|o| o.kind == OrganisationKind::Government);
                    DirectoryRow { name: &s.partner.name, path: &s.partner.path, government, others }
                })
                .collect(),
        })
        .collect();
    let mut citations = Citations::default();
    let directory_marks = citations.cite(&site.directory_sources);
    MembersPage {
        layout: layout.with_citations(citations, None),
        partner_count: site.partners.len(),
        directory_marks,
        organisation_count: site.organisation_count(),
        groups,
        filter: filter_view(parsed, shown.len()),
        government_label: OrganisationKind::Government.label(),
        other_label: OrganisationKind::Other.label(),
    }
}

fn filter_view(parsed: &ParsedFilter, shown: usize) -> FilterView {
    let filter = &parsed.filter;
    let mut active = Vec::new();
    if let Some(region) = filter.region {
        active.push(ActiveFilter {
            label: format!("Region: {}", region.label()),
            remove_url: without(filter, Part::Region),
        });
    }
    if let Some(kind) = filter.kind {
        active.push(ActiveFilter { label: format!("Kind: {}", kind.label()), remove_url: without(filter, Part::Kind) });
    }
    if !filter.q.is_empty() {
        active.push(ActiveFilter {
            label: format!("Name contains “{}”", filter.q),
            remove_url: without(filter, Part::Text),
        });
    }
    FilterView {
        region: filter.region.map_or("", Region::slug),
        kind: filter.kind.map_or("", OrganisationKind::slug),
        q: filter.q.clone(),
        regions: Region::ALL.map(|r| Choice { value: r.slug(), label: r.label() }).into(),
        kinds: OrganisationKind::ALL.map(|k| Choice { value: k.slug(), label: k.label() }).into(),
        summary: match shown {
            0 => "No partner matches these filters.".to_owned(),
            1 => "1 partner matches.".to_owned(),
            n => format!("{n} partners match."),
        },
        active,
        errors: parsed.errors.clone(),
    }
}

/// A part of the filter that a "remove" link drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Region,
    Kind,
    Text,
}

/// The directory's address with `filter` but for one of its parts.
fn without(filter: &Filter, drop: Part) -> String {
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
        return routes::MEMBERS.to_owned();
    }
    let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    format!("{}?{query}", routes::MEMBERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_links_keep_the_other_filters() {
        let filter = Filter { region: Some(Region::Europe), kind: None, q: "é & co".into() };
        assert_eq!(without(&filter, Part::Region), "/members?q=%C3%A9+%26+co");
        assert_eq!(without(&filter, Part::Text), "/members?region=europe");
    }
}
