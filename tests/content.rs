//! Loading content: the built-in copy, and a fixture folder for each kind of
//! mistake, each with the exact messages it must produce.

mod common;

use std::path::{Path, PathBuf};

use aseic::content::{ContentSource, FILES, GLOSSARY, load};
use common::copy_tree;

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
            // A folder named as a content file stands for that mistake.
            _ if entry.path().is_dir() && name.ends_with(".toml") => {
                std::fs::remove_file(&target).ok();
                std::fs::create_dir(&target).expect("making a folder");
            }
            _ if entry.path().is_dir() => copy_tree(&entry.path(), &target),
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
        let built_in = ContentSource::BuiltIn.open().and_then(|s| s.read(file)).unwrap_or_else(|e| panic!("{e}"));
        let disk = std::fs::read(on_disk.join(file)).expect("on disk");
        assert!(built_in == disk, "{file}: the built-in copy differs from content/{file}");
    }
    let mut files: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&on_disk).expect("content/") {
        let entry = entry.expect("an entry");
        let name = entry.file_name().into_string().expect("UTF-8");
        if entry.path().is_dir() {
            assert!(
                ["pages", "news", "media", "schemas", "ko"].contains(&name.as_str()),
                "content/{name}/ is no folder the site reads"
            );
        } else {
            files.push(name);
        }
    }
    files.sort();
    let mut expected: Vec<String> = FILES.iter().chain([&GLOSSARY]).map(|f| (*f).to_owned()).collect();
    expected.sort();
    assert_eq!(files, expected, "content/ holds exactly the files the site reads");
}

#[test]
fn the_repository_content_and_the_minimal_fixture_are_valid() {
    let site = load(&ContentSource::BuiltIn).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(site.partners.len(), 53);
    assert_eq!(site.asem.total_partners, 53);
    assert_eq!(site.asem.summits.len(), 13);
    load(&ContentSource::Dir(fixtures().join("minimal"))).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_fact_of_the_repository_content_has_a_source() {
    let site = load(&ContentSource::BuiltIn).unwrap_or_else(|e| panic!("{e}"));
    let cited = |what: String, sources: &[aseic::site::Source]| assert!(!sources.is_empty(), "{what} has no source");
    for summit in &site.asem.summits {
        cited(format!("the {} summit", summit.ordinal), &summit.sources);
    }
    for definition in &site.eco_innovation.definitions {
        cited(format!("the definition of {}", definition.source), &definition.sources);
    }
    for statement in &site.sme.statements {
        cited(format!("the statement of {}", statement.source), &statement.sources);
    }
    for category in &site.sme.categories {
        cited(format!("the {} category", category.name), &category.sources);
        assert!(
            category.sources.iter().any(|s| s.title.contains("2003/361/EC, Annex, Article 2(")),
            "{}: its article",
            category.name
        );
    }
    cited("the SME definition".to_owned(), &site.sme.definition_sources);
    cited("ASEIC's text".to_owned(), &site.aseic.sources);
    cited("ASEM's history".to_owned(), &site.asem.sources);
    cited("the directory".to_owned(), &site.directory_sources);
    for page in &site.pages {
        cited(format!("the page {}", page.path), &page.sources);
    }
    for item in &site.news {
        cited(format!("the news item {}", item.path), &item.sources);
    }
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
    let problems = load(&ContentSource::Dir(dir.path().to_owned())).expect_err("broken").problems;
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].file.as_str(), problems[0].line, problems[0].column), ("members.toml", 11, 1));
}

/// A copy of `minimal/` in a temporary folder.
fn minimal_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for file in FILES {
        std::fs::copy(fixtures().join("minimal").join(file), dir.path().join(file)).expect("copying minimal/");
    }
    dir
}

