//! The server's implementation of the app's `Backend` seam. Every method that touches a
//! person's data takes the `Caller` and decides here, on the server, whether they may.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use app::api::backend::{Backend, BackendError};
use app::api::caller::{Caller, Denied};
use app::api::*;
use app::engine::compose::MaterialStatus;
use app::engine::{compose, Catalog, ComposeError, FieldErrors, Text};
use async_trait::async_trait;

use crate::auth::identity::{prefill, IdentityProvider};
use crate::auth::session::Sessions;
use crate::auth::sign_in;
use crate::catalog_store::LoadedCatalog;
use crate::clock::{now_millis, Clock};
use crate::config::Config;
use crate::crypto::Keys;
use crate::db::Db;
use crate::limits::Limiter;
use crate::services::calendar::CalendarNow;
use crate::services::drafts::Sealing;
use crate::services::overview::CatalogIndex;
use crate::services::submission::{self, Verdict};
use crate::services::{drafts, materials, review, storage, tracking};

pub struct AppBackend {
    db: Db,
    /// The catalog version in use: swapped whole when an editor publishes (here, or through
    /// another instance: `refresh_catalog`), so a request never sees half of a publication.
    in_use: std::sync::RwLock<Arc<CatalogInUse>>,
    /// Versions drafts and applications were made under, parsed once when first needed.
    older: std::sync::Mutex<BTreeMap<String, Arc<Catalog>>>,
    /// Swapped whole when an administrator saves a year (`refresh_calendar`).
    calendar: std::sync::RwLock<Arc<CalendarNow>>,
    /// The catalog as citizens browse it: life events in the order citizens use them (swapped
    /// whole by `refresh_usage`, rebuilt from the version in use).
    shown_index: std::sync::RwLock<Arc<CatalogIndex>>,
    /// The catalog editors' draft, parsed and indexed once per saved change: previewing and
    /// browsing it as you type must not parse a city's catalog at every keystroke.
    pub(crate) draft_cache:
        std::sync::Mutex<Option<Arc<crate::services::catalog_edit::DraftInUse>>>,
    identity: Arc<dyn IdentityProvider>,
    clock: Clock,
    keys: Keys,
    sessions: Sessions,
    limiter: Limiter,
    public_origin: Option<String>,
    client_ip_header: Option<String>,
    https: bool,
    upload_permits: tokio::sync::Semaphore,
    sms: Arc<dyn crate::notify::SmsSender>,
    /// Wakes this instance's dispatcher when something was put in the outbox.
    dispatch_wake: Arc<tokio::sync::Notify>,
    /// Writes accepted submissions, several per transaction under load.
    intake: crate::services::intake::Intake,
    /// The form island's catalog slices, packed and compressed once each.
    pub(crate) form_catalogs: crate::form_catalog::Slices,
}

/// One published catalog version and what is derived from it.
pub struct CatalogInUse {
    pub catalog: Arc<Catalog>,
    pub hash: String,
    /// The catalog as citizens browse it, in the catalog's order.
    pub index: Arc<CatalogIndex>,
    /// Answer keys sealed at rest (the catalog marks them sensitive).
    pub sensitive: Arc<BTreeSet<String>>,
}

impl CatalogInUse {
    pub fn new(catalog: Catalog, hash: String) -> Arc<CatalogInUse> {
        Arc::new(CatalogInUse {
            index: Arc::new(CatalogIndex::new(&catalog)),
            sensitive: Arc::new(catalog.sensitive_keys()),
            catalog: Arc::new(catalog),
            hash,
        })
    }
}

/// How a staff member is named in the audit log and beside what they changed: "id (role)".
pub fn staff_actor(s: &app::api::caller::StaffMember) -> String {
    format!("{} ({})", s.id, s.role.code())
}

/// Whether two owners are one person: the same subject, or for development identities (a new
/// subject at each sign-in, `demo:<person>:<session>`) the same demo person.
fn same_person(a: Option<&str>, b: Option<&str>) -> bool {
    let demo_person = |o: &str| {
        o.strip_prefix("demo:")
            .and_then(|rest| rest.split(':').next())
            .map(str::to_string)
    };
    match (a, b) {
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => demo_person(a).is_some() && demo_person(a) == demo_person(b),
        _ => false,
    }
}

/// How far back the home page's order by use looks.
const USAGE_DAYS: i64 = 90;

/// Uploads read at the same time; more wait their turn (bounded memory: one file each).
pub const CONCURRENT_UPLOADS: usize = 8;

