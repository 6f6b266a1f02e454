//! Filtering the member directory by region, kind of organisation and text.

use super::ui::{DirectoryText, Phrase};
use super::{Organisation, OrganisationKind, Partner, Region, Site, shorten};
use crate::util::fold::{fold, terms};
use crate::util::typo::distance_within_reach;

/// Text filters are cut to this many characters.
const MAX_TEXT: usize = 200;

/// The filters a visitor chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub region: Option<Region>,
    pub kind: Option<OrganisationKind>,
    /// Words that a partner's or organisation's name must contain ("" for none).
    pub q: String,
}

/// The filters read from what a visitor sent, with a message for each value
/// that is not known (that filter is then left out).
#[derive(Debug, Clone, Default)]
pub struct ParsedFilter {
    pub filter: Filter,
    pub errors: Vec<String>,
}

impl ParsedFilter {
    /// Reads the `region`, `kind` and `q` a visitor sent ("" when not sent);
    /// its messages in the words of `ui`.
    pub fn read(region: &str, kind: &str, q: &str, ui: &DirectoryText) -> Self {
        let (region, kind) = (region.trim(), kind.trim());
        let mut parsed = ParsedFilter::default();
        if !region.is_empty() {
            parsed.filter.region = Region::from_slug(region);
            if parsed.filter.region.is_none() {
                let choices = joined_with_or(ui, Region::ALL.map(|r| region_label(ui, r)));
                parsed
                    .errors
                    .push(ui.unknown_region.with("region", shorten(region)).with("choices", choices).to_string());
            }
        }
        if !kind.is_empty() {
            parsed.filter.kind = OrganisationKind::from_slug(kind);
            if parsed.filter.kind.is_none() {
                let choices = joined_with_or(ui, OrganisationKind::ALL.map(|k| kind_label(ui, k)));
                let unknown = shorten(&kind.to_lowercase());
                parsed.errors.push(ui.unknown_kind.with("kind", unknown).with("choices", choices).to_string());
            }
        }
        parsed.filter.q = q.trim().chars().take(MAX_TEXT).collect();
        parsed
    }
}

/// `choices` joined by the word for "or": "Asia or Europe".
fn joined_with_or<'a>(ui: &DirectoryText, choices: impl IntoIterator<Item = &'a Phrase>) -> String {
    choices.into_iter().map(Phrase::as_str).collect::<Vec<_>>().join(&format!(" {} ", ui.or))
}

/// A region's name, in the words of `ui`.
pub fn region_label(ui: &DirectoryText, region: Region) -> &Phrase {
    match region {
        Region::Asia => &ui.asia,
        Region::Europe => &ui.europe,
    }
}

/// A kind of organisation's name, in the words of `ui`.
pub fn kind_label(ui: &DirectoryText, kind: OrganisationKind) -> &Phrase {
    match kind {
        OrganisationKind::Government => &ui.government,
        OrganisationKind::Other => &ui.others,
    }
}

/// A partner as the filtered directory shows it: with the organisations that pass.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub partner: &'a Partner,
    pub organisations: Vec<&'a Organisation>,
}

/// The partners that pass `filter`, in directory order. A text filter keeps a
/// partner whose name matches (with all its organisations of the chosen
/// kind), or the organisations whose names match. A name matches when each
/// word of the filter is in it, or near one of its words (as search forgives
/// typos).
pub fn apply<'a>(site: &'a Site, filter: &Filter) -> Vec<Shown<'a>> {
    let words = terms(&filter.q);
    let matches = |text: &str| {
        let folded = fold(text);
        let own_words = folded.split(|c: char| !c.is_alphanumeric());
        words.iter().all(|w| {
            folded.contains(w.as_str()) || own_words.clone().any(|own| distance_within_reach(w, own).is_some())
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_filter_and_unknown_ones_explain() {
        let ui = crate::site::ui::english().directory;
        let parsed = ParsedFilter::read("Asia", "other", " iges ", &ui);
        assert_eq!(
            parsed.filter,
            Filter { region: Some(Region::Asia), kind: Some(OrganisationKind::Other), q: "iges".into() }
        );
        assert!(parsed.errors.is_empty());
        let parsed = ParsedFilter::read("africa", "<b>", "", &ui);
        assert_eq!(parsed.filter, Filter::default());
        assert_eq!(parsed.errors.len(), 2);
        assert!(parsed.errors[0].contains("“africa”"));
        assert!(parsed.errors[0].ends_with("choose Asia or Europe."), "{}", parsed.errors[0]);
        assert!(parsed.errors[1].ends_with("choose Government or Others."), "{}", parsed.errors[1]);
    }
}
