//! Every fact with its source: numbered notes beside the facts, a list of
//! sources at the foot of each page with links both ways, "Last updated"
//! from the latest check, and ASEM up to its 13th summit.

mod common;

use std::collections::HashSet;

use aseic::AppState;
use common::{Reply, built_in, get_ok};

/// The pages of the sitemap, as paths.
async fn sitemap_paths(state: &AppState) -> Vec<String> {
    let sitemap = get_ok(state, "/sitemap.xml").await.body;
    sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split("</loc>").next())
        .map(|url| url.trim_start_matches("https://www.aseic.org").to_owned())
        .map(|path| if path.is_empty() { "/".to_owned() } else { path })
        .collect()
}

/// Each note's number and the id it links to, in page order.
fn notes(reply: &Reply) -> Vec<(String, String)> {
    let hrefs = reply.attrs("main sup.note a", "href");
    let texts = reply.texts("main sup.note a");
    texts.into_iter().zip(hrefs).collect()
}

/// The titles of the listed sources, in order.
fn listed(reply: &Reply) -> Vec<String> {
    reply.texts(".sources li").into_iter().map(|t| t.split(". Checked").next().unwrap_or_default().to_owned()).collect()
}

#[tokio::test]
async fn every_note_leads_to_its_source_and_every_source_back_to_its_notes() {
    let state = built_in();
    let mut pages_with_sources = 0;
    for path in sitemap_paths(&state).await {
        let reply = get_ok(&state, &path).await;
        let ids: HashSet<String> = reply.attrs("[id]", "id").into_iter().collect();
        let notes = notes(&reply);
        for (text, href) in &notes {
            let number = text.trim_matches(['[', ']']);
            assert_eq!(href, &format!("#source-{number}"), "{path}: note {text} leads to its own source");
            assert!(ids.contains(&href[1..]), "{path}: note {text} leads to a listed source");
        }
        // Each source links back to every note that cites it.
        let note_ids = reply.attrs("main sup.note a", "id");
        let note_ids: HashSet<&str> = note_ids.iter().map(String::as_str).collect();
        let backs = reply.attrs(".sources a.back, .sources .back a", "href");
        let backs: HashSet<&str> = backs.iter().map(|h| h.trim_start_matches('#')).collect();
        assert_eq!(backs, note_ids, "{path}: each source links back to each note that cites it");
        let numbers = reply.attrs(".sources li", "id");
        for (i, id) in numbers.iter().enumerate() {
            assert_eq!(id, &format!("source-{}", i + 1), "{path}: sources are numbered in order");
        }
        let first_seen: Vec<usize> = notes.iter().map(|(t, _)| t.trim_matches(['[', ']']).parse().unwrap()).collect();
        let mut highest = 0;
        for n in first_seen {
            assert!(n <= highest + 1, "{path}: sources are numbered as the page first cites them");
            highest = highest.max(n);
        }
        if !numbers.is_empty() {
            pages_with_sources += 1;
            let (heading, updated) =
                if path.starts_with("/ko/") { ("출처", "최종 수정일") } else { ("Sources", "Last updated ") };
            assert_eq!(reply.text(".sources h2"), heading, "{path}");
            assert!(reply.text("main .last-updated").starts_with(updated), "{path}");
        }
    }
    assert!(
        pages_with_sources >= 120,
        "the menu pages and every partner page cite sources, in each language: {pages_with_sources}"
    );
}

