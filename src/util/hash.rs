//! The short hash that names a version of some bytes (a content folder, a
//! page, an asset), and the hash by which a Content-Security-Policy allows
//! one inline style or script.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The policy source that allows the inline `<style>` or `<script>` whose
/// text is exactly `text`: `'sha256-<base64>'`.
pub fn policy_source(text: &str) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()));
    format!("'sha256-{hash}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_hex_digits_that_change_with_the_bytes() {
        let a = content_hash(b"Asia");
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, content_hash(b"Europe"));
        assert_eq!(a, content_hash(b"Asia"));
    }

    #[test]
    fn the_policy_source_is_the_base64_of_the_sha256() {
        // The example of the CSP specification's section on hashes.
        assert_eq!(policy_source("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    }
}
