//! Where the content comes from: the copy built into the binary, or a
//! folder. From a folder, only regular files inside it are read (a link
//! may point elsewhere in the folder, as Kubernetes' ConfigMaps do, but
//! not out of it), and none beyond `MAX_FILE_BYTES`.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::diagnostic::Diagnostic;

/// The repository's `content/`, built into the binary.
static BUILT_IN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// The content files, in the order they are read and reported.
pub const FILES: [&str; 8] = [
    "site.toml",
    "aseic.toml",
    "asem.toml",
    "members.toml",
    "eco_innovation.toml",
    "sme.toml",
    "accessibility.toml",
    "ui.toml",
];

/// The glossary of abbreviations: read when it is there, and no problem
/// when it is not (the pages then write out none).
pub const GLOSSARY: &str = "glossary.toml";

/// No content file may be larger: far above any real one (the largest is
/// a few tens of kilobytes), and a bound on what one load may take.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// No media file (an image, a PDF) may be larger: room for a photograph
/// or a programme, not for a video.
pub const MAX_MEDIA_BYTES: u64 = 5 * 1024 * 1024;

/// Where the content files are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentSource {
    /// The copy of `content/` built into the binary.
    BuiltIn,
    /// A folder on disk, read afresh at each load.
    Dir(PathBuf),
}

impl std::fmt::Display for ContentSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContentSource::BuiltIn => f.write_str("the built-in content"),
            ContentSource::Dir(dir) => write!(f, "the content in {}", dir.display()),
        }
    }
}

impl ContentSource {
    /// Opens the source for one load: for a folder, checks that it is one.
    pub fn open(&self) -> Result<OpenSource<'_>, Diagnostic> {
        match self {
            ContentSource::BuiltIn => Ok(OpenSource::BuiltIn),
            ContentSource::Dir(dir) => {
                let root = open_folder(dir)?;
                Ok(OpenSource::Dir { dir, root })
            }
        }
    }
}

/// A source ready to read from.
#[derive(Debug)]
pub enum OpenSource<'a> {
    BuiltIn,
    /// The folder as given, and where it really is (links resolved).
    Dir {
        dir: &'a Path,
        root: PathBuf,
    },
}

/// One entry of a folder of the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path from the content folder, with `/` between names: `pages/a.md`.
    pub path: String,
    pub is_folder: bool,
}

impl Entry {
    /// Its own name: `a.md`.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

impl OpenSource<'_> {
    /// The raw bytes of one content file (`site.toml`, `pages/a.md`), or why
    /// they cannot be had.
    pub fn read(&self, file: &str) -> Result<Vec<u8>, Diagnostic> {
        self.read_at_most(file, MAX_FILE_BYTES)
    }

    /// The raw bytes of one media file.
    pub fn read_media(&self, file: &str) -> Result<Vec<u8>, Diagnostic> {
        self.read_at_most(file, MAX_MEDIA_BYTES)
    }

    fn read_at_most(&self, file: &str, cap: u64) -> Result<Vec<u8>, Diagnostic> {
        match self {
            OpenSource::BuiltIn => BUILT_IN.get_file(file).map(|f| f.contents().to_vec()).ok_or_else(|| {
                Diagnostic::whole_file(file, "the file is missing from the built-in content")
                    .with_hint("add it to content/ and build again")
            }),
            OpenSource::Dir { dir, root } => read_from_dir(dir, root, file, cap),
        }
    }

    /// The entries of the content's folder `folder` ("" for the top), sorted
    /// by name; none when there is no such folder. Editors' own files (swap
    /// files, backups) and Kubernetes' `..data` links are left out.
    pub fn entries(&self, folder: &str) -> Vec<Entry> {
        let join = |name: &str| if folder.is_empty() { name.to_owned() } else { format!("{folder}/{name}") };
        let mut entries: Vec<Entry> = match self {
            OpenSource::BuiltIn => {
                let dir = if folder.is_empty() { Some(&BUILT_IN) } else { BUILT_IN.get_dir(folder) };
                dir.map(|dir| {
                    dir.entries()
                        .iter()
                        .filter_map(|e| {
                            let name = e.path().file_name()?.to_str()?;
                            Some(Entry { path: join(name), is_folder: e.as_dir().is_some() })
                        })
                        .collect()
                })
                .unwrap_or_default()
            }
            OpenSource::Dir { dir, .. } => std::fs::read_dir(dir.join(folder))
                .map(|read| {
                    read.filter_map(|e| {
                        let e = e.ok()?;
                        let name = e.file_name().into_string().ok()?;
                        let is_folder = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
                        Some(Entry { path: join(&name), is_folder })
                    })
                    .collect()
                })
                .unwrap_or_default(),
        };
        entries.retain(|e| !is_editor_noise(e.name()) && !e.name().starts_with(".."));
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries
    }

