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

/// The names the text filter reads, each folded and cut into words whose
/// stems are made once, when the site is loaded: a filter then stems only
/// its own words, and measures each of them against each distinct word of
/// the names once.
///
/// The pre-rendered directory, which has no text filter, needs none:
/// `DirectoryNames::default()` will do.
#[derive(Debug, Default)]
pub struct DirectoryNames {
    /// Every distinct word of the names, with its stems.
    words: Vec<NameWord>,
    /// In the order of `site.partners`.
    partners: Vec<PartnerNames>,
}

#[derive(Debug)]
struct NameWord {
    text: String,
    stems: Vec<Option<String>>,
}

#[derive(Debug)]
struct PartnerNames {
    /// Its name, then its other names: the English one on a translated
    /// page, "한국" beside "대한민국".
    names: Vec<Name>,
    /// Each organisation's name with its partner's names, in the order of
    /// `partner.organisations`.
    organisations: Vec<Name>,
}

/// A name folded, and its words (indices into `DirectoryNames::words`).
#[derive(Debug)]
struct Name {
    folded: String,
    words: Vec<usize>,
}

impl DirectoryNames {
    pub fn of(site: &Site) -> Self {
        let mut builder = NamesBuilder::default();
        let partners = site
            .partners
            .iter()
            .map(|partner| {
                let names = std::iter::once(partner.name.as_str())
                    .chain(partner.also.iter().map(String::as_str))
                    .map(|n| builder.name(n))
                    .collect();
                let all_names = format!("{} {}", partner.name, partner.also.join(" "));
                let organisations =
                    partner.organisations.iter().map(|o| builder.name(&format!("{} {all_names}", o.name))).collect();
                PartnerNames { names, organisations }
            })
            .collect();
        Self { words: builder.words, partners }
    }
}

#[derive(Default)]
struct NamesBuilder {
    stemmer: WordStems,
    words: Vec<NameWord>,
    index: HashMap<String, usize>,
}

impl NamesBuilder {
    fn name(&mut self, text: &str) -> Name {
        let folded = fold(text);
        let mut words = Vec::new();
        for word in folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let at = match self.index.get(word) {
                Some(&at) => at,
                None => {
                    self.words.push(NameWord { text: word.to_owned(), stems: self.stemmer.of(word) });
                    self.index.insert(word.to_owned(), self.words.len() - 1);
                    self.words.len() - 1
                }
            };
            if !words.contains(&at) {
                words.push(at);
            }
        }
        Name { folded, words }
    }
}

/// The partners that pass `filter`, in directory order; `names` are the
/// site's (`DirectoryNames::of`). A text filter keeps a partner whose name
/// or another of its names matches (with all its organisations of the
/// chosen kind), or the organisations whose names, with their partner's,
/// match. A name matches when each word of the filter is in it, is near
/// one of its words, or is a form of one, as search reads them (see
/// `NameMatcher`).
pub fn apply<'a>(site: &'a Site, names: &DirectoryNames, filter: &Filter) -> Vec<Shown<'a>> {
    let mut matcher = NameMatcher::new(&filter.q, names);
    let no_names = PartnerNames { names: Vec::new(), organisations: Vec::new() };
    site.partners
        .iter()
        .enumerate()
        .filter(|(_, p)| filter.region.is_none_or(|r| p.region == r))
        .filter_map(|(i, partner)| {
            let of_kind = partner.organisations.iter().filter(|o| filter.kind.is_none_or(|k| o.kind == k));
            let (name_matches, organisations): (bool, Vec<&Organisation>) =
                if matcher.words.is_empty() && !matcher.nothing_to_find {
                    (true, of_kind.collect())
                } else {
                    let its_names = names.partners.get(i).unwrap_or(&no_names);
                    let name_matches = its_names.names.iter().any(|name| matcher.matches(name));
                    let organisations = partner.organisations.iter().zip(&its_names.organisations);
                    let organisations = organisations
                        .filter(|(o, name)| {
                            filter.kind.is_none_or(|k| o.kind == k) && (name_matches || matcher.matches(name))
                        })
                        .map(|(o, _)| o)
                        .collect();
                    (name_matches, organisations)
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
struct NameMatcher<'a> {
    words: Vec<FilterWord>,
    /// A filter with nothing a name could hold ("🌱", "%"): it matches no name.
    nothing_to_find: bool,
    names: &'a DirectoryNames,
}

/// A word of the filter, its stems, and whether it is near each word of
/// the names, measured when first asked.
struct FilterWord {
    text: String,
    stems: Vec<Option<String>>,
    near: Vec<Option<bool>>,
}

impl<'a> NameMatcher<'a> {
    fn new(q: &str, names: &'a DirectoryNames) -> Self {
        let mut stemmer = WordStems::new();
        let words: Vec<FilterWord> = terms(q)
            .into_iter()
            .map(|text| FilterWord { stems: stemmer.of(&text), text, near: vec![None; names.words.len()] })
            .collect();
        let nothing_to_find = words.is_empty() && !q.trim().is_empty();
        Self { words, nothing_to_find, names }
    }

    fn matches(&mut self, name: &Name) -> bool {
        if self.nothing_to_find {
            return false;
        }
        let table = &self.names.words;
        self.words.iter_mut().all(|FilterWord { text, stems, near }| {
            stems.iter().all(Option::is_none)
                || name.folded.contains(text.as_str())
                || name.words.iter().any(|&at| *near[at].get_or_insert_with(|| word_near(text, stems, &table[at])))
        })
    }
}

/// Whether a word of the filter is near a word of a name, or shares its
/// stem with it (within the typos forgiven).
fn word_near(text: &str, stems: &[Option<String>], own: &NameWord) -> bool {
    near(text, &own.text)
        || own.stems.iter().zip(stems).any(|pair| match pair {
            (Some(own_stem), Some(stem)) => own_stem == stem || distance_within_reach(stem, own_stem).is_some(),
            _ => false,
        })
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
