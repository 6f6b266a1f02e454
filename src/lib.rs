//! The website of ASEIC, the ASEM SMEs Eco-Innovation Center: TOML content,
//! validated and rendered once into memory, served over HTTP.

pub mod assets;
pub mod content;
pub mod encoding;
pub mod export;
pub mod http;
pub mod reload;
pub mod render;
pub mod security;
pub mod server;
pub mod site;
pub mod state;
pub mod templates;

pub use http::app;
pub use state::AppState;
