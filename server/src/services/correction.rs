//! Answering a correction request (补正): the applicant gives again only the fields and materials
//! the reviewer asked for, for that part alone; the part returns to its reviewer and the clock
//! runs again. Nothing else of the application is re-submitted. A try with mistakes is kept
//! (what was typed, sealed where sensitive, and the files that were fine) so nothing is lost.

use std::collections::{BTreeMap, BTreeSet};

use app::api::backend::BackendError;
use app::api::caller::Caller;
use app::api::{CorrectionContext, CorrectionRequest};
use app::engine::part::FileRef;
use app::engine::{
    check_field, compose, decide, Catalog, Date, FieldErrors, MaterialSource, MergedField, Move,
    PartMaterial, PartStatus, Text,
};
use serde::{Deserialize, Serialize};

use crate::crypto::Keys;
use crate::db::Db;
use crate::repo::{self, PartRow};
use crate::services::drafts::{open_answers, seal_answers};
use crate::services::materials::{check_file, clean_file_name, error_key, Incoming};
use crate::services::review::{self, materials_of, ActEnv};
use crate::services::{json, storage};

/// The correction as stored with the part: the request, and the applicant's last try.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Stored {
    #[serde(flatten)]
    pub request: CorrectionRequest,
    /// Values typed in the last try (sensitive ones sealed).
    #[serde(default)]
    pub staged: BTreeMap<String, String>,
    /// Files that were fine in the last try, by material.
    #[serde(default)]
    pub files: BTreeMap<String, FileRef>,
    #[serde(default)]
    pub errors: FieldErrors,
}

fn stored_of(row: &PartRow) -> Option<Stored> {
    row.correction
        .as_deref()
        .and_then(|c| serde_json::from_str(c).ok())
}

/// The fields asked for, as the merged form for this item alone shows them.
fn asked_fields(catalog: &Catalog, item: &str, keys: &[String]) -> Vec<MergedField> {
    let Ok(bundle) = compose(
        catalog,
        &[item.to_string()],
        &BTreeMap::new(),
        &BTreeSet::new(),
    ) else {
        return Vec::new();
    };
    keys.iter()
        .filter_map(|k| bundle.form.field(k).cloned())
        .map(|mut f| {
            // Asked for explicitly: shown, and never filled in from another answer here.
            f.shown = true;
            f.derived = None;
            f
        })
        .collect()
}

/// The part, if it is the caller's and waits for their correction.
async fn own_waiting_part(
    db: &Db,
    caller: &Caller,
    part: &str,
) -> Result<Option<(PartRow, Stored)>, BackendError> {
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let Some(row) = repo::part(&mut conn, part).await.map_err(storage)? else {
        return Ok(None);
    };
    caller
        .may_open_own(row.owner.as_deref())
        .map_err(BackendError::Denied)?;
    if row.status != PartStatus::CorrectionRequested.code() {
        return Ok(None);
    }
    Ok(stored_of(&row).map(|s| (row, s)))
}

/// The materials a waiting correction asks of the caller, looked up before the post's body is
/// read: nothing of someone else's part, or of a part not waiting, is read at all.
pub async fn asked_materials(
    db: &Db,
    caller: &Caller,
    part: &str,
) -> Result<Option<Vec<String>>, BackendError> {
    Ok(own_waiting_part(db, caller, part)
        .await?
        .map(|(_, stored)| stored.request.materials))
}

pub async fn context(
    db: &Db,
    keys: &Keys,
    catalog: &Catalog,
    caller: &Caller,
    part: &str,
) -> Result<Option<CorrectionContext>, BackendError> {
    let Some((row, stored)) = own_waiting_part(db, caller, part).await? else {
        return Ok(None);
    };
    // Last try's values first, else what the part holds now.
    let current: BTreeMap<String, String> =
        open_answers(keys, serde_json::from_str(&row.fields).unwrap_or_default());
    let staged = open_answers(keys, stored.staged.clone());
    let values = stored
        .request
        .fields
        .iter()
        .map(|k| {
            let v = staged.get(k).or_else(|| current.get(k)).cloned();
            (k.clone(), v.unwrap_or_default())
        })
        .collect();
    Ok(Some(CorrectionContext {
        part: row.id.clone(),
        number: row.application_number.clone(),
        item: catalog.item_name(&row.item_id),
        department_name: review::department_name(catalog, &row.department_id),
        reason: stored.request.reason.clone(),
        fields: asked_fields(catalog, &row.item_id, &stored.request.fields),
        values,
        errors: stored.errors.clone(),
        materials: stored
            .request
            .materials
            .iter()
            .map(|k| {
                let name = catalog
                    .material(k)
                    .map_or_else(|| Text::new(k, k), |m| m.name.clone());
                (
                    k.clone(),
                    name,
                    stored.files.get(k).map(|f| f.file_name.clone()),
                )
            })
            .collect(),
    }))
}

