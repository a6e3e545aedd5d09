//! The working-day calendar, for administrators: each year's holidays and make-up working days
//! as the State Council's notice gives them. A year is added or corrected with a plain form
//! (no JavaScript needed); every deadline counted after that uses it, without a rebuild. Until a
//! year is here, dates in it are counted on the provisional calendar and marked so.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{get_calendar_overview, CalendarOverview, CalendarYearView};
use crate::components::{LabelledField, LoadError};
use crate::engine::calendar::{NoticeField, NoticeProblem};
use crate::engine::Text;
use crate::i18n::{lang, t, Bi};

/// What a refused notice says about one line (0: the whole box), in both languages.
pub fn notice_message(field: NoticeField, line: usize, problem: NoticeProblem) -> Text {
    let at = |zh: &str, en: &str| {
        if line == 0 {
            Text::new(zh, en)
        } else {
            Text::new(format!("第{line}行：{zh}"), format!("Line {line}: {en}"))
        }
    };
    match (problem, field) {
        (NoticeProblem::BadYear, _) => at(
            "请填写2000至2100之间的年份，例如 2027。",
            "Enter a year from 2000 to 2100, for example 2027.",
        ),
        (NoticeProblem::NoHolidays, _) => at(
            "请至少填写一个放假日期。",
            "Enter at least one holiday.",
        ),
        (NoticeProblem::NotADate, NoticeField::Workdays) => at(
            "不是日期，请写成 2027-02-20 这样的格式。",
            "not a date; write it as 2027-02-20.",
        ),
        (NoticeProblem::NotADate, _) => at(
            "不是日期或日期范围，请写成 2027-02-05 或 2027-02-05..2027-02-11（前一日期在前）。",
            "not a date or a range; write 2027-02-05 or 2027-02-05..2027-02-11 (earlier date first).",
        ),
        (NoticeProblem::OutsideYear, _) => at(
            "日期不在该年度（或前后一个月）内。",
            "outside the notice's year (or the month either side).",
        ),
        (NoticeProblem::NotAWeekend, _) => at(
            "不是周六或周日，调休上班日都在周末。",
            "not a Saturday or Sunday; make-up working days are always at weekends.",
        ),
        (NoticeProblem::AlsoAHoliday, _) => at(
            "该日同时被列为放假日。",
            "this day is also listed as a holiday.",
        ),
        (NoticeProblem::Repeated, _) => at(
            "与上面的日期重复。",
            "repeats a day given above.",
        ),
    }
}

/// The form's fields in the order they appear.
const FIELDS: [NoticeField; 3] = [
    NoticeField::Year,
    NoticeField::Holidays,
    NoticeField::Workdays,
];

/// What the query string after a refused post (or a "change" link) puts back in the form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoticeFormState {
    /// (field, line, problem), from `errors=holidays:2:not-a-date,…`; unknown codes dropped.
    pub errors: Vec<(NoticeField, usize, NoticeProblem)>,
    pub storage_failed: bool,
    pub year: String,
    pub holidays: String,
    pub workdays: String,
    pub saved: Option<String>,
    /// The years a file brought in ("2027,2028").
    pub imported: Option<String>,
    /// Why a file was not read: `no-file`, `too-big`, `storage`.
    pub import_failed: Option<String>,
}

impl NoticeFormState {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> NoticeFormState {
        let codes = get("errors").unwrap_or_default();
        let mut errors = Vec::new();
        for code in codes.split(',') {
            let mut parts = code.split(':');
            let field = parts
                .next()
                .and_then(|f| FIELDS.into_iter().find(|x| x.code() == f));
            let line = parts.next().and_then(|n| n.parse::<usize>().ok());
            let problem = parts.next().and_then(NoticeProblem::from_code);
            if let (Some(f), Some(n), Some(p)) = (field, line, problem) {
                errors.push((f, n, p));
            }
        }
        errors.sort_by_key(|(f, n, _)| (FIELDS.iter().position(|x| x == f), *n));
        NoticeFormState {
            errors,
            storage_failed: codes.split(',').any(|c| c == "storage"),
            year: get("year").unwrap_or_default(),
            holidays: get("holidays").unwrap_or_default(),
            workdays: get("workdays").unwrap_or_default(),
            saved: get("saved"),
            imported: get("imported"),
            import_failed: get("import"),
        }
    }

