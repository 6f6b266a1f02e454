//! Letters' case in words people read.

/// "micro" → "Micro".
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalises_the_first_letter() {
        assert_eq!(capitalise("micro"), "Micro");
        assert_eq!(capitalise("éco"), "Éco");
        assert_eq!(capitalise(""), "");
    }
}
