//! The server's implementation of the app's `Backend` seam.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use app::api::backend::{Backend, BackendError};
use app::api::*;
use app::engine::calendar::CalendarYear;
use app::engine::compose::MaterialStatus;
use app::engine::{compose, Catalog, ComposeError, FieldErrors, Text, WorkingCalendar};
use async_trait::async_trait;

use crate::catalog_store::LoadedCatalog;
use crate::clock::{now_millis, Clock};
use crate::db::Db;
use crate::services::identity::Identities;
use crate::services::submission::{self, Verdict};
use crate::services::{drafts, materials, overview, tracking};

pub struct AppBackend {
    db: Db,
    catalog: Arc<Catalog>,
    catalog_hash: String,
    calendar_years: Vec<CalendarYear>,
    calendar: WorkingCalendar,
    overview: CatalogOverview,
    identities: Identities,
    clock: Clock,
}

/// What an upload request did to a draft.
pub struct UploadResult {
    /// Messages by `material:<key>`, for the inputs that need another try.
    pub errors: FieldErrors,
    /// Every required material is handed in or exempt.
    pub complete: bool,
}

fn expired_draft() -> Text {
    Text::new(
        "找不到这份申请草稿（可能已超过30天）。请重新选择事项开始办理。",
        "We cannot find this draft (it may be more than 30 days old). Choose your items again to start.",
    )
}

impl AppBackend {
    pub fn new(db: Db, loaded: LoadedCatalog, identities: Identities, clock: Clock) -> AppBackend {
        let overview = overview::overview(&loaded.catalog);
        AppBackend {
            db,
            calendar: WorkingCalendar::from_years(loaded.calendar.clone()),
            calendar_years: loaded.calendar,
            catalog: Arc::new(loaded.catalog),
            catalog_hash: loaded.hash,
            overview,
            identities,
            clock,
        }
    }

    pub fn is_applicant(&self, id: &str) -> bool {
        self.identities.find(id).is_some()
    }

