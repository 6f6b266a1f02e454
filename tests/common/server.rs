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
    /// The site's address, as `host:port`.
    pub addr: String,
    /// The lines logged before the site's "serving" line, which is the last
    /// line of the start.
    pub start_log: Vec<String>,
    /// The "serving" line that ends the start.
    pub start_line: String,
    pub log: std::sync::mpsc::Receiver<String>,
}

/// The `host:port` after `scheme://` in `line`.
pub fn address_in(line: &str, scheme: &str) -> Option<String> {
    line.split(&format!("{scheme}://")).nth(1).and_then(|rest| rest.split('/').next()).map(str::to_owned)
}

impl Server {
    pub fn start(args: &[&str]) -> Self {
        Self::start_with(aseic().args(args))
    }

    /// Starts `command` (see `aseic()`) and waits for its "serving" line.
    pub fn start_with(command: &mut Command) -> Self {
        let mut child = command.stderr(Stdio::piped()).spawn().expect("starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let mut start_log = Vec::new();
        let (addr, start_line) = loop {
            let line = match lines.next() {
                Some(line) => line.expect("readable"),
                None => panic!("the server stopped before serving: {start_log:#?}"),
            };
            if line.contains("serving ") {
                let addr = address_in(&line, "http")
                    .or_else(|| address_in(&line, "https"))
                    .unwrap_or_else(|| panic!("no address in the start line: {line}"));
                break (addr, line);
            }
            start_log.push(line);
        };
        let (sender, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        Self { child, addr, start_log, start_line, log }
    }

    /// The address of the start line that contains `words`.
    pub fn side_addr(&self, words: &str) -> String {
        let line = self.start_log.iter().find(|l| l.contains(words)).unwrap_or_else(|| panic!("no {words:?} line"));
        address_in(line, "http").expect("an address")
    }

    /// Waits up to `PATIENCE` for a log line containing `words`.
    pub fn wait_for_log(&self, words: &str) -> String {
        self.log_until(words).pop().expect("the line found")
    }

    /// Every log line up to the first that contains `words`, waiting up to `PATIENCE` for it.
    pub fn log_until(&self, words: &str) -> Vec<String> {
        self.log_until_within(words, super::PATIENCE)
    }

    /// Every log line up to the first that contains `words`, waiting up to `patience` for it.
    pub fn log_until_within(&self, words: &str, patience: Duration) -> Vec<String> {
        let deadline = Instant::now() + patience;
        let mut lines = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(words);
                    lines.push(line);
                    if found {
                        return lines;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no log line with {words:?} within {patience:?}: {lines:#?}");
    }

    /// A GET on the side listener whose start line contains `words`
    /// (`"metrics at"`, `"redirecting"`); the whole response as text.
    pub fn get_side(&self, words: &str, path: &str) -> String {
        let mut stream = TcpStream::connect(self.side_addr(words)).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
        exchange(&mut stream, path, &[])
    }

    pub fn signal(&self, name: &str) {
        Command::new("kill").args([&format!("-{name}"), &self.child.id().to_string()]).status().expect("kill runs");
    }

    pub fn get(&self, path: &str) -> String {
        self.get_with(path, &[])
    }

    /// A GET over plain HTTP with extra `headers`; the whole response as text.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> String {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        exchange(&mut stream, path, headers)
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

/// Sends a GET for `path` with `headers` over `stream` and reads the
/// response to its end.
pub fn exchange(stream: &mut impl ReadWrite, path: &str, headers: &[(&str, &str)]) -> String {
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("writes");
    let mut response = Vec::new();
    // A TLS peer may close without close_notify after the response: keep what came.
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

/// The value of `series` (its name and labels) in Prometheus's text format.
pub fn metric(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// A stream to speak HTTP over: TCP or TLS.
pub trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

/// The value of header `name` in a response read by `exchange`.
pub fn header_of(response: &str, name: &str) -> Option<String> {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
    })
}

impl Drop for Server {
    /// A test that fails midway still leaves no server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP connection to `to` from the loopback address `from` (such as
/// 127.0.0.2): another client, as the server sees it.
pub fn connect_from(from: [u8; 4], to: std::net::SocketAddr) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
        socket.bind(std::net::SocketAddr::from((from, 0))).expect("a loopback address");
        let stream = socket.connect(to).await.expect("connects").into_std().expect("a plain stream");
        stream.set_nonblocking(false).expect("a blocking stream");
        stream
    })
}
