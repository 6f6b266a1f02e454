//! Writing the whole site as static files, each byte-identical to what the
//! server sends for its path, for any static host or CDN; and beside them
//! the headers the server sends, in the forms static hosts read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::response_headers::{SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY};
use crate::render::RenderedSite;
use crate::render::assets::Assets;
use crate::render::cache::CachePolicy;
use crate::site::{Language, Route, routes};

/// The headers file of Netlify and Cloudflare Pages, at the export's root.
pub const HEADERS_FILE: &str = "_headers";
/// An nginx include with the same headers (see `deploy/nginx-static.conf`).
pub const NGINX_HEADERS_FILE: &str = "_nginx_headers.conf";
/// An nginx include with a `location` for each language beside the
/// default: its 404 page, and its `Content-Language`.
pub const NGINX_LANGUAGES_FILE: &str = "_nginx_languages.conf";

/// The list of the files an export wrote, one a line, kept beside them: the
/// next export into the folder removes those it does not write again, so
/// that a page taken off the site is not published again.
pub const MANIFEST_FILE: &str = ".aseic-export";

/// What an export did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exported {
    /// The files of the site written (the list of them aside).
    pub written: usize,
    /// The files of the earlier export in the folder that this one did not write, removed.
    pub removed: usize,
}

/// Writes every page, the 404 page, every asset and the header files under
/// `out`, which must be missing, empty, or hold an earlier export; then
/// removes the earlier export's files that were not written again, and
/// the compressed copies a host made beside the earlier export's files.
pub fn export(pages: &RenderedSite, languages: &[Language], assets: &Assets, out: &Path) -> anyhow::Result<Exported> {
    let earlier = earlier_export(out)?;
    let mut files: Vec<PathBuf> = Vec::new();
    // /favicon.ico is the SVG icon under an .ico name: a static host would
    // send it as image/x-icon, by its extension, which browsers refuse. It
    // stays with the binary; pages name the icon at its own address.
    for (path, page) in pages.pages().filter(|(_, page)| page.route != Route::Favicon) {
        files.push(write(out, file_for(path), page.body.identity())?);
    }
    for (index, page) in pages.not_found_pages().iter().enumerate() {
        files.push(write(out, not_found_file(languages, index), page.identity())?);
    }
    for (name, asset) in assets.all() {
        files.push(write(out, file_for(&routes::asset(name)), asset.identity())?);
    }
    files.push(write(out, HEADERS_FILE.into(), headers_file(languages).as_bytes())?);
    files.push(write(out, NGINX_HEADERS_FILE.into(), nginx_headers().as_bytes())?);
    files.push(write(out, NGINX_LANGUAGES_FILE.into(), nginx_languages(languages).as_bytes())?);
    let removed = remove_left_over(out, &earlier, &files)?;
    let list: String = files.iter().map(|file| format!("{}\n", file.display())).collect();
    write(out, MANIFEST_FILE.into(), list.as_bytes())?;
    Ok(Exported { written: files.len(), removed })
}

/// The files the earlier export in `out` wrote: none for a missing or
/// empty folder. A file, or a folder holding other files, is refused:
/// those files would be published with the site.
fn earlier_export(out: &Path) -> anyhow::Result<Vec<PathBuf>> {
    match std::fs::metadata(out) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error).with_context(|| format!("reading {}", out.display())),
        Ok(metadata) if !metadata.is_dir() => {
            anyhow::bail!("{} is a file, not a folder: --out names the folder to write the site into", out.display())
        }
        Ok(_) => {}
    }
    match std::fs::read_to_string(out.join(MANIFEST_FILE)) {
        // Only plain paths inside the folder: the list is never a way out of it.
        Ok(list) => Ok(list
            .lines()
            .map(PathBuf::from)
            .filter(|file| file.components().all(|part| matches!(part, std::path::Component::Normal(_))))
            .collect()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut entries = std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?;
            if entries.next().is_some() {
                anyhow::bail!(
                    "{} is not empty, and holds no earlier export of aseic: its files would be published \
                     with the site\n  = help: give a new or empty folder to --out",
                    out.display()
                );
            }
            Ok(Vec::new())
        }
        Err(error) => Err(error).with_context(|| format!("reading {}", out.join(MANIFEST_FILE).display())),
    }
}

