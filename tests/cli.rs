//! The `aseic` binary as an operator and an editor use it.

mod common;

use std::path::Path;

use common::server::{Server, aseic};

/// A copy of the minimal fixture with a number in quotes; removed when dropped.
fn broken_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    for entry in std::fs::read_dir(minimal).expect("minimal/") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copying");
    }
    let asem = std::fs::read_to_string(dir.path().join("asem.toml")).expect("asem.toml");
    std::fs::write(dir.path().join("asem.toml"), asem.replace("year = 1998", "year = \"1998\"")).expect("writing");
    dir
}

#[test]
fn check_summarises_good_content() {
    let output = aseic().arg("check").output().expect("runs");
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "8 files, 1 page, 1 news item, 13 summits, 53 partners, 71 organisations: OK\n"
    );
}

#[test]
fn check_export_and_the_preview_act_on_the_content_folder_where_they_stand() {
    // In an editor's folder, with their (here, broken) files in ./content.
    let editor = broken_fixture();
    let folder = tempfile::tempdir().expect("a temporary folder");
    common::copy_tree(editor.path(), &folder.path().join("content"));
    let checked = aseic().arg("check").current_dir(folder.path()).output().expect("runs");
    assert_eq!(checked.status.code(), Some(1), "the editor's files are broken");
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(stderr.starts_with("asem.toml:21:8: invalid type"), "{stderr}");
    let exported = aseic().args(["export", "--out", "site"]).current_dir(folder.path()).output().expect("runs");
    assert_eq!(exported.status.code(), Some(1), "the broken files are not exported");
    assert!(String::from_utf8_lossy(&exported.stderr).contains("asem.toml:21:8: invalid type"));

    // An explicit --content wins.
    let good = common::content_with(&[]);
    let checked =
        aseic().args(["check", "--content"]).arg(good.path()).current_dir(folder.path()).output().expect("runs");
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));

    // The preview shows ./content, and says in its start line that it is the preview.
    let retitled = common::content_file("aseic.toml")
        .replace("title = \"ASEM SMEs Eco-Innovation Center\"", "title = \"Edited here\"");
    let edited = tempfile::tempdir().expect("a temporary folder");
    common::copy_tree(common::content_with(&[("aseic.toml", Some(&retitled))]).path(), &edited.path().join("content"));
    let preview =
        Server::start_with(aseic().args(["serve", "--preview", "--addr", "127.0.0.1:0"]).current_dir(edited.path()));
    assert!(
        preview.start_line.contains("serving the editors' preview of the content in ./content at http://"),
        "{}",
        preview.start_line
    );
    let home = preview.get("/");
    assert!(home.contains("<h1>Edited here</h1>"), "{home}");
}

#[test]
fn without_a_content_folder_they_use_the_built_in_copy_and_say_so() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let note = "note: no ./content folder here: using the content built into aseic (--content DIR gives a folder)\n";
    let checked = aseic().arg("check").current_dir(folder.path()).output().expect("runs");
    assert!(checked.status.success());
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(stderr.starts_with(note) && stderr.matches("note:").count() == 1, "{stderr}");
    let exported = aseic().args(["export", "--out", "site"]).current_dir(folder.path()).output().expect("runs");
    assert!(exported.status.success());
    assert_eq!(String::from_utf8_lossy(&exported.stderr), note);
    assert!(folder.path().join("site/asem/index.html").is_file());
    // A plain server serves the built-in copy, wherever it stands, and says nothing of it.
    let server = Server::start_with(aseic().args(["--addr", "127.0.0.1:0"]).current_dir(folder.path()));
    assert!(server.start_line.contains("serving the built-in content at http://"), "{}", server.start_line);
    assert!(!server.start_log.iter().any(|line| line.contains("note:")), "{:#?}", server.start_log);
}

#[test]
fn a_busy_address_gets_a_hint_naming_the_flag_and_the_variable() {
    let first = Server::start(&["--addr", "127.0.0.1:0"]);
    let output = aseic().args(["--addr", &first.addr]).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let port: u16 = first.addr.rsplit(':').next().and_then(|port| port.parse().ok()).expect("a port");
    assert!(stderr.contains(&format!("error: binding {}: Address already in use", first.addr)), "{stderr}");
    let hint = format!(
        "  = help: another program is listening on {} (perhaps another aseic); stop it, or choose another address \
         with --addr or ASEIC_ADDR, such as `aseic --addr 127.0.0.1:{next}` or `ASEIC_ADDR=127.0.0.1:{next} aseic`",
        first.addr,
        next = port + 1
    );
    assert!(stderr.contains(&hint), "{stderr}");
}

#[test]
fn new_help_lists_the_content_folder() {
    let output = aseic().args(["new", "--help"]).output().expect("runs");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--content <DIR>") && help.contains("ASEIC_CONTENT"), "{help}");
}

