//! The layer that turns every `PageError` into the site's own page for it,
//! in the language of the address and the encoding the client takes; and
//! the time limit on a request.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, PageError};
use super::negotiate::negotiate;
use super::send::send_html;
use super::state::AppState;
use crate::render::HTML;
use crate::render::encoding::{Coding, Variant};
use crate::render::pages::error_page;
use crate::site::routes;
use crate::util::case::capitalise;

/// The layer's work: answers a request that takes longer than `limit` with
/// 503, and turns every `PageError` into the site's page for it.
pub async fn error_pages(State(site): State<SiteAndLimit>, request: Request, next: Next) -> Response {
    let accept_encoding = request.headers().get(header::ACCEPT_ENCODING).cloned();
    let path = request.uri().path().to_owned();
    let api = routes::is_api(&path);
    let response = match tokio::time::timeout(site.limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => PageError::Timeout.into_response(),
    };
    let Some(error) = response.extensions().get::<PageError>().copied() else {
        return response;
    };
    let mut answer = if api {
        let mut json = ApiError(error.to_string()).into_response();
        *json.status_mut() = error.status();
        json
    } else {
        error_page_response(&site.state, &path, error, negotiate(accept_encoding.as_ref()))
    };
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = response.headers().get(&name) {
            answer.headers_mut().insert(name, value.clone());
        }
    }
    answer
}

/// The state `error_pages` needs: the site, and the time limit on a request.
#[derive(Clone)]
pub struct SiteAndLimit {
    pub state: AppState,
    pub limit: Duration,
}

/// The site's page for `error` at `path`, in `coding`: in the language of
/// the address, so that any unknown address under `/ko/` gets the Korean
/// page.
fn error_page_response(state: &AppState, path: &str, error: PageError, coding: Coding) -> Response {
    let loaded = state.current.load();
    let language = loaded
        .sites
        .iter()
        .position(|site| {
            let prefix = &site.language.prefix;
            !prefix.is_empty()
                && path.strip_prefix(prefix.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .unwrap_or(0);
    if error == PageError::NotFound {
        let variant = loaded.pages.not_found(language).variant(coding);
        let mut response = (StatusCode::NOT_FOUND, variant.body.clone()).into_response();
        *response.headers_mut() = variant.headers.clone();
        return response;
    }
    let site = &loaded.sites[language];
    // The preview marks every page it sends: its pages are made afresh.
    let made_at_load = (!state.preview).then(|| loaded.error_pages.get(language, error)).flatten();
    let mut response = match made_at_load {
        Some(encoded) => send_encoded(error.status(), encoded.variant(coding)),
        None => match error_page(site, &state.render_assets, &error.text(&site.ui)) {
            Ok(html) => send_html(error.status(), html, coding),
            Err(failure) => {
                tracing::error!("rendering the page for {error} failed: {failure}");
                return (error.status(), format!("{}.\n", capitalise(&error.to_string()))).into_response();
            }
        },
    };
    if error.retry_later() {
        let seconds = PageError::RETRY_AFTER_SECONDS;
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// An error page made at load, sent as `send_html` sends one made now.
fn send_encoded(status: StatusCode, variant: &Variant) -> Response {
    let mut response = (status, variant.body.clone()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(HTML));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = variant.coding.content_encoding() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}
