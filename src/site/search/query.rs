//! A query built from the words typed, never parsed as syntax: no input
//! can make a query that fails. Every word counts, none is required;
//! records with more of the words, and with them as a phrase, rank higher.

use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::analyzer::{WordStems, root_of, words as cut};
use super::fields::LanguageFields;
use crate::util::fold::MAX_TERMS;

/// How much more a word counts in a title, and in a summary, than in a body.
const TITLE_WEIGHT: f32 = 3.0;
const SUMMARY_WEIGHT: f32 = 2.0;
/// The bonus for holding a word in some form (its root), for each word:
/// this many times its inverse document frequency. So a record with more
/// of the words ranks higher, and a rare word counts for more than a
/// common one.
const PRESENCE_WEIGHT: f32 = 2.0;
/// The bonus for holding the words as a phrase.
const PHRASE_WEIGHT: f32 = 2.0;

/// A word of the query: folded, its place in the query, and its stem in
/// each language of `Language::ALL` (`None` for a stop word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// The word as it was typed, before folding: "Română".
    pub typed: String,
    /// Where it was typed in the query, in bytes.
    pub span: std::ops::Range<usize>,
    pub position: usize,
    pub stems: Vec<Option<String>>,
}

/// Reads queries with each language's analyzer, made once.
#[derive(Clone)]
pub struct Reader {
    stems: WordStems,
}

impl Reader {
    pub fn new() -> Self {
        Self { stems: WordStems::new() }
    }

    /// The words of `text`: at most `MAX_TERMS` different ones, and twice
    /// that in all; and whether a different word was left out.
    pub fn words(&mut self, text: &str) -> (Vec<Word>, bool) {
        let mut words: Vec<Word> = Vec::new();
        let mut different = 0;
        let tokens = cut(text);
        let mut left_out = false;
        for token in tokens.iter().take(2 * MAX_TERMS) {
            if !words.iter().any(|w| w.text == token.text) {
                if different == MAX_TERMS {
                    left_out = true;
                    break;
                }
                different += 1;
            }
            let typed = text.get(token.offset_from..token.offset_to).unwrap_or(&token.text).to_owned();
            let mut word = self.word(token.text.clone(), typed, token.position);
            word.span = token.offset_from..token.offset_to;
            words.push(word);
        }
        // Past the cap, a word not searched for yet is left out too.
        left_out |= tokens.iter().skip(2 * MAX_TERMS).any(|token| !words.iter().any(|w| w.text == token.text));
        (words, left_out)
    }

    /// `text` (a folded word), typed as `typed`, at `position`, with its stems.
    pub fn word(&mut self, text: String, typed: String, position: usize) -> Word {
        let stems = self.stems.of(&text);
        Word { text, typed, span: 0..0, position, stems }
    }
}

/// The query for `words` in every language, or `None` when no word is
/// searched for (only stop words, or none at all). Only the words' own
/// forms match when `as_typed`; otherwise, any word with the same root too.
pub fn build(
    words: &[Word],
    languages: &[LanguageFields],
    searcher: &Searcher,
    as_typed: bool,
) -> tantivy::Result<Option<Box<dyn Query>>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (index, fields) in languages.iter().enumerate() {
        let in_language = in_language(words, index, fields, searcher, as_typed)?;
        clauses.extend(in_language.into_iter().map(|q| (Occur::Should, q)));
    }
    Ok((!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>))
}

/// The clauses for `words` in the language at `index`: for each word, its
/// stem by BM25 and (unless `as_typed`) the bonus for holding it in some
/// form; and the phrase.
fn in_language(
    words: &[Word],
    index: usize,
    fields: &LanguageFields,
    searcher: &Searcher,
    as_typed: bool,
) -> tantivy::Result<Vec<Box<dyn Query>>> {
    let stems: Vec<(usize, &str)> =
        words.iter().filter_map(|word| Some((word.position, word.stems[index].as_deref()?))).collect();
    let mut distinct: Vec<&str> = Vec::new();
    for (_, stem) in &stems {
        if !distinct.contains(stem) {
            distinct.push(stem);
        }
    }
    let records = searcher.num_docs() as f32;
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for stem in &distinct {
        // Each clause is a plain term at the top of the query, not a query
        // of its own per word: every nested union costs a buffer of
        // thousands of documents to fill and clear.
        for (field, weight) in [(fields.title, TITLE_WEIGHT), (fields.summary, SUMMARY_WEIGHT), (fields.body, 1.0)] {
            let term = TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::WithFreqs);
            clauses.push(Box::new(BoostQuery::new(Box::new(term), weight)));
        }
        if as_typed {
            continue;
        }
        let root = Term::from_field_text(fields.roots, root_of(stem));
        let holding = searcher.doc_freq(&root)? as f32;
        if holding > 0.0 {
            let rarity = (1.0 + (records - holding + 0.5) / (holding + 0.5)).ln();
            let held = TermQuery::new(root, IndexRecordOption::Basic);
            clauses.push(Box::new(ConstScoreQuery::new(Box::new(held), PRESENCE_WEIGHT * rarity)));
        }
    }
    if stems.len() > 1 {
        for field in [fields.title, fields.body] {
            let terms = stems.iter().map(|(at, stem)| (*at, Term::from_field_text(field, stem))).collect();
            clauses.push(Box::new(BoostQuery::new(Box::new(PhraseQuery::new_with_offset(terms)), PHRASE_WEIGHT)));
        }
    }
    Ok(clauses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_stemmed_and_bounded_with_their_places() {
        let (found, left_out) = Reader::new().words("Kazakstan  the SUMMITS kazakstan");
        assert!(!left_out);
        let texts: Vec<&str> = found.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["kazakstan", "the", "summits", "kazakstan"]);
        assert_eq!(found.iter().map(|w| w.position).collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(found[1].stems, [None], "a stop word has no stem");
        assert_eq!(found[2].stems, [Some("summit".to_owned())]);
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        let (words, left_out) = Reader::new().words(&many);
        assert_eq!((words.len(), left_out), (MAX_TERMS, true));
        let repeated = format!("{}japan", "korea ".repeat(2 * MAX_TERMS));
        assert!(Reader::new().words(&repeated).1, "a new word after the cap is left out");
        assert!(!Reader::new().words(&"korea ".repeat(3 * MAX_TERMS)).1, "repeats are not");
    }
}
