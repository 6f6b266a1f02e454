//! A value read from a content file, with its place in the file: what a
//! message about it points at. A thin wrapper over `toml::Spanned`, so that
//! the file-format types can also describe themselves as JSON Schemas.

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

/// No text field may be longer, in characters: far above any real
/// paragraph, and a bound on what one field can make a page weigh.
pub const MAX_TEXT_CHARS: usize = 10_000;

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

    /// A text (`Text`) is checked as `check` checks every text: not blank,
    /// and no longer than `MAX_TEXT_CHARS`.
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = T::json_schema(generator);
        let plain_string = schema.get("type").and_then(|t| t.as_str()) == Some("string")
            && !["format", "enum", "const", "pattern"].iter().any(|key| schema.get(*key).is_some());
        if plain_string {
            schema.insert("pattern".to_owned(), "\\S".into());
            schema.insert("maxLength".to_owned(), MAX_TEXT_CHARS.into());
        }
        schema
    }
}

/// A TOML date (`2026-11-01`), for the schemas: a string in date format.
/// A quoted date (`"2026-11-01"`) that reads as one is a date too: the
/// schemas cannot tell a TOML date from a string in date format, and
/// editors' tools accept both, so `check` does as well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date(pub toml::value::Datetime);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

/// Reads a TOML date, or a string that holds one.
struct DateVisitor;

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a date, such as 2026-11-01")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
        text.trim()
            .parse()
            .map(Date)
            .map_err(|_| E::custom(format!("\"{text}\" is not a date: write it as 2026-11-01")))
    }

    // A TOML date reaches serde as a map of one private key.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
        toml::value::Datetime::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Date)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}
