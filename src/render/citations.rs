//! A page's sources as numbered notes: a marker beside each fact, and a
//! list at the foot of the page that links back to every marker.
//!
//! Numbers follow the order in which the page first cites each source, so
//! a view must cite its facts in the order its template shows them. A
//! source cited twice keeps its first number.

use crate::site::{Date, Source};

/// A note's marker beside a fact: `[2]`, linking to the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub number: usize,
    /// The marker's own id, which the list links back to.
    pub id: String,
}

/// One entry of the list of sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub number: usize,
    pub source: Source,
    /// The ids of the markers that cite it, in page order.
    pub cited_at: Vec<String>,
}

/// The sources a page cites, numbered as it cites them.
#[derive(Debug, Clone, Default)]
pub struct Citations {
    listed: Vec<Listed>,
}

impl Citations {
    /// Markers for a fact backed by `sources`, one per source, lowest
    /// number first.
    pub fn cite(&mut self, sources: &[Source]) -> Vec<Marker> {
        let mut markers: Vec<Marker> = sources.iter().map(|source| self.cite_one(source)).collect();
        markers.sort_by_key(|m| m.number);
        markers
    }

    /// The marker for the source numbered `number`, as a Markdown body's
    /// `[^number]` names it among `sources`; `None` if there is no such
    /// source (the content's checks refuse that).
    pub fn cite_numbered(&mut self, sources: &[Source], number: usize) -> Option<Marker> {
        let source = sources.get(number.checked_sub(1)?)?;
        Some(self.cite_one(source))
    }

    fn cite_one(&mut self, source: &Source) -> Marker {
        let index = match self.listed.iter().position(|l| l.source == *source) {
            Some(index) => index,
            None => {
                let number = self.listed.len() + 1;
                self.listed.push(Listed { number, source: source.clone(), cited_at: Vec::new() });
                self.listed.len() - 1
            }
        };
        let listed = &mut self.listed[index];
        let id = match listed.cited_at.len() {
            0 => format!("cite-{}", listed.number),
            n => format!("cite-{}-{}", listed.number, n + 1),
        };
        listed.cited_at.push(id.clone());
        Marker { number: listed.number, id }
    }

    /// Lists `sources` too, without a marker: for sources that back the
    /// page as a whole.
    pub fn list_also(&mut self, sources: &[Source]) {
        for source in sources {
            if !self.listed.iter().any(|l| l.source == *source) {
                let number = self.listed.len() + 1;
                self.listed.push(Listed { number, source: source.clone(), cited_at: Vec::new() });
            }
        }
    }

    /// The day the page's facts were last confirmed: its latest `checked`,
    /// or `updated` if that is later.
    pub fn last_updated(&self, updated: Option<Date>) -> Option<Date> {
        self.listed.iter().map(|l| l.source.checked).chain(updated).max()
    }

    pub fn into_list(self) -> Vec<Listed> {
        self.listed
    }
}

/// The letter of the place a source is cited, in the list's links back, as
/// Wikipedia writes them: a, b, … z, then aa, ab, ….
pub fn place_letter(index: &usize) -> String {
    let index = *index;
    let letter = |i: usize| char::from(b'a' + u8::try_from(i % 26).unwrap_or(0));
    if index < 26 { letter(index).to_string() } else { format!("{}{}", letter(index / 26 - 1), letter(index)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(title: &str, day: u8) -> Source {
        Source { title: title.into(), url: None, checked: Date::new(2026, 11, day).unwrap() }
    }

    #[test]
    fn sources_are_numbered_as_first_cited_and_each_marker_is_listed() {
        let (a, b) = (source("A", 1), source("B", 20));
        let mut citations = Citations::default();
        assert_eq!(citations.cite(std::slice::from_ref(&b)), [Marker { number: 1, id: "cite-1".into() }]);
        let both = citations.cite(&[a.clone(), b.clone()]);
        assert_eq!(
            both.iter().map(|m| (m.number, m.id.as_str())).collect::<Vec<_>>(),
            [(1, "cite-1-2"), (2, "cite-2")]
        );
        assert_eq!(citations.cite_numbered(std::slice::from_ref(&a), 1).map(|m| m.number), Some(2));
        assert_eq!(citations.cite_numbered(std::slice::from_ref(&a), 2), None);
        assert_eq!(citations.cite_numbered(&[a], 0), None);
        assert_eq!(citations.last_updated(None), Date::new(2026, 11, 20));
        assert_eq!(citations.last_updated(Date::new(2026, 11, 29)), Date::new(2026, 11, 29));
        let list = citations.into_list();
        assert_eq!(list[0].cited_at, ["cite-1", "cite-1-2"]);
        assert_eq!(list[1].cited_at, ["cite-2", "cite-2-2"]);
    }

    #[test]
    fn places_are_lettered_as_wikipedia_does() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52].iter().map(place_letter).collect();
        assert_eq!(letters, ["a", "b", "z", "aa", "ab", "az", "ba"]);
    }

    #[test]
    fn a_page_with_no_sources_has_no_list_and_no_date() {
        let citations = Citations::default();
        assert_eq!(citations.last_updated(None), None);
        assert!(citations.into_list().is_empty());
    }
}
