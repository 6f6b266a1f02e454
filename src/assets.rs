//! The static files (stylesheet, icon), built into the binary.

use include_dir::{Dir, include_dir};

static STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// The URL prefix under which assets are served.
pub const PREFIX: &str = "/static/";

/// One static file.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    pub bytes: &'static [u8],
    pub content_type: &'static str,
}

/// Every static file, by name.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    files: Vec<(&'static str, Asset)>,
}

impl Assets {
    /// The files of the repository's `static/`, as built into the binary.
    pub fn embedded() -> Self {
        let files = STATIC
            .files()
            .filter_map(|f| {
                let name = f.path().to_str()?;
                Some((name, Asset { bytes: f.contents(), content_type: content_type(name) }))
            })
            .collect();
        Self { files }
    }

    /// The URL of the asset called `name`, such as `style.css`.
    pub fn url(&self, name: &str) -> String {
        debug_assert!(self.get(name).is_some(), "templates ask for an asset that does not exist: {name}");
        format!("{PREFIX}{name}")
    }

    /// The asset called `name`.
    pub fn get(&self, name: &str) -> Option<Asset> {
        self.files.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
