//! HTTPS: the certificate and key from PEM files, served with rustls, and
//! swapped for new ones on SIGHUP without dropping a connection.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use arc_swap::ArcSwap;
use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// Where the certificate chain and its private key are read from.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The certificate being served, replaced whole by `reload`.
#[derive(Debug)]
pub struct Certificates {
    files: TlsFiles,
    provider: Arc<CryptoProvider>,
    current: ArcSwap<CertifiedKey>,
}

impl Certificates {
    /// Reads the certificate and key; fails, naming the file, if either is
    /// missing, unreadable, empty or the two do not belong together.
    pub fn load(files: TlsFiles) -> anyhow::Result<Arc<Self>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = read_certified_key(&files, &provider)?;
        Ok(Arc::new(Self { files, provider, current: ArcSwap::from_pointee(key) }))
    }

    /// Reads the files again. On success new handshakes get the new
    /// certificate; on failure the old one stays.
    pub fn reload(&self) -> anyhow::Result<()> {
        let key = read_certified_key(&self.files, &self.provider)?;
        self.current.store(Arc::new(key));
        Ok(())
    }

    /// The rustls configuration that serves these certificates: TLS 1.2
    /// and 1.3 with rustls's safe defaults, HTTP/2 or HTTP/1.1 by ALPN.
    pub fn server_config(self: &Arc<Self>) -> anyhow::Result<Arc<rustls::ServerConfig>> {
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::clone(&self.provider))
            .with_safe_default_protocol_versions()
            .context("choosing the TLS versions")?
            .with_no_client_auth()
            .with_cert_resolver(Arc::clone(self) as Arc<dyn ResolvesServerCert>);
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

impl ResolvesServerCert for Certificates {
    fn resolve(&self, _client_hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.load_full())
    }
}

fn read_certified_key(files: &TlsFiles, provider: &CryptoProvider) -> anyhow::Result<CertifiedKey> {
    let chain = read_chain(&files.cert)?;
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| pem_error(&files.key, &PRIVATE_KEY, e))?;
    CertifiedKey::from_der(chain, key, provider).with_context(|| {
        format!(
            "the private key in {} cannot serve the certificate in {}: is it the key of that certificate?",
            files.key.display(),
            files.cert.display()
        )
    })
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
