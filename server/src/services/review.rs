//! The back office: department queues, a part as its reviewer sees it, and the moves that
//! decide it. Who may do what is decided here from the `Caller`; what may happen to a part is
//! the engine's state machine (`engine::workflow`). Every change is one transaction: the part
//! (only if nobody changed it since it was read), its history, the audit entry and the citizen's
//! notification.

use std::collections::BTreeMap;

use app::api::backend::BackendError;
use app::api::caller::{Caller, Denied};
use app::api::*;
use app::engine::workflow::MAX_NOTE_CHARS;
use app::engine::{
    decide, Catalog, Date, Illegal, MaterialSource, Move, PartMaterial, PartState, PartStatus,
    Text, WorkingCalendar,
};

use crate::crypto::{new_token, Keys};
use crate::db::Db;
use crate::repo::{self, PartRow};
use crate::services::storage;

/// Parts per queue page.
pub const PAGE_SIZE: u32 = 50;

/// Working days ahead that count as "due soon" in queues.
const SOON_DAYS: u32 = 2;

fn corrupt(what: &str) -> BackendError {
    tracing::error!(what, "stored row does not parse");
    BackendError::Storage(format!("stored {what} does not parse"))
}

pub fn date(s: &str) -> Result<Date, BackendError> {
    Date::parse_iso(s).ok_or_else(|| corrupt("date"))
}

pub fn status(s: &str) -> Result<PartStatus, BackendError> {
    PartStatus::parse(s).ok_or_else(|| corrupt("status"))
}

pub fn department_name(catalog: &Catalog, id: &str) -> Text {
    catalog
        .department(id)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| Text::new(id, id))
}

pub fn urgency(status: PartStatus, due: Date, today: Date, calendar: &WorkingCalendar) -> Urgency {
    if !status.is_open() {
        Urgency::Stopped
    } else if due < today {
        Urgency::Overdue
    } else if due <= calendar.add_working_days(today, SOON_DAYS) {
        Urgency::DueSoon
    } else {
        Urgency::OnTime
    }
}

pub fn correction_of(row: &PartRow) -> Option<CorrectionRequest> {
    row.correction
        .as_deref()
        .and_then(|c| serde_json::from_str(c).ok())
}

pub fn materials_of(row: &PartRow) -> Result<Vec<PartMaterial>, BackendError> {
    serde_json::from_str(&row.materials).map_err(|_| corrupt("materials"))
}

/// What a history entry says, from its action and the status it led to.
pub fn event_text(action: &str, catalog: &Catalog, department: Option<&str>) -> Text {
    match action {
        "submit" => Text::new("已提交，分送部门", "Submitted and sent to the department"),
        "accept" => Text::new(
            "已受理，开始计算办理时限",
            "Accepted: the working-day clock runs",
        ),
        "request_correction" => Text::new(
            "请申请人补正（办理时限暂停）",
            "Corrections requested from the applicant (the clock is paused)",
        ),
        "answer_correction" => Text::new(
            "申请人已补正，办理时限恢复",
            "The applicant sent the corrections: the clock runs again",
        ),
        "approve" => Text::new("已办结", "Approved"),
        "refuse" => Text::new("不予办理", "Refused"),
        "transfer" => {
            let to = department.map(|d| department_name(catalog, d));
            match to {
                Some(to) => Text::new(
                    format!("转交{}办理", to.zh),
                    format!("Transferred to {}", to.en),
                ),
                None => Text::new("转交其他部门办理", "Transferred to another department"),
            }
        }
        other => Text::new(other, other),
    }
}

/// A department's queue page. Reviewers of the department, managers and administrators.
/// The most parts one search lists (a person with more is asked about by number).
const FOUND_AT_MOST: i64 = 200;

