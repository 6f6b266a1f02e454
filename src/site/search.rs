//! Site search: every page and record, matched without regard to case or
//! accents in any script, ranked, with the matched words marked.

use super::{Site, markdown, routes};
use crate::util::fold::{Folded, fold, terms};

/// How many results are shown.
const MAX_RESULTS: usize = 50;
/// The snippet's length around the first match, in characters.
const SNIPPET_CHARS: usize = 160;

/// One searchable record.
#[derive(Debug, Clone)]
struct Document {
    /// What it is: "Page", "Partner", "Organisation", "Summit", "Definition".
    kind: &'static str,
    title: String,
    url: String,
    body: String,
    folded_title: String,
    folded_body: Folded,
}

/// Every page and record of the site, ready to search.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    documents: Vec<Document>,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    /// The snippet, in pieces: each match is a piece of its own, marked.
    pub snippet: Vec<SnippetPiece>,
    pub score: u32,
}

/// A stretch of a snippet, and whether it matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPiece {
    pub text: String,
    pub matched: bool,
}

impl SearchIndex {
    /// Indexes the pages, partners, organisations, summits and definitions.
    pub fn build(site: &Site) -> Self {
        let mut index = Self::default();
        for item in &site.menu {
            index.add("Page", &item.label, &item.path, &item.summary);
        }
        index.add("Page", &site.aseic.title, routes::HOME, &site.aseic.paragraphs.join(" "));
        index.add(
            "Page",
            &site.asem.title,
            routes::ASEM,
            &[site.asem.history.join(" "), site.asem.pillars.join(", ")].join(" "),
        );
        for summit in &site.asem.summits {
            let joined: Vec<&str> = summit.joined.iter().map(|p| p.name.as_str()).collect();
            let title = format!("The {} ASEM Summit ({}, {})", summit.ordinal, summit.year, summit.city);
            let mut body = if joined.is_empty() {
                format!("{}, {}, {}. No enlargement.", summit.city, summit.country, summit.year)
            } else {
                format!("{}, {}, {}. Joined: {}.", summit.city, summit.country, summit.year, joined.join(", "))
            };
            for more in [&summit.theme, &summit.host, &summit.note].into_iter().flatten() {
                body.push(' ');
                body.push_str(&super::markdown::plain_text(more));
            }
            index.add("Summit", &title, &routes::summit(summit.number), &body);
        }
        for partner in &site.partners {
            let url = routes::partner(&partner.slug);
            let names: Vec<&str> = partner.organisations.iter().map(|o| o.name.as_str()).collect();
            let body = format!("{}. {}", partner.region.label(), names.join("; "));
            index.add("Partner", &partner.name, &url, &body);
            for org in &partner.organisations {
                // The title names the partner: four "Ministry of the
                // Environment" links must not look alike.
                index.add(
                    "Organisation",
                    &format!("{}, {}", org.name, partner.name),
                    &url,
                    &format!("{} ({}), {}", org.name, org.kind.label(), partner.name),
                );
            }
        }
        for definition in &site.eco_innovation.definitions {
            let title = format!("Eco-innovation as defined by {}", definition.source);
            let body = format!("{} “{}”", definition.lead, definition.quote);
            index.add("Definition", &title, routes::ECO_INNOVATION, &body);
        }
        index.add(
            "Page",
            &site.sme.title,
            routes::SME,
            &[site.sme.intro.join(" "), site.sme.definition.join(" ")].join(" "),
        );
        for page in &site.pages {
            let body = [page.summary.clone().unwrap_or_default(), markdown::plain_text(&page.body)].join(" ");
            index.add("Page", &page.title, &page.path, body.trim());
        }
        for item in &site.news {
            let body = [item.summary.clone().unwrap_or_default(), markdown::plain_text(&item.body)].join(" ");
            index.add("News", &item.title, &item.path, body.trim());
        }
        for statement in &site.sme.statements {
            index.add("Definition", &format!("SMEs according to {}", statement.source), routes::SME, &statement.text);
        }
        index
    }

