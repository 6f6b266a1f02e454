//! Abbreviations written out at their first use on each page, from
//! `glossary.toml` and `ko/glossary.toml`: in English and Korean, once a
//! page, never in a quotation; and a mistake in the glossary named at its
//! file and line.

mod common;

use aseic::content::{ContentSource, load};
use common::{built_in, content_file, content_with, get_ok};

/// The text of the page's `<main>`, as the page writes it.
fn main_of(body: &str) -> &str {
    let start = body.find("<main").expect("a <main>");
    &body[start..body.find("</main>").expect("a </main>")]
}

#[tokio::test]
async fn english_pages_write_each_abbreviation_out_once() {
    let state = built_in();
    let asem = get_ok(&state, "/asem").await;
    let main = main_of(&asem.body);
    // The first use, in the lead, is written out; the h1 stays short.
    let lead = &main[main.find("<p class=\"lead\">").expect("a lead")..];
    assert!(
        lead.starts_with("<p class=\"lead\">Asia-Europe Meeting (ASEM)")
            || lead[..lead.find("</p>").unwrap()].contains("Asia-Europe Meeting (ASEM)"),
        "{main}"
    );
    assert!(main.contains("<h1>About ASEM</h1>"));
    let after = &main[main.find("Asia-Europe Meeting (ASEM)").unwrap() + 26..];
    assert!(after.contains(" ASEM "), "later uses stay short");
    assert_eq!(main.matches("Association of Southeast Asian Nations (ASEAN)").count(), 1);
    assert!(!asem.body[..asem.body.find("<main").unwrap()].contains("Asia-Europe Meeting (ASEM)"), "not in the header");

    let sme = get_ok(&state, "/sme").await;
    let main = main_of(&sme.body);
    // Money is written "€50 million"; the quotation keeps its "EUR 50 million".
    assert!(main.contains("€50 million") && main.contains("EUR 50 million"), "{main}");
    assert!(!main.contains("EUR (euros)"), "a quotation is left as written");
    assert!(main.contains("2003/361/EC"), "EC inside a reference stays as it is");

    // The quotations of the definitions stay as their sources wrote them.
    let eco = get_ok(&state, "/eco-innovation").await;
    let main = main_of(&eco.body);
    let quotes: Vec<&str> =
        main.split("<blockquote>").skip(1).map(|quote| &quote[..quote.find("</blockquote>").unwrap()]).collect();
    assert!(quotes.iter().any(|q| q.contains("defined by the European Commission as “any form")), "{quotes:?}");
    for quote in &quotes {
        for written_out in
            ["European Commission (EC)", "Organisation for Economic Co-operation and Development (OECD) (OECD)"]
        {
            assert!(!quote.contains(written_out), "a quotation is left as written: {quote}");
        }
    }

    let launch = get_ok(&state, "/news/aseic-launched").await;
    let main = main_of(&launch.body);
    assert!(main.contains("ASEM SMEs Eco-Innovation Center (ASEIC)"), "the site's own name is not written out inside");
    assert!(!main.contains("Asia-Europe Meeting (ASEM) SMEs"));

    let members = get_ok(&state, "/members").await;
    let main = main_of(&members.body);
    assert_eq!(main.matches("Lao People’s Democratic Republic (Lao PDR)").count(), 1);
    assert_eq!(main.matches("Standards and Industrial Research Institute of Malaysia (SIRIM)").count(), 1);
}

#[tokio::test]
async fn korean_pages_write_abbreviations_out_in_korean() {
    let state = built_in();
    let sme = get_ok(&state, "/ko/sme").await;
    let main = main_of(&sme.body);
    assert!(main.contains("유럽연합(EU)"), "{main}");
    let members = get_ok(&state, "/ko/members").await;
    let main = main_of(&members.body);
    assert!(main.contains("아시아·유럽재단(ASEF)"));
    // A name kept in English, marked as such, stays as it is.
    assert!(main.contains("친환경 혁신 관측소(EIO)"), "a translated name says it already");
    assert!(main.contains("EU SWITCH-Asia") && !main.contains("유럽연합(EU) SWITCH-Asia"));
    let asem = get_ok(&state, "/ko/asem").await;
    let main = main_of(&asem.body);
    assert!(!main.contains("아시아·유럽 정상회의(ASEM)"), "the page says it already: 아셈(ASEM, 아시아·유럽 정상회의)");
    assert!(main.contains("아셈(ASEM, 아시아·유럽 정상회의)"));
}

#[test]
fn a_mistake_in_the_glossary_is_named_at_its_line() {
    let glossary = content_file("glossary.toml");
    let twice = format!("{glossary}\n[[term]]\nshort = \"ASEM\"\nlong = \"Asia Europe Meeting\"\n");
    let line = twice.lines().position(|l| l == "short = \"ASEM\"").unwrap();
    let last = twice.lines().collect::<Vec<_>>().iter().rposition(|l| *l == "short = \"ASEM\"").unwrap() + 1;
    assert_ne!(line + 1, last);
    let dir = content_with(&[("glossary.toml", Some(&twice))]);
    let problems = load(&ContentSource::Dir(dir.path().to_owned())).expect_err("a problem").to_string();
    assert!(
        problems.contains(&format!("glossary.toml:{last}:9: the abbreviation \"ASEM\" is listed twice")),
        "{problems}"
    );
    assert!(problems.contains("hint: keep one [[term]] block for it"), "{problems}");

    let empty = glossary.replacen("long = \"Asia-Europe Meeting\"", "long = \"\"", 1);
    let line = empty.lines().position(|l| l == "long = \"\"").unwrap() + 1;
    let dir = content_with(&[("glossary.toml", Some(&empty))]);
    let problems = load(&ContentSource::Dir(dir.path().to_owned())).expect_err("a problem").to_string();
    assert!(problems.contains(&format!("glossary.toml:{line}:8: `long` is empty")), "{problems}");

    let unknown = glossary.replacen("long = \"Asia-Europe Meeting\"", "lnog = \"Asia-Europe Meeting\"", 1);
    let line = unknown.lines().position(|l| l.starts_with("lnog")).unwrap() + 1;
    let dir = content_with(&[("glossary.toml", Some(&unknown))]);
    let problems = load(&ContentSource::Dir(dir.path().to_owned())).expect_err("a problem").to_string();
    assert!(problems.contains(&format!("glossary.toml:{line}:1: unknown field `lnog`")), "{problems}");

    let korean = "[term.ASME]\nlong = \"아시아·유럽 정상회의\"\n";
    let dir = content_with(&[("ko/glossary.toml", Some(korean))]);
    let problems = load(&ContentSource::Dir(dir.path().to_owned())).expect_err("a problem").to_string();
    assert!(problems.contains("ko/glossary.toml:1:7: [term.ASME] has no counterpart"), "{problems}");
    assert!(problems.contains("did you mean [term.ASEM]?"), "{problems}");
}

#[test]
fn without_a_glossary_no_abbreviation_is_written_out() {
    let dir = content_with(&[("glossary.toml", None), ("ko/glossary.toml", None)]);
    let site = load(&ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    assert!(site.abbreviations.is_empty());
}
