//! What can happen to a part, as an explicit state machine, and the working-day clock that runs
//! with it. Pure: the service loads the part, asks `decide`, and stores the answer or the refusal.
//!
//! ```text
//!  Submitted ──accept──▶ Accepted ──approve──▶ Approved
//!     │  ▲ │                │ │
//!     │  │ └─refuse─┐       │ └──refuse──▶ Refused
//!     │  │          ▼       │
//!     │  │        Refused   └─request correction─▶ CorrectionRequested ──answer──▶ Accepted
//!     │  └─transfer (to another department)                 ▲            (or Submitted, when
//!     └──request correction─────────────────────────────────┘             never accepted)
//! ```

use serde::{Deserialize, Serialize};

use super::calendar::{Date, WorkingCalendar};
use super::catalog::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartStatus {
    /// Routed to the department, waiting to be accepted.
    Submitted,
    Accepted,
    /// The department asked for corrections (补正): the citizen acts next.
    CorrectionRequested,
    Approved,
    Refused,
}

impl PartStatus {
    pub const ALL: [PartStatus; 5] = [
        PartStatus::Submitted,
        PartStatus::Accepted,
        PartStatus::CorrectionRequested,
        PartStatus::Approved,
        PartStatus::Refused,
    ];

    pub fn label(self) -> Text {
        match self {
            PartStatus::Submitted => Text::new("待受理", "Waiting to be accepted"),
            PartStatus::Accepted => Text::new("审批中", "Being decided"),
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
        PartStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    /// Decided, one way or the other: nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, PartStatus::Approved | PartStatus::Refused)
    }
    /// Still on the department's desk (counts as open, can become overdue).
    pub fn is_open(self) -> bool {
        matches!(self, PartStatus::Submitted | PartStatus::Accepted)
    }
}

/// A part as the workflow sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartState {
    pub status: PartStatus,
    pub department: String,
    /// Accepted at some point: the clock then counts from acceptance.
    pub accepted: bool,
    pub committed_days: u32,
    /// Since when the working-day clock runs; `None` while it is stopped (before acceptance,
    /// during a correction, after the decision).
    pub clock_from: Option<Date>,
    /// Working days counted before the clock last stopped.
    pub days_used: u32,
    pub due: Date,
    /// The field and material keys this part holds: only these can be asked for again.
    pub fields: Vec<String>,
    pub materials: Vec<String>,
}

/// What someone asks to do to a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    /// 受理
    Accept,
    /// 补正: which fields and materials, and why.
    RequestCorrection {
        fields: Vec<String>,
        materials: Vec<String>,
        reason: String,
    },
    /// The citizen answered the correction request.
    Answer,
    /// 办结, with the decision's reference.
    Approve { result: String },
    /// 不予受理 (before acceptance) / 不予许可 (after).
    Refuse { reason: String },
    /// 内部流转 to another department.
    Transfer { to: String, reason: String },
}

impl Move {
    pub fn code(&self) -> &'static str {
        match self {
            Move::Accept => "accept",
            Move::RequestCorrection { .. } => "request_correction",
            Move::Answer => "answer_correction",
            Move::Approve { .. } => "approve",
            Move::Refuse { .. } => "refuse",
            Move::Transfer { .. } => "transfer",
        }
    }
}

/// Why a move was refused. Nothing changes when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Illegal {
    /// The move does not exist from this status (approve a refused part, accept twice, …).
    NotFrom(PartStatus, &'static str),
    /// Refusals, transfers and corrections must say why.
    ReasonMissing,
    /// Approval needs the decision's reference.
    ResultMissing,
    /// A correction request names nothing to correct, or something the part does not hold.
    NothingToCorrect,
    /// Items of the same application that must be approved first (their names).
    PrerequisitesFirst(Vec<Text>),
    /// A transfer to where the part already is, or to no department.
    TransferTarget,
}

