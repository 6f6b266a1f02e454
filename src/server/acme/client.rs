//! The HTTPS client that speaks to the ACME server: the system's roots,
//! and the operator's extra one (`--acme-directory-ca`) for a test server
//! such as pebble, which has its own.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use instant_acme::{Account, AccountBuilder, BodyWrapper};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::{DigitallySignedStruct, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

/// An account builder whose client trusts the system's roots and `extra_root`.
pub fn account_builder(extra_root: Option<&Path>) -> anyhow::Result<AccountBuilder> {
    let extra = match extra_root {
        Some(path) => CertificateDer::pem_file_iter(path)
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .map_err(|e| anyhow::anyhow!("reading the ACME server's root from {}: {e:?}", path.display()))?,
        None => Vec::new(),
    };
    if extra_root.is_some() && extra.is_empty() {
        anyhow::bail!("there is no PEM certificate in {}", extra_root.unwrap_or(Path::new("")).display());
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls_platform_verifier::Verifier::new_with_extra_roots(extra.clone(), Arc::clone(&provider))
        .context("loading the roots to trust for the ACME server")?;
    let verifier = TrustedOrGiven { roots, given: extra };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("choosing the TLS versions")?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    let connector =
        hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(config).https_only().enable_http1().build();
    let client = Client::builder(TokioExecutor::new()).build::<_, BodyWrapper<bytes::Bytes>>(connector);
    Ok(Account::builder_with_http(Box::new(client)))
}

/// Trusts what the roots vouch for, and the very certificates the operator
/// gave: a test server's self-signed certificate is often marked as a CA,
/// which webpki refuses to see at the end of a chain, though it is the one
/// the operator said to trust (OpenSSL, and so curl, take it too).
#[derive(Debug)]
struct TrustedOrGiven {
    roots: rustls_platform_verifier::Verifier,
    given: Vec<CertificateDer<'static>>,
}

impl ServerCertVerifier for TrustedOrGiven {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if self.given.iter().any(|given| given.as_ref() == end_entity.as_ref()) {
            return Ok(ServerCertVerified::assertion());
        }
        self.roots.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        certificate: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.roots.verify_tls12_signature(message, certificate, signature)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        certificate: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.roots.verify_tls13_signature(message, certificate, signature)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.roots.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_self_signed_ca_certificate_is_trusted_at_the_end_of_the_chain() {
        let key = rcgen::KeyPair::generate().expect("a key");
        let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("parameters");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let given = params.self_signed(&key).expect("a certificate").der().clone();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots = rustls_platform_verifier::Verifier::new_with_extra_roots([given.clone()], provider).expect("roots");
        let verifier = TrustedOrGiven { roots, given: vec![given.clone()] };
        let name = ServerName::try_from("localhost").expect("a name");
        assert!(verifier.verify_server_cert(&given, &[], &name, &[], UnixTime::now()).is_ok());
        let other = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("another");
        assert!(verifier.verify_server_cert(other.cert.der(), &[], &name, &[], UnixTime::now()).is_err());
    }
}
