//! The `aseic` binary as an operator and an editor use it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn aseic() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_aseic"));
    command.env_remove("ASEIC_ADDR").env_remove("ASEIC_CONTENT").env("RUST_LOG", "info");
    command
}

fn broken_fixture() -> String {
    let dir = tempfile::tempdir().expect("a temporary folder").keep();
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    for entry in std::fs::read_dir(minimal).expect("minimal/") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copying");
    }
    let asem = std::fs::read_to_string(dir.join("asem.toml")).expect("asem.toml");
    std::fs::write(dir.join("asem.toml"), asem.replace("year = 1998", "year = \"1998\"")).expect("writing");
    dir.display().to_string()
}

#[test]
fn check_summarises_good_content() {
    let output = aseic().arg("check").output().expect("runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "7 files, 11 summits, 53 partners, 70 organisations: OK\n");
}

#[test]
fn check_reports_broken_content_with_file_and_line_and_fails() {
    let output = aseic().args(["check", "--content", &broken_fixture()]).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("asem.toml:19:8: invalid type: string \"1998\", expected a whole number\n"), "{stderr}");
}

#[test]
fn serve_refuses_broken_content_with_the_same_message() {
    let output =
        aseic().args(["serve", "--addr", "127.0.0.1:0"]).env("ASEIC_CONTENT", broken_fixture()).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("asem.toml:19:8: invalid type"), "{stderr}");
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

/// A running server, the address it printed, and its later log lines.
struct Server {
    child: Child,
    addr: String,
    log: std::sync::mpsc::Receiver<String>,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        let mut child = aseic().args(args).stderr(Stdio::piped()).spawn().expect("starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let line = lines.next().expect("a first log line").expect("readable");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in the start line: {line}"))
            .to_owned();
        assert!(line.contains("serving the built-in content"), "{line}");
        let (sender, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        Self { child, addr, log }
    }

    /// Waits up to 5 s for a log line containing `words`.
    fn wait_for_log(&self, words: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(words) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("no log line with {words:?} within 5 s");
    }

    fn signal(&self, name: &str) {
        Command::new("kill").args([&format!("-{name}"), &self.child.id().to_string()]).status().expect("kill runs");
    }

    fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("writes");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        response
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        self.signal("TERM");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("waits") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop within 10 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
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
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    server.signal("HUP");
    server.wait_for_log("SIGHUP received");
    server.wait_for_log("content reloaded");
    assert!(server.get("/").starts_with("HTTP/1.1 200 OK"));
    assert!(server.terminate().success());
}
