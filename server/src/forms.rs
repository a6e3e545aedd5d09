//! Plain HTML form posts that are not server functions: file uploads (multipart), the demo
//! sign-in and resume codes. Each answers with a redirect (303), so they work the same with and
//! without JavaScript, and a reload never posts twice.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Form, Multipart, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Extension;
use serde::Deserialize;

use app::api::{apply_url, cookie, encode, APPLICANT_COOKIE};

use crate::backend::AppBackend;
use crate::limits::FailedAttempts;
use app::engine::{FieldErrors, Text};

use crate::services::materials::{error_key, Incoming, MAX_FILE_BYTES};

/// A whole upload request: a handful of materials at the per-file limit.
pub const MAX_UPLOAD_REQUEST: usize = 6 * MAX_FILE_BYTES;

fn see_other(location: &str, cookie: Option<String>) -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    if let Some(Ok(v)) = cookie.map(|c| HeaderValue::from_str(&c)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// The materials page posts here: `draft`, `intent` ("upload" or "continue") and one file input
/// per material, named `material:<key>`.
pub async fn upload_materials(
    Extension(backend): Extension<Arc<AppBackend>>,
    headers: axum::http::HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let mut token = String::new();
    let mut intent = String::new();
    let mut files = Vec::new();
    // A request larger than the limit stops being readable part-way: keep what arrived and
    // tell the citizen which file was too much, instead of a bare "413".
    let mut refused = FieldErrors::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                tracing::warn!(error = %e, "unreadable upload");
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!(error = %e, "upload cut short");
                if let Some(material) = name.strip_prefix("material:") {
                    refused.insert(error_key(material), too_much_at_once());
                }
                break;
            }
        };
        match (name.as_str(), file_name) {
            ("draft", _) => token = String::from_utf8_lossy(&bytes).trim().to_string(),
            ("intent", _) => intent = String::from_utf8_lossy(&bytes).trim().to_string(),
            (other, Some(file_name)) if other.starts_with("material:") => {
                // A file input left empty arrives as a part with no name and no bytes.
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                files.push(Incoming {
                    material: other["material:".len()..].to_string(),
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
            _ => {}
        }
    }
    let finish = intent == "continue";
    let who = cookie(&headers, APPLICANT_COOKIE);
    match backend
        .upload_materials(&token, files, refused, finish, who.as_deref())
        .await
    {
        Ok(Some(result)) if finish && result.complete && result.errors.is_empty() => {
            see_other(&format!("/apply/review?draft={}", encode(&token)), None)
        }
        Ok(Some(result)) => see_other(&materials_url(&token, !result.errors.is_empty()), None),
        Ok(None) => see_other("/resume?unknown=1", None),
        Err(e) => {
            tracing::error!(error = %e, "upload failed");
            see_other(&materials_url(&token, true), None)
        }
    }
}

fn too_much_at_once() -> Text {
    Text::new(
        "一次上传的文件太多或太大（合计不超过 60 MB）。请分几次上传，每个文件不超过 10 MB。",
        "Too much at once (60 MB in all). Upload the files a few at a time, each 10 MB or smaller.",
    )
}

fn materials_url(token: &str, errors: bool) -> String {
    let anchor = if errors { "#problems" } else { "" };
    format!("/apply/materials?draft={}{anchor}", encode(token))
}

#[derive(Deserialize)]
pub struct ResumeQuery {
    #[serde(default)]
    code: String,
}

/// A resume code typed on /resume: back to the form with everything kept. A client that has
/// typed too many wrong codes waits before any further code is even looked up.
pub async fn resume(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(attempts): Extension<Arc<FailedAttempts>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<ResumeQuery>,
) -> Response {
    let now = Instant::now();
    if attempts.must_wait(peer.ip(), now) {
        return see_other("/resume?wait=1", None);
    }
    match backend.draft(&q.code).await {
        Ok(Some(draft)) => see_other(&apply_url(&draft.items, &draft.token), None),
        Ok(None) => {
            attempts.failed(peer.ip(), now);
            see_other("/resume?unknown=1", None)
        }
        Err(e) => {
            tracing::error!(error = %e, "resume lookup failed");
            see_other("/resume?unknown=1", None)
        }
    }
}

#[derive(Deserialize)]
pub struct SignIn {
    #[serde(default)]
    applicant: String,
}

/// Demo sign-in: remembers which demo identity this browser uses, for a day.
pub async fn sign_in(
    Extension(backend): Extension<Arc<AppBackend>>,
    Form(form): Form<SignIn>,
) -> Response {
    if !backend.is_applicant(&form.applicant) {
        return see_other("/sign-in", None);
    }
    let cookie = format!(
        "{APPLICANT_COOKIE}={}; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax",
        form.applicant
    );
    see_other("/", Some(cookie))
}

pub async fn sign_out() -> Response {
    let cookie = format!("{APPLICANT_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    see_other("/", Some(cookie))
}
