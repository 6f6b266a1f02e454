//! Media files as editors name them and link them: documents linked from a
//! page, names with spaces, accents and Hangul, and images whose bytes are
//! not what their names say.

mod common;

use std::path::Path;

use aseic::AppState;
use aseic::content::{ContentSource, load};
use axum::http::{StatusCode, header};
use common::{assert_status, copy_tree, get, get_ok};

const PAGE: &str = "+++
title = \"Documents\"
summary = \"The annual report, and pictures of the office.\"
updated = 2026-11-01
+++
[Read the annual report (PDF)](/media/annual-report.pdf), or write to
<info@example.org>.

![Our *new* building](</media/our building.png>)

![The café](/media/caf%C3%A9.png)

![The office](/media/사무실.png)
";

/// The `written/` fixture over `minimal/`, with a page of documents and
/// pictures whose names hold a space, an accent and Hangul.
fn with_documents() -> tempfile::TempDir {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("a folder");
    copy_tree(&fixtures.join("minimal"), dir.path());
    copy_tree(&fixtures.join("written"), dir.path());
    let media = dir.path().join("media");
    let png = std::fs::read(media.join("launch.png")).expect("the fixture's picture");
    for name in ["our building.png", "café.png", "사무실.png"] {
        std::fs::write(media.join(name), &png).expect("writing a picture");
    }
    std::fs::copy(media.join("programme.pdf"), media.join("annual-report.pdf")).expect("copying a PDF");
    std::fs::write(dir.path().join("pages/documents.md"), PAGE).expect("writing a page");
    dir
}

fn state(dir: &Path) -> AppState {
    AppState::load(ContentSource::Dir(dir.to_owned())).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_linked_document_answers_at_the_address_the_page_links_and_at_its_own_name() {
    let dir = with_documents();
    let state = state(dir.path());
    let page = get_ok(&state, "/documents").await;
    let links = page.attrs("main a", "href");
    let report = links.iter().find(|l| l.starts_with("/media/annual-report.")).expect("the report's link");
    assert_ne!(report, "/media/annual-report.pdf", "the page links the fingerprinted name");
    let pdf = get_ok(&state, report).await;
    assert_eq!(pdf.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(pdf.header(header::CACHE_CONTROL), "public, max-age=31536000, immutable");
    // Its own name, as an editor may write it in a TOML text or an email.
    let plain = get_ok(&state, "/media/annual-report.pdf").await;
    assert_eq!(plain.bytes, pdf.bytes);
    assert_eq!(plain.header(header::CACHE_CONTROL), "no-cache");
    assert!(links.contains(&"mailto:info@example.org".to_owned()), "{links:?}");
}

#[tokio::test]
async fn media_named_with_spaces_accents_and_hangul_answer_at_the_addresses_the_page_links() {
    let dir = with_documents();
    let state = state(dir.path());
    let page = get_ok(&state, "/documents").await;
    let sources = page.attrs("main img", "src");
    assert_eq!(sources.len(), 3, "{sources:?}");
    for (source, start) in sources.iter().zip(["/media/our%20building.", "/media/caf%C3%A9.", "/media/%EC%82%AC"]) {
        assert!(source.starts_with(start), "{source} starts with {start}");
        let image = get_ok(&state, source).await;
        assert_eq!(image.header(header::CONTENT_TYPE), "image/png");
        // The same address with its escapes in lower case.
        get_ok(&state, &source.to_lowercase()).await;
    }
    for plain in [
        "/media/our%20building.png",
        "/media/caf%C3%A9.png",
        "/media/cafe%CC%81.png",
        "/media/%EC%82%AC%EB%AC%B4%EC%8B%A4.png",
    ] {
        get_ok(&state, plain).await;
    }
    assert_status(&get(&state, "/media/caf%C3%A9x.png").await, StatusCode::NOT_FOUND);
    assert_status(&get(&state, "/media/%FF.png").await, StatusCode::NOT_FOUND);
    // Emphasis in the alternative text leaves no empty element behind.
    assert_eq!(page.attrs("main img", "alt")[0], "Our new building");
    assert!(page.texts("main em").is_empty(), "{:?}", page.texts("main em"));
}

#[test]
fn the_export_writes_media_under_their_own_names() {
    let dir = with_documents();
    let out = tempfile::tempdir().expect("a folder");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_aseic"))
        .args(["export", "--content"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let media = out.path().join("media");
    for name in ["사무실.png", "café.png", "our building.png", "annual-report.pdf"] {
        assert!(media.join(name).is_file(), "media/{name} written");
    }
    let names: Vec<String> =
        std::fs::read_dir(&media).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n.starts_with("사무실.") && n.len() > "사무실.png".len()), "{names:?}");
}

/// The one problem of the `written/` fixture with `file` written as `bytes`.
fn problem_of(file: &str, bytes: &[u8]) -> String {
    let dir = with_documents();
    std::fs::write(dir.path().join(file), bytes).expect("writing");
    match load(&ContentSource::Dir(dir.path().to_owned())) {
        Ok(_) => panic!("{file} loaded without a problem"),
        Err(problems) => {
            let problems = problems.to_string();
            assert!(problems.ends_with("1 problem found in the content"), "{file}: {problems}");
            problems
        }
    }
}

#[test]
fn an_image_whose_bytes_are_another_format_is_a_problem_naming_the_format() {
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.resize(64, 0);
    let mut bmp = b"BM".to_vec();
    bmp.resize(64, 0);
    let gif =
        b"GIF89a\x10\0\x10\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";
    let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0".to_vec();
    for (file, bytes, says, hint) in [
        ("media/launch.png", tiff.clone(), "a TIFF image", "as PNG, JPEG or WebP"),
        ("media/photo.jpg", tiff, "a TIFF image", "as PNG, JPEG or WebP"),
        ("media/launch.png", bmp, "a BMP image", "as PNG, JPEG or WebP"),
        ("media/launch.png", gif.to_vec(), "a GIF image", "as PNG, JPEG or WebP"),
        ("media/launch.png", jpeg, "a JPEG image", "rename it to launch.jpg"),
    ] {
        let problems = problem_of(file, &bytes);
        assert!(problems.starts_with(&format!("{file}: the file is {says}")), "{problems}");
        assert!(problems.contains(hint), "{problems}");
    }
}

#[test]
fn a_media_name_an_address_cannot_carry_is_a_problem_with_the_name_to_use() {
    let problems = problem_of("media/plan#2.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    assert!(problems.contains("media/plan#2.svg: the file's name holds '#'"), "{problems}");
    assert!(problems.contains("rename it to plan2.svg"), "{problems}");
}

#[test]
fn an_email_written_as_a_bare_link_gets_the_mailto_hint() {
    let page = PAGE.replace("<info@example.org>", "[us](info@example.org)");
    let problems = problem_of("pages/documents.md", page.as_bytes());
    assert!(problems.contains("is an email address without mailto:"), "{problems}");
    assert!(problems.contains("[info@example.org](mailto:info@example.org)"), "{problems}");
}
