//! HTTPS: the certificate being served, from PEM files (the operator's, or
//! the ACME cache's), swapped for a new one without dropping a connection;
//! and, with ACME, the answers to TLS-ALPN-01 challenges (RFC 8737).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use arc_swap::ArcSwapOption;
use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use super::acme::challenge::{ACME_TLS_ALPN, Challenges};
use super::acme::renewals::Renewals;

/// TLS sessions kept for resumption (TLS 1.2 by id, TLS 1.3 by a ticket
/// that names a kept session), shared by every worker: a returning client
/// skips the key exchange and the certificate. An entry is a few hundred
/// bytes, so this is some megabytes at most; rustls's default is 256.
const SESSIONS: usize = 16_384;

/// Where the certificate chain and its private key are read from.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// What the side listeners show of HTTPS: the certificate's expiry, and
/// with ACME how its renewals went and the HTTP-01 answers.
pub struct TlsStatus {
    pub certificates: Arc<Certificates>,
    pub renewals: Option<Arc<Renewals>>,
    pub challenges: Option<Arc<Challenges>>,
}

/// A certificate ready to serve, and what is known of it.
#[derive(Debug)]
pub struct Served {
    pub key: Arc<CertifiedKey>,
    /// The DNS names it is valid for.
    pub names: Vec<String>,
    pub not_before: SystemTime,
    pub not_after: SystemTime,
}

impl Served {
    /// The certificate itself (the first of the chain).
    pub fn leaf(&self) -> &CertificateDer<'static> {
        &self.key.cert[0]
    }
}

/// The certificate being served, replaced whole by `install` or `reload`.
/// Without one (ACME, before the first certificate) handshakes fail: the
/// site never serves a certificate made up on the spot.
#[derive(Debug)]
pub struct Certificates {
    files: TlsFiles,
    provider: Arc<CryptoProvider>,
    current: ArcSwapOption<Served>,
    /// With ACME: the challenge answers, offered to the ACME server's validator only.
    challenges: Option<Arc<Challenges>>,
}

impl Certificates {
    /// Reads the certificate and key; fails, naming the file, if either is
    /// missing, unreadable, empty or the two do not belong together.
    pub fn load(files: TlsFiles) -> anyhow::Result<Arc<Self>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let served = read_served(&files, &provider)?;
        Ok(Arc::new(Self { files, provider, current: ArcSwapOption::from_pointee(served), challenges: None }))
    }

    /// For ACME: the certificate in the cache's `files`, if they hold one,
    /// and the challenges to answer.
    pub fn for_acme(files: TlsFiles, challenges: Arc<Challenges>) -> Arc<Self> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let served = read_served(&files, &provider).ok();
        Arc::new(Self {
            files,
            provider,
            current: ArcSwapOption::new(served.map(Arc::new)),
            challenges: Some(challenges),
        })
    }

    /// Reads the files again. On success new handshakes get the new
    /// certificate; on failure the old one stays.
    pub fn reload(&self) -> anyhow::Result<()> {
        let served = read_served(&self.files, &self.provider)?;
        self.current.store(Some(Arc::new(served)));
        Ok(())
    }

    /// Whether the certificate comes from an ACME server.
    pub fn is_acme(&self) -> bool {
        self.challenges.is_some()
    }

    /// Whether the certificate files exist (with ACME, not before the first order).
    pub fn files_exist(&self) -> bool {
        self.files.cert.exists() && self.files.key.exists()
    }

    /// The certificate being served, if there is one.
    pub fn current(&self) -> Option<Arc<Served>> {
        self.current.load_full()
    }

    /// Seconds until the certificate served expires (below zero: expired
    /// since); zero while there is none.
    pub fn seconds_left(&self) -> i64 {
        self.current().map_or(0, |served| match served.not_after.duration_since(SystemTime::now()) {
            Ok(left) => i64::try_from(left.as_secs()).unwrap_or(i64::MAX),
            Err(past) => -i64::try_from(past.duration().as_secs()).unwrap_or(i64::MAX),
        })
    }

    /// The crypto provider, for making the challenges' certificates.
    pub fn provider(&self) -> &CryptoProvider {
        &self.provider
    }

    /// The rustls configuration that serves these certificates: TLS 1.2
    /// and 1.3 with rustls's safe defaults, HTTP/2 or HTTP/1.1 by ALPN,
    /// and with ACME the challenges' protocol. 0-RTT stays off: early data
    /// can be replayed by anyone who saw it.
    pub fn server_config(self: &Arc<Self>) -> anyhow::Result<Arc<rustls::ServerConfig>> {
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::clone(&self.provider))
            .with_safe_default_protocol_versions()
            .context("choosing the TLS versions")?
            .with_no_client_auth()
            .with_cert_resolver(Arc::clone(self) as Arc<dyn ResolvesServerCert>);
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        config.session_storage = rustls::server::ServerSessionMemoryCache::new(SESSIONS);
        if self.challenges.is_some() {
            config.alpn_protocols.push(ACME_TLS_ALPN.to_vec());
        }
        Ok(Arc::new(config))
    }
}

