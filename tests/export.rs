//! `aseic export` writes every page and asset byte-identical to what the
//! server sends for its path.

mod common;

use std::path::Path;
use std::process::Command;

use axum::http::StatusCode;
use common::{built_in, get};

/// Every file below `dir`, as paths relative to it.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// The request path a file answers: `asem/index.html` → `/asem`.
fn url_for(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some("") => "/".to_owned(),
        Some(dir) => format!("/{}", dir.trim_end_matches('/')),
        None => format!("/{file}"),
    }
}

#[tokio::test]
async fn every_exported_file_is_what_the_server_sends() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let status = Command::new(env!("CARGO_BIN_EXE_aseic"))
        .args(["export", "--out"])
        .arg(out.path())
        .env_remove("ASEIC_CONTENT")
        .status()
        .expect("runs");
    assert!(status.success());

    let state = built_in();
    let files = files(out.path());
    // Every page but /favicon.ico, which stays with the binary.
    let pages = state.current.load().pages.paths().len() - 1;
    let languages = state.current.load().sites.len();
    assert!(!files.iter().any(|f| f == "favicon.ico"), "an SVG under an .ico name would get the wrong type");
    assert_eq!(
        files.len(),
        pages + languages + 2 + 3 + 1,
        "every page, the 404 page of each language, the stylesheet and the icon, the three header files, \
         and the list of them all: {files:?}"
    );
    for expected in ["index.html", "asem/index.html", "members/korea/index.html", "robots.txt", "404.html"] {
        assert!(files.iter().any(|f| f == expected), "{expected} missing from {files:?}");
    }
    // The header files say what the server sends with each file.
    let headers = std::fs::read_to_string(out.path().join("_headers")).expect("_headers");
    let home = get(&state, "/").await;
    for name in ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"] {
        let value = home.headers[name].to_str().expect("text");
        assert!(headers.contains(value), "_headers lacks {name}: {value}\n{headers}");
    }
    let nginx = std::fs::read_to_string(out.path().join("_nginx_headers.conf")).expect("the nginx include");
    assert!(nginx.contains("add_header Content-Security-Policy \"default-src 'none'"), "{nginx}");
    for file in files.into_iter().filter(|f| !f.starts_with('_') && !f.starts_with('.')) {
        let bytes = std::fs::read(out.path().join(&file)).expect("readable");
        let (url, status) = if let Some(language) = file.strip_suffix("404.html") {
            (format!("/{language}no-such-page"), StatusCode::NOT_FOUND)
        } else {
            // A language's home page ends in a slash: `ko/index.html` is `/ko/`.
            let home = format!("{}/", url_for(&file));
            let url = if state.current.load().pages.page(&home).is_some() { home } else { url_for(&file) };
            (url, StatusCode::OK)
        };
        let reply = get(&state, &url).await;
        assert_eq!(reply.status, status, "{url}");
        assert!(reply.bytes == bytes, "{file} differs from GET {url}");
    }
}

/// `aseic export --out OUT` of the content in `content`; its exit status and what it printed.
fn export(content: &Path, out: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_aseic"))
        .args(["export", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .env_remove("ASEIC_CONTENT")
        .output()
        .expect("runs");
    let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), printed)
}

#[test]
fn an_export_over_an_earlier_one_removes_what_it_no_longer_writes() {
    let page = "+++\ntitle = \"Taken off later\"\n+++\nText.\n";
    let before = common::content_with(&[("pages/taken-off.md", Some(page))]);
    let after = common::content_with(&[]);
    let out = tempfile::tempdir().expect("a temporary folder");
    let (ok, printed) = export(before.path(), out.path());
    assert!(ok, "{printed}");
    assert!(out.path().join("taken-off/index.html").is_file(), "the page was exported");
    // A file the host needs, put there by hand, is none of the export's.
    std::fs::write(out.path().join("CNAME"), "aseic.example\n").expect("writing");
    // Compressed copies made for nginx's gzip_static are stale after the next export.
    for page in ["asem/index.html", "taken-off/index.html"] {
        std::fs::write(out.path().join(format!("{page}.gz")), "old").expect("writing");
    }
    let earlier: Vec<String> = files(out.path()).into_iter().filter(|file| !file.ends_with(".gz")).collect();

    let (ok, printed) = export(after.path(), out.path());
    assert!(ok, "{printed}");
    assert!(printed.contains(", and 2 files of the earlier export removed"), "{printed}");
    let now = files(out.path());
    let gone: Vec<&String> = earlier.iter().filter(|file| !now.contains(file)).collect();
    assert_eq!(gone, ["ko/taken-off/index.html", "taken-off/index.html"], "the page in both languages");
    assert!(!out.path().join("taken-off").exists() && !out.path().join("ko/taken-off").exists(), "their folders too");
    assert!(now.contains(&"CNAME".to_owned()), "a file of the host's stays");
    assert!(now.contains(&"asem/index.html".to_owned()));
    assert!(!now.iter().any(|file| file.ends_with(".gz")), "stale compressed copies removed: {now:?}");
}

#[test]
fn an_export_into_a_folder_of_other_files_or_onto_a_file_is_refused() {
    let content = common::content_with(&[]);
    let folder = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(folder.path().join("notes.txt"), "mine").expect("writing");
    let (ok, printed) = export(content.path(), folder.path());
    assert!(!ok);
    let named = format!("error: {} is not empty, and holds no earlier export of aseic", folder.path().display());
    assert!(printed.contains(&named), "{printed}");
    assert!(printed.contains("= help: give a new or empty folder to --out"), "{printed}");
    assert_eq!(files(folder.path()), ["notes.txt"], "nothing written, nothing removed");

    let file = folder.path().join("notes.txt");
    let (ok, printed) = export(content.path(), &file);
    assert!(!ok);
    let named = format!("error: {} is a file, not a folder", file.display());
    assert!(printed.contains(&named), "{printed}");
}