/// The endings of the compressed copies a host may keep beside each file
/// (nginx's `gzip_static`, and brotli and zstd modules), which a new export
/// leaves stale: `asem/index.html.gz`.
const COMPRESSED: [&str; 3] = ["gz", "br", "zst"];

/// Removes the files of `earlier` not in `written`, the compressed copies
/// beside every file of either (stale now), and the folders left empty;
/// returns how many files of `earlier` were removed.
fn remove_left_over(out: &Path, earlier: &[PathBuf], written: &[PathBuf]) -> anyhow::Result<usize> {
    let kept: std::collections::HashSet<&PathBuf> = written.iter().collect();
    let mut removed = 0;
    for file in earlier.iter().chain(written) {
        for ending in COMPRESSED {
            let mut copy = out.join(file).into_os_string();
            copy.push(".");
            copy.push(ending);
            remove_if_there(Path::new(&copy))?;
        }
    }
    for file in earlier.iter().filter(|file| !kept.contains(file)) {
        if remove_if_there(&out.join(file))? {
            removed += 1;
        }
        // A folder left empty goes too; one that is not stays.
        for folder in file.ancestors().skip(1).filter(|folder| !folder.as_os_str().is_empty()) {
            if std::fs::remove_dir(out.join(folder)).is_err() {
                break;
            }
        }
    }
    Ok(removed)
}

/// Removes `file`; whether it was there.
fn remove_if_there(file: &Path) -> anyhow::Result<bool> {
    match std::fs::remove_file(file) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error).with_context(|| format!("removing {}", file.display())),
    }
}

/// Where the 404 page of the language at `index` goes: `404.html` for the
/// default, `ko/404.html` for Korean.
fn not_found_file(languages: &[Language], index: usize) -> PathBuf {
    match languages.get(index).filter(|language| !language.is_default()) {
        Some(language) => Path::new(language.tag.as_ref()).join("404.html"),
        None => PathBuf::from("404.html"),
    }
}

/// `_headers`: the security headers on every path, the assets' cache
/// lifetime, and each language's pages their `Content-Language`. (The
/// pages' own `no-cache` is left to the host: a second rule matching the
/// assets would add its value to theirs.)
fn headers_file(languages: &[Language]) -> String {
    let mut file = String::from("# The headers aseic sends, for static hosts (Netlify, Cloudflare Pages).\n/*\n");
    for (name, value) in security_headers() {
        let _ = writeln!(file, "  {}: {value}", title_case(&name));
    }
    let _ = writeln!(file, "  Strict-Transport-Security: {STRICT_TRANSPORT_SECURITY}");
    let _ = writeln!(file, "{}*\n  Cache-Control: {}", asset_prefix(), CachePolicy::Immutable.header_value());
    for language in languages.iter().filter(|language| !language.is_default()) {
        let _ = writeln!(file, "{}/*\n  Content-Language: {}", language.prefix, language.tag);
    }
    file
}

/// `_nginx_languages.conf`: for the `server { }` block, a `location` for
/// each language beside the default, whose unknown addresses get that
/// language's 404 page.
fn nginx_languages(languages: &[Language]) -> String {
    let mut file = String::from("# Each language's pages, for nginx: include it in the server block.\n");
    for language in languages.iter().filter(|language| !language.is_default()) {
        let prefix = &language.prefix;
        let _ = writeln!(
            file,
            "location {prefix}/ {{\n    error_page 404 {prefix}/404.html;\n    try_files $uri $uri/index.html =404;\n    \
             include {NGINX_HEADERS_FILE_PATH};\n    add_header Cache-Control \"no-cache\" always;\n    \
             add_header Content-Language \"{tag}\" always;\n}}\nlocation = {prefix}/404.html {{\n    internal;\n    \
             include {NGINX_HEADERS_FILE_PATH};\n    add_header Cache-Control \"no-cache\" always;\n}}",
            tag = language.tag,
        );
    }
    file
}

