//! The files of `content/media/`, served under fingerprinted names like the
//! stylesheet, so that browsers may keep them for a year; and under their
//! own names too, revalidated at each use, for the links the pages do not
//! write themselves: in a TOML text, in an email, on another site.

use super::RenderedSite;
use super::assets::fingerprint;
use super::cache::CachePolicy;
use super::encoding::Encoded;
use super::markdown::{MediaLink, MediaLinks};
use crate::site::{Site, routes};

/// Each media file: its address and its body, ready to send.
pub struct RenderedMedia {
    pub links: MediaLinks,
    pub files: Vec<(String, Encoded)>,
}

/// Every media file of `site`. Photographs are compressed already, so they
/// are sent as they are; SVG drawings are text, and compressed as pages are.
/// A file `previous` sent at the same fingerprinted address holds the same
/// bytes, and is taken as it was, not compressed again.
pub fn media(site: &Site, previous: Option<&RenderedSite>) -> RenderedMedia {
    let mut links = MediaLinks::new();
    let mut files = Vec::new();
    for file in &site.media {
        let url = routes::media(&fingerprint(&file.name, &file.bytes));
        let (content_type, cache) = (file.kind.content_type(), CachePolicy::Immutable);
        let known = previous.and_then(|previous| previous.unchanged(&url, content_type, cache, &file.bytes));
        let body = if let Some(known) = known {
            known
        } else if file.kind.is_compressed() {
            Encoded::as_it_is(content_type, cache, file.bytes.clone())
        } else {
            Encoded::new(content_type, cache, file.bytes.clone())
        };
        links.insert(file.name.clone(), MediaLink { url: url.clone(), size: file.size });
        let plain = body.with_cache(CachePolicy::Revalidate);
        files.push((url, body));
        files.push((routes::media(&file.name), plain));
    }
    RenderedMedia { links, files }
}
