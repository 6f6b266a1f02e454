//! The words the site holds, for taking a mistyped word for the nearest
//! of them.

use std::collections::{HashMap, HashSet};

use super::analyzer::words;
use crate::util::typo::{distance_within_reach, forgiven_edits};

/// Each word of the site, grouped by length in characters.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// For each length, the words of that length: each with the letters it
    /// holds, and how often it occurs.
    by_length: Vec<Vec<(String, Letters, usize)>>,
    /// Every word, to tell at once whether a word typed is one of them.
    all: HashSet<String>,
}

/// The letters a word holds, as bits (a letter's code, modulo 64). One
/// edit changes at most two bits, so words whose bits differ by more than
/// twice the edits forgiven are passed over without measuring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Letters(u64);

impl Letters {
    fn of(word: &str) -> Self {
        Self(word.chars().fold(0, |bits, c| bits | 1 << (u32::from(c) % 64)))
    }

    fn differ_by(self, other: Self) -> usize {
        (self.0 ^ other.0).count_ones() as usize
    }
}

impl Vocabulary {
    /// The words of `texts` (folded, as search reads them) that are
    /// `searched` for: a mistyped word taken for a stop word would find
    /// nothing.
    pub fn of<'a>(texts: impl Iterator<Item = &'a String>, mut searched: impl FnMut(&str) -> bool) -> Self {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut passed_over: HashSet<String> = HashSet::new();
        for text in texts {
            for token in words(text) {
                if let Some(count) = counts.get_mut(&token.text) {
                    *count += 1;
                } else if !passed_over.contains(&token.text) {
                    if forgiven_edits(&token.text) > 0 && searched(&token.text) {
                        counts.insert(token.text, 1);
                    } else {
                        passed_over.insert(token.text);
                    }
                }
            }
        }
        let all = counts.keys().cloned().collect();
        let mut by_length: Vec<Vec<(String, Letters, usize)>> = Vec::new();
        for (word, count) in counts {
            let length = word.chars().count();
            if by_length.len() <= length {
                by_length.resize_with(length + 1, Vec::new);
            }
            let letters = Letters::of(&word);
            by_length[length].push((word, letters, count));
        }
        for words in &mut by_length {
            words.sort_unstable();
        }
        Self { by_length, all }
    }

    /// Whether `word` (folded) is a word of the site.
    pub fn holds(&self, word: &str) -> bool {
        self.all.contains(word)
    }

    /// The word nearest to `typed` within the edits it is forgiven: the
    /// fewest edits, then the most frequent word, then the first in order.
    pub fn nearest(&self, typed: &str) -> Option<&str> {
        let reach = forgiven_edits(typed);
        let length = typed.chars().count();
        let lengths = length.saturating_sub(reach)..=length + reach;
        let letters = Letters::of(typed);
        lengths
            .filter_map(|length| self.by_length.get(length))
            .flatten()
            .filter(|(_, other, _)| letters.differ_by(*other) <= 2 * reach)
            .filter_map(|(word, _, count)| {
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
        let texts = ["Kazakhstan and Korea. Korea, Koreas, environment, their".to_owned()];
        let vocabulary = Vocabulary::of(texts.iter(), |word| word != "their");
        assert_eq!(vocabulary.nearest("kazakstan"), Some("kazakhstan"));
        assert_eq!(vocabulary.nearest("enviroment"), Some("environment"));
        assert_eq!(vocabulary.nearest("korae"), Some("korea"));
        assert_eq!(vocabulary.nearest("zzzz"), None);
        assert_eq!(vocabulary.nearest("thier"), None, "a word not searched for is never offered");
    }
}
