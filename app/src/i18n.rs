//! Bilingual text: Chinese first (the default), English beside it for everyone else.

use leptos::prelude::*;

use crate::engine::Text;

/// Chinese with its English secondary, marked `lang="en"` so screen readers switch voice.
#[component]
pub fn Bi(#[prop(into)] text: Text) -> impl IntoView {
    view! {
        <span class="zh">{text.zh}</span>
        " "
        <span class="en" lang="en">{text.en}</span>
    }
}

/// Shorthand for literal UI strings.
pub fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}
