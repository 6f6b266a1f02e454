//! The JSON Schemas of the content files (`aseic schema`): shipped in
//! `content/schemas/`, named in the first line of each content file, the
//! same as the Rust types make them, and strict: every shipped file passes
//! its schema, and an unknown key does not.

mod common;

use std::path::{Path, PathBuf};

use aseic::content::schema::{self, schemas};

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// A TOML text as the JSON a schema checks: dates become their text.
fn as_json(toml_text: &str) -> serde_json::Value {
    fn convert(value: toml::Value) -> serde_json::Value {
        match value {
            toml::Value::String(s) => s.into(),
            toml::Value::Integer(n) => n.into(),
            toml::Value::Float(f) => f.into(),
            toml::Value::Boolean(b) => b.into(),
            toml::Value::Datetime(d) => d.to_string().into(),
            toml::Value::Array(items) => items.into_iter().map(convert).collect(),
            toml::Value::Table(table) => table.into_iter().map(|(k, v)| (k, convert(v))).collect(),
        }
    }
    convert(toml::from_str(toml_text).expect("TOML"))
}

fn validator(name: &str) -> jsonschema::Validator {
    let described = schemas().into_iter().find(|d| d.name == name).unwrap_or_else(|| panic!("no schema {name}"));
    jsonschema::validator_for(described.schema.as_value()).expect("a valid schema")
}

/// The schema named in the first line of `content/FILE`.
fn named_schema(file: &str) -> String {
    let text = std::fs::read_to_string(content().join(file)).expect("a content file");
    let first = text.lines().next().unwrap_or("");
    first.strip_prefix("#:schema ./schemas/").unwrap_or_else(|| panic!("{file} starts with {first:?}")).to_owned()
}

#[test]
fn the_shipped_schemas_are_the_ones_the_types_make() {
    for described in schemas() {
        let shipped = std::fs::read_to_string(content().join("schemas").join(described.name))
            .unwrap_or_else(|e| panic!("content/schemas/{}: {e}", described.name));
        assert!(
            shipped == schema::text(&described.schema),
            "content/schemas/{} is out of date: run `aseic schema --out content/schemas`",
            described.name
        );
    }
}

