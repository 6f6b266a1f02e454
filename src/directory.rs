//! Filtering the member directory by region, kind of organisation and text.

use crate::search::terms;
use crate::site::{Organisation, OrganisationKind, Partner, Region, Site};

/// The filters a visitor chose, each as given (empty when not set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub region: Option<Region>,
    pub kind: Option<OrganisationKind>,
    pub q: String,
}

/// The filters read from a query string, with a message for each value that
/// is not known (that filter is then left out).
#[derive(Debug, Clone, Default)]
pub struct ParsedFilter {
    pub filter: Filter,
    pub errors: Vec<String>,
    /// The raw values, to show in the form again.
    pub region: String,
    pub kind: String,
}

/// Reads `region`, `kind` and `q` from decoded query pairs.
pub fn parse(pairs: &[(String, String)]) -> ParsedFilter {
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim());
    let mut parsed = ParsedFilter {
        region: value("region").to_lowercase(),
        kind: value("kind").to_lowercase(),
        ..ParsedFilter::default()
    };
    parsed.filter.region = match parsed.region.as_str() {
        "" => None,
        "asia" => Some(Region::Asia),
        "europe" => Some(Region::Europe),
        other => {
            parsed.errors.push(format!("There is no region called “{}”: choose Asia or Europe.", shorten(other)));
            parsed.region.clear();
            None
        }
    };
    parsed.filter.kind = match parsed.kind.as_str() {
        "" => None,
        "government" => Some(OrganisationKind::Government),
        "other" | "others" => Some(OrganisationKind::Other),
        other => {
            parsed.errors.push(format!(
                "There is no kind of organisation called “{}”: choose Government or Others.",
                shorten(other)
            ));
            parsed.kind.clear();
            None
        }
    };
    parsed.filter.q = value("q").chars().take(200).collect();
    parsed
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() { format!("{short}…") } else { short }
}

/// A partner as the filtered directory shows it: with the organisations that pass.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub partner: &'a Partner,
    pub organisations: Vec<&'a Organisation>,
}

/// The partners that pass `filter`, in directory order. A text filter keeps a
/// partner whose name matches (with all its organisations of the chosen
/// kind), or the organisations whose names match.
pub fn apply<'a>(site: &'a Site, filter: &Filter) -> Vec<Shown<'a>> {
    let words = terms(&filter.q);
    let matches = |text: &str| {
        let folded = terms(text).join(" ");
        words.iter().all(|w| folded.contains(w.as_str()))
    };
    site.partners
        .iter()
        .filter(|p| filter.region.is_none_or(|r| p.region == r))
        .filter_map(|partner| {
            let of_kind: Vec<&Organisation> =
                partner.organisations.iter().filter(|o| filter.kind.is_none_or(|k| o.kind == k)).collect();
            let organisations = if words.is_empty() || matches(&partner.name) {
                of_kind
            } else {
                of_kind.into_iter().filter(|o| matches(&o.name)).collect()
            };
            let keep = if filter.kind.is_none() && words.is_empty() { true } else { !organisations.is_empty() };
            keep.then_some(Shown { partner, organisations })
        })
        .collect()
}

/// The query string of `filter` without one of its parts, for a "remove" link.
pub fn without(filter: &Filter, drop: &str) -> String {
    let mut parts = Vec::new();
    if let Some(region) = filter.region.filter(|_| drop != "region") {
        parts.push(format!("region={}", region.label().to_lowercase()));
    }
    if let Some(kind) = filter.kind.filter(|_| drop != "kind") {
        parts.push(format!("kind={}", if kind == OrganisationKind::Government { "government" } else { "other" }));
    }
    if !filter.q.is_empty() && drop != "q" {
        parts.push(format!("q={}", encode(&filter.q)));
    }
    if parts.is_empty() { "/members".to_owned() } else { format!("/members?{}", parts.join("&")) }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn known_values_filter_and_unknown_ones_explain() {
        let parsed = parse(&pairs(&[("region", "Asia"), ("kind", "other"), ("q", " iges ")]));
        assert_eq!(
            parsed.filter,
            Filter { region: Some(Region::Asia), kind: Some(OrganisationKind::Other), q: "iges".into() }
        );
        assert!(parsed.errors.is_empty());
        let parsed = parse(&pairs(&[("region", "africa"), ("kind", "<b>")]));
        assert_eq!(parsed.filter, Filter::default());
        assert_eq!(parsed.errors.len(), 2);
        assert!(parsed.errors[0].contains("“africa”"));
    }

    #[test]
    fn remove_links_keep_the_other_filters() {
        let filter = Filter { region: Some(Region::Europe), kind: None, q: "é & co".into() };
        assert_eq!(without(&filter, "region"), "/members?q=%C3%A9+%26+co");
        assert_eq!(without(&filter, "q"), "/members?region=europe");
    }
}
