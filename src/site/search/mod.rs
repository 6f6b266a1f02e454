//! Site search, on tantivy: every page and record in an index held in
//! memory and built again with each load of the content. Results are
//! ranked by BM25, with titles above summaries above bodies and phrases
//! above scattered words; words are matched in any form (stemmed), in any
//! case and accent, and a word the site does not hold is taken for the
//! nearest one it does.

pub mod analyzer;
mod collector;
mod fields;
mod query;
mod records;
mod snippet;
mod vocabulary;

use std::fmt;

use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use self::analyzer::{Language, Terms};
use self::collector::{KindsAndBest, SegmentColumns};
use self::fields::{Fields, schema};
pub use self::records::Kind;
use self::records::Record;
use self::snippet::Passages;
pub use self::snippet::SnippetPiece;
use self::vocabulary::Vocabulary;
use super::Site;
use crate::util::case::capitalise;

/// Results shown on each page of results.
pub const RESULTS_PER_PAGE: usize = 10;
/// The memory tantivy may use while building: its smallest allowed budget,
/// far more than the site's text needs.
const WRITER_MEMORY: usize = 15_000_000;

/// A search as asked for.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    pub text: &'a str,
    /// Only records of this kind; all when `None`.
    pub kind: Option<Kind>,
    /// The page of results, from 1.
    pub page: usize,
    /// Search for the words as typed, even if the site holds none of them.
    pub as_typed: bool,
}

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// This page's results, best first.
    pub hits: Vec<Hit>,
    /// How many records match, of the chosen kind.
    pub total: usize,
    /// How many match of each kind that has any, in `Kind::ALL` order.
    pub counts: Vec<(Kind, usize)>,
    /// The words searched for instead of the ones typed, if any was
    /// taken for a word the site holds.
    pub corrected: Option<String>,
    /// Whether the query had more words than are searched for.
    pub words_left_out: bool,
    /// Whether every word typed is too common to search for ("the").
    pub only_common_words: bool,
}

impl Results {
    /// The number of pages of results.
    pub fn pages(&self) -> usize {
        self.total.div_ceil(RESULTS_PER_PAGE)
    }
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    /// The title, each word that matches a marked piece.
    pub title: Vec<SnippetPiece>,
    pub url: String,
    /// The best-matching passage, with each match a marked piece.
    pub snippet: Vec<SnippetPiece>,
}

/// Every page and record of the site, indexed.
pub struct SearchIndex {
    records: Vec<Record>,
    reader: IndexReader,
    fields: Fields,
    vocabulary: Vocabulary,
    passages: Passages,
    /// Reads queries; cloned for each search, which needs its own.
    words: query::Reader,
    /// Each segment's kinds and record numbers, opened once.
    columns: Vec<SegmentColumns>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex").field("records", &self.records.len()).finish_non_exhaustive()
    }
}

/// `word` (folded) in the case `typed` was written in: "Kazakstan" gives
/// "Kazakhstan", "CROATIA" all capitals.
fn in_case_of(typed: &str, word: &str) -> String {
    let mut letters = typed.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    if first_upper && letters.clone().next().is_some() && letters.all(char::is_uppercase) {
        word.to_uppercase()
    } else if first_upper {
        capitalise(word)
    } else {
        word.to_owned()
    }
}

impl SearchIndex {
    /// Indexes the pages, partners, organisations, summits, definitions
    /// and news of `site`.
    pub fn build(site: &Site) -> tantivy::Result<Self> {
        let records = records::records(site);
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        for language in Language::ALL {
            for terms in Terms::ALL {
                index.tokenizers().register(&language.analyzer_name(terms), language.analyzer(terms));
            }
        }
        let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let english = fields.languages[0];
        for (id, record) in records.iter().enumerate() {
            let mut document = TantivyDocument::default();
            document.add_text(english.title, &record.title);
            document.add_text(english.summary, &record.summary);
            document.add_text(english.body, &record.body);
            for text in [&record.title, &record.summary, &record.body] {
                document.add_text(english.roots, text);
            }
            document.add_u64(fields.kind, record.kind.number() as u64);
            document.add_u64(fields.id, id as u64);
            writer.add_document(document)?;
        }
        writer.commit()?;
        let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let columns = SegmentColumns::open(&reader.searcher())?;
        let mut stems = analyzer::WordStems::new();
        let vocabulary = Vocabulary::of(records.iter().flat_map(|r| [&r.title, &r.summary, &r.body]), |word| {
            stems.of(word).iter().any(Option::is_some)
        });
        let passages = Passages::of(&records, &mut english.language.analyzer(Terms::Stems));
        Ok(Self { records, reader, fields, vocabulary, passages, words: query::Reader::new(), columns })
    }