    fn add(&mut self, kind: &'static str, title: &str, url: &str, body: &str) {
        self.documents.push(Document {
            kind,
            title: title.to_owned(),
            url: url.to_owned(),
            body: body.to_owned(),
            folded_title: fold(title).text,
            folded_body: fold(body),
        });
    }

    /// The records that contain every term of `query`, best first: the
    /// first `MAX_RESULTS`, and how many match in all.
    pub fn search(&self, query: &str) -> (Vec<Hit>, usize) {
        let terms = terms(query);
        if terms.is_empty() {
            return (Vec::new(), 0);
        }
        let mut hits: Vec<Hit> = self
            .documents
            .iter()
            .filter_map(|doc| {
                let score = score(doc, &terms)?;
                Some(Hit {
                    kind: doc.kind,
                    title: doc.title.clone(),
                    url: doc.url.clone(),
                    snippet: snippet(&doc.body, &doc.folded_body, &terms),
                    score,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.title.cmp(&b.title)));
        let total = hits.len();
        hits.truncate(MAX_RESULTS);
        (hits, total)
    }
}

/// How well `doc` matches: `None` unless every term is in it. A whole title
/// beats a word of the title, which beats a part of a word, which beats the body.
fn score(doc: &Document, terms: &[String]) -> Option<u32> {
    let mut score = 0;
    for term in terms {
        let in_title = doc.folded_title.contains(term.as_str());
        let in_body = doc.folded_body.text.contains(term.as_str());
        if !in_title && !in_body {
            return None;
        }
        if in_title {
            let word = doc.folded_title.split(|c: char| !c.is_alphanumeric()).any(|w| w == term);
            score += if word { 10 } else { 5 };
        }
        if in_body {
            score += 1;
        }
    }
    if doc.folded_title == terms.join(" ") {
        score += 20;
    }
    Some(score)
}

/// Up to `SNIPPET_CHARS` of `body` around its first match, with every
/// match as a marked piece.
fn snippet(body: &str, folded: &Folded, terms: &[String]) -> Vec<SnippetPiece> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for term in terms {
        for (start, matched) in folded.text.match_indices(term.as_str()) {
            let from = folded.origin[start] as usize;
            let last = folded.origin[start + matched.len() - 1] as usize;
            let to = last + body[last..].chars().next().map_or(0, char::len_utf8);
            ranges.push((from, to));
        }
    }
    ranges.sort_unstable();
    let first = ranges.first().map_or(0, |r| r.0);
    let window_start = body[..first].char_indices().rev().nth(SNIPPET_CHARS / 3).map_or(0, |(i, _)| i);
    let window_end =
        body[window_start..].char_indices().nth(SNIPPET_CHARS).map_or(body.len(), |(i, _)| window_start + i);
    let mut pieces = Vec::new();
    let plain = |text: &str, pieces: &mut Vec<SnippetPiece>| {
        if !text.is_empty() {
            pieces.push(SnippetPiece { text: text.to_owned(), matched: false });
        }
    };
    let mut at = window_start;
    let mut lead = if window_start > 0 { "…".to_owned() } else { String::new() };
    for (from, to) in ranges {
        if from < at || to > window_end {
            continue;
        }
        lead.push_str(&body[at..from]);
        plain(&lead, &mut pieces);
        lead.clear();
        pieces.push(SnippetPiece { text: body[from..to].to_owned(), matched: true });
        at = to;
    }
    lead.push_str(&body[at..window_end]);
    if window_end < body.len() {
        lead.push('…');
    }
    plain(&lead, &mut pieces);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_matches_across_accents_and_keep_the_text_as_it_is() {
        let body = "Le ministère <b>de l'Écologie</b> & co";
        let pieces = snippet(body, &fold(body), &terms("ecologie ministere"));
        let marked: Vec<&str> = pieces.iter().filter(|p| p.matched).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, ["ministère", "Écologie"]);
        let whole: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(whole, body);
    }
}
