//! What server functions send to the browser. Shared by both builds, so plain serde types only.

use serde::{Deserialize, Serialize};

use crate::engine::calendar::{CalendarYear, Date};
use crate::engine::{Catalog, FieldErrors, Text};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemSummary {
    pub id: String,
    pub name: Text,
    pub pinyin: String,
    pub department: String,
    pub department_name: Text,
    pub committed_days: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub name: Text,
    pub items: Vec<ItemSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageSummary {
    pub id: String,
    pub name: Text,
    pub items: Vec<String>,
}

/// The catalog as the home page shows it: grouped by life event and by department.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogOverview {
    pub version: String,
    pub by_life_event: Vec<Group>,
    pub by_department: Vec<Group>,
    pub packages: Vec<PackageSummary>,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartStatus {
    /// Routed to the department, waiting to be accepted.
    Submitted,
    Accepted,
    /// The department asked for corrections (补正).
    CorrectionRequested,
    Approved,
    Refused,
}

impl PartStatus {
    pub fn label(self) -> Text {
        match self {
            PartStatus::Submitted => Text::new("已分送", "Sent to department"),
            PartStatus::Accepted => Text::new("已受理", "Accepted"),
            PartStatus::CorrectionRequested => Text::new("需补正", "Corrections requested"),
            PartStatus::Approved => Text::new("已办结", "Approved"),
            PartStatus::Refused => Text::new("不予办理", "Refused"),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            PartStatus::Submitted => "submitted",
            PartStatus::Accepted => "accepted",
            PartStatus::CorrectionRequested => "correction_requested",
            PartStatus::Approved => "approved",
            PartStatus::Refused => "refused",
        }
    }
    pub fn parse(code: &str) -> Option<PartStatus> {
        [
            PartStatus::Submitted,
            PartStatus::Accepted,
            PartStatus::CorrectionRequested,
            PartStatus::Approved,
            PartStatus::Refused,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartView {
    pub department: String,
    pub department_name: Text,
    pub item: Text,
    pub status: PartStatus,
    pub due: Date,
}

/// An application as the citizen tracks it: statuses and dates, no personal data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    pub number: String,
    pub submitted_on: Date,
    pub due: Date,
    pub parts: Vec<PartView>,
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub number: String,
    pub item: Text,
    pub status: PartStatus,
    pub submitted_on: Date,
    pub due: Date,
    /// The applicant's name, masked (张*): reviewers open the part to see more.
    pub applicant: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentQueue {
    pub id: String,
    pub name: Text,
    pub entries: Vec<QueueEntry>,
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
