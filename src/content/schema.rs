//! JSON Schemas of the content files, made from the same Rust types that
//! read them, so that they cannot drift: editors' tools (Taplo, VS Code's
//! Even Better TOML) complete and check each file as it is typed. Each
//! field's doc comment is its description.

use schemars::{JsonSchema, Schema};

use super::model::{
    AseicFile, AsemFile, EcoInnovationFile, MembersFile, NewsFrontMatter, PageFrontMatter, SiteFile, SmeFile,
    TextPageFile, UiFile,
};

/// The folder of the content where the schemas are kept, beside the files
/// that name them in their first line (`#:schema ./schemas/site.schema.json`).
pub const FOLDER: &str = "schemas";

/// Each schema: its file name, and the content files it describes.
pub struct Described {
    pub name: &'static str,
    pub files: &'static str,
    pub schema: Schema,
}

/// The schema of every kind of content file, and of the front matter of
/// pages and news.
pub fn schemas() -> Vec<Described> {
    vec![
        described::<SiteFile>("site.schema.json", "site.toml"),
        described::<AseicFile>("aseic.schema.json", "aseic.toml"),
        described::<AsemFile>("asem.schema.json", "asem.toml"),
        described::<MembersFile>("members.schema.json", "members.toml"),
        described::<EcoInnovationFile>("eco_innovation.schema.json", "eco_innovation.toml"),
        described::<SmeFile>("sme.schema.json", "sme.toml"),
        described::<TextPageFile>("text_page.schema.json", "accessibility.toml"),
        described::<UiFile>("ui.schema.json", "ui.toml"),
        described::<PageFrontMatter>("page.schema.json", "the front matter of pages/*.md"),
        described::<NewsFrontMatter>("news.schema.json", "the front matter of news/*.md"),
    ]
}

fn described<T: JsonSchema>(name: &'static str, files: &'static str) -> Described {
    Described { name, files, schema: schemars::schema_for!(T) }
}

/// The schema's text, as written to its file.
pub fn text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema always serialises");
    text.push('\n');
    text
}
