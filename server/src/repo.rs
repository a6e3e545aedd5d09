//! All SQL lives here. Functions take a connection or transaction; services own begin/commit.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub struct NewApplication {
    pub number: String,
    pub idempotency_key: String,
    pub catalog_hash: String,
    pub items_json: String,
    pub answers_json: String,
    pub applicant_masked: String,
    /// The session subject that submitted: only they see the receipt.
    pub owner: Option<String>,
    /// Keyed hash of the applicant's ID number, for staff to search by.
    pub applicant_key: Option<String>,
    pub submitted_on: String,
    pub due_on: String,
    pub created_at: i64,
    /// "online", or "counter" when window staff entered it.
    pub channel: &'static str,
    pub entered_by: Option<String>,
}

pub struct NewPart {
    pub id: String,
    pub application_number: String,
    pub position: i64,
    pub department_id: String,
    pub item_id: String,
    pub fields_json: String,
    pub materials_json: String,
    pub status: &'static str,
    pub due_on: String,
    pub updated_at: i64,
    pub committed_days: i64,
    pub depends_on_json: String,
}

pub struct ApplicationRow {
    pub number: String,
    pub owner: Option<String>,
    pub submitted_on: String,
    pub due_on: String,
}

pub struct PartRow {
    pub id: String,
    pub application_number: String,
    pub position: i64,
    pub department_id: String,
    pub item_id: String,
    pub fields: String,
    pub materials: String,
    pub status: String,
    pub due_on: String,
    pub version: i64,
    pub committed_days: i64,
    pub depends_on: String,
    pub accepted: bool,
    pub clock_from: Option<String>,
    pub days_used: i64,
    pub correction: Option<String>,
    pub outcome: Option<String>,
    pub decided_on: Option<String>,
    pub submitted_on: String,
    pub applicant_masked: String,
    pub owner: Option<String>,
    /// Keyed hash of the applicant's ID number.
    pub applicant_key: Option<String>,
}

pub async fn number_for_key(
    conn: &mut AnyConnection,
    key: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT number FROM applications WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// Many applications in one statement. One whose idempotency key is already taken (a retry, or
/// two taps racing) is skipped, not an error; the numbers of those written come back.
pub async fn insert_applications(
    conn: &mut AnyConnection,
    applications: &[&NewApplication],
) -> Result<Vec<String>, sqlx::Error> {
    if applications.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "INSERT INTO applications (number, idempotency_key, catalog_hash, items, answers, applicant_masked, \
         submitted_on, due_on, created_at, owner, applicant_key, channel, entered_by) VALUES {} \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING number",
        placeholder_rows(applications.len(), 13, 1)
    );
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
    for a in applications {
        query = query
            .bind(a.number.as_str())
            .bind(a.idempotency_key.as_str())
            .bind(a.catalog_hash.as_str())
            .bind(a.items_json.as_str())
            .bind(a.answers_json.as_str())
            .bind(a.applicant_masked.as_str())
            .bind(a.submitted_on.as_str())
            .bind(a.due_on.as_str())
            .bind(a.created_at)
            .bind(a.owner.as_deref())
            .bind(a.applicant_key.as_deref())
            .bind(a.channel)
            .bind(a.entered_by.as_deref());
    }
    query.fetch_all(conn).await
}

