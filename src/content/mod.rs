//! Content: reading the TOML files, parsing them into their typed shape and
//! validating them into a `Site`, with every problem reported at its line.

mod diagnostic;
mod load;
pub mod model;
mod validate;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::{ContentSource, FILES, load, load_files};
