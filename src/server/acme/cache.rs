//! The ACME cache: the account and the certificate, kept on disk so that a
//! restart serves at once and asks the ACME server for nothing. One folder
//! per ACME directory (staging and production never mix), mode 0700, its
//! files 0600: the account key and the certificate's key are secrets.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use instant_acme::AccountCredentials;

use crate::server::tls::TlsFiles;

const ACCOUNT: &str = "account.json";
const CERTIFICATE: &str = "certificate.pem";
const KEY: &str = "certificate-key.pem";

/// The cache of one ACME directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The folder for `directory_url` inside `root`, made if missing, with
    /// the owner alone allowed in.
    pub fn open(root: &Path, directory_url: &str) -> anyhow::Result<Self> {
        let dir = root.join(folder_name(directory_url));
        for folder in [root, dir.as_path()] {
            make_private_dir(folder)?;
        }
        Ok(Self { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The certificate's files, for serving and reloading.
    pub fn certificate_files(&self) -> TlsFiles {
        TlsFiles { cert: self.dir.join(CERTIFICATE), key: self.dir.join(KEY) }
    }

    /// The account's credentials, if one was made before.
    pub fn account(&self) -> anyhow::Result<Option<AccountCredentials>> {
        let path = self.dir.join(ACCOUNT);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error).with_context(|| format!("reading {}", path.display())),
        };
        serde_json::from_str(&text).map(Some).with_context(|| format!("{} is not an ACME account", path.display()))
    }

    pub fn save_account(&self, credentials: &AccountCredentials) -> anyhow::Result<()> {
        let json = serde_json::to_string_pretty(credentials).context("writing the account as JSON")?;
        write_private(&self.dir.join(ACCOUNT), json.as_bytes())
    }

    /// Keeps a new certificate: the key first, so that a reader never
    /// finds a new certificate beside an old key for long.
    pub fn save_certificate(&self, chain_pem: &str, key_pem: &str) -> anyhow::Result<()> {
        let files = self.certificate_files();
        write_private(&files.key, key_pem.as_bytes())?;
        write_private(&files.cert, chain_pem.as_bytes())
    }
}

/// A folder name for an ACME directory's address: its host, port and path,
/// with anything but letters, digits, dots and dashes made `_`.
fn folder_name(directory_url: &str) -> String {
    let rest = directory_url.split_once("://").map_or(directory_url, |(_, rest)| rest);
    rest.trim_end_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect()
}

#[cfg(unix)]
fn make_private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("making the ACME cache folder {}", dir.display()))?;
    // A folder made earlier, by hand or by systemd, may let others in.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("making {} private (mode 0700)", dir.display()))
}

#[cfg(not(unix))]
fn make_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("making the ACME cache folder {}", dir.display()))
}

/// Writes `bytes` to `path` whole or not at all (a file beside it, then a
/// rename), readable by the owner alone.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&partial).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    written.and_then(|()| std::fs::rename(&partial, path)).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_directory_has_a_folder_of_its_own() {
        assert_eq!(
            folder_name("https://acme-v02.api.letsencrypt.org/directory"),
            "acme-v02.api.letsencrypt.org_directory"
        );
        assert_eq!(folder_name("https://127.0.0.1:14000/dir"), "127.0.0.1_14000_dir");
        assert_ne!(
            folder_name("https://acme-staging-v02.api.letsencrypt.org/directory"),
            folder_name("https://acme-v02.api.letsencrypt.org/directory")
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_folders_are_0700_and_the_files_0600() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().expect("a folder");
        let cache_root = root.path().join("acme");
        std::fs::create_dir(&cache_root).expect("made");
        std::fs::set_permissions(&cache_root, std::fs::Permissions::from_mode(0o755)).expect("set");
        let cache = Cache::open(&cache_root, "https://127.0.0.1:14000/dir").expect("opened");
        cache.save_certificate("chain", "key").expect("saved");
        let mode = |path: &Path| std::fs::metadata(path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(&cache_root), 0o700);
        assert_eq!(mode(cache.dir()), 0o700);
        let files = cache.certificate_files();
        assert_eq!((mode(&files.cert), mode(&files.key)), (0o600, 0o600));
        assert_eq!(std::fs::read_to_string(&files.cert).expect("read"), "chain");
        assert!(cache.account().expect("no error").is_none());
    }
}
