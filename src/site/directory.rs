//! Filtering the member directory by region, kind of organisation and text.

use std::collections::HashMap;

use super::search::analyzer::WordStems;
use super::ui::{DirectoryText, Phrase};
use super::{Organisation, OrganisationKind, Partner, Region, Site, shorten};
use crate::util::fold::{fold, terms};
use crate::util::typo::{LONG_WORD_CHARS, distance_within_reach, forgiven_edits};

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

/// The kind of one organisation, as its partner's page and search name it.
pub fn kind_of_one(ui: &DirectoryText, kind: OrganisationKind) -> &Phrase {
    match kind {
        OrganisationKind::Government => &ui.government_one,
        OrganisationKind::Other => &ui.other_one,
    }
}

/// A partner as the filtered directory shows it: with the organisations that pass.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub partner: &'a Partner,
    pub organisations: Vec<&'a Organisation>,
}

/// The partners that pass `filter`, in directory order. A text filter keeps a
/// partner whose name or another of its names matches (with all its
/// organisations of the chosen kind), or the organisations whose names, with their partner's, match.
/// A name matches when each word of the filter is in it, is near one of its
/// words, or is a form of one, as search reads them (see `NameMatcher`).
pub fn apply<'a>(site: &'a Site, filter: &Filter) -> Vec<Shown<'a>> {
    let mut matcher = NameMatcher::new(&filter.q);
    site.partners
        .iter()
        .filter(|p| filter.region.is_none_or(|r| p.region == r))
        .filter_map(|partner| {
            let of_kind: Vec<&Organisation> =
                partner.organisations.iter().filter(|o| filter.kind.is_none_or(|k| o.kind == k)).collect();
            // Its other names find it too: its English name on a translated
            // page, "한국" beside "대한민국".
            let name_matches = matcher.matches(&partner.name) || partner.also.iter().any(|name| matcher.matches(name));
            let organisations = if name_matches {
                of_kind
            } else {
                let names = format!("{} {}", partner.name, partner.also.join(" "));
                of_kind.into_iter().filter(|o| matcher.matches(&format!("{} {names}", o.name))).collect()
            };
            // A partner with no organisation (the ASEAN Secretariat) is
            // still found by its name, unless a kind of organisation is asked for.
            let keep = !organisations.is_empty() || (filter.kind.is_none() && name_matches);
            keep.then_some(Shown { partner, organisations })
        })
        .collect()
}

/// Whether `word` (typed) is within the typos forgiven of `own` (a word of
/// a name), or, for a long word, of its start: "enviroment" finds
/// "Environmental". (A short word is not matched to starts: "bank" is one
/// edit from the start of "Bangladesh".)
fn near(word: &str, own: &str) -> bool {
    if distance_within_reach(word, own).is_some() {
        return true;
    }
    let typed = word.chars().count();
    // Only starts shorter than `own`: the whole of it was measured above.
    let longest = (typed + forgiven_edits(word)).min(own.chars().count().saturating_sub(1));
    typed >= LONG_WORD_CHARS
        && (typed..=longest).any(|length| {
            let start = own.char_indices().nth(length).map_or(own, |(end, _)| &own[..end]);
            distance_within_reach(word, start).is_some()
        })
}

/// Tells whether a name holds every word of a text filter: each word of
/// the filter must be in the name (any part of it will do, as it is being
/// typed: "kor"), or near one of its words, or share its stem with one
/// (within the typos forgiven), as search reads words. A word search never looks
/// for ("the", "of") decides nothing.
struct NameMatcher {
    words: Vec<(String, Vec<Option<String>>)>,
    /// A filter with nothing a name could hold ("🌱", "%"): it matches no name.
    nothing_to_find: bool,
    stemmer: WordStems,
    /// The stems of the names' words, made once for each word.
    stems: HashMap<String, Vec<Option<String>>>,
}

impl NameMatcher {
    fn new(q: &str) -> Self {
        let mut stemmer = WordStems::new();
        let words: Vec<_> = terms(q).into_iter().map(|word| (word.clone(), stemmer.of(&word))).collect();
        let nothing_to_find = words.is_empty() && !q.trim().is_empty();
        Self { words, nothing_to_find, stemmer, stems: HashMap::new() }
    }

    fn matches(&mut self, name: &str) -> bool {
        if self.nothing_to_find {
            return false;
        }
        let folded = fold(name);
        let own_words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        for own in &own_words {
            if !self.stems.contains_key(*own) {
                let stems = self.stemmer.of(own);
                self.stems.insert((*own).to_owned(), stems);
            }
        }
        self.words.iter().all(|(word, stems)| {
            stems.iter().all(Option::is_none)
                || folded.contains(word.as_str())
                || own_words.iter().any(|own| {
                    near(word, own)
                        || self.stems[*own].iter().zip(stems).any(|pair| match pair {
                            (Some(own_stem), Some(stem)) => {
                                own_stem == stem || distance_within_reach(stem, own_stem).is_some()
                            }
                            _ => false,
                        })
                })
        })
    }
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
