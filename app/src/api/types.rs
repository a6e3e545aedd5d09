//! What server functions send to the browser. Shared by both builds, so plain serde types only.

use serde::{Deserialize, Serialize};

use crate::engine::calendar::{CalendarYear, Date};
use crate::engine::{Catalog, FieldErrors, Text};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemSummary {
    pub id: String,
    pub name: Text,
    /// Initials and full pinyin of the Chinese name, and the words citizens use for it.
    pub pinyin: String,
    pub pinyin_full: String,
    pub synonyms: Vec<String>,
    pub department: String,
    pub department_name: Text,
    pub committed_days: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageSummary {
    pub id: String,
    pub name: Text,
    pub items: Vec<String>,
}

/// How the home page browses the catalog.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BrowseBy {
    #[default]
    LifeEvent,
    Department,
    Package,
}

impl BrowseBy {
    /// As written in the page's address (`?by=`); anything else is the default.
    pub fn parse(text: &str) -> BrowseBy {
        match text {
            "department" => BrowseBy::Department,
            "package" => BrowseBy::Package,
            _ => BrowseBy::LifeEvent,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            BrowseBy::LifeEvent => "life_event",
            BrowseBy::Department => "department",
            BrowseBy::Package => "package",
        }
    }
}

/// What a citizen asked to see of the catalog, parsed from the page's address. Without
/// JavaScript every step is the picker form sent back to the page (so what was ticked travels
/// with it), and its buttons carry their own names: `view` (a tab) starts a mode afresh, `open`
/// opens a group, `page` turns a page; `by` and `group` hold where the citizen is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogQuery {
    pub by: BrowseBy,
    /// The life event or department opened (its id), if any.
    pub group: Option<String>,
    pub search: String,
    /// From 1.
    pub page: u32,
}

/// The longest search a person types; anything longer is cut, not refused.
pub const MAX_SEARCH_CHARS: usize = 40;

impl CatalogQuery {
    /// The query from the page address's parameters (`get` gives a parameter's first value).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> CatalogQuery {
        let given = |name: &str| get(name).filter(|v| !v.is_empty());
        let (view, open) = (given("view"), given("open"));
        let by = BrowseBy::parse(view.as_deref().or(given("by").as_deref()).unwrap_or(""));
        let group = match (&view, &open) {
            (Some(_), _) => None,
            (None, Some(open)) => Some(open.clone()),
            (None, None) => given("group"),
        };
        let page = if view.is_some() || open.is_some() {
            1
        } else {
            given("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1)
        };
        // A tab starts afresh, search included.
        let search = given("q")
            .filter(|_| view.is_none())
            .unwrap_or_default()
            .trim()
            .chars()
            .take(MAX_SEARCH_CHARS)
            .collect();
        CatalogQuery {
            by,
            group,
            search,
            page,
        }
    }
}

/// A life event or department to open, with how many items it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupHead {
    pub id: String,
    pub name: Text,
    pub count: u32,
}

/// Where a paged list stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    pub page: u32,
    pub pages: u32,
    pub total: u32,
}

/// A group as the page shows it: one page of its items when it is open, none when closed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    pub head: GroupHead,
    pub items: Vec<ItemSummary>,
    pub paging: Option<Paging>,
}

/// One screen of the catalog: what the page and the picker island show, and nothing more (the
/// catalog itself stays on the server, however large it is).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// The catalog index this screen was cut from (0: not known), so the server can keep what it
    /// renders from a screen that depends on nothing else (`picker::first_screen_markup`). Only
    /// the server's own pages read it, in the same process: it is never sent (and so the
    /// browser's code carries no decoder for it).
    #[serde(skip)]
    pub edition: u64,
    pub query: CatalogQuery,
    /// Life events or departments (by the query's mode); each open one carries its items.
    pub groups: Vec<GroupView>,
    /// The search's results, best first, one page (none without a search).
    pub found: Vec<ItemSummary>,
    pub found_paging: Option<Paging>,
    /// The first packages (first screen) or a page of them (browsing by package).
    pub packages: Vec<PackageSummary>,
    pub packages_paging: Paging,
    /// The items already chosen, so the selection and its summary show wherever the citizen is.
    pub chosen: Vec<ItemSummary>,
}

