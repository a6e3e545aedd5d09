//! Loads the catalog into the database at start-up, idempotently: a version already stored (same
//! content hash) is not stored again, and the engine runs on what the database holds.

use app::engine::calendar::CalendarYear;
use app::engine::Catalog;
use sqlx::Row;

use crate::db::Db;
use crate::error::StartError;

pub struct LoadedCatalog {
    pub catalog: Catalog,
    pub hash: String,
    pub calendar: Vec<CalendarYear>,
}

/// FNV-1a: a stable content hash with no extra dependency; it detects edits, not attacks.
pub fn content_hash(body: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

pub async fn load(db: &Db, seed: &str, now: i64) -> Result<LoadedCatalog, StartError> {
    // Checked completely (references, duplicates, constraints, merges) before anything is
    // stored: the server does not start on a broken catalog.
    let parsed = crate::workbook::import_json(seed).map_err(|errors| {
        StartError::Catalog(format!(
            "the catalog has {} problem(s):\n{}",
            errors.len(),
            crate::workbook::describe(&errors, 20)
        ))
    })?;
    let hash = content_hash(seed);

    let mut tx = db.begin().await?;
    let known: Option<String> =
        sqlx::query_scalar("SELECT hash FROM catalog_versions WHERE hash = $1")
            .bind(&hash)
            .fetch_optional(&mut *tx)
            .await?;
    if known.is_none() {
        sqlx::query(
            "INSERT INTO catalog_versions (hash, version, body, loaded_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&hash)
        .bind(&parsed.version)
        .bind(seed)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    // Departments and items are upserted so reports and queues can join on them.
    for d in &parsed.departments {
        let kind = match d.kind {
            app::engine::catalog::OrgKind::Department => "department",
            app::engine::catalog::OrgKind::Organisation => "organisation",
        };
        sqlx::query(
            "INSERT INTO departments (id, name_zh, name_en, kind) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind",
        )
        .bind(&d.id)
        .bind(&d.name.zh)
        .bind(&d.name.en)
        .bind(kind)
        .execute(&mut *tx)
        .await?;
    }
    for i in &parsed.items {
        sqlx::query(
            "INSERT INTO service_items (id, department_id, name_zh, name_en, committed_days, statutory_days) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id, name_zh = excluded.name_zh, \
             name_en = excluded.name_en, committed_days = excluded.committed_days, statutory_days = excluded.statutory_days",
        )
        .bind(&i.id)
        .bind(&i.department)
        .bind(&i.name.zh)
        .bind(&i.name.en)
        .bind(i64::from(i.committed_days))
        .bind(i.statutory_days.map(i64::from))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    // Run on what the database holds: the row just stored or found.
    let row = sqlx::query("SELECT body FROM catalog_versions WHERE hash = $1")
        .bind(&hash)
        .fetch_one(&db.pool)
        .await?;
    let body: String = row.try_get("body")?;
    let mut catalog = Catalog::from_json(&body).map_err(|e| StartError::Catalog(e.to_string()))?;
    crate::search_keys::fill(&mut catalog);

    #[derive(serde::Deserialize)]
    struct CalendarFile {
        years: Vec<CalendarYear>,
    }
    let shipped: CalendarFile = serde_json::from_str(crate::config::CALENDAR)
        .map_err(|e| StartError::Catalog(format!("calendar does not parse: {e}")))?;
    // The shipped notices fill the years not stored; what administrators entered stays.
    crate::services::calendar::seed(db, &shipped.years, now).await?;
    Ok(LoadedCatalog {
        catalog,
        hash,
        calendar: crate::services::calendar::load(db).await?,
    })
}
