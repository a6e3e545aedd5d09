//! Who is calling: resolved once per request on the server (from the session cookie, by the
//! server's middleware) and read by every server function, page and handler the same way. The
//! policy — who may see what — lives here too, as plain functions of the caller, so one place
//! decides and unit tests can read it.

use serde::{Deserialize, Serialize};

use crate::engine::Text;

/// The person or staff member behind a request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Caller {
    /// Nobody signed in. `owner` is set once this browser holds an anonymous session (it saved a
    /// draft): the drafts and applications made in that session are theirs.
    #[default]
    Anonymous,
    AnonymousWithSession {
        owner: String,
    },
    Citizen(Citizen),
    Staff(StaffMember),
}

/// The client's address as the server counts it for the limiter (the peer, or what a configured
/// trusted proxy says).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub String);

/// A citizen signed in through the city's identity service (or a development identity).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Citizen {
    /// Owns drafts and applications. Stable across devices for a real identity; for a shared
    /// demo identity it is new at every sign-in, so two visitors never see each other's drafts.
    pub subject: String,
    pub name: String,
    /// What the identity service vouches for; exemptions by e-certificate apply only when the
    /// applicant in the form is this person.
    pub id_number: Option<String>,
    pub phone: Option<String>,
    /// Material keys held as e-certificates.
    pub held: Vec<String>,
    /// A demo identity (development), shown as such.
    pub demo: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: String,
    pub username: String,
    pub name: String,
    pub role: Role,
    /// The department a reviewer is bound to.
    pub department: Option<String>,
    /// Signed in with a password someone else chose: must choose their own before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 综合窗口: enters applications at the counter, previews forms.
    Window,
    /// Works one department's queue.
    Reviewer,
    /// Keeps the catalog of items.
    CatalogEditor,
    /// Watches volumes and deadlines across departments.
    Manager,
    /// Manages staff accounts.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Window,
        Role::Reviewer,
        Role::CatalogEditor,
        Role::Manager,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Window => "window",
            Role::Reviewer => "reviewer",
            Role::CatalogEditor => "catalog_editor",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Text {
        match self {
            Role::Window => Text::new("综合窗口", "Counter staff"),
            Role::Reviewer => Text::new("部门审核人员", "Department reviewer"),
            Role::CatalogEditor => Text::new("事项目录维护", "Catalog editor"),
            Role::Manager => Text::new("管理人员", "Manager"),
            Role::Admin => Text::new("系统管理员", "Administrator"),
        }
    }
}

/// Why a request is refused. Pages show the matching bilingual page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    /// Nobody is signed in, and this needs someone: sign in first (then come back).
    SignIn(Audience),
    /// Signed in, but not allowed.
    Forbidden,
}

/// Which sign-in a refused page sends to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Citizen,
    Staff,
}

impl Caller {
    /// The subject that owns drafts and applications made in this session, if any.
    pub fn owner(&self) -> Option<&str> {
        match self {
            Caller::Anonymous => None,
            Caller::AnonymousWithSession { owner } => Some(owner),
            Caller::Citizen(c) => Some(&c.subject),
            Caller::Staff(s) => Some(&s.id),
        }
    }

    pub fn citizen(&self) -> Option<&Citizen> {
        match self {
            Caller::Citizen(c) => Some(c),
            _ => None,
        }
    }

    pub fn staff(&self) -> Option<&StaffMember> {
        match self {
            Caller::Staff(s) => Some(s),
            _ => None,
        }
    }

    /// Pages for any staff member (their own password): staff sign-in for strangers, "not
    /// allowed" for citizens.
    pub fn needs_staff(&self) -> Result<&StaffMember, Denied> {
        match self {
            Caller::Staff(s) => Ok(s),
            Caller::Citizen(_) => Err(Denied::Forbidden),
            _ => Err(Denied::SignIn(Audience::Staff)),
        }
    }

    /// Department queues and parts: a reviewer of that department, a manager or an
    /// administrator.
    pub fn may_work_department(&self, department: &str) -> Result<(), Denied> {
        let staff = self.needs_staff()?;
        match staff.role {
            Role::Manager | Role::Admin => Ok(()),
            Role::Reviewer if staff.department.as_deref() == Some(department) => Ok(()),
            _ => Err(Denied::Forbidden),
        }
    }

    /// Window staff entering an application at the counter (一窗受理): their id, else nothing.
    pub fn at_counter(&self) -> Option<&str> {
        match self {
            Caller::Staff(s) if s.role == Role::Window => Some(&s.id),
            _ => None,
        }
    }

    /// Deciding a part (accept, correct, approve, refuse, transfer): a reviewer of its
    /// department only. Managers and administrators oversee; they do not decide.
    pub fn may_decide_part(&self, department: &str) -> Result<(), Denied> {
        let staff = self.needs_staff()?;
        match staff.role {
            Role::Reviewer if staff.department.as_deref() == Some(department) => Ok(()),
            _ => Err(Denied::Forbidden),
        }
    }

