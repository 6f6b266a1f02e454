//! What visitors do beyond reading: the SME check, directory filters, the
//! membership chart, search, finding the site, and open data.

mod common;

use aseic::AppState;
use aseic::content::ContentSource;
use axum::http::{StatusCode, header};
use common::{built_in, content_file, content_with, get, get_ok, submit_form};
use serde_json::Value;

use common::sme_api as api;

#[tokio::test]
async fn the_sme_check_follows_the_rule_at_and_next_to_each_boundary() {
    let state = built_in();
    let cases = [
        (0, 0, 0, "micro"),
        (9, 2_000_000, 2_000_000, "micro"),
        (9, 2_000_001, 2_000_000, "micro"),
        (9, 2_000_000, 99_999_999, "micro"),
        (9, 2_000_001, 2_000_001, "small"),
        (10, 0, 0, "small"),
        (49, 10_000_000, 10_000_001, "small"),
        (49, 10_000_001, 10_000_000, "small"),
        (49, 10_000_001, 10_000_001, "medium"),
        (50, 1, 1, "medium"),
        (249, 50_000_000, 43_000_001, "medium"),
        (249, 50_000_001, 43_000_000, "medium"),
        (249, 50_000_001, 43_000_001, "none"),
        (250, 0, 0, "none"),
    ];
    for (staff, turnover, balance, expected) in cases {
        let (status, body) = api(&state, &format!("staff={staff}&turnover={turnover}&balance_sheet={balance}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["category"], expected, "{staff} staff, {turnover} turnover, {balance} balance sheet");
        assert_eq!(body["sme"], expected != "none");
        assert_eq!(body["reasons"].as_array().unwrap().len(), 3);
    }
    let (_, body) = api(&state, "staff=12&turnover=1500000&balance_sheet=900000").await;
    let micro = &body["reasons"][0];
    assert_eq!((micro["category"].as_str(), micro["staff"]["met"].as_bool()), (Some("micro"), Some(false)));
    assert_eq!(micro["staff"]["threshold"], 10);
}

#[tokio::test]
async fn the_thresholds_come_from_sme_toml() {
    let sme = content_file("sme.toml").replace("staff_below = 250", "staff_below = 300");
    let dir = content_with(&[("sme.toml", Some(&sme))]);
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).unwrap();
    let (_, body) = api(&state, "staff=299&turnover=0&balance_sheet=0").await;
    assert_eq!(body["category"], "medium");
    let page = get_ok(&state, "/sme").await;
    assert!(page.rows("main tbody tr").last().unwrap()[1] == "fewer than 300");
}

#[tokio::test]
async fn the_api_refuses_bad_input_naming_the_field() {
    let state = built_in();
    for (query, field) in [
        ("turnover=1&balance_sheet=1", "staff"),
        ("staff=1", "turnover"),
        ("staff=1.125&turnover=1", "staff"),
        ("staff=-1&turnover=1&balance_sheet=1", "staff"),
        ("staff=1&turnover=1%2C500&balance_sheet=1", "turnover"),
        ("staff=1&turnover=1&balance_sheet=2.5", "balance_sheet"),
        ("staff=99999999999999999999999&turnover=1&balance_sheet=1", "staff"),
        ("staff=%FF&turnover=1&balance_sheet=1", ""),
    ] {
        let (status, body) = api(&state, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        let error = body["error"].as_str().unwrap();
        assert!(error.contains(field), "{query}: {error}");
    }
}

#[tokio::test]
async fn the_form_reads_amounts_as_people_write_them() {
    let state = built_in();
    let blank = get_ok(&state, "/sme/check").await;
    assert_eq!(blank.texts(".error-summary").len(), 0);
    assert_eq!(blank.attrs("form.panel input", "name"), ["staff", "turnover", "balance_sheet"]);
    for (turnover, balance, expected) in [
        ("1500000", "900000", "small"),
        ("1,500,000", "900 000", "small"),
        ("2.5 million", "€2m", "small"),
        ("60 million", "44,000,000", "not an SME"),
    ] {
        let reply =
            submit_form(&state, "/sme/check", &[("staff", "12"), ("turnover", turnover), ("balance_sheet", balance)])
                .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.text("#answer").contains(expected), "{turnover} / {balance}: {}", reply.text("#answer"));
        assert_eq!(reply.rows(".answer tbody tr").len(), 3);
    }
}

#[tokio::test]
async fn a_wrong_figure_gets_the_form_again_with_its_errors() {
    let state = built_in();
    let reply =
        submit_form(&state, "/sme/check", &[("staff", "many"), ("turnover", ""), ("balance_sheet", "1,50,0")]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.text("head > title").starts_with("Error:"));
    assert_eq!(reply.attrs(".error-summary a", "href"), ["#staff", "#balance_sheet"]);
    assert_eq!(
        reply.texts(".error-summary a"),
        [
            "Enter the staff headcount as a number, like 45 or 45.5",
            "Enter the balance-sheet total in euros, like 900,000 or 1.2 million"
        ]
    );
    assert_eq!(reply.texts(".field-error .error-message").len(), 2);
    assert_eq!(reply.attrs("#staff", "aria-invalid"), ["true"]);
    assert_eq!(reply.attrs("#staff", "value"), ["many"], "the visitor's input is kept");
    assert_eq!(reply.texts("#answer").len(), 0);
}

#[tokio::test]
async fn directory_filters_combine_and_explain_unknown_values() {
    let state = built_in();
    let names = |reply: &common::Reply| reply.texts("main tbody th");
    let all = get_ok(&state, "/members").await;
    assert_eq!(names(&all).len(), 53);

    let asia = get_ok(&state, "/members?region=asia").await;
    assert_eq!(names(&asia).len(), 22);
    assert_eq!(asia.texts("main h2[id=europe]").len(), 0);

    let others = get_ok(&state, "/members?kind=other").await;
    assert!(names(&others).contains(&"Japan".to_owned()) && !names(&others).contains(&"Korea".to_owned()));
    assert!(!others.text("main").contains("Ministry of the Environment Japan"));

    let combined = get_ok(&state, "/members?region=europe&kind=government&q=environment").await;
    let found = names(&combined);
    assert!(
        found.contains(&"Finland".to_owned())
            && !found.contains(&"Japan".to_owned())
            && !found.contains(&"Hungary".to_owned())
    );
    let active = combined.texts(".active-filters li");
    assert_eq!(active.len(), 3, "{active:?}");
    assert_eq!(
        combined.attrs(".active-filters li a", "href"),
        [
            "/members?kind=government&q=environment",
            "/members?region=europe&q=environment",
            "/members?region=europe&kind=government"
        ]
    );

    // A kind chosen: the other kind's column, empty in every row, is left out.
    let ui: toml::Table = toml::from_str(&common::content_file("ui.toml")).unwrap();
    let directory = &ui["directory"];
    let (partner, government, others) = (
        directory["partner_column"].as_str().unwrap(),
        directory["government"].as_str().unwrap(),
        directory["others"].as_str().unwrap(),
    );
    for (kind, columns) in [
        ("", vec![partner, government, others]),
        ("other", vec![partner, others]),
        ("government", vec![partner, government]),
    ] {
        let reply = get_ok(&state, &format!("/members?region=europe&kind={kind}")).await;
        assert_eq!(reply.texts("table.directory thead th"), columns, "kind={kind}");
        let cells = reply.rows("table.directory tbody tr").first().map_or(0, Vec::len);
        assert_eq!(cells, columns.len(), "kind={kind}: a row has a cell for each column");
    }

    let by_name = get_ok(&state, "/members?q=KOR").await;
    assert_eq!(names(&by_name), ["Korea"]);

    // As search reads words: a partner with no organisation by its name,
    // word forms, typos in longer forms, and words from both the partner's
    // name and an organisation's.
    for q in ["asean", "ASEAN+Secretariat", "secretariat"] {
        assert_eq!(names(&get_ok(&state, &format!("/members?q={q}")).await), ["ASEAN Secretariat"], "{q}");
    }
    let exact = names(&get_ok(&state, "/members?q=environment").await);
    assert_eq!(names(&get_ok(&state, "/members?q=enviroment").await), exact, "a typo finds as much");
    let plural = names(&get_ok(&state, "/members?q=ministries").await);
    assert_eq!(plural, names(&get_ok(&state, "/members?q=ministry").await), "a plural finds the singular");
    assert!(!plural.is_empty());
    let both = get_ok(&state, "/members?q=korea+ministry").await;
    assert_eq!(names(&both), ["Korea"]);
    assert!(both.text("main").contains("Ministry of Environment"), "{}", both.text("main"));
    assert!(!names(&get_ok(&state, "/members?q=korea+embassy").await).contains(&"Korea".to_owned()));
    // A filter with nothing a name could hold finds nothing, rather than everyone.
    for nothing in ["%F0%9F%8C%B1", "%25", "*", "."] {
        assert_eq!(names(&get_ok(&state, &format!("/members?q={nothing}")).await), Vec::<String>::new(), "{nothing}");
    }
    for (short, not) in [("bank", "Bangladesh"), ("mali", "Malaysia"), ("peru", "Germany")] {
        let found = names(&get_ok(&state, &format!("/members?q={short}")).await);
        assert!(!found.contains(&not.to_owned()), "a short word is not taken for a start: {short} found {found:?}");
    }

    let unknown = get(&state, "/members?region=africa&kind=government").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.text("main").contains("There is no region called “africa”"));
    assert!(names(&unknown).contains(&"Korea".to_owned()), "the known filter still applies");

    let markup = get(&state, "/members?kind=%3Cscript%3E").await;
    assert_eq!(markup.status, StatusCode::BAD_REQUEST);
    assert!(!markup.body.contains("<script>"));
}

