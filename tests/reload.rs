//! Live reload: edits under a running server go live, a broken save never
//! takes the site down, and requests during reloads all succeed.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use aseic::AppState;
use aseic::content::ContentSource;
use aseic::server::reload::spawn_reloader;
use aseic::server::watch::{Rearm, spawn_watcher};
use aseic::web::handlers::health;
use axum::http::StatusCode;
use common::{PATIENCE, content_file, content_with, get, get_ok};

const TITLE: &str = "title = \"ASEM SMEs Eco-Innovation Center\"";

/// A server state on a copy of the content, watched as `aseic serve` does.
fn watched(dir: &Path) -> (AppState, Rearm) {
    let state = AppState::load(ContentSource::Dir(dir.to_owned())).expect("the copy loads");
    let rearm = spawn_watcher(state.clone(), dir.to_owned(), spawn_reloader(state.clone()));
    (state, rearm)
}

/// Waits until the home page's heading is `expected`, or fails after `PATIENCE`.
async fn until_heading(state: &AppState, expected: &str) -> Duration {
    let start = Instant::now();
    loop {
        let reply = get_ok(state, "/").await;
        if reply.text("h1") == expected {
            return start.elapsed();
        }
        assert!(start.elapsed() < PATIENCE, "after {PATIENCE:?} the heading is still {:?}", reply.text("h1"));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until `failed` reloads have failed in all, or fails after `PATIENCE`: the
/// watcher saw the save, and the reload that followed was refused.
async fn until_reloads_fail(state: &AppState, failed: u64) {
    let start = Instant::now();
    while state.reload_counts().1 < failed {
        assert!(start.elapsed() < PATIENCE, "no reload was tried within {PATIENCE:?} of the save");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn healthz(state: &AppState) -> serde_json::Value {
    serde_json::from_str(&get_ok(state, "/healthz").await.body).expect("JSON")
}

fn aseic_with_title(title: &str) -> String {
    content_file("aseic.toml").replace(TITLE, &format!("title = \"{title}\""))
}

#[tokio::test]
async fn a_change_saved_in_place_goes_live() {
    let dir = content_with(&[]);
    let (state, _watcher) = watched(dir.path());
    std::fs::write(dir.path().join("aseic.toml"), aseic_with_title("Saved in place")).expect("write");
    until_heading(&state, "Saved in place").await;
}

#[tokio::test]
async fn a_change_saved_by_write_and_rename_goes_live() {
    let dir = content_with(&[]);
    let (state, _watcher) = watched(dir.path());
    let temp = dir.path().join(".aseic.toml.swp");
    std::fs::write(&temp, aseic_with_title("Written and renamed")).expect("write");
    std::fs::rename(&temp, dir.path().join("aseic.toml")).expect("rename");
    until_heading(&state, "Written and renamed").await;
}

#[tokio::test]
async fn a_change_saved_by_delete_and_create_goes_live() {
    let dir = content_with(&[]);
    let (state, _watcher) = watched(dir.path());
    std::fs::remove_file(dir.path().join("aseic.toml")).expect("remove");
    std::fs::write(dir.path().join("aseic.toml"), aseic_with_title("Deleted and created")).expect("write");
    until_heading(&state, "Deleted and created").await;
}

#[tokio::test]
async fn a_broken_save_keeps_the_last_good_content_until_it_is_fixed() {
    let dir = content_with(&[]);
    let (state, _watcher) = watched(dir.path());
    let members = content_file("members.toml");
    let broken = members.replacen("region = \"asia\"", "region = \"asai\"", 1);
    let line = broken.lines().position(|l| l.contains("\"asai\"")).expect("the broken line") + 1;
    std::fs::write(dir.path().join("members.toml"), &broken).expect("write");

    let start = Instant::now();
    let health = loop {
        let health = healthz(&state).await;
        if health["status"] == "degraded" {
            break health;
        }
        assert!(start.elapsed() < PATIENCE, "never degraded: {health}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(health["problems"], 1, "the public check counts the problems: {health}");
    assert!(health.get("content").is_none(), "and names no path: {health}");
    let details = health::details(&state, None);
    let problem = &details["problems"][0];
    assert_eq!(problem["file"], "members.toml");
    assert_eq!(problem["line"], line);
    assert_eq!(problem["message"], "unknown variant `asai`, expected `asia` or `europe`");
    assert_eq!(problem["hint"], "did you mean `asia`?");
    // Still serving every page of the last good content.
    assert_eq!(get_ok(&state, "/members/korea").await.text("h1"), "Korea");
    assert_eq!(get_ok(&state, "/").await.text("h1"), "ASEM SMEs Eco-Innovation Center");

    let (_, failed_before) = state.reload_counts();
    std::fs::write(dir.path().join("aseic.toml"), aseic_with_title("Still broken elsewhere")).expect("write");
    until_reloads_fail(&state, failed_before + 1).await;
    assert_eq!(healthz(&state).await["status"], "degraded", "members.toml is still broken");
    assert_eq!(get_ok(&state, "/").await.text("h1"), "ASEM SMEs Eco-Innovation Center", "no half-loaded content");

    std::fs::write(dir.path().join("members.toml"), &members).expect("fix");
    until_heading(&state, "Still broken elsewhere").await;
    let health = healthz(&state).await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["problems"], 0);
}

#[tokio::test]
async fn a_removed_file_keeps_the_site_up() {
    let dir = content_with(&[]);
    let (state, _watcher) = watched(dir.path());
    std::fs::remove_file(dir.path().join("sme.toml")).expect("remove");
    let err = state.reload().expect_err("sme.toml is missing");
    assert!(err.to_string().starts_with("sme.toml: the file is missing"), "{err}");
    assert_eq!(get_ok(&state, "/sme").await.text("h1"), "Small and medium-sized enterprises (SMEs)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_during_a_run_of_reloads_all_succeed() {
    let dir = content_with(&[]);
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).expect("loads");
    let versions = [aseic_with_title("Version A"), aseic_with_title("Version B"), "title = ".to_owned()];
    let reloader = {
        let state = state.clone();
        let path = dir.path().join("aseic.toml");
        tokio::task::spawn_blocking(move || {
            for i in 0..60 {
                std::fs::write(&path, &versions[i % 3]).expect("write");
                let _ = state.reload();
            }
        })
    };
    let mut answered = 0;
    while !reloader.is_finished() || answered < 200 {
        for path in ["/", "/members", "/members/korea", "/healthz"] {
            let reply = get(&state, path).await;
            assert_eq!(reply.status, StatusCode::OK, "{path} during reloads: {}", reply.body);
            if path == "/" {
                let heading = reply.text("h1");
                assert!(
                    ["ASEM SMEs Eco-Innovation Center", "Version A", "Version B"].contains(&heading.as_str()),
                    "{heading}"
                );
            }
            answered += 1;
        }
    }
    reloader.await.expect("the reloads ran");
}

#[tokio::test]
async fn a_folder_replaced_whole_is_watched_again() {
    let parent = tempfile::tempdir().expect("a folder");
    let dir = parent.path().join("content");
    common::copy_tree(content_with(&[]).path(), &dir);
    let (state, _watcher) = watched(&dir);
    // As a deployment does it: the old folder removed, a new one copied in.
    let staged = content_with(&[("aseic.toml", Some(&aseic_with_title("Deployed anew")))]);
    std::fs::remove_dir_all(&dir).expect("removing the folder");
    common::copy_tree(staged.path(), &dir);
    until_heading(&state, "Deployed anew").await;
    // And the new folder is watched: a later edit goes live too.
    std::fs::write(dir.join("aseic.toml"), aseic_with_title("Edited after")).expect("write");
    until_heading(&state, "Edited after").await;
    assert_eq!(healthz(&state).await["status"], "ok");
}

#[tokio::test]
async fn a_folder_renamed_away_and_back_is_watched_again() {
    let parent = tempfile::tempdir().expect("a folder");
    let dir = parent.path().join("content");
    common::copy_tree(content_with(&[]).path(), &dir);
    let (state, _watcher) = watched(&dir);
    let away = parent.path().join("content.old");
    std::fs::rename(&dir, &away).expect("renaming away");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    std::fs::rename(&away, &dir).expect("renaming back");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    std::fs::write(dir.join("aseic.toml"), aseic_with_title("Back home")).expect("write");
    until_heading(&state, "Back home").await;
}

#[tokio::test]
async fn a_missing_folder_makes_the_site_degraded_until_it_is_back() {
    let parent = tempfile::tempdir().expect("a folder");
    let dir = parent.path().join("content");
    common::copy_tree(content_with(&[]).path(), &dir);
    let (state, _watcher) = watched(&dir);
    let away = parent.path().join("content.old");
    std::fs::rename(&dir, &away).expect("renaming away");
    let start = Instant::now();
    while healthz(&state).await["status"] != "degraded" {
        assert!(start.elapsed() < PATIENCE, "the missing folder was not noticed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(health::details(&state, None)["watching"]["status"], "polling");
    assert_eq!(get_ok(&state, "/").await.text("h1"), "ASEM SMEs Eco-Innovation Center", "still serving");
    std::fs::rename(&away, &dir).expect("renaming back");
    let start = Instant::now();
    while healthz(&state).await["status"] != "ok" {
        assert!(start.elapsed() < PATIENCE, "the folder's return was not noticed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(health::details(&state, None)["watching"]["status"], "watching");
}

/// Lays out `files` as a Kubernetes ConfigMap volume does: a folder per
/// version, `..data` linking to the current one, and each file a link
/// through `..data` (and each folder, as a projected volume can).
fn config_map_version(dir: &Path, version: &str, files: &Path) {
    let versioned = dir.join(format!("..{version}"));
    common::copy_tree(files, &versioned);
    let next = dir.join("..data_tmp");
    std::os::unix::fs::symlink(versioned.file_name().unwrap(), &next).expect("a link");
    // The swap is one rename, as the kubelet does it.
    std::fs::rename(&next, dir.join("..data")).expect("swapping ..data");
    for entry in std::fs::read_dir(files).expect("the files") {
        let name = entry.expect("an entry").file_name();
        let link = dir.join(&name);
        if std::fs::symlink_metadata(&link).is_err() {
            std::os::unix::fs::symlink(Path::new("..data").join(&name), &link).expect("a link");
        }
    }
}

#[tokio::test]
async fn a_config_map_swap_goes_live() {
    let dir = tempfile::tempdir().expect("a folder");
    config_map_version(dir.path(), "2026_11_29_10_00_00.1", content_with(&[]).path());
    let (state, _watcher) = watched(dir.path());
    let update = content_with(&[("aseic.toml", Some(&aseic_with_title("From the new ConfigMap")))]);
    config_map_version(dir.path(), "2026_11_29_10_05_00.2", update.path());
    std::fs::remove_dir_all(dir.path().join("..2026_11_29_10_00_00.1")).expect("removing the old version");
    until_heading(&state, "From the new ConfigMap").await;
}

/// The brotli body sent at `path`, and where its bytes are.
fn brotli_at(state: &AppState, path: &str) -> (Vec<u8>, usize) {
    let loaded = state.current.load();
    let body = &loaded.pages.page(path).expect("a page").variant(aseic::render::encoding::Coding::Brotli).body;
    (body.to_vec(), body.as_ptr() as usize)
}

#[tokio::test]
async fn a_reload_compresses_only_the_pages_that_changed() {
    let dir = content_with(&[]);
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media).expect("media/");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/written/media/diagram.svg");
    std::fs::copy(fixture, media.join("diagram.svg")).expect("an SVG, compressed as pages are");
    let state = AppState::load(ContentSource::Dir(dir.path().to_owned())).expect("the copy loads");
    let svg = state.current.load().pages.paths().into_iter().find(|p| p.ends_with(".svg")).map(str::to_owned);
    let svg = svg.expect("the SVG's address");
    let (asem, asem_at) = brotli_at(&state, "/asem");
    let (home, home_at) = brotli_at(&state, "/");
    let (drawing, drawing_at) = brotli_at(&state, &svg);
    std::fs::write(dir.path().join("aseic.toml"), aseic_with_title("A new heading")).expect("write");
    state.reload().expect("the change loads");
    assert_eq!(brotli_at(&state, &svg), (drawing, drawing_at), "an unchanged media file keeps its compressed body");

    let (asem_after, asem_after_at) = brotli_at(&state, "/asem");
    assert_eq!((asem_after, asem_after_at), (asem, asem_at), "an unchanged page keeps its compressed body");
    let (home_after, home_after_at) = brotli_at(&state, "/");
    assert_ne!(home_after_at, home_at);
    assert_ne!(home_after, home, "a changed page is compressed again");
    let reply = get(&state, "/").await;
    assert_eq!(reply.text("h1"), "A new heading");
}
