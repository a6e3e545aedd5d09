//! Reading applications back: for the citizen (by number) and for a department (its queue).

use app::api::backend::BackendError;
use app::api::{DepartmentQueue, DepartmentSummary, PartStatus, PartView, QueueEntry, Tracking};
use app::engine::{Catalog, Date, Text};

use crate::db::Db;
use crate::repo::{self, PartRow};
use crate::services::storage;

fn corrupt(what: &str) -> BackendError {
    tracing::error!(what, "stored row does not parse");
    BackendError::Storage(format!("stored {what} does not parse"))
}

fn date(s: &str) -> Result<Date, BackendError> {
    Date::parse_iso(s).ok_or_else(|| corrupt("date"))
}

fn department_name(catalog: &Catalog, id: &str) -> Text {
    catalog
        .department(id)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| Text::new(id, id))
}

fn status(s: &str) -> Result<PartStatus, BackendError> {
    PartStatus::parse(s).ok_or_else(|| corrupt("status"))
}

/// An application's statuses and dates, with the subject that submitted it (for the receipt's
/// owner check; the tracking page itself shows no personal data).
pub async fn track(
    db: &Db,
    catalog: &Catalog,
    number: &str,
) -> Result<Option<(Tracking, Option<String>)>, BackendError> {
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let Some(app) = repo::application(&mut conn, number)
        .await
        .map_err(storage)?
    else {
        return Ok(None);
    };
    let parts = repo::parts_of(&mut conn, number).await.map_err(storage)?;
    let parts = parts
        .iter()
        .map(|p: &PartRow| {
            Ok(PartView {
                department: p.department_id.clone(),
                department_name: department_name(catalog, &p.department_id),
                item: catalog.item_name(&p.item_id),
                status: status(&p.status)?,
                due: date(&p.due_on)?,
            })
        })
        .collect::<Result<Vec<_>, BackendError>>()?;
    Ok(Some((
        Tracking {
            number: app.number,
            submitted_on: date(&app.submitted_on)?,
            due: date(&app.due_on)?,
            parts,
        },
        app.owner,
    )))
}

pub async fn departments(
    db: &Db,
    catalog: &Catalog,
) -> Result<Vec<DepartmentSummary>, BackendError> {
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let counts = repo::open_counts(&mut conn).await.map_err(storage)?;
    Ok(catalog
        .departments
        .iter()
        .map(|d| DepartmentSummary {
            id: d.id.clone(),
            name: d.name.clone(),
            open_parts: counts
                .iter()
                .find(|(id, _)| id == &d.id)
                .map_or(0, |(_, n)| *n as u64),
        })
        .collect())
}

/// The newest 200 parts are enough for a first screen; paging comes with the back office.
const QUEUE_LIMIT: i64 = 200;

pub async fn department_queue(
    db: &Db,
    catalog: &Catalog,
    id: &str,
) -> Result<Option<DepartmentQueue>, BackendError> {
    let Some(department) = catalog.department(id) else {
        return Ok(None);
    };
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let rows = repo::parts_for_department(&mut conn, id, QUEUE_LIMIT)
        .await
        .map_err(storage)?;
    let entries = rows
        .iter()
        .map(|p| {
            Ok(QueueEntry {
                number: p.application_number.clone(),
                item: catalog.item_name(&p.item_id),
                status: status(&p.status)?,
                submitted_on: date(&p.submitted_on)?,
                due: date(&p.due_on)?,
                applicant: p.applicant_masked.clone(),
            })
        })
        .collect::<Result<Vec<_>, BackendError>>()?;
    Ok(Some(DepartmentQueue {
        id: department.id.clone(),
        name: department.name.clone(),
        entries,
    }))
}