/// `($1, …, $w), ($w+1, …, $2w), …` for `rows` rows of `width` values, numbered from `$first`:
/// one statement for many rows. Built from the counts only, never from the values.
pub fn placeholder_rows(rows: usize, width: usize, first: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (0..width)
                .map(|c| format!("${}", first + r * width + c))
                .collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parts (of one application or several) in one statement: one round trip, not one per part.
pub async fn insert_parts(conn: &mut AnyConnection, parts: &[&NewPart]) -> Result<(), sqlx::Error> {
    if parts.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO parts (id, application_number, position, department_id, item_id, fields, materials, status, \
         due_on, updated_at, committed_days, depends_on) VALUES {}",
        placeholder_rows(parts.len(), 12, 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in parts {
        query = query
            .bind(p.id.as_str())
            .bind(p.application_number.as_str())
            .bind(p.position)
            .bind(p.department_id.as_str())
            .bind(p.item_id.as_str())
            .bind(p.fields_json.as_str())
            .bind(p.materials_json.as_str())
            .bind(p.status)
            .bind(p.due_on.as_str())
            .bind(p.updated_at)
            .bind(p.committed_days)
            .bind(p.depends_on_json.as_str());
    }
    query.execute(conn).await.map(|_| ())
}

/// Several audit entries in one statement.
pub async fn insert_audits(
    conn: &mut AnyConnection,
    entries: &[AuditEntry<'_>],
) -> Result<(), sqlx::Error> {
    if entries.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO audit_log (id, at, actor, role, client, action, subject, detail) VALUES {}",
        placeholder_rows(entries.len(), 8, 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for e in entries {
        query = query
            .bind(e.id)
            .bind(e.at)
            .bind(e.actor)
            .bind(e.role)
            .bind(e.client)
            .bind(e.action)
            .bind(e.subject)
            .bind(e.detail);
    }
    query.execute(conn).await.map(|_| ())
}

pub async fn application(
    conn: &mut AnyConnection,
    number: &str,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT number, owner, submitted_on, due_on FROM applications WHERE number = $1",
    )
    .bind(number)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(ApplicationRow {
            number: r.try_get("number")?,
            owner: r.try_get("owner")?,
            submitted_on: r.try_get("submitted_on")?,
            due_on: r.try_get("due_on")?,
        })
    })
    .transpose()
}

/// What staff read of an application besides its parts: the (sealed) answers and the channel.
pub struct ApplicationContent {
    pub answers: String,
    pub channel: String,
    /// The catalog version the application was made under: its name and content hash.
    pub catalog_version: String,
    pub catalog_hash: String,
}

pub async fn application_content(
    conn: &mut AnyConnection,
    number: &str,
) -> Result<Option<ApplicationContent>, sqlx::Error> {
    sqlx::query(
        "SELECT a.answers, a.channel, a.catalog_hash, c.version FROM applications a \
         JOIN catalog_versions c ON c.hash = a.catalog_hash WHERE a.number = $1",
    )
    .bind(number)
    .fetch_optional(conn)
    .await?
    .map(|r| {
        Ok(ApplicationContent {
            answers: r.try_get("answers")?,
            channel: r.try_get("channel")?,
            catalog_version: r.try_get("version")?,
            catalog_hash: r.try_get("catalog_hash")?,
        })
    })
    .transpose()
}

/// The columns every part query reads; a macro so each query stays one literal string.
macro_rules! part_select {
    ($rest:expr) => {
        concat!(
            "SELECT p.id, p.application_number, p.position, p.department_id, p.item_id, p.fields, p.materials, \
             p.status, p.due_on, p.version, p.committed_days, p.depends_on, p.accepted, p.clock_from, p.days_used, \
             p.correction, p.outcome, p.decided_on, a.submitted_on, a.applicant_masked, a.owner, \
             a.applicant_key \
             FROM parts p JOIN applications a ON a.number = p.application_number ",
            $rest
        )
    };
}

fn part_row(r: AnyRow) -> Result<PartRow, sqlx::Error> {
    Ok(PartRow {
        id: r.try_get("id")?,
        application_number: r.try_get("application_number")?,
        position: r.try_get("position")?,
        department_id: r.try_get("department_id")?,
        item_id: r.try_get("item_id")?,
        fields: r.try_get("fields")?,
        materials: r.try_get("materials")?,
        status: r.try_get("status")?,
        due_on: r.try_get("due_on")?,
        version: r.try_get("version")?,
        committed_days: r.try_get("committed_days")?,
        depends_on: r.try_get("depends_on")?,
        accepted: r.try_get::<i64, _>("accepted")? != 0,
        clock_from: r.try_get("clock_from")?,
        days_used: r.try_get("days_used")?,
        correction: r.try_get("correction")?,
        outcome: r.try_get("outcome")?,
        decided_on: r.try_get("decided_on")?,
        submitted_on: r.try_get("submitted_on")?,
        applicant_masked: r.try_get("applicant_masked")?,
        owner: r.try_get("owner")?,
        applicant_key: r.try_get("applicant_key")?,
    })
}

/// Each part's latest delivery `(part, delivered, dead)` (a transfer adds a newer one), for an
/// application's parts.
pub async fn deliveries_of_application(
    conn: &mut AnyConnection,
    number: &str,
) -> Result<Vec<(String, bool, bool)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT o.part_id, o.delivered_at, o.dead_at FROM outbox o JOIN parts p ON p.id = o.part_id \
         WHERE p.application_number = $1 ORDER BY o.part_id, o.created_at, o.id",
    )
    .bind(number)
    .fetch_all(conn)
    .await?;
    let mut latest: Vec<(String, bool, bool)> = Vec::new();
    for r in rows {
        let part: String = r.try_get("part_id")?;
        let entry = (
            part,
            r.try_get::<Option<i64>, _>("delivered_at")?.is_some(),
            r.try_get::<Option<i64>, _>("dead_at")?.is_some(),
        );
        match latest.last_mut() {
            Some(last) if last.0 == entry.0 => *last = entry,
            _ => latest.push(entry),
        }
    }
    Ok(latest)
}