/// What the browser needs to run the engine for one selection: only the part of the catalog
/// those items can reach, the working-day calendar, today's date and a fresh submission key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleContext {
    pub catalog: Catalog,
    pub calendar: Vec<CalendarYear>,
    pub today: Date,
    /// Sent back with the submission so double taps and retries create one application.
    pub idempotency_key: String,
    /// Answers (and the server's verdict on them) kept from an earlier request.
    pub draft: Option<Draft>,
    /// The signed-in applicant, if any: decided by the server from its own session, never by the
    /// browser.
    pub applicant: Option<ApplicantView>,
    /// Material keys the applicant holds as e-certificates (exempt, fetched by the departments).
    pub held: Vec<String>,
    /// Values the identity service vouches for (name, ID number), offered when no draft exists.
    pub prefill: std::collections::BTreeMap<String, String>,
    /// Window staff entering an application at the counter: materials may be marked as seen.
    #[serde(default)]
    pub at_counter: bool,
    /// A catalog editor's preview of the draft catalog: shown as such, and nothing can be saved.
    #[serde(default)]
    pub catalog_preview: bool,
    /// What changed for these items since the draft was last saved (a newer catalog version was
    /// published meanwhile); empty when nothing did.
    #[serde(default)]
    pub catalog_changes: Vec<Text>,
    /// The published version `catalog` was cut from (its content hash), which names the slice's
    /// public, cacheable address (`form_catalog_url`); empty for the editors' unpublished draft,
    /// which has none.
    #[serde(default)]
    pub catalog_version: String,
}

/// Who is applying, as the pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicantView {
    pub id: String,
    pub name: String,
    pub story: Text,
    /// Names of the e-certificates held.
    pub certificates: Vec<Text>,
}

/// A file given for one material of a draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadedFile {
    /// SHA-256 of the bytes: the file is stored once under it.
    pub hash: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
}

/// One of a signed-in person's unfinished applications, as the home page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub token: String,
    pub items: Vec<String>,
    pub item_names: Vec<Text>,
}

/// A saved, unfinished application: what was typed and what the server said about it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The draft's handle in links: random, and useless without its owner's session.
    pub token: String,
    /// The resume code (a secret, shown only to the draft's owner): with it the draft can be
    /// taken to another device.
    pub code: String,
    pub items: Vec<String>,
    pub answers: std::collections::BTreeMap<String, String>,
    pub errors: FieldErrors,
    pub problems: Vec<Text>,
    /// Files given so far, by material key.
    pub materials: std::collections::BTreeMap<String, UploadedFile>,
    /// Materials window staff saw in the original at the counter (counter entry only).
    #[serde(default)]
    pub counter_checked: std::collections::BTreeSet<String>,
    /// The catalog version (content hash) it was last saved under: set by the server only.
    #[serde(default)]
    pub made_under: String,
}

impl Draft {
    /// The token as people read and type it: XXXX-XXXX-XXXX.
    pub fn resume_code(&self) -> String {
        let chars: Vec<char> = self.code.chars().collect();
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }
}

pub use crate::engine::workflow::{Overall, PartStatus};

/// How far a part has got on its way to its department (not what the department decided).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// The department has it: on its desk here, or its own system confirmed receipt.
    Received,
    /// Being sent to the department's own system, which has not confirmed receipt yet.
    Sending,
    /// Sending failed again and again; an administrator has it in hand.
    Delayed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartView {
    pub id: String,
    pub department: String,
    pub department_name: Text,
    pub item: Text,
    pub status: PartStatus,
    pub due: Date,
    pub delivery: Delivery,
    /// Only for the applicant: what to correct (the public tracking page never shows it).
    pub correction: Option<CorrectionRequest>,
}

