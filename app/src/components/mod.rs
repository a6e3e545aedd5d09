pub mod field;
pub mod status;

use leptos::prelude::*;

use crate::i18n::Bi;

/// Called by every island once it runs in the browser: counts live islands in
/// `window.__yijian_islands_live`, so browser tests can wait until all of a page's islands
/// (including ones whose code loads later) handle input, instead of guessing with a delay.
pub fn island_is_live() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(window) = web_sys::window() {
            let key = wasm_bindgen::JsValue::from_str("__yijian_islands_live");
            let count = js_sys::Reflect::get(&window, &key)
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0);
            let _ = js_sys::Reflect::set(&window, &key, &(count + 1.0).into());
        }
    });
}

/// Shows a failed load as a readable message instead of a blank page.
#[component]
pub fn LoadError(error: ServerFnError) -> impl IntoView {
    let text = match &error {
        ServerFnError::ServerError(m) => m.clone(),
        other => other.to_string(),
    };
    view! {
        <div class="error-summary" role="alert">
            <h2><Bi text=crate::i18n::t("出错了", "Something went wrong")/></h2>
            <p>{text}</p>
        </div>
    }
}
