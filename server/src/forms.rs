//! Material uploads: a plain multipart form post (not a server function), answered with a
//! redirect (303), so it works the same with and without JavaScript, and a reload never posts
//! twice. (Sign-in, sign-out, staff accounts and resume codes are in `auth::handlers`.)

use std::sync::Arc;

use axum::extract::multipart::Field;
use axum::extract::Multipart;
use axum::response::Response;
use axum::Extension;

use app::api::caller::Caller;
use app::api::encode;

use crate::auth::handlers::see_other;
use crate::backend::AppBackend;
use app::engine::{FieldErrors, Text};

use crate::services::materials::{error_key, hex, Incoming, MAX_FILE_BYTES};
use sha2::{Digest, Sha256};

/// A whole upload request: a handful of materials at the per-file limit.
pub const MAX_UPLOAD_REQUEST: usize = 6 * MAX_FILE_BYTES;

/// The materials page posts here: `draft` first, one file input per material named
/// `material:<key>`, and `intent` ("upload" or "continue"). The draft is checked before any file
/// is read; each file is hashed as it streams in, refused as soon as it passes the size limit,
/// and stored as soon as it has arrived, so one request holds at most one file in memory.
pub async fn upload_materials(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    mut multipart: Multipart,
) -> Response {
    let Ok(_permit) = backend.upload_permits().acquire().await else {
        return see_other("/resume?unknown=1", &[]);
    };
    let mut upload = None;
    let mut token = String::new();
    let mut intent = String::new();
    let mut counter: Vec<String> = Vec::new();
    // A request larger than the limit stops being readable part-way: keep what arrived and
    // tell the citizen which file was too much, instead of a bare "413".
    let mut refused = FieldErrors::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                tracing::warn!(error = %e, "unreadable upload");
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let Some(material) = name.strip_prefix("material:").map(str::to_string) else {
            let value = match field.text().await {
                Ok(text) => text.trim().chars().take(64).collect::<String>(),
                Err(_) => break,
            };
            match name.as_str() {
                "draft" if upload.is_none() => {
                    token = value;
                    match backend.begin_upload(&caller, &token).await {
                        Ok(Some(opened)) => upload = Some(opened),
                        // Not this browser's draft: nothing more is read.
                        Ok(None) => return see_other("/resume?unknown=1", &[]),
                        Err(e) => {
                            tracing::error!(error = %e, "upload failed");
                            return see_other(&materials_url(&token, true), &[]);
                        }
                    }
                }
                "intent" => intent = value,
                // Window staff: "original seen at the counter" ticks (ignored for anyone else).
                "counter" => counter.push(value),
                _ => {}
            }
            continue;
        };
        let Some(open) = upload.as_mut() else {
            // A file before the draft it belongs to: not our form.
            return see_other("/resume?unknown=1", &[]);
        };
        let file = match read_file(&mut field, &material).await {
            FileRead::Empty => continue,
            FileRead::File(file) => file,
            FileRead::TooBig(size) => {
                refused.insert(
                    error_key(&material),
                    app::engine::validate::file_too_big(size),
                );
                continue;
            }
            FileRead::CutShort => {
                refused.insert(error_key(&material), too_much_at_once());
                break;
            }
        };
        if let Err(e) = backend.store_file(open, file).await {
            tracing::error!(error = %e, "storing a file failed");
            return see_other(&materials_url(&token, true), &[]);
        }
    }
    let Some(mut upload) = upload else {
        return see_other("/resume?unknown=1", &[]);
    };
    if let Err(e) = backend
        .set_counter_checks(&caller, &mut upload, counter)
        .await
    {
        tracing::error!(error = %e, "counter checks not kept");
        return see_other(&materials_url(upload.handle(), true), &[]);
    }
    let finish = intent == "continue";
    let handle = upload.handle().to_string();
    match backend.finish_upload(upload, refused, finish).await {
        Ok(result) if finish && result.complete && result.errors.is_empty() => {
            see_other(&format!("/apply/review?draft={}", encode(&handle)), &[])
        }
        Ok(result) => see_other(&materials_url(&handle, !result.errors.is_empty()), &[]),
        Err(e) => {
            tracing::error!(error = %e, "upload failed");
            see_other(&materials_url(&handle, true), &[])
        }
    }
}

/// One file field of a multipart form, as read.
pub enum FileRead {
    /// A file input left empty (no name, no bytes).
    Empty,
    File(Incoming),
    /// Larger than a file may be: only its size was counted, nothing kept.
    TooBig(u64),
    /// The request stopped part-way (over the request limit, or the connection went).
    CutShort,
}

