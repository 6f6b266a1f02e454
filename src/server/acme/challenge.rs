//! The answers to the ACME server's challenges while an order is open:
//! a certificate for TLS-ALPN-01 (RFC 8737), a key authorisation for
//! HTTP-01 (RFC 8555, section 8.3).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Context;
use rustls::crypto::CryptoProvider;
use rustls::sign::CertifiedKey;
use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// The ALPN protocol of TLS-ALPN-01's validation handshakes.
pub const ACME_TLS_ALPN: &[u8] = b"acme-tls/1";
/// Where HTTP-01 looks for a token's answer.
pub const HTTP_PATH: &str = "/.well-known/acme-challenge/";

/// The challenges open now, by domain (TLS-ALPN-01) and token (HTTP-01).
#[derive(Debug, Default)]
pub struct Challenges {
    tls_alpn: Mutex<HashMap<String, Arc<CertifiedKey>>>,
    http: Mutex<HashMap<String, String>>,
}

impl Challenges {
    /// Answers TLS-ALPN-01 for `domain`: a self-signed certificate for it
    /// that carries `digest`, the SHA-256 of the key authorisation, in the
    /// critical acmeIdentifier extension.
    pub fn answer_tls_alpn(&self, domain: &str, digest: &[u8], provider: &CryptoProvider) -> anyhow::Result<()> {
        let mut params = rcgen::CertificateParams::new(vec![domain.to_owned()]).context("a challenge certificate")?;
        params.custom_extensions = vec![rcgen::CustomExtension::new_acme_identifier(digest)];
        let key = rcgen::KeyPair::generate().context("a challenge key")?;
        let cert = params.self_signed(&key).context("signing the challenge certificate")?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        // Not `from_der`: its check that key and certificate match parses the
        // certificate as webpki does, which refuses the critical extension.
        let signing_key = provider.key_provider.load_private_key(key).context("loading the challenge key")?;
        let certified = CertifiedKey::new(vec![cert.der().clone()], signing_key);
        lock(&self.tls_alpn).insert(domain.to_ascii_lowercase(), Arc::new(certified));
        Ok(())
    }

    /// The TLS-ALPN-01 answer for `domain`, while its challenge is open.
    pub fn tls_alpn(&self, domain: &str) -> Option<Arc<CertifiedKey>> {
        lock(&self.tls_alpn).get(&domain.to_ascii_lowercase()).cloned()
    }

    /// Answers HTTP-01: `key_authorization` at `HTTP_PATH` + `token`.
    pub fn answer_http(&self, token: &str, key_authorization: &str) {
        lock(&self.http).insert(token.to_owned(), key_authorization.to_owned());
    }

    /// The HTTP-01 answer at `path`, while its challenge is open.
    pub fn http(&self, path: &str) -> Option<String> {
        let token = path.strip_prefix(HTTP_PATH)?;
        lock(&self.http).get(token).cloned()
    }

    /// Forgets every answer: the order is over.
    pub fn clear(&self) {
        lock(&self.tls_alpn).clear();
        lock(&self.http).clear();
    }
}

/// The maps hold whole values only, so a panic elsewhere cannot leave one
/// half-written: a poisoned lock is still good.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_given_for_its_own_domain_and_token_until_cleared() {
        let challenges = Challenges::default();
        let provider = rustls::crypto::ring::default_provider();
        challenges.answer_tls_alpn("www.example.org", &[7; 32], &provider).expect("an answer");
        challenges.answer_http("tok3n", "tok3n.thumb");
        assert!(challenges.tls_alpn("WWW.example.org").is_some());
        assert!(challenges.tls_alpn("example.org").is_none());
        assert_eq!(challenges.http("/.well-known/acme-challenge/tok3n").as_deref(), Some("tok3n.thumb"));
        assert_eq!(challenges.http("/.well-known/acme-challenge/other"), None);
        assert_eq!(challenges.http("/tok3n"), None);
        challenges.clear();
        assert!(challenges.tls_alpn("www.example.org").is_none());
        assert_eq!(challenges.http("/.well-known/acme-challenge/tok3n"), None);
    }

    #[test]
    fn the_tls_alpn_certificate_names_the_domain_and_carries_the_digest() {
        let challenges = Challenges::default();
        let provider = rustls::crypto::ring::default_provider();
        challenges.answer_tls_alpn("www.example.org", &[9; 32], &provider).expect("an answer");
        let certified = challenges.tls_alpn("www.example.org").expect("kept");
        let (_, parsed) = x509_parser::parse_x509_certificate(&certified.cert[0]).expect("X.509");
        let acme_identifier = x509_parser::oid_registry::Oid::from(&[1, 3, 6, 1, 5, 5, 7, 1, 31]).expect("an OID");
        let extension = parsed.get_extension_unique(&acme_identifier).expect("one").expect("present");
        assert!(extension.critical);
        // A DER OCTET STRING of 32 bytes: 0x04 0x20, then the digest.
        assert_eq!(extension.value, [[4u8, 32].as_slice(), &[9; 32]].concat());
        let san = parsed.subject_alternative_name().expect("valid").expect("present");
        assert_eq!(format!("{:?}", san.value.general_names), "[DNSName(\"www.example.org\")]");
    }
}
