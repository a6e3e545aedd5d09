pub mod calendar;
pub mod catalog_edit;
pub mod correction;
pub mod drafts;
pub mod intake;
pub mod materials;
pub mod overview;
pub mod receivers;
pub mod retention;
pub mod review;
pub mod statistics;
pub mod submission;
pub mod tracking;

use app::api::backend::BackendError;

/// A storage failure: the cause goes to the log once, the user gets the approved message.
pub(crate) fn storage(e: sqlx::Error) -> BackendError {
    tracing::error!(error = %e, "storage failed");
    BackendError::Storage(e.to_string())
}

/// Serialising our own maps and lists cannot fail; this keeps `unwrap` out of the services.
pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}
