//! Every page, requested over HTTP, shows what the content gives it.

mod common;

use aseic::content::{ContentSource, load};
use aseic::render::format::amount;
use aseic::site::Site;
use axum::http::{StatusCode, header};
use base64::Engine as _;
use common::{assert_status, built_in, content_file, fold, get, get_ok};
use sha2::Digest as _;

fn site() -> Site {
    load(&ContentSource::BuiltIn).expect("the built-in content is valid")
}

/// Every page's path, from the content: the menu's and each partner's.
fn all_paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = site.menu.iter().map(|m| m.path.clone()).collect();
    paths.extend(site.footer_links.iter().map(|l| l.path.clone()));
    paths.extend(site.partners.iter().map(|p| format!("/members/{}", p.slug)));
    paths
}

#[tokio::test]
async fn every_route_answers_with_its_title_and_heading() {
    let state = built_in();
    let site = site();
    let expected = [
        ("/", site.aseic.title.as_str(), "ASEIC: ASEM SMEs Eco-Innovation Center"),
        ("/asem", site.asem.title.as_str(), "About ASEM | ASEIC"),
        ("/members", "Partners", "Partners | ASEIC"),
        ("/eco-innovation", site.eco_innovation.title.as_str(), "Eco-innovation | ASEIC"),
        ("/sme", site.sme.title.as_str(), "Small and medium-sized enterprises (SMEs) | ASEIC"),
        ("/members/korea", "Korea", "Korea | ASEIC"),
        ("/accessibility", "Accessibility statement", "Accessibility statement | ASEIC"),
    ];
    for (path, h1, title) in expected {
        let reply = get_ok(&state, path).await;
        assert_eq!(reply.header(header::CONTENT_TYPE), "text/html; charset=utf-8", "{path}");
        assert_eq!(reply.text("h1"), h1, "{path}");
        assert_eq!(reply.text("head > title"), title, "{path}");
    }
}

#[tokio::test]
async fn every_page_has_the_layout_the_skip_link_first_and_its_menu_entry_marked() {
    let state = built_in();
    let site = site();
    for path in all_paths(&site) {
        let reply = get_ok(&state, &path).await;
        let links = reply.attrs("body a[href]", "href");
        assert_eq!(links.first().map(String::as_str), Some("#main"), "{path}: the first link is the skip link");
        assert_eq!(reply.text("body > a:first-child"), "Skip to main content", "{path}");
        assert_eq!(reply.attrs("main#main", "id").len(), 1, "{path}: the skip link's target exists");
        assert_eq!(reply.texts("header nav:not(.languages) a").len(), site.menu.len(), "{path}: the whole menu");
        assert_eq!(reply.text("footer p"), site.footer, "{path}");
        assert_eq!(reply.attrs("footer a", "href"), ["/accessibility"], "{path}");
        let current = reply.attrs("header nav a[aria-current=page]", "href");
        let expected: Vec<String> = site.menu.iter().filter(|m| m.path == path).map(|m| m.path.clone()).collect();
        assert_eq!(current, expected, "{path}: the current page is marked, and only it");
        assert!(reply.texts("h1").len() == 1, "{path}: one main heading");
        let scripts = reply.body.matches("<script").count();
        let data = reply.body.matches("<script type=\"application/ld+json\">").count();
        assert_eq!(scripts, data, "{path}: no script but structured data");
        assert!(!reply.body.contains("style="), "{path}: no inline style");
    }
}

#[tokio::test]
async fn the_home_page_says_what_aseic_is_and_leads_into_the_site() {
    let state = built_in();
    let site = site();
    let reply = get_ok(&state, "/").await;
    let paragraphs = reply.texts("main p");
    for paragraph in &site.aseic.paragraphs {
        assert!(paragraphs.contains(&paragraph.to_string()), "missing paragraph: {paragraph}");
    }
    assert!(reply.text("main .fact").contains("2011"));
    let ways_in = reply.attrs("main .cards a", "href");
    let expected: Vec<String> = site.menu.iter().filter(|m| m.path != "/").map(|m| m.path.clone()).collect();
    assert_eq!(ways_in, expected);
}