#[test]
fn every_content_file_names_its_schema_and_passes_it() {
    for file in aseic::content::FILES {
        let name = named_schema(file);
        let text = std::fs::read_to_string(content().join(file)).expect("a content file");
        let errors: Vec<String> = validator(&name).iter_errors(&as_json(&text)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{file} against {name}: {errors:?}");
    }
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/written/pages/contact.md"))
            .expect("a page");
    let front = page.split("+++").nth(1).expect("front matter");
    assert!(validator("page.schema.json").is_valid(&as_json(front)));
}

#[test]
fn every_file_of_the_korean_translation_names_its_schema_and_passes_it() {
    for file in aseic::content::FILES {
        let path = format!("ko/{file}");
        let text = std::fs::read_to_string(content().join(&path)).expect("a translation file");
        let first = text.lines().next().unwrap_or("");
        let name = first.strip_prefix("#:schema ../schemas/").unwrap_or_else(|| panic!("{path} starts with {first:?}"));
        assert!(name.starts_with("translation/"), "{path} names {name}");
        let errors: Vec<String> = validator(name).iter_errors(&as_json(&text)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path} against {name}: {errors:?}");
    }
    // Data in a translation fails its schema, as it fails `check`.
    let asem = std::fs::read_to_string(content().join("ko/asem.toml")).expect("ko/asem.toml");
    let with_data = asem.replacen("[summit.1]\n", "[summit.1]\nyear = 1996\n", 1);
    assert!(!validator("translation/asem.schema.json").is_valid(&as_json(&with_data)));
    let history = std::fs::read_to_string(content().join("ko/pages/history.md")).expect("a translated page");
    let front = history.split("+++").nth(1).expect("front matter");
    assert!(validator("translation/page.schema.json").is_valid(&as_json(front)));
    assert!(!validator("translation/page.schema.json").is_valid(&as_json(&format!("{front}\ndate = 2011-06-15\n"))));
}

#[test]
fn an_unknown_key_or_a_wrong_type_fails_the_schema() {
    let text = std::fs::read_to_string(content().join("site.toml")).expect("site.toml");
    let misspelt = text.replacen("name = ", "nmae = ", 1);
    assert!(!validator("site.schema.json").is_valid(&as_json(&misspelt)), "an unknown key is refused");
    let asem = std::fs::read_to_string(content().join("asem.toml")).expect("asem.toml");
    let quoted = asem.replacen("founded = 1996", "founded = \"1996\"", 1);
    assert!(!validator("asem.schema.json").is_valid(&as_json(&quoted)), "a number in quotes is refused");
    let members = std::fs::read_to_string(content().join("members.toml")).expect("members.toml");
    let region = members.replacen("region = \"asia\"", "region = \"africa\"", 1);
    assert!(!validator("members.schema.json").is_valid(&as_json(&region)), "a region that is not one is refused");
    let schema = schemas().into_iter().find(|d| d.name == "site.schema.json").expect("site").schema;
    let description = schema.as_value()["properties"]["base_url"]["description"].as_str().unwrap_or("");
    assert!(description.starts_with("The public address"), "doc comments are descriptions: {description}");
}

/// Whether `check` accepts the repository's content with `file`'s first
/// `from` written as `to`, and whether the file's schema does.
fn check_and_schema(file: &str, from: &str, to: &str) -> (bool, bool) {
    let text = std::fs::read_to_string(content().join(file)).expect("a content file");
    assert!(text.contains(from), "{file} holds {from}");
    let changed = text.replacen(from, to, 1);
    let dir = common::content_with(&[(file, Some(&changed))]);
    let check = aseic::content::load(&aseic::content::ContentSource::Dir(dir.path().to_owned())).is_ok();
    let schema =
        toml::from_str::<toml::Value>(&changed).is_ok() && validator(&named_schema(file)).is_valid(&as_json(&changed));
    (check, schema)
}

/// Mistakes an editor makes, and whether each is one: `check` and the
/// schemas agree on every one, but for those listed in docs/editing.md
/// ("What the schemas cannot check").
#[test]
fn the_schemas_and_check_agree_on_each_mistake() {
    let agreeing = [
        ("a quoted date", "asem.toml", "checked = 2026-11-29", "checked = \"2026-11-29\"", true),
        ("an empty text", "site.toml", "name = \"ASEIC\"", "name = \"  \"", false),
        (
            "a text over the limit",
            "site.toml",
            "name = \"ASEIC\"",
            &format!("name = \"{}\"", "a".repeat(10_001)),
            false,
        ),
        (
            "an address with no dotted host",
            "site.toml",
            "base_url = \"https://www.aseic.org\"",
            "base_url = \"https://aseic\"",
            false,
        ),
        (
            "an address that is not http(s)",
            "members.toml",
            "link = \"https://www.env.go.jp",
            "link = \"ftp://www.env.go.jp",
            false,
        ),
        (
            "an address with a space",
            "members.toml",
            "link = \"https://www.env.go.jp",
            "link = \"https://www.env.go.jp/a b",
            false,
        ),
        ("months out of range, low", "site.toml", "stale_after_months = 24", "stale_after_months = 0", false),
        ("months out of range, high", "site.toml", "stale_after_months = 24", "stale_after_months = 601", false),
        ("months in range", "site.toml", "stale_after_months = 24", "stale_after_months = 600", true),
        ("a region that is not one", "members.toml", "region = \"asia\"", "region = \"africa\"", false),
        ("a misspelt key", "site.toml", "full_name = ", "fullname = ", false),
        ("a number in quotes", "asem.toml", "founded = 1996", "founded = \"1996\"", false),
    ];
    for (what, file, from, to, fine) in agreeing {
        assert_eq!(check_and_schema(file, from, to), (fine, fine), "{what} ({file}: {to:.60})");
    }
    // The documented exceptions: what only `check` can see, as it knows
    // the other files and the calendar.
    let exceptions = [
        ("a menu path to no page", "site.toml", "path = \"/asem\"", "path = \"/nowhere\""),
        ("a day that is not in the calendar", "asem.toml", "checked = 2026-11-29", "checked = \"2026-02-30\""),
    ];
    for (what, file, from, to) in exceptions {
        assert_eq!(check_and_schema(file, from, to), (false, true), "{what}: only check refuses it");
    }
}
