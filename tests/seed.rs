//! The original site's text (tests/seed/original-site.txt) is all on the new
//! site: every sentence of its prose, and every word of its lists, once the
//! plain typos an editor would fix are fixed.

mod common;

use aseic::content::{ContentSource, load};
use common::{built_in, fold, get_ok};

/// The editor's corrections: the seed's spelling, and the site's.
const CORRECTIONS: [(&str, &str); 25] = [
    ("ASEC :", "ASEIC:"),
    ("Center(ASEIC)", "Center (ASEIC)"),
    ("Observatory(EIO)", "Observatory (EIO)"),
    ("small and medium sized", "small and medium-sized"),
    ("Envrionment", "Environment"),
    ("Environemt", "Environment"),
    ("Departmet", "Department"),
    ("Vietanam", "Vietnam"),
    ("Rumania", "Romania"),
    ("Energyand", "Energy and"),
    ("Conservation,Building", "Conservation, Building"),
    ("Laos PDR", "Lao PDR"),
    ("Lao DPR", "Lao PDR"),
    ("Myanmar ,", "Myanmar,"),
    ("Economical Pillar", "Economic Pillar"),
    ("Organization for Economic Cooperation", "Organisation for Economic Co-operation"),
    ("and/or and annual", "and/or an annual"),
    ("German Watch", "Germanwatch"),
    ("Agency For Enterprises", "Agency for Enterprise"),
    ("Environment Spatial", "Environment, Spatial"),
    ("economic crisis\n", "economic crisis.\n"),
    ("Small&Medium sized Enterprise", "Small and medium-sized enterprises"),
    // GOV.UK style: figures with %, and UK spelling.
    ("99 percent", "99%"),
    ("support programs", "support programmes"),
    ("minimizing", "minimising"),
];

/// Lines of the seed that were the old page's furniture, not its content.
const FURNITURE: [&str; 3] = ["to go contents", "global menu", "Country Government / Others Name Link"];

fn corrected_seed() -> String {
    let mut seed = include_str!("seed/original-site.txt").to_owned();
    for (wrong, right) in CORRECTIONS {
        assert!(seed.contains(wrong), "the correction of {wrong:?} matches nothing");
        seed = seed.replace(wrong, right);
    }
    seed
}

/// The visible text of every page, folded, with typographic quotes kept.
async fn site_text() -> String {
    let state = built_in();
    let site = load(&ContentSource::BuiltIn).expect("valid content");
    let mut paths: Vec<String> = site.menu.iter().map(|m| m.path.clone()).collect();
    paths.extend(site.partners.iter().map(|p| format!("/members/{}", p.slug)));
    let mut text = String::new();
    for path in paths {
        let reply = get_ok(&state, &path).await;
        // Text nodes joined by spaces, so that table cells stay apart.
        let html = reply.html();
        for node in html.root_element().text() {
            text.push_str(node);
            text.push(' ');
        }
    }
    text
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

#[tokio::test]
async fn every_sentence_of_the_seed_prose_is_on_the_site() {
    let site = fold(&site_text().await);
    let seed = corrected_seed();
    let mut missing = Vec::new();
    for line in seed.lines().filter(|l| l.len() >= 80 && l.trim_end().ends_with(['.', '”'])) {
        for sentence in fold(line).split(['“', '”']).flat_map(|part| part.split(". ")) {
            let sentence = sentence.trim().trim_end_matches([':', '.']).trim_end();
            if !sentence.is_empty() && !site.contains(sentence) {
                missing.push(sentence.to_owned());
            }
        }
    }
    assert!(missing.is_empty(), "not on the site:\n{}", missing.join("\n"));
}

#[tokio::test]
async fn every_word_of_the_seed_is_on_the_site() {
    let text = site_text().await;
    let site: std::collections::HashSet<String> = words(&text).collect();
    let seed = corrected_seed();
    let mut missing: Vec<String> = seed
        .lines()
        .filter(|l| !FURNITURE.contains(&l.trim()))
        .flat_map(|l| words(l).collect::<Vec<_>>())
        .filter(|w| !site.contains(w))
        .collect();
    missing.dedup();
    assert!(missing.is_empty(), "words of the seed not on the site: {missing:?}");
}
