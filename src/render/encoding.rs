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

/// The level of zstd for pages made per request: as fast as gzip's fast
/// level and a fifth smaller, twice as fast as brotli's fastest quality
/// for the same size (`bench/RESULTS.md`, "Pages made per request").
const ZSTD_FAST: i32 = 1;
/// The level of zstd for what is compressed once.
const ZSTD_BEST: i32 = 19;

/// A content coding the site can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
    /// Zstandard (RFC 8878), for pages made per request only.
    Zstd,
}

impl Coding {
    /// The codings every pre-rendered body is prepared in: brotli at its
    /// best beats zstd on size, and is sent as often.
    pub const PREPARED: [Coding; 3] = [Coding::Identity, Coding::Gzip, Coding::Brotli];

    /// The value of `Content-Encoding`, if any.
    pub const fn content_encoding(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
            Coding::Zstd => Some("zstd"),
        }
    }

    /// What the ETag of a body in this coding ends with: each coding's
    /// bytes differ, so their tags must too (RFC 9110).
    const fn etag_suffix(self) -> &'static str {
        match self {
            Coding::Identity => "",
            Coding::Gzip => "-gz",
            Coding::Brotli => "-br",
            Coding::Zstd => "-zst",
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
        Coding::Zstd => {
            let level = match effort {
                Effort::Load => ZSTD_BEST,
                Effort::Request => ZSTD_FAST,
            };
            zstd_frame(body, level).unwrap_or_else(|| body.to_vec())
        }
    }
}

/// `input` as one zstd frame at `level`; `None` if zstd failed (it does
/// not, given memory), and then the caller sends what it can.
fn zstd_frame(input: &[u8], level: i32) -> Option<Vec<u8>> {
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<Vec<(i32, zstd::bulk::Compressor<'static>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    // A compressor keeps its context for the thread: making one allocates
    // more than compressing a page costs.
    COMPRESSORS.with(|compressors| {
        let mut compressors = compressors.try_borrow_mut().ok()?;
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                compressors.push((level, zstd::bulk::Compressor::new(level).ok()?));
                compressors.len() - 1
            }
        };
        compressors[at].1.compress(input).ok()
    })
}

/// A page made for one request, in `coding`. Gzip and zstd compress only
/// what the request made: `fixed` (the stylesheet every page carries
/// inline, two thirds of a page) is compressed once. Brotli, which cannot
/// be cut this way, compresses it all at its fastest quality.
pub fn compress_made(coding: Coding, body: &[u8], fixed: &FixedPart) -> Vec<u8> {
    let around = match coding {
        Coding::Gzip => fixed.gzip_around(body),
        Coding::Zstd => fixed.zstd_around(body),
        _ => None,
    };
    around.unwrap_or_else(|| compress(coding, body, Effort::Request))
}

/// A stretch of text that many bodies hold, deflated once. A deflate
/// stream may be cut into pieces that each start afresh (a full flush
/// ends a piece on a byte boundary, and nothing after it refers back), so
/// a body is gzipped as: the text before the stretch, made into a piece
/// now; the stretch, as deflated once; the text after it, made into a
/// piece now. Pages carry the stylesheet first in their head, so the
/// piece before it is short and stored, and only the one after it is
/// deflated (see `append_piece`).
///
/// Zstd data may likewise be a string of frames, each independent, whose
/// contents join (RFC 8878, section 3): the text before the stretch, the
/// stretch as compressed once, and the text after it, a frame each.
pub struct FixedPart {
    text: &'static [u8],
    deflated: Vec<u8>,
    /// The stretch as one zstd frame.
    zstd: Vec<u8>,
}

impl FixedPart {
    pub fn new(text: &'static [u8]) -> Self {
        let mut deflated = Vec::new();
        let mut deflater = flate2::Compress::new(flate2::Compression::best(), false);
        let done = deflate_with(&mut deflater, &mut deflated, text, flate2::FlushCompress::Full);
        // Should compressing ever fail, the empty piece is never used.
        let deflated = if done.is_some() { deflated } else { Vec::new() };
        Self { text, deflated, zstd: zstd_frame(text, ZSTD_BEST).unwrap_or_default() }
    }

    /// Where the stretch is in `body` (after a `<style>` tag), if it is.
    fn find_in(&self, body: &[u8]) -> Option<std::ops::Range<usize>> {
        const OPEN: &[u8] = b"<style>";
        let start = body.windows(OPEN.len()).position(|w| w == OPEN)? + OPEN.len();
        body[start..].starts_with(self.text).then(|| start..start + self.text.len())
    }

