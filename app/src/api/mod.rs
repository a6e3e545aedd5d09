//! Server functions: thin. Each finds the backend, parses its input into domain types, calls one
//! service and maps errors to a message the user can act on. They are public HTTP endpoints, so
//! nothing from the browser is trusted.

pub mod packed;
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

/// Everything the browser needs to compose `items` itself (or the draft's items when `items` is
/// empty), for the session's applicant.
#[server(endpoint = "bundle_context")]
pub async fn get_bundle_context(
    // URL-encoded, an empty list is no field at all.
    #[server(default)] items: Vec<String>,
    draft: Option<String>,
) -> Result<BundleContext, ServerFnError> {
    backend()?
        .bundle_context(&items, draft.as_deref(), applicant().as_deref())
        .await
        .map_err(into_server_error)
}

/// The identities a visitor may try the service as.
#[server(endpoint = "demo_applicants")]
pub async fn get_demo_applicants() -> Result<Vec<ApplicantView>, ServerFnError> {
    Ok(backend()?.demo_applicants())
}

/// The signed-in person's unfinished applications (empty when nobody is signed in).
#[server(endpoint = "my_drafts")]
pub async fn get_my_drafts() -> Result<Vec<DraftSummary>, ServerFnError> {
    let Some(applicant) = applicant() else {
        return Ok(Vec::new());
    };
    backend()?
        .drafts_of(&applicant)
        .await
        .map_err(into_server_error)
}

/// Step 1 of 3: the form's answers. The server judges them and keeps them in a draft; when they
/// pass, the browser (with or without JavaScript) goes on to the materials.
/// (The reply is postcard, not JSON: the form island decodes it, and the browser build then needs
/// no JSON decoder for it. Without JavaScript the reply is a redirect either way.)
#[server(endpoint = "save_answers", output = server_fn::codec::Postcard)]
pub async fn save_answers(
    items: String,
    #[server(default)] answers: BTreeMap<String, String>,
    /// The draft these answers belong to, when there is one already.
    #[server(default)]
    draft: String,
    /// "update": keep the answers and show the form again (the no-JavaScript way to apply a
    /// situational answer); "autosave": keep them and stay (the browser's background copy);
    /// anything else checks them and continues.
    #[server(default)]
    intent: String,
) -> Result<SubmitOutcome, ServerFnError> {
    let items: Vec<String> = items
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let update = intent == "update";
    let autosave = intent == "autosave";
    if autosave && draft.is_empty() && applicant().is_none() {
        // Background copies refresh a draft the reader has a resume code for, or start one for a
        // signed-in person (listed for them on any device); never an anonymous stranger's.
        return Err(ServerFnError::new(
            "autosave needs a draft or a signed-in person",
        ));
    }
    let draft = Draft {
        token: draft,
        items: items.clone(),
        answers,
        ..Draft::default()
    };
    let (token, outcome) = backend()?
        .save_answers(draft, !(update || autosave), applicant().as_deref())
        .await
        .map_err(into_server_error)?;
    match &outcome {
        _ if autosave => {}
        _ if update => leptos_axum::redirect(&apply_url(&items, &token)),
        SubmitOutcome::Saved { .. } => {
            leptos_axum::redirect(&format!("/apply/materials?draft={}", encode(&token)))
        }
        // Without JavaScript the browser loads a new page: the draft holds the answers and the
        // verdict, so the form comes back filled in with the errors beside the fields.
        SubmitOutcome::Invalid { .. } if plain_form_post() => {
            leptos_axum::redirect(&apply_url(&items, &token))
        }
        _ => {}
    }
    Ok(outcome)
}

/// Step 3 of 3: submits the draft (its answers and materials) as one application. The server
/// composes and validates again; on success the browser goes to the receipt.
#[server(endpoint = "submit_application")]
pub async fn submit_application(
    draft: String,
    idempotency_key: String,
) -> Result<SubmitOutcome, ServerFnError> {
    let outcome = backend()?
        .submit(&draft, &idempotency_key, applicant().as_deref())
        .await
        .map_err(into_server_error)?;
    match &outcome {
        SubmitOutcome::Accepted { number } => leptos_axum::redirect(&format!("/receipt/{number}")),
        // The verdict is kept with the draft; the review page shows it.
        SubmitOutcome::Invalid { .. } if plain_form_post() => {
            leptos_axum::redirect(&format!("/apply/review?draft={}", encode(&draft)))
        }
        _ => {}
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

/// The session's applicant (demo sign-in cookie). The backend decides what it may see.
#[cfg(feature = "ssr")]
fn applicant() -> Option<String> {
    cookie(
        &use_context::<http::request::Parts>()?.headers,
        APPLICANT_COOKIE,
    )
}

/// One cookie's value from a request's headers (server functions and plain axum handlers alike).
#[cfg(feature = "ssr")]
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
}

/// The cookie naming the demo identity.
pub const APPLICANT_COOKIE: &str = "applicant";

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
