//! The website of ASEIC, the ASEM SMEs Eco-Innovation Center: TOML content,
//! validated and rendered once into memory, served over HTTP.

pub mod assets;
pub mod chart;
pub mod content;
pub mod data;
pub mod directory;
pub mod dynamic;
pub mod encoding;
pub mod export;
pub mod http;
pub mod metrics;
pub mod proxy;
pub mod redirect;
pub mod reload;
pub mod render;
pub mod search;
pub mod security;
pub mod server;
pub mod service;
pub mod short_circuit;
pub mod site;
pub mod sme_check;
pub mod state;
pub mod templates;
pub mod tls;

pub use http::app;
pub use state::AppState;
