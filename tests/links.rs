//! `aseic check --links` against a server on loopback that answers each
//! way a link can: fine, gone, moved for good or for a while, refusing
//! HEAD, too slow. No test here needs the internet.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use common::server::aseic;

/// Starts the test's web server on a free loopback port; returns its address.
fn start_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.set_nonblocking(true).expect("non-blocking");
    let addr = listener.local_addr().expect("an address").to_string();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async move {
            let app = Router::new()
                .route("/fine", get(|| async { "fine" }))
                .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
                .route("/moved", get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/fine")]) }))
                .route("/for-a-while", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/fine")]) }))
                .route(
                    "/no-head",
                    any(|method: Method| async move {
                        if method == Method::HEAD {
                            StatusCode::METHOD_NOT_ALLOWED.into_response()
                        } else {
                            "fine".into_response()
                        }
                    }),
                )
                .route(
                    "/slow",
                    get(|| async {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        "late"
                    }),
                );
            let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
            axum::serve(listener, app).await.expect("serving");
        });
    });
    addr
}

/// The minimal content, with a page that links to `server`'s paths.
fn content_linking_to(server: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder");
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    for entry in std::fs::read_dir(minimal).expect("minimal/") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copying");
    }
    std::fs::create_dir(dir.path().join("pages")).expect("pages/");
    let page = format!(
        "+++\ntitle = \"Links\"\n+++\n[Fine](http://{server}/fine), [gone](http://{server}/gone),\n\
         [moved](http://{server}/moved), [for a while](http://{server}/for-a-while),\n\
         [no HEAD](http://{server}/no-head) and [slow](http://{server}/slow).\n\n[Fine again](http://{server}/fine)\n"
    );
    std::fs::write(dir.path().join("pages/links.md"), page).expect("writing the page");
    dir
}

#[test]
fn check_links_reports_broken_and_moved_links_at_their_place() {
    let server = start_server();
    let content = content_linking_to(&server);
    let started = Instant::now();
    let output = aseic()
        .args(["check", "--links", "--link-timeout", "2", "--content"])
        .arg(content.path())
        .output()
        .expect("runs");
    assert!(started.elapsed() < Duration::from_secs(15), "the check took {:?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "broken links fail the check: {stdout}{stderr}");
    let page = std::fs::read_to_string(content.path().join("pages/links.md")).expect("the page");
    // Where `words` is written in the page: its line and column, from 1.
    let place = |words: &str| {
        let line = page.lines().position(|l| l.contains(words)).expect("in the page");
        let column = page.lines().nth(line).unwrap().find(words).unwrap();
        format!("pages/links.md:{}:{}", line + 1, column + 1)
    };
    let lines: Vec<String> = stderr.lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            format!("{}: broken link http://{server}/gone: 404 Not Found", place("[gone]")),
            format!("{}: broken link http://{server}/slow: no answer in time", place("[slow]")),
            format!(
                "{}: warning: http://{server}/moved has moved for good to /fine; link to the new address",
                place("[moved]")
            ),
        ],
        "{stderr}"
    );
    assert!(stdout.ends_with("7 links out of the site checked: 2 broken, 1 moved for good\n"), "{stdout}");
}

#[test]
fn check_without_links_visits_nothing() {
    let content = content_linking_to("127.0.0.1:9");
    let output = aseic().args(["check", "--content"]).arg(content.path()).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
