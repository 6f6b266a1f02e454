//! The task that gets the certificate and keeps it fresh: it orders one
//! when there is none (or none for the configured names), renews at two
//! thirds of its lifetime or in the window the ACME server suggests
//! (RFC 9773), and after a failure keeps the certificate it has and tries
//! again later, each time twice as late, up to an hour.

use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use instant_acme::{Account, CertificateIdentifier, ChallengeType, NewAccount};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use super::order::order;
use super::{Acme, client};
use crate::server::tls::{Served, unix_time};
use crate::site::Date;

/// The wait after a first failure; it doubles with each failure after.
const FIRST_RETRY: Duration = Duration::from_secs(120);
/// The longest wait between attempts: Let's Encrypt allows five failed
/// validations an hour for a name.
const LAST_RETRY: Duration = Duration::from_secs(3600);
/// How long one attempt (account, order, validation, issue) may take.
const ATTEMPT: Duration = Duration::from_secs(300);
/// The first look at the renewal window comes this long after the start,
/// so that a restart asks the ACME server for nothing.
const FIRST_RENEWAL_INFO: Duration = Duration::from_secs(6 * 3600);

/// What the ACME server's renewal information (ARI) has told.
enum RenewalInfo {
    /// Not asked yet; ask at this instant.
    AskAt(Instant),
    /// Renew at this time (a moment chosen in the suggested window); ask again at the instant.
    RenewAt(SystemTime, Instant),
    /// The server does not offer it: two thirds of the lifetime it is.
    Unsupported,
}

pub(super) struct Manager {
    acme: Acme,
    http01: bool,
    account: Option<Account>,
    renewal_info: RenewalInfo,
    failures: u32,
}

impl Manager {
    pub(super) fn new(acme: Acme, http01: bool) -> Self {
        let renewal_info = RenewalInfo::AskAt(Instant::now() + FIRST_RENEWAL_INFO);
        Self { acme, http01, account: None, renewal_info, failures: 0 }
    }

    pub(super) async fn run(mut self, mut renew_now: UnboundedReceiver<()>) {
        let domains = self.acme.options.domains.join(", ");
        match self.serving() {
            Some(served) => tracing::info!(
                "using the cached certificate for {domains} in {} (valid until {}, renewal due {})",
                self.acme.cache.dir().display(),
                Date::of(served.not_after).iso(),
                Date::of(renew_at(&served, None)).iso(),
            ),
            None => tracing::info!(
                "waiting for a certificate for {domains} from {}: until it comes, HTTPS handshakes fail",
                self.acme.options.directory
            ),
        }
        loop {
            let wait = self.wait();
            let woken_by_signal = tokio::select! {
                () = tokio::time::sleep(wait) => false,
                asked = renew_now.recv() => match asked {
                    Some(()) => true,
                    None => return,
                },
            };
            if !woken_by_signal && self.failures == 0 && self.ask_renewal_info_now() {
                self.ask_renewal_info().await;
                if !self.due() {
                    continue;
                }
            }
            self.attempt(&domains).await;
        }
    }

    /// The certificate served now, if it is for every configured name.
    fn serving(&self) -> Option<Arc<Served>> {
        let served = self.acme.certificates.current()?;
        let covers = self.acme.options.domains.iter().all(|domain| served.names.contains(domain));
        covers.then_some(served)
    }

    /// Whether the certificate should be renewed now.
    fn due(&self) -> bool {
        self.serving().is_none_or(|served| renew_at(&served, self.suggested()) <= SystemTime::now())
    }

    fn suggested(&self) -> Option<SystemTime> {
        match self.renewal_info {
            RenewalInfo::RenewAt(at, _) => Some(at),
            _ => None,
        }
    }

    fn ask_renewal_info_now(&self) -> bool {
        match self.renewal_info {
            RenewalInfo::AskAt(at) | RenewalInfo::RenewAt(_, at) => at <= Instant::now(),
            RenewalInfo::Unsupported => false,
        }
    }

    /// How long to sleep before the next thing to do.
    fn wait(&self) -> Duration {
        if self.failures > 0 {
            return retry_after(self.failures);
        }
        let Some(served) = self.serving() else { return Duration::ZERO };
        let until_renewal = renew_at(&served, self.suggested()).duration_since(SystemTime::now()).unwrap_or_default();
        match self.renewal_info {
            RenewalInfo::AskAt(at) | RenewalInfo::RenewAt(_, at) => {
                until_renewal.min(at.saturating_duration_since(Instant::now()))
            }
            RenewalInfo::Unsupported => until_renewal,
        }
    }

    /// One try at a new certificate; the outcome is logged and counted.
    async fn attempt(&mut self, domains: &str) {
        let outcome = tokio::time::timeout(ATTEMPT, self.obtain()).await;
        let outcome = outcome.unwrap_or_else(|_| Err(anyhow::anyhow!("no certificate within {ATTEMPT:?}")));
        match outcome {
            Ok(served) => {
                self.failures = 0;
                self.acme.renewals.count_obtained();
                if let RenewalInfo::RenewAt(_, ask) = self.renewal_info {
                    self.renewal_info = RenewalInfo::AskAt(ask);
                }
                tracing::info!(
                    "certificate for {domains} obtained from {}: valid until {}, renewal due {}",
                    self.acme.options.directory,
                    Date::of(served.not_after).iso(),
                    Date::of(renew_at(&served, None)).iso(),
                );
            }
            Err(error) => {
                self.failures += 1;
                self.acme.renewals.count_failed();
                let kept = match self.acme.certificates.current() {
                    Some(served) => {
                        format!(
                            "still serving the current certificate, valid until {}",
                            Date::of(served.not_after).iso()
                        )
                    }
                    None => "there is still no certificate, so HTTPS handshakes fail".to_owned(),
                };
                tracing::error!(
                    "getting a certificate for {domains} failed (attempt {}): {error:#}; {kept}; trying again in {} s",
                    self.failures,
                    retry_after(self.failures).as_secs()
                );
            }
        }
    }

