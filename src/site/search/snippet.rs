//! The passage shown with each result: the one that best matches the
//! query, with each match marked. Each record's text is cut into terms
//! once, when the index is built, so that a search only compares numbers.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Searcher, Term};

use super::analyzer::root_of;
use super::fields::LanguageFields;
use super::query::Word;
use super::records::Record;

/// The longest passage shown, in bytes of text.
const SNIPPET_BYTES: usize = 180;
/// The text kept before a passage's first match, at most, in bytes.
const CONTEXT_BYTES: usize = 50;

/// A stretch of a snippet, and whether it matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPiece {
    pub text: String,
    pub matched: bool,
}

/// A word of a record's text: where it is, and its stem and root as
/// numbers.
#[derive(Debug, Clone, Copy)]
struct Mark {
    from: u32,
    to: u32,
    stem: u32,
    root: u32,
}

/// The terms of every record's title, summary and body.
#[derive(Debug, Default)]
pub struct Passages {
    /// For each record, in the index's order: its title's marks, its
    /// summary's, then its body's.
    records: Vec<[Vec<Mark>; 3]>,
    /// Each stem and root, numbered.
    numbers: HashMap<String, u32>,
}

impl Passages {
    /// Cuts each record's text with `analyzer`, the one its fields use.
    pub fn of(records: &[Record], analyzer: &mut TextAnalyzer) -> Self {
        let mut passages = Self::default();
        for record in records {
            let texts = [&record.title, &record.summary, &record.body].map(|text| passages.marks(analyzer, text));
            passages.records.push(texts);
        }
        passages
    }

    fn marks(&mut self, analyzer: &mut TextAnalyzer, text: &str) -> Vec<Mark> {
        let mut marks = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let (Ok(from), Ok(to)) = (u32::try_from(token.offset_from), u32::try_from(token.offset_to)) else {
                break;
            };
            let stem = self.number(&token.text);
            let root = self.number(root_of(&token.text));
            marks.push(Mark { from, to, stem, root });
        }
        marks
    }

    fn number(&mut self, term: &str) -> u32 {
        let next = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
        *self.numbers.entry(term.to_owned()).or_insert(next)
    }

    /// A marker for the words of one query, in the language of `fields`
    /// (whose place in `Language::ALL` is `index`). Rarer words weigh more.
    pub fn marker(
        &self,
        searcher: &Searcher,
        words: &[Word],
        index: usize,
        fields: &LanguageFields,
    ) -> tantivy::Result<Marker<'_>> {
        let mut stems = Vec::new();
        let mut roots = Vec::new();
        for stem in words.iter().filter_map(|word| word.stems[index].as_deref()) {
            let weight = |field, term: &str| -> tantivy::Result<f32> {
                let frequency = searcher.doc_freq(&Term::from_field_text(field, term))?;
                Ok(1.0 / (1.0 + frequency as f32))
            };
            if let Some(&number) = self.numbers.get(stem) {
                stems.push((number, weight(fields.body, stem)?));
            }
            if let Some(&number) = self.numbers.get(root_of(stem)) {
                roots.push((number, weight(fields.roots, root_of(stem))?));
            }
        }
        Ok(Marker { passages: self, stems, roots })
    }
}

/// Finds and marks the passages for one query.
pub struct Marker<'a> {
    passages: &'a Passages,
    /// The query's stems and roots by number, with their weights: a few
    /// at most, so a list is quicker to look through than a map.
    stems: Vec<(u32, f32)>,
    roots: Vec<(u32, f32)>,
}

/// The weight of `number` in `terms`, if it is one of them.
fn weight_of(terms: &[(u32, f32)], number: u32) -> Option<f32> {
    terms.iter().find(|(n, _)| *n == number).map(|(_, weight)| *weight)
}

