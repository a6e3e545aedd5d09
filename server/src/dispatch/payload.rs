//! What a department's system receives for one part: only that part's own fields and
//! materials (the split already kept the rest out), files as signed links that expire.

use app::api::encode;
use app::engine::{Catalog, MaterialSource};
use serde_json::{json, Value};

use crate::crypto::Keys;
use crate::repo::PartRow;
use crate::services::drafts::open_answers;
use crate::services::review::materials_of;

/// How long a file link in a delivery works: long enough for a system that queues its
/// downloads; every attempt carries fresh links.
pub const LINK_SECS: i64 = 24 * 60 * 60;

/// The message a file link signs: the part, the material and when the link expires.
pub fn link_message(part: &str, key: &str, expires: i64) -> String {
    format!("{part}\n{key}\n{expires}")
}

/// A signed link to one material's file of a part, valid until `expires` (Unix seconds).
pub fn file_link(keys: &Keys, base: &str, part: &str, key: &str, expires: i64) -> String {
    let signature = keys.sign_link(&link_message(part, key, expires));
    format!(
        "{base}/dispatch/files/{}/{}?expires={expires}&signature={signature}",
        encode(part),
        encode(key)
    )
}

/// The JSON body of a delivery.
pub struct Delivery<'a> {
    pub id: &'a str,
    pub attempt: i64,
    pub row: &'a PartRow,
    /// The site's own origin, for file links and the callback address.
    pub base: &'a str,
    pub now_secs: i64,
}

pub fn body(catalog: &Catalog, keys: &Keys, d: &Delivery<'_>) -> Result<Vec<u8>, String> {
    let row = d.row;
    let fields: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&row.fields).map_err(|_| "stored fields do not parse".to_string())?;
    let fields = open_answers(keys, fields);
    let materials = materials_of(row).map_err(|e| e.to_string())?;
    let expires = d.now_secs + LINK_SECS;
    let materials: Vec<Value> = materials
        .iter()
        .map(|m| match &m.source {
            MaterialSource::Upload(file) => json!({
                "key": m.key,
                "source": "upload",
                "file_name": file.file_name,
                "media_type": file.media_type,
                "sha256": file.hash,
                "url": file_link(keys, d.base, &row.id, &m.key, expires),
                "url_expires_at": expires,
            }),
            MaterialSource::ECertificate => json!({"key": m.key, "source": "e_certificate"}),
            MaterialSource::ProducedBy { by } => {
                json!({"key": m.key, "source": "produced_by", "item": by})
            }
            MaterialSource::AtCounter => json!({"key": m.key, "source": "seen_at_counter"}),
            MaterialSource::NotGiven => json!({"key": m.key, "source": "not_given"}),
        })
        .collect();
    let depends: Vec<String> = serde_json::from_str(&row.depends_on).unwrap_or_default();
    let item = catalog.item_name(&row.item_id);
    let value = json!({
        "delivery": d.id,
        "attempt": d.attempt,
        "part": {
            "id": row.id,
            "application": row.application_number,
            "item": row.item_id,
            "item_name": {"zh": item.zh, "en": item.en},
            "department": row.department_id,
            "status": row.status,
            "version": row.version,
            "submitted_on": row.submitted_on,
            "due_on": row.due_on,
            "committed_days": row.committed_days,
            "depends_on": depends,
            "fields": fields,
            "materials": materials,
        },
        "callback": format!("{}/dispatch/callback", d.base),
    });
    serde_json::to_vec(&value).map_err(|e| e.to_string())
}