    /// Orders a certificate, by each kind of challenge that can work until
    /// one does, and keeps and serves it.
    async fn obtain(&mut self) -> anyhow::Result<Arc<Served>> {
        let account = self.account().await?;
        let replaces = match (&self.renewal_info, self.serving()) {
            (RenewalInfo::RenewAt(..), Some(served)) if self.failures == 0 => {
                CertificateIdentifier::try_from(served.leaf()).ok().map(CertificateIdentifier::into_owned)
            }
            _ => None,
        };
        let mut kinds = vec![ChallengeType::TlsAlpn01];
        if self.http01 {
            kinds.push(ChallengeType::Http01);
        }
        let mut failures = Vec::new();
        for kind in kinds {
            let provider = self.acme.certificates.provider();
            let domains = &self.acme.options.domains;
            match order(&account, domains, kind.clone(), &self.acme.challenges, provider, replaces.clone()).await {
                Ok(issued) => {
                    self.acme.cache.save_certificate(&issued.chain_pem, &issued.key_pem)?;
                    self.acme.certificates.reload().context("serving the new certificate")?;
                    return self.acme.certificates.current().context("the new certificate is not served");
                }
                Err(error) => failures.push(format!("by {kind:?}: {error:#}")),
            }
        }
        anyhow::bail!("{}", failures.join("; "))
    }

    /// The ACME account: the cached one, or a new one (kept in the cache).
    async fn account(&mut self) -> anyhow::Result<Account> {
        if let Some(account) = &self.account {
            return Ok(account.clone());
        }
        let options = &self.acme.options;
        let builder = client::account_builder(options.directory_ca.as_deref())?;
        let account = match self.acme.cache.account()? {
            Some(credentials) => builder
                .from_credentials(credentials)
                .await
                .context("reaching the ACME server with the cached account")?,
            None => {
                let contact: Vec<&str> = options.contact.iter().map(String::as_str).collect();
                let new = NewAccount { contact: &contact, terms_of_service_agreed: true, only_return_existing: false };
                let (account, credentials) = builder
                    .create(&new, options.directory.clone(), None)
                    .await
                    .with_context(|| format!("making an account at {}", options.directory))?;
                self.acme.cache.save_account(&credentials)?;
                tracing::info!("ACME account made at {}: {}", options.directory, account.id());
                account
            }
        };
        self.account = Some(account.clone());
        Ok(account)
    }

    /// Asks the ACME server when it would have the certificate renewed.
    async fn ask_renewal_info(&mut self) {
        let Some(served) = self.serving() else { return };
        let asked = async {
            let account = self.account().await?;
            let id = CertificateIdentifier::try_from(served.leaf())
                .map_err(|e| anyhow::anyhow!("reading the certificate's identifier: {e}"))?;
            anyhow::Ok(account.renewal_info(&id).await)
        };
        self.renewal_info = match asked.await {
            Ok(Ok((info, retry))) => {
                let window = info.suggested_window;
                let start = unix_time(window.start.unix_timestamp());
                let end = unix_time(window.end.unix_timestamp());
                let again = Instant::now() + retry.clamp(Duration::from_secs(3600), Duration::from_secs(86_400));
                RenewalInfo::RenewAt(moment_between(start, end), again)
            }
            Ok(Err(instant_acme::Error::Unsupported(_))) => RenewalInfo::Unsupported,
            Ok(Err(error)) => {
                tracing::warn!("asking the ACME server for the renewal window failed: {error}");
                RenewalInfo::AskAt(Instant::now() + Duration::from_secs(3600))
            }
            Err(error) => {
                tracing::warn!("asking the ACME server for the renewal window failed: {error:#}");
                RenewalInfo::AskAt(Instant::now() + Duration::from_secs(3600))
            }
        };
    }
}

/// When to renew `served`: at two thirds of its lifetime, or earlier if
/// the ACME server suggested it.
fn renew_at(served: &Served, suggested: Option<SystemTime>) -> SystemTime {
    let lifetime = served.not_after.duration_since(served.not_before).unwrap_or_default();
    let two_thirds = served.not_before + lifetime * 2 / 3;
    suggested.map_or(two_thirds, |suggested| suggested.min(two_thirds))
}

/// The wait after `failures` failures in a row.
fn retry_after(failures: u32) -> Duration {
    FIRST_RETRY.saturating_mul(1 << failures.saturating_sub(1).min(16)).min(LAST_RETRY)
}

/// A moment chosen at random between `start` and `end`, as RFC 9773 asks,
/// so that many clients do not renew at once.
fn moment_between(start: SystemTime, end: SystemTime) -> SystemTime {
    let span = end.duration_since(start).unwrap_or_default();
    let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
    start + span.mul_f64(random as f64 / u64::MAX as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_two_minutes_to_an_hour() {
        let waits: Vec<u64> = (1..=7).map(|n| retry_after(n).as_secs()).collect();
        assert_eq!(waits, [120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(retry_after(u32::MAX), LAST_RETRY);
    }

    #[test]
    fn a_random_moment_stays_in_its_window() {
        let start = unix_time(1_000_000);
        let end = unix_time(1_086_400);
        for _ in 0..100 {
            let moment = moment_between(start, end);
            assert!(start <= moment && moment <= end);
        }
        assert_eq!(moment_between(end, start), end);
    }
}
