//! The two requests islands make, sent with the browser's own `fetch` and read as postcard.
//!
//! Why not the server functions' generated client: its request encoders, error decoding and
//! redirect handling were the largest part of the picker island's WebAssembly, and an island
//! needs only "send this, read that or fail". The endpoints are the same server functions
//! (`browse_catalog`, `save_answers`); without JavaScript the pages reach them as plain GETs and
//! form posts.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{CatalogPage, CatalogQuery, SubmitOutcome};

/// Sends a request and decodes a 2xx reply as postcard; `None` on any failure.
async fn fetch_postcard<T: DeserializeOwned>(url: &str, init: &web_sys::RequestInit) -> Option<T> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let bytes = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    postcard::from_bytes(&js_sys::Uint8Array::new(&bytes).to_vec()).ok()
}

/// One screen of the catalog (`browse_catalog`); `keep` is an extra parameter the picker's
/// target carries (the draft catalog).
pub async fn browse(query: &CatalogQuery, keep: Option<(&str, &str)>) -> Option<CatalogPage> {
    let params = web_sys::UrlSearchParams::new().ok()?;
    params.append("by", query.by.code());
    params.append("group", query.group.as_deref().unwrap_or(""));
    params.append("q", &query.search);
    params.append("page", &query.page.to_string());
    if let Some((name, value)) = keep {
        params.append(name, value);
    }
    let url = format!("/api/browse?{}", String::from(params.to_string()));
    fetch_postcard(&url, &web_sys::RequestInit::new()).await
}

/// Keeps the answers in the server draft without judging them (`save_answers`, "autosave").
pub async fn autosave(
    url: &str,
    items: &str,
    answers: &crate::engine::Answers,
    draft: &str,
) -> Option<SubmitOutcome> {
    let body = web_sys::UrlSearchParams::new().ok()?;
    body.append("items", items);
    for (key, value) in answers {
        body.append(&format!("answers[{key}]"), value);
    }
    body.append("draft", draft);
    body.append("intent", "autosave");
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body);
    fetch_postcard(url, &init).await
}