pub async fn parts_of(conn: &mut AnyConnection, number: &str) -> Result<Vec<PartRow>, sqlx::Error> {
    sqlx::query(part_select!(
        "WHERE p.application_number = $1 ORDER BY p.position"
    ))
    .bind(number)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(part_row)
    .collect()
}

/// What a queue shows: one department's parts, optionally one status and one item.
pub struct QueueFilter<'a> {
    pub department: &'a str,
    pub status: Option<&'a str>,
    pub item: Option<&'a str>,
    pub limit: i64,
    pub offset: i64,
}

/// A page of a department's queue, earliest deadline first. The page's 50 ids are picked from
/// an index first and only those are joined: a department of tens of thousands of parts costs
/// an index walk, not a sort (see `scripts/queue-bench.sh`). One literal statement per filter, so
/// each can use its own index.
pub async fn queue_page(
    conn: &mut AnyConnection,
    f: &QueueFilter<'_>,
) -> Result<Vec<PartRow>, sqlx::Error> {
    macro_rules! page {
        ($filter:literal) => {
            part_select!(concat!(
                "JOIN (SELECT id FROM parts WHERE department_id = $1 ",
                $filter,
                " ORDER BY due_on, id LIMIT $2 OFFSET $3) pick ON pick.id = p.id ORDER BY p.due_on, p.id"
            ))
        };
    }
    let query = match (f.status, f.item) {
        (None, None) => sqlx::query(page!("")),
        (Some(_), None) => sqlx::query(page!("AND status = $4")),
        (None, Some(_)) => sqlx::query(page!("AND item_id = $4")),
        (Some(_), Some(_)) => sqlx::query(page!("AND status = $4 AND item_id = $5")),
    };
    let mut query = query.bind(f.department).bind(f.limit).bind(f.offset);
    if let Some(status) = f.status {
        query = query.bind(status);
    }
    if let Some(item) = f.item {
        query = query.bind(item);
    }
    query
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(part_row)
        .collect()
}

/// Counts for a queue's heading: parts per status (with the item filter), and open parts past
/// their deadline or due by `soon` (ISO dates compare as text).
pub struct QueueCounts {
    pub by_status: Vec<(String, i64)>,
    pub overdue: i64,
    pub due_soon: i64,
}

pub async fn queue_counts(
    conn: &mut AnyConnection,
    department: &str,
    item: Option<&str>,
    today: &str,
    soon: &str,
) -> Result<QueueCounts, sqlx::Error> {
    // One literal statement with the item and one without, so each reads its own index.
    let by_status = match item {
        Some(i) => sqlx::query(
            "SELECT status, COUNT(*) AS n FROM parts WHERE department_id = $1 AND item_id = $2 \
             GROUP BY status",
        )
        .bind(department)
        .bind(i),
        None => sqlx::query(
            "SELECT status, COUNT(*) AS n FROM parts WHERE department_id = $1 GROUP BY status",
        )
        .bind(department),
    }
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    macro_rules! due {
        ($filter:literal) => {
            concat!(
                "SELECT COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0) AS overdue, \
                 COALESCE(SUM(CASE WHEN due_on >= $2 AND due_on <= $3 THEN 1 ELSE 0 END), 0) AS soon \
                 FROM parts WHERE department_id = $1 AND status IN ('submitted', 'accepted') ",
                $filter
            )
        };
    }
    let row = match item {
        Some(i) => sqlx::query(due!("AND item_id = $4"))
            .bind(department)
            .bind(today)
            .bind(soon)
            .bind(i),
        None => sqlx::query(due!(""))
            .bind(department)
            .bind(today)
            .bind(soon),
    }
    .fetch_one(conn)
    .await?;
    Ok(QueueCounts {
        by_status,
        overdue: row.try_get("overdue")?,
        due_soon: row.try_get("soon")?,
    })
}

