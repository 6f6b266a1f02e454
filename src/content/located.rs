//! A value read from a content file, with its place in the file: what a
//! message about it points at. A thin wrapper over `toml::Spanned`, so that
//! the file-format types can also describe themselves as JSON Schemas.

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

/// A value and the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Located<T>(Spanned<T>);

impl<T> Located<T> {
    /// A value the content did not write (a default), placed nowhere.
    pub fn fixed(value: T) -> Self {
        Located(Spanned::new(0..0, value))
    }

    pub fn get_ref(&self) -> &T {
        self.0.get_ref()
    }

    /// Where the value is written, in bytes of its text.
    pub fn span(&self) -> Range<usize> {
        self.0.span()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Spanned::deserialize(deserializer).map(Located)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Located<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A TOML date (`2026-11-01`), for the schemas: a string in date format.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Date(pub toml::value::Datetime);

impl schemars::JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}
