//! Query strings read into typed structs; one that cannot be read (bad
//! percent-escapes, text that is not UTF-8) gets the site's 400 page.

use axum::extract::FromRequestParts;
use axum::http::Uri;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::PageError;

/// The query string as `T`: every field an `Option`, unknown ones ignored.
#[derive(Debug, Clone, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, PageError> {
        read(&parts.uri).map(Query)
    }
}

/// The query string of `uri` as `T`.
pub fn read<T: DeserializeOwned>(uri: &Uri) -> Result<T, PageError> {
    serde_urlencoded::from_str(uri.query().unwrap_or("")).map_err(|_| PageError::BadQuery)
}