#[tokio::test]
async fn the_asem_page_runs_to_the_13th_summit_with_53_partners_and_their_sources() {
    let state = built_in();
    let reply = get_ok(&state, "/asem").await;
    let rows = reply.rows("table.stack tbody tr");
    assert_eq!(rows.len(), 13);
    assert_eq!(rows[11], ["12th", "2018", "Brussels, Belgium", "0", "53"]);
    assert_eq!(rows[12], ["13th", "2021", "Phnom Penh, Cambodia", "0", "53"]);
    let twelfth = reply.text("#summit-12");
    for words in
        ["18 to 19 October 2018", "the European Union", "“Global Partners for Global Challenges”", "No enlargement."]
    {
        assert!(twelfth.contains(words), "{twelfth}");
    }
    let thirteenth = reply.text("#summit-13");
    for words in [
        "25 to 26 November 2021",
        "by videoconference chaired from Phnom Penh",
        "“Strengthening Multilateralism for Shared Growth”",
        "16 to 17 November 2020",
        "postponed twice because of COVID-19",
    ] {
        assert!(thirteenth.contains(words), "{thirteenth}");
    }
    let sources = listed(&reply);
    for title in [
        "European Council, “Asia-Europe Meeting (ASEM), 18-19/10/2018”",
        "ERIA, “Brussels Report on Strengthening Asia Europe Connectivity”",
    ] {
        assert!(sources.iter().any(|s| s == title), "{title} in {sources:?}");
    }
    assert!(sources.iter().any(|s| s.starts_with("Fresh News") && s.contains("13 July 2021")), "{sources:?}");
    assert!(sources.iter().any(|s| s.starts_with("Xinhua")), "{sources:?}");
    // The 13th summit's notes lead to the Cambodian sources.
    let html = reply.html();
    let note = scraper::Selector::parse("#summit-13 sup.note a").unwrap();
    let cited: Vec<String> = html.select(&note).filter_map(|a| a.value().attr("href").map(str::to_owned)).collect();
    assert_eq!(cited.len(), 3);
    for href in cited {
        let item = reply.text(&format!("li{href}"));
        assert!(item.starts_with("Fresh News") || item.starts_with("Xinhua"), "{item}");
    }
    // The latest `checked` of its sources: EUR-Lex's, for the dated note.
    assert_eq!(reply.text("main .last-updated"), "Last updated 7 December 2026");
    assert!(reply.body.contains("53 partners today"));
}

#[tokio::test]
async fn each_sme_criterion_cites_its_article_of_the_recommendation() {
    let state = built_in();
    let reply = get_ok(&state, "/sme").await;
    let html = reply.html();
    let rows = scraper::Selector::parse("table.stack tbody tr").unwrap();
    let note = scraper::Selector::parse("td sup.note a").unwrap();
    let mut articles = Vec::new();
    for row in html.select(&rows) {
        let name = row.text().next().unwrap_or_default().trim().to_owned();
        let href = row.select(&note).next().and_then(|a| a.value().attr("href")).expect("a note on each category");
        let source = reply.text(&format!("li{href}"));
        assert!(source.starts_with("European Commission Recommendation 2003/361/EC"), "{source}");
        articles.push((
            name,
            source.split("Annex, ").nth(1).unwrap_or_default().split('.').next().unwrap_or_default().to_owned(),
        ));
    }
    assert_eq!(
        articles,
        [
            ("Micro".to_owned(), "Article 2(3)".to_owned()),
            ("Small".to_owned(), "Article 2(2)".to_owned()),
            ("Medium".to_owned(), "Article 2(1)".to_owned())
        ]
    );
    assert_eq!(reply.attrs(".sources a[href*='eur-lex']", "href")[0], "https://eur-lex.europa.eu/eli/reco/2003/361/oj");
    // Each statement shows its source, and the one that disagrees says so.
    assert!(reply.texts("figure.statement figcaption sup.note").len() >= 3, "each statement cites its source");
    assert!(reply.text(".statement-note").contains("fewer than 250 people"));
}

#[tokio::test]
async fn each_definition_of_eco_innovation_shows_its_source() {
    let state = built_in();
    let reply = get_ok(&state, "/eco-innovation").await;
    let html = reply.html();
    let sections = scraper::Selector::parse("main section[aria-labelledby^=definition]").unwrap();
    let note = scraper::Selector::parse("blockquote sup.note a").unwrap();
    let mut count = 0;
    for section in html.select(&sections) {
        count += 1;
        assert!(section.select(&note).next().is_some(), "each definition has a note beside its quotation");
    }
    assert_eq!(count, 4);
    assert!(listed(&reply).iter().any(|s| s.starts_with("Eco-Innovation Observatory")));
}

