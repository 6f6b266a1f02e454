//! How the certificate's renewals went, for the metrics.

use std::sync::atomic::{AtomicU64, Ordering};

/// Certificates obtained from the ACME server, and attempts that failed.
#[derive(Debug, Default)]
pub struct Renewals {
    obtained: AtomicU64,
    failed: AtomicU64,
}

impl Renewals {
    /// Certificates obtained, and attempts that failed.
    pub fn counts(&self) -> (u64, u64) {
        (self.obtained.load(Ordering::Relaxed), self.failed.load(Ordering::Relaxed))
    }

    pub(super) fn count_obtained(&self) {
        self.obtained.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn count_failed(&self) {
        self.failed.fetch_add(1, Ordering::Relaxed);
    }
}
