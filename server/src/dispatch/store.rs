//! The outbox and the receivers, in SQL written once for SQLite and PostgreSQL. Only the claim
//! differs: on PostgreSQL, instances skip the rows another instance has locked.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{Db, Kind};

/// An outbox entry this instance holds the lease of.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: String,
    pub part_id: String,
    pub department_id: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

fn pending(kind: Kind) -> &'static str {
    // The inner SELECT matches the partial index `outbox_pending`. On PostgreSQL `SKIP LOCKED`
    // lets instances claim side by side without waiting on each other; SQLite has one writer,
    // so the UPDATE itself is the lock.
    match kind {
        Kind::Postgres => {
            "UPDATE outbox SET claimed_by = $1, lease_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox \
               WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $3 \
                 AND (lease_until IS NULL OR lease_until < $3) \
               ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING id, part_id, department_id, attempts"
        }
        Kind::Sqlite => {
            "UPDATE outbox SET claimed_by = $1, lease_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox \
               WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $3 \
                 AND (lease_until IS NULL OR lease_until < $3) \
               ORDER BY next_attempt_at LIMIT $4) \
             RETURNING id, part_id, department_id, attempts"
        }
    }
}

/// Claims up to `limit` entries due at `now` (never delivered, not dead, not leased by a live
/// instance) for `instance` until `lease_until`.
pub async fn claim(
    db: &Db,
    instance: &str,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let rows = sqlx::query(pending(db.kind))
        .bind(instance)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(&db.writer)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Claimed {
                id: r.try_get("id")?,
                part_id: r.try_get("part_id")?,
                department_id: r.try_get("department_id")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect()
}

/// Marks an entry delivered to `to` ('queue' or a receiver's id); `claimed_by` stays, naming
/// the instance that delivered it. False when this instance no longer held it (its lease ran
/// out and another took it): nothing is written then.
pub async fn delivered(
    db: &Db,
    id: &str,
    instance: &str,
    to: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET delivered_at = $1, delivered_to = $2, lease_until = NULL, \
         last_error = NULL WHERE id = $3 AND claimed_by = $4 AND delivered_at IS NULL",
    )
    .bind(now)
    .bind(to)
    .bind(id)
    .bind(instance)
    .execute(&db.writer)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks several entries this instance holds delivered to `to`, in one statement.
pub async fn delivered_all(
    db: &Db,
    ids: &[&str],
    instance: &str,
    to: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    if ids.is_empty() {
        return Ok(0);
    }
    // Placeholders $4… for the ids: built from the count only, never from the values.
    let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "UPDATE outbox SET delivered_at = $1, delivered_to = $2, lease_until = NULL, last_error = NULL \
         WHERE claimed_by = $3 AND delivered_at IS NULL AND id IN ({})",
        list.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(to)
        .bind(instance);
    for id in ids {
        query = query.bind(*id);
    }
    Ok(query.execute(&db.writer).await?.rows_affected())
}

/// Gives an entry back to be tried again at `at`, keeping why this attempt failed.
pub async fn retry_at(
    db: &Db,
    id: &str,
    instance: &str,
    at: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET next_attempt_at = $1, last_error = $2, claimed_by = NULL, lease_until = NULL \
         WHERE id = $3 AND claimed_by = $4",
    )
    .bind(at)
    .bind(error)
    .bind(id)
    .bind(instance)
    .execute(&db.writer)
    .await?;
    Ok(())
}

/// Gives up on an entry: a dead letter for an administrator, with the last error.
pub async fn dead(
    db: &Db,
    id: &str,
    instance: &str,
    now: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET dead_at = $1, last_error = $2, claimed_by = NULL, lease_until = NULL \
         WHERE id = $3 AND claimed_by = $4",
    )
    .bind(now)
    .bind(error)
    .bind(id)
    .bind(instance)
    .execute(&db.writer)
    .await?;
    Ok(())
}

/// At shutdown: hands back whatever this instance still holds, as if never tried.
pub async fn release(db: &Db, instance: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET claimed_by = NULL, lease_until = NULL, attempts = attempts - 1 \
         WHERE claimed_by = $1 AND delivered_at IS NULL AND dead_at IS NULL",
    )
    .bind(instance)
    .execute(&db.writer)
    .await?;
    Ok(done.rows_affected())
}

/// An administrator's "deliver again": a dead letter goes back to the outbox with a fresh
/// allowance of attempts. False when it was not a dead letter.
pub async fn redeliver(conn: &mut AnyConnection, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = $1 \
         WHERE id = $2 AND dead_at IS NOT NULL AND delivered_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A new delivery of a part (a transfer sends it to another department); as [`insert_many`].
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    part_id: &str,
    department_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    insert_many(conn, &[(id, part_id, department_id)], now).await
}

