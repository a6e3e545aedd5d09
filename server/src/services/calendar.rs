//! The working-day calendar as data. Each year's notice is a row; the notices the product ships
//! with (`catalog/calendar.json`) fill the years an administrator has not entered. An
//! administrator's save is checked completely by the engine (`parse_notice`), stored with its
//! audit entry in one transaction, and used at once by this instance; other instances pick it
//! up at their next sweep (`AppBackend::refresh_calendar`).

use std::sync::Arc;

use app::api::backend::BackendError;
use app::api::caller::{Caller, Denied};
use app::api::{CalendarOverview, CalendarYearView};
use app::engine::calendar::{parse_notice, CalendarYear, NoticeError, WorkingCalendar};
use app::engine::{Date, Text};
use sqlx::Row;

use crate::backend::AppBackend;
use crate::db::Db;
use crate::services::storage;

/// The calendar deadlines are counted on now: replaced whole when a year changes, so a request
/// never sees half of a change.
#[derive(Debug)]
pub struct CalendarNow {
    /// As stored, for the form page's island and the administrators' page.
    pub years: Vec<CalendarYear>,
    pub working: WorkingCalendar,
}

impl CalendarNow {
    pub fn new(years: Vec<CalendarYear>) -> Arc<CalendarNow> {
        Arc::new(CalendarNow {
            working: WorkingCalendar::from_years(years.clone()),
            years,
        })
    }
}

/// Who stored the shipped notices.
const SEED: &str = "seed";

/// Stores the shipped notices for the years not stored yet (never over a stored year).
pub async fn seed(db: &Db, years: &[CalendarYear], now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for y in years {
        let body = serde_json::to_string(y).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO calendar_years (year, body, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (year) DO NOTHING",
        )
        .bind(i64::from(y.year))
        .bind(body)
        .bind(now)
        .bind(SEED)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

struct Stored {
    year: CalendarYear,
    updated_at: i64,
    updated_by: String,
}

async fn stored(db: &Db) -> Result<Vec<Stored>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT body, updated_at, updated_by FROM calendar_years ORDER BY year DESC")
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            let body: String = r.try_get("body")?;
            let year = serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok(Stored {
                year,
                updated_at: r.try_get("updated_at")?,
                updated_by: r.try_get("updated_by")?,
            })
        })
        .collect()
}

/// Every stored year, oldest first.
pub async fn load(db: &Db) -> Result<Vec<CalendarYear>, sqlx::Error> {
    let mut years: Vec<CalendarYear> = stored(db).await?.into_iter().map(|s| s.year).collect();
    years.reverse();
    Ok(years)
}

/// The administrators' page: every year, newest first.
pub async fn overview(db: &Db, caller: &Caller) -> Result<CalendarOverview, BackendError> {
    caller.may_manage_calendar().map_err(BackendError::Denied)?;
    let years = stored(db).await.map_err(storage)?;
    Ok(CalendarOverview {
        years: years
            .into_iter()
            .map(|s| CalendarYearView {
                year: s.year.year,
                holidays: s.year.holidays.iter().map(ToString::to_string).collect(),
                workdays: s.year.workdays.iter().map(ToString::to_string).collect(),
                changed_by: s.updated_by,
                changed_on: crate::clock::date_of_millis(s.updated_at),
            })
            .collect(),
    })
}

/// The form as posted (a box left out counts as empty).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    pub year: String,
    pub holidays: String,
    pub workdays: String,
}

#[derive(Debug)]
pub enum SaveError {
    Denied(Denied),
    Invalid(Vec<NoticeError>),
    Storage(String),
}

/// Adds or replaces a year's notice; returns the year. Nothing is stored unless all of it is
/// right, and the audit entry (with what the year held before) is written in the same
/// transaction as the change.
pub async fn save(
    backend: &AppBackend,
    caller: &Caller,
    form: &NoticeForm,
    now: i64,
) -> Result<i32, SaveError> {
    caller.may_manage_calendar().map_err(SaveError::Denied)?;
    let staff = caller.needs_staff().map_err(SaveError::Denied)?;
    let actor = crate::backend::staff_actor(staff);
    let notice =
        parse_notice(&form.year, &form.holidays, &form.workdays).map_err(SaveError::Invalid)?;
    let failed = |e: sqlx::Error| {
        tracing::error!(error = %e, "saving a calendar year failed");
        SaveError::Storage(e.to_string())
    };
    store(
        backend,
        &actor,
        staff.role.code(),
        std::slice::from_ref(&notice),
        "form",
        now,
    )
    .await
    .map_err(failed)?;
    Ok(notice.year)
}