/// One person's parts by the keyed hash of their ID number, as far as the caller may see them:
/// a reviewer their department's, window staff every part's status (what tracking by number
/// shows), managers and administrators everything. Names stay masked.
pub async fn find_by_applicant(
    db: &Db,
    catalog: &Catalog,
    caller: &Caller,
    key: &str,
) -> Result<Vec<FoundPart>, BackendError> {
    let staff = caller
        .may_search_applicants()
        .map_err(BackendError::Denied)?;
    // A keyed hash is 64 hex digits; anything else matches nobody.
    if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Vec::new());
    }
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let rows = repo::parts_of_applicant(&mut conn, &key.to_ascii_lowercase(), FOUND_AT_MOST)
        .await
        .map_err(storage)?;
    rows.iter()
        .filter(|p| {
            staff.role != Role::Reviewer || caller.may_work_department(&p.department_id).is_ok()
        })
        .map(|p| {
            Ok(FoundPart {
                part: p.id.clone(),
                number: p.application_number.clone(),
                item: catalog.item_name(&p.item_id),
                department: department_name(catalog, &p.department_id),
                status: status(&p.status)?,
                submitted_on: date(&p.submitted_on)?,
                due: date(&p.due_on)?,
                applicant: p.applicant_masked.clone(),
                can_open: caller.may_work_department(&p.department_id).is_ok(),
            })
        })
        .collect()
}

pub async fn queue(
    db: &Db,
    catalog: &Catalog,
    calendar: &WorkingCalendar,
    caller: &Caller,
    query: QueueQuery,
    today: Date,
) -> Result<Option<DepartmentQueue>, BackendError> {
    caller
        .may_work_department(&query.department)
        .map_err(BackendError::Denied)?;
    let Some(department) = catalog.department(&query.department) else {
        return Ok(None);
    };
    // An item filter names one of this department's items, or nothing.
    let items: Vec<(String, Text)> = catalog
        .items
        .iter()
        .filter(|i| i.department == department.id)
        .map(|i| (i.id.clone(), i.name.clone()))
        .collect();
    let item = query
        .item
        .clone()
        .filter(|id| items.iter().any(|(i, _)| i == id));
    let soon = calendar.add_working_days(today, SOON_DAYS);
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let counts = repo::queue_counts(
        &mut conn,
        &department.id,
        item.as_deref(),
        &today.to_string(),
        &soon.to_string(),
    )
    .await
    .map_err(storage)?;
    let counts_by_status: Vec<(PartStatus, u64)> = PartStatus::ALL
        .into_iter()
        .map(|s| {
            let n = counts
                .by_status
                .iter()
                .find(|(code, _)| code == s.code())
                .map_or(0, |(_, n)| *n as u64);
            (s, n)
        })
        .collect();
    let matching = match query.status {
        Some(s) => counts_by_status
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, n)| *n),
        None => counts_by_status.iter().map(|(_, n)| n).sum(),
    };
    let pages = (matching.div_ceil(PAGE_SIZE as u64) as u32).max(1);
    let page = query.page.clamp(1, pages);
    let rows = repo::queue_page(
        &mut conn,
        &repo::QueueFilter {
            department: &department.id,
            status: query.status.map(|s| s.code()),
            item: item.as_deref(),
            limit: PAGE_SIZE as i64,
            offset: ((page - 1) * PAGE_SIZE) as i64,
        },
    )
    .await
    .map_err(storage)?;
    let entries = rows
        .iter()
        .map(|p| {
            let st = status(&p.status)?;
            let due = date(&p.due_on)?;
            let submitted_on = date(&p.submitted_on)?;
            Ok(QueueEntry {
                part: p.id.clone(),
                number: p.application_number.clone(),
                item: catalog.item_name(&p.item_id),
                status: st,
                submitted_on,
                due,
                urgency: urgency(st, due, today, calendar),
                provisional: !calendar.covers(submitted_on, due),
                applicant: p.applicant_masked.clone(),
            })
        })
        .collect::<Result<Vec<_>, BackendError>>()?;
    Ok(Some(DepartmentQueue {
        id: department.id.clone(),
        name: department.name.clone(),
        counts: counts_by_status,
        overdue: counts.overdue as u64,
        due_soon: counts.due_soon as u64,
        query: QueueQuery {
            department: department.id.clone(),
            status: query.status,
            item,
            page,
        },
        matching,
        pages,
        entries,
        items,
        may_decide: caller.may_decide_part(&department.id).is_ok(),
    }))
}