#[test]
fn check_counts_drafts_apart() {
    let dir = common::content_with(&[]);
    let draft = "+++\ntitle = \"Coming\"\ndraft = true\n+++\nText.\n";
    std::fs::write(dir.path().join("pages/coming.md"), draft).expect("a draft page");
    std::fs::write(dir.path().join("news/2026-11-01-later.md"), draft.replace("draft", "date = 2026-11-01\ndraft"))
        .expect("a draft news item");
    let output = aseic().args(["check", "--content"]).arg(dir.path()).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "8 files, 1 page, 1 draft page, 1 news item, 1 draft news item, 13 summits, 53 partners, 71 organisations: OK\n"
    );
}

#[test]
fn check_reports_broken_content_with_file_and_line_and_fails() {
    let broken = broken_fixture();
    let output = aseic().arg("check").arg("--content").arg(broken.path()).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("asem.toml:21:8: invalid type: string \"1998\", expected a whole number\n"), "{stderr}");
}

#[test]
fn serve_refuses_broken_content_with_the_same_message() {
    let broken = broken_fixture();
    let output =
        aseic().args(["serve", "--addr", "127.0.0.1:0"]).env("ASEIC_CONTENT", broken.path()).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("asem.toml:21:8: invalid type"), "{stderr}");
    assert!(stderr.contains("the site was not started"), "{stderr}");
}

#[test]
fn help_explains_each_flag() {
    let output = aseic().arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for words in ["--addr", "ASEIC_ADDR", "--content", "ASEIC_CONTENT", "serve", "check"] {
        assert!(help.contains(words), "--help does not mention {words}:\n{help}");
    }
}

#[test]
fn a_bare_aseic_serves_the_built_in_site_and_stops_on_sigterm() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let response = server.get("/healthz");
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("\"status\":\"ok\""), "{response}");
    let page = server.get("/members/korea");
    assert!(page.contains("<h1>Korea</h1>"), "{page}");
    let status = server.terminate();
    assert!(status.success(), "exit status {status}");
}

#[test]
fn sighup_reloads_the_content() {
    let content = common::content_with(&[]);
    let folder = content.path().to_str().expect("a UTF-8 path");
    // Not watched: only SIGHUP can bring the change in.
    let server = Server::start(&["--addr", "127.0.0.1:0", "--content", folder, "--no-watch"]);
    let aseic_toml = common::content_file("aseic.toml");
    let edited = aseic_toml.replacen("title = \"", "title = \"Reloaded: ", 1);
    assert_ne!(edited, aseic_toml, "aseic.toml has a title");
    std::fs::write(content.path().join("aseic.toml"), edited).expect("writing");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!server.get("/").contains("Reloaded: "), "without watching, the change waits for SIGHUP");
    server.signal("HUP");
    server.wait_for_log("SIGHUP received");
    server.wait_for_log("content reloaded");
    let page = server.get("/");
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(page.contains("<h1>Reloaded: "), "{page}");
    assert!(server.terminate().success());
}

#[test]
fn sighup_watches_a_returned_folder_again() {
    let parent = tempfile::tempdir().expect("a folder");
    let folder = parent.path().join("content");
    std::fs::rename(common::content_with(&[]).keep(), &folder).expect("a content folder");
    let server = Server::start(&["--addr", "127.0.0.1:0", "--content", folder.to_str().expect("UTF-8")]);
    let away = parent.path().join("away");
    std::fs::rename(&folder, &away).expect("renaming away");
    server.wait_for_log("cannot watch");
    assert!(server.get("/healthz").contains("\"status\":\"degraded\""));
    std::fs::rename(&away, &folder).expect("renaming back");
    server.signal("HUP");
    server.wait_for_log("watching");
    server.wait_for_log("content reloaded");
    assert!(server.get("/healthz").contains("\"status\":\"ok\""));
    let aseic_toml = common::content_file("aseic.toml").replacen("title = \"", "title = \"Watched again: ", 1);
    std::fs::write(folder.join("aseic.toml"), aseic_toml).expect("writing");
    server.wait_for_log("content reloaded");
    assert!(server.get("/").contains("<h1>Watched again: "));
}

/// The repository's content with two sources dated long ago, and
/// `stale_after_months` set to `months`.
fn content_with_old_sources(months: u32) -> tempfile::TempDir {
    let asem = common::content_file("asem.toml");
    let asem =
        asem.replacen("checked = 2026-11-29 },\n  { title = \"ERIA", "checked = 2019-03-01 },\n  { title = \"ERIA", 1);
    let sme = common::content_file("sme.toml").replacen(
        "Article 2(2)\", url = \"https://eur-lex.europa.eu/eli/reco/2003/361/oj\", checked = 2026-11-29",
        "Article 2(2)\", url = \"https://eur-lex.europa.eu/eli/reco/2003/361/oj\", checked = 2012-05-31",
        1,
    );
    let site =
        common::content_file("site.toml").replace("stale_after_months = 24", &format!("stale_after_months = {months}"));
    assert!(asem.contains("2019-03-01") && sme.contains("2012-05-31"), "the old dates are in place");
    common::content_with(&[("asem.toml", Some(&asem)), ("sme.toml", Some(&sme)), ("site.toml", Some(&site))])
}

