//! JSON Schemas of the content files, made from the same Rust types that
//! read them, so that they cannot drift: editors' tools (Taplo, VS Code's
//! Even Better TOML) complete and check each file as it is typed. Each
//! field's doc comment is its description.

use schemars::{JsonSchema, Schema};

use super::model::{
    AseicFile, AsemFile, EcoInnovationFile, GlossaryFile, MembersFile, NewsFrontMatter, PageFrontMatter, SiteFile,
    SmeFile, TextPageFile, UiFile,
};
use super::translation::{
    AseicWords, AsemWords, EcoInnovationWords, GlossaryWords, MembersWords, PageWords, SiteWords, SmeWords,
    TextPageWords,
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

/// The folder, inside `FOLDER`, of the schemas of a translation's files,
/// which every language shares (`#:schema ../schemas/translation/asem.schema.json`).
pub const TRANSLATION_FOLDER: &str = "translation";

/// The schema of every kind of content file, of the front matter of pages
/// and news, and of each file of a translation.
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
        described::<GlossaryFile>("glossary.schema.json", "glossary.toml"),
        described::<PageFrontMatter>("page.schema.json", "the front matter of pages/*.md"),
        described::<NewsFrontMatter>("news.schema.json", "the front matter of news/*.md"),
        described::<SiteWords>("translation/site.schema.json", "a translation's site.toml (ko/site.toml)"),
        described::<AseicWords>("translation/aseic.schema.json", "a translation's aseic.toml"),
        described::<AsemWords>("translation/asem.schema.json", "a translation's asem.toml"),
        described::<MembersWords>("translation/members.schema.json", "a translation's members.toml"),
        described::<EcoInnovationWords>(
            "translation/eco_innovation.schema.json",
            "a translation's eco_innovation.toml",
        ),
        described::<SmeWords>("translation/sme.schema.json", "a translation's sme.toml"),
        described::<TextPageWords>("translation/text_page.schema.json", "a translation's accessibility.toml"),
        described::<GlossaryWords>("translation/glossary.schema.json", "a translation's glossary.toml"),
        Described {
            name: "translation/ui.schema.json",
            files: "a translation's ui.toml",
            schema: nothing_required(schemars::schema_for!(UiFile)),
        },
        described::<PageWords>("translation/page.schema.json", "the front matter of a translation's pages and news"),
    ]
}

/// `schema` with every field optional: a translation gives what it has.
fn nothing_required(schema: Schema) -> Schema {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("required");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = schema.to_value();
    strip(&mut value);
    Schema::try_from(value).expect("a schema without `required` is a schema")
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