/// The moves that exist from a status (the page offers only these; the server decides anyway).
fn moves_from(status: PartStatus) -> Vec<String> {
    let codes: &[&str] = match status {
        PartStatus::Submitted => &["accept", "request_correction", "refuse", "transfer"],
        PartStatus::Accepted => &["approve", "request_correction", "refuse"],
        _ => &[],
    };
    codes.iter().map(|c| c.to_string()).collect()
}

/// A part as its reviewer works it: its own fields and materials, the applicant's basics, the
/// other parts by department and status only, its history and audit trail.
pub async fn detail(
    db: &Db,
    keys: &Keys,
    catalog: &Catalog,
    calendar: &WorkingCalendar,
    caller: &Caller,
    id: &str,
    today: Date,
) -> Result<Option<PartDetail>, BackendError> {
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let Some(row) = repo::part(&mut conn, id).await.map_err(storage)? else {
        // Only staff learn that a part does not exist.
        caller
            .may_list_departments()
            .map_err(BackendError::Denied)?;
        return Ok(None);
    };
    caller
        .may_work_department(&row.department_id)
        .map_err(BackendError::Denied)?;
    let st = status(&row.status)?;
    let due = date(&row.due_on)?;
    let application = repo::application_content(&mut conn, &row.application_number)
        .await
        .map_err(storage)?
        .ok_or_else(|| corrupt("application"))?;
    let answers: BTreeMap<String, String> =
        serde_json::from_str(&application.answers).map_err(|_| corrupt("answers"))?;
    let answers = crate::services::drafts::open_answers(keys, answers);
    let part_fields: BTreeMap<String, String> =
        serde_json::from_str(&row.fields).map_err(|_| corrupt("fields"))?;
    let part_fields = crate::services::drafts::open_answers(keys, part_fields);
    let fields = part_fields
        .into_iter()
        .map(|(key, value)| {
            let def = catalog.field(&key);
            let label = def.map_or_else(|| Text::new(&key, &key), |f| f.label.clone());
            // A choice shows its label, not its stored value.
            let value = def
                .and_then(|f| f.options.iter().find(|o| o.value == value))
                .map_or(value.clone(), |o| {
                    format!("{} / {}", o.label.zh, o.label.en)
                });
            FieldValue { key, label, value }
        })
        .collect();
    let materials = materials_of(&row)?
        .into_iter()
        .map(|m| MaterialEntry {
            name: catalog
                .material(&m.key)
                .map_or_else(|| Text::new(&m.key, &m.key), |d| d.name.clone()),
            view: match m.source {
                MaterialSource::Upload(f) => MaterialView::File {
                    file_name: f.file_name,
                    media_type: f.media_type,
                },
                MaterialSource::ECertificate => MaterialView::ECertificate,
                MaterialSource::ProducedBy { by } => {
                    MaterialView::ProducedBy(catalog.item_name(&by))
                }
                MaterialSource::AtCounter => MaterialView::AtCounter,
                MaterialSource::NotGiven => MaterialView::NotGiven,
            },
            key: m.key,
        })
        .collect();
    let siblings = repo::parts_of(&mut conn, &row.application_number)
        .await
        .map_err(storage)?;
    let depends: Vec<String> = serde_json::from_str(&row.depends_on).unwrap_or_default();
    let sibling = |p: &PartRow| -> Result<SiblingPart, BackendError> {
        Ok(SiblingPart {
            item: catalog.item_name(&p.item_id),
            department_name: department_name(catalog, &p.department_id),
            status: status(&p.status)?,
        })
    };
    let depends_on = siblings
        .iter()
        .filter(|p| depends.contains(&p.item_id))
        .map(sibling)
        .collect::<Result<Vec<_>, _>>()?;
    let others = siblings
        .iter()
        .filter(|p| p.id != row.id)
        .map(sibling)
        .collect::<Result<Vec<_>, _>>()?;
    let history = repo::events_of_application(&mut conn, &row.application_number)
        .await
        .map_err(storage)?
        .into_iter()
        .filter(|e| e.part_id == row.id)
        .map(|e| history_entry(catalog, catalog.item_name(&row.item_id), e))
        .collect::<Result<Vec<_>, _>>()?;
    let audit = repo::audit_of_application(&mut conn, &row.application_number)
        .await
        .map_err(storage)?
        .into_iter()
        .filter(|(_, _, _, _, subject, _)| subject == &row.id || subject == &row.application_number)
        .map(|(at, actor, role, action, subject, detail)| AuditLine {
            at,
            actor: match role {
                Some(role) => format!("{actor} ({role})"),
                None => actor,
            },
            action,
            subject,
            detail,
        })
        .collect();
    let may_decide = caller.may_decide_part(&row.department_id).is_ok();
    Ok(Some(PartDetail {
        id: row.id.clone(),
        number: row.application_number.clone(),
        version: row.version,
        item: catalog.item_name(&row.item_id),
        department: row.department_id.clone(),
        department_name: department_name(catalog, &row.department_id),
        status: st,
        submitted_on: date(&row.submitted_on)?,
        due,
        urgency: urgency(st, due, today, calendar),
        provisional: !calendar.covers(date(&row.submitted_on)?, due),
        catalog_version: format!(
            "{} · {}",
            application.catalog_version,
            application
                .catalog_hash
                .get(..8)
                .unwrap_or(&application.catalog_hash)
        ),
        channel: application.channel,
        applicant_name: answers.get("name").cloned().unwrap_or_default(),
        applicant_id_number: answers.get("id_number").cloned().unwrap_or_default(),
        fields,
        materials,
        depends_on,
        others,
        history,
        audit,
        correction: correction_of(&row),
        outcome: row.outcome.clone(),
        moves: if may_decide {
            moves_from(st)
        } else {
            Vec::new()
        },
        departments: catalog
            .departments
            .iter()
            .filter(|d| d.id != row.department_id)
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect(),
    }))
}