/// The largest calendar file anyone means: a century of notices is a few hundred KB.
pub const MAX_IMPORT: usize = 1024 * 1024;

/// What is wrong with an imported file: the file as a whole (`year` 0), or one year's box and
/// line, as the form would say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    pub year: String,
    pub error: Option<NoticeError>,
    pub message: Text,
}

/// Reads a calendar file — the shipped `catalog/calendar.json` format (`{"years": [...]}`) or a
/// bare list of years, each `{"year", "holidays", "workdays"}` with one entry per line of the
/// form — and checks every year as the form does. All years or none.
pub fn read_import(bytes: &[u8]) -> Result<Vec<CalendarYear>, Vec<ImportProblem>> {
    let whole = |zh: &str, en: &str| {
        vec![ImportProblem {
            year: String::new(),
            error: None,
            message: Text::new(zh, en),
        }]
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Err(whole(
            "文件不是 JSON：请上传从本页下载的日历文件，或同样格式的文件。",
            "The file is not JSON: upload the calendar file downloaded from this page, or one in the same format.",
        ));
    };
    let years = match &value {
        serde_json::Value::Array(list) => list,
        serde_json::Value::Object(map) => match map.get("years") {
            Some(serde_json::Value::Array(list)) => list,
            _ => {
                return Err(whole(
                    "文件中没有 years 列表。",
                    "The file has no list of years.",
                ))
            }
        },
        _ => {
            return Err(whole(
                "文件中没有 years 列表。",
                "The file has no list of years.",
            ))
        }
    };
    if years.is_empty() || years.len() > 100 {
        return Err(whole(
            "文件须包含1至100个年度。",
            "The file must hold from 1 to 100 years.",
        ));
    }
    let lines = |entry: &serde_json::Value, key: &str| -> String {
        match entry.get(key) {
            Some(serde_json::Value::Array(list)) => list
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Some(serde_json::Value::String(text)) => text.clone(),
            _ => String::new(),
        }
    };
    let mut notices = Vec::new();
    let mut problems = Vec::new();
    for entry in years {
        let year = match entry.get("year") {
            Some(serde_json::Value::String(y)) => y.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        match parse_notice(&year, &lines(entry, "holidays"), &lines(entry, "workdays")) {
            Ok(notice) if notices.iter().any(|n: &CalendarYear| n.year == notice.year) => problems
                .push(ImportProblem {
                    year: year.clone(),
                    error: None,
                    message: Text::new(
                        "该年度在文件中出现了两次。",
                        "This year is in the file twice.",
                    ),
                }),
            Ok(notice) => notices.push(notice),
            Err(errors) => problems.extend(errors.into_iter().map(|error| ImportProblem {
                year: year.chars().take(10).collect(),
                error: Some(error),
                message: app::pages::calendar::notice_message(
                    error.field,
                    error.line,
                    error.problem,
                ),
            })),
        }
    }
    if problems.is_empty() {
        Ok(notices)
    } else {
        Err(problems)
    }
}

/// Stores every year of a checked calendar file, audited, and recounts deadlines on them: all
/// or nothing. Returns the years.
pub async fn import(
    backend: &AppBackend,
    caller: &Caller,
    notices: &[CalendarYear],
    file: &str,
    now: i64,
) -> Result<Vec<i32>, SaveError> {
    caller.may_manage_calendar().map_err(SaveError::Denied)?;
    let staff = caller.needs_staff().map_err(SaveError::Denied)?;
    let actor = crate::backend::staff_actor(staff);
    let source = format!("file {}", file.chars().take(80).collect::<String>());
    store(backend, &actor, staff.role.code(), notices, &source, now)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "importing a calendar file failed");
            SaveError::Storage(e.to_string())
        })?;
    Ok(notices.iter().map(|n| n.year).collect())
}

