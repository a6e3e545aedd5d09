#![recursion_limit = "256"]
//! The isomorphic app: compiled natively with `ssr` (server rendering, server functions) and to
//! WebAssembly with `hydrate` (instant feedback in the browser).

pub mod api;
pub mod components;
pub mod engine;
pub mod i18n;
pub mod pages;

mod app;
pub use app::{shell, App};

/// Entry point of the WebAssembly build. The page stays the server's HTML; Leptos then brings
/// each island (`#[island]` components) to life in place.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A marker for browser tests: the page now runs in WebAssembly.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__yijian_hydrated".into(), &true.into());
    }
}

/// Benchmark hook for `scripts/wasm-bench.sh`: composes the form island's own data (the packed
/// `data` of a form page, see `api::packed`) `rounds` times inside the browser build and returns
/// the number of merged fields, so the work cannot be optimised away. Timing happens in
/// JavaScript around the call. Only in builds made for measuring (feature `wasm-bench`), so the
/// engine does not ride along in every page's WebAssembly.
#[cfg(feature = "wasm-bench")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_benchmark(form_data: &str, rounds: u32) -> u32 {
    let Some(data) = api::packed::unpack::<pages::apply::FormData>(form_data) else {
        return 0;
    };
    let catalog = data.context.catalog.indexed();
    let answers = engine::Answers::new();
    let held = std::collections::BTreeSet::new();
    let mut fields = 0;
    for _ in 0..rounds {
        if let Ok(bundle) = engine::compose(&catalog, &data.chosen, &answers, &held) {
            fields += bundle.form.fields().count() as u32;
        }
    }
    fields
}
