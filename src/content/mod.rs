//! Content: reading the TOML files, parsing them into their typed shape and
//! checking them into the `Site`, with every problem reported at its line.

mod characters;
mod diagnostic;
mod files;
mod located;
mod load;
pub mod model;
mod parse_error;
mod source;
mod suggest;
mod validate;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use files::{ParsedFiles, SourceTexts, read_and_parse};
pub use load::load;
pub use source::{ContentSource, FILES, MAX_FILE_BYTES};
pub use validate::MAX_TEXT_CHARS;