/// Stores `notices` (each replacing its year), recounts the deadlines on them and audits each
/// year with what it held before, in one transaction; then this instance uses them at once.
async fn store(
    backend: &AppBackend,
    actor: &str,
    role: &'static str,
    notices: &[CalendarYear],
    source: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = backend.db().begin().await?;
    let mut audits = Vec::new();
    for notice in notices {
        let body = serde_json::to_string(notice).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT body FROM calendar_years WHERE year = $1")
                .bind(i64::from(notice.year))
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO calendar_years (year, body, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (year) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(i64::from(notice.year))
        .bind(&body)
        .bind(now)
        .bind(actor)
        .execute(&mut *tx)
        .await?;
        audits.push((notice.year, body, before));
    }
    let recounted = recount_deadlines(backend, &mut tx, notices).await?;
    for (year, body, before) in audits {
        let detail = format!(
            "now {body}; before {}; by {source}; deadlines recounted: {recounted}",
            before.as_deref().unwrap_or("nothing (provisional)")
        );
        crate::repo::append_audit(
            &mut tx,
            &crate::repo::AuditEntry {
                id: &crate::crypto::new_token(),
                at: now,
                actor,
                role: Some(role),
                client: None,
                action: "calendar_save",
                subject: &format!("calendar:{year}"),
                detail: &detail,
            },
        )
        .await?;
    }
    tx.commit().await?;
    if let Err(e) = backend.refresh_calendar().await {
        tracing::error!(error = ?e, "the saved calendar is used from the next sweep");
    }
    Ok(())
}

/// Deadlines counted on the calendar before `notices` are counted again with them in: a part whose
/// working-day clock is running, from the clock's start less the days already used (see
/// `engine::workflow`); a part still waiting for acceptance, the same number of working days
/// from the day its count began (that number read back on the calendar it was counted on):
/// the day it was handed in, or the day the citizen last answered a correction (a transfer
/// keeps the count it had). A part whose clock is stopped (a correction asked for, a decision
/// made) has no deadline running. Returns how many deadlines changed.
async fn recount_deadlines(
    backend: &AppBackend,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    notices: &[CalendarYear],
) -> Result<usize, sqlx::Error> {
    let before = backend.calendar();
    let mut years = before.years.clone();
    years.retain(|y| !notices.iter().any(|n| n.year == y.year));
    years.extend(notices.iter().cloned());
    let after = WorkingCalendar::from_years(years);
    // A count that ends before the earliest notice's first possible day does not pass through it.
    let Some(earliest) = notices.iter().map(|n| n.year).min() else {
        return Ok(0);
    };
    let first = format!("{}-12-01", earliest - 1);
    let mut recounted: Vec<(String, String)> = Vec::new();
    let running = sqlx::query(
        "SELECT id, clock_from, committed_days, days_used, due_on FROM parts \
         WHERE clock_from IS NOT NULL AND due_on >= $1",
    )
    .bind(&first)
    .fetch_all(&mut **tx)
    .await?;
    for r in running {
        let from: String = r.try_get("clock_from")?;
        let committed: i64 = r.try_get("committed_days")?;
        let used: i64 = r.try_get("days_used")?;
        let Some(from) = Date::parse_iso(&from) else {
            continue;
        };
        let left = u32::try_from(committed.saturating_sub(used).max(0)).unwrap_or(0);
        let due = after.add_working_days(from, left).to_string();
        let due_on: String = r.try_get("due_on")?;
        if due != due_on {
            recounted.push((r.try_get("id")?, due));
        }
    }
    let waiting = sqlx::query(
        "SELECT p.id, p.due_on, a.submitted_on, \
         (SELECT MAX(e.on_day) FROM part_events e \
          WHERE e.part_id = p.id AND e.action = 'answer_correction') AS answered_on \
         FROM parts p JOIN applications a ON a.number = p.application_number \
         WHERE p.status = 'submitted' AND p.due_on >= $1",
    )
    .bind(&first)
    .fetch_all(&mut **tx)
    .await?;
    for r in waiting {
        let due_on: String = r.try_get("due_on")?;
        let answered: Option<String> = r.try_get("answered_on")?;
        let began: String = match answered {
            Some(day) => day,
            None => r.try_get("submitted_on")?,
        };
        let (Some(old_due), Some(began)) = (Date::parse_iso(&due_on), Date::parse_iso(&began))
        else {
            continue;
        };
        let days = before.working.working_days_between(began, old_due);
        let due = after.add_working_days(began, days).to_string();
        if due != due_on {
            recounted.push((r.try_get("id")?, due));
        }
    }
    for (id, due) in &recounted {
        sqlx::query("UPDATE parts SET due_on = $1 WHERE id = $2")
            .bind(due)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(recounted.len())
}