#[tokio::test]
async fn the_chart_is_drawn_from_the_summits_and_follows_new_ones() {
    let state = built_in();
    let reply = get_ok(&state, "/asem").await;
    assert_eq!(reply.attrs("svg[role=img]", "aria-labelledby"), ["chart-title"], "the name once");
    assert_eq!(reply.attrs("svg[role=img]", "aria-describedby"), ["chart-desc"], "the description once");
    assert_eq!(reply.text("svg title"), "ASEM partners after each summit");
    assert_eq!(reply.text("svg desc"), "From 26 partners in 1996 to 53 in 2021, over 13 summits.");
    assert_eq!(reply.texts("svg circle").len(), 13);

    let asem = content_file("asem.toml").replace("total_partners = 53", "total_partners = 54")
        + "\n[[summit]]\nnumber = 14\nyear = 2024\ncity = \"Brussels\"\ncountry = \"Belgium\"\njoined = [\"Newland\"]\n";
    let members =
        content_file("members.toml") + "\n[[partner]]\nname = \"Newland\"\nregion = \"europe\"\norganisations = []\n";
    let dir = content_with(&[("asem.toml", Some(&asem)), ("members.toml", Some(&members))]);
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).unwrap();
    let reply = get_ok(&state, "/asem").await;
    assert_eq!(reply.texts("svg circle").len(), 14);
    assert_eq!(reply.text("svg desc"), "From 26 partners in 1996 to 54 in 2024, over 14 summits.");
}

