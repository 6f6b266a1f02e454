//! Slow, oversized, many and departing clients, against the real binary on
//! loopback. Every loop here is bounded in count and time.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::server::Server;

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(&server.addr).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(15))).expect("a read timeout");
    stream
}

/// Sends one keep-alive GET and reads its whole response; returns the status line.
fn exchange(stream: &mut TcpStream, path: &str) -> std::io::Result<String> {
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ").map(|v| v.trim().parse().unwrap()))
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body)?;
    Ok(head.lines().next().unwrap_or("").to_owned())
}

#[test]
fn a_client_that_dribbles_its_headers_is_cut_off_and_others_are_served() {
    let server = Server::start(&["--addr", "127.0.0.1:0", "--client-timeout", "3"]);
    let mut slow = connect(&server);
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n").expect("writes");
    let start = Instant::now();
    let dribbler = std::thread::spawn(move || {
        // A header byte every 200 ms for 10 s, never finishing: cut off
        // after the client timeout, 3 s here.
        for _ in 0..50 {
            if slow.write_all(b"X").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let mut rest = Vec::new();
        let _ = slow.read_to_end(&mut rest);
        (start.elapsed(), String::from_utf8_lossy(&rest).into_owned())
    });
    // Meanwhile other clients are served: before the slow one is cut off,
    // so it held none of them up.
    for _ in 0..3 {
        let mut other = connect(&server);
        assert_eq!(exchange(&mut other, "/asem").expect("served"), "HTTP/1.1 200 OK");
        assert!(!dribbler.is_finished(), "another client waited until the slow one was cut off");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (elapsed, answer) = dribbler.join().expect("the slow client's thread");
    assert!(
        elapsed >= Duration::from_millis(2900) && elapsed < Duration::from_secs(10),
        "the slow client was cut off after {elapsed:?}"
    );
    assert!(!answer.contains("200 OK"), "the slow client got a page: {answer}");
}

#[test]
fn oversized_headers_get_431_and_the_server_lives_on() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let mut stream = connect(&server);
    let big = "a".repeat(64 * 1024);
    let _ = write!(stream, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {big}\r\n\r\n");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 431"), "{}", &answer[..answer.len().min(200)]);
    let mut again = connect(&server);
    assert_eq!(exchange(&mut again, "/").expect("served"), "HTTP/1.1 200 OK");
}

#[test]
fn a_thousand_concurrent_connections_are_all_served() {
    let _ = rlimit::increase_nofile_limit(4096);
    // Every connection comes from one address here: lift its cap.
    let server = Server::start(&["--addr", "127.0.0.1:0", "--max-connections-per-ip", "2000"]);
    let mut streams: Vec<TcpStream> = (0..1000).map(|_| connect(&server)).collect();
    // All open at once; now each asks for a page, in turn, on its own connection.
    let mut ok = 0;
    for (i, stream) in streams.iter_mut().enumerate() {
        let path = if i % 2 == 0 { "/members" } else { "/members/korea" };
        match exchange(stream, path) {
            Ok(status) if status == "HTTP/1.1 200 OK" => ok += 1,
            other => panic!("connection {i}: {other:?}"),
        }
    }
    assert_eq!(ok, 1000);
    drop(streams);
    // And 1,000 requests in flight at once: 50 threads each open 20
    // connections, send a request on every one, then read every answer.
    let served = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..50)
        .map(|_| {
            let addr = server.addr.clone();
            let served = Arc::clone(&served);
            std::thread::spawn(move || {
                let mut streams: Vec<TcpStream> =
                    (0..20).map(|_| TcpStream::connect(&addr).expect("connects")).collect();
                for stream in &mut streams {
                    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
                    write!(stream, "GET /asem HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
                }
                for mut stream in streams {
                    let mut answer = String::new();
                    stream.read_to_string(&mut answer).expect("an answer");
                    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{}", &answer[..answer.len().min(100)]);
                    served.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a client thread");
    }
    assert_eq!(served.load(Ordering::Relaxed), 1000);
}

#[test]
fn sigterm_under_load_finishes_what_is_in_flight_and_exits_0() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let addr = server.addr.clone();
            let (stop, served) = (Arc::clone(&stop), Arc::clone(&served));
            std::thread::spawn(move || {
                let deadline = Instant::now() + Duration::from_secs(10);
                while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                    let Ok(mut stream) = TcpStream::connect(&addr) else { return };
                    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                    for _ in 0..50 {
                        match exchange(&mut stream, "/members") {
                            Ok(status) => {
                                assert_eq!(status, "HTTP/1.1 200 OK", "a request during shutdown failed");
                                served.fetch_add(1, Ordering::Relaxed);
                            }
                            // The server closed the idle connection while stopping: fine.
                            Err(_) => break,
                        }
                    }
                }
            })
        })
        .collect();
    // Wait until the load is running (a busy machine may take seconds to get there).
    let warm_up = Instant::now() + Duration::from_secs(8);
    while served.load(Ordering::Relaxed) <= 100 && Instant::now() < warm_up {
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = served.load(Ordering::Relaxed);
    assert!(before > 100, "the load is running ({before} requests)");
    let start = Instant::now();
    let status = server.terminate();
    let stopped_in = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("no request failed mid-way");
    }
    assert!(status.success(), "exit status {status}");
    assert!(stopped_in < Duration::from_secs(11), "stopping took {stopped_in:?}");
}