#[tokio::test]
async fn the_asem_page_shows_history_pillars_and_every_summit_with_its_partners() {
    let state = built_in();
    let site = site();
    let reply = get_ok(&state, "/asem").await;
    let paragraphs = reply.texts("main p");
    for paragraph in site.asem.history.iter().chain(&site.asem.process) {
        assert!(paragraphs.contains(&paragraph.to_string()), "missing paragraph: {paragraph}");
    }
    assert_eq!(reply.texts("main h2 + p + ul li"), site.asem.pillars);
    assert!(reply.text("main .fact").contains("53 partners"));

    let rows = reply.rows("main table tbody tr");
    assert_eq!(rows.len(), site.asem.summits.len());
    for (summit, row) in site.asem.summits.iter().zip(&rows) {
        let expected = [
            summit.ordinal.clone(),
            summit.year.to_string(),
            format!("{}, {}", summit.city, summit.country),
            summit.joined.len().to_string(),
            summit.partners_after.to_string(),
        ];
        assert_eq!(row, &expected);
        let item = format!("#summit-{}", summit.number);
        let heading = reply.text(&format!("{item} h3"));
        assert_eq!(
            heading,
            format!("The {} ASEM Summit ({}, {}, {})", summit.ordinal, summit.year, summit.city, summit.country)
        );
        let links = reply.texts(&format!("{item} a[href^='/members/']"));
        let names: Vec<String> = summit.joined.iter().map(|p| p.name.to_string()).collect();
        assert_eq!(links, names, "summit {}", summit.number);
        let hrefs = reply.attrs(&format!("{item} a[href^='/members/']"), "href");
        let slugs: Vec<String> = summit.joined.iter().map(|p| format!("/members/{}", p.slug)).collect();
        assert_eq!(hrefs, slugs);
        if summit.joined.is_empty() {
            assert_eq!(reply.text(&format!("{item} p:not(.summit-note)")), "No enlargement.");
        }
    }
    assert_eq!(rows.last().map(|r| r[4].as_str()), Some("53"), "53 partners after the last summit");
}

#[tokio::test]
async fn the_summits_follow_the_seed() {
    let site = site();
    let facts: Vec<(i64, i64, &str, usize)> =
        site.asem.summits.iter().map(|s| (s.number, s.year, s.city.as_str(), s.joined.len())).collect();
    assert_eq!(
        facts,
        [
            (1, 1996, "Bangkok", 26),
            (2, 1998, "London", 0),
            (3, 2000, "Seoul", 0),
            (4, 2002, "Copenhagen", 0),
            (5, 2004, "Hanoi", 13),
            (6, 2006, "Helsinki", 6),
            (7, 2008, "Beijing", 0),
            (8, 2010, "Brussels", 3),
            (9, 2012, "Vientiane", 3),
            (10, 2014, "Milan", 2),
            (11, 2016, "Ulaanbaatar", 0),
            // The two summits since the seed, from public reporting.
            (12, 2018, "Brussels", 0),
            (13, 2021, "Phnom Penh", 0),
        ]
    );
}

#[tokio::test]
async fn the_directory_lists_every_partner_and_organisation_by_region() {
    let state = built_in();
    let site = site();
    let reply = get_ok(&state, "/members").await;
    assert_eq!(reply.texts("main h2"), ["Asia", "Europe", "Data", "Sources"]);
    let stated = content_file("members.toml").lines().filter(|l| l.trim() == "[[partner]]").count();
    assert_eq!(reply.texts("main tbody tr").len(), stated, "one row per [[partner]] in members.toml");
    for partner in &site.partners {
        let region = partner.region.slug();
        let row = reply
            .html()
            .select(&scraper::Selector::parse(&format!("#{region} + table tbody tr")).unwrap())
            .map(|tr| common::as_written(&fold(&tr.text().collect::<String>())))
            .find(|text| text.starts_with(partner.name.as_str()))
            .unwrap_or_else(|| panic!("{} is not listed under {region}", partner.name));
        for org in &partner.organisations {
            assert!(row.contains(&common::as_written(&org.name)), "{}: missing {}", partner.name, org.name);
        }
        assert!(reply.attrs("main th a", "href").contains(&format!("/members/{}", partner.slug)));
        for link in partner.organisations.iter().filter_map(|o| o.link.as_ref()) {
            assert!(reply.attrs("main td a", "href").contains(link), "{}: missing link {link}", partner.name);
        }
    }
}