pub fn history_entry(
    catalog: &Catalog,
    item: Text,
    e: repo::PartEvent,
) -> Result<HistoryEntry, BackendError> {
    let department = e.action.strip_prefix("transfer:");
    let action = if department.is_some() {
        "transfer"
    } else {
        e.action.as_str()
    };
    Ok(HistoryEntry {
        part: e.part_id.clone(),
        item,
        on: date(&e.on_day)?,
        what: event_text(action, catalog, department),
        note: e.note,
    })
}

/// Why an action was not done. Nothing changed in any of these cases.
#[derive(Debug)]
pub enum ActError {
    Denied(Denied),
    Unknown,
    /// The state machine refused the move.
    Illegal(Illegal),
    /// Someone changed the part since the page was loaded.
    Conflict,
    /// Input that is not a move at all (too long, unknown action or department).
    Invalid(&'static str),
    Storage(String),
}

impl ActError {
    /// The code the part page turns into a message.
    pub fn code(&self) -> &'static str {
        match self {
            ActError::Denied(_) => "denied",
            ActError::Unknown => "unknown",
            ActError::Illegal(i) => i.code(),
            ActError::Conflict => "conflict",
            ActError::Invalid(code) => code,
            ActError::Storage(_) => "unavailable",
        }
    }
}

/// A move as the reviewer's form posts it, before it is trusted.
#[derive(Debug, Default)]
pub struct MoveForm {
    pub action: String,
    pub version: String,
    pub result: String,
    pub reason: String,
    pub to: String,
    pub fields: Vec<String>,
    pub materials: Vec<String>,
}

impl MoveForm {
    /// From the form's pairs (`fields` and `materials` repeat, one per ticked box).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> MoveForm {
        let mut form = MoveForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "action" => form.action = v,
                "version" => form.version = v,
                "result" => form.result = v,
                "reason" => form.reason = v,
                "to" => form.to = v,
                "fields" => form.fields.push(v),
                "materials" => form.materials.push(v),
                _ => {}
            }
        }
        form
    }

    /// The version read and the move, or why the form is not one.
    pub fn parse(self) -> Result<(i64, Move), ActError> {
        let version = self
            .version
            .trim()
            .parse::<i64>()
            .map_err(|_| ActError::Invalid("version"))?;
        let note = |s: String| -> Result<String, ActError> {
            let s = s.trim().to_string();
            if s.chars().count() > MAX_NOTE_CHARS {
                Err(ActError::Invalid("too_long"))
            } else {
                Ok(s)
            }
        };
        let mv = match self.action.as_str() {
            "accept" => Move::Accept,
            "request_correction" => Move::RequestCorrection {
                fields: self.fields,
                materials: self.materials,
                reason: note(self.reason)?,
            },
            "approve" => Move::Approve {
                result: note(self.result)?,
            },
            "refuse" => Move::Refuse {
                reason: note(self.reason)?,
            },
            "transfer" => Move::Transfer {
                to: self.to.trim().to_string(),
                reason: note(self.reason)?,
            },
            _ => return Err(ActError::Invalid("action")),
        };
        Ok((version, mv))
    }
}