/// Sends `raw` (one write, or pieces of `piece` bytes) and reads the whole answer.
fn raw_exchange(server: &Server, raw: &[u8], piece: Option<usize>) -> String {
    let mut stream = connect(server);
    match piece {
        None => {
            let _ = stream.write_all(raw);
        }
        Some(size) => {
            for part in raw.chunks(size) {
                if stream.write_all(part).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_micros(300));
            }
        }
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn status_and_csp(answer: &str) -> (String, bool) {
    let status = answer.lines().next().unwrap_or("").to_owned();
    (status, common::server::header_of(answer, "content-security-policy").is_some())
}

#[test]
fn requests_without_one_valid_host_get_400_with_the_security_headers() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let ask = |head: &str| status_and_csp(&raw_exchange(&server, head.as_bytes(), None));
    let refused = ("HTTP/1.1 400 Bad Request".to_owned(), true);
    assert_eq!(ask("GET /asem HTTP/1.1\r\nConnection: close\r\n\r\n"), refused, "no Host");
    assert_eq!(ask("GET /asem HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nConnection: close\r\n\r\n"), refused);
    assert_eq!(ask("GET /asem HTTP/1.1\r\nHost: a@evil.example\r\nConnection: close\r\n\r\n"), refused);
    assert_eq!(ask("GET /asem HTTP/1.1\r\nHost: localhost:99999\r\nConnection: close\r\n\r\n"), refused);
    let huge = "a".repeat(20_000);
    for host in ["[zz]", "a..b", "x.y:0", huge.as_str()] {
        assert_eq!(
            ask(&format!("GET /asem HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")),
            refused,
            "{host:.20}"
        );
    }
    assert_eq!(ask("GET /asem HTTP/1.0\r\n\r\n").0, "HTTP/1.0 200 OK", "HTTP/1.0 may leave Host out");
    assert_eq!(ask("GET /asem HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n").0, "HTTP/1.1 200 OK");
}

#[test]
fn connect_and_asterisk_targets_get_405_with_allow() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    for head in [
        "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\nConnection: close\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    ] {
        let answer = raw_exchange(&server, head.as_bytes(), None);
        assert!(answer.starts_with("HTTP/1.1 405"), "{head:?}: {answer}");
        assert_eq!(common::server::header_of(&answer, "allow").as_deref(), Some("GET, HEAD"), "{answer}");
        assert!(common::server::header_of(&answer, "content-security-policy").is_some(), "{answer}");
    }
}

#[test]
fn the_head_limit_is_32_kib_however_the_head_arrives() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let head = |size: usize| {
        format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\nConnection: close\r\n\r\n", "a".repeat(size))
    };
    for piece in [None, Some(1000), Some(8000)] {
        let under = raw_exchange(&server, head(31 * 1024).as_bytes(), piece);
        assert!(under.starts_with("HTTP/1.1 200"), "31 KiB in pieces of {piece:?}: {}", &under[..under.len().min(80)]);
        for size in [33 * 1024, 40 * 1024, 60 * 1024] {
            let (status, csp) = status_and_csp(&raw_exchange(&server, head(size).as_bytes(), piece));
            assert_eq!(status, "HTTP/1.1 431 Request Header Fields Too Large", "{size} bytes in pieces of {piece:?}");
            assert!(csp, "the site's own 431 carries the security headers ({size} bytes, {piece:?})");
        }
    }
}

#[test]
fn more_than_100_header_lines_get_the_site_s_own_431() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let head = |lines: usize| {
        let many: String = (0..lines).map(|i| format!("X-Line-{i}: {i}\r\n")).collect();
        format!("GET /asem HTTP/1.1\r\nHost: localhost\r\n{many}Connection: close\r\n\r\n")
    };
    let (status, _) = status_and_csp(&raw_exchange(&server, head(90).as_bytes(), None));
    assert_eq!(status, "HTTP/1.1 200 OK", "90 lines and two more are within the limit");
    for lines in [101, 150, 400, 1000] {
        let answer = raw_exchange(&server, head(lines).as_bytes(), None);
        let (status, csp) = status_and_csp(&answer);
        assert_eq!(status, "HTTP/1.1 431 Request Header Fields Too Large", "{lines} lines");
        assert!(csp, "{lines} lines: the site's own page, with the security headers");
        assert!(answer.contains("<html"), "{lines} lines: a page, not a bare status");
    }
}

#[test]
fn request_ids_do_not_count_the_requests() {
    let server = Server::start(&["--addr", "127.0.0.1:0"]);
    let ids: Vec<u64> = (0..20)
        .map(|_| {
            let id = common::server::header_of(&server.get("/asem"), "x-request-id").expect("an id");
            u64::from_str_radix(&id, 16).expect("hex digits")
        })
        .collect();
    assert!(ids.windows(2).all(|pair| pair[1].wrapping_sub(pair[0]) != 1), "{ids:x?}");
}
