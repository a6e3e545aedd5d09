//! Server functions: thin. Each finds the backend, parses its input into domain types, calls one
//! service and maps errors to a message the user can act on. They are public HTTP endpoints, so
//! nothing from the browser is trusted.

#[cfg(feature = "hydrate")]
pub mod browser;
pub mod caller;
pub mod packed;
pub mod types;

#[cfg(feature = "ssr")]
pub mod backend;

use std::collections::BTreeMap;

use leptos::prelude::*;

pub use caller::{Caller, Denied, Role};
pub use types::*;

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn backend::Backend>, ServerFnError> {
    use_context::<std::sync::Arc<dyn backend::Backend>>()
        .ok_or_else(|| ServerFnError::new("backend missing from context"))
}

/// More items than any bundle a person could mean (the largest package has a dozen): refused at
/// the edge, before any work, with a message.
pub const MAX_ITEMS: usize = 100;

#[cfg(feature = "ssr")]
fn set_status(status: http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

#[cfg(feature = "ssr")]
fn too_many_items(items: &[String]) -> Result<(), ServerFnError> {
    if items.len() > MAX_ITEMS {
        set_status(http::StatusCode::BAD_REQUEST);
        // In the reader's language (the `lang` cookie), like every message they are shown.
        let message = too_many_items_message();
        return Err(ServerFnError::ServerError(
            crate::i18n::lang().of(&message).to_string(),
        ));
    }
    Ok(())
}

/// What a request with more than [`MAX_ITEMS`] items is told.
pub fn too_many_items_message() -> crate::engine::Text {
    crate::engine::Text::new(
        format!("一次最多选择{MAX_ITEMS}个事项，请减少后再试。"),
        format!("Choose at most {MAX_ITEMS} items at once."),
    )
}

/// One screen of the catalog (see `CatalogQuery` for the parameters, as the page's address
/// has them) and the summaries of the `chosen` items: what the picker's pages render (the
/// picker island asks `GET /picker` for the same screen as markup). A GET, a plain read;
/// postcard, compact for programs that read screens (the search benchmark does).
#[server(endpoint = "browse", input = server_fn::codec::GetUrl, output = server_fn::codec::Postcard)]
pub async fn browse_catalog(
    #[server(default)] by: String,
    #[server(default)] group: String,
    #[server(default)] q: String,
    #[server(default)] page: String,
    #[server(default)] chosen: Vec<String>,
    // "draft": the draft catalog, for catalog editors previewing it.
    #[server(default)] catalog: String,
) -> Result<CatalogPage, ServerFnError> {
    too_many_items(&chosen)?;
    let query = CatalogQuery::from_params(|name| {
        let value = match name {
            "by" => &by,
            "group" => &group,
            "q" => &q,
            "page" => &page,
            _ => return None,
        };
        Some(value.clone())
    });
    if catalog == "draft" {
        return backend()?
            .browse_draft(&caller(), &query, &chosen)
            .await
            .map_err(into_server_error);
    }
    Ok(backend()?.browse(&query, &chosen))
}

/// Everything the browser needs to compose `items` itself (or the draft's items when `items` is
/// empty), for the session's applicant.
#[server(endpoint = "bundle_context")]
pub async fn get_bundle_context(
    // URL-encoded, an empty list is no field at all.
    #[server(default)] items: Vec<String>,
    draft: Option<String>,
    /// "draft": the catalog editors' draft, to preview a combination as citizens would see it
    /// once it is published (catalog editors only; nothing can be saved from it).
    #[server(default)]
    catalog: Option<String>,
) -> Result<BundleContext, ServerFnError> {
    too_many_items(&items)?;
    let draft_catalog = catalog.as_deref() == Some("draft");
    backend()?
        .bundle_context(&caller(), &items, draft.as_deref(), draft_catalog)
        .await
        .map_err(into_server_error)
}

/// The identities a visitor may try the service as.
#[server(endpoint = "demo_applicants")]
pub async fn get_demo_applicants() -> Result<Vec<ApplicantView>, ServerFnError> {
    Ok(backend()?.demo_applicants())
}

/// The caller's unfinished applications (empty when they have none, or no session).
#[server(endpoint = "my_drafts")]
pub async fn get_my_drafts() -> Result<Vec<DraftSummary>, ServerFnError> {
    backend()?
        .drafts_of(&caller())
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
    /// situational answer); "language-en|zh", "care-on|off": the same, switching the language
    /// or the elder-friendly mode on the way; "autosave": keep them and stay (the browser's
    /// background copy); anything else checks them and continues.
    #[server(default)]
    intent: String,
) -> Result<SubmitOutcome, ServerFnError> {
    let items: Vec<String> = items
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    too_many_items(&items)?;
    // "language-en" / "language-zh": the language switch on the form page keeps everything
    // typed so far (as "update" does) and shows the form again in the other language.
    let language = intent
        .strip_prefix("language-")
        .map(|code| crate::i18n::Lang::from_cookie(Some(code)));
    // "care-on" / "care-off": the elder-friendly mode's switch, the same way.
    let care = match intent.as_str() {
        "care-on" => Some(true),
        "care-off" => Some(false),
        _ => None,
    };
    let update = intent == "update" || language.is_some() || care.is_some();
    let autosave = intent == "autosave";
    let mut caller = caller();
    if autosave && draft.is_empty() && caller.citizen().is_none() {
        // Background copies refresh a draft the reader already has, or start one for a
        // signed-in person (listed for them on any device); never an anonymous stranger's.
        return Err(ServerFnError::new(
            "autosave needs a draft or a signed-in person",
        ));
    }
    let backend = backend()?;
    if caller.owner().is_none() {
        // The first thing this visitor saves: a session of their own makes the draft theirs.
        let (opened, cookie) = backend
            .open_anonymous_session()
            .await
            .map_err(into_server_error)?;
        set_cookie(&cookie);
        caller = opened;
    }
    let draft = Draft {
        token: draft,
        items: items.clone(),
        answers,
        ..Draft::default()
    };
    let (token, outcome) = backend
        .save_answers(&caller, draft, !(update || autosave))
        .await
        .map_err(into_server_error)?;
    if let Some(lang) = language {
        set_cookie(&crate::i18n::language_cookie(lang));
    }
    if let Some(on) = care {
        set_cookie(&crate::i18n::care_cookie(on));
    }
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
        .submit(&caller(), &draft, &idempotency_key)
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
        .track(&caller(), number.trim(), &client())
        .await
        .map_err(into_server_error)
}

/// The receipt of an application: only for the person (session) who submitted it.
#[server(endpoint = "receipt")]
pub async fn get_receipt(number: String) -> Result<Option<Tracking>, ServerFnError> {
    backend()?
        .receipt(&caller(), number.trim(), &client())
        .await
        .map_err(into_server_error)
}

#[server(endpoint = "list_departments")]
pub async fn list_departments() -> Result<Vec<DepartmentSummary>, ServerFnError> {
    backend()?
        .departments(&caller())
        .await
        .map_err(into_server_error)
}

/// A page of the parts routed to one department: its reviewers, managers and administrators
/// only. `status` and `item` filter (empty: all); `page` is 1-based.
#[server(endpoint = "department_queue")]
pub async fn get_department_queue(
    id: String,
    #[server(default)] status: String,
    #[server(default)] item: String,
    #[server(default)] page: u32,
) -> Result<Option<DepartmentQueue>, ServerFnError> {
    let query = QueueQuery {
        department: id,
        status: PartStatus::parse(&status),
        item: Some(item).filter(|i| !i.is_empty()),
        page: page.max(1),
    };
    backend()?
        .department_queue(&caller(), query)
        .await
        .map_err(into_server_error)
}

/// One part as its department's reviewer works it.
#[server(endpoint = "part_detail")]
pub async fn get_part_detail(id: String) -> Result<Option<PartDetail>, ServerFnError> {
    backend()?
        .part_detail(&caller(), id.trim())
        .await
        .map_err(into_server_error)
}

/// One person's applications found by ID number: `key` is the keyed hash the search form's
/// post answered with (the number itself never travels in a link). Staff who may search only;
/// an empty key finds nothing (the page shows its form).
#[server(endpoint = "find_by_applicant")]
pub async fn find_by_applicant(key: String) -> Result<Vec<FoundPart>, ServerFnError> {
    backend()?
        .find_by_applicant(&caller(), key.trim())
        .await
        .map_err(into_server_error)
}

/// A correction request waiting for the caller on one part of their application.
#[server(endpoint = "correction")]
pub async fn get_correction(part: String) -> Result<Option<CorrectionContext>, ServerFnError> {
    backend()?
        .correction(&caller(), part.trim(), &client())
        .await
        .map_err(into_server_error)
}

/// The caller's submitted applications with their overall status.
#[server(endpoint = "my_applications")]
pub async fn get_my_applications() -> Result<Vec<ApplicationSummary>, ServerFnError> {
    backend()?
        .applications_of(&caller())
        .await
        .map_err(into_server_error)
}

/// The signed-in person's newest notifications.
#[server(endpoint = "notifications")]
pub async fn get_notifications() -> Result<Vec<Notice>, ServerFnError> {
    backend()?
        .notifications(&caller())
        .await
        .map_err(into_server_error)
}

/// The sign-in by mobile number this browser started, waiting for its code.
#[server(endpoint = "pending_sign_in")]
pub async fn get_pending_sign_in() -> Result<Option<PendingSignIn>, ServerFnError> {
    let Some(attempt) = use_context::<http::request::Parts>()
        .and_then(|p| cookie(&p.headers, SIGN_IN_ATTEMPT_COOKIE))
    else {
        return Ok(None);
    };
    backend()?
        .pending_sign_in(&attempt)
        .await
        .map_err(into_server_error)
}

/// Staff accounts: administrators only.
#[server(endpoint = "staff_accounts")]
pub async fn get_staff_accounts() -> Result<Vec<StaffAccount>, ServerFnError> {
    backend()?
        .staff_accounts(&caller())
        .await
        .map_err(into_server_error)
}

/// The signed-in staff member, for the staff desk (nothing for anyone else: a citizen's
/// vouched-for details never travel to a page that does not need them).
#[server(endpoint = "staff_me")]
pub async fn get_staff_me() -> Result<Option<caller::StaffMember>, ServerFnError> {
    Ok(caller().staff().cloned())
}

/// The signed-in staff member, for a page any staff member may open (their own password):
/// anyone else is sent to staff sign-in, a citizen refused.
#[server(endpoint = "staff_self")]
pub async fn get_staff_self() -> Result<caller::StaffMember, ServerFnError> {
    caller()
        .needs_staff()
        .cloned()
        .map_err(|denied| into_server_error(backend::BackendError::Denied(denied)))
}

/// The managers' dashboard: managers and administrators only.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, ServerFnError> {
    backend()?
        .dashboard(&caller())
        .await
        .map_err(into_server_error)
}

