//! The catalog editors' draft: one working copy of the whole catalog, started from the version
//! in use (or uploaded as a workbook or JSON), changed item by item, compared with the version
//! in use, previewed as citizens would see it, and published as a new version. Every change is
//! decided here for catalog editors and administrators only, stored with its audit entry in one
//! transaction, and nothing half-checked is ever published: the whole catalog check runs again
//! at publication.

use app::api::backend::BackendError;
use app::api::caller::{Caller, Denied};
use app::api::{CatalogDraftView, DraftCatalog, DraftItemRow, ItemUseRow, RuleRow, UseLimits};
use app::engine::catalog_diff::changes;
use app::engine::catalog_edit::{limits_of, DraftChange, EditError, EditForm};
use app::engine::{Catalog, Text};
use sqlx::Row;
use std::sync::Arc;

use crate::backend::{staff_actor, AppBackend};
use crate::catalog_store;
use crate::services::storage;
use crate::workbook::{self, ImportError};

/// Items listed for one search on the draft page.
const FOUND: usize = 20;
/// A workbook of 3,900 items is about 1 MB; more than this is not a catalog.
pub const MAX_UPLOAD: usize = 16 * 1024 * 1024;

struct Stored {
    base_hash: String,
    body: String,
    updated_at: i64,
    updated_by: String,
    revision: i64,
}

async fn stored(conn: &mut sqlx::AnyConnection) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT base_hash, body, updated_at, updated_by, revision FROM catalog_draft WHERE id = 1",
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Stored {
            base_hash: r.try_get("base_hash")?,
            body: r.try_get("body")?,
            updated_at: r.try_get("updated_at")?,
            updated_by: r.try_get("updated_by")?,
            revision: r.try_get("revision")?,
        })
    })
    .transpose()
}

/// Why a change to the draft was not made.
#[derive(Debug)]
pub enum EditRefused {
    Denied(Denied),
    /// There is no draft (another editor published or discarded it meanwhile).
    NoDraft,
    Item(EditError),
    /// The catalog check finds these in the draft: publishing waits.
    Problems(usize),
    /// The version name is empty, too long, or already used.
    VersionName,
    /// Another editor changed the draft since it was read: nothing was saved.
    Conflict,
    Storage(String),
}

fn failed(e: sqlx::Error) -> EditRefused {
    tracing::error!(error = %e, "catalog draft storage failed");
    EditRefused::Storage(e.to_string())
}

/// A version name as editors type it: printable, short, unused.
fn version_name(typed: &str) -> Option<String> {
    let name = typed.trim();
    (!name.is_empty()
        && name.chars().count() <= 40
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ')))
    .then(|| name.to_string())
}

/// Who changed the draft, as the audit log names them: a catalog editor or administrator, or
/// the operator at the command line (`server catalog draft`).
pub struct Who {
    pub actor: String,
    pub role: Option<&'static str>,
}

async fn audit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    who: &Who,
    action: &str,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    crate::repo::append_audit(
        tx,
        &crate::repo::AuditEntry {
            id: &crate::crypto::new_token(),
            at: now,
            actor: &who.actor,
            role: who.role,
            client: None,
            action,
            subject: "catalog:draft",
            detail,
        },
    )
    .await
}

/// The caller, when they may change the draft.
pub fn editor(caller: &Caller) -> Result<Who, EditRefused> {
    caller.may_edit_catalog().map_err(EditRefused::Denied)?;
    let staff = caller.needs_staff().map_err(EditRefused::Denied)?;
    Ok(Who {
        actor: staff_actor(staff),
        role: Some(staff.role.code()),
    })
}

