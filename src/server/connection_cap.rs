//! A cap on the connections one address may hold open (nginx's
//! `limit_conn`): past it, a new connection from that address is closed at
//! once, before its TLS handshake. An IPv6 /64 counts as one address; a
//! trusted proxy, which carries many clients, has no cap.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::web::made_pages::address_group;
use crate::web::proxy::TrustedProxies;

/// The connections open from each address, shared by every worker.
#[derive(Debug)]
pub struct ConnectionCap {
    per_address: usize,
    proxies: Arc<TrustedProxies>,
    open: Mutex<HashMap<IpAddr, usize>>,
    refused: AtomicU64,
}

impl ConnectionCap {
    pub fn new(per_address: usize, proxies: Arc<TrustedProxies>) -> Arc<Self> {
        Arc::new(Self { per_address, proxies, open: Mutex::default(), refused: AtomicU64::new(0) })
    }

    /// A connection from `peer`, counted until the guard is dropped; `None`
    /// when `peer` has its cap open already.
    pub fn admit(self: &Arc<Self>, peer: IpAddr) -> Option<Admitted> {
        if self.proxies.trusts(peer) {
            return Some(Admitted { cap: Arc::clone(self), address: None });
        }
        let address = address_group(peer);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(address).or_insert(0);
        if *count >= self.per_address {
            drop(open);
            self.refused.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        *count += 1;
        Some(Admitted { cap: Arc::clone(self), address: Some(address) })
    }

    /// Connections closed at once for their address's cap.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }
}

/// An open connection, counted against its address.
#[derive(Debug)]
pub struct Admitted {
    cap: Arc<ConnectionCap>,
    address: Option<IpAddr>,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let Some(address) = self.address else { return };
        let mut open = self.cap.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_cap_others_theirs_and_a_proxy_no_cap() {
        let proxies = TrustedProxies::new(vec!["10.0.0.1/32".parse().unwrap()]);
        let cap = ConnectionCap::new(2, Arc::new(proxies));
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let first = cap.admit(ip("192.0.2.1")).expect("one");
        let _second = cap.admit(ip("192.0.2.1")).expect("two");
        assert!(cap.admit(ip("192.0.2.1")).is_none(), "a third is over the cap");
        assert!(cap.admit(ip("192.0.2.2")).is_some(), "another address is not affected");
        drop(first);
        assert!(cap.admit(ip("192.0.2.1")).is_some(), "a closed connection frees its place");
        let _v6 = cap.admit(ip("2001:db8::1")).expect("one");
        let _v6b = cap.admit(ip("2001:db8::ffff")).expect("two");
        assert!(cap.admit(ip("2001:db8::2")).is_none(), "a /64 is one address");
        let proxied: Vec<_> = (0..10).map(|_| cap.admit(ip("10.0.0.1"))).collect();
        assert!(proxied.iter().all(Option::is_some), "a trusted proxy has no cap");
        assert_eq!(cap.refused(), 2);
        drop(proxied);
        assert!(cap.open.lock().unwrap().get(&ip("10.0.0.1")).is_none());
    }
}
