pub mod field;
pub mod status;

use leptos::prelude::*;

use crate::i18n::Bi;

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
