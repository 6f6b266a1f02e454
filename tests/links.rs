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
                    "/chain",
                    get(|| async { (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, "/for-a-while")]) }),
                )
                .route("/to-dead", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/gone")]) }))
                .route("/moved-dead", get(|| async { (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, "/gone")]) }))
                .route("/loop", get(|| async { (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, "/loop-back")]) }))
                .route("/loop-back", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop")]) }))
                .route(
                    "/far/{n}",
                    get(|axum::extract::Path(n): axum::extract::Path<u32>| async move {
                        (StatusCode::FOUND, [(header::LOCATION, format!("/far/{}", n + 1))])
                    }),
                )
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
         [no HEAD](http://{server}/no-head) and [slow](http://{server}/slow).\n\n[Fine again](http://{server}/fine)\n\n\
         [chain](http://{server}/chain), [to a dead page](http://{server}/to-dead),\n\
         [moved to a dead page](http://{server}/moved-dead), [loop](http://{server}/loop),\n\
         [far](http://{server}/far/0).\n"
    );
    std::fs::write(dir.path().join("pages/links.md"), page).expect("writing the page");
    // An organisation's link in members.toml, on its own line.
    let members = std::fs::read_to_string(dir.path().join("members.toml")).expect("members.toml");
    let members = members.replace("https://www.me.go.kr/eng/", &format!("http://{server}/gone?ministry"));
    std::fs::write(dir.path().join("members.toml"), members).expect("writing members.toml");
    dir
}

/// The minimal content, with every link out of the site on addresses that
/// cannot be reached from here: as if the machine were offline.
fn content_linking_nowhere() -> tempfile::TempDir {
    let dir = content_linking_to("127.0.0.1:9");
    let page = "+++\ntitle = \"Links\"\n+++\n[Closed](http://127.0.0.1:1/x) and [no such host](https://no-such-host.invalid/).\n";
    std::fs::write(dir.path().join("pages/links.md"), page).expect("writing the page");
    let members = std::fs::read_to_string(dir.path().join("members.toml")).expect("members.toml");
    let members = members.replace("http://127.0.0.1:9/gone?ministry", "http://127.0.0.1:1/ministry");
    std::fs::write(dir.path().join("members.toml"), members).expect("writing members.toml");
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
    let members = std::fs::read_to_string(content.path().join("members.toml")).expect("members.toml");
    let ministry = members.lines().position(|l| l.contains("/gone?ministry")).expect("the link");
    let ministry_column = members.lines().nth(ministry).unwrap().find("\"http").unwrap() + 1;
    let mut lines: Vec<String> = stderr.lines().map(str::to_owned).collect();
    lines.sort();
    let mut expected = vec![
        format!("{}: broken link http://{server}/gone: 404 Not Found", place("[gone]")),
        format!("{}: broken link http://{server}/slow: no answer in time", place("[slow]")),
        format!(
            "{}: broken link http://{server}/to-dead: 404 Not Found at http://{server}/gone, where it redirects",
            place("[to a dead page]")
        ),
        format!(
            "{}: broken link http://{server}/moved-dead: 404 Not Found at http://{server}/gone, where it redirects",
            place("[moved to a dead page]")
        ),
        format!(
            "{}: broken link http://{server}/loop: its redirects go round in a loop, back to http://{server}/loop",
            place("[loop]")
        ),
        format!("{}: broken link http://{server}/far/0: more than 10 redirects", place("[far]")),
        format!(
            "members.toml:{}:{ministry_column}: broken link http://{server}/gone?ministry: 404 Not Found",
            ministry + 1
        ),
        format!(
            "{}: warning: http://{server}/moved has moved for good to http://{server}/fine; link to the new address",
            place("[moved]")
        ),
    ];
    expected.sort();
    assert_eq!(lines, expected, "{stderr}");
    assert!(stdout.ends_with("13 links out of the site checked: 7 broken, 1 moved for good\n"), "{stdout}");
}

#[test]
fn offline_no_link_is_called_broken_and_the_status_is_3() {
    let content = content_linking_nowhere();
    let output = aseic()
        .args(["check", "--links", "--link-timeout", "5", "--content"])
        .arg(content.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    let said: Vec<&str> = stderr.lines().filter(|l| l.contains("link")).collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(said[0].starts_with("links not checked: none of the 3 links out of the site could be reached"), "{stderr}");
    assert!(!stderr.contains("broken"), "{stderr}");
}

#[test]
fn with_problems_in_the_content_no_link_is_checked_and_it_says_so() {
    let content = content_linking_to("127.0.0.1:9");
    std::fs::write(content.path().join("pages/links.md"), "+++\ntitle = 5\n+++\n").expect("writing");
    let output = aseic().args(["check", "--links", "--content"]).arg(content.path()).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("links not checked: the content has problems; fix them, then check the links"),
        "{stderr}"
    );
}

#[test]
fn check_without_links_visits_nothing() {
    let content = content_linking_to("127.0.0.1:9");
    let output = aseic().args(["check", "--content"]).arg(content.path()).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
