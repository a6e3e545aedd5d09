//! The catalog as versions in the database. At start-up the seed (first run) or a city's file is
//! published when it should be, idempotently (a version already stored, by content hash, is not
//! stored again), and the engine runs on the version in use: the latest published. Catalog
//! editors publish their draft (`services::catalog_edit`) through the same `publish`.

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

/// Where the catalog a server starts on comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// The seed the product ships: published on the first run, and again when a release brings
    /// a newer seed while a seed is in use. A version staff published stays in use.
    Seed(&'a str),
    /// A city's own list (`YIJIAN_CATALOG`), as JSON: the operator's explicit choice, published
    /// at start-up when it differs from the version in use.
    File(&'a str),
}

/// The version in use: the latest published.
pub struct InUse {
    pub hash: String,
    pub body: String,
    pub source: String,
}

pub async fn in_use(db: &Db) -> Result<Option<InUse>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT hash, body, source FROM catalog_versions WHERE published_at IS NOT NULL \
         ORDER BY published_at DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(InUse {
            hash: r.try_get("hash")?,
            body: r.try_get("body")?,
            source: r.try_get("source")?,
        })
    })
    .transpose()
}

/// The hash of the version in use, read on every watch tick (one indexed row).
pub async fn hash_in_use(db: &Db) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT hash FROM catalog_versions WHERE published_at IS NOT NULL \
         ORDER BY published_at DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await
}

/// A stored version's body, in use or not (an application's, a draft's).
pub async fn body_of(db: &Db, hash: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT body FROM catalog_versions WHERE hash = $1")
        .bind(hash)
        .fetch_optional(&db.pool)
        .await
}

/// Stores `body` as a version if it is new and makes it the one in use, with the reference
/// rows (departments, items) that queues and reports join on — all in the caller's
/// transaction, so a publication is whole or not at all.
pub async fn publish(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    catalog: &Catalog,
    body: &str,
    source: &str,
    by: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    let hash = content_hash(body);
    sqlx::query(
        "INSERT INTO catalog_versions (hash, version, body, loaded_at, source) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (hash) DO NOTHING",
    )
    .bind(&hash)
    .bind(&catalog.version)
    .bind(body)
    .bind(now)
    .bind(source)
    .execute(&mut **tx)
    .await?;
    // Later than any publication before it, even within the same millisecond.
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(published_at) FROM catalog_versions")
        .fetch_one(&mut **tx)
        .await?;
    let at = latest.map_or(now, |l| now.max(l + 1));
    sqlx::query(
        "UPDATE catalog_versions SET published_at = $1, published_by = $2, source = $3 WHERE hash = $4",
    )
    .bind(at)
    .bind(by)
    .bind(source)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    reference_rows(tx, catalog).await?;
    Ok(hash)
}

/// Departments and items are upserted so reports and queues can join on them; rows of items a
/// version dropped stay, for the parts already routed to them.
async fn reference_rows(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    parsed: &Catalog,
) -> Result<(), sqlx::Error> {
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
        .execute(&mut **tx)
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
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Parses a stored body for serving: checked when it was stored, so only parsed here, with the
/// search keys (pinyin, initials) generated.
pub fn for_serving(body: &str) -> Result<Catalog, String> {
    let mut catalog = Catalog::from_json(body).map_err(|e| e.to_string())?;
    crate::search_keys::fill(&mut catalog);
    Ok(catalog)
}

pub async fn load(db: &Db, source: Source<'_>, now: i64) -> Result<LoadedCatalog, StartError> {
    let broken = |errors: Vec<crate::workbook::ImportError>| {
        StartError::Catalog(format!(
            "the catalog has {} problem(s):\n{}",
            errors.len(),
            crate::workbook::describe(&errors, 20)
        ))
    };
    let current = in_use(db).await?;
    let (offered, kind, actor) = match source {
        Source::Seed(body) => (body, "seed", "seed"),
        Source::File(body) => (body, "file", "YIJIAN_CATALOG"),
    };
    let hash = content_hash(offered);
    // The offered catalog goes into use unless staff have published one since a seed.
    let take_offered = match (&current, source) {
        (None, _) => true,
        (Some(c), _) if c.hash == hash => false,
        (Some(_), Source::File(_)) => true,
        (Some(c), Source::Seed(_)) => c.source == "seed",
    };
    if take_offered {
        // Checked completely (references, duplicates, constraints, merges) before anything is
        // stored: the server does not start on a broken catalog.
        let parsed = crate::workbook::import_json(offered).map_err(broken)?;
        let mut tx = db.begin().await?;
        publish(&mut tx, &parsed, offered, kind, actor, now).await?;
        tx.commit().await?;
    }
    // Run on what the database holds: the version in use.
    let current = in_use(db)
        .await?
        .ok_or_else(|| StartError::Catalog("no catalog version is in use".into()))?;
    let catalog = for_serving(&current.body).map_err(StartError::Catalog)?;

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
        hash: current.hash,
        calendar: crate::services::calendar::load(db).await?,
    })
}