    /// The list of departments: whoever may work at least one.
    pub fn may_list_departments(&self) -> Result<(), Denied> {
        let staff = self.needs_staff()?;
        match staff.role {
            Role::Manager | Role::Admin | Role::Reviewer => Ok(()),
            _ => Err(Denied::Forbidden),
        }
    }

    /// Finding a person's applications by ID number: window staff (to tell a citizen at the
    /// counter where each part stands), reviewers (their department's parts only), managers and
    /// administrators. Not catalog editors: they keep the catalog, not cases.
    pub fn may_search_applicants(&self) -> Result<&StaffMember, Denied> {
        let staff = self.needs_staff()?;
        match staff.role {
            Role::Window | Role::Reviewer | Role::Manager | Role::Admin => Ok(staff),
            Role::CatalogEditor => Err(Denied::Forbidden),
        }
    }

    /// Staff accounts: administrators only.
    pub fn may_manage_staff(&self) -> Result<(), Denied> {
        match self.needs_staff()?.role {
            Role::Admin => Ok(()),
            _ => Err(Denied::Forbidden),
        }
    }

    /// Departments' receivers and the outbox's dead letters: administrators (a receiver's
    /// address and secret decide where personal data goes).
    pub fn may_manage_dispatch(&self) -> Result<(), Denied> {
        match self.needs_staff()?.role {
            Role::Admin => Ok(()),
            _ => Err(Denied::Forbidden),
        }
    }

    /// The catalog in use, to download and keep as a workbook: catalog editors and
    /// administrators.
    pub fn may_edit_catalog(&self) -> Result<(), Denied> {
        match self.needs_staff()?.role {
            Role::CatalogEditor | Role::Admin => Ok(()),
            _ => Err(Denied::Forbidden),
        }
    }

    /// The working-day calendar (holidays and make-up days): administrators, as every deadline
    /// in every department is counted on it.
    pub fn may_manage_calendar(&self) -> Result<(), Denied> {
        match self.needs_staff()?.role {
            Role::Admin => Ok(()),
            _ => Err(Denied::Forbidden),
        }
    }

    /// The managers' dashboard and its export: managers and administrators. The figures span
    /// every department, so a reviewer (who has their own queue's counts) does not get them.
    pub fn may_see_statistics(&self) -> Result<(), Denied> {
        match self.needs_staff()?.role {
            Role::Manager | Role::Admin => Ok(()),
            _ => Err(Denied::Forbidden),
        }
    }

    /// A draft or an application's receipt: only the subject that made it.
    pub fn may_open_own(&self, owner: Option<&str>) -> Result<(), Denied> {
        match (self.owner(), owner) {
            (Some(me), Some(theirs)) if me == theirs => Ok(()),
            (None, _) => Err(Denied::SignIn(Audience::Citizen)),
            _ => Err(Denied::Forbidden),
        }
    }

    /// The signed-in person's vouched-for ID number, when the applicant in the form (`id_number`
    /// answered) is that person, or nothing is answered yet.
    pub fn same_person(&self, answered_id_number: Option<&str>) -> Option<&str> {
        let mine = self.citizen()?.id_number.as_deref()?;
        match answered_id_number {
            Some(given) if !mine.eq_ignore_ascii_case(given.trim()) => None,
            // Before the ID number is typed, the form shows what the person would be spared;
            // the server judges again with the answer.
            _ => Some(mine),
        }
    }

    /// Material keys whose e-certificates exempt this application: only the signed-in person's
    /// own, and only when the applicant in the form (`id_number` answered) is that person.
    pub fn held_for(&self, answered_id_number: Option<&str>) -> Vec<String> {
        match (self.same_person(answered_id_number), self.citizen()) {
            (Some(_), Some(citizen)) => citizen.held.clone(),
            _ => Vec::new(),
        }
    }
}

impl Denied {
    pub fn message(self) -> Text {
        match self {
            Denied::SignIn(Audience::Citizen) => Text::new(
                "请先登录。登录后将回到这一页。",
                "Please sign in first. You will come back to this page.",
            ),
            Denied::SignIn(Audience::Staff) => Text::new(
                "此页面仅供工作人员使用，请先用工作人员账号登录。",
                "This page is for staff. Please sign in with a staff account.",
            ),
            Denied::Forbidden => Text::new(
                "您无权查看此页面。如认为有误，请联系管理员或窗口工作人员。",
                "You are not allowed to see this page. If you think this is wrong, ask an administrator or the counter staff.",
            ),
        }
    }