#[test]
fn check_warns_of_stale_sources_without_failing() {
    let dir = content_with_old_sources(24);
    let output = aseic().arg("check").arg("--content").arg(dir.path()).output().expect("runs");
    assert!(output.status.success(), "a stale source is a warning, not a failure");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning: 2 sources were last checked more than 24 months ago"), "{stderr}");
    assert!(stderr.contains("aseic check --stale"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).ends_with(": OK\n"));
}

#[test]
fn check_stale_lists_the_sources_due_oldest_first_where_they_are_written() {
    let dir = content_with_old_sources(24);
    let output = aseic().args(["check", "--stale", "--content"]).arg(dir.path()).output().expect("runs");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let listed: Vec<&str> = stdout.lines().filter(|l| l.contains(": checked ")).collect();
    assert_eq!(listed.len(), 2, "{stdout}");
    assert!(
        listed[0].starts_with("sme.toml:")
            && listed[0]
                .contains("checked 2012-05-31: European Commission Recommendation 2003/361/EC, Annex, Article 2(2)"),
        "{stdout}"
    );
    assert!(
        listed[1].starts_with("asem.toml:") && listed[1].contains("checked 2019-03-01: European Council"),
        "{stdout}"
    );
    let line: usize = listed[1].split(':').nth(1).and_then(|n| n.parse().ok()).expect("a line number");
    let asem = std::fs::read_to_string(dir.path().join("asem.toml")).expect("asem.toml");
    assert!(
        asem.lines().nth(line - 1).expect("the line").contains("2019-03-01"),
        "the line is where the date is written"
    );
}

#[test]
fn the_limit_comes_from_site_toml() {
    // Fifty years: neither date is due.
    let dir = content_with_old_sources(600);
    let output = aseic().args(["check", "--stale", "--content"]).arg(dir.path()).output().expect("runs");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("no source is older than 600 months"));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("last checked"));
}

#[test]
fn check_warns_of_a_statement_without_a_contact_until_site_toml_gives_one() {
    let without = common::content_with(&[("site.toml", Some(&common::site_toml_without_contact()))]);
    let output = aseic().args(["check", "--content"]).arg(without.path()).output().expect("runs");
    assert!(output.status.success(), "a missing contact is a warning, not a failure");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let statement = common::content_file("accessibility.toml");
    let line = statement.lines().position(|l| l.trim() == "contact = true").expect("a section asks for it") + 1;
    let expected = format!(
        "warning: accessibility.toml:{line}:11: the section \"Reporting a problem\" shows the site's contact, and site.toml has none"
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("= hint: add [contact] to site.toml"), "{stderr}");
    let site =
        common::site_toml_without_contact() + "\n[contact]\nname = \"the secretariat\"\nemail = \"desk@example.org\"\n";
    let dir = common::content_with(&[("site.toml", Some(&site))]);
    let output = aseic().args(["check", "--content"]).arg(dir.path()).output().expect("runs");
    assert!(output.status.success());
    assert!(!String::from_utf8_lossy(&output.stderr).contains("shows the site's contact"));
}

#[test]
fn new_writes_into_the_folder_aseic_content_names() {
    let dir = common::content_with(&[]);
    let output = aseic()
        .args(["new", "news", "  ASEIC at the Summit  "])
        .env("ASEIC_CONTENT", dir.path())
        .current_dir(std::env::temp_dir())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let written = dir.path().join("news/aseic-at-the-summit.md");
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), written.display().to_string());
    let text = std::fs::read_to_string(&written).expect("the news item");
    assert!(text.starts_with("+++\ntitle = \"ASEIC at the Summit\"\n"), "{text}");
}

#[test]
fn new_dates_a_news_item_by_the_sites_time_zone() {
    // UTC+14: for ten hours of each UTC day, its date is the next day's.
    let zone = "Pacific/Kiritimati";
    let site =
        common::content_file("site.toml").replace("time_zone = \"Asia/Seoul\"", &format!("time_zone = \"{zone}\""));
    assert!(site.contains(zone), "site.toml names its time_zone");
    let dir = common::content_with(&[("site.toml", Some(&site))]);
    let output =
        aseic().args(["new", "news", "Dated where the site is", "--content"]).arg(dir.path()).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(dir.path().join("news/dated-where-the-site-is.md")).expect("the news item");
    let today = aseic::site::SiteTimeZone::named(zone).expect("a known zone").today();
    assert!(text.contains(&format!("date = {}", today.iso())), "{today:?}: {text}");
}
