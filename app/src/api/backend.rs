//! The seam between server functions and the server crate: `app` states what it needs, `server`
//! implements it over the database and provides it as context. So `app` never depends on sqlx.

use async_trait::async_trait;

use super::types::*;
use crate::engine::{ComposeError, Text};

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("invalid selection: {0:?}")]
    Selection(ComposeError),
    /// A draft or resume code that does not (or no longer) exist.
    #[error("draft: {0:?}")]
    Draft(Text),
    #[error("storage failed: {0}")]
    Storage(String),
}

impl BackendError {
    /// What the user is told; storage details stay in the log.
    pub fn user_message(&self) -> Text {
        match self {
            BackendError::Selection(e) => e.message(),
            BackendError::Draft(message) => message.clone(),
            BackendError::Storage(_) => Text::new(
                "系统暂时无法保存，请稍后再试；您填写的内容仍保留在本页。",
                "We could not save just now. Please try again shortly; what you entered is still on this page.",
            ),
        }
    }
}

#[async_trait]
pub trait Backend: Send + Sync + 'static {
    fn catalog_overview(&self) -> CatalogOverview;
    /// The identities a visitor may try the service as (demo sign-in).
    fn demo_applicants(&self) -> Vec<ApplicantView>;
    /// `items` empty means "the draft's items". `applicant` is the session's identity.
    async fn bundle_context(
        &self,
        items: &[String],
        draft: Option<&str>,
        applicant: Option<&str>,
    ) -> Result<BundleContext, BackendError>;
    /// Keeps the form's answers in a draft (under its token when it still exists). With `check`,
    /// the server judges them too: `Saved` when they pass, `Invalid` (kept with the verdict)
    /// otherwise. Returns the draft's token with the outcome.
    async fn save_answers(
        &self,
        draft: Draft,
        check: bool,
        applicant: Option<&str>,
    ) -> Result<(String, SubmitOutcome), BackendError>;
    /// A signed-in person's unfinished applications, newest first (none for anyone else).
    async fn drafts_of(&self, applicant: &str) -> Result<Vec<DraftSummary>, BackendError>;
    /// Submits the draft's answers and materials as one application.
    async fn submit(
        &self,
        draft: &str,
        idempotency_key: &str,
        applicant: Option<&str>,
    ) -> Result<SubmitOutcome, BackendError>;
    async fn track(&self, number: &str) -> Result<Option<Tracking>, BackendError>;
    async fn departments(&self) -> Result<Vec<DepartmentSummary>, BackendError>;
    async fn department_queue(&self, id: &str) -> Result<Option<DepartmentQueue>, BackendError>;
}
