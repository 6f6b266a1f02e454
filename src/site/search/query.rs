//! A query built from the words typed, never parsed as syntax: no input
//! can make a query that fails. Every word counts, none is required;
//! records with more of the words, and with them as a phrase, rank higher.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Term, tokenizer::TokenStream};

use super::fields::LanguageFields;
use super::analyzer::{Language, Terms, words as cut};
use crate::util::fold::MAX_TERMS;

/// How much more a word counts in a title, and in a summary, than in a body.
const TITLE_WEIGHT: f32 = 3.0;
const SUMMARY_WEIGHT: f32 = 2.0;
/// Roots join word families loosely, so they count for little.
const ROOT_WEIGHT: f32 = 0.3;
/// The bonus for holding every word, and for holding them as a phrase.
const ALL_WORDS_WEIGHT: f32 = 1.0;
const PHRASE_WEIGHT: f32 = 2.0;

/// A word of the query, folded, and its place in the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub position: usize,
}

/// The words of `text`, folded: at most `MAX_TERMS` different ones, and
/// twice that in all.
pub fn words(text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut different = 0;
    for token in cut(text).into_iter().take(2 * MAX_TERMS) {
        let seen = words.iter().any(|w| w.text == token.text);
        if !seen {
            if different == MAX_TERMS {
                break;
            }
            different += 1;
        }
        words.push(Word { text: token.text, position: token.position });
    }
    words
}

/// The term `word` gives in `language`, or `None` for a stop word.
pub fn term_of(language: Language, terms: Terms, word: &str) -> Option<String> {
    let mut analyzer = language.analyzer(terms);
    let mut stream = analyzer.token_stream(word);
    stream.advance().then(|| stream.token().text.clone())
}

/// The query for `words` in every language, or `None` when no word is
/// searched for (only stop words, or none at all).
pub fn build(words: &[Word], languages: &[LanguageFields]) -> Option<Box<dyn Query>> {
    let clauses: Vec<(Occur, Box<dyn Query>)> =
        languages.iter().flat_map(|fields| in_language(words, fields)).map(|q| (Occur::Should, q)).collect();
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

/// The clauses for `words` in one language: one for each word, one for all
/// of them together, and the phrase.
fn in_language(words: &[Word], fields: &LanguageFields) -> Vec<Box<dyn Query>> {
    let stems: Vec<(usize, String, String)> = words
        .iter()
        .filter_map(|word| {
            let stem = term_of(fields.language, Terms::Stems, &word.text)?;
            let root = term_of(fields.language, Terms::Roots, &word.text)?;
            Some((word.position, stem, root))
        })
        .collect();
    let mut distinct: Vec<(&str, &str)> = Vec::new();
    for (_, stem, root) in &stems {
        if !distinct.iter().any(|(s, _)| s == stem) {
            distinct.push((stem, root));
        }
    }
    let each: Vec<Box<dyn Query>> = distinct.iter().map(|(stem, root)| one_word(fields, stem, root)).collect();
    let mut clauses = each.iter().map(|q| q.box_clone()).collect::<Vec<_>>();
    if distinct.len() > 1 {
        let all = BooleanQuery::new(each.into_iter().map(|q| (Occur::Must, q)).collect());
        clauses.push(Box::new(BoostQuery::new(Box::new(all), ALL_WORDS_WEIGHT)));
    }
    if stems.len() > 1 {
        for field in [fields.title, fields.body] {
            let terms = stems.iter().map(|(at, stem, _)| (*at, Term::from_field_text(field, stem))).collect();
            clauses.push(Box::new(BoostQuery::new(Box::new(PhraseQuery::new_with_offset(terms)), PHRASE_WEIGHT)));
        }
    }
    clauses
}

/// One word, found in a title, a summary, a body or, loosely, as a root.
fn one_word(fields: &LanguageFields, stem: &str, root: &str) -> Box<dyn Query> {
    let term = |field: Field, text: &str, weight: f32| -> (Occur, Box<dyn Query>) {
        let query = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
        (Occur::Should, Box::new(BoostQuery::new(Box::new(query), weight)))
    };
    Box::new(BooleanQuery::new(vec![
        term(fields.title, stem, TITLE_WEIGHT),
        term(fields.summary, stem, SUMMARY_WEIGHT),
        term(fields.body, stem, 1.0),
        term(fields.roots, root, ROOT_WEIGHT),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_bounded_with_their_places() {
        let found = words("Kazakstan  MINISTRY kazakstan");
        assert_eq!(found.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["kazakstan", "ministry", "kazakstan"]);
        assert_eq!(found.iter().map(|w| w.position).collect::<Vec<_>>(), [0, 1, 2]);
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        assert_eq!(words(&many).len(), MAX_TERMS);
    }

    #[test]
    fn stop_words_give_no_term() {
        assert_eq!(term_of(Language::English, Terms::Stems, "the"), None);
        assert_eq!(term_of(Language::English, Terms::Stems, "summits").as_deref(), Some("summit"));
    }
}