    /// Where "please sign in" sends the reader, coming back to `next` afterwards.
    pub fn sign_in_url(self, next: &str) -> Option<String> {
        let page = match self {
            Denied::SignIn(Audience::Citizen) => "/sign-in",
            Denied::SignIn(Audience::Staff) => "/staff/sign-in",
            Denied::Forbidden => return None,
        };
        Some(format!("{page}?next={}", super::encode(next)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role, department: Option<&str>) -> Caller {
        Caller::Staff(StaffMember {
            id: "staff:1".into(),
            username: "u".into(),
            name: "n".into(),
            role,
            department: department.map(String::from),
            must_change_password: false,
        })
    }

    fn citizen(id_number: Option<&str>) -> Caller {
        Caller::Citizen(Citizen {
            subject: "citizen:a".into(),
            name: "李明".into(),
            id_number: id_number.map(String::from),
            phone: None,
            held: vec!["work_injury_determination_certificate".into()],
            demo: true,
        })
    }

    #[test]
    fn a_reviewer_works_only_their_own_department() {
        let reviewer = staff(Role::Reviewer, Some("hrss"));
        assert_eq!(reviewer.may_work_department("hrss"), Ok(()));
        assert_eq!(
            reviewer.may_work_department("police"),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn managers_and_administrators_see_every_department_but_counter_staff_none() {
        for role in [Role::Manager, Role::Admin] {
            assert_eq!(staff(role, None).may_work_department("police"), Ok(()));
        }
        for role in [Role::Window, Role::CatalogEditor] {
            assert_eq!(
                staff(role, None).may_work_department("police"),
                Err(Denied::Forbidden)
            );
        }
    }

    #[test]
    fn only_a_reviewer_of_the_parts_department_decides_it() {
        assert_eq!(
            staff(Role::Reviewer, Some("hrss")).may_decide_part("hrss"),
            Ok(())
        );
        assert_eq!(
            staff(Role::Reviewer, Some("hrss")).may_decide_part("police"),
            Err(Denied::Forbidden)
        );
        for role in [
            Role::Manager,
            Role::Admin,
            Role::Window,
            Role::CatalogEditor,
        ] {
            assert_eq!(
                staff(role, None).may_decide_part("hrss"),
                Err(Denied::Forbidden)
            );
        }
        assert_eq!(
            Caller::Anonymous.may_decide_part("hrss"),
            Err(Denied::SignIn(Audience::Staff))
        );
    }

    #[test]
    fn citizens_and_strangers_are_kept_out_of_department_queues_differently() {
        assert_eq!(
            Caller::Anonymous.may_work_department("hrss"),
            Err(Denied::SignIn(Audience::Staff))
        );
        assert_eq!(
            citizen(None).may_work_department("hrss"),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn only_managers_and_administrators_see_statistics() {
        for role in [Role::Manager, Role::Admin] {
            assert_eq!(staff(role, None).may_see_statistics(), Ok(()));
        }
        for role in [Role::Window, Role::CatalogEditor] {
            assert_eq!(
                staff(role, None).may_see_statistics(),
                Err(Denied::Forbidden)
            );
        }
        assert_eq!(
            staff(Role::Reviewer, Some("hrss")).may_see_statistics(),
            Err(Denied::Forbidden)
        );
        assert_eq!(citizen(None).may_see_statistics(), Err(Denied::Forbidden));
        assert_eq!(
            Caller::Anonymous.may_see_statistics(),
            Err(Denied::SignIn(Audience::Staff))
        );
        assert_eq!(
            Caller::AnonymousWithSession {
                owner: "anon:1".into()
            }
            .may_see_statistics(),
            Err(Denied::SignIn(Audience::Staff))
        );
    }

    #[test]
    fn only_the_owner_opens_a_draft_or_receipt() {
        let me = Caller::AnonymousWithSession {
            owner: "anon:1".into(),
        };
        assert_eq!(me.may_open_own(Some("anon:1")), Ok(()));
        assert_eq!(me.may_open_own(Some("anon:2")), Err(Denied::Forbidden));
        assert_eq!(me.may_open_own(None), Err(Denied::Forbidden));
        assert_eq!(
            Caller::Anonymous.may_open_own(Some("anon:1")),
            Err(Denied::SignIn(Audience::Citizen))
        );
    }

    #[test]
    fn e_certificates_exempt_only_when_the_form_names_the_signed_in_person() {
        let li = citizen(Some("11010519491231002X"));
        assert_eq!(li.held_for(Some("11010519491231002x")).len(), 1);
        assert!(li.held_for(Some("110105199003070180")).is_empty());
        assert!(Caller::Anonymous.held_for(None).is_empty());
        assert!(citizen(None)
            .held_for(Some("11010519491231002X"))
            .is_empty());
    }

    #[test]
    fn sign_in_links_come_back_to_the_page() {
        assert_eq!(
            Denied::SignIn(Audience::Staff)
                .sign_in_url("/departments/hrss")
                .as_deref(),
            Some("/staff/sign-in?next=%2Fdepartments%2Fhrss")
        );
        assert_eq!(Denied::Forbidden.sign_in_url("/x"), None);
    }
}
