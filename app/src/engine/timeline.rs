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
    /// False when some date fell in a year with no official calendar: counted Monday–Friday.
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
