//! The timeline: items run in parallel unless one needs another's decision, then after it.

use serde::{Deserialize, Serialize};

use super::calendar::{Date, WorkingCalendar};
use super::catalog::Catalog;
use super::compose::Bundle;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub item: String,
    /// Working days after submission when this item can start (its prerequisites are decided).
    pub starts_after: u32,
    pub committed_days: u32,
    pub statutory_days: Option<u32>,
    /// Working days after submission by which it is decided.
    pub finishes_after: u32,
    pub due: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub submitted: Date,
    pub steps: Vec<Step>,
    /// The longest path through the dependencies, in committed working days.
    pub parallel_days: u32,
    /// What the same items would take one after another.
    pub sequential_days: u32,
    /// The longest single item.
    pub longest_item_days: u32,
    /// Sum of statutory limits where the law gives one: the old way's worst case.
    pub statutory_sequential_days: u32,
    pub due: Date,
    /// False when some date fell in a year with no official notice: counted on the provisional
    /// calendar (Monday–Friday without the fixed-date statutory holidays).
    pub calendar_complete: bool,
}

/// Schedules the bundle from `submitted` on the working-day calendar.
pub fn schedule(
    catalog: &Catalog,
    bundle: &Bundle,
    calendar: &WorkingCalendar,
    submitted: Date,
) -> Timeline {
    let ids: Vec<&str> = bundle.item_ids().collect();
    let days: Vec<u32> = ids
        .iter()
        .map(|id| catalog.item(id).map_or(0, |i| i.committed_days))
        .collect();
    let statutory: Vec<Option<u32>> = ids
        .iter()
        .map(|id| catalog.item(id).and_then(|i| i.statutory_days))
        .collect();

    // Earliest finish per item by relaxation over the dependency edges. Bundles are small and the
    // catalog's prerequisites form a DAG; the round limit guards against a cyclic catalog.
    let mut finish: Vec<u32> = days.clone();
    let mut start: Vec<u32> = vec![0; ids.len()];
    for _ in 0..ids.len() {
        let mut changed = false;
        for (before, after) in &bundle.dependencies {
            let (Some(b), Some(a)) = (position(&ids, before), position(&ids, after)) else {
                continue;
            };
            if finish[b] > start[a] {
                start[a] = finish[b];
                finish[a] = start[a] + days[a];
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    let steps: Vec<Step> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| Step {
            item: id.to_string(),
            starts_after: start[i],
            committed_days: days[i],
            statutory_days: statutory[i],
            finishes_after: finish[i],
            due: calendar.add_working_days(submitted, finish[i]),
        })
        .collect();
    let parallel_days = finish.iter().copied().max().unwrap_or(0);
    let due = calendar.add_working_days(submitted, parallel_days);
    let sequential_days = days.iter().sum();
    let statutory_sequential_days = statutory
        .iter()
        .zip(&days)
        .map(|(s, d)| s.unwrap_or(*d))
        .sum();
    Timeline {
        submitted,
        steps,
        parallel_days,
        sequential_days,
        longest_item_days: days.iter().copied().max().unwrap_or(0),
        statutory_sequential_days,
        due,
        calendar_complete: calendar.covers(submitted, due),
    }
}

fn position(ids: &[&str], id: &str) -> Option<usize> {
    ids.iter().position(|x| *x == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calendar::china_2025_2026;
    use crate::engine::compose::{compose, Answers};
    use crate::engine::test_support::seed;
    use std::collections::BTreeSet;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    /// The timeline of these seed items, submitted on `submitted`, on the official calendar.
    fn timeline(items: &[&str], submitted: &str) -> Timeline {
        let catalog = seed();
        let ids: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        let bundle = compose(&catalog, &ids, &Answers::new(), &BTreeSet::new()).unwrap();
        let calendar = WorkingCalendar::from_years(china_2025_2026());
        schedule(&catalog, &bundle, &calendar, date(submitted))
    }

    fn step<'a>(t: &'a Timeline, item: &str) -> &'a Step {
        t.steps.iter().find(|s| s.item == item).unwrap()
    }

    #[test]
    fn independent_items_run_in_parallel_so_the_longest_one_decides() {
        // 1, 5 and 10 committed working days.
        let t = timeline(
            &[
                "unemployment_registration",
                "unemployment_benefit",
                "vocational_training_subsidy",
            ],
            "2026-03-02",
        );
        assert!(t.steps.iter().all(|s| s.starts_after == 0));
        assert_eq!(t.parallel_days, 10);
        assert_eq!(t.longest_item_days, 10);
        assert_eq!(t.sequential_days, 16);
        // Unemployment benefit: 5 committed, 10 statutory.
        assert_eq!(t.statutory_sequential_days, 1 + 10 + 10);
        assert_eq!(t.due, step(&t, "vocational_training_subsidy").due);
    }

    #[test]
    fn a_determination_in_the_bundle_runs_first_and_rehab_starts_when_it_is_decided() {
        let t = timeline(
            &["work_injury_rehab", "work_injury_determination"],
            "2026-03-02",
        );
        let determination = step(&t, "work_injury_determination");
        let rehab = step(&t, "work_injury_rehab");
        assert_eq!(
            (determination.starts_after, determination.finishes_after),
            (0, 15)
        );
        assert_eq!((rehab.starts_after, rehab.finishes_after), (15, 22));
        assert!(determination.due < rehab.due);
        assert_eq!(t.parallel_days, 22, "a dependency makes them sequential");
        assert_eq!(t.sequential_days, 22);
        // The old way: 60 statutory days for the determination, then rehab's 7.
        assert_eq!(t.statutory_sequential_days, 67);
    }

    #[test]
    fn a_chain_of_prerequisites_adds_up_along_the_longest_path() {
        // Determination (15) → appraisal (30) → assistive devices (10); the devices also
        // need the determination directly, which the chain already covers.
        let t = timeline(
            &[
                "assistive_devices",
                "work_capacity_appraisal",
                "work_injury_determination",
                "unemployment_benefit",
            ],
            "2026-03-02",
        );
        assert_eq!(step(&t, "work_capacity_appraisal").starts_after, 15);
        assert_eq!(step(&t, "assistive_devices").starts_after, 45);
        assert_eq!(step(&t, "unemployment_benefit").starts_after, 0);
        assert_eq!(t.parallel_days, 55);
        assert_eq!(t.sequential_days, 60);
        assert_eq!(t.longest_item_days, 30);
    }

    #[test]
    fn a_held_determination_lets_rehab_start_at_once() {
        let catalog = seed();
        let held: BTreeSet<String> = ["work_injury_determination".to_string()].into();
        let bundle = compose(
            &catalog,
            &["work_injury_rehab".into()],
            &Answers::new(),
            &held,
        )
        .unwrap();
        let calendar = WorkingCalendar::from_years(china_2025_2026());
        let t = schedule(&catalog, &bundle, &calendar, date("2026-03-02"));
        assert_eq!((t.steps[0].starts_after, t.parallel_days), (0, 7));
    }

    #[test]
    fn the_spring_festival_is_skipped_when_counting_working_days() {
        // Friday 13 February 2026; Saturday the 14th is a make-up working day, the 15th–23rd
        // are the holiday, so the five days are the 14th and the 24th–27th.
        let t = timeline(&["unemployment_benefit"], "2026-02-13");
        assert_eq!(t.due, date("2026-02-27"));
        assert!(t.calendar_complete);
        // Without the notice, the provisional calendar skips the rules' four days (the Eve to
        // the third day, 16th–19th) but knows nothing of the notice's bridges and make-up day.
        let catalog = seed();
        let bundle = compose(
            &catalog,
            &["unemployment_benefit".into()],
            &Answers::new(),
            &BTreeSet::new(),
        )
        .unwrap();
        let plain = schedule(
            &catalog,
            &bundle,
            &WorkingCalendar::default(),
            date("2026-02-13"),
        );
        assert_eq!(plain.due, date("2026-02-26"));
        assert!(!plain.calendar_complete);
    }

    #[test]
    fn each_step_has_its_own_due_date_on_the_calendar() {
        let t = timeline(
            &["work_injury_rehab", "work_injury_determination"],
            "2026-02-13",
        );
        // 15 working days from Friday 13 February: the 14th, the 24th–27th, the make-up
        // Saturday the 28th, then nine weekdays of March.
        assert_eq!(
            step(&t, "work_injury_determination").due,
            date("2026-03-12")
        );
        assert_eq!(step(&t, "work_injury_rehab").due, date("2026-03-23"));
        assert_eq!(t.due, date("2026-03-23"));
    }

    #[test]
    fn a_year_without_calendar_data_is_flagged_incomplete() {
        let t = timeline(&["unemployment_benefit"], "2031-03-03");
        assert!(!t.calendar_complete);
        // Monday 3 March 2031 plus five weekdays.
        assert_eq!(t.due, date("2031-03-10"));
        // A timeline that runs from 2026 into 2027 is incomplete too.
        assert!(!timeline(&["work_capacity_appraisal"], "2026-12-01").calendar_complete);
        assert!(timeline(&["work_capacity_appraisal"], "2026-06-01").calendar_complete);
    }
}
