//! Each main page opens with a summary in plain words: two or three short
//! sentences, easy to read (Flesch reading ease, computed here).

mod common;

use common::{built_in, get_ok};

/// Syllables in `word`, by groups of vowels: close enough for a reading score.
fn syllables(word: &str) -> usize {
    let word = word.to_lowercase();
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous = false;
    for &c in &letters {
        let is = vowel(c);
        if is && !previous {
            count += 1;
        }
        previous = is;
    }
    if letters.ends_with(&['e']) && !letters.ends_with(&['l', 'e']) && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// Flesch reading ease: 206.835 - 1.015 (words per sentence) - 84.6 (syllables per word).
fn reading_ease(text: &str) -> f64 {
    let sentences = text.split(['.', '!', '?']).filter(|s| !s.trim().is_empty()).count().max(1);
    let words: Vec<&str> = text.split_whitespace().collect();
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    206.835 - 1.015 * (words.len() as f64 / sentences as f64) - 84.6 * (syllables as f64 / words.len() as f64)
}

#[test]
fn syllables_and_the_score_behave_as_expected() {
    assert_eq!(syllables("cat"), 1);
    assert_eq!(syllables("nature"), 2);
    assert_eq!(syllables("innovation"), 4);
    assert!(reading_ease("The cat sat on the mat.") > 100.0);
    assert!(
        reading_ease(
            "Institutional arrangements facilitate comprehensive environmental sustainability considerations."
        ) < 0.0
    );
}

#[tokio::test]
async fn each_main_page_opens_with_a_plain_summary() {
    let state = built_in();
    for path in ["/", "/asem", "/members", "/eco-innovation", "/sme"] {
        let reply = get_ok(&state, path).await;
        let lead = reply.text("main h1 + p.lead");
        let sentences: Vec<&str> = lead.split(". ").collect();
        assert!((2..=3).contains(&sentences.len()), "{path}: {lead}");
        for sentence in &sentences {
            assert!(sentence.split_whitespace().count() <= 25, "{path}: a long sentence: {sentence}");
        }
        let ease = reading_ease(&lead);
        assert!(ease >= 60.0, "{path}: reading ease {ease:.0}: {lead}");
    }
}
