//! Response bodies prepared once in every encoding a client may ask for, each
//! with its strong ETag, and the choice among them from `Accept-Encoding`.

use std::io::Write;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};

use crate::{security, service};

const BROTLI_WINDOW: u32 = 22;

/// How hard to compress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// Pages compressed once per load and sent many times: gzip at its best,
    /// brotli at quality 5, which compresses a page in about a millisecond
    /// (9 takes six times as long for 1% less, 11 twenty times for 15% less).
    Load,
    /// Pages made for one request and sent once: the fastest levels. gzip at
    /// level 6 took three quarters of the time of a search, level 1 a
    /// fraction, for pages a few percent larger.
    Request,
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

/// A content coding the site can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The value of `Content-Encoding`, if any.
    pub fn header(self) -> Option<HeaderValue> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Brotli => Some(HeaderValue::from_static("br")),
        }
    }
}

/// One encoding of a body, with every header of its response made ready.
#[derive(Debug, Clone)]
pub struct Variant {
    pub body: Bytes,
    /// Strong, and distinct per encoding, as RFC 9110 asks.
    pub etag: HeaderValue,
    /// Content-Type, Content-Encoding, ETag, Cache-Control, Vary, the
    /// security headers and a slot for the request id: cloning one map per
    /// response is cheaper than inserting a dozen headers into an empty one.
    pub headers: HeaderMap,
}

/// A body in every encoding.
#[derive(Debug, Clone)]
pub struct Encoded {
    identity: Variant,
    gzip: Variant,
    brotli: Variant,
}

impl Encoded {
    /// Compresses `body` both ways and makes each variant's headers.
    pub fn new(content_type: &'static str, cache_control: &'static str, body: impl Into<Bytes>) -> Self {
        let body: Bytes = body.into();
        let hash = content_hash(&body);
        let variant = |body: Bytes, coding: Coding| {
            let suffix = match coding {
                Coding::Identity => "",
                Coding::Gzip => "-gz",
                Coding::Brotli => "-br",
            };
            let etag = HeaderValue::from_str(&format!("\"{hash}{suffix}\"")).expect("hex digits make a valid header");
            // Room beyond the dozen headers below: `HeaderMap::insert` grows
            // a full map even when it only replaces a value (the request id).
            let mut headers = HeaderMap::with_capacity(16);
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Some(encoding) = coding.header() {
                headers.insert(header::CONTENT_ENCODING, encoding);
            }
            headers.insert(header::ETAG, etag.clone());
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            security::add_headers(&mut headers);
            service::reserve_request_id(&mut headers);
            Variant { body, etag, headers }
        };
        Self {
            gzip: variant(Bytes::from(compress(Coding::Gzip, &body, Effort::Load)), Coding::Gzip),
            brotli: variant(Bytes::from(compress(Coding::Brotli, &body, Effort::Load)), Coding::Brotli),
            identity: variant(body, Coding::Identity),
        }
    }

    /// The variant in `coding`.
    pub fn variant(&self, coding: Coding) -> &Variant {
        match coding {
            Coding::Identity => &self.identity,
            Coding::Gzip => &self.gzip,
            Coding::Brotli => &self.brotli,
        }
    }

    /// The body as it is, uncompressed.
    pub fn identity(&self) -> &Bytes {
        &self.identity.body
    }
}

/// The first 16 hex digits of the SHA-256 of `bytes`: names a version.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The best coding that `Accept-Encoding` allows: brotli, then gzip, then
/// none; q-values weigh first, and `q=0` refuses a coding.
pub fn negotiate(accept_encoding: Option<&HeaderValue>) -> Coding {
    let Some(header) = accept_encoding.and_then(|v| v.to_str().ok()) else {
        return Coding::Identity;
    };
    let (mut br, mut gz, mut any) = (None, None, None);
    for item in header.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let q = if q.is_finite() { q.clamp(0.0, 1.0) } else { 0.0 };
        if coding.eq_ignore_ascii_case("br") {
            br = Some(q);
        } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            gz = Some(q);
        } else if coding == "*" {
            any = Some(q);
        }
    }
    let br = br.or(any).unwrap_or(0.0);
    let gz = gz.or(any).unwrap_or(0.0);
    if br > 0.0 && br >= gz {
        Coding::Brotli
    } else if gz > 0.0 {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// Whether `If-None-Match` matches `etag` (weak comparison, as RFC 9110
/// asks for this header).
pub fn none_match(if_none_match: Option<&HeaderValue>, etag: &HeaderValue) -> bool {
    let Some(header) = if_none_match.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let ours = etag.to_str().unwrap_or("");
    header.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(header: &str) -> Coding {
        negotiate(Some(&HeaderValue::from_str(header).unwrap()))
    }

    #[test]
    fn negotiation_honours_q_values() {
        assert_eq!(negotiate(None), Coding::Identity);
        assert_eq!(pick("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(pick("gzip"), Coding::Gzip);
        assert_eq!(pick("br;q=0.5, gzip;q=0.8"), Coding::Gzip);
        assert_eq!(pick("br;q=0, gzip;q=0"), Coding::Identity);
        assert_eq!(pick("*"), Coding::Brotli);
        assert_eq!(pick("*;q=0.1, br;q=0"), Coding::Gzip);
        assert_eq!(pick("identity"), Coding::Identity);
        assert_eq!(pick("deflate"), Coding::Identity);
        assert_eq!(pick("BR"), Coding::Brotli);
        assert_eq!(pick("gzip;q=nan, br;q=garbage"), Coding::Brotli);
        assert_eq!(pick(""), Coding::Identity);
    }

    #[test]
    fn variants_decode_to_the_body_and_have_distinct_etags() {
        let body = "<p>Asia and Europe</p>".repeat(50);
        let encoded = Encoded::new("text/html; charset=utf-8", "no-cache", body.clone());
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
        let etags: Vec<_> =
            [Coding::Identity, Coding::Gzip, Coding::Brotli].map(|c| encoded.variant(c).etag.clone()).into();
        assert_ne!(etags[0], etags[1]);
        assert_ne!(etags[1], etags[2]);
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let etag = HeaderValue::from_static("\"abc-br\"");
        let matches = |h: &str| none_match(Some(&HeaderValue::from_str(h).unwrap()), &etag);
        assert!(matches("\"abc-br\""));
        assert!(matches("W/\"abc-br\""));
        assert!(matches("\"x\", \"abc-br\""));
        assert!(matches("*"));
        assert!(!matches("\"abc\""));
        assert!(!none_match(None, &etag));
    }
}
