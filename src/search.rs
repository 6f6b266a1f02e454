//! Site search: every page and record, matched without regard to case or
//! accents in any script, ranked, with the matched words highlighted.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::site::Site;

/// Queries are cut to this many characters and terms: enough for any real
/// question, and a bound on the work a request can cause.
const MAX_QUERY_CHARS: usize = 200;
const MAX_TERMS: usize = 8;
/// How many results are shown.
const MAX_RESULTS: usize = 50;
/// The snippet's length around the first match, in characters.
const SNIPPET_CHARS: usize = 160;

/// Text in its searchable form, with the way back to the original.
#[derive(Debug, Clone)]
struct Folded {
    /// Lower case, accents removed.
    text: String,
    /// For each byte of `text`, the byte offset of its character in the
    /// original (u32: no content text nears 4 GiB, and it halves the index).
    origin: Vec<u32>,
}

fn fold(original: &str) -> Folded {
    let mut text = String::with_capacity(original.len());
    let mut origin = Vec::with_capacity(original.len());
    for (offset, c) in original.char_indices() {
        for folded in c.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase) {
            let start = text.len();
            text.push(folded);
            let offset = u32::try_from(offset).expect("a content text is far below 4 GiB");
            origin.extend(std::iter::repeat_n(offset, text.len() - start));
        }
    }
    Folded { text, origin }
}

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
    /// HTML: the snippet escaped, with each match in `<mark>`.
    pub snippet_html: String,
    pub score: u32,
}

/// The terms of a query, folded, bounded and without repeats.
pub fn terms(query: &str) -> Vec<String> {
    let cut: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let mut terms: Vec<String> = Vec::new();
    for term in fold(&cut).text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        if !terms.iter().any(|t| t == term) && terms.len() < MAX_TERMS {
            terms.push(term.to_owned());
        }
    }
    terms
}

impl SearchIndex {
    /// Indexes the pages, partners, organisations, summits and definitions.
    pub fn build(site: &Site) -> Self {
        let mut index = Self::default();
        for item in &site.menu {
            index.add("Page", &item.label, &item.path, &item.summary);
        }
        index.add("Page", &site.aseic.title, "/", &site.aseic.paragraphs.join(" "));
        index.add(
            "Page",
            &site.asem.title,
            "/asem",
            &[site.asem.history.join(" "), site.asem.pillars.join(", ")].join(" "),
        );
        for summit in &site.asem.summits {
            let joined: Vec<&str> = summit.joined.iter().map(|p| p.name.as_str()).collect();
            let title = format!("The {} ASEM Summit ({}, {})", summit.ordinal, summit.year, summit.city);
            let body = if joined.is_empty() {
                format!("{}, {}, {}. No enlargement.", summit.city, summit.country, summit.year)
            } else {
                format!("{}, {}, {}. Joined: {}.", summit.city, summit.country, summit.year, joined.join(", "))
            };
            index.add("Summit", &title, &format!("/asem#summit-{}", summit.number), &body);
        }
        for partner in &site.partners {
            let url = format!("/members/{}", partner.slug);
            let names: Vec<&str> = partner.organisations.iter().map(|o| o.name.as_str()).collect();
            let body = format!("{}. {}", partner.region.label(), names.join("; "));
            index.add("Partner", &partner.name, &url, &body);
            for org in &partner.organisations {
                index.add(
                    "Organisation",
                    &org.name,
                    &url,
                    &format!("{} ({}), {}", org.name, org.kind.label(), partner.name),
                );
            }
        }
        for definition in &site.eco_innovation.definitions {
            let title = format!("Eco-innovation as defined by {}", definition.source);
            let body = format!("{} “{}”", definition.lead, definition.quote);
            index.add("Definition", &title, "/eco-innovation", &body);
        }
        index.add(
            "Page",
            &site.sme.title,
            "/sme",
            &[site.sme.intro.join(" "), site.sme.definition.join(" ")].join(" "),
        );
        for statement in &site.sme.statements {
            index.add("Definition", &format!("SMEs according to {}", statement.source), "/sme", &statement.text);
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

    /// The records that contain every term of `query`, best first.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let terms = terms(query);
        if terms.is_empty() {
            return Vec::new();
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
                    snippet_html: snippet(&doc.body, &doc.folded_body, &terms),
                    score,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.title.cmp(&b.title)));
        hits.truncate(MAX_RESULTS);
        hits
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

/// Up to `SNIPPET_CHARS` of `body` around its first match, escaped, with
/// every match marked.
fn snippet(body: &str, folded: &Folded, terms: &[String]) -> String {
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
    let mut html = String::new();
    if window_start > 0 {
        html.push('…');
    }
    let mut at = window_start;
    for (from, to) in ranges {
        if from < at || to > window_end {
            continue;
        }
        html.push_str(&escape(&body[at..from]));
        html.push_str("<mark>");
        html.push_str(&escape(&body[from..to]));
        html.push_str("</mark>");
        at = to;
    }
    html.push_str(&escape(&body[at..window_end]));
    if window_end < body.len() {
        html.push('…');
    }
    html
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents_and_keeps_other_scripts() {
        assert_eq!(fold("Côte d’Ivoire").text, "cote d’ivoire");
        assert_eq!(fold("ÉCO-Innovation").text, "eco-innovation");
        assert_eq!(fold("中国 Россия").text, "中国 россия");
        assert_eq!(terms("  Ministère  de l'ENVIRONNEMENT ministère "), ["ministere", "de", "l", "environnement"]);
    }

    #[test]
    fn terms_are_bounded() {
        assert_eq!(terms(&"word ".repeat(10_000)).len(), 1);
        assert!(terms(&(0..100).map(|i| format!("w{i} ")).collect::<String>()).len() <= MAX_TERMS);
        assert!(terms("<script>alert(1)</script>").iter().all(|t| t.chars().all(char::is_alphanumeric)));
    }

    #[test]
    fn snippets_escape_and_mark_across_accents() {
        let body = "Le ministère <b>de l'Écologie</b> & co";
        let folded = fold(body);
        let html = snippet(body, &folded, &terms("ecologie ministere"));
        assert_eq!(html, "Le <mark>ministère</mark> &lt;b&gt;de l&#39;<mark>Écologie</mark>&lt;/b&gt; &amp; co");
    }
}