    /// `body` as zstd frames, with the stretch taken as compressed once;
    /// `None` if `body` does not hold it, or compressing failed.
    fn zstd_around(&self, body: &[u8]) -> Option<Vec<u8>> {
        let stretch = self.find_in(body).filter(|_| !self.zstd.is_empty())?;
        let mut out = zstd_frame(&body[..stretch.start], ZSTD_FAST)?;
        out.extend_from_slice(&self.zstd);
        out.extend_from_slice(&zstd_frame(&body[stretch.end..], ZSTD_FAST)?);
        Some(out)
    }

    /// `body` gzipped, with the stretch taken as deflated once; `None` if
    /// `body` does not hold it after a `<style>` tag, or deflating failed.
    fn gzip_around(&self, body: &[u8]) -> Option<Vec<u8>> {
        let stretch = self.find_in(body).filter(|_| !self.deflated.is_empty())?;
        let (start, end) = (stretch.start, stretch.end);
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
    /// Identity, gzip and brotli, in the order of `Coding::PREPARED`.
    variants: [Variant; 3],
}

impl Encoded {
    /// Compresses `body` both ways.
    pub fn new(content_type: &'static str, cache: CachePolicy, body: impl Into<Bytes>) -> Self {
        Self::with_effort(content_type, cache, body.into(), Effort::Load)
    }

    fn with_effort(content_type: &'static str, cache: CachePolicy, body: Bytes, effort: Effort) -> Self {
        let hash = content_hash(&body);
        let variant = |coding: Coding| {
            let bytes = match coding {
                Coding::Identity => body.clone(),
                _ => Bytes::from(compress(coding, &body, effort)),
            };
            Variant { coding, body: bytes, etag: format!("\"{hash}{}\"", coding.etag_suffix()) }
        };
        Self { content_type, cache, variants: Coding::PREPARED.map(variant) }
    }

    /// Compresses `body` both ways, at the fast levels: for pages made at
    /// load that are sent seldom (the error pages).
    pub fn quickly(content_type: &'static str, cache: CachePolicy, body: impl Into<Bytes>) -> Self {
        Self::with_effort(content_type, cache, body.into(), Effort::Request)
    }

    /// `body` as it is, whatever the client accepts: for files that are
    /// compressed already (photographs), which compression would only slow.
    pub fn as_it_is(content_type: &'static str, cache: CachePolicy, body: impl Into<Bytes>) -> Self {
        let body: Bytes = body.into();
        let etag = format!("\"{}\"", content_hash(&body));
        let variant = |_| Variant { coding: Coding::Identity, body: body.clone(), etag: etag.clone() };
        Self { content_type, cache, variants: Coding::PREPARED.map(variant) }
    }

    /// The variant in `coding`; the body as it is for a coding that is
    /// not prepared (zstd, for pages made per request alone).
    /// The same bodies, kept as `cache` says (they are shared, not copied).
    pub fn with_cache(&self, cache: CachePolicy) -> Self {
        Self { cache, ..self.clone() }
    }

    pub fn variant(&self, coding: Coding) -> &Variant {
        self.variants.get(coding as usize).unwrap_or(&self.variants[0])
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
        let etags: Vec<_> = Coding::PREPARED.map(|c| encoded.variant(c).etag.clone()).into();
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
    fn a_made_page_in_zstd_is_frames_around_the_stylesheet_that_decode_whole_and_beat_gzip() {
        let page = format!(
            "<head><title>é</title><style>{}</style></head><body>{}</body>",
            Assets::stylesheet(),
            "<p>Asia and Europe</p>".repeat(40)
        );
        let stylesheet = FixedPart::new(Assets::stylesheet().as_bytes());
        let zstd = compress_made(Coding::Zstd, page.as_bytes(), &stylesheet);
        assert_eq!(zstd::decode_all(&zstd[..]).expect("zstd"), page.as_bytes());
        let frames = zstd.windows(4).filter(|w| *w == [0x28, 0xb5, 0x2f, 0xfd]).count();
        assert!(frames >= 3, "three frames: before, the stylesheet, after ({frames} magic numbers)");
        let gzipped = compress_made(Coding::Gzip, page.as_bytes(), &stylesheet);
        assert!(zstd.len() < gzipped.len(), "zstd {} against gzip {}", zstd.len(), gzipped.len());
        for other in ["<p>no stylesheet here</p>".repeat(10), format!("<style>{}", Assets::stylesheet()), String::new()]
        {
            let zstd = compress_made(Coding::Zstd, other.as_bytes(), &stylesheet);
            assert_eq!(zstd::decode_all(&zstd[..]).expect("zstd"), other.as_bytes());
        }
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
