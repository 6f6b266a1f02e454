//! `glossary.toml`: the abbreviations each page writes out at their first
//! use, and a translation's words for them.

use std::collections::BTreeMap;

use super::Checker;
use super::translation::{Tally, toml_key};
use crate::content::files::TranslationFiles;
use crate::content::model::{GlossaryFile, Text};
use crate::content::source::GLOSSARY;
use crate::site::Abbreviation;
use crate::site::ui::Described;

/// The placeholders a term's `first_use` may hold.
const FIRST_USE: &[&str] = &["long", "short"];

impl Checker<'_> {
    /// The abbreviations of `f` (none without the file): each short form
    /// once, made of letters, digits and spaces, and what it stands for.
    pub(super) fn glossary(&mut self, f: Option<&GlossaryFile>) -> Vec<Abbreviation> {
        let Some(f) = f else { return Vec::new() };
        let mut seen: Vec<String> = Vec::new();
        let mut terms = Vec::new();
        for term in &f.term {
            let short = self.plain_text(GLOSSARY, "short", &term.short);
            if short.chars().any(|c| !(c.is_alphanumeric() || c == ' ' || c == '.')) {
                self.error(
                    GLOSSARY,
                    term.short.span(),
                    format!("`short` is \"{short}\", which is not an abbreviation as a page writes it"),
                    Some(
                        "write letters and digits, with spaces or full stops between: \"ASEM\", \"Lao PDR\"".to_owned(),
                    ),
                );
            }
            if seen.contains(&short) {
                self.error(
                    GLOSSARY,
                    term.short.span(),
                    format!("the abbreviation \"{short}\" is listed twice"),
                    Some("keep one [[term]] block for it, and remove the other".to_owned()),
                );
                continue;
            }
            seen.push(short.clone());
            let long = self.text(GLOSSARY, "long", &term.long);
            let first_use = term.first_use.as_ref().map(|value| self.first_use(GLOSSARY, "first_use", value));
            terms.push(Abbreviation { short, long, first_use });
        }
        terms
    }

    /// A `first_use` pattern, holding only {long} and {short}.
    fn first_use(&mut self, file: &str, key: &'static str, value: &Text) -> crate::site::ui::Phrase {
        self.phrase(file, Described { key, value, placeholders: FIRST_USE })
    }

    /// The abbreviations of `english` in a translation: what each stands
    /// for in the language (the default language's, marked, where it
    /// lacks it), and how its first use reads.
    pub(super) fn glossary_words(
        &mut self,
        t: &mut Tally,
        english: &[Abbreviation],
        files: &TranslationFiles,
    ) -> Vec<Abbreviation> {
        let file = files.path(GLOSSARY);
        let empty = BTreeMap::new();
        let given = files.glossary.as_ref().map_or(&empty, |f| &f.term);
        let shorts: Vec<String> = english.iter().map(|a| a.short.clone()).collect();
        self.unknown_keys(&file, "term", given, &shorts);
        english
            .iter()
            .map(|term| {
                let words = given.get(&crate::content::translation::Key::fixed(term.short.clone()));
                let key = format!("term.{}", toml_key(&term.short));
                let long = self.word(t, &file, &format!("{key}.long"), &term.long, words.and_then(|w| w.long.as_ref()));
                let first_use = match words.and_then(|w| w.first_use.as_ref()) {
                    Some(value) => Some(self.first_use(&file, "first_use", value)),
                    None => term.first_use.clone(),
                };
                Abbreviation { short: term.short.clone(), long, first_use }
            })
            .collect()
    }
}