/// The problems of loading `dir`, as `check` prints them.
fn problems(dir: &Path) -> String {
    match load(&ContentSource::Dir(dir.to_owned())) {
        Ok(_) => "the content loaded without a problem".to_owned(),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn a_fifo_in_place_of_a_file_is_refused_at_once() {
    let dir = minimal_copy();
    let fifo = dir.path().join("sme.toml");
    std::fs::remove_file(&fifo).expect("removing sme.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let started = std::time::Instant::now();
    let shown = problems(dir.path());
    // Opening a FIFO for reading would wait for a writer forever.
    assert!(started.elapsed() < common::PATIENCE, "the load waited on the FIFO");
    assert!(shown.starts_with("sme.toml: the file is a named pipe (FIFO), not a plain file"), "{shown}");
    assert!(shown.ends_with("1 problem found in the content"), "{shown}");
}

#[test]
fn a_link_out_of_the_folder_is_refused_and_a_link_inside_it_is_read() {
    let outside = tempfile::tempdir().expect("a folder");
    std::fs::write(outside.path().join("secret.toml"), "root:x:0:0:root:/root:/bin/bash\n").expect("writing");
    let dir = minimal_copy();
    std::fs::remove_file(dir.path().join("aseic.toml")).expect("removing");
    std::os::unix::fs::symlink(outside.path().join("secret.toml"), dir.path().join("aseic.toml")).expect("a link");
    let shown = problems(dir.path());
    assert!(shown.starts_with("aseic.toml: the file is a link to a place outside the content folder"), "{shown}");
    assert!(!shown.contains("root:"), "nothing of the linked file is shown: {shown}");

    // Kubernetes' layout: every file a link through `..data` to a folder inside.
    let dir = minimal_copy();
    let data = dir.path().join("..2026_11_29_10_00_00.000000001");
    std::fs::create_dir(&data).expect("a folder");
    for file in FILES {
        std::fs::rename(dir.path().join(file), data.join(file)).expect("moving");
    }
    std::os::unix::fs::symlink(data.file_name().unwrap(), dir.path().join("..data")).expect("a link");
    for file in FILES {
        std::os::unix::fs::symlink(Path::new("..data").join(file), dir.path().join(file)).expect("a link");
    }
    assert_eq!(problems(dir.path()), "the content loaded without a problem");
}

#[test]
fn a_file_over_the_size_limit_is_refused_at_its_line() {
    let dir = minimal_copy();
    let mut text = std::fs::read_to_string(dir.path().join("members.toml")).expect("members.toml");
    let filler = format!("# {}\n", "x".repeat(1000));
    while text.len() as u64 <= aseic::content::MAX_FILE_BYTES {
        text.push_str(&filler);
    }
    std::fs::write(dir.path().join("members.toml"), &text).expect("writing");
    let shown = problems(dir.path());
    let expected_line =
        text.as_bytes()[..aseic::content::MAX_FILE_BYTES as usize].iter().filter(|b| **b == b'\n').count() + 1;
    assert!(
        shown.starts_with(&format!(
            "members.toml:{expected_line}:1: the file is larger than 1024 KiB, the most a content file may hold"
        )),
        "{shown}"
    );
}

#[test]
fn a_missing_folder_or_a_file_given_as_the_folder_is_one_message() {
    let dir = minimal_copy();
    let missing = dir.path().join("no-such-folder");
    let shown = problems(&missing);
    assert_eq!(
        shown,
        format!(
            "{}: the content folder does not exist\n    = hint: give --content the folder that holds site.toml and the other content files\n1 problem found in the content",
            missing.display()
        )
    );
    let file = dir.path().join("site.toml");
    let shown = problems(&file);
    assert!(shown.starts_with(&format!("{}: this is a file, not the content folder", file.display())), "{shown}");
    assert!(shown.ends_with("1 problem found in the content"), "{shown}");
}

#[test]
fn pages_news_and_media_load_from_their_folders() {
    let dir = overlay(&fixtures().join("written"));
    let site = load(&ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    let pages: Vec<&str> = site.pages.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(pages, ["/contact"], "the draft is left out");
    assert_eq!(site.news.len(), 12);
    assert_eq!(site.news[0].path, "/news/item-11", "newest first");
    assert_eq!(site.news.last().map(|n| n.path.as_str()), Some("/news/launch"));
    let media: Vec<(&str, Option<(u32, u32)>)> = site.media.iter().map(|m| (m.name.as_str(), m.size)).collect();
    assert_eq!(media, [("diagram.svg", Some((120, 60))), ("launch.png", Some((64, 40))), ("programme.pdf", None)]);
    let preview = aseic::content::load_checked(&ContentSource::Dir(dir.path().to_owned()), true)
        .unwrap_or_else(|e| panic!("{e}"))
        .site;
    assert!(preview.pages.iter().any(|p| p.path == "/programme/2027" && p.draft), "the preview has the draft");
}

/// `ui.toml` made from the repository's by `change`, and the problems its
/// load reports.
fn ui_problems(change: impl Fn(&str) -> String) -> (String, String) {
    let ui = change(&common::content_file("ui.toml"));
    let dir = common::content_with(&[("ui.toml", Some(&ui))]);
    let problems = load(&ContentSource::Dir(dir.path().to_owned())).expect_err("a broken ui.toml").to_string();
    (ui, problems)
}

/// The line of `text` in `file`, from 1.
fn line_of(file: &str, text: &str) -> usize {
    file.lines().position(|line| line.contains(text)).unwrap_or_else(|| panic!("no {text}")) + 1
}

#[test]
fn ui_phrases_take_only_their_own_placeholders() {
    let (ui, problems) = ui_problems(|ui| {
        ui.replace("{count} results for “{query}”", "{count} results for “{qeury}”")
            .replace("skip_link = \"Skip to main content\"", "skip_link = \"Skip to {main}\"")
    });
    let expected = [
        format!(
            "ui.toml:{}:13: `page.skip_link` holds the placeholder {{main}}, which it does not take",
            line_of(&ui, "Skip to {main}")
        ),
        "hint: this phrase takes no placeholders: write the words without braces".to_owned(),
        format!(
            "ui.toml:{}:17: `search.results_other` holds the placeholder {{qeury}}, which it does not take",
            line_of(&ui, "{qeury}")
        ),
        "hint: it may hold {count}, {query}".to_owned(),
        "2 problems found in the content".to_owned(),
    ];
    for line in expected {
        assert!(problems.contains(&line), "missing “{line}” in:\n{problems}");
    }
}

#[test]
fn a_brace_that_opens_no_placeholder_is_a_problem() {
    let (ui, problems) = ui_problems(|ui| ui.replace("feed_title = \"{site} news\"", "feed_title = \"{site news\""));
    let expected = [
        format!(
            "ui.toml:{}:14: `page.feed_title` has a brace that opens or closes no placeholder",
            line_of(&ui, "{site news")
        ),
        "hint: write each placeholder whole, in braces; it may hold {site}".to_owned(),
        "1 problem found in the content".to_owned(),
    ];
    for line in expected {
        assert!(problems.contains(&line), "missing “{line}” in:\n{problems}");
    }
}

#[test]
fn a_ui_phrase_left_out_is_named_at_its_table() {
    let (ui, problems) = ui_problems(|ui| ui.replace("next = \"Next {what}\"\n", ""));
    let expected = format!("ui.toml:{}:1: missing field `next`", line_of(&ui, "[search]"));
    assert!(problems.starts_with(&expected), "{problems}");
    assert!(problems.contains("hint: add `next = …` to this table"), "{problems}");
}

#[test]
fn an_alias_taken_twice_is_named_at_its_line_with_who_holds_it() {
    let dir = minimal_copy();
    std::fs::create_dir(dir.path().join("pages")).expect("pages/");
    let page = |aliases: &str| format!("+++\ntitle = \"A page\"\naliases = [{aliases}]\n+++\nText.\n");
    std::fs::write(dir.path().join("pages/a.md"), page("\"/old\", \"/a\"")).expect("write");
    std::fs::write(dir.path().join("pages/b.md"), page("\"/old\"")).expect("write");
    std::fs::write(dir.path().join("pages/c.md"), page("\"/b\"")).expect("write");
    std::fs::write(dir.path().join("pages/d.md"), page("'/twice', '/twice'")).expect("write");
    let found = problems(dir.path());
    for expected in [
        "pages/a.md:3:21: the alias /a is the page's own address",
        "pages/b.md:3:13: the alias /old is taken: it is an alias in pages/a.md already",
        "pages/c.md:3:13: the alias /b is taken: it is the address of pages/b.md",
        "pages/d.md:3:23: the alias /twice is taken: it is an alias in pages/d.md already",
        "4 problems found in the content",
    ] {
        assert!(found.contains(expected), "missing “{expected}” in:\n{found}");
    }
}

#[test]
fn html_in_a_markdown_body_is_a_problem_at_its_line() {
    let dir = minimal_copy();
    std::fs::create_dir(dir.path().join("pages")).expect("pages/");
    let body = "Some <b>bold</b> words.\n\n<div onclick=\"go()\">A block</div>\n\nA < b and <https://example.org>.\n";
    std::fs::write(dir.path().join("pages/a.md"), format!("+++\ntitle = \"A page\"\n+++\n{body}")).expect("write");
    let found = problems(dir.path());
    for expected in [
        "pages/a.md:4:6: the text holds HTML, which the page would show as it is, tags and all",
        "pages/a.md:6:1: the text holds HTML",
        "hint: write it in Markdown instead",
        "2 problems found in the content",
    ] {
        assert!(found.contains(expected), "missing “{expected}” in:\n{found}");
    }
}

#[test]
fn a_contact_that_cannot_be_linked_to_is_a_problem_at_its_line() {
    let contact = "\n[contact]\nname = \"the secretariat\"\nemail = \"mailto:desk@example.org\"\n\
                   phone = \"call us\"\nform = \"/contakt\"\n";
    let site = common::site_toml_without_contact() + contact;
    let dir = common::content_with(&[("site.toml", Some(&site))]);
    let found = problems(dir.path());
    let expected = [
        format!(
            "site.toml:{}:9: `email` is \"mailto:desk@example.org\", which is not an email address",
            line_of(&site, "mailto:")
        ),
        "hint: write the address alone, without `mailto:`: \"desk@example.org\"".to_owned(),
        format!("site.toml:{}:9: `phone` is \"call us\", which is not a phone number", line_of(&site, "call us")),
        format!("site.toml:{}:8: `form` \"/contakt\" is not a page of the site", line_of(&site, "/contakt")),
        "3 problems found in the content".to_owned(),
    ];
    for line in expected {
        assert!(found.contains(&line), "missing “{line}” in:\n{found}");
    }
    let site = common::site_toml_without_contact() + "\n[contact]\nname = \"the secretariat\"\naddress = []\n";
    let dir = common::content_with(&[("site.toml", Some(&site))]);
    let found = problems(dir.path());
    let expected = format!("site.toml:{}:8: `[contact]` gives no way to reach it", line_of(&site, "the secretariat"));
    assert!(found.contains(&expected), "{found}");
    assert!(found.contains("hint: add at least one of `email`, `address`, `phone` and `form`"), "{found}");
    for (field, wrong) in [("email", "desk at example.org"), ("email", "a@b@c.org"), ("form", "www.example.org")] {
        let site = common::site_toml_without_contact() + &format!("\n[contact]\nname = \"x\"\n{field} = \"{wrong}\"\n");
        let dir = common::content_with(&[("site.toml", Some(&site))]);
        assert!(problems(dir.path()).contains(&format!("`{field}` is \"{wrong}\"")), "{field} = {wrong}");
    }
    let site = common::site_toml_without_contact() + "\n[contact]\nname = \"x\"\nform = \"www.example.org/contact\"\n";
    let dir = common::content_with(&[("site.toml", Some(&site))]);
    let found = problems(dir.path());
    assert!(
        found.contains("hint: write the whole address, starting with https://: \"https://www.example.org/contact\""),
        "{found}"
    );
}

#[test]
fn a_misspelt_partner_does_not_hide_a_wrong_total() {
    let asem = common::content_file("asem.toml")
        .replacen("\"Japan\", \"Korea\",", "\"Japan\", \"Koera\",", 1)
        .replacen("total_partners = 53", "total_partners = 54", 1);
    let dir = common::content_with(&[("asem.toml", Some(&asem))]);
    let found = problems(dir.path());
    let expected = [
        format!("asem.toml:{}:", line_of(&asem, "\"Koera\"")),
        "\"Koera\" is not a partner in members.toml".to_owned(),
        "hint: did you mean \"Korea\"?".to_owned(),
        format!(
            "asem.toml:{}:18: `total_partners` is 54, but the summits add up to 53 partners",
            line_of(&asem, "total_partners = 54")
        ),
        "2 problems found in the content".to_owned(),
    ];
    for line in expected {
        assert!(found.contains(&line), "missing “{line}” in:\n{found}");
    }
    // The name that matched no partner may stand for one (53) or for none
    // (52): a total that fits either is no second problem.
    for total in [53, 52] {
        let asem = common::content_file("asem.toml")
            .replacen("\"Japan\", \"Korea\",", "\"Japan\", \"Koera\",", 1)
            .replacen("total_partners = 53", &format!("total_partners = {total}"), 1);
        let dir = common::content_with(&[("asem.toml", Some(&asem))]);
        let found = problems(dir.path());
        assert!(found.contains("1 problem found in the content"), "{total}: {found}");
    }
}

#[test]
fn a_broken_file_is_reported_once_not_again_as_missing_where_it_is_linked() {
    // pages/contact.md shows media/launch.png and links to news/launch.md#the-ceremony.
    let news = fixtures().join("written/news/launch.md");
    let without_date: String = std::fs::read_to_string(&news)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("date"))
        .map(|l| format!("{l}\n"))
        .collect();
    let with_a_time =
        std::fs::read_to_string(&news).unwrap().replacen("date = 2011-06-15", "date = 2011-06-15T10:00:00", 1);
    assert!(with_a_time.contains("T10:00:00"), "the fixture's date is 2011-06-15");
    for (file, text) in [
        ("news/launch.md", without_date),
        ("news/launch.md", with_a_time),
        ("news/launch.md", "no front matter at all\n".to_owned()),
        ("media/launch.png", "a text file, not a picture\n".to_owned()),
    ] {
        let problems = the_one_problem(file, text.as_bytes());
        assert!(problems.starts_with(file), "{problems}");
    }
}

/// The problems of the `written` fixture with `file` written as `bytes`,
/// after checking that they are one.
fn the_one_problem(file: &str, bytes: &[u8]) -> String {
    let dir = overlay(&fixtures().join("written"));
    std::fs::write(dir.path().join(file), bytes).unwrap();
    let problems = problems(dir.path());
    assert!(problems.ends_with("1 problem found in the content"), "{file}: {problems}");
    problems
}

#[test]
fn a_menu_entry_for_a_draft_says_it_is_a_draft() {
    let history = common::content_file("pages/history.md").replacen("+++\n", "+++\ndraft = true\n", 1);
    let dir = common::content_with(&[("pages/history.md", Some(&history))]);
    let problems = problems(dir.path());
    assert!(problems.contains("site.toml:") && problems.contains("\"/history\" is a draft"), "{problems}");
    // The published news item that links to it is told so too.
    assert!(problems.contains("the link leads to /history, a draft the site leaves out"), "{problems}");
    assert!(!problems.contains("is not a page of the site"), "{problems}");
}

#[test]
fn files_the_site_does_not_read_are_warned_of_and_stop_nothing() {
    let members = common::content_file("members.toml");
    let title = common::content_file("aseic.toml").replacen("title = \"", "title = \"New: ", 1);
    let dir = common::content_with(&[("members (copy).toml", Some(&members)), ("aseic.toml", Some(&title))]);
    std::fs::create_dir_all(dir.path().join("media")).unwrap();
    std::fs::write(dir.path().join("media/Thumbs.db"), [0u8, 1, 2]).unwrap();
    std::fs::write(dir.path().join("pages/notes.txt"), "a note to self").unwrap();
    let site = load(&ContentSource::Dir(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    assert!(site.aseic.title.starts_with("New: "), "the change goes live: {}", site.aseic.title);
    let warnings = site.warnings.join("\n");
    for expected in [
        "members (copy).toml: the site does not read this file",
        "did you mean members.toml?",
        "media/Thumbs.db: the site serves no file of this kind",
        "pages/notes.txt: only Markdown files (.md) can be a page",
    ] {
        assert!(warnings.contains(expected), "{expected:?} in {warnings}");
    }
}

#[test]
fn the_language_of_the_ui_must_be_a_language_tag() {
    let (ui, problems) = ui_problems(|ui| ui.replace("language = \"en\"", "language = \"en_GB\""));
    let expected = format!("ui.toml:{}:12: `page.language` \"en_GB\" is not a language tag", line_of(&ui, "en_GB"));
    assert!(problems.contains(&expected), "{problems}");
    assert!(problems.contains("hint: write \"en-GB\", with a dash"), "{problems}");
    let (_, problems) = ui_problems(|ui| ui.replace("language = \"en\"", "language = \"Korean language\""));
    assert!(problems.contains("such as \"en\" for English or \"ko\" for Korean"), "{problems}");
}

#[test]
fn html_in_a_text_field_is_a_problem_at_its_line() {
    let aseic = common::content_file("aseic.toml");
    let title = aseic.lines().find(|line| line.starts_with("title = ")).unwrap();
    let words = title.trim_start_matches("title = \"").trim_end_matches('"');
    let tagged = format!("title = \"<b>{words}</b>\"");
    let dir = common::content_with(&[("aseic.toml", Some(&aseic.replacen(title, &tagged, 1)))]);
    let problems = problems(dir.path());
    let line = line_of(&aseic, title);
    assert!(problems.contains(&format!("aseic.toml:{line}:9: `title` holds HTML (<b>)")), "{problems}");
    assert!(problems.ends_with("1 problem found in the content"), "{problems}");
}

#[test]
fn an_address_taken_twice_is_told_at_the_slug_someone_wrote() {
    let members = common::content_file("members.toml");
    let (first, second) = ("name = \"Australia\"", "name = \"Cambodia\"");
    let changed = members.replacen(first, &format!("{first}\nslug = \"cambodia\""), 1);
    let dir = common::content_with(&[("members.toml", Some(&changed))]);
    let problems = problems(dir.path());
    let (slug_line, other_line) = (line_of(&changed, "slug = \"cambodia\""), line_of(&changed, second));
    let expected = format!(
        "members.toml:{slug_line}:8: two partners would have the page /members/cambodia (the other is on line {other_line})"
    );
    assert!(problems.starts_with(&expected), "{problems}");
}

#[test]
fn a_media_file_is_what_its_name_says_and_a_drawing_runs_nothing() {
    for (file, bytes, expected) in [
        (
            "media/programme.pdf",
            b"just some text".as_slice(),
            "media/programme.pdf: the file is not the PDF its name says it is",
        ),
        (
            "media/diagram.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"60\"><script>alert(1)</script></svg>"
                .as_slice(),
            "media/diagram.svg: the drawing holds a script",
        ),
    ] {
        let problems = the_one_problem(file, bytes);
        assert!(problems.starts_with(expected), "{problems}");
    }
}

#[test]
fn a_text_opened_with_three_quotes_and_never_closed_is_told_where_it_opens() {
    let aseic = common::content_file("aseic.toml");
    let changed = aseic.replacen("title = \"", "title = \"\"\"", 1);
    let dir = common::content_with(&[("aseic.toml", Some(&changed))]);
    let problems = problems(dir.path());
    let line = line_of(&changed, "title = \"\"\"");
    assert!(problems.starts_with(&format!("aseic.toml:{line}:9: invalid multi-line basic string")), "{problems}");
    assert!(problems.contains("end it with three quotes too"), "{problems}");
}

#[tokio::test]
async fn the_history_states_the_partners_the_summits_add_up_to_in_each_language() {
    let state = common::built_in();
    let english = common::get_ok(&state, "/asem").await.texts("main p").join(" ");
    assert!(english.contains("the total ASEM membership is 53 partners"), "{english}");
    let korean = common::get_ok(&state, "/ko/asem").await.texts("main p").join(" ");
    assert!(korean.contains("현재 아셈 회원은 모두 53개입니다"), "{korean}");
    assert!(!english.contains("{partners}") && !korean.contains("{partners}"));
}

#[test]
fn a_placeholder_of_another_name_in_the_history_is_a_problem() {
    let asem = common::content_file("asem.toml").replacen("{partners} partners", "{partner} partners", 1);
    let dir = common::content_with(&[("asem.toml", Some(&asem))]);
    let found = problems(dir.path());
    let expected = format!(
        "asem.toml:{}:3: `history` holds {{partner}}, which stands for nothing",
        line_of(&asem, "{partner} partners")
    );
    assert!(found.contains(&expected), "missing “{expected}” in:\n{found}");
    assert!(found.contains("hint: write {partners} for the number of partners today"), "{found}");
}
