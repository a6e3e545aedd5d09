//! The catalog slice the form island composes with, served at an address of its own
//! (`app::api::form_catalog_url`: `/form-catalog/{version}?items=…`).
//!
//! Why not inside the form page, as it was: as base64 it was 40% of the page, compressed poorly
//! (base64 hides the repeated labels from brotli), and was packed and compressed again for every
//! form page served. The slice depends only on the published version and the items, both in the
//! address, so browsers keep it for a year and this server packs and compresses each one once,
//! at the build-time levels (brotli 11, gzip 9).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::backend::AppBackend;
use crate::compress::{accepted, Encoding};

/// Selections kept packed; beyond this the cache starts again (a slice costs a few KB kept, and
/// packing it again some milliseconds). Not yet bounded: the time spent packing selections never
/// asked for before — brotli 11, many times a page's compression — which a client naming many
/// distinct selections could make the server spend.
const MAX_KEPT: usize = 1024;

/// One slice, packed once and compressed once per encoding.
struct Packed {
    plain: Vec<u8>,
    brotli: Vec<u8>,
    gzip: Vec<u8>,
}

/// The slices packed so far, by version and selection.
#[derive(Default)]
pub struct Slices {
    kept: Mutex<HashMap<String, Arc<Packed>>>,
}

impl Slices {
    fn get_or_pack(&self, key: String, pack: impl FnOnce() -> Vec<u8>) -> Arc<Packed> {
        if let Some(found) = self.kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
            return found;
        }
        // Packed outside the lock: two requests for a new selection may both pack it, which is
        // cheaper than making every other selection wait.
        let plain = pack();
        let packed = Arc::new(Packed {
            brotli: crate::compress::encode_best(&plain, Encoding::Brotli),
            gzip: crate::compress::encode_best(&plain, Encoding::Gzip),
            plain,
        });
        if let Ok(mut kept) = self.kept.lock() {
            if kept.len() >= MAX_KEPT {
                kept.clear();
            }
            kept.insert(key, packed.clone());
        }
        packed
    }
}

/// `GET /form-catalog/{version}?items=…`: the slice of the version in use for those items,
/// cached for a year. Another version (a page rendered before a publication) or an unknown item
/// is not found: the island then leaves the form as it works without JavaScript, and the server
/// checks it against the version in use when it is sent.
pub async fn serve(
    Extension(backend): Extension<Arc<AppBackend>>,
    Path(version): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let mut items: Vec<String> = params
        .into_iter()
        .filter(|(k, _)| k == "items")
        .map(|(_, v)| v)
        .collect();
    if items.len() > app::api::MAX_ITEMS {
        return crate::back_office::say(
            StatusCode::BAD_REQUEST,
            app::api::too_many_items_message(),
        );
    }
    items.sort();
    items.dedup();
    let in_use = backend.in_use();
    let catalog = &in_use.catalog;
    if version != in_use.hash
        || items.is_empty()
        || items.iter().any(|id| catalog.item(id).is_none())
    {
        return crate::back_office::not_found();
    }
    let key = format!("{version}\n{}", items.join("\n"));
    let packed = backend.form_catalogs.get_or_pack(key, || {
        app::api::packed::pack_bytes(&catalog.subset(&items))
    });
    let (encoding, body) = match accepted(&headers) {
        Some(Encoding::Brotli) => (Some("br"), packed.brotli.clone()),
        Some(Encoding::Gzip) => (Some("gzip"), packed.gzip.clone()),
        None => (None, packed.plain.clone()),
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, crate::static_files::HASHED),
            (header::VARY, "accept-encoding"),
        ],
        body,
    )
        .into_response();
    if let Some(name) = encoding {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    response
}
