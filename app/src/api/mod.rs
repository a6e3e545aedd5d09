//! Server functions: thin. Each finds the backend, parses its input into domain types, calls one
//! service and maps errors to a message the user can act on. They are public HTTP endpoints, so
//! nothing from the browser is trusted.

pub mod types;

#[cfg(feature = "ssr")]
pub mod backend;

use std::collections::BTreeMap;

use leptos::prelude::*;

pub use types::*;

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn backend::Backend>, ServerFnError> {
    use_context::<std::sync::Arc<dyn backend::Backend>>()
        .ok_or_else(|| ServerFnError::new("backend missing from context"))
}

/// The catalog grouped for browsing.
#[server(endpoint = "catalog_overview")]
pub async fn get_catalog_overview() -> Result<CatalogOverview, ServerFnError> {
    Ok(backend()?.catalog_overview())
}

/// Everything the browser needs to compose `items` itself.
#[server(endpoint = "bundle_context")]
pub async fn get_bundle_context(
    items: Vec<String>,
    draft: Option<String>,
) -> Result<BundleContext, ServerFnError> {
    backend()?
        .bundle_context(&items, draft.as_deref())
        .await
        .map_err(into_server_error)
}

/// Submits one application for the whole bundle. The server composes and validates again; on
/// success the browser (with or without JavaScript) is sent to the receipt.
#[server(endpoint = "submit_application")]
pub async fn submit_application(
    items: String,
    #[server(default)] answers: BTreeMap<String, String>,
    idempotency_key: String,
    /// "update": keep the answers and show the form again (the no-JavaScript way to apply a
    /// situational answer); anything else submits.
    #[server(default)]
    intent: String,
) -> Result<SubmitOutcome, ServerFnError> {
    let items: Vec<String> = items
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let backend = backend()?;
    if intent == "update" {
        let draft = Draft {
            items: items.clone(),
            answers,
            ..Draft::default()
        };
        let token = backend.save_draft(draft).await.map_err(into_server_error)?;
        leptos_axum::redirect(&apply_url(&items, &token));
        return Ok(SubmitOutcome::Invalid {
            errors: Default::default(),
            problems: Vec::new(),
        });
    }
    let outcome = backend
        .submit(items.clone(), answers.clone(), idempotency_key)
        .await
        .map_err(into_server_error)?;
    match &outcome {
        SubmitOutcome::Accepted { number } => leptos_axum::redirect(&format!("/receipt/{number}")),
        // Without JavaScript the browser will load a new page: keep everything it sent, and the
        // verdict, in a draft, so the form comes back filled in with the errors beside the fields.
        SubmitOutcome::Invalid { errors, problems } if plain_form_post() => {
            let draft = Draft {
                items: items.clone(),
                answers,
                errors: errors.clone(),
                problems: problems.clone(),
                ..Draft::default()
            };
            let token = backend.save_draft(draft).await.map_err(into_server_error)?;
            leptos_axum::redirect(&apply_url(&items, &token));
        }
        SubmitOutcome::Invalid { .. } => {}
    }
    Ok(outcome)
}

/// Status of every part of one application, by its number.
#[server(endpoint = "track_application")]
pub async fn track_application(number: String) -> Result<Option<Tracking>, ServerFnError> {
    backend()?
        .track(number.trim())
        .await
        .map_err(into_server_error)
}

#[server(endpoint = "list_departments")]
pub async fn list_departments() -> Result<Vec<DepartmentSummary>, ServerFnError> {
    backend()?.departments().await.map_err(into_server_error)
}

/// The parts routed to one department.
#[server(endpoint = "department_queue")]
pub async fn get_department_queue(id: String) -> Result<Option<DepartmentQueue>, ServerFnError> {
    backend()?
        .department_queue(&id)
        .await
        .map_err(into_server_error)
}

/// The form page for `items`, restoring a draft.
pub fn apply_url(items: &[String], draft: &str) -> String {
    let mut url = String::from("/apply?");
    for id in items {
        url.push_str("items=");
        url.push_str(&encode(id));
        url.push('&');
    }
    url.push_str("draft=");
    url.push_str(&encode(draft));
    url
}

/// Percent-encodes a query value (ids and tokens are ASCII; anything else is escaped).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// True for a browser's own form post (no JavaScript): it asks for HTML, not data.
#[cfg(feature = "ssr")]
fn plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

#[cfg(feature = "ssr")]
fn into_server_error(e: backend::BackendError) -> ServerFnError {
    // The full cause was logged by the backend; the browser gets the approved message only.
    let message = e.user_message();
    ServerFnError::ServerError(format!("{} / {}", message.zh, message.en))
}