/// Departments' receivers and dead letters: administrators only.
#[server(endpoint = "dispatch_overview")]
pub async fn get_dispatch_overview() -> Result<DispatchOverview, ServerFnError> {
    backend()?
        .dispatch_overview(&caller())
        .await
        .map_err(into_server_error)
}

/// The catalog in use, counted: catalog editors and administrators.
#[server(endpoint = "catalog_summary")]
pub async fn get_catalog_summary() -> Result<CatalogSummary, ServerFnError> {
    backend()?
        .catalog_summary(&caller())
        .map_err(into_server_error)
}

/// The draft catalog, with the items matching `find`, the item `item` open for editing and,
/// with `field`, its limits on that field: catalog editors and administrators.
#[server(endpoint = "catalog_draft")]
pub async fn get_catalog_draft(
    #[server(default)] find: String,
    #[server(default)] item: String,
    #[server(default)] field: String,
) -> Result<CatalogDraftView, ServerFnError> {
    // A search is words, not a document.
    let find: String = find.trim().chars().take(60).collect();
    backend()?
        .catalog_draft(&caller(), &find, item.trim(), field.trim())
        .await
        .map_err(into_server_error)
}

/// The working-day calendar's years: administrators only.
#[server(endpoint = "calendar_overview")]
pub async fn get_calendar_overview() -> Result<CalendarOverview, ServerFnError> {
    backend()?
        .calendar_overview(&caller())
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

/// Where the form island fetches the catalog slice for `items`, cut from published version
/// `version`. The address names everything the slice depends on, so it never changes meaning
/// and browsers keep it for a year; the items are in one order whatever order they were chosen
/// in, so a selection has one address.
pub fn form_catalog_url(version: &str, items: &[String]) -> String {
    let mut sorted: Vec<&String> = items.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut url = format!("{FORM_CATALOG}/{}?", encode(version));
    for (i, id) in sorted.into_iter().enumerate() {
        if i > 0 {
            url.push('&');
        }
        url.push_str("items=");
        url.push_str(&encode(id));
    }
    url
}

/// The path under which [`form_catalog_url`] addresses live.
pub const FORM_CATALOG: &str = "/form-catalog";

/// Percent-encodes a query value (ids and tokens are ASCII; anything else is escaped).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Who is calling, as the server's middleware resolved it from the session for this request.
/// Server functions and pages read it here; nothing else reads the session cookie.
#[cfg(feature = "ssr")]
pub fn caller() -> Caller {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<Caller>().cloned())
        .unwrap_or_default()
}