#[tokio::test]
async fn search_ranks_marks_and_is_safe() {
    let state = built_in();
    let reply = get_ok(&state, "/search?q=korea").await;
    let titles = reply.texts("ol.results li > a");
    assert_eq!(titles.first().map(String::as_str), Some("Korea"), "the partner itself comes first: {titles:?}");
    assert!(reply.texts("ol.results mark").iter().all(|m| m.eq_ignore_ascii_case("korea")));

    let accents = get_ok(&state, "/search?q=%C3%89COLOGY+fr%C3%A4nce").await;
    assert!(
        accents.texts("ol.results li > a").iter().any(|t| t.contains("Ministry of Ecology")),
        "accents and case are ignored"
    );

    let summit = get_ok(&state, "/search?q=hanoi").await;
    assert_eq!(summit.attrs("ol.results li > a", "href").first().map(String::as_str), Some("/asem#summit-5"));

    for query in ["", "%20%20", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%22%3E%3Cimg%20src%3Dx%3E", "zzzznothing"] {
        let reply = get_ok(&state, &format!("/search?q={query}")).await;
        assert!(!reply.body.contains("<script>alert") && !reply.body.contains("<img src=x>"), "{query}");
    }
    let long = get_ok(&state, &format!("/search?q={}", "environment+".repeat(150))).await;
    assert!(!long.texts("ol.results li").is_empty());
    let huge = get(&state, &format!("/search?q={}", "a".repeat(20_000))).await;
    assert_eq!(huge.status, StatusCode::URI_TOO_LONG, "a 20 kB query is refused, politely");
}

