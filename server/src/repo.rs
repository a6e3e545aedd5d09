//! All SQL lives here. Functions take a connection or transaction; services own begin/commit.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub struct NewApplication<'a> {
    pub number: &'a str,
    pub idempotency_key: &'a str,
    pub catalog_hash: &'a str,
    pub items_json: &'a str,
    pub answers_json: &'a str,
    pub applicant_masked: &'a str,
    /// The session subject that submitted: only they see the receipt.
    pub owner: Option<&'a str>,
    /// Keyed hash of the applicant's ID number, for staff to search by.
    pub applicant_key: Option<&'a str>,
    pub submitted_on: &'a str,
    pub due_on: &'a str,
    pub created_at: i64,
}

pub struct NewPart<'a> {
    pub id: &'a str,
    pub application_number: &'a str,
    pub position: i64,
    pub department_id: &'a str,
    pub item_id: &'a str,
    pub fields_json: &'a str,
    pub materials_json: &'a str,
    pub status: &'a str,
    pub due_on: &'a str,
    pub updated_at: i64,
}

pub struct ApplicationRow {
    pub number: String,
    pub owner: Option<String>,
    pub submitted_on: String,
    pub due_on: String,
}

pub struct PartRow {
    pub application_number: String,
    pub department_id: String,
    pub item_id: String,
    pub status: String,
    pub due_on: String,
    pub submitted_on: String,
    pub applicant_masked: String,
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

pub async fn insert_application(
    conn: &mut AnyConnection,
    a: &NewApplication<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO applications (number, idempotency_key, catalog_hash, items, answers, applicant_masked, \
         submitted_on, due_on, created_at, owner, applicant_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(a.number)
    .bind(a.idempotency_key)
    .bind(a.catalog_hash)
    .bind(a.items_json)
    .bind(a.answers_json)
    .bind(a.applicant_masked)
    .bind(a.submitted_on)
    .bind(a.due_on)
    .bind(a.created_at)
    .bind(a.owner)
    .bind(a.applicant_key)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn insert_part(conn: &mut AnyConnection, p: &NewPart<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO parts (id, application_number, position, department_id, item_id, fields, materials, status, \
         due_on, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(p.id)
    .bind(p.application_number)
    .bind(p.position)
    .bind(p.department_id)
    .bind(p.item_id)
    .bind(p.fields_json)
    .bind(p.materials_json)
    .bind(p.status)
    .bind(p.due_on)
    .bind(p.updated_at)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn insert_outbox(
    conn: &mut AnyConnection,
    part_id: &str,
    department_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, part_id, department_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(format!("{part_id}-dispatch"))
    .bind(part_id)
    .bind(department_id)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn insert_audit(
    conn: &mut AnyConnection,
    id: &str,
    at: i64,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(detail)
        .execute(conn)
        .await
        .map(|_| ())
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

/// The columns every part query reads; a macro so each query stays one literal string.
macro_rules! part_select {
    ($rest:literal) => {
        concat!(
            "SELECT p.application_number, p.department_id, p.item_id, p.status, p.due_on, a.submitted_on, \
             a.applicant_masked FROM parts p JOIN applications a ON a.number = p.application_number ",
            $rest
        )
    };
}

fn part_row(r: AnyRow) -> Result<PartRow, sqlx::Error> {
    Ok(PartRow {
        application_number: r.try_get("application_number")?,
        department_id: r.try_get("department_id")?,
        item_id: r.try_get("item_id")?,
        status: r.try_get("status")?,
        due_on: r.try_get("due_on")?,
        submitted_on: r.try_get("submitted_on")?,
        applicant_masked: r.try_get("applicant_masked")?,
    })
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

/// A department's queue, earliest deadline first.
pub async fn parts_for_department(
    conn: &mut AnyConnection,
    department: &str,
    limit: i64,
) -> Result<Vec<PartRow>, sqlx::Error> {
    sqlx::query(part_select!(
        "WHERE p.department_id = $1 ORDER BY p.due_on, a.created_at LIMIT $2"
    ))
    .bind(department)
    .bind(limit)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(part_row)
    .collect()
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
    pub now: i64,
    pub expires_at: i64,
}

pub async fn save_draft(conn: &mut AnyConnection, d: &NewDraft<'_>) -> Result<(), sqlx::Error> {
    // One row per handle: saving again replaces the answers and keeps the uploaded materials,
    // the owner and the resume code.
    sqlx::query(
        "INSERT INTO drafts (token, items, answers, errors, problems, owner, code_hash, code_sealed, updated_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (token) DO UPDATE SET items = excluded.items, answers = excluded.answers, \
         errors = excluded.errors, problems = excluded.problems, \
         updated_at = excluded.updated_at, expires_at = excluded.expires_at",
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

/// Removes a draft and its material links (the uploaded files stay: a part may hold them).
pub async fn delete_draft(conn: &mut AnyConnection, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM draft_materials WHERE draft_token = $1")
        .bind(token)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM drafts WHERE token = $1")
        .bind(token)
        .execute(conn)
        .await
        .map(|_| ())
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

pub async fn draft_materials(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<Vec<DraftMaterialRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.material_key, m.upload_hash, m.file_name, u.media_type, u.size \
         FROM draft_materials m JOIN uploads u ON u.hash = m.upload_hash \
         WHERE m.draft_token = $1 ORDER BY m.material_key",
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
