//! The website of ASEIC, the ASEM SMEs Eco-Innovation Center: TOML content,
//! checked and rendered once into memory, served over HTTP.
//!
//! The modules are layers, listed in the order the data flows; each uses
//! only the layers above it in this list (`tests/layers.rs` checks):
//! - `util`: helpers that belong to no feature;
//! - `site`: the checked site, the domain every later layer shares;
//! - `content`: the TOML files, read, parsed and checked into a `Site`;
//! - `render`: the site as pages and files, compressed;
//! - `web`: HTTP: routes, handlers, the headers of every response;
//! - `server`: listeners, connections, TLS, metrics, live reload.

pub mod util;

pub mod site;

pub mod content;

pub mod render;

pub mod web;

pub mod server;

pub use web::app;
pub use web::state::AppState;
