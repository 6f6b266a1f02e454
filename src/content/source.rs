//! Where the content comes from: the copy built into the binary, or a folder.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::diagnostic::Diagnostic;

/// The repository's `content/`, built into the binary.
static BUILT_IN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// The content files, in the order they are read and reported.
pub const FILES: [&str; 7] =
    ["site.toml", "aseic.toml", "asem.toml", "members.toml", "eco_innovation.toml", "sme.toml", "accessibility.toml"];

/// Where the content files are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentSource {
    /// The copy of `content/` built into the binary.
    BuiltIn,
    /// A folder on disk, read afresh at each load.
    Dir(PathBuf),
}

impl ContentSource {
    /// The raw bytes of one content file, or why they cannot be had.
    pub fn read(&self, file: &str) -> Result<Vec<u8>, Diagnostic> {
        match self {
            ContentSource::BuiltIn => BUILT_IN.get_file(file).map(|f| f.contents().to_vec()).ok_or_else(|| {
                Diagnostic::whole_file(file, "the file is missing from the built-in content")
                    .with_hint("add it to content/ and build again")
            }),
            ContentSource::Dir(dir) => read_from_dir(dir, file),
        }
    }
}

impl std::fmt::Display for ContentSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContentSource::BuiltIn => f.write_str("the built-in content"),
            ContentSource::Dir(dir) => write!(f, "the content in {}", dir.display()),
        }
    }
}

fn read_from_dir(dir: &Path, file: &str) -> Result<Vec<u8>, Diagnostic> {
    let path = dir.join(file);
    std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Diagnostic::whole_file(file, format!("the file is missing: there is no {}", path.display()))
                .with_hint(format!("every content folder needs {file}; copy it from the repository's content/"))
        }
        _ => Diagnostic::whole_file(file, format!("the file cannot be read: {e} ({})", path.display()))
            .with_hint("make sure it is a plain file that the server's user may read"),
    })
}