    /// The session's identity when it is one the identity service knows (only those own drafts).
    fn known<'a>(&self, applicant: Option<&'a str>) -> Option<&'a str> {
        applicant.filter(|id| self.is_applicant(id))
    }

    /// Material keys held as e-certificates by the session's identity.
    fn held(&self, applicant: Option<&str>) -> BTreeSet<String> {
        applicant
            .and_then(|id| self.identities.find(id))
            .map(|a| a.certificates.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub async fn draft(&self, code: &str) -> Result<Option<Draft>, BackendError> {
        drafts::load(&self.db, code, now_millis()).await
    }

    /// Stores the files given for a draft's materials and keeps their messages in the draft. With
    /// `finish`, also says what is still missing.
    pub async fn upload_materials(
        &self,
        token: &str,
        files: Vec<materials::Incoming>,
        refused: FieldErrors,
        finish: bool,
        applicant: Option<&str>,
    ) -> Result<Option<UploadResult>, BackendError> {
        let now = now_millis();
        let Some(mut draft) = drafts::load(&self.db, token, now).await? else {
            return Ok(None);
        };
        let held = self.held(applicant);
        let bundle = match compose(&self.catalog, &draft.items, &draft.answers, &held) {
            Ok(b) => b,
            Err(e) => return Err(BackendError::Selection(e)),
        };
        let expected: BTreeSet<String> = bundle
            .checklist
            .iter()
            .filter(|m| m.status == MaterialStatus::Upload)
            .map(|m| m.key.clone())
            .collect();
        let (mut errors, attached) =
            materials::attach(&self.db, &draft.token, files, &expected, now).await?;
        errors.extend(refused);
        let missing = submission::missing_materials(&bundle, |m| {
            draft.materials.contains_key(m) || attached.contains(m)
        });
        let complete = missing.is_empty() && errors.is_empty();
        if finish {
            for (k, v) in missing {
                errors.entry(k).or_insert(v);
            }
        }
        // Earlier material messages are replaced by this request's; answer messages stay.
        draft.errors.retain(|k, _| !k.starts_with("material:"));
        draft.errors.extend(errors.clone());
        drafts::save(&self.db, draft, self.known(applicant), now).await?;
        Ok(Some(UploadResult { errors, complete }))
    }
}

#[async_trait]
impl Backend for AppBackend {
    fn catalog_overview(&self) -> CatalogOverview {
        self.overview.clone()
    }

    fn demo_applicants(&self) -> Vec<ApplicantView> {
        self.identities
            .all()
            .iter()
            .map(|a| a.view(&self.catalog))
            .collect()
    }

    async fn bundle_context(
        &self,
        items: &[String],
        draft: Option<&str>,
        applicant: Option<&str>,
    ) -> Result<BundleContext, BackendError> {
        let asked_for_draft = draft.is_some();
        let draft = match draft {
            Some(token) => drafts::load(&self.db, token, now_millis()).await?,
            None => None,
        };
        let items: Vec<String> = match (&draft, items.is_empty()) {
            (Some(d), true) => d.items.clone(),
            _ => items.to_vec(),
        };
        if items.is_empty() && asked_for_draft && draft.is_none() {
            return Err(BackendError::Draft(expired_draft()));
        }
        // Refuse unknown or empty selections here, with the same message the form would give.
        match compose(&self.catalog, &items, &BTreeMap::new(), &BTreeSet::new()) {
            Err(e @ (ComposeError::Empty | ComposeError::UnknownItem(_))) => {
                return Err(BackendError::Selection(e))
            }
            Err(e) => {
                tracing::error!(error = ?e, "catalog conflict");
                return Err(BackendError::Selection(e));
            }
            Ok(_) => {}
        }
        let person = applicant.and_then(|id| self.identities.find(id));
        Ok(BundleContext {
            catalog: self.catalog.subset(&items),
            calendar: self.calendar_years.clone(),
            today: self.clock.today(),
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            draft,
            applicant: person.map(|a| a.view(&self.catalog)),
            held: self.held(applicant).into_iter().collect(),
            prefill: person.map(|a| a.prefill()).unwrap_or_default(),
        })
    }

    async fn save_answers(
        &self,
        mut draft: Draft,
        check: bool,
        applicant: Option<&str>,
    ) -> Result<(String, SubmitOutcome), BackendError> {
        let now = now_millis();
        draft.errors.clear();
        draft.problems.clear();
        if check {
            let held = self.held(applicant);
            let today = self.clock.today();
            if let Verdict::Invalid { errors, problems } =
                submission::verdict(&self.catalog, &draft.items, &draft.answers, &held, today)?
            {
                draft.errors = errors;
                draft.problems = problems;
            }
        }
        let outcome = if draft.errors.is_empty() && draft.problems.is_empty() {
            None
        } else {
            Some(SubmitOutcome::Invalid {
                errors: draft.errors.clone(),
                problems: draft.problems.clone(),
            })
        };
        let token = drafts::save(&self.db, draft, self.known(applicant), now).await?;
        let outcome = outcome.unwrap_or(SubmitOutcome::Saved {
            draft: token.clone(),
        });
        Ok((token, outcome))
    }

    async fn submit(
        &self,
        token: &str,
        idempotency_key: &str,
        applicant: Option<&str>,
    ) -> Result<SubmitOutcome, BackendError> {
        let now = now_millis();
        let env = submission::Env {
            db: &self.db,
            catalog: &self.catalog,
            catalog_hash: &self.catalog_hash,
            calendar: &self.calendar,
            today: self.clock.today(),
            now_millis: now,
        };
        let Some(mut draft) = drafts::load(&self.db, token, now).await? else {
            // Already submitted with this key (the draft went with it), or gone.
            return submission::accepted_for_key(&env, idempotency_key)
                .await?
                .map_or_else(
                    || {
                        Ok(SubmitOutcome::Invalid {
                            errors: FieldErrors::new(),
                            problems: vec![expired_draft()],
                        })
                    },
                    Ok,
                );
        };
        let outcome =
            submission::submit(&env, &draft, idempotency_key, &self.held(applicant)).await?;
        if let SubmitOutcome::Invalid { errors, problems } = &outcome {
            // Kept with the draft, so the pages can show them beside the fields.
            draft.errors = errors.clone();
            draft.problems = problems.clone();
            drafts::save(&self.db, draft, self.known(applicant), now).await?;
        }
        Ok(outcome)
    }

    async fn track(&self, number: &str) -> Result<Option<Tracking>, BackendError> {
        tracking::track(&self.db, &self.catalog, number).await
    }

    async fn departments(&self) -> Result<Vec<DepartmentSummary>, BackendError> {
        tracking::departments(&self.db, &self.catalog).await
    }

    async fn drafts_of(&self, applicant: &str) -> Result<Vec<DraftSummary>, BackendError> {
        let Some(owner) = self.known(Some(applicant)) else {
            return Ok(Vec::new());
        };
        let drafts = drafts::of(&self.db, owner, now_millis()).await?;
        Ok(drafts
            .into_iter()
            .map(|(token, items)| DraftSummary {
                item_names: items.iter().map(|id| self.catalog.item_name(id)).collect(),
                token,
                items,
            })
            .collect())
    }

    async fn department_queue(&self, id: &str) -> Result<Option<DepartmentQueue>, BackendError> {
        tracking::department_queue(&self.db, &self.catalog, id).await
    }
}
