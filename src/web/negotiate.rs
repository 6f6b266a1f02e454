//! Choosing the response's encoding from `Accept-Encoding`. Written here
//! rather than taken from a crate: the `headers` crate has no typed
//! `Accept-Encoding`, and this runs on every request (see `bench/RESULTS.md`).

use axum::http::HeaderValue;

use crate::render::encoding::Coding;

/// The best coding of a pre-rendered body that `Accept-Encoding` allows:
/// brotli, then gzip, then none; q-values weigh first, and `q=0` refuses a
/// coding.
pub fn negotiate(accept_encoding: Option<&HeaderValue>) -> Coding {
    let weights = weights(accept_encoding);
    prefer(&[(Coding::Brotli, weights.br), (Coding::Gzip, weights.gzip)])
}

/// The coding for a page made for one request: zstd, then gzip, as only
/// the part the request made is compressed with them
/// (`render::encoding::compress_made`), zstd smaller for the same time;
/// brotli, compressing it all, costs several times more.
pub fn negotiate_made(accept_encoding: Option<&HeaderValue>) -> Coding {
    let weights = weights(accept_encoding);
    prefer(&[(Coding::Zstd, weights.zstd), (Coding::Gzip, weights.gzip), (Coding::Brotli, weights.br)])
}

/// The first coding of `choices` with the highest q-value, unless refused
/// (q=0); none if all are.
fn prefer(choices: &[(Coding, f32)]) -> Coding {
    let mut best = (Coding::Identity, 0.0);
    for &(coding, q) in choices {
        if q > best.1 {
            best = (coding, q);
        }
    }
    best.0
}

/// The q-values of the codings the site sends (0 for one not accepted).
struct Weights {
    br: f32,
    gzip: f32,
    zstd: f32,
}

fn weights(accept_encoding: Option<&HeaderValue>) -> Weights {
    let Some(header) = accept_encoding.and_then(|v| v.to_str().ok()) else {
        return Weights { br: 0.0, gzip: 0.0, zstd: 0.0 };
    };
    let (mut br, mut gz, mut zstd, mut any) = (None, None, None, None);
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
        } else if coding.eq_ignore_ascii_case("zstd") {
            zstd = Some(q);
        } else if coding == "*" {
            any = Some(q);
        }
    }
    let weight = |q: Option<f32>| q.or(any).unwrap_or(0.0);
    Weights { br: weight(br), gzip: weight(gz), zstd: weight(zstd) }
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
    fn pages_made_per_request_prefer_zstd_then_gzip_unless_refused() {
        let made = |header: &str| negotiate_made(Some(&HeaderValue::from_str(header).unwrap()));
        assert_eq!(made("gzip, deflate, br, zstd"), Coding::Zstd);
        assert_eq!(made("gzip, deflate, br"), Coding::Gzip);
        assert_eq!(made("ZSTD;q=0.5, gzip"), Coding::Gzip);
        assert_eq!(made("zstd;q=0, gzip;q=0, br"), Coding::Brotli);
        assert_eq!(made("br"), Coding::Brotli);
        assert_eq!(made("br;q=1, gzip;q=0.5"), Coding::Brotli);
        assert_eq!(made("gzip;q=0, br"), Coding::Brotli);
        assert_eq!(made("*"), Coding::Zstd);
        assert_eq!(made("identity"), Coding::Identity);
        assert_eq!(negotiate_made(None), Coding::Identity);
    }

    #[test]
    fn pre_rendered_bodies_are_never_zstd() {
        assert_eq!(pick("zstd"), Coding::Identity);
        assert_eq!(pick("zstd, gzip"), Coding::Gzip);
    }
}
