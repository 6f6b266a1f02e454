//! Automatic HTTPS: certificates from an ACME server (RFC 8555), Let's
//! Encrypt's by default, obtained at start and renewed in the background.
//!
//! The challenges are answered by the site's own listeners: TLS-ALPN-01 on
//! the HTTPS listener, HTTP-01 on the redirect listener when there is one.
//! The account and the certificate are kept in a cache folder, so that a
//! restart serves at once and asks the ACME server for nothing.

pub mod cache;
pub mod challenge;
mod client;
mod manager;
mod order;
pub mod renewals;

use std::path::PathBuf;
use std::sync::Arc;

use cache::Cache;
use challenge::Challenges;
use renewals::Renewals;

use super::tls::Certificates;

/// Let's Encrypt's production directory, the default.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";
/// Let's Encrypt's staging directory: untrusted certificates, generous limits.
pub const LETS_ENCRYPT_STAGING: &str = "https://acme-staging-v02.api.letsencrypt.org/directory";

/// What the operator asked for (`--acme-*`).
#[derive(Debug, Clone)]
pub struct AcmeOptions {
    /// The names the certificate is for, lower case.
    pub domains: Vec<String>,
    /// Where the ACME server may write about the account, such as `mailto:…`.
    pub contact: Vec<String>,
    /// The ACME server's directory.
    pub directory: String,
    /// An extra root to trust for the ACME server's own HTTPS.
    pub directory_ca: Option<PathBuf>,
    /// Where the account and the certificates are kept.
    pub cache: PathBuf,
}

/// Automatic HTTPS, ready to start: the certificate from the cache, if it
/// holds one, and what the manager needs to get and renew it.
pub struct Acme {
    options: AcmeOptions,
    cache: Cache,
    challenges: Arc<Challenges>,
    certificates: Arc<Certificates>,
    renewals: Arc<Renewals>,
}

impl Acme {
    /// Opens the cache (a folder that cannot be made or read stops the
    /// start) and takes the certificate it holds.
    pub fn prepare(options: AcmeOptions) -> anyhow::Result<Self> {
        let cache = Cache::open(&options.cache, &options.directory)?;
        let challenges = Arc::new(Challenges::default());
        let certificates = Certificates::for_acme(cache.certificate_files(), Arc::clone(&challenges));
        Ok(Self { options, cache, challenges, certificates, renewals: Arc::default() })
    }

    /// The certificates to serve: the resolver of the TLS listener.
    pub fn certificates(&self) -> Arc<Certificates> {
        Arc::clone(&self.certificates)
    }

    /// The challenges, for the redirect listener's HTTP-01 answers.
    pub fn challenges(&self) -> Arc<Challenges> {
        Arc::clone(&self.challenges)
    }

    pub fn renewals(&self) -> Arc<Renewals> {
        Arc::clone(&self.renewals)
    }

    /// Starts getting and renewing the certificate on the current runtime.
    /// `http01` says whether the redirect listener answers HTTP-01; each
    /// message on `renew_now` renews at once.
    pub fn spawn(self, http01: bool, renew_now: tokio::sync::mpsc::UnboundedReceiver<()>) {
        tokio::spawn(manager::Manager::new(self, http01).run(renew_now));
    }
}

/// Checks a domain given to `--acme-domain`: a DNS name (an ACME server
/// validates names, and TLS-ALPN-01 and HTTP-01 cannot prove a wildcard).
pub fn parse_domain(value: &str) -> Result<String, String> {
    let domain = value.trim().trim_end_matches('.').to_ascii_lowercase();
    if domain.starts_with("*.") {
        return Err("a wildcard needs the DNS-01 challenge, which aseic does not answer; name each host".to_owned());
    }
    if domain.parse::<std::net::IpAddr>().is_ok() || domain.starts_with('[') {
        return Err("give a DNS name: Let's Encrypt does not issue certificates for addresses".to_owned());
    }
    if !crate::web::host::is_name(&domain) {
        return Err(format!("{value:?} is not a DNS name (such as www.example.org)"));
    }
    Ok(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_dns_names_in_lower_case() {
        assert_eq!(parse_domain("WWW.Example.org."), Ok("www.example.org".to_owned()));
        assert_eq!(parse_domain("localhost"), Ok("localhost".to_owned()));
        for bad in ["*.example.org", "127.0.0.1", "[::1]", "a..b", "", "example.org:443", "exa mple.org"] {
            assert!(parse_domain(bad).is_err(), "{bad}");
        }
    }
}
