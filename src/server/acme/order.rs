//! One ACME order (RFC 8555, section 7.4): answer a challenge for each
//! domain, finalise, and fetch the certificate.

use std::time::Duration;

use anyhow::Context;
use instant_acme::{
    Account, AuthorizationStatus, CertificateIdentifier, ChallengeType, Identifier, NewOrder, OrderStatus, RetryPolicy,
};
use rustls::crypto::CryptoProvider;

use super::challenge::Challenges;

/// A certificate issued: its chain and its private key, as PEM.
pub struct Issued {
    pub chain_pem: String,
    pub key_pem: String,
}

/// How long the ACME server may take to validate, and then to issue.
fn patience() -> RetryPolicy {
    RetryPolicy::default().initial_delay(Duration::from_millis(250)).timeout(Duration::from_secs(90))
}

/// Orders a certificate for `domains`, answering each challenge by `kind`.
/// With `replaces`, the order says which certificate it renews (RFC 9773).
/// The answers are forgotten when it ends, however it ends.
pub async fn order(
    account: &Account,
    domains: &[String],
    kind: ChallengeType,
    challenges: &Challenges,
    provider: &CryptoProvider,
    replaces: Option<CertificateIdentifier<'static>>,
) -> anyhow::Result<Issued> {
    let answered = answer_and_finish(account, domains, &kind, challenges, provider, replaces).await;
    challenges.clear();
    answered
}

async fn answer_and_finish(
    account: &Account,
    domains: &[String],
    kind: &ChallengeType,
    challenges: &Challenges,
    provider: &CryptoProvider,
    replaces: Option<CertificateIdentifier<'static>>,
) -> anyhow::Result<Issued> {
    let identifiers: Vec<Identifier> = domains.iter().map(|domain| Identifier::Dns(domain.clone())).collect();
    let mut new_order = NewOrder::new(&identifiers);
    if let Some(replaces) = replaces {
        new_order = new_order.replaces(replaces);
    }
    let mut order = account.new_order(&new_order).await.context("placing the order")?;
    let mut authorizations = order.authorizations();
    while let Some(authorization) = authorizations.next().await {
        let mut authorization = authorization.context("reading an authorisation")?;
        match authorization.status {
            // Proved lately: the server remembers it.
            AuthorizationStatus::Valid => continue,
            AuthorizationStatus::Pending => {}
            status => anyhow::bail!("an authorisation is {status:?}, not pending"),
        }
        let domain = authorization.identifier().to_string();
        let mut challenge = authorization
            .challenge(kind.clone())
            .with_context(|| format!("the ACME server offers no {kind:?} challenge for {domain}"))?;
        let key_authorization = challenge.key_authorization();
        match kind {
            ChallengeType::TlsAlpn01 => {
                challenges.answer_tls_alpn(&domain, key_authorization.digest().as_ref(), provider)?;
            }
            _ => challenges.answer_http(&challenge.token, key_authorization.as_str()),
        }
        challenge.set_ready().await.with_context(|| format!("telling the ACME server that {domain} is ready"))?;
    }
    let status = order.poll_ready(&patience()).await.context("waiting for the validation")?;
    if status != OrderStatus::Ready {
        return Err(anyhow::anyhow!(why_invalid(&mut order).await)).context("the validation failed");
    }
    let key_pem = order.finalize().await.context("finalising the order")?;
    let chain_pem = order.poll_certificate(&patience()).await.context("fetching the certificate")?;
    Ok(Issued { chain_pem, key_pem })
}

/// What the ACME server said of each failed challenge.
async fn why_invalid(order: &mut instant_acme::Order) -> String {
    let mut reasons = Vec::new();
    let mut authorizations = order.authorizations();
    while let Some(Ok(authorization)) = authorizations.next().await {
        let domain = authorization.identifier().to_string();
        for challenge in &authorization.challenges {
            if let Some(problem) = &challenge.error {
                reasons.push(format!("{domain}: {problem}"));
            }
        }
    }
    if reasons.is_empty() { "the order is invalid".to_owned() } else { reasons.join("; ") }
}
