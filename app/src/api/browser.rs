//! The requests islands make, sent with the browser's own `fetch`: the picker's next screen
//! (markup), the form's catalog slice and its autosave (both read as postcard).
//!
//! Why not the server functions' generated client: its request encoders, error decoding and
//! redirect handling were the largest part of an island's WebAssembly, and an island needs only
//! "send this, read that or fail". Without JavaScript the pages reach the same endpoints as
//! plain GETs and form posts.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::SubmitOutcome;

/// Sends a request; its reply if it is a 2xx, else `None` (a network failure included).
async fn fetch_ok(url: &str, init: &web_sys::RequestInit) -> Option<web_sys::Response> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    response.ok().then_some(response)
}

/// Sends a request and decodes a 2xx reply as postcard; `None` on any failure.
async fn fetch_postcard<T: DeserializeOwned>(url: &str, init: &web_sys::RequestInit) -> Option<T> {
    let response = fetch_ok(url, init).await?;
    let bytes = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    super::packed::unpack_bytes(&js_sys::Uint8Array::new(&bytes).to_vec())
}

/// The form island's catalog slice (`form_catalog_url`); `None` on any failure.
pub async fn fetch_catalog(url: &str) -> Option<crate::engine::Catalog> {
    fetch_postcard(url, &web_sys::RequestInit::new()).await
}

/// A page of markup (the picker's next screen); `None` on any failure.
pub async fn fetch_text(url: &str) -> Option<String> {
    let response = fetch_ok(url, &web_sys::RequestInit::new()).await?;
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
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