/// An application as the citizen tracks it: statuses and dates, no personal data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    pub number: String,
    pub submitted_on: Date,
    pub due: Date,
    pub overall: Overall,
    pub parts: Vec<PartView>,
    /// What happened, oldest first (notes only for the applicant).
    pub history: Vec<HistoryEntry>,
    /// The caller submitted it: reasons and correction links are shown.
    pub mine: bool,
    /// Some deadline runs into a year whose holiday notice is not loaded: the dates are
    /// provisional (counted on the statutory holidays, without a notice's bridges and make-up days).
    pub provisional: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SubmitOutcome {
    Accepted {
        number: String,
    },
    /// The answers pass and are kept in the draft: go on to the next step.
    Saved {
        draft: String,
    },
    /// Nothing was stored; the messages say what to fix, keyed by field.
    Invalid {
        errors: FieldErrors,
        problems: Vec<Text>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentSummary {
    pub id: String,
    pub name: Text,
    pub open_parts: u64,
}

/// How close an open part is to its deadline, as queues mark it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Overdue,
    /// Due within two working days.
    DueSoon,
    OnTime,
    /// Decided, or waiting for the citizen (the clock is stopped).
    Stopped,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub part: String,
    pub number: String,
    pub item: Text,
    pub status: PartStatus,
    pub submitted_on: Date,
    pub due: Date,
    pub urgency: Urgency,
    /// The due date runs into a year whose holiday notice is not loaded (see `Tracking`).
    pub provisional: bool,
    /// The applicant's name, masked (张*): reviewers open the part to see more.
    pub applicant: String,
}

/// A part of one person's applications, found by their ID number (through its keyed hash: the
/// number itself is never stored in clear nor put in a link).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoundPart {
    pub part: String,
    pub number: String,
    pub item: Text,
    pub department: Text,
    pub status: PartStatus,
    pub submitted_on: Date,
    pub due: Date,
    /// Masked (张*), as in every list.
    pub applicant: String,
    /// The caller may open the part: a reviewer of its department, a manager, an administrator.
    pub can_open: bool,
}

/// Which page of which parts of a department's queue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueQuery {
    pub department: String,
    pub status: Option<PartStatus>,
    pub item: Option<String>,
    /// 1-based.
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentQueue {
    pub id: String,
    pub name: Text,
    /// Parts per status (with the item filter applied).
    pub counts: Vec<(PartStatus, u64)>,
    pub overdue: u64,
    pub due_soon: u64,
    pub query: QueueQuery,
    /// Parts matching the filter, over all pages.
    pub matching: u64,
    pub pages: u32,
    pub entries: Vec<QueueEntry>,
    /// The items this department decides, for the filter.
    pub items: Vec<(String, Text)>,
    /// The signed-in staff member may act on these parts (a reviewer of this department).
    pub may_decide: bool,
}

/// One field of a part as its reviewer reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub key: String,
    pub label: Text,
    pub value: String,
}

/// How a material reached the part, for its reviewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MaterialView {
    /// A file: opened through `/staff/parts/<part>/files/<key>`.
    File {
        file_name: String,
        media_type: String,
    },
    ECertificate,
    ProducedBy(Text),
    AtCounter,
    NotGiven,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaterialEntry {
    pub key: String,
    pub name: Text,
    pub view: MaterialView,
}

/// One step in a part's history, in words the applicant may read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub part: String,
    pub item: Text,
    pub on: Date,
    pub what: Text,
    /// The reason or reference given (only for the applicant and staff).
    pub note: String,
}

/// A correction request (补正) as both sides read it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CorrectionRequest {
    pub fields: Vec<String>,
    pub materials: Vec<String>,
    pub reason: String,
}

/// What the applicant needs to answer a correction request: only the fields and materials
/// asked for, with what they typed last time and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionContext {
    pub part: String,
    pub number: String,
    pub item: Text,
    pub department_name: Text,
    pub reason: String,
    /// The fields asked for, as the merged form shows them.
    pub fields: Vec<crate::engine::MergedField>,
    pub values: std::collections::BTreeMap<String, String>,
    /// Messages by field key, or by `material:<key>`.
    pub errors: FieldErrors,
    /// Materials asked for: key, name, and the file already given in an earlier try.
    pub materials: Vec<(String, Text, Option<String>)>,
}

/// Another part of the same application: department and status only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiblingPart {
    pub item: Text,
    pub department_name: Text,
    pub status: PartStatus,
}