pub async fn part(conn: &mut AnyConnection, id: &str) -> Result<Option<PartRow>, sqlx::Error> {
    sqlx::query(part_select!("WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(part_row)
        .transpose()
}

/// Parts per item of the applications submitted on or after `since` (an ISO date).
pub async fn item_usage_since(
    conn: &mut AnyConnection,
    since: &str,
) -> Result<std::collections::BTreeMap<String, u64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.item_id, COUNT(*) FROM parts p JOIN applications a ON a.number = p.application_number \
         WHERE a.submitted_on >= $1 GROUP BY p.item_id",
    )
    .bind(since)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(item, n)| (item, n.max(0) as u64))
        .collect())
}

/// The parts of the applications whose applicant has keyed hash `key` (an indexed column),
/// newest application first; at most `limit`.
pub async fn parts_of_applicant(
    conn: &mut AnyConnection,
    key: &str,
    limit: i64,
) -> Result<Vec<PartRow>, sqlx::Error> {
    sqlx::query(part_select!(
        "WHERE a.applicant_key = $1 ORDER BY a.submitted_on DESC, p.id LIMIT $2"
    ))
    .bind(key)
    .bind(limit)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(part_row)
    .collect()
}

/// A part's new workflow state, written only if nobody changed it since `version` was read.
pub struct PartChange<'a> {
    pub id: &'a str,
    pub version: i64,
    pub department_id: &'a str,
    pub status: &'a str,
    pub due_on: &'a str,
    pub accepted: bool,
    pub clock_from: Option<&'a str>,
    pub days_used: i64,
    pub correction: Option<&'a str>,
    pub outcome: Option<&'a str>,
    pub decided_on: Option<&'a str>,
    pub updated_at: i64,
}

/// True when written; false when someone else changed the part first (nothing written).
pub async fn change_part(
    conn: &mut AnyConnection,
    c: &PartChange<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE parts SET version = version + 1, department_id = $3, status = $4, due_on = $5, accepted = $6, \
         clock_from = $7, days_used = $8, correction = $9, outcome = $10, decided_on = $11, updated_at = $12 \
         WHERE id = $1 AND version = $2",
    )
    .bind(c.id)
    .bind(c.version)
    .bind(c.department_id)
    .bind(c.status)
    .bind(c.due_on)
    .bind(c.accepted as i64)
    .bind(c.clock_from)
    .bind(c.days_used)
    .bind(c.correction)
    .bind(c.outcome)
    .bind(c.decided_on)
    .bind(c.updated_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A corrected part's fields and materials (the citizen's answer to a correction request).
pub async fn replace_part_content(
    conn: &mut AnyConnection,
    id: &str,
    fields_json: &str,
    materials_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE parts SET fields = $2, materials = $3 WHERE id = $1")
        .bind(id)
        .bind(fields_json)
        .bind(materials_json)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Keeps an applicant's try at a correction (with its messages) while the part still waits.
pub async fn keep_correction_try(
    conn: &mut AnyConnection,
    id: &str,
    correction_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE parts SET correction = $2 WHERE id = $1 AND status = 'correction_requested'",
    )
    .bind(id)
    .bind(correction_json)
    .execute(conn)
    .await
    .map(|_| ())
}

/// (number, submitted_on, item, status) of the parts of a person's newest `limit` applications,
/// newest application first, parts in order.
pub async fn part_statuses_of_owner(
    conn: &mut AnyConnection,
    owner: &str,
    limit: i64,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT a.number, a.submitted_on, p.item_id, p.status FROM parts p \
         JOIN (SELECT number, submitted_on, created_at FROM applications WHERE owner = $1 \
               ORDER BY created_at DESC LIMIT $2) a ON a.number = p.application_number \
         ORDER BY a.created_at DESC, a.number, p.position",
    )
    .bind(owner)
    .bind(limit)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok((
            r.try_get("number")?,
            r.try_get("submitted_on")?,
            r.try_get("item_id")?,
            r.try_get("status")?,
        ))
    })
    .collect()
}

/// Material keys issued to the holder of this keyed ID number by approvals.
pub async fn issued_certificates(
    conn: &mut AnyConnection,
    holder_key: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT material_key FROM issued_certificates WHERE holder_key = $1")
        .bind(holder_key)
        .fetch_all(conn)
        .await
}

/// Records an e-certificate an approval issued (once per holder and material).
pub async fn issue_certificate(
    conn: &mut AnyConnection,
    holder_key: &str,
    material_key: &str,
    part_id: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO issued_certificates (holder_key, material_key, part_id, issued_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (holder_key, material_key) DO NOTHING",
    )
    .bind(holder_key)
    .bind(material_key)
    .bind(part_id)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ())
}

