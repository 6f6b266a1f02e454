//! The deployment recipes in `deploy/` work as the guide says: the systemd
//! unit passes systemd's own check, and nginx with `deploy/nginx.conf` and
//! Caddy with `deploy/Caddyfile` (their ports and certificate paths changed
//! for the test) serve the site from aseic on loopback, which trusts them
//! as proxies.
//!
//! They need systemd, nginx and Caddy, which a machine with only Rust does
//! not have: plain `cargo test` skips them (`#[ignore]`), and
//! `scripts/test` installs the three and runs them with `--ignored`.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{Server, exchange, header_of};
use common::tls::{https_get, write_certificate};

fn recipe(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A program the test needs; `scripts/test` installs it.
fn tool(path: &str) -> PathBuf {
    let path = PathBuf::from(path);
    assert!(path.exists(), "{} is missing: scripts/test installs it from Debian", path.display());
    path
}

#[test]
#[ignore = "needs systemd-analyze; scripts/test runs it"]
fn the_systemd_unit_passes_systemd_analyze_verify() {
    let dir = tempfile::tempdir().expect("a folder");
    let unit = recipe("aseic.service").replace("/usr/local/bin/aseic", env!("CARGO_BIN_EXE_aseic"));
    assert!(unit.contains("DynamicUser=yes") && unit.contains("ProtectSystem=strict"));
    assert!(unit.contains("NoNewPrivileges=yes"));
    let path = dir.path().join("aseic.service");
    std::fs::write(&path, unit).expect("writing the unit");
    let output =
        Command::new(tool("/usr/bin/systemd-analyze")).arg("verify").arg(&path).output().expect("systemd-analyze runs");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && errors.trim().is_empty(), "systemd-analyze verify: {errors}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

/// A proxy (nginx or Caddy) in the foreground; stopped when dropped.
struct Proxy(Child);

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for_port(port: u16, proxy: &mut Proxy, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = proxy.0.try_wait() {
            panic!("the proxy stopped ({status}): {}", std::fs::read_to_string(log).unwrap_or_default());
        }
        assert!(Instant::now() < deadline, "the proxy did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
#[ignore = "needs nginx; scripts/test runs it"]
fn nginx_with_the_guide_s_configuration_proxies_https_to_aseic() {
    let aseic = Server::start(&["--addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1", "--log-format", "json"]);
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let (http_port, https_port) = (free_port(), free_port());
    let site = recipe("nginx.conf")
        .replace("server 127.0.0.1:8080;", &format!("server {};", aseic.addr))
        .replace("    listen [::]:80;\n", "")
        .replace("    listen [::]:443 ssl http2;\n", "")
        .replace("listen 80;", &format!("listen 127.0.0.1:{http_port};"))
        .replace("listen 443 ssl http2;", &format!("listen 127.0.0.1:{https_port} ssl http2;"))
        .replace(
            "/etc/letsencrypt/live/www.aseic.org/fullchain.pem",
            &dir.path().join("cert.pem").display().to_string(),
        )
        .replace("/etc/letsencrypt/live/www.aseic.org/privkey.pem", &dir.path().join("key.pem").display().to_string());
    assert!(site.contains(&format!("127.0.0.1:{https_port} ssl")), "the recipe's listen lines changed: {site}");
    std::fs::write(dir.path().join("site.conf"), site).expect("writing");
    let d = dir.path().display();
    let main = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\n\
         http {{\n access_log off;\n client_body_temp_path {d};\n proxy_temp_path {d};\n fastcgi_temp_path {d};\n\
         uwsgi_temp_path {d};\n scgi_temp_path {d};\n include {d}/site.conf;\n}}\n"
    );
    std::fs::write(dir.path().join("nginx.conf"), main).expect("writing");
    let log = dir.path().join("error.log");
    let mut nginx = Proxy(
        Command::new(tool("/usr/sbin/nginx"))
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .arg("-e")
            .arg(&log)
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts"),
    );
    wait_for_port(https_port, &mut nginx, &log);

    let (response, _) = https_get(&format!("127.0.0.1:{https_port}"), "/members/korea", &certificate);
    assert!(response.contains("<h1>Korea</h1>"), "{response}");
    let hsts = header_of(&response, "strict-transport-security").expect("HSTS: aseic believes the proxy's https");
    assert!(hsts.starts_with("max-age="), "{hsts}");
    let id = header_of(&response, "x-request-id").expect("an id");
    assert_eq!(id.len(), 32, "nginx's $request_id, passed through: {id}");
    let line = aseic.wait_for_log(&id);
    let line: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    assert_eq!(line["scheme"], "https");
    assert_eq!(line["path"], "/members/korea");

    let mut plain = TcpStream::connect(("127.0.0.1", http_port)).expect("connects");
    plain.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    let redirect = exchange(&mut plain, "/asem?x=1", &[]);
    assert!(redirect.starts_with("HTTP/1.1 308"), "{redirect}");
    assert_eq!(header_of(&redirect, "location").as_deref(), Some("https://localhost/asem?x=1"));
}

#[test]
#[ignore = "needs Caddy; scripts/test runs it"]
fn caddy_with_the_guide_s_caddyfile_proxies_to_aseic() {
    let aseic = Server::start(&["--addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1", "--log-format", "json"]);
    let dir = tempfile::tempdir().expect("a folder");
    let port = free_port();
    // Plain HTTP on a loopback test port instead of the public name (whose
    // certificate Caddy would fetch), and no admin endpoint.
    let caddyfile = recipe("Caddyfile")
        .replace("www.aseic.org {", &format!("http://:{port} {{\n    bind 127.0.0.1"))
        .replace("127.0.0.1:8080", &aseic.addr);
    assert!(caddyfile.contains(&format!("http://:{port}")), "the recipe's site address changed: {caddyfile}");
    std::fs::write(dir.path().join("Caddyfile"), format!("{{\n    admin off\n}}\n\n{caddyfile}")).expect("writing");
    let log = dir.path().join("caddy.log");
    let mut caddy = Proxy(
        Command::new(tool("/usr/bin/caddy"))
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(dir.path().join("Caddyfile"))
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("caddy starts"),
    );
    wait_for_port(port, &mut caddy, &log);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    let response = exchange(&mut stream, "/members/korea", &[]);
    assert!(response.contains("<h1>Korea</h1>"), "{response}");
    let id = header_of(&response, "x-request-id").expect("an id");
    assert_eq!(id.len(), 36, "Caddy's request UUID, passed through: {id}");
    let line: serde_json::Value = serde_json::from_str(&aseic.wait_for_log(&id)).expect("JSON");
    assert_eq!(line["path"], "/members/korea");
    assert_eq!(line["client"], "127.0.0.1");
}
