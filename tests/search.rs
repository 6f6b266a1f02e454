//! Search as visitors use it: the questions people type, word forms,
//! typos, kinds, pages of results, and input of any kind.

mod common;

use axum::http::StatusCode;
use common::{Reply, built_in, get, get_ok};
use proptest::prelude::*;

/// The addresses of the first three results for `query`.
async fn top_three(state: &aseic::AppState, query: &str) -> Vec<String> {
    let reply = get_ok(state, &format!("/search?q={}", encode(query))).await;
    reply.attrs("ol.results > li > a", "href").into_iter().take(3).collect()
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn the_questions_people_type_find_the_right_page_in_the_top_three() {
    let state = built_in();
    let table = [
        // The queries that found nothing useful before.
        ("OECD eco-innovation definition", "/eco-innovation"),
        ("definitions", "/eco-innovation"),
        ("summits enlargement", "/asem"),
        ("how many employees can an SME have", "/sme"),
        ("Kazakstan", "/members/kazakhstan"),
        // Word order swapped.
        ("definition eco-innovation OECD", "/eco-innovation"),
        ("enlargement summits", "/asem"),
        ("SME employees how many", "/sme"),
        // Plurals and other forms of a word.
        ("definition", "/eco-innovation"),
        ("summit Hanoi", "/asem#summit-5"),
        ("ministries of environment Japan", "/members/japan"),
        ("innovations", "/eco-innovation"),
        // Typos.
        ("enviroment ministry Korea", "/members/korea"),
        ("Kazahkstan", "/members/kazakhstan"),
        ("Philipines", "/members/philippines"),
        ("observatroy", "/eco-innovation"),
        // Accents and case.
        ("Română", "/members/romania"),
        ("CROATIA", "/members/croatia"),
        ("MULTILATERALISM", "/asem#summit-13"),
        // Questions with stop words.
        ("when was ASEIC established", "/"),
        ("what are the three pillars of ASEM", "/asem"),
        // Every page is found, the statement and the check too.
        ("accessibility statement", "/accessibility"),
        ("WCAG", "/accessibility"),
        ("is my company an SME", "/sme/check"),
    ];
    let mut misses = Vec::new();
    for (query, expected) in table {
        let found = top_three(&state, query).await;
        if !found.iter().any(|href| href == expected) {
            misses.push(format!("{query:?}: {expected} not in {found:?}"));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
    for nonsense in ["qzxjvwk", "the of and", "xxxxxxxxxxxxxxxxxxx"] {
        let reply = get_ok(&state, &format!("/search?q={}", encode(nonsense))).await;
        assert!(reply.texts("ol.results > li").is_empty(), "{nonsense:?} finds nothing");
        assert!(reply.text("#results").starts_with("No results for"), "{nonsense:?}");
    }
}

#[tokio::test]
async fn stop_words_do_not_decide_a_ranking() {
    let state = built_in();
    let plain = top_three(&state, "korea").await;
    assert_eq!(plain.first().map(String::as_str), Some("/members/korea"));
    assert_eq!(top_three(&state, "the korea of").await, plain);
}

#[tokio::test]
async fn a_mistyped_word_is_corrected_and_the_search_as_typed_is_offered() {
    let state = built_in();
    let reply = get_ok(&state, "/search?q=Kazakstan+ministry").await;
    assert_eq!(fold_text(&reply, ".correction strong"), "Kazakhstan ministry", "in the case typed");
    assert!(reply.text(".correction").starts_with("Showing results for Kazakhstan ministry."));
    for (typed, shown) in [
        ("CROATAI", "CROATIA"),
        ("enviroment KOREA", "environment KOREA"),
        ("Română enviroment", "Romania environment"),
    ] {
        let reply = get_ok(&state, &format!("/search?q={}", encode(typed))).await;
        assert_eq!(fold_text(&reply, ".correction strong"), shown);
    }
    let as_typed = reply.attrs(".correction a", "href");
    assert_eq!(as_typed, ["/search?q=Kazakstan+ministry&as_typed=1"]);
    let typed = get_ok(&state, &as_typed[0]).await;
    assert!(typed.texts(".correction").is_empty(), "no correction when asked for the words as typed");
    assert!(typed.text("#results").ends_with("for “Kazakstan ministry”"), "{}", typed.text("#results"));
    // As typed means the words themselves: no word that shares their root.
    for word in ["Kazakstan", "enviroment", "mongolai"] {
        let typed = get_ok(&state, &format!("/search?q={word}&as_typed=1")).await;
        assert!(typed.text("#results").starts_with("No results for"), "{word}: {}", typed.text("#results"));
    }
    let korea = get_ok(&state, "/search?q=korea&as_typed=1").await;
    assert_eq!(korea.attrs("ol.results > li > a", "href").first().map(String::as_str), Some("/members/korea"));

    let known = get_ok(&state, "/search?q=korea").await;
    assert!(known.texts(".correction").is_empty(), "a word the site holds is not corrected");
    let numbers = get_ok(&state, "/search?q=2099").await;
    assert!(numbers.texts(".correction").is_empty(), "a number is never taken for another");
    for typo in ["thier", "korea wiht"] {
        let reply = get_ok(&state, &format!("/search?q={}", encode(typo))).await;
        assert!(reply.texts(".correction").is_empty(), "{typo:?} is not taken for a stop word");
    }
}

fn fold_text(reply: &Reply, selector: &str) -> String {
    reply.texts(selector).join(" ")
}

#[tokio::test]
async fn results_say_their_kind_and_filter_by_it_with_counts() {
    let state = built_in();
    let reply = get_ok(&state, "/search?q=environment").await;
    let kinds = reply.texts("nav.kinds a");
    let count = |label: &str| -> usize {
        let link = kinds.iter().find(|k| k.starts_with(label)).unwrap_or_else(|| panic!("{label} in {kinds:?}"));
        link.trim_end_matches(')').rsplit('(').next().unwrap().parse().unwrap()
    };
    let all = count("All results");
    let organisations = count("Organisations");
    assert!(organisations > 10 && organisations < all, "{kinds:?}");
    let sum: usize = kinds
        .iter()
        .skip(1)
        .map(|k| k.trim_end_matches(')').rsplit('(').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(sum, all, "the counts of the kinds add up: {kinds:?}");
    assert_eq!(reply.attrs("nav.kinds a[aria-current]", "href"), ["/search?q=environment"]);

    let href = reply
        .html()
        .select(&scraper::Selector::parse("nav.kinds a").unwrap())
        .find(|a| a.text().collect::<String>().starts_with("Organisations"))
        .and_then(|a| a.value().attr("href").map(str::to_owned))
        .unwrap();
    assert_eq!(href, "/search?q=environment&kind=organisation");
    let filtered = get_ok(&state, &href).await;
    assert_eq!(filtered.texts("ol.results .kind").iter().filter(|k| *k != "Organisation").count(), 0);
    assert_eq!(filtered.texts("ol.results > li").len(), 10);
    assert!(filtered.text("#results").ends_with(&format!("of {organisations} for “environment” among organisations")));
    assert_eq!(filtered.attrs("nav.kinds a[aria-current]", "href"), std::slice::from_ref(&href));
}

#[tokio::test]
async fn results_come_ten_to_a_page_and_every_page_is_reached() {
    let state = built_in();
    let first = get_ok(&state, "/search?q=ministry").await;
    let heading = first.text("#results");
    let total: usize = heading.split(" of ").nth(1).and_then(|r| r.split(' ').next()).unwrap().parse().unwrap();
    assert!(heading.starts_with("Results 1 to 10 of "), "{heading}");
    assert!(total > 50, "{heading}");
    let pages = total.div_ceil(10);
    assert_eq!(first.text("nav.pagination p"), format!("Page 1 of {pages}"));
    let mut seen = std::collections::HashSet::new();
    let mut path = "/search?q=ministry".to_owned();
    for page in 1..=pages {
        let reply = get_ok(&state, &path).await;
        let items = reply.texts("ol.results > li");
        let expected = if page < pages { 10 } else { total - 10 * (pages - 1) };
        assert_eq!(items.len(), expected, "page {page}");
        // The list is numbered on from the page before, as the heading counts.
        let start = reply.attrs("ol.results", "start").first().map_or(1, |n| n.parse().unwrap());
        assert_eq!(start, 10 * (page - 1) + 1, "page {page}");
        assert!(reply.text("#results").starts_with(&format!("Results {start} to ")), "page {page}");
        let title = reply.text("title");
        let own = if page == 1 { String::new() } else { format!(" (page {page} of {pages})") };
        assert_eq!(title, format!("Search: ministry{own} | ASEIC"), "each page of results has its own title");
        seen.extend(items);
        assert_eq!(reply.attrs("nav.pagination a[aria-current=page]", "href"), [path.clone()]);
        // The first and the last page are always a step away, far pages
        // passed over with a gap.
        let numbers: Vec<usize> = reply
            .texts("nav.pagination li a:not([rel])")
            .iter()
            .map(|n| n.trim_start_matches("Page ").parse().unwrap())
            .collect();
        assert_eq!((numbers.first(), numbers.last()), (Some(&1), Some(&pages)), "page {page}: {numbers:?}");
        let gaps = numbers.windows(2).filter(|pair| pair[1] > pair[0] + 1).count();
        assert_eq!(reply.texts("nav.pagination li.gap").len(), gaps, "page {page}: {numbers:?}");
        assert!(
            numbers.windows(2).all(|pair| pair[1] != pair[0] + 2),
            "a gap passes over two pages or more: {numbers:?}"
        );
        match reply.attrs("nav.pagination a[rel=next]", "href").first() {
            Some(next) => path.clone_from(next),
            None => assert_eq!(page, pages, "only the last page has no next"),
        }
    }
    assert_eq!(seen.len(), total, "each result appears on exactly one page");
    assert_eq!(get(&state, &format!("/search?q=ministry&page={}", pages + 1)).await.status, StatusCode::NOT_FOUND);
    for bad in ["page=0", "page=abc", "page=-1", "kind=planet", "page=99999999999999999999999"] {
        let reply = get(&state, &format!("/search?q=ministry&{bad}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(!reply.texts(".error-message").is_empty(), "{bad} is explained");
        assert_eq!(reply.texts("ol.results > li").len(), 10, "{bad}: the search still runs");
    }
}

#[tokio::test]
async fn snippets_show_the_best_passage_with_every_match_marked() {
    let state = built_in();
    let reply = get_ok(&state, "/search?q=eco-innovation+observatory").await;
    let marks: Vec<String> = reply.texts("ol.results > li:first-child mark").iter().map(|m| m.to_lowercase()).collect();
    assert!(marks.contains(&"observatory".to_owned()) && marks.contains(&"innovation".to_owned()), "{marks:?}");
    let definitions = get_ok(&state, "/search?q=definitions").await;
    let marked = definitions.texts("ol.results mark");
    assert!(marked.iter().any(|m| m.to_lowercase().starts_with("defin")), "word forms are marked: {marked:?}");
    // A match in the title is marked there, whatever the snippet holds.
    let korea = get_ok(&state, "/search?q=korea").await;
    assert_eq!(korea.texts("ol.results > li:first-child > a mark"), ["Korea"]);
    assert_eq!(korea.texts("ol.results > li:first-child > a"), ["Korea"], "the title whole");
    let summits = get_ok(&state, "/search?q=summits+hanoi").await;
    let title_marks = summits.texts("ol.results > li:first-child > a mark");
    assert!(title_marks.contains(&"Summit".to_owned()) && title_marks.contains(&"Hanoi".to_owned()), "{title_marks:?}");
}

#[tokio::test]
async fn the_directory_filter_forgives_typos_and_accents() {
    let state = built_in();
    for (typed, partner) in [("Kazakstan", "Kazakhstan"), ("Română", "Romania"), ("CROATIA", "Croatia")] {
        let reply = get_ok(&state, &format!("/members?q={}", encode(typed))).await;
        let names = reply.texts("main tbody th a");
        assert_eq!(names, [partner], "{typed}");
    }
    let ministries = get_ok(&state, "/members?q=enviroment").await;
    assert!(ministries.texts("main tbody th a").len() > 10, "a typo in an organisation's name");
    let nothing = get_ok(&state, "/members?q=zzzzqqq").await;
    assert!(nothing.texts("main tbody th a").is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// No query, kind or page, of any bytes, gets a 500 or a panic.
    #[test]
    fn no_input_of_any_bytes_breaks_search(
        q in proptest::collection::vec(any::<u8>(), 0..300),
        kind in proptest::collection::vec(any::<u8>(), 0..12),
        page in "[0-9a-z%-]{0,6}",
        as_typed in any::<bool>(),
    ) {
        let state = STATE.with(|s| s.clone());
        let encode_bytes = |bytes: &[u8]| bytes.iter().map(|b| format!("%{b:02X}")).collect::<String>();
        let path = format!(
            "/search?q={}&kind={}&page={page}{}",
            encode_bytes(&q),
            encode_bytes(&kind),
            if as_typed { "&as_typed=1" } else { "" }
        );
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let reply = runtime.block_on(get(&state, &path));
        prop_assert!(
            [StatusCode::OK, StatusCode::BAD_REQUEST, StatusCode::NOT_FOUND].contains(&reply.status),
            "{} for {path}", reply.status
        );
    }

    /// Words of any script, with any punctuation, search without error.
    #[test]
    fn any_text_searches(q in "\\PC{0,120}") {
        let state = STATE.with(|s| s.clone());
        let path = format!("/search?q={}", encode(&q));
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let reply = runtime.block_on(get(&state, &path));
        prop_assert_eq!(reply.status, StatusCode::OK, "{}", path);
    }
}

thread_local! {
    static STATE: aseic::AppState = built_in();
}

#[tokio::test]
async fn the_words_typed_are_isolated_where_the_page_repeats_them() {
    let state = built_in();
    // A right-to-left override among the words must not turn the page's own words around.
    let reply = get_ok(&state, "/search?q=korea%E2%80%AEabc").await;
    assert!(reply.body.contains("for “<bdi>korea\u{202e}abc</bdi>”"), "{}", reply.text("#results"));
    let corrected = get_ok(&state, "/search?q=Kazakstan%E2%80%AE").await;
    assert!(
        corrected.body.contains("Search for “<bdi>Kazakstan\u{202e}</bdi>” as typed"),
        "{}",
        corrected.text(".correction")
    );
    let among = get_ok(&state, "/search?q=%3Cb%3Ekorea&kind=partner").await;
    assert!(among.body.contains("“<bdi>&lt;b&gt;korea</bdi>”"), "escaped inside: {}", among.text("#results"));
}

#[tokio::test]
async fn a_search_says_when_words_were_left_out() {
    let state = built_in();
    let many = get_ok(&state, "/search?q=qa+qb+qc+qd+qe+qf+qg+qh+korea").await;
    assert_eq!(many.texts(".left-out"), ["Only the first 8 different words were searched for."]);
    let repeated = get_ok(&state, &format!("/search?q={}", "korea+".repeat(17))).await;
    assert!(repeated.texts(".left-out").is_empty(), "seventeen words, one of them different");
    for few in ["korea", "korea+korea", "qa+qb+qc+qd+qe+qf+qg+korea"] {
        assert!(get_ok(&state, &format!("/search?q={few}")).await.texts(".left-out").is_empty(), "{few}");
    }
}

#[tokio::test]
async fn a_search_of_only_common_words_says_so_and_not_to_check_the_spelling() {
    let state = built_in();
    let ui = aseic::content::load(&aseic::content::ContentSource::BuiltIn).expect("it loads").ui;
    for query in ["the", "The+AND+of", "and+and"] {
        let reply = get_ok(&state, &format!("/search?q={query}")).await;
        let text = reply.text("main");
        assert!(text.contains(ui.search.only_common_words.as_str()), "{query}: {text}");
        assert!(!text.contains("Check the spelling"), "{query}");
    }
    for query in ["zzzzqqqq", "the+zzzzqqqq"] {
        let text = get_ok(&state, &format!("/search?q={query}")).await.text("main");
        assert!(!text.contains(ui.search.only_common_words.as_str()), "{query}: a word that is searched for");
        assert!(text.contains("Check the spelling"), "{query}");
    }
}

#[tokio::test]
async fn a_snippet_reads_as_sentences_not_fields_run_together() {
    let state = built_in();
    let asem: toml::Table = toml::from_str(&common::content_file("asem.toml")).unwrap();
    let ui: toml::Table = toml::from_str(&common::content_file("ui.toml")).unwrap();
    let summit = asem["summit"].as_array().unwrap().iter().find(|s| s.get("theme").is_some()).unwrap();
    let (theme, host) = (summit["theme"].as_str().unwrap(), summit["host"].as_str().unwrap());
    let reply = get_ok(&state, &format!("/search?q={}", encode(theme))).await;
    let snippet = reply.texts("ol.results > li > p").remove(0);
    let phrase = |key: &str, name: &str, value: &str| ui["search"][key].as_str().unwrap().replace(name, value);
    let sentences = format!("{} {}", phrase("summit_theme", "{theme}", theme), phrase("summit_host", "{host}", host));
    assert!(snippet.contains(&sentences), "{sentences:?} in {snippet}");
    // A heading of the statement ends before the paragraph after it.
    let statement: toml::Table = toml::from_str(&common::content_file("accessibility.toml")).unwrap();
    let section = &statement["section"].as_array().unwrap()[2];
    let heading = section["heading"].as_str().unwrap();
    let reply = get_ok(&state, &format!("/search?q={}&kind=page", encode(heading))).await;
    let snippets = reply.texts("ol.results > li > p").join(" | ");
    assert!(snippets.contains(&format!("{heading}. ")), "{heading:?} runs into the text after it: {snippets}");
}

#[tokio::test]
async fn a_kind_is_read_whatever_its_case() {
    let state = built_in();
    let lower = get_ok(&state, "/search?q=korea&kind=partner").await;
    let upper = get_ok(&state, "/search?q=korea&kind=Partner").await;
    assert_eq!(upper.texts("ol.results > li"), lower.texts("ol.results > li"));
}
