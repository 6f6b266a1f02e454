//! The words the site holds, for taking a mistyped word for the nearest
//! of them.

use std::collections::HashMap;

use super::analyzer::words;
use crate::util::typo::{distance_within_reach, forgiven_edits};

/// Each word of the site, grouped by length in characters.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// For each length, the words of that length and how often each occurs.
    by_length: Vec<Vec<(String, usize)>>,
}

impl Vocabulary {
    /// The words of `texts` (folded, as search reads them).
    pub fn of<'a>(texts: impl Iterator<Item = &'a String>) -> Self {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for text in texts {
            for token in words(text) {
                if forgiven_edits(&token.text) > 0 {
                    *counts.entry(token.text).or_default() += 1;
                }
            }
        }
        let mut by_length: Vec<Vec<(String, usize)>> = Vec::new();
        for (word, count) in counts {
            let length = word.chars().count();
            if by_length.len() <= length {
                by_length.resize_with(length + 1, Vec::new);
            }
            by_length[length].push((word, count));
        }
        for words in &mut by_length {
            words.sort_unstable();
        }
        Self { by_length }
    }

    /// The word nearest to `typed` within the edits it is forgiven: the
    /// fewest edits, then the most frequent word, then the first in order.
    pub fn nearest(&self, typed: &str) -> Option<&str> {
        let reach = forgiven_edits(typed);
        let length = typed.chars().count();
        let lengths = length.saturating_sub(reach)..=length + reach;
        lengths
            .filter_map(|length| self.by_length.get(length))
            .flatten()
            .filter_map(|(word, count)| {
                let distance = distance_within_reach(typed, word)?;
                Some((distance, std::cmp::Reverse(*count), word.as_str()))
            })
            .min()
            .map(|(_, _, word)| word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_word_is_the_closest_then_the_most_frequent() {
        let texts = ["Kazakhstan and Korea. Korea, Koreas, environment".to_owned()];
        let vocabulary = Vocabulary::of(texts.iter());
        assert_eq!(vocabulary.nearest("kazakstan"), Some("kazakhstan"));
        assert_eq!(vocabulary.nearest("enviroment"), Some("environment"));
        assert_eq!(vocabulary.nearest("korae"), Some("korea"));
        assert_eq!(vocabulary.nearest("zzzz"), None);
    }
}
