//! Administrators keep departments' receivers (where a department's parts are delivered) and
//! send dead letters again. Each change is audited; a secret is sealed at rest and never shown
//! again once saved.

use app::api::backend::BackendError;
use app::api::caller::{Caller, Denied};
use app::api::{DeadLetterView, DispatchOverview, ReceiverView};

use crate::backend::AppBackend;
use crate::dispatch::store::{self, Receiver};
use crate::services::review::department_name;
use crate::services::storage;

pub use app::pages::dispatch::MIN_SECRET_CHARS;

/// Dead letters shown on the page.
const DEAD_LETTERS_SHOWN: i64 = 100;

/// The receiver form as posted.
#[derive(Clone, Debug, Default)]
pub struct ReceiverForm {
    pub department: String,
    pub url: String,
    /// Empty when changing a receiver: the secret stays as it is.
    pub secret: String,
    pub active: bool,
}

impl ReceiverForm {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> ReceiverForm {
        let mut form = ReceiverForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "department" => form.department = v,
                "url" => form.url = v,
                "secret" => form.secret = v,
                "active" => form.active = v == "on" || v == "true",
                _ => {}
            }
        }
        form
    }
}

#[derive(Debug)]
pub enum SaveError {
    Denied(Denied),
    /// The fields to correct (`department`, `url`, `secret`); the pages and the command line
    /// say why with `app::pages::dispatch::receiver_error`.
    Invalid(Vec<&'static str>),
    Storage(String),
}

/// Whether `url` is an address parts may be sent to: HTTPS, or plain HTTP to this machine only
/// (development and drills) — personal data never crosses a network unencrypted.
pub fn acceptable_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host_port = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host_port.is_empty() || host_port.contains('@') || url.chars().any(char::is_whitespace) {
        return false;
    }
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    match scheme {
        "https" => !host.is_empty(),
        "http" => matches!(host, "127.0.0.1" | "localhost" | "::1"),
        _ => false,
    }
}

/// Adds or changes the receiver of a department. `caller` is `None` from the command line (the
/// operator of the machine). Returns the receiver's id.
pub async fn save(
    backend: &AppBackend,
    caller: Option<&Caller>,
    form: ReceiverForm,
    now: i64,
) -> Result<String, SaveError> {
    if let Some(caller) = caller {
        caller.may_manage_dispatch().map_err(SaveError::Denied)?;
    }
    let storage = |e: sqlx::Error| {
        tracing::error!(error = %e, "saving a receiver failed");
        SaveError::Storage(e.to_string())
    };
    let department = form.department.trim().to_string();
    let url = form.url.trim().to_string();
    let mut conn = backend.db().writer.acquire().await.map_err(storage)?;
    let existing = store::receiver_for(&mut conn, &department)
        .await
        .map_err(storage)?;
    let mut errors = Vec::new();
    if backend.catalog().department(&department).is_none() {
        errors.push("department");
    }
    if !acceptable_url(&url) {
        errors.push("url");
    }
    let secret = form.secret.trim();
    let keep_secret = secret.is_empty() && existing.is_some();
    if !keep_secret && secret.chars().count() < MIN_SECRET_CHARS {
        errors.push("secret");
    }
    if !errors.is_empty() {
        return Err(SaveError::Invalid(errors));
    }
    let receiver = Receiver {
        id: existing
            .as_ref()
            .map(|r| r.id.clone())
            .unwrap_or_else(|| format!("rcv-{}", crate::crypto::new_token())),
        department_id: department.clone(),
        url: url.clone(),
        secret: match (&existing, keep_secret) {
            (Some(r), true) => r.secret.clone(),
            _ => backend.keys().seal(secret),
        },
        active: form.active,
        updated_at: now,
    };
    store::save_receiver(&mut conn, &receiver)
        .await
        .map_err(storage)?;
    drop(conn);
    let detail = format!(
        "department={department}; url={url}; active={}; secret {}",
        receiver.active,
        if keep_secret { "kept" } else { "set" }
    );
    match caller {
        Some(c) => {
            backend
                .audit(c, "receiver_save", &receiver.id, &detail)
                .await
        }
        None => {
            backend
                .audit_as("command-line", "receiver_save", &receiver.id, &detail)
                .await
        }
    }
    Ok(receiver.id)
}

/// An administrator's "deliver again" on a dead letter. False when it was not one (already
/// sent again, or never dead).
pub async fn redeliver(
    backend: &AppBackend,
    caller: &Caller,
    outbox_id: &str,
    now: i64,
) -> Result<bool, SaveError> {
    caller.may_manage_dispatch().map_err(SaveError::Denied)?;
    let mut conn = backend
        .db()
        .writer
        .acquire()
        .await
        .map_err(|e| SaveError::Storage(e.to_string()))?;
    let done = store::redeliver(&mut conn, outbox_id, now)
        .await
        .map_err(|e| SaveError::Storage(e.to_string()))?;
    drop(conn);
    if done {
        backend
            .audit(caller, "redeliver", outbox_id, "dead letter sent again")
            .await;
        backend.dispatch_wake().notify_one();
    }
    Ok(done)
}

pub async fn overview(
    backend: &AppBackend,
    caller: &Caller,
) -> Result<DispatchOverview, BackendError> {
    caller.may_manage_dispatch().map_err(BackendError::Denied)?;
    let catalog = backend.catalog();
    let mut conn = backend.db().pool.acquire().await.map_err(storage)?;
    let counts = store::counts(&mut conn).await.map_err(storage)?;
    let receivers = store::receivers(&mut conn).await.map_err(storage)?;
    let dead = store::dead_letters(&mut conn, DEAD_LETTERS_SHOWN)
        .await
        .map_err(storage)?;
    Ok(DispatchOverview {
        pending: counts.pending.max(0) as u64,
        delivered: counts.delivered.max(0) as u64,
        dead: counts.dead.max(0) as u64,
        departments: catalog
            .departments
            .iter()
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect(),
        receivers: receivers
            .into_iter()
            .map(|r| ReceiverView {
                department_name: department_name(&catalog, &r.department_id),
                id: r.id,
                department: r.department_id,
                url: r.url,
                active: r.active,
                updated_at: r.updated_at,
            })
            .collect(),
        dead_letters: dead
            .into_iter()
            .map(|d| DeadLetterView {
                department_name: department_name(&catalog, &d.department_id),
                id: d.id,
                part: d.part_id,
                attempts: d.attempts.max(0) as u32,
                last_error: d.last_error,
                dead_at: d.dead_at,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_go_over_https_or_to_this_machine_only() {
        assert!(acceptable_url("https://hrss.example.gov.cn/yijian/parts"));
        assert!(acceptable_url("https://10.2.3.4:8443/parts"));
        assert!(acceptable_url("http://127.0.0.1:4000/parts"));
        assert!(acceptable_url("http://localhost:4000/parts"));
        assert!(acceptable_url("http://[::1]:4000/parts"));
        assert!(!acceptable_url("http://hrss.example.gov.cn/parts"));
        assert!(!acceptable_url("http://127.0.0.1.evil.example/parts"));
        assert!(!acceptable_url("https://user:pw@hrss.example.gov.cn/"));
        assert!(!acceptable_url("ftp://hrss.example.gov.cn/"));
        assert!(!acceptable_url("https://"));
        assert!(!acceptable_url("javascript:alert(1)"));
        assert!(!acceptable_url("https://a b/"));
    }
}
