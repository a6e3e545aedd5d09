//! Reading applications back: for the citizen (by number) and for a department (its queue).

use app::api::backend::BackendError;
use app::api::{Delivery, DepartmentSummary, PartView, Tracking};
use app::engine::{overall, Catalog, PartStatus, Text};

use crate::db::Db;
use crate::repo::{self, PartRow};
use crate::services::review::{correction_of, date, department_name, history_entry, status};
use crate::services::storage;

/// An application's statuses, dates and history, with the subject that submitted it (for the
/// receipt's owner check). `viewer` is the caller's subject: reasons, references and what to
/// correct are shown only when it is the applicant's; anyone else with the number sees statuses
/// and dates alone.
pub async fn track(
    db: &Db,
    catalog: &Catalog,
    number: &str,
    viewer: Option<&str>,
) -> Result<Option<(Tracking, Option<String>)>, BackendError> {
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let Some(app) = repo::application(&mut conn, number)
        .await
        .map_err(storage)?
    else {
        return Ok(None);
    };
    let mine = viewer.is_some() && viewer == app.owner.as_deref();
    let rows = repo::parts_of(&mut conn, number).await.map_err(storage)?;
    let deliveries = repo::deliveries_of_application(&mut conn, number)
        .await
        .map_err(storage)?;
    let delivery = |part: &str| match deliveries.iter().find(|(id, _, _)| id == part) {
        Some((_, true, _)) => Delivery::Received,
        Some((_, false, true)) => Delivery::Delayed,
        Some((_, false, false)) => Delivery::Sending,
        // Parts stored before the outbox existed were put in the department's queue directly.
        None => Delivery::Received,
    };
    let parts = rows
        .iter()
        .map(|p: &PartRow| {
            Ok(PartView {
                id: p.id.clone(),
                department: p.department_id.clone(),
                department_name: department_name(catalog, &p.department_id),
                item: catalog.item_name(&p.item_id),
                status: status(&p.status)?,
                due: date(&p.due_on)?,
                delivery: delivery(&p.id),
                correction: if mine { correction_of(p) } else { None },
            })
        })
        .collect::<Result<Vec<_>, BackendError>>()?;
    let statuses: Vec<PartStatus> = parts.iter().map(|p| p.status).collect();
    let history = repo::events_of_application(&mut conn, number)
        .await
        .map_err(storage)?
        .into_iter()
        .map(|e| {
            let item = rows
                .iter()
                .find(|p| p.id == e.part_id)
                .map_or_else(|| Text::new("", ""), |p| catalog.item_name(&p.item_id));
            let mut entry = history_entry(catalog, item, e)?;
            if !mine {
                entry.note.clear();
            }
            Ok(entry)
        })
        .collect::<Result<Vec<_>, BackendError>>()?;
    // The overall date is the latest part's: deadlines move with acceptance and corrections.
    let due = parts.iter().map(|p| p.due).max();
    Ok(Some((
        Tracking {
            number: app.number,
            submitted_on: date(&app.submitted_on)?,
            due: match due {
                Some(d) => d,
                None => date(&app.due_on)?,
            },
            overall: overall(&statuses),
            parts,
            history,
            mine,
            // Marked by the caller, which holds the calendar (`AppBackend::provisional`).
            provisional: false,
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

/// A person's submitted applications, newest first (the last 20), with their overall status.
pub async fn applications_of(
    db: &Db,
    catalog: &Catalog,
    owner: &str,
) -> Result<Vec<app::api::ApplicationSummary>, BackendError> {
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let rows = repo::part_statuses_of_owner(&mut conn, owner, 20)
        .await
        .map_err(storage)?;
    let mut out: Vec<app::api::ApplicationSummary> = Vec::new();
    let mut statuses: Vec<Vec<PartStatus>> = Vec::new();
    for (number, submitted_on, item, st) in rows {
        if out.last().map(|a| &a.number) != Some(&number) {
            out.push(app::api::ApplicationSummary {
                number: number.clone(),
                submitted_on: date(&submitted_on)?,
                overall: app::engine::Overall::InProgress,
                item_names: Vec::new(),
            });
            statuses.push(Vec::new());
        }
        if let (Some(a), Some(s)) = (out.last_mut(), statuses.last_mut()) {
            a.item_names.push(catalog.item_name(&item));
            s.push(status(&st)?);
        }
    }
    for (a, s) in out.iter_mut().zip(&statuses) {
        a.overall = overall(s);
    }
    Ok(out)
}
