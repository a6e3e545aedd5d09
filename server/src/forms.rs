//! Material uploads: a plain multipart form post (not a server function), answered with a
//! redirect (303), so it works the same with and without JavaScript, and a reload never posts
//! twice. (Sign-in, sign-out, staff accounts and resume codes are in `auth::handlers`.)

use std::sync::Arc;

use axum::extract::Multipart;
use axum::response::Response;
use axum::Extension;

use app::api::caller::Caller;
use app::api::encode;

use crate::auth::handlers::see_other;
use crate::backend::AppBackend;
use app::engine::{FieldErrors, Text};

use crate::services::materials::{error_key, Incoming, MAX_FILE_BYTES};

/// A whole upload request: a handful of materials at the per-file limit.
pub const MAX_UPLOAD_REQUEST: usize = 6 * MAX_FILE_BYTES;

/// The materials page posts here: `draft`, `intent` ("upload" or "continue") and one file input
/// per material, named `material:<key>`.
pub async fn upload_materials(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
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
    match backend
        .upload_materials(&caller, &token, files, refused, finish)
        .await
    {
        Ok(Some(result)) if finish && result.complete && result.errors.is_empty() => {
            see_other(&format!("/apply/review?draft={}", encode(&token)), &[])
        }
        Ok(Some(result)) => see_other(&materials_url(&token, !result.errors.is_empty()), &[]),
        Ok(None) => see_other("/resume?unknown=1", &[]),
        Err(e) => {
            tracing::error!(error = %e, "upload failed");
            see_other(&materials_url(&token, true), &[])
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
