//! The any-combination engine. Pure: no Leptos, no database, no clock (dates are arguments), so
//! the browser runs it on every keystroke and the server runs the same code as the authority.

pub mod answers;
pub mod calendar;
pub mod catalog;
pub mod catalog_check;
pub mod catalog_diff;
pub mod catalog_edit;
pub mod compose;
pub mod part;
pub mod timeline;
pub mod validate;
pub mod workflow;

pub use answers::{check, check_field, derive, FieldErrors};
pub use calendar::{Date, WorkingCalendar};
pub use catalog::{Catalog, Text};
pub use compose::{
    compose, Answers, Bundle, ComposeError, DepartmentShare, MergedField, MergedForm, Problem,
    RoutingPlan,
};
pub use part::{split, Given, MaterialSource, PartMaterial, PartPlan};
pub use timeline::{schedule, Timeline};
pub use workflow::{decide, overall, Illegal, Move, Overall, PartState, PartStatus};

/// Fixtures shared by the engine's unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use std::collections::BTreeSet;

    use super::{Answers, Catalog};

    /// The seed catalog as shipped.
    pub fn seed() -> Catalog {
        Catalog::from_json(include_str!("../../../catalog/catalog.json")).expect("seed parses")
    }

    pub fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    pub fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    pub fn held(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }
}
