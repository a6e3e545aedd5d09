//! The server's implementation of the app's `Backend` seam.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use app::api::backend::{Backend, BackendError};
use app::api::*;
use app::engine::calendar::CalendarYear;
use app::engine::{compose, Catalog, ComposeError, WorkingCalendar};
use async_trait::async_trait;

use crate::catalog_store::LoadedCatalog;
use crate::clock::{now_millis, Clock};
use crate::db::Db;
use crate::services::{drafts, overview, submission, tracking};

pub struct AppBackend {
    db: Db,
    catalog: Arc<Catalog>,
    catalog_hash: String,
    calendar_years: Vec<CalendarYear>,
    calendar: WorkingCalendar,
    overview: CatalogOverview,
    clock: Clock,
}

impl AppBackend {
    pub fn new(db: Db, loaded: LoadedCatalog, clock: Clock) -> AppBackend {
        let overview = overview::overview(&loaded.catalog);
        AppBackend {
            db,
            calendar: WorkingCalendar::from_years(loaded.calendar.clone()),
            calendar_years: loaded.calendar,
            catalog: Arc::new(loaded.catalog),
            catalog_hash: loaded.hash,
            overview,
            clock,
        }
    }
}

#[async_trait]
impl Backend for AppBackend {
    fn catalog_overview(&self) -> CatalogOverview {
        self.overview.clone()
    }

    async fn bundle_context(
        &self,
        items: &[String],
        draft: Option<&str>,
    ) -> Result<BundleContext, BackendError> {
        // Refuse unknown or empty selections here, with the same message the form would give.
        match compose(&self.catalog, items, &BTreeMap::new(), &BTreeSet::new()) {
            Err(e @ (ComposeError::Empty | ComposeError::UnknownItem(_))) => {
                return Err(BackendError::Selection(e))
            }
            Err(e) => {
                tracing::error!(error = ?e, "catalog conflict");
                return Err(BackendError::Selection(e));
            }
            Ok(_) => {}
        }
        Ok(BundleContext {
            catalog: self.catalog.subset(items),
            calendar: self.calendar_years.clone(),
            today: self.clock.today(),
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            draft: match draft {
                Some(token) => drafts::load(&self.db, token, now_millis()).await?,
                None => None,
            },
        })
    }

    async fn save_draft(&self, draft: Draft) -> Result<String, BackendError> {
        drafts::save(&self.db, draft, now_millis()).await
    }

    async fn submit(
        &self,
        items: Vec<String>,
        answers: BTreeMap<String, String>,
        idempotency_key: String,
    ) -> Result<SubmitOutcome, BackendError> {
        let env = submission::Env {
            db: &self.db,
            catalog: &self.catalog,
            catalog_hash: &self.catalog_hash,
            calendar: &self.calendar,
            today: self.clock.today(),
            now_millis: now_millis(),
        };
        submission::submit(
            &env,
            submission::Submission {
                items,
                answers,
                idempotency_key,
            },
        )
        .await
    }

    async fn track(&self, number: &str) -> Result<Option<Tracking>, BackendError> {
        tracking::track(&self.db, &self.catalog, number).await
    }

    async fn departments(&self) -> Result<Vec<DepartmentSummary>, BackendError> {
        tracking::departments(&self.db, &self.catalog).await
    }

    async fn department_queue(&self, id: &str) -> Result<Option<DepartmentQueue>, BackendError> {
        tracking::department_queue(&self.db, &self.catalog, id).await
    }
}