#[tokio::test]
async fn search_works_for_names_in_any_script() {
    let members = content_file("members.toml").replace(
        "{ kind = \"government\", name = \"Ministry of Environmental Protection of the People's Republic of China\" },",
        "{ kind = \"government\", name = \"Ministry of Environmental Protection of the People's Republic of China\" },\n  { kind = \"other\", name = \"中国环境科学研究院\" },",
    );
    let dir = content_with(&[("members.toml", Some(&members))]);
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).unwrap();
    let reply = get_ok(&state, "/search?q=%E7%8E%AF%E5%A2%83").await;
    assert_eq!(reply.texts("ol.results li > a").first().map(String::as_str), Some("中国环境科学研究院, China"));
    assert_eq!(reply.texts("ol.results mark").first().map(String::as_str), Some("环境"));
}

#[tokio::test]
async fn every_page_can_be_found_and_shared() {
    let state = built_in();
    let sitemap = get_ok(&state, "/sitemap.xml").await;
    assert_eq!(sitemap.header(header::CONTENT_TYPE), "application/xml; charset=utf-8");
    let locs: Vec<String> =
        sitemap.body.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap().to_owned()).collect();
    assert!(locs.contains(&"https://www.aseic.org/members/korea".to_owned()));
    assert_eq!(
        locs.len(),
        2 * (6 + 53 + 2 + 2),
        "in English and Korean: the menu pages, the accessibility statement, every partner, the SME check, the news, the history page and the launch news"
    );
    assert!(get_ok(&state, "/robots.txt").await.body.contains("Sitemap: https://www.aseic.org/sitemap.xml"));
    // A browser showing robots.txt or the feed asks for /favicon.ico: it gets
    // the icon that every page names, not a 404.
    let favicon = get_ok(&state, "/favicon.ico").await;
    assert_eq!(favicon.header(header::CONTENT_TYPE), "image/svg+xml");
    let named = get_ok(&state, "/").await.attrs("link[rel=icon]", "href");
    assert_eq!(get_ok(&state, &named[0]).await.body, favicon.body);
    for loc in locs {
        let path = loc.trim_start_matches("https://www.aseic.org");
        let page = get_ok(&state, path).await;
        assert_eq!(page.attrs("link[rel=canonical]", "href"), [loc.as_str()]);
        let description = page.attrs("meta[name=description]", "content");
        assert!(description.len() == 1 && description[0].len() > 30, "{path}");
        for property in ["og:title", "og:description", "og:url", "og:type", "og:site_name"] {
            assert_eq!(page.attrs(&format!("meta[property='{property}']"), "content").len(), 1, "{path}: {property}");
        }
    }
    let home = get_ok(&state, "/").await;
    let json_ld = home.texts("script[type='application/ld+json']");
    let data: Value = serde_json::from_str(&json_ld[0]).unwrap();
    assert_eq!((data["@type"].as_str(), data["foundingDate"].as_str()), (Some("Organization"), Some("2011")));
}