pub fn state_of(row: &PartRow, materials: &[PartMaterial]) -> Result<PartState, BackendError> {
    let fields: BTreeMap<String, String> =
        serde_json::from_str(&row.fields).map_err(|_| corrupt("fields"))?;
    Ok(PartState {
        status: status(&row.status)?,
        department: row.department_id.clone(),
        accepted: row.accepted,
        committed_days: row.committed_days.max(0) as u32,
        clock_from: row.clock_from.as_deref().map(date).transpose()?,
        days_used: row.days_used.max(0) as u32,
        due: date(&row.due_on)?,
        fields: fields.into_keys().collect(),
        materials: materials.iter().map(|m| m.key.clone()).collect(),
    })
}

/// Everything a change needs from the server around it.
pub struct ActEnv<'a> {
    pub db: &'a Db,
    pub keys: &'a Keys,
    /// The catalog version in use when the request came.
    pub catalog: std::sync::Arc<Catalog>,
    /// The calendar when the request came (a save meanwhile does not change it mid-move).
    pub calendar: std::sync::Arc<crate::services::calendar::CalendarNow>,
    pub sms: &'a dyn crate::notify::SmsSender,
    pub today: Date,
    pub now_millis: i64,
    pub client: &'a str,
    /// Wakes this instance's dispatcher when a change leaves something to deliver.
    pub dispatch_wake: &'a tokio::sync::Notify,
}

/// A reviewer's move on a part, decided on the server: only a reviewer of the part's
/// department, only a move the state machine allows, only on the version the reviewer saw.
pub async fn act(
    env: &ActEnv<'_>,
    caller: &Caller,
    part_id: &str,
    version: i64,
    mv: Move,
) -> Result<PartStatus, ActError> {
    let mut conn = env.db.pool.acquire().await.map_err(act_storage)?;
    let Some(row) = repo::part(&mut conn, part_id).await.map_err(act_storage)? else {
        caller.may_list_departments().map_err(ActError::Denied)?;
        return Err(ActError::Unknown);
    };
    drop(conn);
    caller
        .may_decide_part(&row.department_id)
        .map_err(ActError::Denied)?;
    if row.version != version {
        return Err(ActError::Conflict);
    }
    apply(env, &Actor::Caller(caller), row, mv).await
}

/// A move reported by a department's own system through its signed callback: only on parts
/// of its department (any other part is unknown to it), only the moves the state machine
/// allows; the version is checked when the system sends it.
pub async fn act_as_receiver(
    env: &ActEnv<'_>,
    receiver: &str,
    department: &str,
    part_id: &str,
    version: Option<i64>,
    mv: Move,
) -> Result<PartStatus, ActError> {
    let mut conn = env.db.pool.acquire().await.map_err(act_storage)?;
    let row = repo::part(&mut conn, part_id)
        .await
        .map_err(act_storage)?
        .filter(|row| row.department_id == department)
        .ok_or(ActError::Unknown)?;
    drop(conn);
    if version.is_some_and(|v| v != row.version) {
        return Err(ActError::Conflict);
    }
    apply(env, &Actor::Receiver(receiver), row, mv).await
}

fn act_storage(e: sqlx::Error) -> ActError {
    tracing::error!(error = %e, "part action failed");
    ActError::Storage(e.to_string())
}

/// Who changed a part, as the audit log names them.
pub enum Actor<'a> {
    Caller(&'a Caller),
    /// A department's own system (the receiver's id), through its signed callback.
    Receiver(&'a str),
}

impl Actor<'_> {
    fn audit_name(&self) -> (String, Option<&'static str>) {
        match self {
            Actor::Caller(Caller::Staff(s)) => (s.id.clone(), Some(s.role.code())),
            Actor::Caller(other) => (other.owner().unwrap_or("anonymous").to_string(), None),
            Actor::Receiver(id) => (format!("receiver:{id}"), Some("system")),
        }
    }
}

