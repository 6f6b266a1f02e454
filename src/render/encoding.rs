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

/// A page made for one request, in `coding`. Gzip compresses only what
/// the request made: `fixed` (the stylesheet every page carries inline,
/// two thirds of a page) is deflated once. Brotli, which cannot be cut
/// this way, compresses it all at its fastest quality.
pub fn compress_made(coding: Coding, body: &[u8], fixed: &FixedPart) -> Vec<u8> {
    match coding {
        Coding::Gzip => fixed.gzip_around(body).unwrap_or_else(|| compress(coding, body, Effort::Request)),
        _ => compress(coding, body, Effort::Request),
    }
}

/// A stretch of text that many bodies hold, deflated once. A deflate
/// stream may be cut into pieces that each start afresh (a full flush
/// ends a piece on a byte boundary, and nothing after it refers back), so
/// a body is gzipped as: the text before the stretch, made into a piece
/// now; the stretch, as deflated once; the text after it, made into a
/// piece now. Pages carry the stylesheet first in their head, so the
/// piece before it is short and stored, and only the one after it is
/// deflated (see `append_piece`).
pub struct FixedPart {
    text: &'static [u8],
    deflated: Vec<u8>,
}

impl FixedPart {
    pub fn new(text: &'static [u8]) -> Self {
        let mut deflated = Vec::new();
        let mut deflater = flate2::Compress::new(flate2::Compression::best(), false);
        let done = deflate_with(&mut deflater, &mut deflated, text, flate2::FlushCompress::Full);
        // Should deflating ever fail, the empty piece is never used.
        Self { text, deflated: if done.is_some() { deflated } else { Vec::new() } }
    }

    /// `body` gzipped, with the stretch taken as deflated once; `None` if
    /// `body` does not hold it after a `<style>` tag, or deflating failed.
    fn gzip_around(&self, body: &[u8]) -> Option<Vec<u8>> {
        const OPEN: &[u8] = b"<style>";
        let start = body.windows(OPEN.len()).position(|w| w == OPEN)? + OPEN.len();
        if self.deflated.is_empty() || !body[start..].starts_with(self.text) {
            return None;
        }
        let end = start + self.text.len();
        let mut out = Vec::with_capacity(body.len() / 3);
        // The gzip header: no name, no time, unknown system (RFC 1952).
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        append_piece(&mut out, &body[..start], false)?;
        out.extend_from_slice(&self.deflated);
        append_piece(&mut out, &body[end..], true)?;
        let mut crc = flate2::Crc::new();
        crc.update(body);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        Some(out)
    }
}

/// Pieces shorter than this are stored as they are, not deflated: the
/// deflater's reset (clearing its table of 64 Ki entries) costs more than
/// the few bytes deflating would save.
const STORE_BELOW: usize = 1024;

/// Appends `input` to `out` as a raw deflate piece that owes nothing to
/// what came before, the stream's last if `last`, else ended on a byte
/// boundary.
fn append_piece(out: &mut Vec<u8>, input: &[u8], last: bool) -> Option<()> {
    if input.len() >= STORE_BELOW {
        let flush = if last { flate2::FlushCompress::Finish } else { flate2::FlushCompress::Full };
        return deflate_fast(out, input, flush);
    }
    // A stored block (RFC 1951, 3.2.4): a header byte (the last-block
    // flag; type 00 and the padding to a byte boundary are zero), the
    // length and its complement, then the bytes.
    let length = u16::try_from(input.len()).ok()?;
    out.push(u8::from(last));
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&(!length).to_le_bytes());
    out.extend_from_slice(input);
    Some(())
}

/// Appends `input` to `out` as a raw deflate piece at the fast level that
/// owes nothing to what came before, ended by `flush`. The deflater is
/// kept for the thread and reset for each piece: making one allocates and
/// clears a few hundred kilobytes, which cost more than the compressing.
fn deflate_fast(out: &mut Vec<u8>, input: &[u8], flush: flate2::FlushCompress) -> Option<()> {
    thread_local! {
        static FAST: std::cell::RefCell<flate2::Compress> =
            std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::fast(), false));
    }
    FAST.with(|fast| {
        let mut deflater = fast.try_borrow_mut().ok()?;
        deflater.reset();
        deflate_with(&mut deflater, out, input, flush)
    })
}

/// Appends `input` to `out`, deflated by `deflater` and ended by `flush`.
fn deflate_with(
    deflater: &mut flate2::Compress,
    out: &mut Vec<u8>,
    input: &[u8],
    flush: flate2::FlushCompress,
) -> Option<()> {
    let start = deflater.total_in();
    loop {
        out.reserve(input.len() / 2 + 256);
        let read = usize::try_from(deflater.total_in() - start).ok()?;
        let status = deflater.compress_vec(&input[read..], out, flush).ok()?;
        let all_read = usize::try_from(deflater.total_in() - start).ok()? == input.len();
        let room_left = out.len() < out.capacity();
        if status == flate2::Status::StreamEnd || (all_read && room_left && flush != flate2::FlushCompress::Finish) {
            return Some(());
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
    use crate::render::assets::Assets;

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

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap();
        out
    }

    #[test]
    fn a_made_page_gzips_around_its_stylesheet_and_decodes_whole() {
        let page = format!(
            "<head><title>é</title><style>{}</style></head><body>{}</body>",
            Assets::stylesheet(),
            "<p>Asia and Europe</p>".repeat(40)
        );
        let stylesheet = FixedPart::new(Assets::stylesheet().as_bytes());
        let gzipped = compress_made(Coding::Gzip, page.as_bytes(), &stylesheet);
        assert_eq!(gunzip(&gzipped), page.as_bytes());
        let plain = compress(Coding::Gzip, page.as_bytes(), Effort::Request);
        assert!(
            gzipped.len() < plain.len(),
            "the stylesheet, deflated at its best, is smaller: {} against {}",
            gzipped.len(),
            plain.len()
        );
        let without = "<p>no stylesheet here</p>".repeat(10);
        assert_eq!(gunzip(&compress_made(Coding::Gzip, without.as_bytes(), &stylesheet)), without.as_bytes());
        let empty_after = format!("<style>{}", Assets::stylesheet());
        assert_eq!(gunzip(&compress_made(Coding::Gzip, empty_after.as_bytes(), &stylesheet)), empty_after.as_bytes());
    }

    #[test]
    fn pieces_short_and_long_on_either_side_of_the_stylesheet_decode_whole() {
        let stylesheet = FixedPart::new(Assets::stylesheet().as_bytes());
        for before in [0, 1, STORE_BELOW - 1, STORE_BELOW, 70_000] {
            for after in [0, 1, STORE_BELOW - 1, STORE_BELOW, 70_000] {
                let page = format!("{}<style>{}{}", "h".repeat(before), Assets::stylesheet(), "é".repeat(after / 2));
                let gzipped = compress_made(Coding::Gzip, page.as_bytes(), &stylesheet);
                assert_eq!(gunzip(&gzipped), page.as_bytes(), "{before} bytes before, {after} after");
            }
        }
    }
}