#[tokio::test]
async fn open_data_comes_from_the_same_records() {
    let state = built_in();
    let members: Value = serde_json::from_str(&get_ok(&state, "/api/members.json").await.body).unwrap();
    let partners = members["partners"].as_array().unwrap();
    assert_eq!(partners.len(), 53);
    let korea = partners.iter().find(|p| p["slug"] == "korea").unwrap();
    assert_eq!((korea["joined_summit"].as_i64(), korea["joined_year"].as_i64()), (Some(1), Some(1996)));
    let organisations: usize = partners.iter().map(|p| p["organisations"].as_array().unwrap().len()).sum();
    assert_eq!(organisations, 71);

    let summits: Value = serde_json::from_str(&get_ok(&state, "/api/summits.json").await.body).unwrap();
    assert_eq!(summits["summits"].as_array().unwrap().len(), 13);
    assert_eq!(summits["summits"][4]["joined"].as_array().unwrap().len(), 13);
    assert_eq!(summits["total_partners"], 53);

    let csv = get_ok(&state, "/members.csv").await;
    assert_eq!(csv.header(header::CONTENT_TYPE), "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 71 + 1, "one row per organisation, and one for the partner without any");
    assert!(rows.iter().any(|r| &r[0] == "Germany"
        && &r[5] == "Federal Ministry for the Environment, Nature Conservation, Building and Nuclear Safety"));

    let links = get_ok(&state, "/members").await.attrs("main a[href]", "href");
    for data in ["/api/members.json", "/members.csv", "/api/summits.json"] {
        assert!(links.contains(&data.to_owned()), "the Data section links {data}");
    }
}

#[tokio::test]
async fn a_filtered_directory_counts_in_words_and_hides_empty_regions() {
    let state = built_in();
    let one = get_ok(&state, "/members?q=korea").await;
    assert_eq!(one.texts("main table caption"), ["Asia: 1 partner"]);
    assert_eq!(one.texts("main h2[id=europe]").len(), 0, "no empty Europe table");
    let all = get_ok(&state, "/members").await;
    assert_eq!(all.texts("main table caption"), ["Asia: 22 partners", "Europe: 31 partners"]);
    let jumps = all.attrs("nav.jump-links a", "href");
    assert_eq!(&jumps[..2], ["#asia", "#asia-a"]);
    for jump in &jumps {
        assert_eq!(all.attrs(jump, "id").len(), 1, "{jump} leads somewhere");
    }
    assert_eq!(all.text("tr#europe-s th"), "Slovakia", "the first partner of Europe under S");
    let names = all.texts("#europe ~ table tbody th");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "A to Z");
}

#[tokio::test]
async fn the_menu_marks_the_section_of_every_page_below_it() {
    let state = built_in();
    for (path, current, value) in [
        ("/members", "/members", "page"),
        ("/members/korea", "/members", "true"),
        ("/sme/check", "/sme", "true"),
        ("/news/aseic-launched", "/news", "true"),
        ("/", "/", "page"),
    ] {
        let reply = get_ok(&state, path).await;
        assert_eq!(reply.attrs("nav[aria-label=Main] a[aria-current]", "href"), [current], "{path}");
        assert_eq!(reply.attrs("nav[aria-label=Main] a[aria-current]", "aria-current"), [value], "{path}");
    }
    let search = get_ok(&state, "/search?q=korea").await;
    assert_eq!(search.attrs("nav[aria-label=Main] a[aria-current]", "href").len(), 0);
}

