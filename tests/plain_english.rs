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

/// The elements whose text is written in lines of its own: the text of a
/// page is grouped by the nearest of these around it.
const BLOCKS: &[&str] =
    &["p", "li", "dd", "dt", "td", "th", "figcaption", "caption", "h1", "h2", "h3", "legend", "label"];

/// What is not the site's own prose: quotations (kept as written), code,
/// the notes beside facts, the list of sources (titles of other works),
/// and text in another language.
fn is_not_own_prose(element: scraper::ElementRef<'_>) -> bool {
    let value = element.value();
    matches!(value.name(), "blockquote" | "q" | "code" | "pre" | "kbd" | "samp")
        || (value.name() == "sup" && value.has_class("note", scraper::CaseSensitivity::CaseSensitive))
        || value.has_class("sources", scraper::CaseSensitivity::CaseSensitive)
        || (value.name() != "html" && value.attr("lang").is_some())
}

/// The site's own sentences on a page: the text of `main`, without what
/// [`is_not_own_prose`] leaves out, in blocks that end as a sentence does
/// (a list of names, a table of figures or a heading is not prose).
fn own_sentences(body: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(body);
    let main = scraper::Selector::parse("main").unwrap();
    let Some(main) = html.select(&main).next() else { return Vec::new() };
    let mut blocks: Vec<(_, String)> = Vec::new();
    for node in main.descendants() {
        let Some(text) = node.value().as_text() else { continue };
        let ancestors: Vec<_> = node.ancestors().filter_map(scraper::ElementRef::wrap).collect();
        if ancestors.iter().any(|a| is_not_own_prose(*a)) {
            continue;
        }
        let Some(block) = ancestors.iter().find(|a| BLOCKS.contains(&a.value().name())) else { continue };
        match blocks.iter_mut().find(|(id, _)| *id == block.id()) {
            Some((_, words)) => words.push_str(text),
            None => blocks.push((block.id(), text.to_string())),
        }
    }
    blocks
        .into_iter()
        .map(|(_, text)| common::fold(&text))
        .filter(|text| text.ends_with(['.', '?', '!', ':', '。']))
        .flat_map(|text| split_sentences(&text))
        .filter(|sentence| !is_list_of_names(sentence))
        .collect()
}

/// A list of names ("Austria, Belgium and the Czech Republic."): data
/// written as a line, not prose. Names are capitalised words, or in a
/// script without capitals, items of a few words between commas.
fn is_list_of_names(sentence: &str) -> bool {
    let words = words_of(sentence);
    let capitalised =
        words.iter().all(|w| w.starts_with(char::is_uppercase) || ["and", "the", "of", "for"].contains(w));
    let items: Vec<&str> = sentence.split(',').collect();
    let short_items = items.len() >= 5 && items.iter().all(|item| words_of(item).len() <= 3);
    words.len() > 3 && sentence.contains(',') && (capitalised || short_items)
}

/// Splits after a full stop, question or exclamation mark, or colon that
/// ends a word before a space.
fn split_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        current.push_str(word);
        current.push(' ');
        let next_starts_sentence = words.get(i + 1).is_none_or(|next| !next.starts_with(char::is_lowercase));
        if word.ends_with(['.', '?', '!', ':', ';']) && next_starts_sentence && !is_abbreviation(word) {
            sentences.push(current.trim().to_owned());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        sentences.push(current.trim().to_owned());
    }
    sentences
}

/// "e.g." and the like, which end with a stop but not a sentence.
fn is_abbreviation(word: &str) -> bool {
    ["e.g.", "i.e.", "etc.", "No."].contains(&word)
}

