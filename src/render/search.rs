//! The page of search results: what was found, the filters by kind, and
//! the links between pages.

use super::markdown::Markup;
use super::phrase;
use super::views::{Correction, HitView, KindLink, Layout, PageLink, Pagination, SearchPage};
use crate::site::routes;
use crate::site::search::{Kind, RESULTS_PER_PAGE, Request, Results};
use crate::site::ui::{Phrase, Ui};
use crate::util::fold::MAX_TERMS;

/// Pages linked on each side of the current one.
const NEAR_PAGES: usize = 4;

/// The page for `results` of `request`, with `errors` about what the
/// address asked for.
pub fn search_page(layout: Layout, request: &Request, results: Results, errors: Vec<String>) -> SearchPage {
    let ui = std::sync::Arc::clone(&layout.ui);
    let searched = results.corrected.clone().unwrap_or_else(|| request.text.to_owned());
    let search = layout.link(routes::SEARCH);
    let directory = layout.link(routes::MEMBERS);
    let link = |kind: Option<Kind>, page: usize| {
        Link { text: request.text, kind, page, as_typed: request.as_typed }.url(&search)
    };
    let kinds = if results.counts.is_empty() {
        Vec::new()
    } else {
        let all = KindLink {
            label: ui.search.all_results.to_string(),
            count: results.counts.iter().map(|(_, count)| count).sum(),
            url: link(None, 1),
            current: request.kind.is_none(),
        };
        let each = results.counts.iter().map(|(kind, count)| KindLink {
            label: result_kind(&ui, *kind, true).to_string(),
            count: *count,
            url: link(Some(*kind), 1),
            current: request.kind == Some(*kind),
        });
        std::iter::once(all).chain(each).collect()
    };
    let pages = results.pages();
    let pagination = (pages > 1 && request.page <= pages).then(|| {
        let number = request.page;
        // A gap of one page shows that page: "1 2 3" takes the room of "1 … 3".
        let first = match number.saturating_sub(NEAR_PAGES) {
            ..=3 => 1,
            first => first,
        };
        let last = match number + NEAR_PAGES {
            last if last + 2 >= pages => pages,
            last => last,
        };
        let shown = (first > 1).then_some(1).into_iter().chain(first..=last).chain((last < pages).then_some(pages));
        let mut before = 0;
        Pagination {
            number,
            pages,
            previous: (number > 1).then(|| link(request.kind, number - 1)),
            next: (number < pages).then(|| link(request.kind, number + 1)),
            near: shown
                .map(|n| {
                    let after_gap = n > before + 1 && before > 0;
                    before = n;
                    PageLink { number: n, url: link(request.kind, n), current: n == number, after_gap }
                })
                .collect(),
        }
    });
    let corrected = results.corrected.as_ref().map(|searched| Correction {
        showing: phrase::html(&ui.search.showing_results_for, &[("searched", phrase::strong(searched))]),
        as_typed_url: Link { text: request.text, kind: request.kind, page: 1, as_typed: true }.url(&search),
        as_typed: phrase::html(&ui.search.search_as_typed, &[("query", phrase::typed(request.text))]),
    });
    SearchPage {
        layout,
        query: request.text.to_owned(),
        summary: summary(&ui, &searched, request, &results),
        first_number: first_number(request),
        nothing_found: if results.only_common_words {
            phrase::html(&ui.search.only_common_words, &[])
        } else if results.counts.is_empty() {
            phrase::with_link(&ui.search.nothing_found, "directory", &directory, &ui.search.directory_link)
        } else {
            Markup::default()
        },
        errors,
        corrected,
        words_left_out: results.words_left_out.then(|| ui.search.words_left_out.with("count", MAX_TERMS).to_string()),
        kinds,
        hits: results
            .hits
            .into_iter()
            .map(|hit| HitView {
                kind: result_kind(&ui, hit.kind, false).to_string(),
                title: hit.title,
                url: hit.url,
                snippet: hit.snippet,
            })
            .collect(),
        pagination,
    }
}