/// Reads one file field, hashing as it streams in and keeping at most one file's bytes.
pub async fn read_file(field: &mut Field<'_>, material: &str) -> FileRead {
    let file_name = field.file_name().unwrap_or_default().to_string();
    let mut hasher = Sha256::new();
    let mut bytes = Vec::new();
    // Past the limit the rest is only counted, to name the size; nothing more is kept.
    let mut size: u64 = 0;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                size += chunk.len() as u64;
                if size > MAX_FILE_BYTES as u64 {
                    bytes = Vec::new();
                    continue;
                }
                hasher.update(&chunk);
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                tracing::warn!(error = %e, "upload cut short");
                return FileRead::CutShort;
            }
        }
    }
    if size > MAX_FILE_BYTES as u64 {
        return FileRead::TooBig(size);
    }
    if file_name.is_empty() && bytes.is_empty() {
        return FileRead::Empty;
    }
    FileRead::File(Incoming {
        material: material.to_string(),
        file_name,
        hash: hex(&hasher.finalize()),
        bytes,
    })
}

pub fn too_much_at_once() -> Text {
    Text::new(
        "一次上传的文件太多或太大（合计不超过 60 MB）。请分几次上传，每个文件不超过 10 MB。",
        "Too much at once (60 MB in all). Upload the files a few at a time, each 10 MB or smaller.",
    )
}

fn materials_url(token: &str, errors: bool) -> String {
    let anchor = if errors { "#problems" } else { "" };
    format!("/apply/materials?draft={}{anchor}", encode(token))
}

/// The correction page posts here (multipart: `answers[<key>]` per field asked for and
/// `material:<key>` per material asked for). Answered with a redirect: to the tracking page
/// when the part went back to its reviewer, else back to the correction page, which shows what
/// to fix beside each field with what was typed.
pub async fn answer_correction(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Extension(client): Extension<app::api::caller::ClientAddr>,
    axum::extract::Path(part): axum::extract::Path<String>,
    mut multipart: Multipart,
) -> Response {
    let page = format!("/corrections/{}", encode(&part));
    if caller.owner().is_none() {
        return see_other(&format!("/sign-in?next={}", encode(&page)), &[]);
    }
    let Ok(_permit) = backend.upload_permits().acquire().await else {
        return see_other(&page, &[]);
    };
    let mut values = std::collections::BTreeMap::new();
    let mut files = Vec::new();
    let mut refused = FieldErrors::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                tracing::warn!(error = %e, "unreadable correction");
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if let Some(material) = name.strip_prefix("material:").map(str::to_string) {
            match read_file(&mut field, &material).await {
                FileRead::Empty => {}
                FileRead::File(file) => files.push(file),
                FileRead::TooBig(size) => {
                    refused.insert(
                        error_key(&material),
                        app::engine::validate::file_too_big(size),
                    );
                }
                FileRead::CutShort => {
                    refused.insert(error_key(&material), too_much_at_once());
                    break;
                }
            }
        } else if let Some(key) = name
            .strip_prefix("answers[")
            .and_then(|k| k.strip_suffix(']'))
            .map(str::to_string)
        {
            // Longer than any field allows is cut here; the engine's check names the limit.
            match field.text().await {
                Ok(text) => {
                    values.insert(key, text.chars().take(2000).collect::<String>());
                }
                Err(_) => break,
            }
        }
    }
    let env = backend.act_env(&client.0);
    let answered = crate::services::correction::answer(
        &env,
        backend.sensitive(),
        &caller,
        &part,
        &values,
        files,
        refused,
        backend.clock().today(),
    )
    .await;
    use crate::services::correction::Answered;
    match answered {
        Ok(Answered::Done(number)) => {
            see_other(&format!("/track/{}?corrected=1", encode(&number)), &[])
        }
        Ok(Answered::Invalid) => see_other(&format!("{page}#problems"), &[]),
        Ok(Answered::Unknown) => see_other(&page, &[]),
        Err(app::api::backend::BackendError::Denied(denied)) => match denied.sign_in_url(&page) {
            Some(url) => see_other(&url, &[]),
            None => {
                let mut r = Response::new(axum::body::Body::from("403 禁止访问 Forbidden"));
                *r.status_mut() = axum::http::StatusCode::FORBIDDEN;
                r
            }
        },
        Err(e) => {
            tracing::error!(error = %e, "answering a correction failed");
            see_other(&format!("{page}?unavailable=1"), &[])
        }
    }
}