pub struct PartEvent {
    pub part_id: String,
    pub at: i64,
    pub on_day: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: String,
}

pub async fn insert_part_event(
    conn: &mut AnyConnection,
    id: &str,
    e: &PartEvent,
) -> Result<(), sqlx::Error> {
    insert_part_events(conn, &[(id.to_string(), e)]).await
}

/// Several parts' events (with their ids) in one statement.
pub async fn insert_part_events(
    conn: &mut AnyConnection,
    events: &[(String, &PartEvent)],
) -> Result<(), sqlx::Error> {
    if events.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO part_events (id, part_id, at, on_day, action, from_status, to_status, note) VALUES {}",
        placeholder_rows(events.len(), 8, 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (id, e) in events {
        query = query
            .bind(id.as_str())
            .bind(e.part_id.as_str())
            .bind(e.at)
            .bind(e.on_day.as_str())
            .bind(e.action.as_str())
            .bind(e.from_status.as_deref())
            .bind(e.to_status.as_str())
            .bind(e.note.as_str());
    }
    query.execute(conn).await.map(|_| ())
}

/// Every event of an application's parts, oldest first.
pub async fn events_of_application(
    conn: &mut AnyConnection,
    number: &str,
) -> Result<Vec<PartEvent>, sqlx::Error> {
    sqlx::query(
        "SELECT e.part_id, e.at, e.on_day, e.action, e.from_status, e.to_status, e.note FROM part_events e \
         JOIN parts p ON p.id = e.part_id WHERE p.application_number = $1 ORDER BY e.at, e.id",
    )
    .bind(number)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok(PartEvent {
            part_id: r.try_get("part_id")?,
            at: r.try_get("at")?,
            on_day: r.try_get("on_day")?,
            action: r.try_get("action")?,
            from_status: r.try_get("from_status")?,
            to_status: r.try_get("to_status")?,
            note: r.try_get("note")?,
        })
    })
    .collect()
}

pub async fn insert_notification(
    conn: &mut AnyConnection,
    id: &str,
    owner: &str,
    number: &str,
    at: i64,
    zh: &str,
    en: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (id, owner, application_number, at, message_zh, message_en) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(owner)
    .bind(number)
    .bind(at)
    .bind(zh)
    .bind(en)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A person's newest notifications: (application number, at, zh, en).
pub async fn notifications_of(
    conn: &mut AnyConnection,
    owner: &str,
    limit: i64,
) -> Result<Vec<(String, i64, String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT application_number, at, message_zh, message_en FROM notifications WHERE owner = $1 \
         ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(owner)
    .bind(limit)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok((
            r.try_get("application_number")?,
            r.try_get("at")?,
            r.try_get("message_zh")?,
            r.try_get("message_en")?,
        ))
    })
    .collect()
}

/// One audit entry: who (and in which role, from where) did what to what, before → after.
pub struct AuditEntry<'a> {
    pub id: &'a str,
    pub at: i64,
    pub actor: &'a str,
    pub role: Option<&'a str>,
    pub client: Option<&'a str>,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: &'a str,
}

pub async fn append_audit(conn: &mut AnyConnection, e: &AuditEntry<'_>) -> Result<(), sqlx::Error> {
    insert_audits(conn, std::slice::from_ref(e)).await
}

/// Audit entries about an application or any of its parts (`<number>` and `<number>-<n>`).
pub async fn audit_of_application(
    conn: &mut AnyConnection,
    number: &str,
) -> Result<Vec<(i64, String, Option<String>, String, String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT at, actor, role, action, subject, detail FROM audit_log \
         WHERE subject = $1 OR subject LIKE $2 ORDER BY at, id",
    )
    .bind(number)
    .bind(format!("{number}-%"))
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok((
            r.try_get("at")?,
            r.try_get("actor")?,
            r.try_get("role")?,
            r.try_get("action")?,
            r.try_get("subject")?,
            r.try_get("detail")?,
        ))
    })
    .collect()
}

/// The stored bytes of a file and its type.
pub async fn upload_bytes(
    conn: &mut AnyConnection,
    hash: &str,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    sqlx::query("SELECT media_type, bytes FROM uploads WHERE hash = $1")
        .bind(hash)
        .fetch_optional(conn)
        .await?
        .map(|r| Ok((r.try_get("media_type")?, r.try_get("bytes")?)))
        .transpose()
}

