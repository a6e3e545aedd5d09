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

/// Entry point of the WebAssembly build: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // A marker for browser tests: the page now runs in WebAssembly.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__yijian_hydrated".into(), &true.into());
    }
}

/// Benchmark hook for `scripts/wasm-bench.sh`: composes `items` (comma-separated) against a
/// catalog slice `rounds` times inside the browser build and returns the number of merged fields,
/// so the work cannot be optimised away. Timing happens in JavaScript around the call.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_benchmark(catalog_json: &str, items: &str, rounds: u32) -> u32 {
    let Ok(catalog) = engine::Catalog::from_json(catalog_json) else {
        return 0;
    };
    let items: Vec<String> = items.split(',').map(String::from).collect();
    let answers = engine::Answers::new();
    let held = std::collections::BTreeSet::new();
    let mut fields = 0;
    for _ in 0..rounds {
        if let Ok(bundle) = engine::compose(&catalog, &items, &answers, &held) {
            fields += bundle.form.fields().count() as u32;
        }
    }
    fields
}