#[tokio::test]
async fn every_partner_has_a_page_with_its_organisations_and_joining_summit() {
    let state = built_in();
    let site = site();
    // Each kind in the singular, as ui.toml words it beside one organisation.
    let ui: toml::Table = toml::from_str(&common::content_file("ui.toml")).unwrap();
    let words = |key: &str| ui["directory"][key].as_str().unwrap().to_owned();
    let one_kind = std::collections::HashMap::from([
        (aseic::site::OrganisationKind::Government, words("government_one")),
        (aseic::site::OrganisationKind::Other, words("other_one")),
    ]);
    for partner in &site.partners {
        let path = format!("/members/{}", partner.slug);
        let reply = get_ok(&state, &path).await;
        assert_eq!(reply.text("h1"), partner.name);
        let items = reply.texts("main ul.organisations li");
        let expected: Vec<String> = partner
            .organisations
            .iter()
            .map(|o| {
                let gloss = o.gloss.as_ref().map(|g| format!(" ({g})")).unwrap_or_default();
                common::as_written(&format!("{}{gloss} ({})", o.name, one_kind[&o.kind]))
            })
            .collect();
        assert_eq!(items, expected, "{path}");
        let summit = site.summit(partner.joined_at).expect("a known summit");
        assert_eq!(
            reply.text("main .fact"),
            format!(
                "Became an ASEM partner at the {} ASEM Summit ({}, {}, {})",
                summit.ordinal, summit.year, summit.city, summit.country
            )
        );
        assert!(reply.attrs("main a", "href").contains(&format!("/asem#summit-{}", summit.number)));
        assert!(reply.attrs("main a", "href").contains(&"/members".to_owned()));
    }
}

#[tokio::test]
async fn every_eco_innovation_definition_stands_beside_its_source() {
    let state = built_in();
    let site = site();
    let reply = get_ok(&state, "/eco-innovation").await;
    assert_eq!(reply.texts("main ul.key-points li"), site.eco_innovation.key_points);
    let sections = reply.texts("main section[aria-labelledby^=definition]");
    assert_eq!(sections.len(), site.eco_innovation.definitions.len());
    for (definition, section) in site.eco_innovation.definitions.iter().zip(&sections) {
        assert!(section.starts_with(definition.source.as_str()), "{section}");
        assert!(section.contains(definition.lead.as_str()));
        assert!(section.contains(&format!("“{}”", definition.quote)));
        if let Some(note) = &definition.note {
            assert!(section.contains(note.as_str()));
        }
    }
    let sources = reply.texts("main section h2");
    for source in ["European Commission", "Eco-Innovation Observatory (EIO)", "ASEIC"] {
        assert!(sources.iter().any(|s| s == source), "no definition from {source}");
    }
    assert!(sources.iter().any(|s| s.contains("(OECD)")));
}

