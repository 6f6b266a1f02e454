//! Writing the whole site as static files, each byte-identical to what the
//! server sends for its path, for any static host or CDN.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::RenderedSite;
use super::assets::Assets;
use crate::site::routes;

/// Writes every page, the 404 page and every asset under `out`; returns how
/// many files were written.
pub fn export(pages: &RenderedSite, assets: &Assets, out: &Path) -> anyhow::Result<usize> {
    let mut written = 0;
    for (path, page) in pages.pages() {
        write(&out.join(file_for(path)), page.body.identity())?;
        written += 1;
    }
    write(&out.join("404.html"), pages.not_found().identity())?;
    for (name, asset) in assets.all() {
        write(&out.join(file_for(&routes::asset(name))), asset.identity())?;
        written += 1;
    }
    Ok(written + 1)
}

/// Where the page at `path` goes: `/` → `index.html`, `/asem` →
/// `asem/index.html`, and a path with an extension (`/robots.txt`) as is.
pub fn file_for(path: &str) -> PathBuf {
    let relative = path.trim_start_matches('/');
    let last = relative.rsplit('/').next().unwrap_or("");
    if relative.is_empty() {
        PathBuf::from("index.html")
    } else if last.contains('.') {
        PathBuf::from(relative)
    } else {
        Path::new(relative).join("index.html")
    }
}

fn write(file: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(file, bytes).with_context(|| format!("writing {}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_for_paths() {
        assert_eq!(file_for("/"), PathBuf::from("index.html"));
        assert_eq!(file_for("/asem"), PathBuf::from("asem/index.html"));
        assert_eq!(file_for("/members/korea"), PathBuf::from("members/korea/index.html"));
        assert_eq!(file_for("/robots.txt"), PathBuf::from("robots.txt"));
        assert_eq!(file_for("/api/members.json"), PathBuf::from("api/members.json"));
    }
}