/// An audit entry as staff allowed to see it read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    /// Milliseconds since the epoch (the page shows local time).
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// A part as its department's reviewer works it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartDetail {
    pub id: String,
    pub number: String,
    /// Sent back with every action: of two reviewers acting at once, one wins.
    pub version: i64,
    pub item: Text,
    pub department: String,
    pub department_name: Text,
    pub status: PartStatus,
    pub submitted_on: Date,
    pub due: Date,
    pub urgency: Urgency,
    /// The due date runs into a year whose holiday notice is not loaded (see `Tracking`).
    pub provisional: bool,
    pub channel: String,
    /// The catalog version the application was made under ("2026.11 · 1a2b3c4d"): its fields,
    /// materials and days are that version's, whatever was published since.
    pub catalog_version: String,
    /// Name and ID number of the applicant (the reviewer of this part may see them).
    pub applicant_name: String,
    pub applicant_id_number: String,
    pub fields: Vec<FieldValue>,
    pub materials: Vec<MaterialEntry>,
    pub depends_on: Vec<SiblingPart>,
    pub others: Vec<SiblingPart>,
    pub history: Vec<HistoryEntry>,
    pub audit: Vec<AuditLine>,
    pub correction: Option<CorrectionRequest>,
    pub outcome: Option<String>,
    /// The caller may act on it (a reviewer of its department), and which moves exist now.
    pub moves: Vec<String>,
    /// Where it could be transferred.
    pub departments: Vec<(String, Text)>,
}

/// One of the signed-in person's submitted applications, as their home page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub number: String,
    pub submitted_on: Date,
    pub overall: Overall,
    pub item_names: Vec<Text>,
}

/// A notification for the applicant: a part of their application changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub number: String,
    /// Milliseconds since the epoch.
    pub at: i64,
    pub text: Text,
}

/// A sign-in by mobile number that waits for its one-time code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingSignIn {
    /// The number, masked (138****8000).
    pub phone: String,
    /// Development only: the code an SMS would carry, shown on the page. `None` in service.
    pub development_code: Option<String>,
}

/// A staff account as administrators see it (never the password hash).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub id: String,
    pub username: String,
    pub name: String,
    pub role: crate::api::caller::Role,
    pub department: Option<String>,
    pub department_name: Option<Text>,
    pub active: bool,
}

/// Parts counted by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub submitted: u64,
    pub accepted: u64,
    pub correction_requested: u64,
    pub approved: u64,
    pub refused: u64,
}

impl StatusCounts {
    pub fn get(&self, status: PartStatus) -> u64 {
        match status {
            PartStatus::Submitted => self.submitted,
            PartStatus::Accepted => self.accepted,
            PartStatus::CorrectionRequested => self.correction_requested,
            PartStatus::Approved => self.approved,
            PartStatus::Refused => self.refused,
        }
    }

    pub fn add(&mut self, status: PartStatus, n: u64) {
        let slot = match status {
            PartStatus::Submitted => &mut self.submitted,
            PartStatus::Accepted => &mut self.accepted,
            PartStatus::CorrectionRequested => &mut self.correction_requested,
            PartStatus::Approved => &mut self.approved,
            PartStatus::Refused => &mut self.refused,
        };
        *slot += n;
    }

    pub fn total(&self) -> u64 {
        PartStatus::ALL.into_iter().map(|s| self.get(s)).sum()
    }

    /// Not decided yet, including parts waiting for the applicant's corrections.
    pub fn undecided(&self) -> u64 {
        self.submitted + self.accepted + self.correction_requested
    }
}

/// Applications submitted on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: Date,
    pub applications: u64,
}

/// How parts decided in the period kept their deadlines.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeliness {
    /// Approved or refused in the period.
    pub decided: u64,
    /// Of those, decided on or before their due date.
    pub on_time: u64,
    /// `on_time` over `decided`, in percent to one decimal; none when nothing was decided.
    pub on_time_percent: Option<f64>,
    /// Working days on the clock when decided (corrections excluded), mean to one decimal.
    pub average_days: Option<f64>,
}

