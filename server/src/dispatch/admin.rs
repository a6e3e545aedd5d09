//! The administrators' form posts on `/staff/dispatch`: plain forms answered with a redirect
//! (303) back to the page, the outcome as codes the page turns into messages beside the fields,
//! so they work the same with and without JavaScript. The secret is never sent back.

use std::sync::Arc;

use app::api::caller::Caller;
use app::api::encode;
use axum::extract::{Form, Path};
use axum::response::Response;
use axum::Extension;

use crate::auth::handlers::see_other;
use crate::backend::AppBackend;
use crate::clock::now_millis;
use crate::services::receivers::{self, ReceiverForm, SaveError};

const PAGE: &str = "/staff/dispatch";

fn refused(denied: app::api::caller::Denied) -> Response {
    match denied.sign_in_url(PAGE) {
        Some(url) => see_other(&url, &[]),
        None => crate::back_office::forbidden(),
    }
}

/// Adds or changes a department's receiver.
pub async fn save_receiver(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = ReceiverForm::from_pairs(pairs);
    let typed = form.clone();
    match receivers::save(&backend, Some(&caller), form, now_millis()).await {
        Ok(_) => see_other(
            &format!("{PAGE}?saved={}#receivers", encode(typed.department.trim())),
            &[],
        ),
        Err(SaveError::Denied(denied)) => refused(denied),
        // What was typed comes back (never the secret), with the fields to correct.
        Err(SaveError::Invalid(fields)) => see_other(
            &format!(
                "{PAGE}?errors={}&department={}&url={}{}#receiver-form",
                fields.join(","),
                encode(typed.department.trim()),
                encode(typed.url.trim()),
                if typed.active { "&active=on" } else { "" }
            ),
            &[],
        ),
        Err(SaveError::Storage(_)) => {
            see_other(&format!("{PAGE}?errors=storage#receiver-form"), &[])
        }
    }
}

/// Sends a dead letter again.
pub async fn redeliver(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    match receivers::redeliver(&backend, &caller, &id, now_millis()).await {
        Ok(true) => see_other(
            &format!("{PAGE}?redelivered={}#dead-letters", encode(&id)),
            &[],
        ),
        Ok(false) => see_other(&format!("{PAGE}?redeliver_error=gone#dead-letters"), &[]),
        Err(SaveError::Denied(denied)) => refused(denied),
        Err(_) => see_other(&format!("{PAGE}?redeliver_error=storage#dead-letters"), &[]),
    }
}
