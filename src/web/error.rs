//! The site's errors as responses: one type for HTML pages and its JSON
//! twin for the API. Nothing else builds an error response.
//!
//! A `PageError` becomes a response with a short plain-text body and the
//! error in its extensions; `error_layer::error_pages` (a layer with the
//! site's state) replaces that body with the site's own page, inside its layout, in the
//! encoding the client takes. Where that layer is absent (the redirect
//! listener), the plain text stands.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::made_pages::Refused;
use crate::render::HTML;
use crate::render::assets::Assets;
use crate::render::cache::CachePolicy;
use crate::render::encoding::Encoded;
use crate::render::pages::{ErrorText, error_page};
use crate::site::Site;
use crate::site::ui::Ui;
use crate::util::case::capitalise;

/// Why a page cannot be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("no page at this address")]
    NotFound,
    #[error("the query string cannot be read")]
    BadQuery,
    #[error("the request needs a valid Host header")]
    BadHost,
    #[error("the address is too long")]
    UriTooLong,
    #[error("the request's head is too large")]
    HeadTooLarge,
    #[error("the site's pages take only GET and HEAD")]
    MethodNotAllowed,
    #[error("the site's pages take no request body")]
    BodyRefused,
    #[error("the page took too long")]
    Timeout,
    #[error("the page is not the version the request names")]
    PreconditionFailed,
    #[error("too many pages are being made: try again in a moment")]
    Busy,
    #[error("too many requests from this address: try again in a moment")]
    TooManyRequests,
    #[error("something went wrong on our side")]
    Internal,
}

impl PageError {
    /// Every error with a page of its own made at load (`ErrorPages`);
    /// 404's is pre-rendered with the pages.
    const MADE_AT_LOAD: [PageError; 11] = [
        PageError::BadQuery,
        PageError::BadHost,
        PageError::UriTooLong,
        PageError::HeadTooLarge,
        PageError::MethodNotAllowed,
        PageError::BodyRefused,
        PageError::Timeout,
        PageError::PreconditionFailed,
        PageError::Busy,
        PageError::TooManyRequests,
        PageError::Internal,
    ];

    pub fn status(self) -> StatusCode {
        match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::BadQuery | PageError::BadHost => StatusCode::BAD_REQUEST,
            PageError::UriTooLong => StatusCode::URI_TOO_LONG,
            PageError::HeadTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            PageError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            PageError::BodyRefused => StatusCode::PAYLOAD_TOO_LARGE,
            PageError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            PageError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            PageError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            PageError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// How long the client is told to wait before it asks again, when it is
    /// told (`Retry-After`).
    pub(super) const RETRY_AFTER_SECONDS: u64 = 1;

    /// Whether the client is told when to try again (`Retry-After`).
    pub(super) fn retry_later(self) -> bool {
        matches!(self, PageError::Busy | PageError::TooManyRequests)
    }

    /// What its page says, in the words of `ui`, with the limit it quotes.
    pub(super) fn text(self, ui: &Ui) -> ErrorText<'_> {
        let e = &ui.errors;
        let (heading, paragraph) = match self {
            PageError::NotFound => return ErrorText::not_found(ui),
            PageError::BadQuery => (&e.bad_query_heading, &e.bad_query),
            PageError::BadHost => (&e.bad_host_heading, &e.bad_host),
            PageError::UriTooLong => (&e.uri_too_long_heading, &e.uri_too_long),
            PageError::HeadTooLarge => (&e.head_too_large_heading, &e.head_too_large),
            PageError::MethodNotAllowed => (&e.method_heading, &e.method),
            PageError::BodyRefused => (&e.body_heading, &e.body),
            PageError::Timeout => (&e.timeout_heading, &e.timeout),
            PageError::PreconditionFailed => (&e.precondition_heading, &e.precondition),
            PageError::Busy => (&e.busy_heading, &e.busy),
            PageError::TooManyRequests => (&e.too_many_heading, &e.too_many),
            PageError::Internal => (&e.internal_heading, &e.internal),
        };
        let paragraph = PageError::with_limits(paragraph, &ui.numbers);
        ErrorText { heading, paragraph, with_menu: false }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), format!("{}.\n", capitalise(&self.to_string()))).into_response();
        if self == PageError::MethodNotAllowed {
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        if self.retry_later() {
            let seconds = PageError::RETRY_AFTER_SECONDS;
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(self);
        response
    }
}

impl From<Refused> for PageError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Busy => PageError::Busy,
            Refused::OverQuota => PageError::TooManyRequests,
            Refused::Failed => PageError::Internal,
        }
    }
}

/// An error of the JSON API: 400 with `{"error": "…"}`. (A `PageError` on
/// an API address, such as an unreadable query, is sent in this shape too,
/// with its own status.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError(pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (StatusCode::BAD_REQUEST, Json(json!({ "error": self.0 }))).into_response()
    }
}

/// The site's error pages, but 404's (pre-rendered with the pages), made
/// at load in each language and encoding: an error is answered with
/// shared bytes, which a flood of refused requests (503) cannot multiply.
#[derive(Debug, Default)]
pub struct ErrorPages {
    /// For each language, in the order of `PageError::MADE_AT_LOAD`.
    by_language: Vec<Vec<Encoded>>,
}

impl ErrorPages {
    pub fn new(sites: &[Site], assets: &Assets) -> Result<Self, askama::Error> {
        let by_language = sites
            .iter()
            .map(|site| {
                PageError::MADE_AT_LOAD
                    .iter()
                    .map(|error| {
                        let html = error_page(site, assets, &error.text(&site.ui))?;
                        Ok(Encoded::quickly(HTML, CachePolicy::NoStore, html))
                    })
                    .collect::<Result<Vec<_>, askama::Error>>()
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { by_language })
    }

    pub fn get(&self, language: usize, error: PageError) -> Option<&Encoded> {
        let at = PageError::MADE_AT_LOAD.iter().position(|e| *e == error)?;
        self.by_language.get(language)?.get(at)
    }
}