#[tokio::test]
async fn the_sme_page_gives_the_definitions_and_criteria_as_numbers() {
    let state = built_in();
    let site = site();
    let reply = get_ok(&state, "/sme").await;
    let figures = reply.texts("main figure");
    assert_eq!(figures.len(), site.sme.statements.len());
    for (statement, figure) in site.sme.statements.iter().zip(&figures) {
        assert_eq!(figure, &format!("{} {}", statement.text, statement.source));
    }
    let rows = reply.rows("main tbody tr");
    assert_eq!(rows.len(), site.sme.categories.len());
    for (category, row) in site.sme.categories.iter().zip(&rows) {
        assert_eq!(row[0].to_lowercase(), category.name);
        assert_eq!(row[1], format!("fewer than {}", category.staff_below));
        assert_eq!(
            row[2],
            format!("up to {}", amount(&site.ui.numbers, &site.sme.currency_name, category.turnover_max))
        );
        assert_eq!(
            row[3],
            format!("up to {}", amount(&site.ui.numbers, &site.sme.currency_name, category.balance_sheet_max))
        );
    }
    let medium = rows.last().expect("a medium row");
    assert_eq!(medium, &["Medium", "fewer than 250", "up to €50 million", "up to €43 million"]);
    for paragraph in site.sme.intro.iter().chain(&site.sme.definition) {
        assert!(reply.texts("main p").contains(&paragraph.to_string()));
    }
}

#[tokio::test]
async fn the_accessibility_statement_gives_the_standard_the_testing_and_how_to_report() {
    let state = built_in();
    let site = site();
    let reply = get_ok(&state, "/accessibility").await;
    let headings: Vec<String> = site.accessibility.sections.iter().map(|s| s.heading.to_string()).collect();
    assert_eq!(reply.texts("main h2"), headings);
    let text = reply.text("main");
    for section in &site.accessibility.sections {
        for line in section.paragraphs.iter().chain(&section.points) {
            let words = aseic::site::markdown::plain_text(line.as_str());
            assert!(text.contains(&words), "missing: {words}");
        }
    }
    let links = reply.attrs("main a", "href");
    assert!(links.contains(&"https://www.humanrights.go.kr/".to_owned()), "the enforcement body is a link: {links:?}");
    assert!(text.contains("WCAG) version 2.2, at level AA"));
    assert!(headings.iter().any(|h| h.contains("test")), "a section on testing");
    assert!(headings.iter().any(|h| h.contains("Reporting")), "a section on reporting a problem");
    // GOV.UK's model statement: its status, where to turn next, and its dates.
    assert_eq!(headings[0], "Compliance status");
    assert!(headings.iter().any(|h| h == "Enforcement procedure"));
    assert!(text.contains("This statement was prepared on") && text.contains("last reviewed on"));
}

#[tokio::test]
async fn an_unknown_path_gets_the_404_page_in_the_layout() {
    let state = built_in();
    for path in
        ["/nope", "/members/atlantis", "/asem/extra", "/static/missing.css", "/members/korea/x", "/%2e%2e/etc/passwd"]
    {
        let reply = get(&state, path).await;
        assert_status(&reply, StatusCode::NOT_FOUND);
        assert_eq!(reply.text("h1"), "Page not found", "{path}");
        assert_eq!(reply.text("head > title"), "Page not found | ASEIC");
        assert!(!reply.texts("header nav a").is_empty(), "{path}: inside the layout");
        assert_eq!(reply.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
    }
}

#[tokio::test]
async fn a_trailing_slash_redirects_to_the_page() {
    let state = built_in();
    let reply = get(&state, "/asem/").await;
    assert_status(&reply, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(reply.header(header::LOCATION), "/asem");
    let reply = get(&state, "/members/korea/").await;
    assert_eq!(reply.header(header::LOCATION), "/members/korea");
}

#[tokio::test]
async fn healthz_reports_the_loaded_content() {
    let state = built_in();
    let reply = get_ok(&state, "/healthz").await;
    assert_eq!(reply.header(header::CONTENT_TYPE), "application/json");
    let body: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["partners"], 53);
    assert_eq!(body["summits"], 13);
    assert_eq!(body["problems"], 0);
    let fields: Vec<&String> = body.as_object().expect("an object").keys().collect();
    assert_eq!(
        fields,
        ["loaded_at", "pages", "partners", "problems", "status", "summits", "version"],
        "nothing private"
    );
}

#[tokio::test]
async fn the_stylesheet_is_inline_and_allowed_by_its_hash_and_the_icon_is_served() {
    let state = built_in();
    let home = get_ok(&state, "/").await;
    assert_eq!(home.body.matches("<style>").count(), 1, "one inline stylesheet");
    assert!(home.attrs("link[rel=stylesheet]", "href").is_empty(), "no stylesheet to fetch before the page renders");
    let style = home.body.split("<style>").nth(1).and_then(|rest| rest.split("</style>").next()).unwrap();
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(style, std::fs::read_to_string(repository.join("static/style.css")).unwrap());
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style.as_bytes()));
    let policy = home.header(header::CONTENT_SECURITY_POLICY);
    assert!(policy.contains(&format!("style-src 'sha256-{hash}';")), "{policy}");
    assert!(!policy.contains("unsafe-inline"));
    let icon = home.attrs("link[rel=icon]", "href");
    let reply = get_ok(&state, &icon[0]).await;
    assert_eq!(reply.header(header::CONTENT_TYPE), "image/svg+xml");
}

