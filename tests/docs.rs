//! The examples of docs/editing.md, run: each edit made on a copy of
//! `content/`, each `aseic check` output compared with what the page of
//! the docs shows, each page asked for the words the docs say it shows.
//!
//! An example is marked by an HTML comment (which Markdown hides) before
//! what it tests:
//!
//! - `<!-- test: append FILE -->`: the next fenced block is added at the
//!   end of FILE;
//! - `<!-- test: replace FILE "OLD" -->`: OLD in FILE becomes the next
//!   fenced block;
//! - `<!-- test: check -->`: the next fenced block is what `aseic check`
//!   prints (its lines, in a row, among what it prints: a warning that
//!   comes and goes with the day, such as a source due for checking, is
//!   left out of the docs);
//! - `<!-- test: page PATH shows "TEXT" -->`: the main part of the page at
//!   PATH holds TEXT (without the notes beside its facts).
//!
//! Each `###` section starts again from a fresh copy of `content/`.

mod common;

use std::path::Path;
use std::process::Command;

use aseic::AppState;
use aseic::content::ContentSource;
use common::get_ok;

/// One step of an example.
#[derive(Debug)]
enum Step {
    Append { file: String, text: String },
    Replace { file: String, old: String, new: String },
    Check { shown: String },
    Page { path: String, text: String },
}

/// The examples of `docs`: each section's heading, and its steps.
fn examples(docs: &str) -> Vec<(String, Vec<Step>)> {
    let mut sections: Vec<(String, Vec<Step>)> = Vec::new();
    let mut lines = docs.lines().enumerate();
    let mut heading = String::new();
    while let Some((number, line)) = lines.next() {
        let trimmed = line.trim();
        if let Some(title) = trimmed.strip_prefix("### ") {
            title.clone_into(&mut heading);
            continue;
        }
        let Some(marker) = trimmed.strip_prefix("<!-- test: ").and_then(|rest| rest.strip_suffix(" -->")) else {
            continue;
        };
        let at = format!("docs/editing.md:{}", number + 1);
        let mut block = || fenced_block(&mut lines).unwrap_or_else(|| panic!("{at}: no fenced block after the marker"));
        let words: Vec<&str> = marker.splitn(3, ' ').collect();
        let step = match words.as_slice() {
            ["append", file] => Step::Append { file: (*file).to_owned(), text: block() },
            ["replace", file, old] => {
                let old = quoted(old).unwrap_or_else(|| panic!("{at}: replace FILE \"OLD\""));
                Step::Replace { file: (*file).to_owned(), old, new: block().trim_end().to_owned() }
            }
            ["check"] => Step::Check { shown: block() },
            ["page", path, rest] => {
                let text = rest.strip_prefix("shows ").and_then(quoted);
                Step::Page {
                    path: (*path).to_owned(),
                    text: text.unwrap_or_else(|| panic!("{at}: page PATH shows \"TEXT\"")),
                }
            }
            _ => panic!("{at}: an unknown marker: {marker}"),
        };
        match sections.last_mut() {
            Some((title, steps)) if *title == heading => steps.push(step),
            _ => sections.push((heading.clone(), vec![step])),
        }
    }
    sections
}

/// The text between double quotes.
fn quoted(text: &str) -> Option<String> {
    text.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')).map(str::to_owned)
}

/// The lines of the next fenced block, without the indent of its fence.
fn fenced_block<'a>(lines: &mut impl Iterator<Item = (usize, &'a str)>) -> Option<String> {
    let (_, fence) = lines.by_ref().find(|(_, line)| line.trim_start().starts_with("```"))?;
    let indent = fence.len() - fence.trim_start().len();
    let mut block = String::new();
    for (_, line) in lines.by_ref() {
        if line.trim_start().starts_with("```") {
            return Some(block);
        }
        block.push_str(line.get(indent..).unwrap_or(line.trim_start()));
        block.push('\n');
    }
    None
}

/// What `aseic check` prints for the content in `dir`: standard output,
/// then standard error.
fn check(dir: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_aseic"))
        .args(["check", "--content"])
        .arg(dir)
        .env_remove("ASEIC_CONTENT")
        .output()
        .expect("aseic runs");
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Whether the lines of `shown` are lines of `output`, in a row.
fn shows(output: &str, shown: &str) -> bool {
    let output: Vec<&str> = output.lines().collect();
    let shown: Vec<&str> = shown.lines().collect();
    output.windows(shown.len()).any(|window| window == shown.as_slice())
}

#[tokio::test]
async fn the_examples_of_the_editors_guide_do_what_it_says() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editing.md")).expect("docs");
    let sections = examples(&docs);
    assert!(
        sections.iter().any(|(title, _)| title == "Add a summit with its new partners"),
        "the worked example is marked: {sections:#?}"
    );
    for (title, steps) in sections {
        let dir = common::content_with(&[]);
        for step in steps {
            match step {
                Step::Append { file, text } => {
                    let path = dir.path().join(&file);
                    let before = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{title}: no {file}"));
                    std::fs::write(&path, format!("{before}\n{text}")).expect("writing");
                }
                Step::Replace { file, old, new } => {
                    let path = dir.path().join(&file);
                    let before = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{title}: no {file}"));
                    assert_eq!(before.matches(&old).count(), 1, "{title}: {old:?} is in {file} once");
                    std::fs::write(&path, before.replace(&old, &new)).expect("writing");
                }
                Step::Check { shown } => {
                    let output = check(dir.path());
                    assert!(
                        shows(&output, &shown),
                        "{title}: `aseic check` says\n{output}\nand the docs show\n{shown}"
                    );
                }
                Step::Page { path, text } => {
                    let state = AppState::load(ContentSource::Dir(dir.path().to_owned()))
                        .unwrap_or_else(|error| panic!("{title}: the content loads: {error}"));
                    let page = get_ok(&state, &path).await;
                    let words = page.texts("main").join(" ");
                    assert!(words.contains(&text), "{title}: {path} does not show {text:?}:\n{words}");
                }
            }
        }
    }
}

#[test]
fn a_check_output_matches_only_lines_in_a_row() {
    let output = "a\nb\nc\n";
    assert!(shows(output, "b\nc\n"));
    assert!(!shows(output, "a\nc\n"));
    assert!(!shows(output, "b\nd\n"));
}