impl Illegal {
    pub fn code(&self) -> &'static str {
        match self {
            Illegal::NotFrom(..) => "not_from_status",
            Illegal::ReasonMissing => "reason",
            Illegal::ResultMissing => "result",
            Illegal::NothingToCorrect => "correction",
            Illegal::PrerequisitesFirst(_) => "prerequisite",
            Illegal::TransferTarget => "transfer_to",
        }
    }

    pub fn message(&self) -> Text {
        match self {
            Illegal::NotFrom(status, _) => Text::new(
                format!("该事项当前为“{}”，不能进行此操作。", status.label().zh),
                format!(
                    "This part is “{}”: that action is not possible now.",
                    status.label().en
                ),
            ),
            Illegal::ReasonMissing => Text::new("请填写理由。", "Give the reason."),
            Illegal::ResultMissing => Text::new(
                "请填写办结文书编号。",
                "Give the reference of the decision.",
            ),
            Illegal::NothingToCorrect => Text::new(
                "请至少选择一项需要补正的内容。",
                "Choose at least one field or material to be corrected.",
            ),
            Illegal::PrerequisitesFirst(names) => {
                let zh: Vec<&str> = names.iter().map(|n| n.zh.as_str()).collect();
                let en: Vec<&str> = names.iter().map(|n| n.en.as_str()).collect();
                Text::new(
                    format!("须先办结前置事项：{}。", zh.join("、")),
                    format!("First approve what this depends on: {}.", en.join(", ")),
                )
            }
            Illegal::TransferTarget => {
                Text::new("请选择另一个部门。", "Choose a different department.")
            }
        }
    }
}

/// Longest reason or reference kept; longer text is refused at the edge.
pub const MAX_NOTE_CHARS: usize = 500;

/// The part after `mv` on `today`, or why not. `unmet` names the prerequisite items of the same
/// application that are not yet approved.
pub fn decide(
    part: &PartState,
    mv: &Move,
    today: Date,
    calendar: &WorkingCalendar,
    unmet: &[Text],
) -> Result<PartState, Illegal> {
    use PartStatus::*;
    let not_from = || Illegal::NotFrom(part.status, mv.code());
    let mut next = part.clone();
    match mv {
        Move::Accept => {
            if part.status != Submitted {
                return Err(not_from());
            }
            next.status = Accepted;
            next.accepted = true;
            next.clock_from = Some(today);
            next.days_used = 0;
            next.due = calendar.add_working_days(today, part.committed_days);
        }
        Move::RequestCorrection {
            fields,
            materials,
            reason,
        } => {
            if !matches!(part.status, Submitted | Accepted) {
                return Err(not_from());
            }
            if fields.is_empty() && materials.is_empty()
                || fields.iter().any(|f| !part.fields.contains(f))
                || materials.iter().any(|m| !part.materials.contains(m))
            {
                return Err(Illegal::NothingToCorrect);
            }
            if reason.trim().is_empty() {
                return Err(Illegal::ReasonMissing);
            }
            // The clock stops while the citizen corrects: days counted so far are kept.
            next.days_used = days_counted(part, today, calendar);
            next.clock_from = None;
            next.status = CorrectionRequested;
        }
        Move::Answer => {
            if part.status != CorrectionRequested {
                return Err(not_from());
            }
            // The clock restarts on the answer, with what was left; a part never accepted
            // waits for acceptance again, its deadline counted afresh from the answer.
            let left = part.committed_days.saturating_sub(part.days_used);
            if part.accepted {
                next.status = Accepted;
                next.clock_from = Some(today);
                next.due = calendar.add_working_days(today, left);
            } else {
                next.status = Submitted;
                next.due = calendar.add_working_days(today, part.committed_days);
            }
        }
        Move::Approve { result } => {
            if part.status != Accepted {
                return Err(not_from());
            }
            if result.trim().is_empty() {
                return Err(Illegal::ResultMissing);
            }
            if !unmet.is_empty() {
                return Err(Illegal::PrerequisitesFirst(unmet.to_vec()));
            }
            next.days_used = days_counted(part, today, calendar);
            next.clock_from = None;
            next.status = Approved;
        }
        Move::Refuse { reason } => {
            if !matches!(part.status, Submitted | Accepted) {
                return Err(not_from());
            }
            if reason.trim().is_empty() {
                return Err(Illegal::ReasonMissing);
            }
            next.days_used = days_counted(part, today, calendar);
            next.clock_from = None;
            next.status = Refused;
        }
        Move::Transfer { to, reason } => {
            // Only before acceptance: once accepted, the department owns the decision.
            if part.status != Submitted {
                return Err(not_from());
            }
            if to.trim().is_empty() || *to == part.department {
                return Err(Illegal::TransferTarget);
            }
            if reason.trim().is_empty() {
                return Err(Illegal::ReasonMissing);
            }
            next.department = to.clone();
        }
    }
    Ok(next)
}

/// Working days on the clock up to `today`.
fn days_counted(part: &PartState, today: Date, calendar: &WorkingCalendar) -> u32 {
    part.days_used
        + part
            .clock_from
            .map_or(0, |from| calendar.working_days_between(from, today))
}

