//! Content: reading the TOML files, parsing them into their typed shape and
//! checking them into the `Site`, with every problem reported at its line.

mod characters;
mod diagnostic;
mod discover;
mod files;
pub mod link_check;
mod load;
mod located;
mod markdown_file;
pub mod model;
mod parse_error;
mod portability;
pub mod scaffold;
pub mod schema;
mod source;
mod suggest;
pub mod translation;
mod validate;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use files::{ParsedFiles, SourceTexts, read_and_parse};
pub use load::{load, load_checked};
pub use source::{ContentSource, FILES, GLOSSARY, MAX_FILE_BYTES, MAX_MEDIA_BYTES, is_editor_noise};
pub use validate::{Checked, CitedSource, Drafts, ExternalLink, MAX_TEXT_CHARS, MissingText, Translated};
