//! How far a typed word may be from a word of the site and still be taken
//! for it: one edit, or two in a word of eight letters or more. Search and
//! the directory filter share this rule.

/// Words shorter than this are never corrected: one edit turns "kor" (the
/// start of "Korea", typed in the directory's filter) into "for".
const MIN_CORRECTED_CHARS: usize = 4;
/// From this length, two edits are forgiven.
pub const LONG_WORD_CHARS: usize = 8;

/// The edits forgiven in `typed` (a folded word): 0 when it is too short,
/// or holds a digit (a year is never a typo for another).
pub fn forgiven_edits(typed: &str) -> usize {
    let length = typed.chars().count();
    if length < MIN_CORRECTED_CHARS || typed.chars().any(|c| c.is_numeric()) {
        0
    } else if length >= LONG_WORD_CHARS {
        2
    } else {
        1
    }
}

/// The edits (insertions, deletions, substitutions and swaps of two
/// neighbours) between `typed` and `word`, if within what `typed` is
/// forgiven.
pub fn distance_within_reach(typed: &str, word: &str) -> Option<usize> {
    let reach = forgiven_edits(typed);
    if reach == 0 || typed.chars().count().abs_diff(word.chars().count()) > reach {
        return None;
    }
    let distance = strsim::osa_distance(typed, word);
    (distance <= reach).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_is_forgiven_and_two_in_long_words() {
        assert_eq!(distance_within_reach("kazakstan", "kazakhstan"), Some(1));
        assert_eq!(distance_within_reach("enviroment", "environment"), Some(1));
        assert_eq!(distance_within_reach("enviromnet", "environment"), Some(2));
        assert_eq!(distance_within_reach("korae", "korea"), Some(1));
        assert_eq!(distance_within_reach("kroae", "korea"), None, "two edits in a short word");
        assert_eq!(distance_within_reach("kor", "for"), None, "too short to correct");
        assert_eq!(distance_within_reach("2012", "2011"), None, "numbers are not typos");
    }
}
