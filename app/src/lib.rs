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