    /// The records that match `request`, best first, one page of them.
    pub fn search(&self, request: &Request) -> tantivy::Result<Results> {
        let searcher = self.reader.searcher();
        let mut reader = self.words.clone();
        let (mut words, words_left_out) = reader.words(request.text);
        let corrected =
            if request.as_typed { None } else { self.correct(&searcher, &mut reader, request.text, &mut words)? };
        let Some(matching) = query::build(&words, &self.fields.languages, &searcher, request.as_typed)? else {
            let only_common_words = !words.is_empty();
            return Ok(Results { corrected, words_left_out, only_common_words, ..Results::default() });
        };
        let offset = request.page.saturating_sub(1).saturating_mul(RESULTS_PER_PAGE);
        let keep = offset.saturating_add(RESULTS_PER_PAGE);
        let collector = KindsAndBest { kind: request.kind, keep, columns: &self.columns };
        let found = searcher.search(&matching, &collector)?;
        let counts: Vec<(Kind, usize)> =
            Kind::ALL.into_iter().zip(found.counts).filter(|(_, count)| *count > 0).collect();
        let total = match request.kind {
            Some(kind) => found.counts[kind.number()],
            None => found.counts.iter().sum(),
        };
        let shown = found.best.get(offset..).unwrap_or_default();
        let hits = if shown.is_empty() {
            Vec::new()
        } else {
            // Every record is English today: its passages are marked in English.
            let marker = self.passages.marker(&searcher, &words, 0, &self.fields.languages[0])?;
            shown
                .iter()
                .filter_map(|&(_, id)| {
                    let record = self.records.get(id)?;
                    Some(Hit {
                        kind: record.kind,
                        title: marker.title(id, record),
                        url: record.url.clone(),
                        snippet: marker.snippet(id, record),
                    })
                })
                .collect()
        };
        Ok(Results { hits, total, counts, corrected, words_left_out, only_common_words: false })
    }

    /// Replaces each word the site holds in no form with the nearest word
    /// it does hold, if one is near enough; says what was searched for
    /// instead, if anything was replaced.
    fn correct(
        &self,
        searcher: &Searcher,
        reader: &mut query::Reader,
        text: &str,
        words: &mut [query::Word],
    ) -> tantivy::Result<Option<String>> {
        // The query as typed, each word replaced where it was typed: words
        // of Korean, cut into overlapping pairs, keep their own spelling.
        let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        for word in words.iter_mut() {
            if self.is_known(searcher, word)? {
                continue;
            }
            if let Some(nearest) = self.vocabulary.nearest(&word.text) {
                replacements.push((word.span.clone(), in_case_of(&word.typed, nearest)));
                let span = word.span.clone();
                *word = reader.word(nearest.to_owned(), nearest.to_owned(), word.position);
                word.span = span;
            }
        }
        if replacements.is_empty() {
            return Ok(None);
        }
        let mut shown = String::with_capacity(text.len() + 8);
        let mut at = 0;
        for (span, replacement) in replacements {
            shown.push_str(text.get(at..span.start).unwrap_or_default());
            shown.push_str(&replacement);
            at = span.end;
        }
        shown.push_str(text.get(at..).unwrap_or_default());
        Ok(Some(shown.trim().to_owned()))
    }

    /// Whether some record holds `word` in some form, or the word is one
    /// that is never searched for (a stop word).
    fn is_known(&self, searcher: &Searcher, word: &query::Word) -> tantivy::Result<bool> {
        if self.vocabulary.holds(&word.text) {
            return Ok(true);
        }
        for (fields, stem) in self.fields.languages.iter().zip(&word.stems) {
            let Some(stem) = stem else { return Ok(true) };
            for field in [fields.title, fields.summary, fields.body] {
                if searcher.doc_freq(&Term::from_field_text(field, stem))? > 0 {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}