impl ResolvesServerCert for Certificates {
    fn resolve(&self, client_hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        if let Some(challenges) = &self.challenges
            && client_hello.alpn().is_some_and(|mut offered| offered.any(|p| p == ACME_TLS_ALPN))
        {
            return client_hello.server_name().and_then(|name| challenges.tls_alpn(name));
        }
        let served = self.current.load();
        if served.is_none() {
            tracing::debug!("a TLS handshake failed: there is no certificate yet");
        }
        served.as_ref().map(|served| Arc::clone(&served.key))
    }
}

fn read_served(files: &TlsFiles, provider: &CryptoProvider) -> anyhow::Result<Served> {
    let chain = read_chain(&files.cert)?;
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| pem_error(&files.key, &PRIVATE_KEY, e))?;
    let key = CertifiedKey::from_der(chain, key, provider).with_context(|| {
        format!(
            "the private key in {} cannot serve the certificate in {}: is it the key of that certificate?",
            files.key.display(),
            files.cert.display()
        )
    })?;
    served(key).with_context(|| format!("reading the certificate in {}", files.cert.display()))
}

/// The certificate `key` serves, with its names and dates read from it.
pub fn served(key: CertifiedKey) -> anyhow::Result<Served> {
    let leaf = key.cert.first().context("the chain is empty")?;
    let (_, parsed) = x509_parser::parse_x509_certificate(leaf).map_err(|e| anyhow::anyhow!("not X.509: {e}"))?;
    let time = |t: x509_parser::time::ASN1Time| unix_time(t.timestamp());
    let names = parsed
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|name| match name {
                    x509_parser::extensions::GeneralName::DNSName(dns) => Some(dns.to_ascii_lowercase()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let (not_before, not_after) = (time(parsed.validity().not_before), time(parsed.validity().not_after));
    Ok(Served { key: Arc::new(key), names, not_before, not_after })
}

/// The time `seconds` after (or before) 1970.
pub fn unix_time(seconds: i64) -> SystemTime {
    let offset = std::time::Duration::from_secs(seconds.unsigned_abs());
    if seconds >= 0 { UNIX_EPOCH + offset } else { UNIX_EPOCH - offset }
}

fn read_chain(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let chain = CertificateDer::pem_file_iter(path)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .map_err(|e| pem_error(path, &CERTIFICATE, e))?;
    if chain.is_empty() {
        return Err(pem_error(path, &CERTIFICATE, rustls_pki_types::pem::Error::NoItemsFound));
    }
    Ok(chain)
}

/// What a PEM file should hold, for the messages about it.
struct PemContent {
    what: &'static str,
    expected: &'static str,
}

const CERTIFICATE: PemContent = PemContent { what: "certificate", expected: "a \"-----BEGIN CERTIFICATE-----\" block" };
const PRIVATE_KEY: PemContent = PemContent {
    what: "private key",
    expected: "an unencrypted \"-----BEGIN PRIVATE KEY-----\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\" block",
};

/// Says which file is wrong and what was expected in it.
fn pem_error(path: &Path, content: &PemContent, error: rustls_pki_types::pem::Error) -> anyhow::Error {
    let (path, what) = (path.display(), content.what);
    match error {
        rustls_pki_types::pem::Error::Io(e) => anyhow::anyhow!("cannot read the {what} file {path}: {e}"),
        rustls_pki_types::pem::Error::NoItemsFound => {
            anyhow::anyhow!("there is no PEM {what} in {path} (expected {})", content.expected)
        }
        other => anyhow::anyhow!("the {what} file {path} is not valid PEM: {other:?}"),
    }
}
