//! The seam between server functions and the server crate: `app` states what it needs, `server`
//! implements it over the database and provides it as context. So `app` never depends on sqlx.

use async_trait::async_trait;

use super::caller::{Caller, Denied};
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
    /// The caller may not do this (decided on the server, from the session).
    #[error("denied: {0:?}")]
    Denied(Denied),
    /// Too many wrong tokens or codes from this client: it waits before any is looked up.
    #[error("too many wrong lookups")]
    Wait,
}

impl BackendError {
    /// What the user is told; storage details stay in the log.
    pub fn user_message(&self) -> Text {
        match self {
            BackendError::Selection(e) => e.message(),
            BackendError::Draft(message) => message.clone(),
            BackendError::Denied(d) => d.message(),
            BackendError::Wait => Text::new(
                "输错次数过多。为保护申请人的信息，请10分钟后再试，或到窗口办理。",
                "Too many wrong numbers or codes. To protect applicants' details, try again in 10 minutes, or ask at a service counter.",
            ),
            BackendError::Storage(_) => Text::new(
                "系统暂时无法保存，请稍后再试；您填写的内容仍保留在本页。",
                "We could not save just now. Please try again shortly; what you entered is still on this page.",
            ),
        }
    }
}

#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// One screen of the catalog, with the chosen items' summaries.
    fn browse(&self, query: &CatalogQuery, chosen: &[String]) -> CatalogPage;
    /// The same screen of the draft catalog, for catalog editors previewing it.
    async fn browse_draft(
        &self,
        caller: &Caller,
        query: &CatalogQuery,
        chosen: &[String],
    ) -> Result<CatalogPage, BackendError>;
    /// The development identities a visitor may try the service as (demo sign-in).
    fn demo_applicants(&self) -> Vec<ApplicantView>;
    /// Gives an anonymous visitor a session of their own (the first time they save something),
    /// so what they save is theirs. Returns the new caller and the `Set-Cookie` value.
    async fn open_anonymous_session(&self) -> Result<(Caller, String), BackendError>;
    /// `items` empty means "the draft's items". A draft opens only for the caller who owns it.
    async fn bundle_context(
        &self,
        caller: &Caller,
        items: &[String],
        draft: Option<&str>,
        draft_catalog: bool,
    ) -> Result<BundleContext, BackendError>;
    /// Keeps the form's answers in a draft of the caller's (under its handle when it still
    /// exists and is theirs). With `check`, the server judges them too: `Saved` when they pass,
    /// `Invalid` (kept with the verdict) otherwise. Returns the draft's handle with the outcome.
    async fn save_answers(
        &self,
        caller: &Caller,
        draft: Draft,
        check: bool,
    ) -> Result<(String, SubmitOutcome), BackendError>;
    /// The caller's unfinished applications, newest first.
    async fn drafts_of(&self, caller: &Caller) -> Result<Vec<DraftSummary>, BackendError>;
    /// Submits the caller's draft (its answers and materials) as one application.
    async fn submit(
        &self,
        caller: &Caller,
        draft: &str,
        idempotency_key: &str,
    ) -> Result<SubmitOutcome, BackendError>;
    /// Status by number, for anyone who has the number: no personal data. Wrong numbers count
    /// against `client` in the limiter.
    async fn track(
        &self,
        caller: &Caller,
        number: &str,
        client: &str,
    ) -> Result<Option<Tracking>, BackendError>;
    /// The receipt: only for the caller who submitted the application. A number that opens
    /// nothing for the caller counts against `client` in the limiter, as a wrong tracking number
    /// does.
    async fn receipt(
        &self,
        caller: &Caller,
        number: &str,
        client: &str,
    ) -> Result<Option<Tracking>, BackendError>;
    async fn departments(&self, caller: &Caller) -> Result<Vec<DepartmentSummary>, BackendError>;
    /// A page of a department's queue: its reviewers, managers and administrators.
    async fn department_queue(
        &self,
        caller: &Caller,
        query: QueueQuery,
    ) -> Result<Option<DepartmentQueue>, BackendError>;
    /// A part as its department's reviewer works it.
    async fn part_detail(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<Option<PartDetail>, BackendError>;
    /// The parts of the applications whose applicant's ID number has keyed hash `key`, as far
    /// as the caller may see them (a reviewer: their department's). Empty for an empty key.
    async fn find_by_applicant(
        &self,
        caller: &Caller,
        key: &str,
    ) -> Result<Vec<FoundPart>, BackendError>;
    /// A correction request waiting for the caller (the applicant) on one part. A part that
    /// opens nothing for the caller counts against `client` in the limiter.
    async fn correction(
        &self,
        caller: &Caller,
        part: &str,
        client: &str,
    ) -> Result<Option<CorrectionContext>, BackendError>;
    /// The caller's submitted applications, newest first, with their overall status.
    async fn applications_of(
        &self,
        caller: &Caller,
    ) -> Result<Vec<ApplicationSummary>, BackendError>;
    /// The caller's newest notifications (nothing without a session).
    async fn notifications(&self, caller: &Caller) -> Result<Vec<Notice>, BackendError>;
    /// A sign-in by mobile number waiting for its one-time code (`attempt` is this browser's
    /// sign-in cookie).
    async fn pending_sign_in(&self, attempt: &str) -> Result<Option<PendingSignIn>, BackendError>;
    /// Every staff account, for administrators.
    async fn staff_accounts(&self, caller: &Caller) -> Result<Vec<StaffAccount>, BackendError>;
    /// The managers' dashboard for the last 30 days: managers and administrators.
    async fn dashboard(&self, caller: &Caller) -> Result<Dashboard, BackendError>;
    /// Receivers and dead letters: administrators.
    async fn dispatch_overview(&self, caller: &Caller) -> Result<DispatchOverview, BackendError>;
    /// The working-day calendar's years: administrators.
    async fn calendar_overview(&self, caller: &Caller) -> Result<CalendarOverview, BackendError>;
    /// The catalog in use, counted: catalog editors and administrators.
    fn catalog_summary(&self, caller: &Caller) -> Result<CatalogSummary, BackendError>;
    async fn catalog_draft(
        &self,
        caller: &Caller,
        find: &str,
        item: &str,
        field: &str,
    ) -> Result<CatalogDraftView, BackendError>;
}
