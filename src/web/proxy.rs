//! Who a request comes from, and over which scheme, when the site runs
//! behind reverse proxies: `X-Forwarded-For` and `X-Forwarded-Proto` are
//! believed only when the connection comes from a configured proxy, since
//! anyone else can send them.

use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The addresses whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

/// The client and scheme of one request, as far as can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub client: IpAddr,
    pub https: bool,
    /// Whether the connection came from a trusted proxy.
    pub via_proxy: bool,
}

/// One `--trusted-proxy` value: an address or a network, `10.0.0.1` or
/// `10.0.0.0/8`, for clap.
pub fn parse_network(value: &str) -> Result<IpNet, String> {
    let value = value.trim();
    IpNet::from_str(value)
        .or_else(|_| IpAddr::from_str(value).map(IpNet::from))
        .map_err(|_| format!("{value:?} is not an IP address or network (examples: 10.0.0.1, 10.0.0.0/8, ::1)"))
}

impl TrustedProxies {
    pub fn new(networks: Vec<IpNet>) -> Self {
        Self(networks)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The origin of a request that came over a connection from `peer`,
    /// `tls` saying whether that connection is HTTPS.
    ///
    /// From a trusted peer the client is the last address in
    /// `X-Forwarded-For` that is not itself a trusted proxy (addresses
    /// further left could have been written by anyone), and the scheme is
    /// the last `X-Forwarded-Proto`.
    pub fn origin(&self, peer: IpAddr, tls: bool, headers: &HeaderMap) -> Origin {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return Origin { client: peer, https: tls, via_proxy: false };
        }
        let mut client = peer;
        let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).map(str::trim).collect();
        for hop in hops.iter().rev() {
            match IpAddr::from_str(hop) {
                Ok(address) if self.trusts(address) => client = address.to_canonical(),
                Ok(address) => {
                    client = address.to_canonical();
                    break;
                }
                // A hop that is not an address: nothing left of it can be trusted.
                Err(_) => break,
            }
        }
        let proto = headers.get_all("x-forwarded-proto").iter().filter_map(|v| v.to_str().ok()).next_back();
        let https = match proto.and_then(|v| v.rsplit(',').next()).map(str::trim) {
            Some(p) if p.eq_ignore_ascii_case("https") => true,
            Some(p) if p.eq_ignore_ascii_case("http") => false,
            _ => tls,
        };
        Origin { client, https, via_proxy: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_parse_from_addresses_and_cidrs() {
        assert_eq!(parse_network("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse_network("192.168.1.7").unwrap().to_string(), "192.168.1.7/32");
        assert_eq!(parse_network(" ::1 ").unwrap().to_string(), "::1/128");
        assert!(parse_network("10.0.0.0/33").is_err());
        assert!(parse_network("proxy.example").unwrap_err().contains("not an IP address"));
    }

    #[test]
    fn forwarding_headers_from_strangers_are_ignored() {
        let proxies = TrustedProxies::new(vec![parse_network("10.0.0.0/8").unwrap()]);
        let forged = headers(&[("x-forwarded-for", "1.2.3.4"), ("x-forwarded-proto", "https")]);
        let stranger = Origin { client: ip("203.0.113.9"), https: false, via_proxy: false };
        assert_eq!(proxies.origin(ip("203.0.113.9"), false, &forged), stranger);
        let nobody = TrustedProxies::default();
        let direct = Origin { client: ip("10.0.0.1"), https: true, via_proxy: false };
        assert_eq!(nobody.origin(ip("10.0.0.1"), true, &forged), direct);
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_scheme() {
        let proxies = TrustedProxies::new(vec![parse_network("10.0.0.0/8").unwrap()]);
        let sent = headers(&[("x-forwarded-for", "198.51.100.7"), ("x-forwarded-proto", "https")]);
        let client = Origin { client: ip("198.51.100.7"), https: true, via_proxy: true };
        assert_eq!(proxies.origin(ip("10.1.2.3"), false, &sent), client);
        // The client wrote the leftmost entry itself; the rightmost untrusted one is the truth.
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7"), ("x-forwarded-for", "10.9.9.9")]);
        assert_eq!(proxies.origin(ip("10.1.2.3"), false, &chain).client, ip("198.51.100.7"));
        // Garbage ends the chain at the last good hop.
        let garbage = headers(&[("x-forwarded-for", "6.6.6.6, unknown, 10.9.9.9")]);
        assert_eq!(proxies.origin(ip("10.1.2.3"), false, &garbage).client, ip("10.9.9.9"));
        // IPv4-mapped IPv6 peers count as their IPv4 address.
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        let proxy = Origin { client: ip("10.1.2.3"), https: true, via_proxy: true };
        assert_eq!(proxies.origin(mapped, true, &HeaderMap::new()), proxy);
        let plain = headers(&[("x-forwarded-proto", "http")]);
        assert!(!proxies.origin(ip("10.1.2.3"), true, &plain).https);
    }
}
