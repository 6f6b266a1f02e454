//! The short hash that names a version of some bytes: a content folder, a
//! page, an asset.

use sha2::{Digest, Sha256};

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
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
}
