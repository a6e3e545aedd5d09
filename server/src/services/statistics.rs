//! The managers' dashboard: volumes, deadlines kept, working days taken beside the limits each
//! item is held to, and the reasons behind corrections and refusals.
//!
//! A period counts three ways, each labelled so on the page and in the export:
//! - what came in: applications submitted in the period, and their parts by status now;
//! - how it was decided: parts approved or refused in the period (whenever submitted), on time
//!   when decided on or before their due date;
//! - what is late now: open parts past (or within 2 working days of) their due date today,
//!   whenever submitted — a manager acts on those whatever period they look at.
//!
//! The database only selects and counts rows (`repo`); every rate, mean and grouping is done
//! here in plain functions, tested below without a database.

use std::collections::BTreeMap;

use app::api::backend::BackendError;
use app::api::caller::Caller;
use app::api::{
    Dashboard, DayCount, DepartmentStats, ItemStats, ReasonEntry, ReasonKind, StatusCounts,
    Timeliness, Urgency,
};
use app::engine::{Catalog, Date, WorkingCalendar};

use crate::db::Db;
use crate::repo;
use crate::services::review::{date, department_name, status, urgency};
use crate::services::storage;

/// The dashboard's default period: the last 30 days, today included.
pub const DEFAULT_DAYS: u32 = 30;

/// Corrections and refusals listed with their reasons.
pub const REASONS_SHOWN: i64 = 20;

/// Consecutive days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// The `days` days up to and including `today` (at least today).
    pub fn last_days(today: Date, days: u32) -> Period {
        Period {
            from: today.add_days(1 - i64::from(days.max(1))),
            to: today,
        }
    }

    pub fn days(self) -> impl Iterator<Item = Date> {
        (self.from.days_since_epoch()..=self.to.days_since_epoch()).map(Date::from_days)
    }
}

/// The dashboard for `period`, counted from the database: managers and administrators only.
pub async fn dashboard(
    db: &Db,
    catalog: &Catalog,
    calendar: &WorkingCalendar,
    caller: &Caller,
    period: Period,
    today: Date,
) -> Result<Dashboard, BackendError> {
    caller.may_see_statistics().map_err(BackendError::Denied)?;
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let raw = Raw {
        per_day: repo::applications_per_day(&mut conn, &from, &to)
            .await
            .map_err(storage)?,
        received: repo::received_part_counts(&mut conn, &from, &to)
            .await
            .map_err(storage)?,
        decided: repo::decided_parts(&mut conn, &from, &to)
            .await
            .map_err(storage)?,
        open: repo::open_part_counts(&mut conn).await.map_err(storage)?,
        reasons: repo::latest_reasons(&mut conn, &from, &to, REASONS_SHOWN)
            .await
            .map_err(storage)?,
    };
    assemble(catalog, calendar, period, today, raw)
}

/// What the database returned, before any arithmetic.
pub struct Raw {
    /// (day, applications).
    pub per_day: Vec<(String, i64)>,
    /// (item, department, status, parts) of the applications submitted in the period.
    pub received: Vec<(String, String, String, i64)>,
    pub decided: Vec<repo::DecidedPart>,
    /// (item, department, status, due date, parts) of the open parts now.
    pub open: Vec<(String, String, String, String, i64)>,
    pub reasons: Vec<repo::ReasonRow>,
}

/// Sums for one item, one department or everything.
#[derive(Clone, Debug, Default)]
struct Tally {
    received: StatusCounts,
    decided: u64,
    on_time: u64,
    days: u64,
    overdue: u64,
    due_soon: u64,
}

impl Tally {
    fn timeliness(&self) -> Timeliness {
        Timeliness {
            decided: self.decided,
            on_time: self.on_time,
            on_time_percent: percent(self.on_time, self.decided),
            average_days: mean(self.days, self.decided),
        }
    }
}

/// Rounds to one decimal, as every figure on the dashboard is shown.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `part` of `whole` in percent, to one decimal; nothing when there is no whole.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round1(part as f64 * 100.0 / whole as f64))
}

/// The mean of `n` values summing to `sum`, to one decimal; nothing when there are none.
pub fn mean(sum: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| round1(sum as f64 / n as f64))
}

/// On time: decided on or before the due date (the due date itself still counts).
pub fn decided_on_time(decided: Date, due: Date) -> bool {
    decided <= due
}

