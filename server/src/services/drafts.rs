//! Drafts on the server: the no-JavaScript round trip and resume codes.

use app::api::backend::BackendError;
use app::api::Draft;

use crate::db::Db;
use crate::repo;
use crate::services::{json, storage};

/// Thirty days: long enough to gather documents, short enough not to hoard personal data.
const LIFETIME_MILLIS: i64 = 30 * 24 * 3_600_000;
/// A draft is a form's worth of answers; anything larger is not a citizen typing.
const MAX_BYTES: usize = 64 * 1024;

pub async fn save(db: &Db, draft: Draft, now: i64) -> Result<String, BackendError> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    let answers = json(&draft.answers);
    if answers.len() > MAX_BYTES || draft.items.len() > 200 {
        return Err(BackendError::Storage("draft too large".into()));
    }
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    repo::save_draft(
        &mut conn,
        &token,
        &json(&draft.items),
        &answers,
        &json(&draft.errors),
        &json(&draft.problems),
        now,
        now + LIFETIME_MILLIS,
    )
    .await
    .map_err(storage)?;
    Ok(token)
}

/// The draft for `token`, if it exists, has not expired and parses; otherwise none (a stale link
/// simply shows an empty form).
pub async fn load(db: &Db, token: &str, now: i64) -> Result<Option<Draft>, BackendError> {
    if token.len() > 64 {
        return Ok(None);
    }
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let Some(row) = repo::draft(&mut conn, token, now).await.map_err(storage)? else {
        return Ok(None);
    };
    let parsed = (|| {
        Some(Draft {
            token: token.to_string(),
            items: serde_json::from_str(&row.items).ok()?,
            answers: serde_json::from_str(&row.answers).ok()?,
            errors: serde_json::from_str(&row.errors).ok()?,
            problems: serde_json::from_str(&row.problems).ok()?,
        })
    })();
    Ok(parsed)
}