/// What an upload request did to a draft.
pub struct UploadResult {
    /// Messages by `material:<key>`, for the inputs that need another try.
    pub errors: FieldErrors,
    /// Every required material is handed in or exempt.
    pub complete: bool,
}

/// What a resume code opened.
pub enum Resumed {
    /// The draft, now this browser's (`cookie`: a new anonymous session to hold it).
    Draft {
        items: Vec<String>,
        handle: String,
        cookie: Option<String>,
    },
    /// A signed-in person's draft: they must sign in to continue it.
    NeedsSignIn,
    Unknown,
}

fn expired_draft() -> Text {
    Text::new(
        "找不到这份申请草稿（可能已超过30天）。请重新选择事项开始办理。",
        "We cannot find this draft (it may be more than 30 days old). Choose your items again to start.",
    )
}

impl AppBackend {
    pub fn new(
        db: Db,
        loaded: LoadedCatalog,
        identity: Arc<dyn IdentityProvider>,
        config: &Config,
    ) -> AppBackend {
        let in_use = CatalogInUse::new(loaded.catalog, loaded.hash);
        let dispatch_wake = Arc::new(tokio::sync::Notify::new());
        db.spawn_checkpoints();
        AppBackend {
            intake: crate::services::intake::Intake::start(db.clone(), dispatch_wake.clone()),
            sessions: Sessions::new(db.clone(), config.keys.clone(), config.https()),
            limiter: Limiter::new(db.clone()),
            db,
            calendar: std::sync::RwLock::new(CalendarNow::new(loaded.calendar)),
            shown_index: std::sync::RwLock::new(in_use.index.clone()),
            in_use: std::sync::RwLock::new(in_use),
            older: std::sync::Mutex::new(BTreeMap::new()),
            draft_cache: std::sync::Mutex::new(None),
            identity,
            clock: config.clock.clone(),
            keys: config.keys.clone(),
            public_origin: config.public_origin.clone(),
            client_ip_header: config.client_ip_header.clone(),
            https: config.https(),
            upload_permits: tokio::sync::Semaphore::new(CONCURRENT_UPLOADS),
            sms: Arc::new(crate::notify::LogSms),
            dispatch_wake,
            form_catalogs: Default::default(),
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
    pub fn keys(&self) -> &Keys {
        &self.keys
    }
    pub fn sessions(&self) -> &Sessions {
        &self.sessions
    }
    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }
    pub fn identity(&self) -> &dyn IdentityProvider {
        self.identity.as_ref()
    }
    /// The catalog version in use now (a publication meanwhile does not change the one
    /// returned).
    pub fn in_use(&self) -> Arc<CatalogInUse> {
        match self.in_use.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
    pub fn catalog(&self) -> Arc<Catalog> {
        self.in_use().catalog.clone()
    }
    /// What a change to a part needs around it, for a request from `client`.
    pub fn act_env<'a>(&'a self, client: &'a str) -> crate::services::review::ActEnv<'a> {
        crate::services::review::ActEnv {
            db: &self.db,
            keys: &self.keys,
            catalog: self.catalog(),
            calendar: self.calendar(),
            sms: self.sms.as_ref(),
            today: self.clock.today(),
            now_millis: now_millis(),
            client,
            dispatch_wake: &self.dispatch_wake,
        }
    }
    pub fn dispatch_wake(&self) -> Arc<tokio::sync::Notify> {
        self.dispatch_wake.clone()
    }
    pub fn sensitive(&self) -> Arc<BTreeSet<String>> {
        self.in_use().sensitive.clone()
    }
    /// The calendar as it is now (a later save does not change the one returned).
    pub fn calendar(&self) -> Arc<CalendarNow> {
        match self.calendar.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reads the calendar from the database again: after a save here, and at every sweep for
    /// saves made through another instance.
    pub async fn refresh_calendar(&self) -> Result<(), BackendError> {
        let years = crate::services::calendar::load(&self.db)
            .await
            .map_err(storage)?;
        let now = CalendarNow::new(years);
        match self.calendar.write() {
            Ok(mut c) => *c = now,
            Err(poisoned) => *poisoned.into_inner() = now,
        }
        Ok(())
    }
    pub fn clock(&self) -> &Clock {
        &self.clock
    }
    pub fn public_origin(&self) -> Option<&str> {
        self.public_origin.as_deref()
    }
    pub fn client_ip_header(&self) -> Option<&str> {
        self.client_ip_header.as_deref()
    }
    pub fn https(&self) -> bool {
        self.https
    }

    fn sealing(&self) -> Sealing<'_> {
        Sealing {
            keys: &self.keys,
            sensitive: self.sensitive(),
            catalog_hash: self.in_use().hash.clone(),
        }
    }

    /// Material keys whose e-certificates exempt this application (see `Caller::held_for`):
    /// those the identity service vouches for, and those an approval here issued to the same
    /// person (by the keyed hash of their ID number).
    async fn held(&self, caller: &Caller, answers: &BTreeMap<String, String>) -> BTreeSet<String> {
        let answered = answers.get("id_number").map(String::as_str);
        let mut held: BTreeSet<String> = caller.held_for(answered).into_iter().collect();
        if let Some(id_number) = caller.same_person(answered) {
            let key = self.keys.index(&id_number.to_ascii_uppercase());
            let issued = async {
                let mut conn = self.db.pool.acquire().await?;
                crate::repo::issued_certificates(&mut conn, &key).await
            }
            .await;
            match issued {
                Ok(issued) => held.extend(issued),
                // Without them the citizen uploads a copy: slower for them, never wrong.
                Err(e) => tracing::error!(error = %e, "reading issued certificates failed"),
            }
        }
        held
    }

    /// The caller's own live draft with this handle. Someone else's is refused exactly like a
    /// missing one, so a handle tells a stranger nothing.
    async fn own_draft(
        &self,
        caller: &Caller,
        handle: &str,
    ) -> Result<Option<Draft>, BackendError> {
        let found = drafts::load(&self.db, &self.keys, handle, now_millis()).await?;
        Ok(found.and_then(|(draft, owner)| {
            caller
                .may_open_own(owner.as_deref())
                .is_ok()
                .then_some(draft)
        }))
    }

    /// Records who did what to which record, in the audit log.
    pub async fn audit(&self, caller: &Caller, action: &str, subject: &str, detail: &str) {
        let actor = match caller {
            Caller::Staff(s) => staff_actor(s),
            other => other.owner().unwrap_or("anonymous").to_string(),
        };
        self.audit_as(&actor, action, subject, detail).await
    }

    /// An audit entry by an actor that is not a caller (a department's system, a signed link).
    pub async fn audit_as(&self, actor: &str, action: &str, subject: &str, detail: &str) {
        let result = async {
            let mut conn = self.db.writer.acquire().await?;
            crate::repo::append_audit(
                &mut conn,
                &crate::repo::AuditEntry {
                    id: &crate::crypto::new_token(),
                    at: now_millis(),
                    actor,
                    role: None,
                    client: None,
                    action,
                    subject,
                    detail,
                },
            )
            .await
        }
        .await;
        if let Err(e) = result {
            tracing::error!(error = %e, action, "audit entry not written");
        }
    }

    /// A resume code typed on another device: the draft becomes this browser's. A draft a
    /// signed-in person made stays theirs: they sign in to continue it.
    pub async fn resume(&self, caller: &Caller, code: &str) -> Result<Resumed, BackendError> {
        let Some((handle, owner, items)) =
            drafts::find_by_code(&self.db, code, now_millis()).await?
        else {
            return Ok(Resumed::Unknown);
        };
        // A visitor's draft goes to whoever has its code; one of a signed-in person (a citizen,
        // a development identity, window staff at the counter) only to that same person.
        let visitors = owner.as_deref().is_none_or(|o| o.starts_with("anon:"));
        if !visitors && !same_person(caller.owner(), owner.as_deref()) {
            return Ok(Resumed::NeedsSignIn);
        }
        let (me, cookie) = match caller.owner() {
            Some(me) => (me.to_string(), None),
            None => {
                let (opened, cookie) = self.open_anonymous_session().await?;
                (opened.owner().unwrap_or_default().to_string(), Some(cookie))
            }
        };
        drafts::give_to(&self.db, &handle, &me).await?;
        Ok(Resumed::Draft {
            items,
            handle,
            cookie,
        })
    }

    /// Opens an upload to the caller's draft: decided before any file is read. `None`: no such
    /// draft of theirs.
    pub async fn begin_upload(
        &self,
        caller: &Caller,
        handle: &str,
    ) -> Result<Option<Upload>, BackendError> {
        let (Some(draft), Some(owner)) = (self.own_draft(caller, handle).await?, caller.owner())
        else {
            return Ok(None);
        };
        let held = self.held(caller, &draft.answers).await;
        let bundle = match compose(&self.catalog(), &draft.items, &draft.answers, &held) {
            Ok(b) => b,
            Err(e) => return Err(BackendError::Selection(e)),
        };
        let expected: BTreeSet<String> = bundle
            .checklist
            .iter()
            .filter(|m| m.status == MaterialStatus::Upload)
            .map(|m| m.key.clone())
            .collect();
        Ok(Some(Upload {
            sizes: materials::held_sizes(&self.db, &draft.token).await?,
            owner: owner.to_string(),
            draft,
            bundle,
            expected,
            attached: BTreeSet::new(),
            errors: FieldErrors::new(),
        }))
    }

    /// Stores one file of an upload as soon as it has arrived, so memory holds one file at most.
    pub async fn store_file(
        &self,
        upload: &mut Upload,
        file: materials::Incoming,
    ) -> Result<(), BackendError> {
        let stored = materials::store_one(
            &self.db,
            &upload.draft.token,
            &file,
            &upload.expected,
            &mut upload.sizes,
            now_millis(),
        )
        .await?;
        match stored {
            Ok(()) => {
                upload.attached.insert(file.material);
            }
            Err(message) => {
                upload
                    .errors
                    .insert(materials::error_key(&file.material), message);
            }
        }
        Ok(())
    }

    /// Keeps the upload's messages in the draft; with `finish`, also says what is still missing.
    pub async fn finish_upload(
        &self,
        upload: Upload,
        refused: FieldErrors,
        finish: bool,
    ) -> Result<UploadResult, BackendError> {
        let Upload {
            mut draft,
            owner,
            bundle,
            attached,
            mut errors,
            ..
        } = upload;
        errors.extend(refused);
        let missing = submission::missing_materials(&bundle, |m| {
            draft.materials.contains_key(m)
                || attached.contains(m)
                || draft.counter_checked.contains(m)
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
        drafts::save(&self.db, &self.sealing(), draft, &owner, now_millis()).await?;
        Ok(UploadResult { errors, complete })
    }

    /// At the counter: the materials window staff saw in the original, for an upload in progress
    /// (replacing the earlier marks). Anyone else's marks are ignored: only window staff see
    /// originals.
    pub async fn set_counter_checks(
        &self,
        caller: &Caller,
        upload: &mut Upload,
        keys: Vec<String>,
    ) -> Result<(), BackendError> {
        let Some(staff) = caller.at_counter() else {
            return Ok(());
        };
        let keys: Vec<String> = keys
            .into_iter()
            .filter(|k| upload.expected.contains(k))
            .collect();
        let mut conn = self.db.writer.acquire().await.map_err(storage)?;
        crate::repo::set_draft_counter_checks(&mut conn, &upload.draft.token, &keys, staff)
            .await
            .map_err(storage)?;
        upload.draft.counter_checked = keys.into_iter().collect();
        Ok(())
    }

    /// A combination composed on the catalog editors' draft, exactly as the form would show it
    /// once published: catalog editors and administrators only, with no draft to save into.
    async fn draft_preview(
        &self,
        caller: &Caller,
        items: &[String],
    ) -> Result<BundleContext, BackendError> {
        caller.may_edit_catalog().map_err(BackendError::Denied)?;
        let Some(draft) = crate::services::catalog_edit::draft_in_use(self).await? else {
            return Err(BackendError::Draft(Text::new(
                "目前没有草稿版本（可能已发布或放弃）。",
                "There is no draft catalog (it may have been published or discarded).",
            )));
        };
        let catalog = &draft.catalog;
        compose(catalog, items, &BTreeMap::new(), &BTreeSet::new())
            .map_err(BackendError::Selection)?;
        Ok(BundleContext {
            catalog: catalog.subset(items),
            calendar: self.calendar().years.clone(),
            today: self.clock.today(),
            idempotency_key: String::new(),
            held: Vec::new(),
            draft: None,
            applicant: None,
            prefill: BTreeMap::new(),
            at_counter: false,
            catalog_preview: true,
            catalog_changes: Vec::new(),
            catalog_version: String::new(),
        })
    }

    /// Puts the latest published catalog version in use if it is not already: after a
    /// publication here, and at every catalog watch tick for one made through another instance.
    pub async fn refresh_catalog(&self) -> Result<bool, BackendError> {
        let Some(hash) = crate::catalog_store::hash_in_use(&self.db)
            .await
            .map_err(storage)?
        else {
            return Ok(false);
        };
        if hash == self.in_use().hash {
            return Ok(false);
        }
        let body = crate::catalog_store::body_of(&self.db, &hash)
            .await
            .map_err(storage)?
            .ok_or_else(|| BackendError::Storage(format!("catalog version {hash} is gone")))?;
        let catalog = crate::catalog_store::for_serving(&body).map_err(BackendError::Storage)?;
        tracing::info!(version = %catalog.version, %hash, "catalog version in use");
        let now = CatalogInUse::new(catalog, hash);
        if let Ok(mut shown) = self.shown_index.write() {
            *shown = now.index.clone();
        }
        match self.in_use.write() {
            Ok(mut c) => *c = now,
            Err(poisoned) => *poisoned.into_inner() = now,
        }
        // The life events' order by use, on the new version's index.
        self.refresh_usage().await?;
        Ok(true)
    }

    /// A stored catalog version by content hash (a draft's, an application's), parsed once.
    async fn version(&self, hash: &str) -> Result<Option<Arc<Catalog>>, BackendError> {
        let in_use = self.in_use();
        if in_use.hash == hash {
            return Ok(Some(in_use.catalog.clone()));
        }
        if let Some(c) = self.older.lock().ok().and_then(|o| o.get(hash).cloned()) {
            return Ok(Some(c));
        }
        let Some(body) = crate::catalog_store::body_of(&self.db, hash)
            .await
            .map_err(storage)?
        else {
            return Ok(None);
        };
        let catalog =
            Arc::new(Catalog::from_json(&body).map_err(|e| BackendError::Storage(e.to_string()))?);
        if let Ok(mut older) = self.older.lock() {
            // A handful of versions at most are live at once; a long-lived server forgets.
            if older.len() >= 8 {
                older.clear();
            }
            older.insert(hash.to_string(), catalog.clone());
        }
        Ok(Some(catalog))
    }

    /// Orders the home page's life events by the applications of the last 90 days (run at
    /// start and with every retention sweep): the events citizens really use come first.
    pub async fn refresh_usage(&self) -> Result<(), BackendError> {
        let since = self.clock.today().add_days(-USAGE_DAYS);
        let mut conn = self.db.pool.acquire().await.map_err(storage)?;
        let usage = crate::repo::item_usage_since(&mut conn, &since.to_string())
            .await
            .map_err(storage)?;
        let shown = Arc::new(self.in_use().index.by_usage(&usage));
        if let Ok(mut current) = self.shown_index.write() {
            *current = shown;
        }
        Ok(())
    }

    /// Marks an application's dates provisional when its deadline (the latest part's) runs
    /// into a year whose holiday notice is not loaded.
    fn provisional(&self, mut tracking: Tracking) -> Tracking {
        tracking.provisional = !self
            .calendar()
            .working
            .covers(tracking.submitted_on, tracking.due);
        tracking
    }

    /// A lookup by number or id that a guesser could walk (tracking, receipts, corrections):
    /// counted in the limiter before it runs, given back when it finds something the caller may
    /// see. A refusal counts as a miss, so another person's numbers cannot be walked either.
    pub async fn limited<T>(
        &self,
        client: &str,
        lookup: impl std::future::Future<Output = Result<Option<T>, BackendError>>,
    ) -> Result<Option<T>, BackendError> {
        use crate::limits::Scope;
        if !self
            .limiter
            .admit(Scope::TrackingNumber, client, now_millis())
            .await
            .map_err(storage)?
        {
            return Err(BackendError::Wait);
        }
        let found = lookup.await?;
        if found.is_some() {
            self.limiter
                .succeeded(Scope::TrackingNumber, client)
                .await
                .map_err(storage)?;
        }
        Ok(found)
    }

    /// Uploads read at once: each may hold a file in memory while it is stored.
    pub fn upload_permits(&self) -> &tokio::sync::Semaphore {
        &self.upload_permits
    }
}

/// An upload in progress to one draft.
pub struct Upload {
    draft: Draft,
    owner: String,
    bundle: app::engine::Bundle,
    expected: BTreeSet<String>,
    sizes: BTreeMap<String, u64>,
    attached: BTreeSet<String>,
    errors: FieldErrors,
}

impl Upload {
    pub fn handle(&self) -> &str {
        &self.draft.token
    }
}

#[async_trait]
impl Backend for AppBackend {
    async fn browse_draft(
        &self,
        caller: &Caller,
        query: &CatalogQuery,
        chosen: &[String],
    ) -> Result<CatalogPage, BackendError> {
        caller.may_edit_catalog().map_err(BackendError::Denied)?;
        match crate::services::catalog_edit::draft_in_use(self).await? {
            Some(draft) => Ok(draft.index.page(query, chosen)),
            None => Err(BackendError::Draft(Text::new(
                "目前没有草稿版本（可能已发布或放弃）。",
                "There is no draft catalog (it may have been published or discarded).",
            ))),
        }
    }

    fn browse(&self, query: &CatalogQuery, chosen: &[String]) -> CatalogPage {
        let shown = match self.shown_index.read() {
            Ok(shown) => shown.clone(),
            Err(_) => self.in_use().index.clone(),
        };
        shown.page(query, chosen)
    }

    fn demo_applicants(&self) -> Vec<ApplicantView> {
        self.identity
            .development_identities()
            .iter()
            .map(|a| a.view(&self.catalog()))
            .collect()
    }

    async fn open_anonymous_session(&self) -> Result<(Caller, String), BackendError> {
        self.sessions
            .open_anonymous(now_millis())
            .await
            .map_err(storage)
    }

    async fn bundle_context(
        &self,
        caller: &Caller,
        items: &[String],
        draft: Option<&str>,
        draft_catalog: bool,
    ) -> Result<BundleContext, BackendError> {
        if draft_catalog {
            return self.draft_preview(caller, items).await;
        }
        let asked_for_draft = draft.is_some();
        let mut draft = match draft {
            Some(handle) => self.own_draft(caller, handle).await?,
            None => None,
        };
        let in_use = self.in_use();
        let catalog = &in_use.catalog;
        // A draft saved under an older version is recomposed under this one: items withdrawn
        // meanwhile leave it, and the citizen is told what changed for theirs.
        let mut catalog_changes = Vec::new();
        if let Some(d) = draft.as_mut() {
            if !d.made_under.is_empty() && d.made_under != in_use.hash {
                if let Some(before) = self.version(&d.made_under).await? {
                    catalog_changes = app::engine::catalog_diff::changes(&before, catalog)
                        .into_iter()
                        .filter(|c| c.touches(&d.items))
                        .map(|c| c.what)
                        .collect();
                }
                d.items.retain(|id| catalog.item(id).is_some());
            }
        }
        let recomposed = draft
            .as_ref()
            .is_some_and(|d| !d.made_under.is_empty() && d.made_under != in_use.hash);
        let items: Vec<String> = match (&draft, items.is_empty()) {
            (Some(d), true) => d.items.clone(),
            // The address of a draft made under an older version may name withdrawn items.
            _ if recomposed => items
                .iter()
                .filter(|id| catalog.item(id).is_some())
                .cloned()
                .collect(),
            _ => items.to_vec(),
        };
        if items.is_empty() && asked_for_draft && draft.is_none() {
            return Err(BackendError::Draft(expired_draft()));
        }
        // Refuse unknown or empty selections here, with the same message the form would give.
        match compose(catalog, &items, &BTreeMap::new(), &BTreeSet::new()) {
            Err(e @ (ComposeError::Empty | ComposeError::UnknownItem(_))) => {
                return Err(BackendError::Selection(e))
            }
            Err(e) => {
                tracing::error!(error = ?e, "catalog conflict");
                return Err(BackendError::Selection(e));
            }
            Ok(_) => {}
        }
        let citizen = caller.citizen();
        let answers = draft
            .as_ref()
            .map(|d| d.answers.clone())
            .unwrap_or_default();
        Ok(BundleContext {
            catalog: catalog.subset(&items),
            calendar: self.calendar().years.clone(),
            today: self.clock.today(),
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            held: self.held(caller, &answers).await.into_iter().collect(),
            draft,
            applicant: citizen.map(|c| ApplicantView {
                id: String::new(),
                name: c.name.clone(),
                story: Text::new("", ""),
                certificates: c
                    .held
                    .iter()
                    .filter_map(|k| catalog.material(k).map(|m| m.name.clone()))
                    .collect(),
            }),
            prefill: citizen.map(prefill).unwrap_or_default(),
            at_counter: caller.at_counter().is_some(),
            catalog_preview: false,
            catalog_changes,
            catalog_version: in_use.hash.clone(),
        })
    }

    async fn save_answers(
        &self,
        caller: &Caller,
        mut draft: Draft,
        check: bool,
    ) -> Result<(String, SubmitOutcome), BackendError> {
        let Some(owner) = caller.owner() else {
            return Err(BackendError::Denied(Denied::SignIn(
                app::api::caller::Audience::Citizen,
            )));
        };
        let now = now_millis();
        draft.errors.clear();
        draft.problems.clear();
        if check {
            let held = self.held(caller, &draft.answers).await;
            let today = self.clock.today();
            if let Verdict::Invalid { errors, problems } =
                submission::verdict(&self.catalog(), &draft.items, &draft.answers, &held, today)?
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
        let token = drafts::save(&self.db, &self.sealing(), draft, owner, now).await?;
        let outcome = outcome.unwrap_or(SubmitOutcome::Saved {
            draft: token.clone(),
        });
        Ok((token, outcome))
    }

    async fn submit(
        &self,
        caller: &Caller,
        handle: &str,
        idempotency_key: &str,
    ) -> Result<SubmitOutcome, BackendError> {
        let now = now_millis();
        let calendar = self.calendar();
        let in_use = self.in_use();
        let env = submission::Env {
            db: &self.db,
            keys: &self.keys,
            sensitive: &in_use.sensitive,
            owner: caller.owner(),
            at_counter: caller.at_counter(),
            catalog: &in_use.catalog,
            catalog_hash: &in_use.hash,
            calendar: &calendar.working,
            today: self.clock.today(),
            now_millis: now,
            intake: &self.intake,
        };
        let Some(mut draft) = self.own_draft(caller, handle).await? else {
            // Already submitted with this key by this caller (the draft went with it), or gone.
            let accepted = submission::accepted_for_key(&env, idempotency_key).await?;
            return Ok(accepted.unwrap_or_else(|| SubmitOutcome::Invalid {
                errors: FieldErrors::new(),
                problems: vec![expired_draft()],
            }));
        };
        // Items withdrawn since the draft was saved leave it (the form said so on resume).
        if draft.made_under != in_use.hash {
            let known: Vec<String> = draft
                .items
                .iter()
                .filter(|id| in_use.catalog.item(id).is_some())
                .cloned()
                .collect();
            if !known.is_empty() {
                draft.items = known;
            }
        }
        let held = self.held(caller, &draft.answers).await;
        let outcome = submission::submit(&env, &draft, idempotency_key, &held).await?;
        if let SubmitOutcome::Invalid { errors, problems } = &outcome {
            // Kept with the draft, so the pages can show them beside the fields.
            draft.errors = errors.clone();
            draft.problems = problems.clone();
            if let Some(owner) = caller.owner() {
                drafts::save(&self.db, &self.sealing(), draft, owner, now).await?;
            }
        }
        Ok(outcome)
    }

    async fn track(
        &self,
        caller: &Caller,
        number: &str,
        client: &str,
    ) -> Result<Option<Tracking>, BackendError> {
        let found = self
            .limited(
                client,
                tracking::track(&self.db, &self.catalog(), number, caller.owner()),
            )
            .await?;
        Ok(found.map(|(tracking, _owner)| self.provisional(tracking)))
    }

    async fn receipt(
        &self,
        caller: &Caller,
        number: &str,
        client: &str,
    ) -> Result<Option<Tracking>, BackendError> {
        let lookup = async {
            let Some((tracking, owner)) =
                tracking::track(&self.db, &self.catalog(), number, caller.owner()).await?
            else {
                return Ok(None);
            };
            caller
                .may_open_own(owner.as_deref())
                .map_err(BackendError::Denied)?;
            Ok(Some(self.provisional(tracking)))
        };
        self.limited(client, lookup).await
    }

    async fn departments(&self, caller: &Caller) -> Result<Vec<DepartmentSummary>, BackendError> {
        caller
            .may_list_departments()
            .map_err(BackendError::Denied)?;
        let all = tracking::departments(&self.db, &self.catalog()).await?;
        Ok(all
            .into_iter()
            .filter(|d| caller.may_work_department(&d.id).is_ok())
            .collect())
    }

    async fn drafts_of(&self, caller: &Caller) -> Result<Vec<DraftSummary>, BackendError> {
        let Some(owner) = caller.owner() else {
            return Ok(Vec::new());
        };
        let drafts = drafts::of(&self.db, owner, now_millis()).await?;
        Ok(drafts
            .into_iter()
            .map(|(token, items)| DraftSummary {
                item_names: items
                    .iter()
                    .map(|id| self.catalog().item_name(id))
                    .collect(),
                token,
                items,
            })
            .collect())
    }

    async fn department_queue(
        &self,
        caller: &Caller,
        query: QueueQuery,
    ) -> Result<Option<DepartmentQueue>, BackendError> {
        if self.catalog().department(&query.department).is_none() {
            // Staff learn that a department does not exist; others learn nothing.
            caller
                .may_list_departments()
                .map_err(BackendError::Denied)?;
            return Ok(None);
        }
        review::queue(
            &self.db,
            &self.catalog(),
            &self.calendar().working,
            caller,
            query,
            self.clock.today(),
        )
        .await
    }

    async fn part_detail(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<Option<PartDetail>, BackendError> {
        review::detail(
            &self.db,
            &self.keys,
            &self.catalog(),
            &self.calendar().working,
            caller,
            id,
            self.clock.today(),
        )
        .await
    }

    async fn find_by_applicant(
        &self,
        caller: &Caller,
        key: &str,
    ) -> Result<Vec<FoundPart>, BackendError> {
        let found = review::find_by_applicant(&self.db, &self.catalog(), caller, key).await?;
        if !key.is_empty() {
            // Each look at one person's applications is on record (by hash, never the number).
            self.audit(
                caller,
                "staff_search_applicant",
                key,
                &format!("{} parts shown", found.len()),
            )
            .await;
        }
        Ok(found)
    }

    async fn correction(
        &self,
        caller: &Caller,
        part: &str,
        client: &str,
    ) -> Result<Option<CorrectionContext>, BackendError> {
        self.limited(
            client,
            crate::services::correction::context(
                &self.db,
                &self.keys,
                &self.catalog(),
                caller,
                part,
            ),
        )
        .await
    }

    async fn applications_of(
        &self,
        caller: &Caller,
    ) -> Result<Vec<ApplicationSummary>, BackendError> {
        let Some(owner) = caller.owner() else {
            return Ok(Vec::new());
        };
        tracking::applications_of(&self.db, &self.catalog(), owner).await
    }

    async fn notifications(&self, caller: &Caller) -> Result<Vec<Notice>, BackendError> {
        let Some(owner) = caller.owner() else {
            return Ok(Vec::new());
        };
        let mut conn = self.db.pool.acquire().await.map_err(storage)?;
        Ok(crate::repo::notifications_of(&mut conn, owner, 20)
            .await
            .map_err(storage)?
            .into_iter()
            .map(|(number, at, zh, en)| Notice {
                number,
                at,
                text: Text::new(zh, en),
            })
            .collect())
    }

    async fn pending_sign_in(&self, attempt: &str) -> Result<Option<PendingSignIn>, BackendError> {
        let sealed = sign_in::attempt_phone(&self.db, attempt, now_millis())
            .await
            .map_err(storage)?;
        Ok(sealed
            .and_then(|s| self.keys.open(&s))
            .map(|phone| PendingSignIn {
                phone: sign_in::mask_phone(&phone),
                development_code: self.identity.development_code(attempt),
            }))
    }

    async fn staff_accounts(&self, caller: &Caller) -> Result<Vec<StaffAccount>, BackendError> {
        caller.may_manage_staff().map_err(BackendError::Denied)?;
        crate::auth::staff::list(&self.db, &self.catalog())
            .await
            .map_err(storage)
    }

    async fn dispatch_overview(&self, caller: &Caller) -> Result<DispatchOverview, BackendError> {
        crate::services::receivers::overview(self, caller).await
    }

    async fn catalog_draft(
        &self,
        caller: &Caller,
        find: &str,
        item: &str,
        field: &str,
    ) -> Result<CatalogDraftView, BackendError> {
        crate::services::catalog_edit::view(self, caller, find, item, field).await
    }

    fn catalog_summary(&self, caller: &Caller) -> Result<CatalogSummary, BackendError> {
        caller.may_edit_catalog().map_err(BackendError::Denied)?;
        let in_use = self.in_use();
        let c = &in_use.catalog;
        let count = |n: usize| n as u32;
        Ok(CatalogSummary {
            version: c.version.clone(),
            hash: in_use.hash.clone(),
            items: count(c.items.len()),
            departments: count(c.departments.len()),
            life_events: count(c.life_events.len()),
            packages: count(c.packages.len()),
            fields: count(c.fields.len()),
            materials: count(c.materials.len()),
        })
    }

    async fn calendar_overview(&self, caller: &Caller) -> Result<CalendarOverview, BackendError> {
        crate::services::calendar::overview(&self.db, caller).await
    }

    async fn dashboard(&self, caller: &Caller) -> Result<Dashboard, BackendError> {
        use crate::services::statistics::{self, Period};
        let today = self.clock.today();
        statistics::dashboard(
            &self.db,
            &self.catalog(),
            &self.calendar().working,
            caller,
            Period::last_days(today, statistics::DEFAULT_DAYS),
            today,
        )
        .await
    }
}
