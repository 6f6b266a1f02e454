//! Text in the form used for matching: lower case and without accents, in
//! any script.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Queries are cut to this many characters and terms: enough for any real
/// question, and a bound on the work a request can cause.
pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_TERMS: usize = 8;

/// `original` lower-cased, with its accents removed.
pub fn fold(original: &str) -> String {
    let mut text = String::with_capacity(original.len());
    for c in original.chars() {
        fold_char(c, |folded| text.push(folded));
    }
    text
}

/// Gives `push` one character in its matching form: lower case, without
/// accents (which may leave more than one character, or none). A Hangul
/// syllable stays whole: taken apart into its letters, Korean words could
/// not be cut into syllable pairs for search.
pub fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
    } else if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
        push(c);
    } else {
        c.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).for_each(push);
    }
}

/// The words of a query, folded, bounded and without repeats.
pub fn terms(query: &str) -> Vec<String> {
    let cut: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let mut terms: Vec<String> = Vec::new();
    for term in fold(&cut).split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        if !terms.iter().any(|t| t == term) && terms.len() < MAX_TERMS {
            terms.push(term.to_owned());
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents_and_keeps_other_scripts() {
        assert_eq!(fold("Côte d’Ivoire"), "cote d’ivoire");
        assert_eq!(fold("ÉCO-Innovation"), "eco-innovation");
        assert_eq!(fold("中国 Россия"), "中国 россия");
        assert_eq!(fold("한국 환경"), "한국 환경", "Hangul syllables stay whole");
        assert_eq!(terms("  Ministère  de l'ENVIRONNEMENT ministère "), ["ministere", "de", "l", "environnement"]);
    }

    #[test]
    fn terms_are_bounded() {
        assert_eq!(terms(&"word ".repeat(10_000)).len(), 1);
        assert!(terms(&(0..100).map(|i| format!("w{i} ")).collect::<String>()).len() <= MAX_TERMS);
        assert!(terms("<script>alert(1)</script>").iter().all(|t| t.chars().all(char::is_alphanumeric)));
    }
}