/// The number of the first result on the page asked for: 11 on the second.
fn first_number(request: &Request) -> usize {
    (request.page - 1) * RESULTS_PER_PAGE + 1
}

/// "No results for “x”", "3 results for “x”", or, over several pages,
/// "Results 11 to 20 of 35 for “x”"; with the kind, when one is chosen.
fn summary(ui: &Ui, searched: &str, request: &Request, results: &Results) -> Markup {
    let s = &ui.search;
    let first = first_number(request);
    let query = || ("query", phrase::typed(searched));
    let count = match results.total {
        0 => phrase::html(&s.no_results, &[query()]),
        1 => phrase::html(&s.results_one, &[query()]),
        total if total <= RESULTS_PER_PAGE || results.hits.is_empty() => {
            phrase::html(&s.results_other, &[("count", phrase::text(total)), query()])
        }
        total => phrase::html(
            &s.results_range,
            &[
                ("first", phrase::text(first)),
                ("last", phrase::text(first + results.hits.len() - 1)),
                ("count", phrase::text(total)),
                query(),
            ],
        ),
    };
    match request.kind {
        Some(kind) => {
            let kind = kind_in_text(ui, kind).as_str();
            phrase::html(&s.among, &[("results", phrase::markup(count)), ("kind", phrase::text(kind))])
        }
        None => count,
    }
}

/// The name of a kind of result, many, inside a sentence.
pub fn kind_in_text(ui: &Ui, kind: Kind) -> &Phrase {
    let k = &ui.kinds_in_text;
    match kind {
        Kind::Page => &k.pages,
        Kind::Partner => &k.partners,
        Kind::Organisation => &k.organisations,
        Kind::Summit => &k.summits,
        Kind::Definition => &k.definitions,
        Kind::News => &k.news_items,
    }
}

/// The label of a kind of result, one or many.
fn result_kind(ui: &Ui, kind: Kind, many: bool) -> &Phrase {
    let k = &ui.kinds;
    match (kind, many) {
        (Kind::Page, false) => &k.page,
        (Kind::Page, true) => &k.pages,
        (Kind::Partner, false) => &k.partner,
        (Kind::Partner, true) => &k.partners,
        (Kind::Organisation, false) => &k.organisation,
        (Kind::Organisation, true) => &k.organisations,
        (Kind::Summit, false) => &k.summit,
        (Kind::Summit, true) => &k.summits,
        (Kind::Definition, false) => &k.definition,
        (Kind::Definition, true) => &k.definitions,
        (Kind::News, false) => &k.news,
        (Kind::News, true) => &k.news_items,
    }
}

/// The address of a search.
struct Link<'a> {
    text: &'a str,
    kind: Option<Kind>,
    page: usize,
    as_typed: bool,
}

/// The query string of `request`, as the search's own links write it.
pub fn query_string(request: &Request) -> String {
    Link { text: request.text, kind: request.kind, page: request.page, as_typed: request.as_typed }.query()
}

impl Link<'_> {
    /// The search at `search` (the search page's address in the page's
    /// language) with this link's query.
    fn url(&self, search: &str) -> String {
        format!("{search}?{}", self.query())
    }

    fn query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("q", self.text);
        if let Some(kind) = self.kind {
            query.append_pair("kind", kind.slug());
        }
        if self.page > 1 {
            query.append_pair("page", &self.page.to_string());
        }
        if self.as_typed {
            query.append_pair("as_typed", "1");
        }
        query.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_words_and_the_kind() {
        let link = Link { text: "é & co", kind: Some(Kind::Partner), page: 2, as_typed: true };
        assert_eq!(link.url("/search"), "/search?q=%C3%A9+%26+co&kind=partner&page=2&as_typed=1");
        assert_eq!(Link { text: "x", kind: None, page: 1, as_typed: false }.url("/ko/search"), "/ko/search?q=x");
    }
}