/// One service item's figures beside the limits it is held to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemStats {
    pub item: String,
    pub name: Text,
    pub department: String,
    pub department_name: Text,
    /// Parts of the applications submitted in the period, by their status now.
    pub received: StatusCounts,
    pub timeliness: Timeliness,
    /// Working days the city commits to, and what the law allows (where it says).
    pub committed_days: u32,
    pub statutory_days: Option<u32>,
    /// Open parts now, whenever submitted: past their due date, or due within 2 working days.
    pub overdue: u64,
    pub due_soon: u64,
}

/// One department's figures (parts counted where they are now, after any transfer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentStats {
    pub id: String,
    pub name: Text,
    pub received: StatusCounts,
    pub timeliness: Timeliness,
    pub overdue: u64,
    pub due_soon: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    Correction,
    Refusal,
}

/// A correction request or refusal, with the reason the reviewer gave the applicant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReasonEntry {
    pub on: Date,
    pub kind: ReasonKind,
    pub part: String,
    pub number: String,
    pub item: Text,
    pub department_name: Text,
    pub reason: String,
}

/// The managers' dashboard for a period (both ends included).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub from: Date,
    pub to: Date,
    /// The day "overdue" and "due soon" are counted from.
    pub today: Date,
    pub applications: u64,
    /// Every day of the period, days without applications included.
    pub per_day: Vec<DayCount>,
    pub received: StatusCounts,
    pub timeliness: Timeliness,
    pub overdue: u64,
    pub due_soon: u64,
    /// Items with parts received or decided in the period, or open now; catalog order.
    pub items: Vec<ItemStats>,
    pub departments: Vec<DepartmentStats>,
    /// The latest corrections and refusals of the period, newest first.
    pub reasons: Vec<ReasonEntry>,
}

/// Dispatch as administrators see it: where each department's parts go and what could not be
/// delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchOverview {
    pub pending: u64,
    pub delivered: u64,
    pub dead: u64,
    /// Every department, for the receiver form.
    pub departments: Vec<(String, Text)>,
    pub receivers: Vec<ReceiverView>,
    /// The newest dead letters first.
    pub dead_letters: Vec<DeadLetterView>,
}

/// A department's own system (its secret is never shown, only whether one is set).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiverView {
    pub id: String,
    pub department: String,
    pub department_name: Text,
    pub url: String,
    pub active: bool,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
}

/// A delivery given up on after its attempts, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadLetterView {
    pub id: String,
    pub part: String,
    pub department_name: Text,
    pub attempts: u32,
    pub last_error: String,
    /// Milliseconds since the epoch.
    pub dead_at: i64,
}

/// The catalog in use, as its editors see it before downloading it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogSummary {
    pub version: String,
    /// The content hash it is stored under (applications keep it).
    pub hash: String,
    pub items: u32,
    pub departments: u32,
    pub life_events: u32,
    pub packages: u32,
    pub fields: u32,
    pub materials: u32,
}

/// The draft catalog editors work on together, as the catalog page shows it: what changed
/// against the version in use, what stops it being published, and the items found or being
/// edited.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogDraftView {
    pub version_in_use: String,
    pub draft: Option<DraftCatalog>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftCatalog {
    /// The version it was started from, and whether another was published since.
    pub based_on: String,
    pub behind: bool,
    pub updated_by: String,
    /// "2026-11-29 14:05" (China Standard Time).
    pub updated_at: String,
    pub items: u32,
    /// Every change against the version in use, in words.
    pub changes: Vec<Text>,
    /// What the catalog check finds: publishing waits until there is none.
    pub problems: Vec<Text>,
    /// A version name not used before, offered in the publish form.
    pub suggested_version: String,
    /// Items whose id or name contains what was searched for (at most 20).
    pub found: Vec<DraftItemRow>,
    /// The item being edited, as the draft holds it.
    pub editing: Option<DraftItemRow>,
    pub departments: Vec<(String, Text)>,
    /// The catalog's materials and fields the item being edited could add (empty otherwise).
    pub other_materials: Vec<(String, Text)>,
    pub other_fields: Vec<(String, Text)>,
    /// Materials some item produces: what a prerequisite can name.
    pub produced: Vec<(String, Text)>,
    /// The limits the item being edited puts on one of its fields, when that form is open.
    pub editing_use: Option<UseLimits>,
    /// Every life event, for the item form's boxes.
    pub life_events: Vec<(String, Text)>,
    /// Form sections and date fields, for a new field's form.
    pub sections: Vec<(String, Text)>,
    pub date_fields: Vec<(String, Text)>,
}

