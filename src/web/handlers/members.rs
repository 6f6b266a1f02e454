//! `/members` with a query: the directory filtered by region, kind of
//! organisation and text.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use crate::render::glossary;
use crate::render::members::members_page;
use crate::render::views::Layout;
use crate::site::directory::ParsedFilter;
use crate::site::routes;
use crate::web::error::PageError;
use crate::web::language::RequestLanguage;
use crate::web::made_pages::Client;
use crate::web::negotiate::negotiate_made;
use crate::web::preconditions;
use crate::web::query::Query;
use crate::web::send::{send, send_page};
use crate::web::state::AppState;

/// What the filter form sends.
#[derive(Debug, Default, Deserialize)]
pub struct MembersQuery {
    region: Option<String>,
    kind: Option<String>,
    q: Option<String>,
}

/// The pre-rendered directory, or the directory filtered as the query
/// says; a filter value that is not known gets 400 with a message, and the
/// other filters still apply.
pub async fn members(
    State(state): State<AppState>,
    RequestLanguage(language): RequestLanguage,
    client: Client,
    RawQuery(raw): RawQuery,
    query: Result<Query<MembersQuery>, PageError>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let loaded = state.current.load();
    let site = &loaded.sites[language];
    if raw.as_deref().unwrap_or("").is_empty() {
        let page = loaded.pages.page(&site.link(routes::MEMBERS)).expect("the directory is always rendered");
        preconditions::prepared(page, &headers)?;
        return Ok(send(page, &headers));
    }
    let Query(query) = query?;
    if let Some(answered) = preconditions::made_page(&headers)? {
        return Ok(answered);
    }
    let made = state.clone();
    state.made_pages.make(client, move || filtered(&made, language, &query, raw.as_deref(), &headers)).await
}

/// The directory filtered as `query` (whose text is `raw`) says, in the
/// language at `language`.
fn filtered(
    state: &AppState,
    language: usize,
    query: &MembersQuery,
    raw: Option<&str>,
    headers: &HeaderMap,
) -> Result<Response, PageError> {
    let loaded = state.current.load();
    let site = &loaded.sites[language];
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let ui = &site.ui.directory;
    let parsed = ParsedFilter::read(&text(&query.region), &text(&query.kind), &text(&query.q), ui);
    let status = if parsed.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let title = ui.heading.as_str();
    let layout = Layout::with_query(site, &state.render_assets, routes::MEMBERS, title, raw);
    let html =
        members_page(site, &loaded.directories[language], layout, &parsed).render().map_err(super::render_failed)?;
    let html = glossary::on_page(site, html);
    Ok(send_page(status, html, negotiate_made(headers.get(header::ACCEPT_ENCODING)), &loaded.last_modified))
}