/// Open parts per department (not yet approved or refused).
pub async fn open_counts(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT department_id, COUNT(*) AS n FROM parts WHERE status NOT IN ('approved', 'refused') GROUP BY department_id",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| Ok((r.try_get("department_id")?, r.try_get("n")?)))
        .collect()
}

pub struct DraftRow {
    pub items: String,
    pub answers: String,
    pub errors: String,
    pub problems: String,
    pub owner: Option<String>,
    pub code_sealed: Option<String>,
    pub catalog_hash: Option<String>,
}

pub struct NewDraft<'a> {
    pub token: &'a str,
    pub items: &'a str,
    pub answers: &'a str,
    pub errors: &'a str,
    pub problems: &'a str,
    pub owner: &'a str,
    /// Only used when the draft is new: a draft keeps its first resume code.
    pub code_hash: &'a str,
    pub code_sealed: &'a str,
    pub catalog_hash: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn save_draft(conn: &mut AnyConnection, d: &NewDraft<'_>) -> Result<(), sqlx::Error> {
    // One row per handle: saving again replaces the answers and keeps the uploaded materials,
    // the owner and the resume code.
    sqlx::query(
        "INSERT INTO drafts (token, items, answers, errors, problems, owner, code_hash, code_sealed, updated_at, expires_at, catalog_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (token) DO UPDATE SET items = excluded.items, answers = excluded.answers, \
         errors = excluded.errors, problems = excluded.problems, \
         updated_at = excluded.updated_at, expires_at = excluded.expires_at, catalog_hash = excluded.catalog_hash",
    )
    .bind(d.token)
    .bind(d.items)
    .bind(d.answers)
    .bind(d.errors)
    .bind(d.problems)
    .bind(d.owner)
    .bind(d.code_hash)
    .bind(d.code_sealed)
    .bind(d.now)
    .bind(d.expires_at)
    .bind(d.catalog_hash)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A subject's live drafts, newest first: `(handle, items JSON)`.
pub async fn drafts_of(
    conn: &mut AnyConnection,
    owner: &str,
    now: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT token, items FROM drafts WHERE owner = $1 AND expires_at > $2 \
         ORDER BY updated_at DESC LIMIT 10",
    )
    .bind(owner)
    .bind(now)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("token")?, r.try_get("items")?)))
        .collect()
}

/// A draft that has not expired.
pub async fn draft(
    conn: &mut AnyConnection,
    token: &str,
    now: i64,
) -> Result<Option<DraftRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT items, answers, errors, problems, owner, code_sealed FROM drafts WHERE token = $1 AND expires_at > $2",
    )
    .bind(token)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(DraftRow {
            items: r.try_get("items")?,
            answers: r.try_get("answers")?,
            errors: r.try_get("errors")?,
            problems: r.try_get("problems")?,
            owner: r.try_get("owner")?,
            code_sealed: r.try_get("code_sealed")?,
            catalog_hash: None,
        })
    })
    .transpose()
}

/// The live draft with this resume code: `(handle, owner, items JSON)`.
pub async fn draft_by_code(
    conn: &mut AnyConnection,
    code_hash: &str,
    now: i64,
) -> Result<Option<(String, Option<String>, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT token, owner, items FROM drafts WHERE code_hash = $1 AND expires_at > $2",
    )
    .bind(code_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("token")?,
            r.try_get("owner")?,
            r.try_get("items")?,
        ))
    })
    .transpose()
}