/// An application's status as the citizen reads it, derived from its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Overall {
    InProgress,
    NeedsYourAction,
    PartlyDone,
    Done,
    PartlyRefused,
    Refused,
}

impl Overall {
    pub fn label(self) -> Text {
        match self {
            Overall::InProgress => Text::new("办理中", "In progress"),
            Overall::NeedsYourAction => Text::new("需要您补正材料", "Needs your action"),
            Overall::PartlyDone => Text::new("部分办结", "Partly done"),
            Overall::Done => Text::new("全部办结", "Done"),
            Overall::PartlyRefused => Text::new("部分不予办理", "Partly refused"),
            Overall::Refused => Text::new("不予办理", "Refused"),
        }
    }
}

pub fn overall(statuses: &[PartStatus]) -> Overall {
    let count = |s: PartStatus| statuses.iter().filter(|x| **x == s).count();
    let (approved, refused) = (count(PartStatus::Approved), count(PartStatus::Refused));
    if count(PartStatus::CorrectionRequested) > 0 {
        Overall::NeedsYourAction
    } else if !statuses.is_empty() && approved == statuses.len() {
        Overall::Done
    } else if !statuses.is_empty() && refused == statuses.len() {
        Overall::Refused
    } else if refused > 0 {
        Overall::PartlyRefused
    } else if approved > 0 {
        Overall::PartlyDone
    } else {
        Overall::InProgress
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calendar::china_2025_2026;

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::from_years(china_2025_2026())
    }

    fn day(m: u8, d: u8) -> Date {
        Date::new(2026, m, d).unwrap()
    }

    fn submitted() -> PartState {
        PartState {
            status: PartStatus::Submitted,
            department: "hrss".into(),
            accepted: false,
            committed_days: 5,
            clock_from: None,
            days_used: 0,
            due: day(12, 4),
            fields: vec!["name".into(), "bank_account".into()],
            materials: vec!["id_card".into()],
        }
    }

    fn correction(fields: &[&str], materials: &[&str], reason: &str) -> Move {
        Move::RequestCorrection {
            fields: fields.iter().map(|s| s.to_string()).collect(),
            materials: materials.iter().map(|s| s.to_string()).collect(),
            reason: reason.into(),
        }
    }

    fn approve() -> Move {
        Move::Approve {
            result: "人社决〔2026〕1号".into(),
        }
    }

    #[test]
    fn acceptance_starts_the_clock_in_working_days_from_that_day() {
        // Monday 30 November 2026 + 5 working days = Monday 7 December.
        let accepted = decide(&submitted(), &Move::Accept, day(11, 30), &calendar(), &[]).unwrap();
        assert_eq!(accepted.status, PartStatus::Accepted);
        assert_eq!(accepted.clock_from, Some(day(11, 30)));
        assert_eq!(accepted.due, day(12, 7));
    }

    #[test]
    fn a_correction_stops_the_clock_and_the_answer_restarts_it_with_the_days_left() {
        let cal = calendar();
        let accepted = decide(&submitted(), &Move::Accept, day(11, 30), &cal, &[]).unwrap();
        // Two working days used (1 and 2 December), then the citizen takes a week to answer.
        let asked = decide(
            &accepted,
            &correction(&["bank_account"], &[], "卡号有误"),
            day(12, 2),
            &cal,
            &[],
        )
        .unwrap();
        assert_eq!(asked.status, PartStatus::CorrectionRequested);
        assert_eq!(asked.days_used, 2);
        assert_eq!(asked.clock_from, None);
        let answered = decide(&asked, &Move::Answer, day(12, 9), &cal, &[]).unwrap();
        assert_eq!(answered.status, PartStatus::Accepted);
        // Three days left from Wednesday 9 December: Monday 14 December.
        assert_eq!(answered.due, day(12, 14));
    }

    #[test]
    fn a_part_corrected_before_acceptance_waits_to_be_accepted_again() {
        let cal = calendar();
        let asked = decide(
            &submitted(),
            &correction(&[], &["id_card"], "照片模糊"),
            day(11, 30),
            &cal,
            &[],
        )
        .unwrap();
        let answered = decide(&asked, &Move::Answer, day(12, 1), &cal, &[]).unwrap();
        assert_eq!(answered.status, PartStatus::Submitted);
        assert!(!answered.accepted);
    }

    #[test]
    fn every_move_that_does_not_exist_from_a_status_is_refused() {
        let cal = calendar();
        let today = day(11, 30);
        let accepted = decide(&submitted(), &Move::Accept, today, &cal, &[]).unwrap();
        let refused = decide(
            &accepted,
            &Move::Refuse {
                reason: "不符合条件".into(),
            },
            today,
            &cal,
            &[],
        )
        .unwrap();
        let approved = decide(&accepted, &approve(), today, &cal, &[]).unwrap();
        let moves = [
            Move::Accept,
            correction(&["name"], &[], "x"),
            Move::Answer,
            approve(),
            Move::Refuse { reason: "x".into() },
            Move::Transfer {
                to: "police".into(),
                reason: "x".into(),
            },
        ];
        for finished in [&refused, &approved] {
            for mv in &moves {
                assert_eq!(
                    decide(finished, mv, today, &cal, &[]).unwrap_err(),
                    Illegal::NotFrom(finished.status, mv.code()),
                    "{} from {:?}",
                    mv.code(),
                    finished.status
                );
            }
        }
        assert!(
            decide(&submitted(), &approve(), today, &cal, &[]).is_err(),
            "approve before accepting"
        );
        assert!(
            decide(&accepted, &Move::Accept, today, &cal, &[]).is_err(),
            "accept twice"
        );
        assert!(
            decide(&submitted(), &Move::Answer, today, &cal, &[]).is_err(),
            "answer with nothing asked"
        );
        assert!(
            decide(
                &accepted,
                &Move::Transfer {
                    to: "police".into(),
                    reason: "x".into()
                },
                today,
                &cal,
                &[]
            )
            .is_err(),
            "transfer after acceptance"
        );
    }

    #[test]
    fn refusals_transfers_and_corrections_need_their_reason_and_approvals_their_reference() {
        let cal = calendar();
        let today = day(11, 30);
        let part = submitted();
        let no_reason = Move::Refuse {
            reason: "  ".into(),
        };
        assert_eq!(
            decide(&part, &no_reason, today, &cal, &[]),
            Err(Illegal::ReasonMissing)
        );
        assert_eq!(
            decide(&part, &correction(&["name"], &[], ""), today, &cal, &[]),
            Err(Illegal::ReasonMissing)
        );
        assert_eq!(
            decide(&part, &correction(&[], &[], "x"), today, &cal, &[]),
            Err(Illegal::NothingToCorrect)
        );
        assert_eq!(
            decide(
                &part,
                &correction(&["someone_elses_field"], &[], "x"),
                today,
                &cal,
                &[]
            ),
            Err(Illegal::NothingToCorrect),
            "only what the part holds can be asked for"
        );
        let to_self = Move::Transfer {
            to: "hrss".into(),
            reason: "x".into(),
        };
        assert_eq!(
            decide(&part, &to_self, today, &cal, &[]),
            Err(Illegal::TransferTarget)
        );
        let accepted = decide(&part, &Move::Accept, today, &cal, &[]).unwrap();
        let blank = Move::Approve { result: "".into() };
        assert_eq!(
            decide(&accepted, &blank, today, &cal, &[]),
            Err(Illegal::ResultMissing)
        );
    }

    #[test]
    fn a_dependent_part_cannot_be_approved_before_its_prerequisite() {
        let cal = calendar();
        let accepted = decide(&submitted(), &Move::Accept, day(11, 30), &cal, &[]).unwrap();
        let unmet = [Text::new("工伤认定", "Work-injury determination")];
        let refused = decide(&accepted, &approve(), day(12, 1), &cal, &unmet).unwrap_err();
        assert!(refused.message().zh.contains("工伤认定"));
    }

    #[test]
    fn a_transfer_moves_the_part_to_the_other_department_still_waiting() {
        let mv = Move::Transfer {
            to: "police".into(),
            reason: "分错部门".into(),
        };
        let moved = decide(&submitted(), &mv, day(11, 30), &calendar(), &[]).unwrap();
        assert_eq!(moved.department, "police");
        assert_eq!(moved.status, PartStatus::Submitted);
    }

    #[test]
    fn the_overall_status_reads_from_the_parts() {
        use PartStatus::*;
        assert_eq!(overall(&[Submitted, Accepted]), Overall::InProgress);
        assert_eq!(
            overall(&[Approved, CorrectionRequested]),
            Overall::NeedsYourAction
        );
        assert_eq!(overall(&[Approved, Accepted]), Overall::PartlyDone);
        assert_eq!(overall(&[Approved, Approved]), Overall::Done);
        assert_eq!(overall(&[Approved, Refused]), Overall::PartlyRefused);
        assert_eq!(overall(&[Refused]), Overall::Refused);
    }
}