    /// Every file below the content's folder `folder`, at any depth.
    pub fn files_below(&self, folder: &str) -> Vec<Entry> {
        let mut files = Vec::new();
        let mut folders = vec![folder.to_owned()];
        while let Some(next) = folders.pop() {
            for entry in self.entries(&next) {
                if entry.is_folder {
                    // A bound on depth: no real page sits this deep.
                    if entry.path.matches('/').count() < 8 {
                        folders.push(entry.path);
                    }
                } else {
                    files.push(entry);
                }
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// Whether `name` is a file editors write beside the one being edited: a
/// hidden file (a swap file, a lock), a backup, a temporary copy. Such
/// files are never content, and their changes never reload it.
pub fn is_editor_noise(name: &str) -> bool {
    let hidden = name.starts_with('.') && !name.starts_with("..");
    hidden
        || name.ends_with('~')
        || name.starts_with('#')
        || name == "4913"
        || [".swp", ".swx", ".bak", ".tmp"].iter().any(|end| name.ends_with(end))
}

/// The folder's real place, or one message about the folder.
fn open_folder(dir: &Path) -> Result<PathBuf, Diagnostic> {
    let shown = dir.display().to_string();
    let hint = "give --content the folder that holds site.toml and the other content files";
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => std::fs::canonicalize(dir).map_err(|e| {
            Diagnostic::whole_file(&shown, format!("the content folder cannot be read: {e}")).with_hint(hint)
        }),
        Ok(_) => Err(Diagnostic::whole_file(&shown, "this is a file, not the content folder").with_hint(hint)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Diagnostic::whole_file(&shown, "the content folder does not exist").with_hint(hint))
        }
        Err(e) => {
            Err(Diagnostic::whole_file(&shown, format!("the content folder cannot be read: {e}")).with_hint(hint))
        }
    }
}

fn read_from_dir(dir: &Path, root: &Path, file: &str, cap: u64) -> Result<Vec<u8>, Diagnostic> {
    let path = dir.join(file);
    let resolved = std::fs::canonicalize(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Diagnostic::whole_file(file, format!("the file is missing: there is no {}", path.display()))
                .with_hint(format!("every content folder needs {file}; copy it from the repository's content/"))
        }
        _ => unreadable(file, &path, &e),
    })?;
    if !resolved.starts_with(root) {
        return Err(Diagnostic::whole_file(file, "the file is a link to a place outside the content folder")
            .with_hint("copy the file into the content folder instead of linking to it"));
    }
    let kind = std::fs::metadata(&resolved).map_err(|e| unreadable(file, &path, &e))?.file_type();
    if !kind.is_file() {
        return Err(not_a_plain_file(file, kind));
    }
    // Not blocking: a FIFO that takes the file's place after the check
    // above must not hold the load up.
    let mut opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&resolved)
        .map_err(|e| unreadable(file, &path, &e))?;
    let kind = opened.metadata().map_err(|e| unreadable(file, &path, &e))?.file_type();
    if !kind.is_file() {
        return Err(not_a_plain_file(file, kind));
    }
    let mut bytes = Vec::new();
    (&mut opened).take(cap + 1).read_to_end(&mut bytes).map_err(|e| unreadable(file, &path, &e))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(file, &bytes, cap));
    }
    Ok(bytes)
}

fn unreadable(file: &str, path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::whole_file(file, format!("the file cannot be read: {error} ({})", path.display()))
        .with_hint("make sure it is a plain file that the server's user may read")
}

fn not_a_plain_file(file: &str, kind: std::fs::FileType) -> Diagnostic {
    let what = if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a plain file"
    };
    Diagnostic::whole_file(file, format!("the file is {what}, not a plain file"))
        .with_hint("replace it with the text file it should be")
}

/// The file is over the cap: say so at the line where the cap falls (for
/// a media file, which has no lines, of the file).
fn too_large(file: &str, bytes: &[u8], cap: u64) -> Diagnostic {
    if cap == MAX_MEDIA_BYTES {
        return Diagnostic::whole_file(
            file,
            format!("the file is larger than {} MiB, the most a media file may hold", cap / 1024 / 1024),
        )
        .with_hint(if file.to_ascii_lowercase().ends_with(".pdf") {
            "make it smaller: save the PDF with its pictures compressed (\"reduce file size\"), or split it"
        } else {
            "make it smaller: a photograph 2,000 pixels wide is plenty for a page"
        });
    }
    let line = bytes[..cap as usize].iter().filter(|b| **b == b'\n').count() + 1;
    Diagnostic {
        file: file.to_owned(),
        line,
        column: 1,
        message: format!(
            "the file is larger than {} KiB, the most a content file may hold; line {line} is past it",
            cap / 1024
        ),
        source_line: None,
        hint: Some("split the text, or remove what does not belong in it".to_owned()),
        draft: false,
    }
}