pub async fn set_draft_owner(
    conn: &mut AnyConnection,
    token: &str,
    owner: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE drafts SET owner = $1 WHERE token = $2")
        .bind(owner)
        .bind(token)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Removes drafts with their material links and counter checks (the uploaded files stay: a part
/// may hold them).
pub async fn delete_drafts(conn: &mut AnyConnection, tokens: &[&str]) -> Result<(), sqlx::Error> {
    if tokens.is_empty() {
        return Ok(());
    }
    // Their files' links and counter checks go with them (ON DELETE CASCADE).
    let sql = format!(
        "DELETE FROM drafts WHERE token IN {}",
        placeholder_rows(1, tokens.len(), 1)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for token in tokens {
        query = query.bind(*token);
    }
    query.execute(conn).await.map(|_| ())
}

/// Stores a file under its content hash; the same bytes uploaded again store nothing new.
pub async fn insert_upload(
    conn: &mut AnyConnection,
    hash: &str,
    media_type: &str,
    bytes: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO uploads (hash, media_type, size, bytes, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (hash) DO NOTHING",
    )
    .bind(hash)
    .bind(media_type)
    .bind(bytes.len() as i64)
    .bind(bytes)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn attach_material(
    conn: &mut AnyConnection,
    token: &str,
    material: &str,
    hash: &str,
    file_name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO draft_materials (draft_token, material_key, upload_hash, file_name) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (draft_token, material_key) DO UPDATE SET upload_hash = excluded.upload_hash, \
         file_name = excluded.file_name",
    )
    .bind(token)
    .bind(material)
    .bind(hash)
    .bind(file_name)
    .execute(conn)
    .await
    .map(|_| ())
}

pub struct DraftMaterialRow {
    pub material: String,
    pub hash: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
}

/// A live draft with its files and counter checks, in one round trip (a submission reads all
/// three, and each statement costs the database more than the rows do). The rows of one UNION
/// carry a kind: 0 the draft, 1 a file, 2 a material seen at the counter.
pub async fn draft_whole(
    conn: &mut AnyConnection,
    token: &str,
    now: i64,
) -> Result<Option<(DraftRow, Vec<DraftMaterialRow>, Vec<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT CAST(0 AS BIGINT) AS kind, items AS a, answers AS b, errors AS c, problems AS d, owner AS e, \
         code_sealed AS f, catalog_hash AS g FROM drafts WHERE token = $1 AND expires_at > $2 \
         UNION ALL \
         SELECT 1, m.material_key, m.upload_hash, m.file_name, \
         (SELECT u.media_type FROM uploads u WHERE u.hash = m.upload_hash), \
         CAST((SELECT u.size FROM uploads u WHERE u.hash = m.upload_hash) AS TEXT), NULL, NULL \
         FROM draft_materials m WHERE m.draft_token = $1 \
         UNION ALL \
         SELECT 2, material_key, NULL, NULL, NULL, NULL, NULL, NULL FROM draft_counter_checks WHERE draft_token = $1 \
         ORDER BY 1, 2",
    )
    .bind(token)
    .bind(now)
    .fetch_all(conn)
    .await?;
    let text = |r: &AnyRow, c: &str| {
        r.try_get::<Option<String>, _>(c)
            .map(Option::unwrap_or_default)
    };
    let mut draft = None;
    let mut files = Vec::new();
    let mut checked = Vec::new();
    for r in &rows {
        match r.try_get::<i64, _>("kind")? {
            0 => {
                draft = Some(DraftRow {
                    items: text(r, "a")?,
                    answers: text(r, "b")?,
                    errors: text(r, "c")?,
                    problems: text(r, "d")?,
                    owner: r.try_get("e")?,
                    code_sealed: r.try_get("f")?,
                    catalog_hash: r.try_get("g")?,
                })
            }
            1 => files.push(DraftMaterialRow {
                material: text(r, "a")?,
                hash: text(r, "b")?,
                file_name: text(r, "c")?,
                media_type: text(r, "d")?,
                size: text(r, "e")?.parse().unwrap_or(0),
            }),
            _ => checked.push(text(r, "a")?),
        }
    }
    Ok(draft.map(|d| (d, files, checked)))
}

/// Replaces a draft's counter checks with `keys`, marked by `staff_id`.
pub async fn set_draft_counter_checks(
    conn: &mut AnyConnection,
    token: &str,
    keys: &[String],
    staff_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM draft_counter_checks WHERE draft_token = $1")
        .bind(token)
        .execute(&mut *conn)
        .await?;
    for key in keys {
        sqlx::query(
            "INSERT INTO draft_counter_checks (draft_token, material_key, staff_id) VALUES ($1, $2, $3)",
        )
        .bind(token)
        .bind(key)
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn draft_materials(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<Vec<DraftMaterialRow>, sqlx::Error> {
    let rows = sqlx::query(
        // Each file looked up by its key, not joined: with a join PostgreSQL was seen to pick a
        // hash join over all uploads (a full scan per submission, most of its CPU under load)
        // while its statistics still described a younger table.
        "SELECT m.material_key, m.upload_hash, m.file_name, \
         (SELECT u.media_type FROM uploads u WHERE u.hash = m.upload_hash), \
         (SELECT u.size FROM uploads u WHERE u.hash = m.upload_hash) \
         FROM draft_materials m WHERE m.draft_token = $1 ORDER BY m.material_key",
    )
    .bind(token)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(DraftMaterialRow {
                material: r.try_get(0)?,
                hash: r.try_get(1)?,
                file_name: r.try_get(2)?,
                media_type: r.try_get(3)?,
                size: r.try_get(4)?,
            })
        })
        .collect()
}

// --- Statistics (the managers' dashboard). Dates are ISO text, so text comparison orders them
// on both databases; the counting and arithmetic happen in `services::statistics`.

/// Applications submitted per day in `[from, to]`: (day, count).
pub async fn applications_per_day(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT submitted_on, COUNT(*) AS n FROM applications \
         WHERE submitted_on >= $1 AND submitted_on <= $2 GROUP BY submitted_on",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| Ok((r.try_get("submitted_on")?, r.try_get("n")?)))
    .collect()
}

/// Parts of the applications submitted in `[from, to]`, counted by (item, department, status).
pub async fn received_part_counts(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String, String, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT p.item_id, p.department_id, p.status, COUNT(*) AS n FROM parts p \
         JOIN applications a ON a.number = p.application_number \
         WHERE a.submitted_on >= $1 AND a.submitted_on <= $2 \
         GROUP BY p.item_id, p.department_id, p.status",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok((
            r.try_get("item_id")?,
            r.try_get("department_id")?,
            r.try_get("status")?,
            r.try_get("n")?,
        ))
    })
    .collect()
}