/// The client's address, for the limiter.
#[cfg(feature = "ssr")]
fn client() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<caller::ClientAddr>().cloned())
        .map_or_else(|| "unknown".into(), |c| c.0)
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
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

/// The cookie binding a sign-in by mobile number to the browser that started it.
pub const SIGN_IN_ATTEMPT_COOKIE: &str = "yj_sign_in";

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
    // The full cause was logged by the backend; the browser gets the approved message only, in
    // the reader's language.
    let message = e.user_message();
    use backend::BackendError as E;
    match &e {
        E::Denied(denied) => deny(*denied),
        // The reader's own input or link: not a server fault.
        E::Selection(_) => set_status(http::StatusCode::BAD_REQUEST),
        E::Draft(_) => set_status(http::StatusCode::NOT_FOUND),
        E::Wait => set_status(http::StatusCode::TOO_MANY_REQUESTS),
        E::Storage(_) => {}
    }
    ServerFnError::ServerError(crate::i18n::tr(&message))
}

/// A refused request: 403 "not allowed", or "please sign in" — for a page, a redirect to the
/// sign-in that comes back here; for a call from a script, 401.
#[cfg(feature = "ssr")]
fn deny(denied: Denied) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let parts = use_context::<http::request::Parts>();
    let page = parts
        .as_ref()
        .filter(|p| p.method == http::Method::GET)
        .map(|p| {
            p.uri
                .path_and_query()
                .map_or("/", |pq| pq.as_str())
                .to_string()
        });
    match (denied.sign_in_url(page.as_deref().unwrap_or("/")), page) {
        (Some(url), Some(_)) => {
            // A page load: always a real redirect (leptos_axum's `redirect` answers scripts
            // that do not ask for HTML with a header instead).
            if let Ok(location) = http::HeaderValue::from_str(&url) {
                response.insert_header(http::header::LOCATION, location);
                response.set_status(http::StatusCode::FOUND);
            }
        }
        (Some(_), None) => response.set_status(http::StatusCode::UNAUTHORIZED),
        (None, _) => response.set_status(http::StatusCode::FORBIDDEN),
    }
}