/// Starts the draft from the version in use; a draft already started is kept as it is.
pub async fn start(backend: &AppBackend, caller: &Caller, now: i64) -> Result<(), EditRefused> {
    let who = editor(caller)?;
    let in_use = backend.in_use();
    let body = workbook::export_json(&in_use.catalog);
    let mut tx = backend.db().begin().await.map_err(failed)?;
    let started = sqlx::query(
        "INSERT INTO catalog_draft (id, base_hash, body, updated_at, updated_by) VALUES (1, $1, $2, $3, $4) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&in_use.hash)
    .bind(&body)
    .bind(now)
    .bind(&who.actor)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    if started.rows_affected() == 1 {
        let detail = format!(
            "started from version {} ({})",
            in_use.catalog.version, in_use.hash
        );
        audit(&mut tx, &who, "catalog_draft_start", &detail, now)
            .await
            .map_err(failed)?;
    }
    tx.commit().await.map_err(failed)
}

/// Replaces the draft with a catalog file's content (JSON as `workbook::export_json` writes it,
/// already checked completely), recording who did it. Returns how many items it holds.
pub async fn store_draft(
    backend: &AppBackend,
    body: &str,
    file_name: &str,
    who: &Who,
    now: i64,
) -> Result<usize, EditRefused> {
    let catalog = Catalog::from_json(body).map_err(|e| EditRefused::Storage(e.to_string()))?;
    let in_use = backend.in_use();
    let mut tx = backend.db().begin().await.map_err(failed)?;
    sqlx::query(
        "INSERT INTO catalog_draft (id, base_hash, body, updated_at, updated_by) VALUES (1, $1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET base_hash = excluded.base_hash, body = excluded.body, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by, \
         revision = catalog_draft.revision + 1",
    )
    .bind(&in_use.hash)
    .bind(body)
    .bind(now)
    .bind(&who.actor)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    let detail = format!(
        "stored {} as the draft ({} items, version {}, content {})",
        file_name.chars().take(80).collect::<String>(),
        catalog.items.len(),
        catalog.version,
        catalog_store::content_hash(body)
    );
    audit(&mut tx, who, "catalog_draft_replace", &detail, now)
        .await
        .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    Ok(catalog.items.len())
}

/// The draft as stored, read outside any transaction (a change or a publication is worked out
/// before its transaction; the revision then keeps a change made meanwhile).
async fn read_draft(backend: &AppBackend) -> Result<Stored, EditRefused> {
    let mut conn = backend.db().pool.acquire().await.map_err(failed)?;
    stored(&mut conn)
        .await
        .map_err(failed)?
        .ok_or(EditRefused::NoDraft)
}

/// One change to the draft from one of the draft page's forms (`form`, with the inputs it
/// posted): an item's names, department, days, materials, fields and rules; an item's limits on
/// one field; or a material or field the catalog does not have yet.
pub async fn save_change(
    backend: &AppBackend,
    caller: &Caller,
    form: EditForm,
    pairs: &[(String, String)],
    now: i64,
) -> Result<(), EditRefused> {
    let who = editor(caller)?;
    // Read and changed before the transaction (a whole catalog at a city's size takes a while to
    // parse and write out); the revision check below keeps a change made meanwhile.
    let draft = read_draft(backend).await?;
    let mut catalog = Catalog::from_json(&draft.body).map_err(|e| {
        tracing::error!(error = %e, "the stored draft does not parse");
        EditRefused::Storage(e.to_string())
    })?;
    let change = DraftChange::parse(form, pairs, &catalog).map_err(EditRefused::Item)?;
    let before = change.item().and_then(|id| catalog.item(id)).cloned();
    // The item as the form showed it: another editor's change to it since then is not
    // overwritten unseen.
    let shown = pairs
        .iter()
        .find(|(name, _)| name == "fingerprint")
        .map(|(_, v)| v.trim())
        .unwrap_or("");
    if !shown.is_empty() && Some(shown) != before.as_ref().map(fingerprint).as_deref() {
        return Err(EditRefused::Conflict);
    }
    if !change.apply(&mut catalog) {
        return Ok(());
    }
    let body = workbook::export_json(&catalog);
    let mut tx = backend.db().begin().await.map_err(failed)?;
    // Two editors saving at once: the second finds the revision moved and saves nothing.
    let saved = sqlx::query(
        "UPDATE catalog_draft SET body = $1, updated_at = $2, updated_by = $3, revision = revision + 1 \
         WHERE id = 1 AND revision = $4",
    )
    .bind(&body)
    .bind(now)
    .bind(&who.actor)
    .bind(draft.revision)
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    if saved.rows_affected() != 1 {
        return Err(EditRefused::Conflict);
    }
    // The item before and after, in full: the audit trail says exactly what changed.
    let after = change.item().and_then(|id| catalog.item(id));
    let detail = match (&before, after) {
        (Some(b), Some(a)) => format!(
            "{}: {} → {}",
            change.describe(),
            serde_json::to_string(b).unwrap_or_default(),
            serde_json::to_string(a).unwrap_or_default()
        ),
        _ => change.describe(),
    };
    let kind = match form {
        EditForm::Item => "catalog_draft_item",
        EditForm::FieldUse => "catalog_draft_field_use",
        EditForm::NewMaterial => "catalog_draft_new_material",
        EditForm::NewField => "catalog_draft_new_field",
    };
    audit(&mut tx, &who, kind, &detail, now)
        .await
        .map_err(failed)?;
    tx.commit().await.map_err(failed)
}

/// Publishes the draft as a new version named `version`: checked whole, stored, made the one in
/// use (here at once, elsewhere at the next catalog watch), and the draft is gone. Returns the
/// new version's content hash.
pub async fn publish(
    backend: &AppBackend,
    caller: &Caller,
    version: &str,
    now: i64,
) -> Result<String, EditRefused> {
    let who = editor(caller)?;
    let name = version_name(version).ok_or(EditRefused::VersionName)?;
    // Read and checked before the transaction: the whole check takes a while at a city's size,
    // and a SQLite writer must not be held meanwhile. The revision makes sure what was checked
    // is what is published.
    let draft = read_draft(backend).await?;
    let mut catalog =
        Catalog::from_json(&draft.body).map_err(|e| EditRefused::Storage(e.to_string()))?;
    catalog.version = name.clone();
    let body = workbook::export_json(&catalog);
    // The same complete check a workbook import gets: references, duplicates, constraints,
    // merges.
    let checked =
        workbook::import_json(&body).map_err(|errors| EditRefused::Problems(errors.len()))?;
    let mut tx = backend.db().begin().await.map_err(failed)?;
    let taken: Option<String> =
        sqlx::query_scalar("SELECT hash FROM catalog_versions WHERE version = $1")
            .bind(&name)
            .fetch_optional(&mut *tx)
            .await
            .map_err(failed)?;
    if taken.is_some() {
        return Err(EditRefused::VersionName);
    }
    let hash = catalog_store::publish(&mut tx, &checked, &body, "editor", &who.actor, now)
        .await
        .map_err(failed)?;
    // What was read is what is published: a change saved meanwhile stops it.
    let taken = sqlx::query("DELETE FROM catalog_draft WHERE id = 1 AND revision = $1")
        .bind(draft.revision)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    if taken.rows_affected() != 1 {
        return Err(EditRefused::Conflict);
    }
    let before = backend.in_use();
    let said = changes(&before.catalog, &checked).len();
    let detail = format!(
        "published version {name} ({hash}) over {} ({}); {said} change(s)",
        before.catalog.version, before.hash
    );
    audit(&mut tx, &who, "catalog_publish", &detail, now)
        .await
        .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    if let Err(e) = backend.refresh_catalog().await {
        tracing::error!(error = ?e, "the published catalog is used from the next catalog watch");
    }
    Ok(hash)
}

/// Throws the draft away (the version in use is untouched).
pub async fn discard(backend: &AppBackend, caller: &Caller, now: i64) -> Result<(), EditRefused> {
    let who = editor(caller)?;
    let mut tx = backend.db().begin().await.map_err(failed)?;
    let gone = sqlx::query("DELETE FROM catalog_draft WHERE id = 1")
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    if gone.rows_affected() == 1 {
        audit(&mut tx, &who, "catalog_draft_discard", "", now)
            .await
            .map_err(failed)?;
    }
    tx.commit().await.map_err(failed)
}

/// The draft as the preview composes and browses it.
pub struct DraftInUse {
    /// Which saved state of the draft this is: its revision and when it was last changed (a
    /// new draft starts its revisions again).
    key: (i64, i64),
    pub catalog: Catalog,
    pub index: crate::services::overview::CatalogIndex,
}

/// The draft, parsed and indexed once per saved change; none when there is no draft.
pub async fn draft_in_use(backend: &AppBackend) -> Result<Option<Arc<DraftInUse>>, BackendError> {
    let mut conn = backend.db().pool.acquire().await.map_err(storage)?;
    let key: Option<(i64, i64)> =
        sqlx::query_as("SELECT revision, updated_at FROM catalog_draft WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await
            .map_err(storage)?;
    let Some(key) = key else {
        return Ok(None);
    };
    let cached = backend
        .draft_cache
        .lock()
        .ok()
        .and_then(|c| c.clone())
        .filter(|d| d.key == key);
    if let Some(draft) = cached {
        return Ok(Some(draft));
    }
    let Some(draft) = stored(&mut conn).await.map_err(storage)? else {
        return Ok(None);
    };
    drop(conn);
    let catalog = catalog_store::for_serving(&draft.body).map_err(BackendError::Storage)?;
    let parsed = Arc::new(DraftInUse {
        key: (draft.revision, draft.updated_at),
        index: crate::services::overview::CatalogIndex::new(&catalog),
        catalog,
    });
    if let Ok(mut cache) = backend.draft_cache.lock() {
        *cache = Some(parsed.clone());
    }
    Ok(Some(parsed))
}

/// An item's content, short: what its form carries to detect a change made meanwhile.
fn fingerprint(item: &app::engine::catalog::Item) -> String {
    catalog_store::content_hash(&serde_json::to_string(item).unwrap_or_default())
}

fn row(item: &app::engine::catalog::Item) -> DraftItemRow {
    DraftItemRow {
        id: item.id.clone(),
        name: item.name.clone(),
        department: item.department.clone(),
        committed_days: item.committed_days,
        statutory_days: item.statutory_days,
        synonyms: item.synonyms.join("、"),
        life_events: item.life_events.clone(),
        materials: Vec::new(),
        fields: Vec::new(),
        fingerprint: String::new(),
        rules: Vec::new(),
    }
}

/// An item's rules with other items, in words, each with its code in the form.
fn rules(catalog: &Catalog, item: &app::engine::catalog::Item) -> Vec<RuleRow> {
    let codes = app::engine::catalog_edit::rule_codes(item);
    let item_name = |id: &str| {
        catalog
            .item(id)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| Text::new(id, id))
    };
    let texts = item
        .requires
        .iter()
        .map(|r| {
            let (material, from) = (
                catalog
                    .material(&r.material)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| Text::new(&r.material, &r.material)),
                item_name(&r.item),
            );
            Text::new(
                format!(
                    "需先取得“{}”（可由“{}”在同一申请中办理）",
                    material.zh, from.zh
                ),
                format!(
                    "Needs {} first (which {} issues in the same application)",
                    material.en, from.en
                ),
            )
        })
        .chain(item.excludes.iter().map(|e| {
            let other = item_name(&e.item);
            Text::new(
                format!("不能与“{}”同时申请：{}", other.zh, e.reason.zh),
                format!("Cannot be applied for with {}: {}", other.en, e.reason.en),
            )
        }));
    codes
        .into_iter()
        .zip(texts)
        .map(|(code, text)| RuleRow { code, text })
        .collect()
}