impl Marker<'_> {
    /// The best passage of the record's body, or of its summary; matched
    /// by whole stems or, failing those, by roots. Where neither text
    /// matches (the title did), the start of the summary, or of the body.
    pub fn snippet(&self, id: usize, record: &Record) -> Vec<SnippetPiece> {
        let [_, summary, body] = &self.passages.records[id];
        let by_stem = |mark: &Mark| weight_of(&self.stems, mark.stem);
        let by_root = |mark: &Mark| weight_of(&self.roots, mark.root);
        for (text, marks) in [(&record.body, body), (&record.summary, summary)] {
            if let Some((shown, matched)) = best_passage(marks, by_stem).or_else(|| best_passage(marks, by_root)) {
                return pieces(text, shown, &matched);
            }
        }
        let text = if record.summary.is_empty() { &record.body } else { &record.summary };
        let limit = text.char_indices().map(|(i, _)| i).find(|i| *i >= SNIPPET_BYTES).unwrap_or(text.len());
        pieces(text, 0..opening_end(text, limit), &[])
    }

    /// The record's whole title, each word that matches marked: by whole
    /// stems or, failing those, by roots.
    pub fn title(&self, id: usize, record: &Record) -> Vec<SnippetPiece> {
        let [title, _, _] = &self.passages.records[id];
        let matching = |terms: &[(u32, f32)], of: fn(&Mark) -> u32| -> Vec<Range<usize>> {
            title
                .iter()
                .filter(|mark| weight_of(terms, of(mark)).is_some())
                .map(|mark| mark.from as usize..mark.to as usize)
                .collect()
        };
        let mut matched = matching(&self.stems, |mark| mark.stem);
        if matched.is_empty() {
            matched = matching(&self.roots, |mark| mark.root);
        }
        pieces(&record.title, 0..record.title.len(), &matched)
    }
}

/// Where the opening of `text` shown with no match in it ends: at `limit`,
/// or, if that is inside a word, at the end of the word before ("Euro…"
/// would be cut off); at `limit` still if the first word is longer.
fn opening_end(text: &str, limit: usize) -> usize {
    if limit >= text.len() {
        return text.len();
    }
    if text[limit..].starts_with(char::is_whitespace) {
        return limit;
    }
    match text[..limit].trim_end_matches(|c: char| !c.is_whitespace()).trim_end().len() {
        0 => limit,
        end => end,
    }
}

/// The passage of at most `SNIPPET_BYTES` whose matches weigh most (each
/// term counted once), with a little text before its first match; and the
/// matches in it. `None` when nothing matches.
fn best_passage(marks: &[Mark], weight: impl Fn(&Mark) -> Option<f32>) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let matched: Vec<usize> = (0..marks.len()).filter(|&i| weight(&marks[i]).is_some()).collect();
    let mut best: Option<(f32, usize, usize)> = None;
    for &first in &matched {
        let start_at = marks[first].from.saturating_sub(CONTEXT_BYTES as u32);
        let start = (0..=first).rev().take_while(|&i| marks[i].from >= start_at).last().unwrap_or(first);
        let from = if start == 0 && marks[0].from <= CONTEXT_BYTES as u32 { 0 } else { marks[start].from };
        let limit = from as usize + SNIPPET_BYTES;
        let end = (first..marks.len()).take_while(|&i| marks[i].to as usize <= limit).last().unwrap_or(first);
        let mut seen: Vec<u32> = Vec::new();
        let mut score = 0.0;
        for mark in &marks[first..=end] {
            if let Some(w) = weight(mark).filter(|_| !seen.contains(&mark.stem)) {
                seen.push(mark.stem);
                score += w;
            }
        }
        if best.is_none_or(|(top, _, _)| score > top) {
            best = Some((score, start, end));
        }
    }
    let (_, start, end) = best?;
    let from = if start == 0 && marks[0].from <= CONTEXT_BYTES as u32 { 0 } else { marks[start].from as usize };
    let shown = from..marks[end].to as usize;
    let matches = matched
        .iter()
        .filter(|&&i| i >= start && i <= end)
        .map(|&i| marks[i].from as usize..marks[i].to as usize)
        .collect();
    Some((shown, matches))
}

