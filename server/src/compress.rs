//! Compression of what is rendered per request (pages, server function replies, exports).
//!
//! Measured (`scripts/compression-levels.sh`, README): on a 36 KB page, tower-http's streaming
//! brotli (quality 4, a 4 MB window set up for every response) took 1.1 ms — about 60% of
//! rendering the page — and brotli was a third of the server's CPU under load. The page is
//! complete in a few milliseconds anyway, so it is compressed here in one piece with a window
//! just large enough for it: the same bytes in 0.7 ms. Higher qualities save under 10% more for
//! twice the time or worse (quality 5 with a small window falls onto a hasher ten times slower),
//! so quality 4 it is; gzip 6 for browsers without brotli (as small, and faster still).
//!
//! Built files never come here: they were compressed once, at build time (`static_files`).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const BROTLI_QUALITY: i32 = 4;
pub const GZIP_LEVEL: u32 = 6;
/// Below this a compressed reply saves nothing that matters: it fits in one packet either way.
pub const MIN_BYTES: usize = 1024;
/// A reply that says it is larger passes as it is (no page comes near; only a large export
/// could, and it is better streamed than held whole).
const MAX_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }
}

/// The best encoding the client accepts (brotli before gzip); `q=0` refuses one.
pub fn accepted(headers: &HeaderMap) -> Option<Encoding> {
    let accept = headers.get(header::ACCEPT_ENCODING)?.to_str().ok()?;
    let allows = |name: &str| {
        accept.split(',').any(|part| {
            let mut bits = part.split(';').map(str::trim);
            let named = bits.next().is_some_and(|n| n.eq_ignore_ascii_case(name));
            let q = bits
                .find_map(|b| b.strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            named && q > 0.0
        })
    };
    if allows("br") {
        Some(Encoding::Brotli)
    } else if allows("gzip") {
        Some(Encoding::Gzip)
    } else {
        None
    }
}

/// Text worth compressing; images, PDFs and archives are compressed already.
fn compressible(headers: &HeaderMap) -> bool {
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let kind = kind.split(';').next().unwrap_or("").trim();
    kind.starts_with("text/") && kind != "text/event-stream"
        || kind == "application/json"
        || kind == "application/javascript"
        || kind == "image/svg+xml"
}

/// `body` compressed as `encoding` at the per-request levels, with a window fitted to its size.
pub fn encode(body: &[u8], encoding: Encoding) -> Vec<u8> {
    encode_at(body, encoding, BROTLI_QUALITY, GZIP_LEVEL)
}

/// `body` compressed as `encoding` at the best levels (brotli 11, gzip 9, as built files are):
/// for what is compressed once and served many times.
pub fn encode_best(body: &[u8], encoding: Encoding) -> Vec<u8> {
    encode_at(body, encoding, 11, 9)
}

fn encode_at(body: &[u8], encoding: Encoding, brotli_quality: i32, gzip_level: u32) -> Vec<u8> {
    match encoding {
        Encoding::Brotli => {
            // The smallest window (2^10 … 2^22 bytes) that holds the whole body.
            let lgwin = (usize::BITS - body.len().max(1).leading_zeros()).clamp(10, 22) as i32;
            let params = brotli::enc::BrotliEncoderParams {
                quality: brotli_quality,
                lgwin,
                size_hint: body.len(),
                ..Default::default()
            };
            let mut out = Vec::with_capacity(body.len() / 3);
            brotli::BrotliCompress(&mut &body[..], &mut out, &params)
                .expect("compressing into memory cannot fail");
            out
        }
        Encoding::Gzip => {
            use std::io::Write;
            let mut encoder = flate2::write::GzEncoder::new(
                Vec::with_capacity(body.len() / 3),
                flate2::Compression::new(gzip_level),
            );
            encoder
                .write_all(body)
                .and_then(|_| encoder.finish())
                .expect("compressing into memory cannot fail")
        }
    }
}

/// The middleware: compresses a finished text reply the client can decode.
pub async fn responses(request: Request, next: Next) -> Response {
    let encoding = accepted(request.headers());
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CONTENT_ENCODING)
        || !compressible(response.headers())
    {
        return response;
    }
    // Whoever asks, caches must keep the compressed and plain replies apart.
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let declared = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let Some(encoding) = encoding else {
        return response;
    };
    if declared.is_some_and(|n| !(MIN_BYTES..=MAX_BYTES).contains(&n)) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            // A body that fails half-way cannot be answered whole; say so rather than cut it.
            tracing::error!(%error, "a reply could not be read for compression");
            parts.status = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
            parts.headers.remove(header::CONTENT_LENGTH);
            return Response::from_parts(parts, Body::empty());
        }
    };
    if bytes.len() < MIN_BYTES {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let compressed = encode(&bytes, encoding);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ACCEPT_RANGES);
    parts.headers.insert(
        header::CONTENT_ENCODING,
        HeaderValue::from_static(encoding.name()),
    );
    Response::from_parts(parts, Body::from(compressed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &'static str) -> Option<Encoding> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        accepted(&h)
    }

    #[test]
    fn brotli_is_chosen_when_accepted_and_gzip_otherwise() {
        assert_eq!(asking("gzip, deflate, br, zstd"), Some(Encoding::Brotli));
        assert_eq!(asking("gzip, deflate"), Some(Encoding::Gzip));
        assert_eq!(asking("br;q=0, gzip"), Some(Encoding::Gzip));
        assert_eq!(asking("br;q=0.5"), Some(Encoding::Brotli));
        assert_eq!(asking("identity"), None);
        assert_eq!(accepted(&HeaderMap::new()), None);
    }

    #[test]
    fn what_is_compressed_decodes_to_the_same_bytes() {
        let page = "<p>一件事一次办 · One thing, done in one go</p>".repeat(500);
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            let packed = encode(page.as_bytes(), encoding);
            assert!(packed.len() < page.len() / 10, "{encoding:?}");
            let mut plain = Vec::new();
            match encoding {
                Encoding::Brotli => {
                    brotli::BrotliDecompress(&mut &packed[..], &mut plain).expect("brotli");
                }
                Encoding::Gzip => {
                    use std::io::Read;
                    flate2::read::GzDecoder::new(&packed[..])
                        .read_to_end(&mut plain)
                        .expect("gzip");
                }
            }
            assert_eq!(plain, page.as_bytes(), "{encoding:?}");
        }
    }
}
