//! The any-combination engine. Pure: no Leptos, no database, no clock (dates are arguments), so
//! the browser runs it on every keystroke and the server runs the same code as the authority.

pub mod answers;
pub mod calendar;
pub mod catalog;
pub mod compose;
pub mod timeline;
pub mod validate;

pub use answers::{check, check_field, derive, FieldErrors};
pub use calendar::{Date, WorkingCalendar};
pub use catalog::{Catalog, Text};
pub use compose::{
    compose, Answers, Bundle, ComposeError, MergedField, MergedForm, Part, Problem, RoutingPlan,
};
pub use timeline::{schedule, Timeline};
