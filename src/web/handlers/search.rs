//! `/search?q=`: ranked results with the matches marked.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use crate::render::views::{HitView, Layout, SearchPage};
use crate::site::routes;
use crate::util::fold::MAX_QUERY_CHARS;
use crate::web::error::PageError;
use crate::web::negotiate::negotiate;
use crate::web::query::Query;
use crate::web::send::send_html;
use crate::web::state::AppState;

/// What the search form sends.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let query: String = query.q.unwrap_or_default().trim().chars().take(MAX_QUERY_CHARS).collect();
    let loaded = state.current.load();
    let (hits, total) = loaded.search.search(&query);
    let summary = match (hits.len(), total) {
        (0, _) => format!("No results for “{query}”"),
        (1, 1) => format!("1 result for “{query}”"),
        (shown, total) if shown < total => format!("Showing the first {shown} of {total} results for “{query}”"),
        (_, total) => format!("{total} results for “{query}”"),
    };
    let title = if query.is_empty() { "Search".to_owned() } else { format!("Search: {query}") };
    let mut layout = Layout::new(&loaded.site, &state.render_assets, routes::SEARCH, &title);
    layout.query.clone_from(&query);
    let hits = hits
        .into_iter()
        .map(|hit| HitView { kind: hit.kind, title: hit.title, url: hit.url, snippet: hit.snippet })
        .collect();
    let html = SearchPage { layout, query, summary, hits }.render().map_err(super::render_failed)?;
    Ok(send_html(StatusCode::OK, html, negotiate(headers.get(header::ACCEPT_ENCODING))))
}
