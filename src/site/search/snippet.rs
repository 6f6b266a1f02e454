//! The passage shown with each result: the one that best matches the
//! query, with each match marked.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{Searcher, Term};

use super::fields::LanguageFields;
use super::analyzer::Terms;
use super::query::{Word, term_of};
use super::records::Record;

/// The longest passage shown, in bytes of text.
const SNIPPET_BYTES: usize = 180;

/// A stretch of a snippet, and whether it matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPiece {
    pub text: String,
    pub matched: bool,
}

/// Finds and marks passages for one query.
pub struct Marker {
    /// By whole stems first; by roots where no stem matches.
    generators: Vec<SnippetGenerator>,
}

impl Marker {
    pub fn new(searcher: &Searcher, words: &[Word], languages: &[LanguageFields]) -> tantivy::Result<Self> {
        let mut generators = Vec::new();
        for terms in [Terms::Stems, Terms::Roots] {
            for fields in languages {
                let field = match terms {
                    Terms::Stems => fields.body,
                    Terms::Roots => fields.roots,
                };
                let mut weights = BTreeMap::new();
                for word in words {
                    let Some(term) = term_of(fields.language, terms, &word.text) else { continue };
                    let frequency = searcher.doc_freq(&Term::from_field_text(field, &term))?;
                    if frequency > 0 {
                        weights.insert(term, 1.0 / (1.0 + frequency as f32));
                    }
                }
                let analyzer = fields.language.analyzer(terms);
                generators.push(SnippetGenerator::new(weights, analyzer, field, SNIPPET_BYTES));
            }
        }
        Ok(Self { generators })
    }

    /// The best passage of the record's body, or of its summary; or, where
    /// neither matches (the title did), the start of either.
    pub fn snippet(&self, record: &Record) -> Vec<SnippetPiece> {
        for text in [&record.body, &record.summary] {
            for generator in &self.generators {
                let snippet = generator.snippet(text);
                if !snippet.highlighted().is_empty() {
                    return pieces(text, &snippet);
                }
            }
        }
        let text = if record.summary.is_empty() { &record.body } else { &record.summary };
        let end = text.char_indices().map(|(i, _)| i).find(|i| *i >= SNIPPET_BYTES).unwrap_or(text.len());
        pieces_of(text, 0..end, &[])
    }
}

fn pieces(text: &str, snippet: &Snippet) -> Vec<SnippetPiece> {
    let range = snippet.fragment_range();
    let marks: Vec<Range<usize>> =
        snippet.highlighted().iter().map(|mark| mark.start + range.start..mark.end + range.start).collect();
    pieces_of(text, range, &marks)
}

/// The `shown` part of `text` in pieces, each of `marks` marked, with an
/// ellipsis where text is left out.
fn pieces_of(text: &str, shown: Range<usize>, marks: &[Range<usize>]) -> Vec<SnippetPiece> {
    let mut pieces = Vec::new();
    let mut plain = if shown.start > 0 { "…".to_owned() } else { String::new() };
    let mut at = shown.start;
    for mark in marks {
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
    fn pieces_mark_each_match_and_show_where_text_is_left_out() {
        let text = "Le ministère de l'Écologie et co";
        let pieces = pieces_of(text, 3..28, &[3..13, 19..28]);
        let shown: Vec<(&str, bool)> = pieces.iter().map(|p| (p.text.as_str(), p.matched)).collect();
        assert_eq!(shown, [("…", false), ("ministère", true), (" de l'", false), ("Écologie", true), ("…", false)]);
    }
}
