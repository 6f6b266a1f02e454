//! The index's fields: for each language, the title, summary and body
//! (with positions, for phrases) and their roots; and each record's kind
//! and place.

use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};

use super::analyzer::{Language, Terms};
use super::collector::{ID_FIELD, KIND_FIELD};

/// The fields of one language. Each record is in one language (English,
/// today), and fills that language's fields.
#[derive(Debug, Clone, Copy)]
pub struct LanguageFields {
    pub language: Language,
    pub title: Field,
    pub summary: Field,
    pub body: Field,
    /// The roots of the title, summary and body together.
    pub roots: Field,
}

#[derive(Debug, Clone)]
pub struct Fields {
    pub languages: Vec<LanguageFields>,
    /// The record's kind: its place in `Kind::ALL`.
    pub kind: Field,
    /// The record's place in `SearchIndex::records`.
    pub id: Field,
}

/// The schema, and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |terms: Terms, language: Language, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(&language.analyzer_name(terms)).set_index_option(record),
        )
    };
    let languages = Language::ALL
        .into_iter()
        .map(|language| {
            let words = text(Terms::Stems, language, IndexRecordOption::WithFreqsAndPositions);
            let code = language.code();
            LanguageFields {
                language,
                title: builder.add_text_field(&format!("title_{code}"), words.clone()),
                summary: builder.add_text_field(&format!("summary_{code}"), words.clone()),
                body: builder.add_text_field(&format!("body_{code}"), words),
                roots: builder.add_text_field(
                    &format!("roots_{code}"),
                    text(Terms::Roots, language, IndexRecordOption::WithFreqs),
                ),
            }
        })
        .collect();
    let kind = builder.add_u64_field(KIND_FIELD, FAST);
    let id = builder.add_u64_field(ID_FIELD, FAST);
    (builder.build(), Fields { languages, kind, id })
}