#[tokio::test]
async fn head_requests_answer_without_a_body() {
    let state = built_in();
    let request = axum::http::Request::head("/asem").body(axum::body::Body::empty()).unwrap();
    let reply = common::request(&state, request).await;
    assert_status(&reply, StatusCode::OK);
    assert!(reply.body.is_empty());
}

/// `site.toml` with `contact` (a `[contact]` table) in place of its own.
fn site_with_contact(contact: &str) -> String {
    format!("{}\n{contact}", common::site_toml_without_contact())
}

#[tokio::test]
async fn the_statement_shows_the_contact_that_site_toml_gives() {
    let contact = "[contact]\nname = \"the help desk\"\nemail = \"help@example.org\"\nphone = \"+82 (2) 123-4567\"\n\
                   address = [\"1 Green Street\", \"Seoul 04500\"]\nform = \"/history\"\n";
    let dir = common::content_with(&[("site.toml", Some(&site_with_contact(contact)))]);
    let state = aseic::web::state::AppState::load(ContentSource::Dir(dir.path().to_owned())).expect("it loads");
    let reply = get_ok(&state, "/accessibility").await;
    let ui = &site().ui.contact;
    assert_eq!(reply.text("main address > p"), ui.intro.with("name", "the help desk").to_string());
    let terms = reply.texts("main address dt");
    assert_eq!(terms, [&ui.email, &ui.phone, &ui.form, &ui.address].map(ToString::to_string));
    assert_eq!(reply.attrs("main address a", "href"), ["mailto:help@example.org", "tel:+8221234567", "/history"]);
    assert_eq!(reply.texts("main address a")[..2], ["help@example.org", "+82 (2) 123-4567"]);
    assert!(reply.body.contains("1 Green Street<br>Seoul 04500"), "the address, a line each");
    assert!(!reply.text("main").contains(ui.missing.as_str()));
    // It follows the paragraphs of the section that asks for it.
    let section = site().accessibility.sections.iter().position(|s| s.contact).expect("a section shows the contact");
    let heading = &site().accessibility.sections[section].heading;
    let after = &reply.body[reply.body.find(&format!("<h2>{heading}</h2>")).expect("the heading") + 4..];
    assert!(after.find("<address").expect("the contact") < after.find("<h2").unwrap_or(usize::MAX));
}

#[tokio::test]
async fn without_a_contact_the_statement_says_it_is_not_published() {
    let dir = common::content_with(&[("site.toml", Some(&common::site_toml_without_contact()))]);
    let state = aseic::web::state::AppState::load(ContentSource::Dir(dir.path().to_owned())).expect("it loads");
    let reply = get_ok(&state, "/accessibility").await;
    let site = load(&ContentSource::Dir(dir.path().to_owned())).expect("it loads");
    assert!(reply.text("main").contains(site.ui.contact.missing.as_str()));
    assert!(reply.texts("main address").is_empty());
    assert_eq!(site.warnings.len(), 1, "{:?}", site.warnings);
}
