//! Response bodies prepared once in every encoding a client may ask for,
//! each with its strong ETag.

use std::io::Write;

use bytes::Bytes;

use super::cache::CachePolicy;
use crate::util::hash::content_hash;

const BROTLI_WINDOW: u32 = 22;

/// How hard to compress. `bench/RESULTS.md` has the time each level takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// Bodies compressed once per load and sent many times: gzip at its
    /// best, brotli at quality 5 (higher qualities take many times longer
    /// for a few percent).
    Load,
    /// Pages made for one request and sent once: the fastest levels.
    Request,
}

/// A content coding the site can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    pub const ALL: [Coding; 3] = [Coding::Identity, Coding::Gzip, Coding::Brotli];

    /// The value of `Content-Encoding`, if any.
    pub const fn content_encoding(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }

    /// What the ETag of a body in this coding ends with: each coding's
    /// bytes differ, so their tags must too (RFC 9110).
    const fn etag_suffix(self) -> &'static str {
        match self {
            Coding::Identity => "",
            Coding::Gzip => "-gz",
            Coding::Brotli => "-br",
        }
    }
}

/// `body` in `coding`, compressed with `effort`.
pub fn compress(coding: Coding, body: &[u8], effort: Effort) -> Vec<u8> {
    match coding {
        Coding::Identity => body.to_vec(),
        Coding::Gzip => {
            let level = match effort {
                Effort::Load => flate2::Compression::best(),
                Effort::Request => flate2::Compression::fast(),
            };
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
            encoder.write_all(body).expect("writing to memory cannot fail");
            encoder.finish().expect("writing to memory cannot fail")
        }
        Coding::Brotli => {
            let quality = match effort {
                Effort::Load => 5,
                Effort::Request => 1,
            };
            let mut out = Vec::new();
            {
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, BROTLI_WINDOW);
                writer.write_all(body).expect("writing to memory cannot fail");
            }
            out
        }
    }
}

/// One encoding of a body.
#[derive(Debug, Clone)]
pub struct Variant {
    pub coding: Coding,
    pub body: Bytes,
    /// Strong, quoted: `"0123456789abcdef-br"`.
    pub etag: String,
}

/// A body in every encoding, with what a response needs to say about it.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub content_type: &'static str,
    pub cache: CachePolicy,
    /// Identity, gzip and brotli, in the order of `Coding::ALL`.
    variants: [Variant; 3],
}

impl Encoded {
    /// Compresses `body` both ways.
    pub fn new(content_type: &'static str, cache: CachePolicy, body: impl Into<Bytes>) -> Self {
        let body: Bytes = body.into();
        let hash = content_hash(&body);
        let variant = |coding: Coding| {
            let bytes = match coding {
                Coding::Identity => body.clone(),
                _ => Bytes::from(compress(coding, &body, Effort::Load)),
            };
            Variant { coding, body: bytes, etag: format!("\"{hash}{}\"", coding.etag_suffix()) }
        };
        Self { content_type, cache, variants: Coding::ALL.map(variant) }
    }

    /// `body` as it is, whatever the client accepts: for files that are
    /// compressed already (photographs), which compression would only slow.
    pub fn as_it_is(content_type: &'static str, cache: CachePolicy, body: impl Into<Bytes>) -> Self {
        let body: Bytes = body.into();
        let etag = format!("\"{}\"", content_hash(&body));
        let variant = |_| Variant { coding: Coding::Identity, body: body.clone(), etag: etag.clone() };
        Self { content_type, cache, variants: Coding::ALL.map(variant) }
    }

    /// The variant in `coding`.
    pub fn variant(&self, coding: Coding) -> &Variant {
        &self.variants[coding as usize]
    }

    /// Every variant.
    pub fn variants(&self) -> &[Variant; 3] {
        &self.variants
    }

    /// The body as it is, uncompressed.
    pub fn identity(&self) -> &Bytes {
        &self.variant(Coding::Identity).body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_decode_to_the_body_and_have_distinct_etags() {
        let body = "<p>Asia and Europe</p>".repeat(50);
        let encoded = Encoded::new("text/html; charset=utf-8", CachePolicy::Revalidate, body.clone());
        let mut unzipped = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&encoded.variant(Coding::Gzip).body[..]),
            &mut unzipped,
        )
        .unwrap();
        assert_eq!(unzipped, body);
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &encoded.variant(Coding::Brotli).body[..], &mut unbrotli).unwrap();
        assert_eq!(unbrotli, body.as_bytes());
        let etags: Vec<_> = Coding::ALL.map(|c| encoded.variant(c).etag.clone()).into();
        assert_ne!(etags[0], etags[1]);
        assert_ne!(etags[1], etags[2]);
        assert_eq!(encoded.identity(), body.as_bytes());
    }
}
