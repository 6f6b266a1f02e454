//! `/search?q=`: ranked results, filtered by kind, ten to a page.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use crate::render::assets::Assets;
use crate::render::search::{query_string, search_page};
use crate::render::views::Layout;
use crate::site::search::{Kind, Request};
use crate::site::ui::SearchText;
use crate::site::{routes, shorten};
use crate::util::fold::MAX_QUERY_CHARS;
use crate::web::error::PageError;
use crate::web::language::RequestLanguage;
use crate::web::made_pages::Client;
use crate::web::negotiate::negotiate_made;
use crate::web::preconditions;
use crate::web::query::Query;
use crate::web::send::send_page;
use crate::web::state::AppState;

/// A page of results without its stylesheet: about 7 kB.
const PAGE_ROOM: usize = 12 * 1024;

/// What the search form and the result links send.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    kind: Option<String>,
    page: Option<String>,
    as_typed: Option<String>,
}

/// The search asked for, and a message for each value that could not be
/// read (the default is then used).
fn read<'a>(query: &'a SearchQuery, ui: &SearchText) -> (Request<'a>, Vec<String>) {
    let mut errors = Vec::new();
    let text = query.q.as_deref().unwrap_or_default().trim();
    let cut = text.char_indices().nth(MAX_QUERY_CHARS).map_or(text, |(end, _)| &text[..end]);
    let kind = match query.kind.as_deref().unwrap_or_default() {
        "" => None,
        slug => Kind::from_slug(slug).or_else(|| {
            errors.push(ui.unknown_kind.with("kind", shorten(slug)).to_string());
            None
        }),
    };
    let page = match query.page.as_deref().unwrap_or_default() {
        "" => 1,
        number => number.parse::<usize>().ok().filter(|n| *n >= 1).unwrap_or_else(|| {
            errors.push(ui.bad_page.with("page", shorten(number)).to_string());
            1
        }),
    };
    let as_typed = query.as_typed.as_deref() == Some("1");
    (Request { text: cut, kind, page, as_typed }, errors)
}

pub async fn search(
    State(state): State<AppState>,
    RequestLanguage(language): RequestLanguage,
    client: Client,
    Query(query): Query<SearchQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let made = state.clone();
    state.made_pages.make(client, move || answer(&made, language, &query, &headers)).await
}

/// The page of results for `query` in the language at `language`, in the
/// encoding `headers` accept.
fn answer(state: &AppState, language: usize, query: &SearchQuery, headers: &HeaderMap) -> Result<Response, PageError> {
    if let Some(answered) = preconditions::made_page(headers)? {
        return Ok(answered);
    }
    let loaded = state.current.load();
    let site = &loaded.sites[language];
    let ui = &site.ui.search;
    let (request, mut errors) = read(query, ui);
    let results = loaded.searches[language].search(&request).map_err(|error| {
        tracing::error!("a search failed: {error}");
        PageError::Internal
    })?;
    let mut status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    if request.page > 1 && request.page > results.pages() {
        status = StatusCode::NOT_FOUND;
        errors.push(match results.pages() {
            0 => ui.no_other_pages.to_string(),
            1 => ui.only_page_one.with("page", request.page).to_string(),
            pages => ui.no_such_page.with("page", request.page).with("pages", pages).to_string(),
        });
    }
    // Each page of results has a title of its own, as a tab or a history list shows it.
    let title = match (request.text.is_empty(), request.page) {
        (true, _) => ui.heading.to_string(),
        (false, page) if page > 1 && page <= results.pages() => {
            ui.title_page.with("query", request.text).with("page", page).with("pages", results.pages()).to_string()
        }
        (false, _) => match request.kind {
            Some(kind) => ui
                .title_kind
                .with("query", request.text)
                .with("kind", crate::render::search::kind_in_text(&site.ui, kind))
                .to_string(),
            None => ui.title.with("query", request.text).to_string(),
        },
    };
    let mut layout =
        Layout::with_query(site, &state.render_assets, routes::SEARCH, &title, Some(&query_string(&request)));
    layout.query = request.text.to_owned();
    // Room for the inline stylesheet and the results at once: growing the
    // page a piece at a time would copy it over and over.
    let mut html = String::with_capacity(Assets::stylesheet().len() + PAGE_ROOM);
    search_page(layout, &request, results, errors).render_into(&mut html).map_err(super::render_failed)?;
    Ok(send_page(status, html, negotiate_made(headers.get(header::ACCEPT_ENCODING)), &loaded.last_modified))
}
