//! Loading content: the built-in copy, and a fixture folder for each kind of
//! mistake, each with the exact messages it must produce.

use std::path::{Path, PathBuf};

use aseic::content::{ContentSource, FILES, load};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `minimal/` with the fixture's files laid over it, in a temporary folder.
fn overlay(fixture: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for file in FILES {
        std::fs::copy(fixtures().join("minimal").join(file), dir.path().join(file)).expect("copying minimal/");
    }
    for entry in std::fs::read_dir(fixture).expect("reading the fixture") {
        let entry = entry.expect("a fixture entry");
        let name = entry.file_name().into_string().expect("a UTF-8 file name");
        let target = dir.path().join(&name);
        match name.as_str() {
            "expected.txt" => {}
            "REMOVE" => {
                for file in std::fs::read_to_string(entry.path()).expect("reading REMOVE").lines() {
                    std::fs::remove_file(dir.path().join(file.trim())).expect("removing a file");
                }
            }
            _ if entry.path().is_dir() => {
                std::fs::remove_file(&target).ok();
                std::fs::create_dir(&target).expect("making a folder");
            }
            _ => {
                std::fs::copy(entry.path(), &target).expect("copying a fixture file");
            }
        }
    }
    dir
}

#[test]
fn the_built_in_content_is_the_repository_content() {
    let on_disk = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for file in FILES {
        let built_in = ContentSource::BuiltIn.read(file).unwrap_or_else(|e| panic!("{e}"));
        let disk = std::fs::read(on_disk.join(file)).expect("on disk");
        assert!(built_in == disk, "{file}: the built-in copy differs from content/{file}");
    }
    let mut names: Vec<String> = std::fs::read_dir(&on_disk)
        .expect("content/")
        .map(|e| e.expect("an entry").file_name().into_string().expect("UTF-8"))
        .collect();
    names.sort();
    let mut expected: Vec<String> = FILES.iter().map(|f| (*f).to_owned()).collect();
    expected.sort();
    assert_eq!(names, expected, "content/ holds exactly the files the site reads");
}

#[test]
fn the_repository_content_and_the_minimal_fixture_are_valid() {
    let site = load(&ContentSource::BuiltIn).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(site.partners.len(), 53);
    assert_eq!(site.asem.total_partners, 53);
    assert_eq!(site.asem.summits.len(), 11);
    load(&ContentSource::Dir(fixtures().join("minimal"))).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn each_invalid_fixture_reports_exactly_its_problems() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(fixtures().join("invalid"))
        .expect("tests/fixtures/invalid")
        .map(|e| e.expect("an entry").path())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 20, "the invalid fixtures are all there");
    let mut failures = Vec::new();
    for fixture in fixtures {
        let dir = overlay(&fixture);
        let got = match load(&ContentSource::Dir(dir.path().to_owned())) {
            Ok(_) => "the content loaded without a problem\n".to_owned(),
            Err(diagnostics) => format!("{diagnostics}\n").replace(&dir.path().display().to_string(), "CONTENT"),
        };
        let expected_path = fixture.join("expected.txt");
        if update {
            std::fs::write(&expected_path, &got).expect("writing expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("== {}\n-- expected:\n{expected}-- got:\n{got}", fixture.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_problem_names_a_content_file_and_a_line() {
    let dir = overlay(&fixtures().join("invalid/unknown_field"));
    let problems = load(&ContentSource::Dir(dir.path().to_owned())).expect_err("broken").0;
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].file.as_str(), problems[0].line, problems[0].column), ("members.toml", 11, 1));
}