/// Where the recipe in `deploy/nginx-static.conf` has the export's headers.
const NGINX_HEADERS_FILE_PATH: &str = "/srv/aseic/_nginx_headers.conf";

/// `_nginx_headers.conf`: the security headers as `add_header` lines, on
/// every answer (errors too), for each `location` of the recipe.
fn nginx_headers() -> String {
    let mut file = String::from("# The headers aseic sends, for nginx: include it in each location.\n");
    let hsts = ("strict-transport-security".to_owned(), STRICT_TRANSPORT_SECURITY);
    for (name, value) in security_headers().chain([hsts]) {
        let _ = writeln!(file, "add_header {} \"{}\" always;", title_case(&name), value.replace('"', "\\\""));
    }
    file
}

/// Each security header's name (lower case) and value.
fn security_headers() -> impl Iterator<Item = (String, &'static str)> {
    SECURITY_HEADERS.iter().map(|(name, value)| (name.as_str().to_owned(), value.to_str().expect("ASCII headers")))
}

/// `/static/`: where the assets live.
fn asset_prefix() -> String {
    routes::asset("")
}

/// `content-security-policy` → `Content-Security-Policy`.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Where the page at `path` goes: `/` → `index.html`, `/asem` →
/// `asem/index.html`, and a path with an extension (`/robots.txt`) as is.
pub fn file_for(path: &str) -> PathBuf {
    // A media file named `café.jpg` is linked as `/media/caf%C3%A9.jpg`,
    // and a static host looks for the file under its decoded name.
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().unwrap_or(path.into());
    let relative = decoded.trim_start_matches('/');
    let last = relative.rsplit('/').next().unwrap_or("");
    if relative.is_empty() {
        PathBuf::from("index.html")
    } else if last.contains('.') {
        PathBuf::from(relative)
    } else {
        Path::new(relative).join("index.html")
    }
}

/// Writes `bytes` to the file `relative` under `out`; returns `relative`.
fn write(out: &Path, relative: PathBuf, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let file = out.join(&relative);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(&file, bytes).with_context(|| format!("writing {}", file.display()))?;
    Ok(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_files_carry_every_security_header() {
        let netlify = headers_file(&[Language::default_one("en", "English"), Language::translation("ko", "한국어")]);
        let nginx = nginx_headers();
        for (name, value) in security_headers().map(|(n, v)| (title_case(&n), v)) {
            assert!(netlify.contains(&format!("  {name}: {value}\n")), "{name} in _headers:\n{netlify}");
            assert!(nginx.contains(&format!("add_header {name} \"{value}\" always;")), "{name} for nginx:\n{nginx}");
        }
        assert!(netlify.contains("/static/*\n  Cache-Control: public, max-age=31536000, immutable"), "{netlify}");
        assert!(netlify.contains("/ko/*\n  Content-Language: ko"), "{netlify}");
        assert_eq!(title_case("x-content-type-options"), "X-Content-Type-Options");
    }

    #[test]
    fn files_for_paths() {
        assert_eq!(file_for("/"), PathBuf::from("index.html"));
        assert_eq!(file_for("/asem"), PathBuf::from("asem/index.html"));
        assert_eq!(file_for("/members/korea"), PathBuf::from("members/korea/index.html"));
        assert_eq!(file_for("/robots.txt"), PathBuf::from("robots.txt"));
        assert_eq!(file_for("/api/members.json"), PathBuf::from("api/members.json"));
    }
}