#[tokio::test]
async fn search_tells_the_true_count_names_each_organisation_s_country_and_says_what_to_do_when_empty() {
    let state = built_in();
    let many = get_ok(&state, "/search?q=ministry").await;
    let heading = many.text("#results");
    let shown = many.texts("ol.results > li").len();
    assert_eq!(shown, 10, "ten to a page");
    assert!(heading.starts_with("Results 1 to 10 of ") && heading.ends_with(" for “ministry”"), "{heading}");
    let total: usize =
        heading.split(" of ").nth(1).and_then(|rest| rest.split(' ').next()).and_then(|n| n.parse().ok()).unwrap();
    assert!(total > 50, "{heading}");
    let titles = many.texts("ol.results > li > a");
    let environment: Vec<&String> = titles.iter().filter(|t| t.starts_with("Ministry of the Environment, ")).collect();
    assert!(environment.len() >= 2, "{titles:?}");
    let unique: std::collections::HashSet<&&String> = environment.iter().collect();
    assert_eq!(unique.len(), environment.len(), "no two links read alike");
    let empty = get_ok(&state, "/search?q=").await;
    assert!(empty.text("main").contains("Type a word or two in the box"));
}

#[tokio::test]
async fn titles_follow_what_the_page_shows() {
    let state = built_in();
    for (address, title) in [
        ("/search?q=korea&kind=summit", "Search: korea, summits only | ASEIC"),
        ("/search?q=korea", "Search: korea | ASEIC"),
        ("/members?region=asia&kind=government", "Partners: Asia, Government | ASEIC"),
        ("/members?q=zzzz", "No partner matches: Name contains “zzzz” | ASEIC"),
        ("/members", "Partners | ASEIC"),
    ] {
        let reply = common::get(&state, address).await;
        assert_eq!(reply.text("head > title"), title, "{address}");
    }
    let korean = common::get(&state, "/ko/members?region=asia").await;
    assert_eq!(korean.text("head > title"), "아셈 회원: 아시아 | ASEIC");
}

#[tokio::test]
async fn no_heading_or_table_header_holds_a_note_and_each_place_a_source_is_cited_is_linked_back() {
    let state = built_in();
    let paths: Vec<String> = state.current.load().pages.paths().into_iter().map(str::to_owned).collect();
    let mut pages = 0;
    for path in paths.iter().filter(|p| !p.contains('.')) {
        let reply = get(&state, path).await;
        if reply.status != StatusCode::OK {
            continue;
        }
        pages += 1;
        for selector in ["h1 .note", "h2 .note", "h3 .note", "h4 .note", "th .note"] {
            assert!(reply.texts(selector).is_empty(), "{path}: a note in {selector}");
        }
        // Every marker is linked back from the list of sources.
        let markers = reply.attrs(".note a", "id");
        let backs: Vec<String> = reply.attrs(".sources .back, .sources .back a", "href");
        for id in &markers {
            assert!(backs.contains(&format!("#{id}")), "{path}: no link back to {id}");
        }
    }
    assert!(pages > 100, "{pages} pages");
    let asem = get_ok(&state, "/asem").await;
    let first: Vec<String> = asem.attrs("#source-1 .back a", "href");
    assert!(first.len() > 1, "{first:?}");
    assert_eq!(asem.texts("#source-1 .back a")[..2], ["a".to_owned(), "b".to_owned()]);
}

#[tokio::test]
async fn names_in_other_languages_carry_their_lang_and_an_english_gloss() {
    let state = built_in();
    for address in ["/members", "/members/indonesia", "/ko/members", "/ko/members/indonesia"] {
        let reply = get_ok(&state, address).await;
        let names = reply.texts("main [lang=\"id\"]");
        assert!(names.contains(&"Badan Litbang Pertanian".to_owned()), "{address}: {names:?}");
        assert!(
            reply
                .text("main")
                .contains("Badan Litbang Pertanian (Indonesian Agency for Agricultural Research and Development)"),
            "{address}"
        );
    }
}
