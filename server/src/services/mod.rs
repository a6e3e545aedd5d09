pub mod drafts;
pub mod overview;
pub mod submission;
pub mod tracking;
