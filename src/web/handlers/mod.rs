//! The handler of each route: pre-rendered pages and assets, the pages made
//! per request (the filtered directory, search, the SME check) and the
//! health check.

pub mod health;
pub mod members;
pub mod pages;
pub mod search;
pub mod sme_check;

use crate::web::error::PageError;

/// A page that could not be rendered is a bug: logged, and a 500.
pub fn render_failed(error: askama::Error) -> PageError {
    tracing::error!("rendering a page failed: {error}");
    PageError::Internal
}
