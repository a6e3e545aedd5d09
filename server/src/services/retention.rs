//! Forgetting on time. Drafts live 30 days, sessions hours, sign-in codes minutes; after that
//! nothing of them may stay. A background task sweeps every few minutes: expired drafts and their
//! material links, uploaded files nothing refers to any more (a draft's replaced or abandoned
//! files), expired sessions and sign-in codes, and finished limiter windows.

use std::sync::Arc;
use std::time::Duration;

use crate::backend::AppBackend;
use crate::clock::now_millis;
use crate::db::Db;

/// A file just stored is attached in the same transaction; the grace period is for safety only.
const UPLOAD_GRACE_MILLIS: i64 = 60 * 60_000;
const EVERY: Duration = Duration::from_secs(10 * 60);

/// What one sweep removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub drafts: u64,
    pub uploads: u64,
    pub sessions: u64,
    pub sign_in_codes: u64,
    pub limiter_windows: u64,
}

pub async fn sweep(backend: &AppBackend, now: i64) -> Result<Swept, sqlx::Error> {
    let db: &Db = backend.db();
    let mut tx = db.begin().await?;
    sqlx::query(
        "DELETE FROM draft_materials WHERE draft_token IN (SELECT token FROM drafts WHERE expires_at <= $1)",
    )
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let drafts = sqlx::query("DELETE FROM drafts WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    // A part names its files inside its materials JSON by their SHA-256 (64 hex characters), and
    // an applicant's unfinished correction inside its correction JSON.
    let uploads = sqlx::query(
        "DELETE FROM uploads WHERE created_at <= $1 \
         AND NOT EXISTS (SELECT 1 FROM draft_materials m WHERE m.upload_hash = uploads.hash) \
         AND NOT EXISTS (SELECT 1 FROM parts p WHERE p.materials LIKE '%' || uploads.hash || '%') \
         AND NOT EXISTS (SELECT 1 FROM parts p WHERE p.correction LIKE '%' || uploads.hash || '%')",
    )
    .bind(now - UPLOAD_GRACE_MILLIS)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR idle_until <= $1")
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let sign_in_codes = sqlx::query("DELETE FROM sign_in_codes WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    let limiter_windows = backend.limiter().sweep(now).await?;
    Ok(Swept {
        drafts,
        uploads,
        sessions,
        sign_in_codes,
        limiter_windows,
    })
}

/// How soon a catalog version published through another instance is in use here.
const CATALOG_WATCH: std::time::Duration = std::time::Duration::from_secs(5);

/// Checks every few seconds which catalog version is in use (one indexed row), and swaps it in
/// when another instance published a new one.
pub fn spawn_catalog_watch(backend: Arc<AppBackend>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CATALOG_WATCH);
        loop {
            tick.tick().await;
            if let Err(e) = backend.refresh_catalog().await {
                tracing::warn!(error = ?e, "catalog version not reread");
            }
        }
    });
}

/// Sweeps now and every ten minutes for as long as the server runs.
pub fn spawn(backend: Arc<AppBackend>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            match sweep(&backend, now_millis()).await {
                Ok(swept) if swept != Swept::default() => tracing::info!(?swept, "retention sweep"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "retention sweep failed"),
            }
            // The home page's life events follow what citizens apply for.
            if let Err(e) = backend.refresh_usage().await {
                tracing::warn!(error = %e, "life events not reordered");
            }
            // A year an administrator saved through another instance.
            if let Err(e) = backend.refresh_calendar().await {
                tracing::warn!(error = %e, "calendar not reread");
            }
        }
    });
}