/// The item being edited, with what it asks for by name.
fn editing_row(catalog: &Catalog, item: &app::engine::catalog::Item) -> DraftItemRow {
    let named = |key: &str, name: Option<Text>, required: bool| ItemUseRow {
        key: key.to_string(),
        name: name.unwrap_or_else(|| Text::new(key, key)),
        required,
        limits: false,
    };
    DraftItemRow {
        materials: item
            .materials
            .iter()
            .map(|m| {
                named(
                    &m.key,
                    catalog.material(&m.key).map(|d| d.name.clone()),
                    m.required,
                )
            })
            .collect(),
        fields: item
            .fields
            .iter()
            .map(|f| {
                let def = catalog.field(&f.key);
                let (lengths, range) = def.map_or((false, false), |d| limits_of(d.kind));
                ItemUseRow {
                    limits: lengths || range,
                    ..named(&f.key, def.map(|d| d.label.clone()), f.required)
                }
            })
            .collect(),
        fingerprint: fingerprint(item),
        rules: rules(catalog, item),
        ..row(item)
    }
}

/// The item's limits on one of its fields, as the limits form shows them.
fn use_limits(
    catalog: &Catalog,
    item: &app::engine::catalog::Item,
    field: &str,
) -> Option<UseLimits> {
    let usage = item.fields.iter().find(|f| f.key == field)?;
    let def = catalog.field(field)?;
    let (lengths, range) = limits_of(def.kind);
    let shown = |v: Option<String>| v.unwrap_or_default();
    Some(UseLimits {
        key: def.key.clone(),
        name: def.label.clone(),
        lengths,
        range,
        min_len: shown(usage.min_len.map(|n| n.to_string())),
        max_len: shown(usage.max_len.map(|n| n.to_string())),
        min: shown(usage.min.map(|n| n.to_string())),
        max: shown(usage.max.map(|n| n.to_string())),
    })
}

