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
use common::tls::{https_get, https_get_with, write_certificate};

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

/// nginx in the foreground, with `dir/site.conf` as its one site; its
/// files and logs stay in `dir`.
fn start_nginx(dir: &Path) -> Proxy {
    let d = dir.display();
    let main = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\n\
         http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n access_log off;\n\
         client_body_temp_path {d};\n proxy_temp_path {d};\n fastcgi_temp_path {d};\n\
         uwsgi_temp_path {d};\n scgi_temp_path {d};\n include {d}/site.conf;\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), main).expect("writing");
    Proxy(
        Command::new(tool("/usr/sbin/nginx"))
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg(dir.join("error.log"))
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts"),
    )
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
    let mut nginx = start_nginx(dir.path());
    wait_for_port(https_port, &mut nginx, &dir.path().join("error.log"));

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

/// The headers a page must carry the same from aseic and from a static host.
const SAME_HEADERS: [&str; 7] = [
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "x-frame-options",
    "strict-transport-security",
];

/// Writes the export of the built-in site into `out`, each file beside its
/// gzip -9 copy, as the recipe asks.
fn export_precompressed(out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_aseic")).arg("export").arg("--out").arg(out).status();
    assert!(status.expect("aseic runs").success());
    let mut folders = vec![out.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("a file");
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                std::io::Write::write_all(&mut gz, &bytes).expect("compressing");
                let name = format!("{}.gz", path.file_name().unwrap().to_string_lossy());
                std::fs::write(path.with_file_name(name), gz.finish().expect("compressed")).expect("writing");
            }
        }
    }
}

#[test]
#[ignore = "needs nginx and openssl; scripts/test runs it"]
fn nginx_with_the_static_recipe_sends_what_aseic_sends() {
    let dir = tempfile::tempdir().expect("a folder");
    let certificate = write_certificate(dir.path());
    let site = dir.path().join("site");
    export_precompressed(&site);
    let port = free_port();
    let recipe = recipe("nginx-static.conf")
        .replace("/srv/aseic", &site.display().to_string())
        .replace("    listen [::]:80;\n", "")
        .replace("    listen [::]:443 ssl http2;\n", "")
        .replace("listen 80;", &format!("listen 127.0.0.1:{};", free_port()))
        .replace("listen 443 ssl http2;", &format!("listen 127.0.0.1:{port} ssl http2;"))
        .replace(
            "/etc/letsencrypt/live/www.aseic.org/fullchain.pem",
            &dir.path().join("cert.pem").display().to_string(),
        )
        .replace("/etc/letsencrypt/live/www.aseic.org/privkey.pem", &dir.path().join("key.pem").display().to_string());
    assert!(recipe.contains(&format!("127.0.0.1:{port} ssl")), "the recipe's listen lines changed: {recipe}");
    std::fs::write(dir.path().join("site.conf"), recipe).expect("writing");
    let mut nginx = start_nginx(dir.path());
    wait_for_port(port, &mut nginx, &dir.path().join("error.log"));
    let file = |name: &str| dir.path().join(name).display().to_string();
    let aseic =
        Server::start(&["--addr", "127.0.0.1:0", "--tls-cert", &file("cert.pem"), "--tls-key", &file("key.pem")]);

    let static_host = format!("127.0.0.1:{port}");
    let gzip = [("Accept-Encoding", "gzip")];
    let (from_nginx, _, version) = https_get_with(&static_host, "/asem", &certificate, &gzip);
    let (from_aseic, _, _) = https_get_with(&aseic.addr, "/asem", &certificate, &gzip);
    assert!(from_nginx.starts_with("HTTP/1.1 200"), "{from_nginx}");
    assert_eq!(version, rustls::ProtocolVersion::TLSv1_3, "nginx offers TLS 1.3");
    for name in SAME_HEADERS {
        let (ours, theirs) = (header_of(&from_aseic, name), header_of(&from_nginx, name));
        assert!(ours.is_some(), "aseic sends {name}");
        assert_eq!(theirs, ours, "{name} from nginx");
    }
    assert_eq!(header_of(&from_nginx, "content-encoding").as_deref(), Some("gzip"));
    assert_eq!(header_of(&from_nginx, "vary").as_deref(), Some("Accept-Encoding"), "Vary on a compressed answer");
    assert_eq!(header_of(&from_nginx, "content-type").as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(header_of(&from_nginx, "server").as_deref(), Some("nginx"), "no version in Server");

    for hidden in ["/asem/index.html.gz", "/404.html", "/_headers", "/_nginx_headers.conf", "/robots.txt.gz"] {
        let (answer, _, _) = https_get_with(&static_host, hidden, &certificate, &[]);
        assert!(answer.starts_with("HTTP/1.1 404"), "{hidden}: {}", answer.lines().next().unwrap_or(""));
        assert!(header_of(&answer, "content-security-policy").is_some(), "{hidden}: the 404 page is protected too");
    }

    // No CBC suite is offered, even to a TLS 1.2 client that asks only for one.
    let cbc = Command::new("openssl")
        .args(["s_client", "-connect", &static_host, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA:AES128-SHA"])
        .stdin(Stdio::null())
        .output()
        .expect("openssl runs");
    assert!(!cbc.status.success(), "a CBC suite was agreed: {}", String::from_utf8_lossy(&cbc.stdout));

    // A client that sends nothing is cut off after the recipe's 5 seconds.
    let mut silent = TcpStream::connect(&static_host).expect("connects");
    silent.set_read_timeout(Some(2 * common::PATIENCE)).expect("a timeout");
    let started = Instant::now();
    let _ = std::io::Read::read(&mut silent, &mut [0u8; 16]);
    let kept = started.elapsed();
    assert!(
        kept >= Duration::from_millis(4900) && kept < Duration::from_secs(5) + common::PATIENCE,
        "a silent client was kept {kept:?}"
    );
}
