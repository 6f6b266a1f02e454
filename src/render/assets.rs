//! The static files (stylesheet, icon), built into the binary and served
//! under fingerprinted names, so browsers may keep them forever.

use std::collections::HashMap;
use std::sync::LazyLock;

use include_dir::{Dir, include_dir};

use super::cache::CachePolicy;
use super::encoding::Encoded;
use crate::site::routes;
use crate::util::hash::content_hash;

static STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Every static file, compressed, by its fingerprinted name.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// By fingerprinted name, such as `style.0123456789abcdef.css`.
    files: HashMap<String, Encoded>,
    /// The fingerprinted name of each file, by its own name.
    names: HashMap<String, String>,
}

impl Assets {
    /// The files of the repository's `static/`, as built into the binary.
    pub fn embedded() -> Self {
        let mut assets = Self::default();
        for file in STATIC.files() {
            let Some(name) = file.path().to_str() else { continue };
            let fingerprinted = fingerprint(name, file.contents());
            let encoded = Encoded::new(content_type(name), CachePolicy::Immutable, file.contents());
            assets.files.insert(fingerprinted.clone(), encoded);
            assets.names.insert(name.to_owned(), fingerprinted);
        }
        assets
    }

    /// The URL of the asset called `name`, such as `style.css`.
    pub fn url(&self, name: &str) -> String {
        let fingerprinted = self.names.get(name).unwrap_or_else(|| panic!("no asset called {name} in static/"));
        routes::asset(fingerprinted)
    }

    /// The stylesheet, which every page carries inline in its `<style>`: a
    /// page then renders from its one response. Chrome lays out a page with
    /// a form (the header's search) as soon as it is parsed, to find its
    /// fields, even while a linked stylesheet is still on its way, and then
    /// again when it arrives; inline, that first layout is the only one.
    /// It stays an asset too, for tools that want it alone.
    pub fn stylesheet() -> &'static str {
        // Checked once: every page's layout and the policy ask for it.
        static CSS: LazyLock<&'static str> = LazyLock::new(|| {
            let css = Assets::contents("style.css").expect("static/style.css is built in");
            std::str::from_utf8(css).expect("static/style.css is UTF-8")
        });
        *CSS
    }

    /// The contents of the asset called `name`, such as `favicon.svg`.
    pub fn contents(name: &str) -> Option<&'static [u8]> {
        STATIC.get_file(name).map(|file| file.contents())
    }

    /// The asset with this fingerprinted name.
    pub fn get(&self, fingerprinted: &str) -> Option<&Encoded> {
        self.files.get(fingerprinted)
    }

    /// Every asset, by its fingerprinted name.
    pub fn all(&self) -> impl Iterator<Item = (&str, &Encoded)> {
        self.files.iter().map(|(name, encoded)| (name.as_str(), encoded))
    }
}

/// `style.css` → `style.<hash>.css`: the name changes whenever the content does.
pub fn fingerprint(name: &str, contents: &[u8]) -> String {
    let hash = content_hash(contents);
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{hash}.{extension}"),
        None => format!("{name}.{hash}"),
    }
}

/// The content type of a static file, from its extension; text is UTF-8.
pub fn content_type(name: &str) -> &'static str {
    match mime_guess::from_path(name).first_raw() {
        Some("text/css") => "text/css; charset=utf-8",
        Some("text/plain") => "text/plain; charset=utf-8",
        Some(other) => other,
        None => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_can_be_inlined() {
        // The pages carry it in a <style> element, which its own text must not close.
        assert!(Assets::stylesheet().contains(".site-header"));
        assert!(!Assets::stylesheet().to_ascii_lowercase().contains("</style"));
    }

    #[test]
    fn every_asset_has_a_fingerprinted_url() {
        let assets = Assets::embedded();
        let url = assets.url("style.css");
        assert!(
            url.starts_with("/static/style.") && url.ends_with(".css") && url.len() == "/static/style..css".len() + 16
        );
        let name = url.strip_prefix("/static/").unwrap();
        assert!(assets.get(name).is_some());
        assert!(assets.get("style.css").is_none(), "only fingerprinted names are served");
    }

    #[test]
    fn content_types_come_from_the_extension() {
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
