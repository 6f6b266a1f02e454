//! What a Host header (or the authority of an address) may name: a host
//! name of dotted labels (RFC 3986's reg-name as DNS writes it: each label
//! 1 to 63 letters, digits, dashes or underscores, 253 bytes in all), an
//! IPv4 address, or an IPv6 address in brackets; then, perhaps, a port
//! from 1 to 65535. The site's listener and the redirect to HTTPS both
//! refuse anything else, and never echo it.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The longest host name DNS carries, in bytes.
const MAX_NAME_BYTES: usize = 253;
/// The longest label of a host name.
const MAX_LABEL_BYTES: usize = 63;

/// Whether `value` is `host` or `host:port` as described above.
pub fn is_valid(value: &str) -> bool {
    let (host, port) = match value.strip_prefix('[') {
        Some(bracketed) => {
            let Some((address, after)) = bracketed.split_once(']') else { return false };
            if address.parse::<Ipv6Addr>().is_err() {
                return false;
            }
            match after {
                "" => return true,
                _ => match after.strip_prefix(':') {
                    Some(port) => (None, Some(port)),
                    None => return false,
                },
            }
        }
        None => match value.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(value), None),
        },
    };
    port.is_none_or(is_port) && host.is_none_or(is_name)
}

/// A port from 1 to 65535, in digits.
fn is_port(port: &str) -> bool {
    !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0)
}

/// An IPv4 address, or a host name of dotted labels (one final dot allowed).
pub fn is_name(host: &str) -> bool {
    if host.parse::<Ipv4Addr>().is_ok() {
        return true;
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    !name.is_empty()
        && name.len() <= MAX_NAME_BYTES
        && name.split('.').all(|label| {
            (1..=MAX_LABEL_BYTES).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_addresses_and_ports() {
        for good in [
            "www.aseic.org",
            "www.aseic.org.",
            "localhost",
            "localhost:8080",
            "127.0.0.1",
            "127.0.0.1:443",
            "[::1]",
            "[::1]:8443",
            "[2001:db8::1]:65535",
            "xn--9n2bp8q.kr",
            "a_b.example",
        ] {
            assert!(is_valid(good), "{good}");
        }
        let long_label = format!("{}.org", "a".repeat(64));
        let long_name = format!("{}org", "abcdefghi.".repeat(26));
        let huge = "a".repeat(20_000);
        for bad in [
            "",
            "[zz]",
            "[zz]:80",
            "[::1",
            "[::1]x",
            "a..b",
            ".a",
            "x y",
            "a@evil.example",
            "evil.org/path",
            "evil.example:99999",
            "evil.example:0",
            "evil.example:",
            "evil.example:port",
            "::1",
            "exa mple.org",
            "한국.kr",
            long_label.as_str(),
            long_name.as_str(),
            huge.as_str(),
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
