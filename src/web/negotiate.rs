//! Choosing the response's encoding from `Accept-Encoding`. Written here
//! rather than taken from a crate: the `headers` crate has no typed
//! `Accept-Encoding`, and this runs on every request (see `bench/RESULTS.md`).

use axum::http::HeaderValue;

use crate::render::encoding::Coding;

/// The best coding that `Accept-Encoding` allows: brotli, then gzip, then
/// none; q-values weigh first, and `q=0` refuses a coding.
pub fn negotiate(accept_encoding: Option<&HeaderValue>) -> Coding {
    let (br, gz) = weights(accept_encoding);
    prefer((Coding::Brotli, br), (Coding::Gzip, gz))
}

/// The coding for a page made for one request: gzip first, as only the
/// part the request made is compressed then (`render::encoding::compress_made`);
/// brotli, compressing it all, costs several times more.
pub fn negotiate_made(accept_encoding: Option<&HeaderValue>) -> Coding {
    let (br, gz) = weights(accept_encoding);
    prefer((Coding::Gzip, gz), (Coding::Brotli, br))
}

/// `first` unless refused or weighed below `second`; then `second` unless
/// refused; then none. Each comes with its q-value.
fn prefer(first: (Coding, f32), second: (Coding, f32)) -> Coding {
    if first.1 > 0.0 && first.1 >= second.1 {
        first.0
    } else if second.1 > 0.0 {
        second.0
    } else {
        Coding::Identity
    }
}

/// The q-values of brotli and of gzip (0 for a coding not accepted).
fn weights(accept_encoding: Option<&HeaderValue>) -> (f32, f32) {
    let Some(header) = accept_encoding.and_then(|v| v.to_str().ok()) else {
        return (0.0, 0.0);
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
    (br.or(any).unwrap_or(0.0), gz.or(any).unwrap_or(0.0))
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
    fn pages_made_per_request_prefer_gzip_unless_refused() {
        let made = |header: &str| negotiate_made(Some(&HeaderValue::from_str(header).unwrap()));
        assert_eq!(made("gzip, deflate, br, zstd"), Coding::Gzip);
        assert_eq!(made("br"), Coding::Brotli);
        assert_eq!(made("br;q=1, gzip;q=0.5"), Coding::Brotli);
        assert_eq!(made("gzip;q=0, br"), Coding::Brotli);
        assert_eq!(made("identity"), Coding::Identity);
        assert_eq!(negotiate_made(None), Coding::Identity);
    }
}