/// Entries `(id, part, department)` due now, in one statement (a submission's parts). An entry
/// for a department without an active system of its own is delivered as it is written: the
/// product's own queue is in this database, so the transaction that stores the part puts it on
/// the department's desk, and the dispatcher has nothing left to do for it. Says whether any
/// entry waits for the dispatcher (a department's own system).
pub async fn insert_many(
    conn: &mut AnyConnection,
    entries: &[(&str, &str, &str)],
    now: i64,
) -> Result<bool, sqlx::Error> {
    if entries.is_empty() {
        return Ok(false);
    }
    // `$1` is the time, `$2` the own queue's name; each row's three values follow from `$3`.
    // VALUES' columns are column1… on SQLite and PostgreSQL alike.
    let sql = format!(
        "INSERT INTO outbox (id, part_id, department_id, created_at, next_attempt_at, attempts, \
         delivered_at, delivered_to) \
         SELECT v.column1, v.column2, v.column3, $1, $1, CASE WHEN r.id IS NULL THEN 1 ELSE 0 END, \
         CASE WHEN r.id IS NULL THEN $1 END, CASE WHEN r.id IS NULL THEN $2 END \
         FROM (VALUES {}) AS v \
         LEFT JOIN receivers r ON r.department_id = v.column3 AND r.active = 1 \
         RETURNING delivered_to",
        crate::repo::placeholder_rows(entries.len(), 3, 3)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(super::OWN_QUEUE);
    for (id, part_id, department_id) in entries {
        query = query.bind(*id).bind(*part_id).bind(*department_id);
    }
    let written = query.fetch_all(conn).await?;
    let mut waiting = false;
    for row in written {
        waiting |= row.try_get::<Option<String>, _>("delivered_to")?.is_none();
    }
    Ok(waiting)
}

/// A department's own system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receiver {
    pub id: String,
    pub department_id: String,
    pub url: String,
    /// Sealed with the data key.
    pub secret: String,
    pub active: bool,
    pub updated_at: i64,
}

fn receiver_row(r: AnyRow) -> Result<Receiver, sqlx::Error> {
    Ok(Receiver {
        id: r.try_get("id")?,
        department_id: r.try_get("department_id")?,
        url: r.try_get("url")?,
        secret: r.try_get("secret")?,
        active: r.try_get::<i64, _>("active")? != 0,
        updated_at: r.try_get("updated_at")?,
    })
}

const RECEIVER_COLUMNS: &str =
    "SELECT id, department_id, url, secret, active, updated_at FROM receivers";

pub async fn receiver_for(
    conn: &mut AnyConnection,
    department_id: &str,
) -> Result<Option<Receiver>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{RECEIVER_COLUMNS} WHERE department_id = $1"
    )))
    .bind(department_id)
    .fetch_optional(conn)
    .await?
    .map(receiver_row)
    .transpose()
}

pub async fn receiver(conn: &mut AnyConnection, id: &str) -> Result<Option<Receiver>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{RECEIVER_COLUMNS} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .map(receiver_row)
    .transpose()
}

pub async fn receivers(conn: &mut AnyConnection) -> Result<Vec<Receiver>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{RECEIVER_COLUMNS} ORDER BY department_id"
    )))
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(receiver_row)
    .collect()
}

/// Adds a department's receiver, or changes it (one per department).
pub async fn save_receiver(conn: &mut AnyConnection, r: &Receiver) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO receivers (id, department_id, url, secret, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) \
         ON CONFLICT (department_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, \
         active = excluded.active, updated_at = excluded.updated_at",
    )
    .bind(&r.id)
    .bind(&r.department_id)
    .bind(&r.url)
    .bind(&r.secret)
    .bind(r.active as i64)
    .bind(r.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes a callback's signature; false when it was taken before (a replay). Signatures older
/// than twice the window are forgotten first: a request that old is refused as stale anyway.
pub async fn take_signature(
    conn: &mut AnyConnection,
    signature: &str,
    receiver_id: &str,
    now: i64,
    forget_before: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM callback_signatures WHERE at < $1")
        .bind(forget_before)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query(
        "INSERT INTO callback_signatures (signature, receiver_id, at) VALUES ($1, $2, $3) \
         ON CONFLICT (signature) DO NOTHING",
    )
    .bind(signature)
    .bind(receiver_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How the outbox stands, for administrators.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub pending: i64,
    pub delivered: i64,
    pub dead: i64,
}

pub async fn counts(conn: &mut AnyConnection) -> Result<Counts, sqlx::Error> {
    let r = sqlx::query(
        "SELECT \
           COALESCE(SUM(CASE WHEN delivered_at IS NULL AND dead_at IS NULL THEN 1 ELSE 0 END), 0) AS pending, \
           COALESCE(SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS delivered, \
           COALESCE(SUM(CASE WHEN dead_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS dead \
         FROM outbox",
    )
    .fetch_one(conn)
    .await?;
    Ok(Counts {
        pending: r.try_get("pending")?,
        delivered: r.try_get("delivered")?,
        dead: r.try_get("dead")?,
    })
}

/// A delivery given up on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadLetter {
    pub id: String,
    pub part_id: String,
    pub department_id: String,
    pub attempts: i64,
    pub last_error: String,
    pub dead_at: i64,
}

pub async fn dead_letters(
    conn: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<DeadLetter>, sqlx::Error> {
    sqlx::query(
        "SELECT id, part_id, department_id, attempts, last_error, dead_at FROM outbox \
         WHERE dead_at IS NOT NULL ORDER BY dead_at DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok(DeadLetter {
            id: r.try_get("id")?,
            part_id: r.try_get("part_id")?,
            department_id: r.try_get("department_id")?,
            attempts: r.try_get("attempts")?,
            last_error: r
                .try_get::<Option<String>, _>("last_error")?
                .unwrap_or_default(),
            dead_at: r.try_get("dead_at")?,
        })
    })
    .collect()
}