/// `marks` in order, those that overlap or touch made one: the pairs of a
/// Korean word (중소, 소기, 기업) mark the word once, whole.
fn merged(marks: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = marks.to_vec();
    sorted.sort_by_key(|mark| (mark.start, mark.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for mark in sorted {
        match merged.last_mut() {
            Some(last) if mark.start <= last.end => last.end = last.end.max(mark.end),
            _ => merged.push(mark),
        }
    }
    merged
}

/// The `shown` part of `text` in pieces, each of `marks` marked, with an
/// ellipsis where text is left out.
fn pieces(text: &str, shown: Range<usize>, marks: &[Range<usize>]) -> Vec<SnippetPiece> {
    let mut pieces = Vec::new();
    let mut plain = if shown.start > 0 { "…".to_owned() } else { String::new() };
    let mut at = shown.start;
    for mark in &merged(marks) {
        plain.push_str(&text[at..mark.start]);
        if !plain.is_empty() {
            pieces.push(SnippetPiece { text: std::mem::take(&mut plain), matched: false });
        }
        pieces.push(SnippetPiece { text: text[mark.clone()].to_owned(), matched: true });
        at = mark.end;
    }
    plain.push_str(&text[at..shown.end]);
    if shown.end < text.len() {
        plain.push('…');
    }
    if !plain.is_empty() {
        pieces.push(SnippetPiece { text: plain, matched: false });
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_marks_are_one() {
        let text = "중소기업의 친환경 혁신";
        let pieces = pieces(text, 0..text.len(), &[0..6, 3..9, 6..12, 16..22]);
        let marked: Vec<&str> = pieces.iter().filter(|p| p.matched).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, ["중소기업", "친환"]);
        assert_eq!(pieces.iter().map(|p| p.text.as_str()).collect::<String>(), text);
    }

    #[test]
    fn an_opening_without_a_match_ends_between_words() {
        let text = "Asia and Europe together";
        assert_eq!(&text[..opening_end(text, 10)], "Asia and", "inside Europe: cut before it");
        assert_eq!(&text[..opening_end(text, 8)], "Asia and", "a word ends at the limit: kept");
        assert_eq!(&text[..opening_end(text, 99)], text);
        assert_eq!(opening_end("Eco-innovation", 5), 5, "one long word is cut where it must be");
    }

    #[test]
    fn pieces_mark_each_match_and_show_where_text_is_left_out() {
        let text = "Le ministère de l'Écologie et co";
        let pieces = pieces(text, 3..28, &[3..13, 19..28]);
        let shown: Vec<(&str, bool)> = pieces.iter().map(|p| (p.text.as_str(), p.matched)).collect();
        assert_eq!(shown, [("…", false), ("ministère", true), (" de l'", false), ("Écologie", true), ("…", false)]);
    }

    #[test]
    fn the_passage_with_the_most_weight_wins() {
        let mark = |from: u32, stem: u32| Mark { from, to: from + 4, stem, root: stem };
        // Term 1 alone near the start; terms 1 and 2 together far later.
        let marks: Vec<Mark> = (0..100)
            .map(|i| {
                mark(
                    i * 10,
                    if i == 1 || i == 80 {
                        1
                    } else if i == 81 {
                        2
                    } else {
                        0
                    },
                )
            })
            .collect();
        let weight = |m: &Mark| (m.stem != 0).then_some(1.0);
        let (shown, matched) = best_passage(&marks, weight).unwrap();
        assert_eq!(matched, [800..804, 810..814]);
        assert!(shown.start <= 800 && shown.start >= 750 && shown.end - shown.start <= SNIPPET_BYTES, "{shown:?}");
        assert!(best_passage(&marks, |_| None).is_none());
    }
}