/// The draft page's content for catalog editors and administrators.
pub async fn view(
    backend: &AppBackend,
    caller: &Caller,
    find: &str,
    item: &str,
    field: &str,
) -> Result<CatalogDraftView, BackendError> {
    caller.may_edit_catalog().map_err(BackendError::Denied)?;
    let in_use = backend.in_use();
    let mut conn = backend.db().pool.acquire().await.map_err(storage)?;
    let Some(draft) = stored(&mut conn).await.map_err(storage)? else {
        return Ok(CatalogDraftView {
            version_in_use: in_use.catalog.version.clone(),
            draft: None,
        });
    };
    let based_on: String =
        sqlx::query_scalar("SELECT version FROM catalog_versions WHERE hash = $1")
            .bind(&draft.base_hash)
            .fetch_optional(&mut *conn)
            .await
            .map_err(storage)?
            .unwrap_or_else(|| draft.base_hash.clone());
    let versions: Vec<String> = sqlx::query_scalar("SELECT version FROM catalog_versions")
        .fetch_all(&mut *conn)
        .await
        .map_err(storage)?;
    drop(conn);
    let catalog =
        Catalog::from_json(&draft.body).map_err(|e| BackendError::Storage(e.to_string()))?;
    let problems = match workbook::import_json(&draft.body) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ImportError::as_text).collect(),
    };
    let today = backend.clock().today().to_string().replace('-', ".");
    let suggested_version = (1..)
        .map(|n| format!("{today}.{n}"))
        .find(|v| !versions.contains(v))
        .unwrap_or_default();
    let editing = catalog.item(item);
    let needle = find.to_lowercase();
    let found = if needle.is_empty() {
        Vec::new()
    } else {
        catalog
            .items
            .iter()
            .filter(|i| {
                i.id.to_lowercase().contains(&needle)
                    || i.name.zh.contains(find)
                    || i.name.en.to_lowercase().contains(&needle)
            })
            .take(FOUND)
            .map(row)
            .collect()
    };
    Ok(CatalogDraftView {
        version_in_use: in_use.catalog.version.clone(),
        draft: Some(DraftCatalog {
            based_on,
            behind: draft.base_hash != in_use.hash,
            updated_by: draft.updated_by,
            updated_at: app::pages::part::format_millis(draft.updated_at),
            items: catalog.items.len() as u32,
            changes: changes(&in_use.catalog, &catalog)
                .into_iter()
                .map(|c| c.what)
                .collect(),
            problems,
            suggested_version,
            found,
            editing: editing.map(|i| editing_row(&catalog, i)),
            other_materials: editing
                .map(|i| {
                    catalog
                        .materials
                        .iter()
                        .filter(|m| !i.materials.iter().any(|u| u.key == m.key))
                        .map(|m| (m.key.clone(), m.name.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            other_fields: editing
                .map(|i| {
                    catalog
                        .fields
                        .iter()
                        .filter(|f| !i.fields.iter().any(|u| u.key == f.key))
                        .map(|f| (f.key.clone(), f.label.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            produced: {
                let mut keys: Vec<&String> =
                    catalog.items.iter().flat_map(|i| &i.produces).collect();
                keys.sort();
                keys.dedup();
                keys.into_iter()
                    .filter_map(|k| catalog.material(k))
                    .map(|m| (m.key.clone(), m.name.clone()))
                    .collect()
            },
            editing_use: editing.and_then(|i| use_limits(&catalog, i, field)),
            life_events: catalog
                .life_events
                .iter()
                .map(|l| (l.id.clone(), l.name.clone()))
                .collect(),
            sections: catalog
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.title.clone()))
                .collect(),
            date_fields: catalog
                .fields
                .iter()
                .filter(|f| f.kind == app::engine::catalog::FieldKind::Date)
                .map(|f| (f.key.clone(), f.label.clone()))
                .collect(),
            departments: catalog
                .departments
                .iter()
                .map(|d| (d.id.clone(), d.name.clone()))
                .collect(),
        }),
    })
}
