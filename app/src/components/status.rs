use leptos::prelude::*;

use crate::api::PartStatus;
use crate::i18n::Bi;

/// A part's status as a tag; colour is never the only signal, the words are always there.
#[component]
pub fn StatusTag(status: PartStatus) -> impl IntoView {
    view! { <strong class=format!("tag tag-{}", status.code())><Bi text=status.label()/></strong> }
}