pub enum Answered {
    /// The part is back with its reviewer; the application's number.
    Done(String),
    /// Kept with messages: the correction page shows them.
    Invalid,
    /// Not the caller's part, or no correction waiting.
    Unknown,
}

/// The applicant's answer: values by field key and files by material key, judged here.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    env: &ActEnv<'_>,
    sensitive: &BTreeSet<String>,
    caller: &Caller,
    part: &str,
    given: &BTreeMap<String, String>,
    files: Vec<Incoming>,
    mut errors: FieldErrors,
    today: Date,
) -> Result<Answered, BackendError> {
    let keys = env.keys;
    let Some((row, mut stored)) = own_waiting_part(env.db, caller, part).await? else {
        return Ok(Answered::Unknown);
    };
    // Fields: only those asked for, each checked by the engine as the merged form checks it.
    let fields = asked_fields(&env.catalog, &row.item_id, &stored.request.fields);
    let mut values = BTreeMap::new();
    for field in &fields {
        let value = given
            .get(&field.key)
            .map(|v| v.trim().to_string())
            .unwrap_or_default();
        if let Err(message) = check_field(field, &value, today) {
            errors.insert(field.key.clone(), message);
        }
        values.insert(field.key.clone(), value);
    }
    // Files: only for materials asked for; each stored once by content, as in the form.
    let mut conn = env.db.writer.acquire().await.map_err(storage)?;
    for file in files {
        if !stored.request.materials.contains(&file.material) {
            continue;
        }
        match check_file(&file.bytes) {
            Ok(media_type) => {
                repo::insert_upload(
                    &mut conn,
                    &file.hash,
                    media_type,
                    &file.bytes,
                    env.now_millis,
                )
                .await
                .map_err(storage)?;
                stored.files.insert(
                    file.material.clone(),
                    FileRef {
                        hash: file.hash.clone(),
                        file_name: clean_file_name(&file.file_name),
                        media_type: media_type.to_string(),
                    },
                );
            }
            Err(message) => {
                errors.insert(error_key(&file.material), message);
            }
        }
    }
    for key in &stored.request.materials {
        if !stored.files.contains_key(key) && !errors.contains_key(&error_key(key)) {
            let name = env
                .catalog
                .material(key)
                .map_or_else(|| Text::new(key, key), |m| m.name.clone());
            errors.insert(
                error_key(key),
                Text::new(
                    format!("请上传“{}”。", name.zh),
                    format!("Upload the “{}”.", name.en),
                ),
            );
        }
    }
    if !errors.is_empty() {
        stored.staged = seal_answers(keys, sensitive, &values);
        stored.errors = errors;
        repo::keep_correction_try(&mut conn, &row.id, &json(&stored))
            .await
            .map_err(storage)?;
        return Ok(Answered::Invalid);
    }

    // All fine: the part's fields and materials take the corrections, and it moves on.
    let mut part_fields: BTreeMap<String, String> =
        open_answers(keys, serde_json::from_str(&row.fields).unwrap_or_default());
    part_fields.extend(values);
    let mut materials: Vec<PartMaterial> = materials_of(&row)?;
    for m in &mut materials {
        if let Some(file) = stored.files.get(&m.key) {
            m.source = MaterialSource::Upload(file.clone());
        }
    }
    let state = review::state_of(&row, &materials)?;
    let next = decide(&state, &Move::Answer, today, &env.calendar.working, &[])
        .map_err(|e| BackendError::Storage(format!("answer refused: {e:?}")))?;
    drop(conn);
    let mut tx = env.db.begin().await.map_err(storage)?;
    let changed = review::write_state(&mut tx, &row, &next, None, None, None, env.now_millis)
        .await
        .map_err(storage)?;
    if !changed {
        // Answered twice at once: the first answer stands.
        return Ok(Answered::Done(row.application_number));
    }
    repo::replace_part_content(
        &mut tx,
        &row.id,
        &json(&seal_answers(keys, sensitive, &part_fields)),
        &json(&materials),
    )
    .await
    .map_err(storage)?;
    let note = stored
        .request
        .fields
        .iter()
        .chain(&stored.request.materials)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    // A department that runs its own system receives the corrected part again (a new delivery:
    // its version and status say it is the answer).
    let waits = crate::dispatch::store::insert(
        &mut tx,
        &format!("{}-v{}", row.id, row.version + 1),
        &row.id,
        &row.department_id,
        env.now_millis,
    )
    .await
    .map_err(storage)?;
    let notice = review::record(
        &mut tx,
        env,
        &review::Actor::Caller(caller),
        &row,
        &Move::Answer,
        state.status,
        &next,
        &format!("corrected: {note}"),
    )
    .await
    .map_err(storage)?;
    tx.commit().await.map_err(storage)?;
    if waits {
        env.dispatch_wake.notify_one();
    }
    review::send_sms(env, &row, notice).await;
    Ok(Answered::Done(row.application_number))
}