/// One entry per day of the period, zero where nothing was submitted; days outside the period
/// are ignored.
pub fn fill_days(period: Period, counts: &[(Date, u64)]) -> Vec<DayCount> {
    let mut by_day: BTreeMap<Date, u64> = BTreeMap::new();
    for (day, n) in counts {
        *by_day.entry(*day).or_default() += n;
    }
    period
        .days()
        .map(|day| DayCount {
            day,
            applications: by_day.get(&day).copied().unwrap_or(0),
        })
        .collect()
}

fn count(n: i64) -> u64 {
    n.max(0) as u64
}

/// The dashboard from what the database returned: groups by item and department (in catalog
/// order), rates, means and deadlines against `today`.
pub fn assemble(
    catalog: &Catalog,
    calendar: &WorkingCalendar,
    period: Period,
    today: Date,
    raw: Raw,
) -> Result<Dashboard, BackendError> {
    let per_day = raw
        .per_day
        .iter()
        .map(|(day, n)| Ok((date(day)?, count(*n))))
        .collect::<Result<Vec<_>, BackendError>>()?;
    let per_day = fill_days(period, &per_day);

    let mut total = Tally::default();
    let mut items: BTreeMap<String, Tally> = BTreeMap::new();
    let mut departments: BTreeMap<String, Tally> = BTreeMap::new();
    // Every sum goes to its item, its department and the total alike.
    let mut each = |item: &str, department: &str, add: &dyn Fn(&mut Tally)| {
        add(&mut total);
        add(items.entry(item.to_string()).or_default());
        add(departments.entry(department.to_string()).or_default());
    };
    for (item, department, st, n) in &raw.received {
        let (st, n) = (status(st)?, count(*n));
        each(item, department, &|t| t.received.add(st, n));
    }
    for p in &raw.decided {
        let on_time = decided_on_time(date(&p.decided_on)?, date(&p.due_on)?);
        let days = count(p.days_used);
        each(&p.item_id, &p.department_id, &|t| {
            t.decided += 1;
            t.on_time += u64::from(on_time);
            t.days += days;
        });
    }
    for (item, department, st, due, n) in &raw.open {
        let n = count(*n);
        match urgency(status(st)?, date(due)?, today, calendar) {
            Urgency::Overdue => each(item, department, &|t| t.overdue += n),
            Urgency::DueSoon => each(item, department, &|t| t.due_soon += n),
            Urgency::OnTime | Urgency::Stopped => {}
        }
    }

    // Catalog order first (how staff know the items), then anything the catalog no longer holds.
    let mut item_order: Vec<String> = catalog
        .items
        .iter()
        .map(|i| i.id.clone())
        .filter(|id| items.contains_key(id))
        .collect();
    item_order.extend(
        items
            .keys()
            .filter(|id| catalog.item(id).is_none())
            .cloned(),
    );
    let item_stats = item_order
        .into_iter()
        .filter_map(|id| {
            let tally = items.remove(&id)?;
            let def = catalog.item(&id);
            // The department an item belongs to, even when a part of it was transferred.
            // (An item the catalog no longer holds: where its parts are.)
            let department = def.map_or_else(
                || {
                    let received = raw.received.iter().map(|(i, d, ..)| (i, d));
                    let decided = raw.decided.iter().map(|p| (&p.item_id, &p.department_id));
                    let open = raw.open.iter().map(|(i, d, ..)| (i, d));
                    received
                        .chain(decided)
                        .chain(open)
                        .find(|(i, _)| **i == id)
                        .map(|(_, d)| d.clone())
                        .unwrap_or_default()
                },
                |i| i.department.clone(),
            );
            Some(ItemStats {
                name: catalog.item_name(&id),
                department_name: department_name(catalog, &department),
                department,
                received: tally.received,
                timeliness: tally.timeliness(),
                committed_days: def.map_or(0, |i| i.committed_days),
                statutory_days: def.and_then(|i| i.statutory_days),
                overdue: tally.overdue,
                due_soon: tally.due_soon,
                item: id,
            })
        })
        .collect();

    let mut department_order: Vec<String> = catalog
        .departments
        .iter()
        .map(|d| d.id.clone())
        .filter(|id| departments.contains_key(id))
        .collect();
    department_order.extend(
        departments
            .keys()
            .filter(|id| catalog.department(id).is_none())
            .cloned(),
    );
    let department_stats = department_order
        .into_iter()
        .filter_map(|id| {
            let tally = departments.remove(&id)?;
            Some(DepartmentStats {
                name: department_name(catalog, &id),
                received: tally.received,
                timeliness: tally.timeliness(),
                overdue: tally.overdue,
                due_soon: tally.due_soon,
                id,
            })
        })
        .collect();

    let reasons = raw
        .reasons
        .into_iter()
        .filter_map(|r| {
            let kind = match r.action.as_str() {
                "request_correction" => ReasonKind::Correction,
                "refuse" => ReasonKind::Refusal,
                _ => return None,
            };
            Some((kind, r))
        })
        .map(|(kind, r)| {
            Ok(ReasonEntry {
                on: date(&r.on_day)?,
                kind,
                item: catalog.item_name(&r.item_id),
                department_name: department_name(catalog, &r.department_id),
                part: r.part_id,
                number: r.application_number,
                reason: r.note,
            })
        })
        .collect::<Result<Vec<_>, BackendError>>()?;

    Ok(Dashboard {
        from: period.from,
        to: period.to,
        today,
        applications: per_day.iter().map(|d| d.applications).sum(),
        per_day,
        received: total.received,
        timeliness: total.timeliness(),
        overdue: total.overdue,
        due_soon: total.due_soon,
        items: item_stats,
        departments: department_stats,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::engine::calendar::china_2025_2026;

    fn day(m: u8, d: u8) -> Date {
        Date::new(2026, m, d).expect("date")
    }

    fn catalog() -> Catalog {
        Catalog::from_json(crate::config::SEED_CATALOG).expect("catalog")
    }

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::from_years(china_2025_2026())
    }

    fn decided(item: &str, due: &str, on: &str, days: i64) -> repo::DecidedPart {
        repo::DecidedPart {
            item_id: item.into(),
            department_id: "hrss".into(),
            due_on: due.into(),
            decided_on: on.into(),
            days_used: days,
        }
    }

    fn s(x: &str) -> String {
        x.to_string()
    }

    #[test]
    fn the_default_period_is_thirty_days_ending_today() {
        let p = Period::last_days(day(2, 13), DEFAULT_DAYS);
        assert_eq!(p.from, day(1, 15));
        assert_eq!(p.to, day(2, 13));
        assert_eq!(p.days().count(), 30);
        assert_eq!(Period::last_days(day(2, 13), 0).days().count(), 1);
    }

    #[test]
    fn rates_and_means_are_rounded_to_one_decimal_and_absent_without_data() {
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(3, 3), Some(100.0));
        assert_eq!(percent(0, 4), Some(0.0));
        assert_eq!(percent(0, 0), None);
        assert_eq!(mean(7, 2), Some(3.5));
        assert_eq!(mean(10, 3), Some(3.3));
        assert_eq!(mean(0, 0), None);
    }

    #[test]
    fn a_decision_on_its_due_date_is_on_time_and_a_day_later_is_not() {
        assert!(decided_on_time(day(2, 13), day(2, 13)));
        assert!(decided_on_time(day(2, 12), day(2, 13)));
        assert!(!decided_on_time(day(2, 14), day(2, 13)));
    }

    #[test]
    fn every_day_of_the_period_is_listed_even_without_applications() {
        let p = Period {
            from: day(2, 10),
            to: day(2, 13),
        };
        let filled = fill_days(p, &[(day(2, 11), 2), (day(2, 13), 1), (day(1, 1), 9)]);
        let got: Vec<(String, u64)> = filled
            .iter()
            .map(|d| (d.day.to_string(), d.applications))
            .collect();
        assert_eq!(
            got,
            vec![
                (s("2026-02-10"), 0),
                (s("2026-02-11"), 2),
                (s("2026-02-12"), 0),
                (s("2026-02-13"), 1),
            ]
        );
    }

    #[test]
    fn figures_are_grouped_by_item_and_department_in_catalog_order() {
        let today = day(2, 13);
        let raw = Raw {
            per_day: vec![(s("2026-02-12"), 1), (s("2026-02-13"), 2)],
            received: vec![
                (s("work_capacity_appraisal"), s("hrss"), s("approved"), 1),
                (s("work_injury_determination"), s("hrss"), s("approved"), 2),
                (s("work_injury_determination"), s("hrss"), s("refused"), 1),
                (s("work_injury_determination"), s("hrss"), s("accepted"), 1),
                (
                    s("business_licence"),
                    s("market_regulation"),
                    s("submitted"),
                    1,
                ),
            ],
            decided: vec![
                decided("work_injury_determination", "2026-02-13", "2026-02-13", 4),
                decided("work_injury_determination", "2026-02-10", "2026-02-12", 9),
                decided("work_injury_determination", "2026-03-01", "2026-02-11", 2),
                decided("work_capacity_appraisal", "2026-03-20", "2026-02-13", 0),
            ],
            open: vec![
                // Overdue, due today (within 2 working days) and comfortably later.
                (
                    s("work_injury_determination"),
                    s("hrss"),
                    s("accepted"),
                    s("2026-02-12"),
                    1,
                ),
                (
                    s("business_licence"),
                    s("market_regulation"),
                    s("submitted"),
                    s("2026-02-13"),
                    1,
                ),
                (
                    s("business_licence"),
                    s("market_regulation"),
                    s("submitted"),
                    s("2026-04-01"),
                    3,
                ),
            ],
            reasons: vec![repo::ReasonRow {
                on_day: s("2026-02-13"),
                action: s("refuse"),
                note: s("材料不符"),
                part_id: s("A-1"),
                application_number: s("A"),
                item_id: s("work_injury_determination"),
                department_id: s("hrss"),
            }],
        };
        let period = Period::last_days(today, DEFAULT_DAYS);
        let d = assemble(&catalog(), &calendar(), period, today, raw).expect("assembles");
        assert_eq!(d.applications, 3);
        assert_eq!(d.per_day.len(), 30);
        assert_eq!(d.received.total(), 6);
        assert_eq!(d.received.undecided(), 2);
        assert_eq!(d.timeliness.decided, 4);
        assert_eq!(d.timeliness.on_time, 3);
        assert_eq!(d.timeliness.on_time_percent, Some(75.0));
        assert_eq!(d.timeliness.average_days, Some(3.8));
        assert_eq!((d.overdue, d.due_soon), (1, 1));

        let ids: Vec<&str> = d.items.iter().map(|i| i.item.as_str()).collect();
        assert_eq!(
            ids,
            [
                "business_licence",
                "work_injury_determination",
                "work_capacity_appraisal"
            ]
        );
        let injury = &d.items[1];
        assert_eq!(injury.received.approved, 2);
        assert_eq!(injury.received.total(), 4);
        assert_eq!(injury.timeliness.on_time_percent, Some(66.7));
        assert_eq!(injury.timeliness.average_days, Some(5.0));
        assert_eq!(
            (injury.committed_days, injury.statutory_days),
            (15, Some(60))
        );
        assert_eq!(injury.overdue, 1);
        let licence = &d.items[0];
        assert_eq!(licence.timeliness, Timeliness::default());
        assert_eq!((licence.overdue, licence.due_soon), (0, 1));
        assert_eq!(licence.department_name.en, "Market Regulation Bureau");

        let departments: Vec<&str> = d.departments.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(departments, ["hrss", "market_regulation"]);
        assert_eq!(d.departments[0].timeliness.decided, 4);
        assert_eq!(d.reasons.len(), 1);
        assert_eq!(d.reasons[0].kind, ReasonKind::Refusal);
        assert_eq!(d.reasons[0].item.zh, "工伤认定申请");
    }

    #[test]
    fn an_item_the_catalog_no_longer_holds_is_shown_by_its_id_last() {
        let today = day(2, 13);
        let raw = Raw {
            per_day: vec![],
            received: vec![
                (s("retired_item"), s("hrss"), s("submitted"), 1),
                (s("basic_pension"), s("hrss"), s("submitted"), 1),
            ],
            decided: vec![],
            open: vec![],
            reasons: vec![],
        };
        let d = assemble(
            &catalog(),
            &calendar(),
            Period::last_days(today, 1),
            today,
            raw,
        )
        .expect("assembles");
        let ids: Vec<&str> = d.items.iter().map(|i| i.item.as_str()).collect();
        assert_eq!(ids, ["basic_pension", "retired_item"]);
        assert_eq!(d.items[0].statutory_days, Some(63));
        assert_eq!(d.items[0].committed_days, 7);
        assert_eq!(d.items[1].name.zh, "retired_item");
        assert_eq!(d.items[1].department, "hrss");
    }

    #[test]
    fn a_stored_row_that_does_not_parse_fails_loudly() {
        let today = day(2, 13);
        let raw = Raw {
            per_day: vec![],
            received: vec![(s("basic_pension"), s("hrss"), s("lost"), 1)],
            decided: vec![],
            open: vec![],
            reasons: vec![],
        };
        assert!(assemble(
            &catalog(),
            &calendar(),
            Period::last_days(today, 1),
            today,
            raw
        )
        .is_err());
    }
}
