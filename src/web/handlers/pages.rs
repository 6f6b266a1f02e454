//! Pre-rendered pages and assets, looked up by path, and the answer for a
//! path that is no route.

use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::site::Route;
use crate::web::error::PageError;
use crate::web::preconditions;
use crate::web::send::send;
use crate::web::state::AppState;

/// A pre-rendered page, looked up by the request's path; or, where the site
/// has none, an old address a page keeps as an alias (`/news/notice.php`).
/// (The request is taken whole rather than as a `HeaderMap`, which would
/// copy the headers.)
pub async fn page(State(state): State<AppState>, request: Request) -> Result<Response, PageError> {
    let loaded = state.current.load();
    let Some(page) = loaded.pages.page(request.uri().path()) else {
        let target = loaded.pages.redirect(request.uri().path()).ok_or(PageError::NotFound)?;
        return Ok(Redirect::permanent(&with_query(target, request.uri().query())).into_response());
    };
    preconditions::prepared(page, request.headers())?;
    Ok(send(page, request.headers()))
}

/// A file from `static/`, by its fingerprinted name.
pub async fn asset(
    State(state): State<AppState>,
    Path(name): Path<String>,
    request: Request,
) -> Result<Response, PageError> {
    let asset = state.assets.get(&name).ok_or(PageError::NotFound)?;
    preconditions::prepared(asset, request.headers())?;
    Ok(send(asset, request.headers()))
}

/// Any other path: a page written in Markdown (they have no route of their
/// own); an old address of one, redirected to it; a page's address with a
/// trailing slash, redirected to the page, query and all, and a language's
/// home page without its slash (`/ko`), to it; anything else is not found.
pub async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    let loaded = state.current.load();
    if let Some(page) = loaded.pages.page(path) {
        return match preconditions::prepared(page, request.headers()) {
            Ok(()) => send(page, request.headers()),
            Err(error) => error.into_response(),
        };
    }
    if let Some(target) = loaded.pages.redirect(path) {
        return Redirect::permanent(&with_query(target, request.uri().query())).into_response();
    }
    let trimmed = path.trim_end_matches('/');
    let is_page = |path: &str| {
        loaded.pages.page(path).is_some() || Route::from_pattern(loaded.language_of(path).1).is_some_and(Route::is_page)
    };
    if trimmed.len() < path.len() && !trimmed.is_empty() && is_page(trimmed) {
        return Redirect::permanent(&with_query(trimmed, request.uri().query())).into_response();
    }
    let home = format!("{path}/");
    if let (1.., "/") = loaded.language_of(&home) {
        return Redirect::permanent(&with_query(&home, request.uri().query())).into_response();
    }
    PageError::NotFound.into_response()
}

/// `path`, with the request's query if it had one.
fn with_query(path: &str, query: Option<&str>) -> String {
    match query {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    }
}
