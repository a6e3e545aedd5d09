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

/// How long an upload waits for its turn before the person is told to try again shortly.
const UPLOAD_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// A turn to read an upload (bounded memory: one file each), or `None` when the server stayed
/// busy for `UPLOAD_WAIT`.
async fn upload_turn(backend: &AppBackend) -> Option<tokio::sync::SemaphorePermit<'_>> {
    tokio::time::timeout(UPLOAD_WAIT, backend.upload_permits().acquire())
        .await
        .ok()?
        .ok()
}

/// The materials page posts here: `draft` first, one file input per material named
/// `material:<key>`, and `intent` ("upload" or "continue"). The draft is checked before any other
/// field is read (a post that does not start with it is not our form); each file is hashed as it
/// streams in, refused as soon as it passes the size limit, and stored as soon as it has arrived,
/// so one request holds at most one file in memory.
pub async fn upload_materials(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    mut multipart: Multipart,
) -> Response {
    let not_ours = || see_other("/resume?unknown=1", &[]);
    // The draft before anything else, and before waiting for a turn: a stranger's post is sent
    // away without waiting and without its body being read.
    let token = match multipart.next_field().await {
        Ok(Some(mut field)) if field.name() == Some("draft") => {
            match read_text(&mut field, MAX_TOKEN_BYTES).await {
                Some(TextRead { value, cut: false }) => value.trim().to_string(),
                _ => return not_ours(),
            }
        }
        _ => return not_ours(),
    };
    let mut upload = match backend.begin_upload(&caller, &token).await {
        Ok(Some(opened)) => opened,
        // Not this browser's draft: nothing more is read.
        Ok(None) => return not_ours(),
        Err(e) => {
            tracing::error!(error = %e, "upload failed");
            return see_other(&materials_url(&token, true), &[]);
        }
    };
    let Some(_turn) = upload_turn(&backend).await else {
        return see_other(&format!("{}&busy=1", materials_url(&token, false)), &[]);
    };
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
            let Some(TextRead { value, .. }) = read_text(&mut field, MAX_TOKEN_BYTES).await else {
                break;
            };
            match name.as_str() {
                "intent" => intent = value.trim().to_string(),
                // Window staff: "original seen at the counter" ticks (ignored for anyone else).
                "counter" => counter.push(value.trim().to_string()),
                _ => {}
            }
            continue;
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
        if let Err(e) = backend.store_file(&mut upload, file).await {
            tracing::error!(error = %e, "storing a file failed");
            return see_other(&materials_url(&token, true), &[]);
        }
    }
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

/// Longer than any draft handle, intent or material key: a field this long is not our form's.
const MAX_TOKEN_BYTES: usize = 128;

/// A text field of a multipart form, as read: at most the bytes asked for are kept, the rest is
/// read past (`cut`), so a huge "text" field never sits in memory.
pub struct TextRead {
    pub value: String,
    pub cut: bool,
}

/// Reads one text field keeping at most `max` bytes (cut at a character boundary; bytes that
/// are not UTF-8 become U+FFFD). `None`: the request stopped part-way.
pub async fn read_text(field: &mut Field<'_>, max: usize) -> Option<TextRead> {
    let mut kept = Vec::new();
    let mut cut = false;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                let room = max.saturating_sub(kept.len());
                if chunk.len() > room {
                    cut = true;
                }
                kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) => break,
            Err(e) => {
                tracing::warn!(error = %e, "form cut short");
                return None;
            }
        }
    }
    let mut value = String::from_utf8_lossy(&kept).into_owned();
    if cut {
        // The last character may have been split by the cut: drop its remains.
        while value.ends_with('\u{FFFD}') {
            value.pop();
        }
    }
    Some(TextRead { value, cut })
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
    // Whose part, and what it asks for, before any of the body is read: someone else's part
    // (or a guessed id) is refused — and counted in the limiter — without reading a byte more.
    let asked = backend
        .limited(
            &client.0,
            crate::services::correction::asked_materials(backend.db(), &caller, &part),
        )
        .await;
    let asked = match asked {
        Ok(Some(asked)) => asked,
        Ok(None) => return see_other(&page, &[]),
        Err(e) => return refused_correction(e, &page),
    };
    let Some(_turn) = upload_turn(&backend).await else {
        return see_other(&format!("{page}?unavailable=1"), &[]);
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
            // Only materials the department asked for are read into memory; the rest are skipped.
            if !asked.contains(&material) {
                continue;
            }
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
            match read_text(&mut field, MAX_ANSWER_BYTES).await {
                Some(text) => {
                    values.insert(key, text.value);
                }
                None => break,
            }
        }
    }
    let env = backend.act_env(&client.0);
    let answered = crate::services::correction::answer(
        &env,
        &backend.sensitive(),
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
        Err(e) => refused_correction(e, &page),
    }
}

/// More than any field may hold (2,000 characters of up to four bytes each).
const MAX_ANSWER_BYTES: usize = 8_000;

/// A correction post that cannot go on: sign in, wait, or the "not allowed" page (the same
/// page the correction's address shows, in the reader's language).
fn refused_correction(e: app::api::backend::BackendError, page: &str) -> Response {
    use app::api::backend::BackendError;
    match e {
        BackendError::Denied(denied) => match denied.sign_in_url(page) {
            Some(url) => see_other(&url, &[]),
            None => see_other(page, &[]),
        },
        // The page itself says how long to wait.
        BackendError::Wait => see_other(page, &[]),
        e => {
            tracing::error!(error = %e, "answering a correction failed");
            see_other(&format!("{page}?unavailable=1"), &[])
        }
    }
}
