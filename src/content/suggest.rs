//! "Did you mean": the known word nearest to a slip.

/// The candidate nearest to `word`, if one is near enough to be a slip.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `"a", "b", "c"`.
pub fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_slips_only() {
        assert_eq!(closest("Kazakstan", ["Korea", "Kazakhstan"]), Some("Kazakhstan"));
        assert_eq!(closest("Atlantis", ["Korea", "Kazakhstan"]), None);
    }
}
