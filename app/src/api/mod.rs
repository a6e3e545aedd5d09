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
pub async fn get_bundle_context(items: Vec<String>) -> Result<BundleContext, ServerFnError> {
    backend()?.bundle_context(&items).map_err(into_server_error)
}

/// Submits one application for the whole bundle. The server composes and validates again; on
/// success the browser (with or without JavaScript) is sent to the receipt.
#[server(endpoint = "submit_application")]
pub async fn submit_application(
    items: String,
    #[server(default)] answers: BTreeMap<String, String>,
    idempotency_key: String,
) -> Result<SubmitOutcome, ServerFnError> {
    let items: Vec<String> = items
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let outcome = backend()?
        .submit(items, answers, idempotency_key)
        .await
        .map_err(into_server_error)?;
    if let SubmitOutcome::Accepted { number } = &outcome {
        leptos_axum::redirect(&format!("/receipt/{number}"));
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

#[cfg(feature = "ssr")]
fn into_server_error(e: backend::BackendError) -> ServerFnError {
    // The full cause was logged by the backend; the browser gets the approved message only.
    let message = e.user_message();
    ServerFnError::ServerError(format!("{} / {}", message.zh, message.en))
}
