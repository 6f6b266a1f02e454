//! `/search?q=`: ranked results, filtered by kind, ten to a page.

use std::panic::{self, AssertUnwindSafe};

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use crate::render::assets::Assets;
use crate::render::search::{query_string, search_page};
use crate::render::views::Layout;
use crate::site::search::{Kind, Request};
use crate::site::ui::SearchText;
use crate::site::{routes, shorten};
use crate::util::fold::MAX_QUERY_CHARS;
use crate::web::error::{PageError, error_page_response};
use crate::web::language::RequestLanguage;
use crate::web::limits::check;
use crate::web::negotiate::{negotiate, negotiate_made};
use crate::web::preconditions;
use crate::web::query::{self, Query};
use crate::web::response_headers;
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
    Query(query): Query<SearchQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    answer(&state, language, &query, &headers)
}

/// A search answered before routing, as pre-rendered pages are (see
/// `web::early`; why, in `bench/RESULTS.md`): a GET of `/search` within
/// the limits, whose query reads, with the headers the router's layers
/// would add. A failure gets its error page here. `None` hands the
/// request on to the router: a request this does not take, or a search
/// that panicked, which the router runs again inside its guard.
pub fn answer_early<B>(state: &AppState, request: &axum::http::Request<B>) -> Option<Response> {
    if request.method() != Method::GET || request.headers().contains_key(header::IF_MATCH) || check(request).is_err() {
        return None;
    }
    let (language, path) = state.current.load().language_of(request.uri().path());
    if path != routes::SEARCH {
        return None;
    }
    let query = query::read(request.uri()).ok()?;
    let headers = request.headers();
    let answered = panic::catch_unwind(AssertUnwindSafe(|| answer(state, language, &query, headers))).ok()?;
    let response = answered.unwrap_or_else(|error| {
        error_page_response(state, request.uri().path(), error, negotiate(headers.get(header::ACCEPT_ENCODING)))
    });
    Some(response_headers::finish(response))
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
        (false, _) => ui.title.with("query", request.text).to_string(),
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

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use axum::body::{Body, to_bytes};
    use tower::ServiceExt as _;

    use super::*;
    use crate::content::ContentSource;
    use crate::web::error::{SiteAndLimit, error_pages};

    fn state() -> AppState {
        AppState::load(ContentSource::BuiltIn).expect("the built-in content loads")
    }

    fn request(method: Method, target: &str) -> axum::http::Request<Body> {
        let request = axum::http::Request::builder().method(method).uri(target);
        request.header(header::HOST, "localhost").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap()
    }

    /// Status, headers and body, to compare two answers.
    async fn parts(response: Response) -> (StatusCode, HeaderMap, Vec<u8>) {
        let (head, body) = response.into_parts();
        (head.status, head.headers, to_bytes(body, usize::MAX).await.unwrap().to_vec())
    }

    /// The search route alone, behind the layers the site puts around its
    /// router.
    fn routed(
        state: &AppState,
    ) -> impl tower::Service<axum::http::Request<Body>, Response = Response, Error = Infallible> {
        let router = axum::Router::new().route(routes::SEARCH, axum::routing::get(search)).with_state(state.clone());
        let site = SiteAndLimit { state: state.clone(), limit: crate::web::REQUEST_TIMEOUT };
        tower::ServiceBuilder::new()
            .layer(response_headers::finishing_layer())
            .layer(axum::middleware::from_fn_with_state(site, error_pages))
            .service(router)
    }

    #[tokio::test]
    async fn a_search_answered_early_is_the_routers_answer() {
        let state = state();
        for target in [
            "/search?q=korea",
            "/search?q=summits+enlargement&page=2",
            "/search?q=qzxjvwk",
            "/search?q=asem&kind=nonsense",
            "/search?q=korea&page=99",
        ] {
            let early = answer_early(&state, &request(Method::GET, target))
                .unwrap_or_else(|| panic!("{target} is answered early"));
            let routed = routed(&state).oneshot(request(Method::GET, target)).await.unwrap();
            let (early, mut routed) = (parts(early).await, parts(routed).await);
            // The router states the length, which HTTP adds from the body
            // on the early path.
            let length = routed.1.remove(header::CONTENT_LENGTH);
            assert_eq!(length, Some(early.2.len().into()), "{target}");
            assert_eq!(early.0, routed.0, "{target}");
            assert_eq!(early.1, routed.1, "{target}");
            assert!(early.2 == routed.2, "{target}: the bodies differ");
            assert!(early.1.contains_key(header::CONTENT_SECURITY_POLICY), "{target}");
        }
    }

    #[tokio::test]
    async fn what_a_search_alone_cannot_answer_goes_on_to_the_router() {
        let state = state();
        for (method, target) in [
            (Method::HEAD, "/search?q=korea"),
            (Method::POST, "/search?q=korea"),
            (Method::GET, "/search/?q=korea"),
            (Method::GET, "/searches?q=korea"),
            (Method::GET, "/search?q=a&q=b"),
            (Method::GET, "/search?q=%ff"),
        ] {
            assert!(answer_early(&state, &request(method.clone(), target)).is_none(), "{method} {target}");
        }
        let refused = crate::web::app(state).oneshot(request(Method::GET, "/search?q=a&q=b")).await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "the router's error page");
    }
}