/// Words of a sentence: runs of letters or digits.
fn words_of(sentence: &str) -> Vec<&str> {
    sentence
        .split(|c: char| c.is_whitespace() || "/–—".contains(c))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The Flesch–Kincaid grade of `sentences`: 0.39 (words per sentence) +
/// 11.8 (syllables per word) − 15.59. A name (a capitalised word that does
/// not open its sentence) or a figure counts as one syllable: no plainer
/// word can replace it, and a reader learns it from the page.
fn grade(sentences: &[String]) -> f64 {
    let mut words = 0;
    let mut syllable_count = 0;
    for sentence in sentences {
        for (i, word) in words_of(sentence).into_iter().enumerate() {
            words += 1;
            let is_name = i > 0 && word.starts_with(|c: char| c.is_uppercase());
            let is_figure = word.starts_with(|c: char| c.is_ascii_digit());
            syllable_count += if is_name || is_figure { 1 } else { syllables(word) };
        }
    }
    if words == 0 {
        return 0.0;
    }
    0.39 * words as f64 / sentences.len() as f64 + 11.8 * syllable_count as f64 / words as f64 - 15.59
}

/// The longest sentence the site may write: GOV.UK's 25 words.
const MOST_WORDS: usize = 25;

/// The highest Flesch–Kincaid grade of all the site's own prose in
/// English: GOV.UK's reading age of about 9 is a grade of about 4 (age =
/// grade + 5), and a grade of 5 is a reading age of 10.
const HIGHEST_GRADE: f64 = 5.0;

/// The highest grade of one page's own prose, for a page with enough of
/// it to measure ([`WORDS_TO_MEASURE`]): a page may be a grade harder than
/// the site, since each page has words of its own subject.
const HIGHEST_PAGE_GRADE: f64 = 6.0;

/// Below this many words, a page's grade says more about one word than
/// about the page.
const WORDS_TO_MEASURE: usize = 50;

/// The pages to read: the sitemap's, and the pages made per request:
/// answers, results, filters, and the pages of errors.
async fn pages_to_read(state: &aseic::AppState) -> Vec<String> {
    let sitemap = get_ok(state, "/sitemap.xml").await.body;
    let mut paths: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split("</loc>").next())
        .map(|url| url.trim_start_matches("https://www.aseic.org").to_owned())
        .map(|path| if path.is_empty() { "/".to_owned() } else { path })
        .collect();
    for language in ["", "/ko"] {
        for query in [
            "/sme/check?staff=45&turnover=12000000&balance_sheet=",
            "/sme/check?staff=300&turnover=70000000&balance_sheet=50000000",
            "/sme/check?staff=9&turnover=&balance_sheet=",
            "/sme/check?staff=5&turnover=1000000&balance_sheet=",
            "/sme/check?staff=5&turnover=1000000&balance_sheet=1000000",
            "/sme/check?staff=40&turnover=30000000&balance_sheet=5000000",
            "/search?q=korea",
            "/members?region=asia&kind=government",
            "/members?region=africa",
            "/search?q=qqqzzz",
            "/sme/check?staff=-1&turnover=abc&balance_sheet=",
            "/no-such-page",
        ] {
            paths.push(format!("{language}{query}"));
        }
    }
    paths
}

#[test]
fn sentences_split_where_they_end() {
    assert_eq!(
        split_sentences("It began in 1996. It grew, e.g. in 2004: see below. Then: More."),
        ["It began in 1996.", "It grew, e.g. in 2004: see below.", "Then:", "More."]
    );
    assert!(is_list_of_names("Austria, Belgium and the Czech Republic."));
    assert!(!is_list_of_names("Austria, Belgium and the Czech Republic joined."));
    assert!(is_list_of_names("오스트리아, 벨기에, 덴마크, 핀란드, 체코 공화국."));
    assert!(!is_list_of_names("브라우저 테스트는 본문 바로가기 링크를 확인합니다."));
    assert!(grade(&["The cat sat on the mat.".to_owned()]) < 1.0);
    assert!(grade(&["Institutional arrangements facilitate comprehensive considerations.".to_owned()]) > 12.0);
}

#[tokio::test]
async fn the_sites_own_prose_is_plain() {
    let state = built_in();
    let mut problems = Vec::new();
    let mut all_english = Vec::new();
    for path in pages_to_read(&state).await {
        let reply = common::get(&state, &path).await;
        let sentences = own_sentences(&reply.body);
        for sentence in &sentences {
            let count = words_of(sentence).len();
            if count > MOST_WORDS {
                problems.push(format!("{path}: a sentence of {count} words: {sentence}"));
            }
        }
        let korean = path.starts_with("/ko");
        let grade = grade(&sentences);
        let words: usize = sentences.iter().map(|s| words_of(s).len()).sum();
        if !korean && words >= WORDS_TO_MEASURE && grade > HIGHEST_PAGE_GRADE {
            let mut hardest = sentences.clone();
            hardest
                .sort_by(|a, b| self::grade(std::slice::from_ref(b)).total_cmp(&self::grade(std::slice::from_ref(a))));
            let hardest = hardest.iter().take(3).map(|s| format!("\n    {s}")).collect::<String>();
            problems.push(format!(
                "{path}: reading grade {grade:.1} (at most {HIGHEST_PAGE_GRADE}); the hardest sentences:{hardest}"
            ));
        }
        if !korean {
            all_english.extend(sentences);
        }
    }
    let site_grade = grade(&all_english);
    if site_grade > HIGHEST_GRADE {
        problems
            .push(format!("the site's own prose in English: reading grade {site_grade:.1} (at most {HIGHEST_GRADE})"));
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
