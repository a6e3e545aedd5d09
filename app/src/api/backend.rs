//! The seam between server functions and the server crate: `app` states what it needs, `server`
//! implements it over the database and provides it as context. So `app` never depends on sqlx.

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::types::*;
use crate::engine::{ComposeError, Text};

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("invalid selection: {0:?}")]
    Selection(ComposeError),
    #[error("storage failed: {0}")]
    Storage(String),
}

impl BackendError {
    /// What the user is told; storage details stay in the log.
    pub fn user_message(&self) -> Text {
        match self {
            BackendError::Selection(e) => e.message(),
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
    async fn bundle_context(
        &self,
        items: &[String],
        draft: Option<&str>,
    ) -> Result<BundleContext, BackendError>;
    /// Keeps answers on the server (no-JavaScript round trips, resume codes); returns the token.
    async fn save_draft(&self, draft: Draft) -> Result<String, BackendError>;
    async fn submit(
        &self,
        items: Vec<String>,
        answers: BTreeMap<String, String>,
        idempotency_key: String,
    ) -> Result<SubmitOutcome, BackendError>;
    async fn track(&self, number: &str) -> Result<Option<Tracking>, BackendError>;
    async fn departments(&self) -> Result<Vec<DepartmentSummary>, BackendError>;
    async fn department_queue(&self, id: &str) -> Result<Option<DepartmentQueue>, BackendError>;
}
