pub mod form_markup;
pub mod read_aloud;
pub mod status;

use leptos::prelude::*;

use crate::engine::Text;
use crate::i18n::{l, lang, Bi};

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
            <h2>{l("出错了", "Something went wrong")}</h2>
            <p>{text}</p>
        </div>
    }
}

/// Names as a list in the page's language: "、" between them in Chinese, ", " in English.
pub fn names(list: &[Text]) -> String {
    form_markup::names_in(lang(), list)
}

/// "Used by: …" for a field or a material, in the page's language.
pub fn used_by(items: &[Text]) -> String {
    form_markup::used_by_in(lang(), items)
}

/// A labelled field with its hint and its message beside it, for the staff forms (plain posts; the
/// message comes back from the server).
#[component]
pub fn LabelledField(
    id: &'static str,
    label: Text,
    #[prop(optional)] hint: Option<Text>,
    error: Option<Text>,
    children: Children,
) -> impl IntoView {
    let has_error = error.is_some();
    view! {
        <div class="field" class:field-error=has_error>
            <label for=id><Bi text=label/></label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")><Bi text=h/></p> })}
            <p class="error-message" id=format!("{id}-error")>
                {error.map(|m| view! { <Bi text=m/> })}
            </p>
            {children()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_joined_in_chinese_by_default() {
        let items = [
            Text::new("失业保险金", "Unemployment benefit"),
            Text::new("医保", "Medical insurance"),
        ];
        assert_eq!(names(&items), "失业保险金、医保");
        assert_eq!(used_by(&items), "用于：失业保险金、医保");
        assert_eq!(used_by(&items[..1]), "用于：失业保险金");
        assert_eq!(names(&[]), "");
    }
}