#[tokio::test]
async fn the_history_page_and_the_launch_news_are_live_and_linked() {
    let state = built_in();
    let history = get_ok(&state, "/history").await;
    assert_eq!(history.text("h1"), "History");
    assert!(history.attrs("nav a", "href").contains(&"/history".to_owned()), "History is in the menu");
    assert!(history.attrs("nav a", "href").contains(&"/news".to_owned()), "News is in the menu");
    let text = history.text("main .prose");
    for words in [
        "ASEM Forum 2010 on Green Growth and SMEs",
        "28 ASEM partners",
        "8th ASEM Summit",
        "15 June 2011",
        "Small and Medium Business Administration",
        "Small and Medium Business Corporation",
        "the Chair’s Statement",
        "1 to 2 June 2015",
        "9 to 10 March 2016",
        "31 May to 2 June 2016",
        "19 to 21 September 2017",
        "seven project ideas",
        "The sources disagree",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
    assert!(history.attrs("main a", "href").contains(&"/news/aseic-launched".to_owned()));
    assert!(listed(&history).iter().any(|s| s.starts_with("ASEM InfoBoard, “5th ASEM Working Group Seminar")));
    assert_eq!(history.text("main .last-updated"), "Last updated 29 November 2026");

    let news = get_ok(&state, "/news/aseic-launched").await;
    assert_eq!(news.attrs("main h1 + .meta time", "datetime"), ["2011-06-15"]);
    assert!(news.attrs("main a", "href").contains(&"/history".to_owned()));
    assert_eq!(notes(&news).len(), 2);
    let list = get_ok(&state, "/news").await;
    assert!(list.attrs("main a", "href").contains(&"/news/aseic-launched".to_owned()));
}

#[tokio::test]
async fn search_and_open_data_hold_the_new_summits() {
    let state = built_in();
    let search = get_ok(&state, "/search?q=multilateralism").await;
    assert!(
        search.attrs("main a", "href").iter().any(|h| h == "/asem#summit-13"),
        "{:?}",
        search.attrs("main a", "href")
    );
    let search = get_ok(&state, "/search?q=global+challenges").await;
    assert!(search.attrs("main a", "href").iter().any(|h| h == "/asem#summit-12"));
    let summits: serde_json::Value = serde_json::from_str(&get_ok(&state, "/api/summits.json").await.body).unwrap();
    let summits = summits.as_array().or_else(|| summits["summits"].as_array()).expect("a list of summits").clone();
    assert_eq!(summits.len(), 13);
    assert_eq!(summits[12]["year"], 2021);
    assert_eq!(summits[12]["start"], "2021-11-25");
    assert_eq!(summits[11]["theme"], "Global Partners for Global Challenges");
    assert_eq!(summits[12]["partners_after"], 53);
    assert_eq!(summits[11]["sources"][1]["title"], "ERIA, “Brussels Report on Strengthening Asia Europe Connectivity”");
    assert_eq!(summits[11]["sources"][1]["checked"], "2026-11-29");
}

#[tokio::test]
async fn the_dated_notes_on_smes_and_the_observatory_cite_their_sources() {
    let state = built_in();
    let sme = get_ok(&state, "/sme").await;
    let intro =
        sme.texts("main > p").into_iter().find(|p| p.starts_with("Note added in December 2026")).expect("the note");
    assert!(intro.contains("crisis of 2008 and 2009"), "{intro}");
    assert!(listed(&sme).iter().any(|s| s.starts_with("OECD, “The Impact of the Global Crisis on SME")));
    let eco = get_ok(&state, "/eco-innovation").await;
    assert!(eco.text("main").contains("Note added in December 2026: the Observatory was planned for three years."));
    assert!(listed(&eco).iter().any(|s| s.starts_with("Wuppertal Institut")));
    assert_eq!(eco.text("main .last-updated"), "Last updated 7 December 2026");
    for (path, words) in [("/ko/sme", "2008~2009년 세계 금융 위기"), ("/ko/eco-innovation", "2010년부터 2018년까지")]
    {
        assert!(get_ok(&state, path).await.text("main").contains(words), "{path}");
    }
}