/// A part decided (approved or refused), as the dashboard weighs it.
pub struct DecidedPart {
    pub item_id: String,
    pub department_id: String,
    pub due_on: String,
    pub decided_on: String,
    pub days_used: i64,
}

/// Every part decided in `[from, to]`.
pub async fn decided_parts(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
) -> Result<Vec<DecidedPart>, sqlx::Error> {
    sqlx::query(
        "SELECT item_id, department_id, due_on, decided_on, days_used FROM parts \
         WHERE status IN ('approved', 'refused') AND decided_on >= $1 AND decided_on <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok(DecidedPart {
            item_id: r.try_get("item_id")?,
            department_id: r.try_get("department_id")?,
            due_on: r.try_get("due_on")?,
            decided_on: r.try_get("decided_on")?,
            days_used: r.try_get("days_used")?,
        })
    })
    .collect()
}

/// Parts on a department's desk now (waiting to be accepted or being decided), whenever
/// submitted, counted by (item, department, status, due date).
pub async fn open_part_counts(
    conn: &mut AnyConnection,
) -> Result<Vec<(String, String, String, String, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT item_id, department_id, status, due_on, COUNT(*) AS n FROM parts \
         WHERE status IN ('submitted', 'accepted') GROUP BY item_id, department_id, status, due_on",
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok((
            r.try_get("item_id")?,
            r.try_get("department_id")?,
            r.try_get("status")?,
            r.try_get("due_on")?,
            r.try_get("n")?,
        ))
    })
    .collect()
}

/// A correction request or refusal and the reason given.
pub struct ReasonRow {
    pub on_day: String,
    pub action: String,
    pub note: String,
    pub part_id: String,
    pub application_number: String,
    pub item_id: String,
    pub department_id: String,
}

/// The newest `limit` correction requests and refusals made in `[from, to]`, newest first.
pub async fn latest_reasons(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
    limit: i64,
) -> Result<Vec<ReasonRow>, sqlx::Error> {
    sqlx::query(
        "SELECT e.on_day, e.action, e.note, e.part_id, p.application_number, p.item_id, p.department_id \
         FROM part_events e JOIN parts p ON p.id = e.part_id \
         WHERE e.action IN ('request_correction', 'refuse') AND e.on_day >= $1 AND e.on_day <= $2 \
         ORDER BY e.at DESC, e.id DESC LIMIT $3",
    )
    .bind(from)
    .bind(to)
    .bind(limit)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        Ok(ReasonRow {
            on_day: r.try_get("on_day")?,
            action: r.try_get("action")?,
            note: r.try_get("note")?,
            part_id: r.try_get("part_id")?,
            application_number: r.try_get("application_number")?,
            item_id: r.try_get("item_id")?,
            department_id: r.try_get("department_id")?,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::placeholder_rows;

    #[test]
    fn placeholders_number_each_row_after_the_last() {
        assert_eq!(placeholder_rows(1, 2, 1), "($1, $2)");
        assert_eq!(placeholder_rows(2, 3, 3), "($3, $4, $5), ($6, $7, $8)");
    }
}