/// Decides and writes a move on `row` (read before, checked for who may and which version):
/// the part only if nobody changed it since, its history, the audit entry, the notification,
/// an e-certificate for what an approval produces, a new delivery when it moves department.
async fn apply(
    env: &ActEnv<'_>,
    actor: &Actor<'_>,
    row: PartRow,
    mv: Move,
) -> Result<PartStatus, ActError> {
    let storage = act_storage;
    let backend_error = |e: BackendError| ActError::Storage(e.to_string());
    // Read and decide outside the transaction, then write with the version check: the write
    // transaction starts with its UPDATE, so on SQLite it takes the write lock first (a read
    // that later upgrades can fail at once when another writer holds it).
    if let Move::Transfer { to, .. } = &mv {
        if env.catalog.department(to).is_none() {
            return Err(ActError::Invalid("transfer_to"));
        }
    }
    let materials = materials_of(&row).map_err(backend_error)?;
    let state = state_of(&row, &materials).map_err(backend_error)?;
    // Prerequisites inside the bundle keep their order: what this part depends on is approved
    // first.
    let depends: Vec<String> = serde_json::from_str(&row.depends_on).unwrap_or_default();
    let unmet: Vec<Text> = if depends.is_empty() {
        Vec::new()
    } else {
        let mut conn = env.db.pool.acquire().await.map_err(storage)?;
        repo::parts_of(&mut conn, &row.application_number)
            .await
            .map_err(storage)?
            .iter()
            .filter(|p| depends.contains(&p.item_id) && p.status != PartStatus::Approved.code())
            .map(|p| env.catalog.item_name(&p.item_id))
            .collect()
    };
    let next =
        decide(&state, &mv, env.today, &env.calendar.working, &unmet).map_err(ActError::Illegal)?;

    let (correction, outcome, note) = match &mv {
        Move::RequestCorrection {
            fields,
            materials,
            reason,
        } => (
            Some(
                serde_json::to_string(&CorrectionRequest {
                    fields: fields.clone(),
                    materials: materials.clone(),
                    reason: reason.clone(),
                })
                .expect("serialises"),
            ),
            None,
            reason.clone(),
        ),
        Move::Approve { result } => (None, Some(result.clone()), result.clone()),
        Move::Refuse { reason } => (None, Some(reason.clone()), reason.clone()),
        Move::Transfer { reason, .. } => (None, None, reason.clone()),
        Move::Accept | Move::Answer => (None, None, String::new()),
    };
    let decided = next.status.is_final().then(|| env.today.to_string());
    let mut tx = env.db.begin().await.map_err(storage)?;
    let changed = write_state(
        &mut tx,
        &row,
        &next,
        correction.as_deref(),
        outcome.as_deref(),
        decided.as_deref(),
        env.now_millis,
    )
    .await
    .map_err(storage)?;
    if !changed {
        return Err(ActError::Conflict);
    }
    // An approval that produces a decision or licence issues it as an e-certificate: the
    // applicant's next bundle is exempt from handing it in.
    if next.status == PartStatus::Approved {
        let produces = env
            .catalog
            .item(&row.item_id)
            .map(|i| i.produces.clone())
            .unwrap_or_default();
        if let Some(holder) = &row.applicant_key {
            for material in &produces {
                repo::issue_certificate(&mut tx, holder, material, &row.id, env.now_millis)
                    .await
                    .map_err(storage)?;
            }
        }
    }
    // A part that moves to another department is delivered there, as one submitted there.
    let moved = next.department != row.department_id;
    let waits = moved
        && crate::dispatch::store::insert(
            &mut tx,
            &format!("{}-v{}", row.id, row.version + 1),
            &row.id,
            &next.department,
            env.now_millis,
        )
        .await
        .map_err(storage)?;
    let notice = record(&mut tx, env, actor, &row, &mv, state.status, &next, &note)
        .await
        .map_err(storage)?;
    tx.commit().await.map_err(storage)?;
    tracing::info!(part = %row.id, action = mv.code(), to = next.status.code(), "part changed");
    if waits {
        env.dispatch_wake.notify_one();
    }
    send_sms(env, &row, notice).await;
    Ok(next.status)
}