    /// The messages for one field, joined (a box may have several wrong lines).
    fn messages(&self, field: NoticeField) -> Vec<Text> {
        self.errors
            .iter()
            .filter(|(f, _, _)| *f == field)
            .map(|(f, n, p)| notice_message(*f, *n, *p))
            .collect()
    }

    /// A "change" link asks for a year with nothing typed: fill the boxes from what is stored.
    fn refill_from(&mut self, years: &[CalendarYearView]) {
        if self.holidays.is_empty() && self.workdays.is_empty() && self.errors.is_empty() {
            if let Some(y) = years.iter().find(|y| y.year.to_string() == self.year) {
                self.holidays = y.holidays.join("\n");
                self.workdays = y.workdays.join("\n");
            }
        }
    }
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    // One render per request (no island here): the query is read once, untracked.
    let state = query.with_untracked(|q| NoticeFormState::from_query(|k| q.get(k)));
    let overview = Resource::new(|| (), |_| get_calendar_overview());
    view! {
        <h1><Bi text=t("工作日历", "Working-day calendar")/></h1>
        <p class="lead"><Bi text=t(
            "所有办理期限都按这里的节假日和调休上班日计算。每年国务院办公厅发布放假安排通知后，在此录入该年度；未录入的年度按法定节假日暂定计算，并在页面上标明“暂定”。",
            "Every deadline is counted on the holidays and make-up working days here. When the State Council publishes a year's holiday notice, enter that year here; until then dates in it are counted provisionally on the statutory holidays and marked provisional.",
        )/></p>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || {
                let state = state.clone();
                Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <Calendar o state/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Calendar(o: CalendarOverview, mut state: NoticeFormState) -> impl IntoView {
    state.refill_from(&o.years);
    let saved = state.saved.clone().map(|y| {
        Text::new(
            format!("{y}年的放假安排已保存，此后计算的期限按此执行。"),
            format!("The notice for {y} is saved: deadlines counted from now on use it."),
        )
    });
    let imported = state.imported.clone().map(|years| {
        Text::new(
            format!("已从文件导入{}年的放假安排，此后计算的期限按此执行。", years.replace(',', "、")),
            format!("The notices for {} are imported from the file: deadlines counted from now on use them.", years.replace(',', ", ")),
        )
    });
    let import_failed = state.import_failed.as_deref().map(|code| match code {
        "no-file" => t(
            "请选择要导入的日历文件（.json）。",
            "Choose the calendar file to import (.json).",
        ),
        "too-big" => t(
            "文件超过1 MB，不是一份日历文件。",
            "The file is larger than 1 MB: that is not a calendar file.",
        ),
        _ => t(
            "系统暂时不可用，未导入。请稍后再试。",
            "Temporarily unavailable: nothing was imported. Try again shortly.",
        ),
    });
    view! {
        {saved.or(imported).map(|m| view! { <p class="notice" role="status" data-testid="calendar-saved"><Bi text=m/></p> })}
        {import_failed.map(|m| view! { <div class="error-summary" role="alert" data-testid="calendar-import-failed"><p><Bi text=m/></p></div> })}
        <section aria-labelledby="years-h">
            <h2 id="years-h"><Bi text=t("已录入的年度", "Years entered")/></h2>
            <table class="parts" data-testid="calendar-years">
                <caption class="visually-hidden"><Bi text=t("各年度的放假日和调休上班日", "Each year's holidays and make-up working days")/></caption>
                <thead>
                    <tr>
                        <th scope="col"><Bi text=t("年度", "Year")/></th>
                        <th scope="col"><Bi text=t("放假", "Holidays")/></th>
                        <th scope="col"><Bi text=t("调休上班", "Make-up working days")/></th>
                        <th scope="col"><Bi text=t("最后修改", "Last changed")/></th>
                        <th scope="col"><Bi text=t("操作", "Action")/></th>
                    </tr>
                </thead>
                <tbody>
                    {o.years.into_iter().map(|y| {
                        let change = format!("/staff/calendar?year={}#calendar-form", y.year);
                        let name = lang().pick(format!("修改{}年", y.year), format!("Change {}", y.year));
                        view! {
                            <tr data-testid="calendar-year" data-year=y.year.to_string()>
                                <th scope="row">{y.year.to_string()}</th>
                                <td>{y.holidays.join("、")}</td>
                                <td>{y.workdays.join("、")}</td>
                                <td>{format!("{} · {}", y.changed_on, y.changed_by)}</td>
                                <td><a href=change>{name}</a></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <NoticeForm state/>
        <ImportForm/>
    }
}

/// Several years at once, as a file: what the page downloads, or the format the product ships
/// its notices in. Checked whole on the server; a refused file gets a page of every problem.
#[component]
fn ImportForm() -> impl IntoView {
    view! {
        <form id="import" method="post" action="/staff/calendar/import" enctype="multipart/form-data" class="lookup" aria-labelledby="import-h">
            <h2 id="import-h"><Bi text=t("用文件导入或导出", "Import or export as a file")/></h2>
            <p><a href="/staff/calendar/calendar.json" download data-testid="calendar-export"><Bi text=t(
                "下载全部年度（calendar.json）",
                "Download every year (calendar.json)",
            )/></a></p>
            <div class="field">
                <label for="calendar-file"><Bi text=t("日历文件（.json）", "Calendar file (.json)")/></label>
                <p class="hint" id="calendar-file-hint"><Bi text=t(
                    "格式与上面下载的文件相同：每个年度一项，含 year、holidays（每项一个日期或一段日期）和 workdays。文件先完整检查，有任何问题都不保存；通过后各年度一并替换。",
                    "The same format as the download above: one entry per year with year, holidays (a date or a range each) and workdays. The file is checked whole first: with any problem nothing is stored; once it passes, each of its years is replaced together.",
                )/></p>
                <input id="calendar-file" name="file" type="file" accept=".json,application/json" required aria-describedby="calendar-file-hint"/>
            </div>
            <button type="submit" class="button secondary" data-testid="calendar-import"><Bi text=t("检查并导入", "Check and import")/></button>
        </form>
    }
}

#[component]
fn NoticeForm(state: NoticeFormState) -> impl IntoView {
    let error_of = |field: NoticeField| {
        let messages = state.messages(field);
        (!messages.is_empty()).then(|| {
            Text::new(
                messages
                    .iter()
                    .map(|m| m.zh.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                messages
                    .iter()
                    .map(|m| m.en.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
    };
    let invalid = |field: NoticeField| {
        state
            .errors
            .iter()
            .any(|(f, _, _)| *f == field)
            .then_some("true")
    };
    let (year_error, holidays_error, workdays_error) = (
        error_of(NoticeField::Year),
        error_of(NoticeField::Holidays),
        error_of(NoticeField::Workdays),
    );
    let (year_invalid, holidays_invalid, workdays_invalid) = (
        invalid(NoticeField::Year),
        invalid(NoticeField::Holidays),
        invalid(NoticeField::Workdays),
    );
    let (typed_year, typed_holidays, typed_workdays) = (
        state.year.clone(),
        state.holidays.clone(),
        state.workdays.clone(),
    );
    let summary = (!state.errors.is_empty() || state.storage_failed).then(|| {
        let lines = state
            .errors
            .iter()
            .map(|(f, n, p)| {
                view! { <li><a href=format!("#{}", f.code())><Bi text=notice_message(*f, *n, *p)/></a></li> }
            })
            .collect_view();
        let storage = state.storage_failed.then(|| view! {
            <li><Bi text=t("系统暂时不可用，未保存。请稍后再试。", "Temporarily unavailable: nothing was saved. Try again shortly.")/></li>
        });
        view! {
            <div class="error-summary" role="alert" data-testid="calendar-errors">
                <p class="big"><Bi text=t("未保存，请更正：", "Nothing was saved. Please correct:")/></p>
                <ul>{lines}{storage}</ul>
            </div>
        }
    });
    view! {
        <form id="calendar-form" method="post" action="/staff/calendar" class="lookup" aria-labelledby="calendar-form-h">
            <h2 id="calendar-form-h"><Bi text=t("录入或更正一个年度", "Enter or correct a year")/></h2>
            <p class="hint"><Bi text=t(
                "填写已录入的年度即更正该年度，原内容被替换。每次保存都记入审计日志。",
                "Entering a year that is already here corrects it: what was there is replaced. Every save is recorded in the audit log.",
            )/></p>
            {summary}
            <LabelledField id="year" label=t("年度", "Year") error=year_error>
                <input id="year" name="year" type="text" inputmode="numeric" autocomplete="off" required
                    value=typed_year aria-describedby="year-error"
                    aria-invalid=year_invalid/>
            </LabelledField>
            <LabelledField id="holidays" label=t("放假日期", "Holidays")
                hint=t(
                    "每行一个日期或一段日期，如 2027-02-05..2027-02-11，照通知抄录（含周末）。",
                    "One date or range per line, such as 2027-02-05..2027-02-11, as the notice gives them (weekends included).",
                )
                error=holidays_error>
                <textarea id="holidays" name="holidays" rows="9" required spellcheck="false"
                    aria-describedby="holidays-hint holidays-error"
                    aria-invalid=holidays_invalid>{typed_holidays}</textarea>
            </LabelledField>
            <LabelledField id="workdays" label=t("调休上班日", "Make-up working days")
                hint=t("每行一个日期，如 2027-02-20（都在周六或周日）。", "One date per line, such as 2027-02-20 (always a Saturday or Sunday).")
                error=workdays_error>
                <textarea id="workdays" name="workdays" rows="6" spellcheck="false"
                    aria-describedby="workdays-hint workdays-error"
                    aria-invalid=workdays_invalid>{typed_workdays}</textarea>
            </LabelledField>
            <button type="submit" class="button"><Bi text=t("保存该年度", "Save the year")/></button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(query: &[(&str, &str)]) -> NoticeFormState {
        NoticeFormState::from_query(|k| {
            query
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn a_refused_notice_comes_back_as_typed_with_its_errors_in_form_order() {
        let s = state(&[
            (
                "errors",
                "workdays:1:not-a-weekend,holidays:3:not-a-date,nonsense,year:0:bad-year",
            ),
            ("year", "20x7"),
            ("holidays", "2027-01-01\n2027-02-05..2027-02-11\nsoon"),
            ("workdays", "2027-02-17"),
        ]);
        assert_eq!(
            s.errors,
            vec![
                (NoticeField::Year, 0, NoticeProblem::BadYear),
                (NoticeField::Holidays, 3, NoticeProblem::NotADate),
                (NoticeField::Workdays, 1, NoticeProblem::NotAWeekend),
            ]
        );
        assert_eq!(s.holidays, "2027-01-01\n2027-02-05..2027-02-11\nsoon");
        assert!(!s.storage_failed);
    }

    #[test]
    fn a_change_link_fills_the_form_with_the_stored_year() {
        let mut s = state(&[("year", "2026")]);
        s.refill_from(&[CalendarYearView {
            year: 2026,
            holidays: vec!["2026-01-01..2026-01-03".into()],
            workdays: vec!["2026-01-04".into()],
            changed_by: "seed".into(),
            changed_on: crate::engine::Date::new(2026, 1, 1).unwrap(),
        }]);
        assert_eq!(
            (s.holidays.as_str(), s.workdays.as_str()),
            ("2026-01-01..2026-01-03", "2026-01-04")
        );
    }

    #[test]
    fn every_problem_has_a_message_with_its_line_in_both_languages() {
        for p in NoticeProblem::ALL {
            let m = notice_message(NoticeField::Holidays, 4, p);
            assert!(
                m.zh.starts_with("第4行") && m.en.starts_with("Line 4"),
                "{p:?}"
            );
        }
    }
}