/// One item's limits on one of its fields, as its form shows them (empty: no limit).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UseLimits {
    pub key: String,
    pub name: Text,
    /// Whether the field's kind takes lengths (a text) or a range (a number).
    pub lengths: bool,
    pub range: bool,
    pub min_len: String,
    pub max_len: String,
    pub min: String,
    pub max: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftItemRow {
    pub id: String,
    pub name: Text,
    pub department: String,
    pub committed_days: u32,
    pub statutory_days: Option<u32>,
    /// The words citizens use for it, joined with 、 (filled for the item being edited).
    pub synonyms: String,
    /// The life events it is listed under.
    pub life_events: Vec<String>,
    /// What it asks for (filled for the item being edited).
    pub materials: Vec<ItemUseRow>,
    pub fields: Vec<ItemUseRow>,
    /// The item's content as shown, short: sent back with the form so a change another editor
    /// made meanwhile is not overwritten unseen.
    pub fingerprint: String,
    /// Its rules with other items, in words (filled for the item being edited).
    pub rules: Vec<RuleRow>,
}

/// One of an item's rules: its code in the form (`engine::catalog_edit::rule_codes`) and what
/// it says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRow {
    pub code: String,
    pub text: Text,
}

/// One material or field an item asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemUseRow {
    pub key: String,
    pub name: Text,
    pub required: bool,
    /// For a field: whether its kind takes limits (lengths or a range) the item can set.
    pub limits: bool,
}

/// The working-day calendar's years as administrators keep them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarOverview {
    /// Newest year first.
    pub years: Vec<CalendarYearView>,
}

/// One year's notice: holidays (a day or a range each) and make-up working days, as text the
/// form takes back, with who last changed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYearView {
    pub year: i32,
    pub holidays: Vec<String>,
    pub workdays: Vec<String>,
    /// "staff id (role)", or "seed" for the notices the product ships with.
    pub changed_by: String,
    pub changed_on: Date,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> CatalogQuery {
        CatalogQuery::from_params(|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn an_empty_address_is_the_first_screen_by_life_event() {
        assert_eq!(
            query(&[]),
            CatalogQuery {
                by: BrowseBy::LifeEvent,
                group: None,
                search: String::new(),
                page: 1
            }
        );
    }

    #[test]
    fn a_tab_starts_its_mode_afresh_without_the_group_search_or_page_sent_with_it() {
        let q = query(&[
            ("by", "life_event"),
            ("group", "newborn"),
            ("q", "出生"),
            ("page", "3"),
            ("view", "department"),
        ]);
        assert_eq!(q.by, BrowseBy::Department);
        assert_eq!((q.group, q.search.as_str(), q.page), (None, "", 1));
    }

    #[test]
    fn opening_a_group_replaces_the_one_open_and_starts_at_its_first_page() {
        let q = query(&[
            ("by", "department"),
            ("group", "police"),
            ("page", "4"),
            ("open", "hrss"),
        ]);
        assert_eq!(
            (q.by, q.group.as_deref(), q.page),
            (BrowseBy::Department, Some("hrss"), 1)
        );
    }

    #[test]
    fn a_page_turn_keeps_the_group_and_a_nonsense_page_is_the_first() {
        let q = query(&[("group", "police"), ("page", "2")]);
        assert_eq!((q.group.as_deref(), q.page), (Some("police"), 2));
        assert_eq!(query(&[("page", "0")]).page, 1);
        assert_eq!(query(&[("page", "-1")]).page, 1);
        assert_eq!(query(&[("page", "lots")]).page, 1);
    }

    #[test]
    fn a_search_is_trimmed_and_cut_to_its_longest() {
        assert_eq!(query(&[("q", "  失业金 ")]).search, "失业金");
        let long = "出".repeat(100);
        assert_eq!(
            query(&[("q", &long)]).search.chars().count(),
            MAX_SEARCH_CHARS
        );
        assert_eq!(BrowseBy::parse("nonsense"), BrowseBy::LifeEvent);
    }
}