/// Writes a part's new workflow state, only if nobody changed it since `row` was read.
pub async fn write_state(
    conn: &mut sqlx::AnyConnection,
    row: &PartRow,
    next: &PartState,
    correction: Option<&str>,
    outcome: Option<&str>,
    decided_on: Option<&str>,
    now_millis: i64,
) -> Result<bool, sqlx::Error> {
    repo::change_part(
        conn,
        &repo::PartChange {
            id: &row.id,
            version: row.version,
            department_id: &next.department,
            status: next.status.code(),
            due_on: &next.due.to_string(),
            accepted: next.accepted,
            clock_from: next.clock_from.map(|d| d.to_string()).as_deref(),
            days_used: next.days_used as i64,
            correction,
            outcome,
            decided_on,
            updated_at: now_millis,
        },
    )
    .await
}

/// After a change is committed: the applicant's notification by SMS too, to the mobile number
/// the application gave. A failure here changes nothing (the notification is on their pages).
pub async fn send_sms(env: &ActEnv<'_>, row: &PartRow, notice: Option<Text>) {
    let Some(text) = notice else {
        return;
    };
    let phone = async {
        let mut conn = env.db.pool.acquire().await.ok()?;
        let content = repo::application_content(&mut conn, &row.application_number)
            .await
            .ok()??;
        let answers: BTreeMap<String, String> = serde_json::from_str(&content.answers).ok()?;
        crate::services::drafts::open_answers(env.keys, answers).remove("phone")
    }
    .await;
    if let Some(phone) = phone {
        env.sms.send(&phone, &text);
    }
}

/// The history entry, the audit entry and the applicant's notification for one change; returns
/// the notification's text, for the SMS sent once the change is committed.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    env: &ActEnv<'_>,
    actor: &Actor<'_>,
    row: &PartRow,
    mv: &Move,
    from: PartStatus,
    next: &PartState,
    note: &str,
) -> Result<Option<Text>, sqlx::Error> {
    let action = match mv {
        Move::Transfer { to, .. } => format!("transfer:{to}"),
        other => other.code().to_string(),
    };
    repo::insert_part_event(
        conn,
        &new_token(),
        &repo::PartEvent {
            part_id: row.id.clone(),
            at: env.now_millis,
            on_day: env.today.to_string(),
            action: action.clone(),
            from_status: Some(from.code().to_string()),
            to_status: next.status.code().to_string(),
            note: note.to_string(),
        },
    )
    .await?;
    let (actor, role) = actor.audit_name();
    repo::append_audit(
        conn,
        &repo::AuditEntry {
            id: &new_token(),
            at: env.now_millis,
            actor: &actor,
            role,
            client: Some(env.client),
            action: &action,
            subject: &row.id,
            detail: &format!(
                "{} → {}; department {} → {}; due {} → {}{}",
                from.code(),
                next.status.code(),
                row.department_id,
                next.department,
                row.due_on,
                next.due,
                if note.is_empty() {
                    String::new()
                } else {
                    format!("; note: {note}")
                }
            ),
        },
    )
    .await?;
    let item = env.catalog.item_name(&row.item_id);
    let what = event_text(
        action.split(':').next().unwrap_or_default(),
        &env.catalog,
        action.strip_prefix("transfer:"),
    );
    let text = Text::new(
        format!("{}：{}（{}）", item.zh, what.zh, row.application_number),
        format!("{}: {} ({})", item.en, what.en, row.application_number),
    );
    // On the applicant's pages when the application is theirs; one entered at a counter belongs
    // to the window staff member's session, so its applicant hears by SMS only.
    if let Some(owner) = row.owner.as_deref().filter(|o| !o.starts_with("staff:")) {
        repo::insert_notification(
            conn,
            &new_token(),
            owner,
            &row.application_number,
            env.now_millis,
            &text.zh,
            &text.en,
        )
        .await?;
    }
    Ok(Some(text))
}
