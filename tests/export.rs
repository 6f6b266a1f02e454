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
        pages + languages + 2 + 3,
        "every page, the 404 page of each language, the stylesheet and the icon, and the three header files: {files:?}"
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
    for file in files.into_iter().filter(|f| !f.starts_with('_')) {
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
