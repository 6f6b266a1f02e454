//! The `aseic` binary run as a real server on a loopback port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary, with no configuration from the environment.
pub fn aseic() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_aseic"));
    command.env_remove("ASEIC_ADDR").env_remove("ASEIC_CONTENT").env("RUST_LOG", "info");
    command
}

/// A running server, the address it printed, and its later log lines.
pub struct Server {
    child: Child,
    pub addr: String,
    log: std::sync::mpsc::Receiver<String>,
}

impl Server {
    pub fn start(args: &[&str]) -> Self {
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
        assert!(line.contains("serving "), "{line}");
        let (sender, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        Self { child, addr, log }
    }

    /// Waits up to 5 s for a log line containing `words`.
    pub fn wait_for_log(&self, words: &str) -> String {
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

    pub fn signal(&self, name: &str) {
        Command::new("kill").args([&format!("-{name}"), &self.child.id().to_string()]).status().expect("kill runs");
    }

    pub fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("writes");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        response
    }

    pub fn terminate(mut self) -> std::process::ExitStatus {
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

impl Drop for Server {
    /// A test that fails midway still leaves no server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
