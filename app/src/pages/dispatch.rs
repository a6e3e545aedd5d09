//! Dispatch, for administrators: where each department's parts are delivered (the product's own
//! queue, or the department's system at an address with a shared secret) and the deliveries
//! given up on, each with its last error and a "deliver again" button.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{encode, get_dispatch_overview, DeadLetterView, DispatchOverview, ReceiverView};
use crate::components::{LabelledField, LoadError};
use crate::engine::Text;
use crate::i18n::{l, lang, t, tr, Bi};
use crate::pages::part::format_millis;

/// A shared secret shorter than this is refused: it must resist guessing offline (32
/// characters of a random token carry well over 128 bits).
pub const MIN_SECRET_CHARS: usize = 32;

/// Why a field of the receiver form was refused, by the code the server sends back.
pub fn receiver_error(field: &str) -> Option<Text> {
    Some(match field {
        "department" => Text::new("请选择部门。", "Choose a department."),
        "url" => Text::new(
            "请填写以 https:// 开头的接收地址（仅本机测试可用 http://127.0.0.1）。",
            "Enter an address starting with https:// (plain http only to this machine, for tests).",
        ),
        "secret" => Text::new(
            format!("共享密钥至少{MIN_SECRET_CHARS}个字符。"),
            format!("The shared secret needs at least {MIN_SECRET_CHARS} characters."),
        ),
        "storage" => Text::new(
            "系统暂时不可用，未保存。请稍后再试。",
            "Temporarily unavailable: nothing was saved. Try again shortly.",
        ),
        _ => return None,
    })
}

/// The receiver form's fields in the order they appear: the error summary lists them so.
const FIELDS: [&str; 3] = ["department", "url", "secret"];

/// What the query string after a refused post (or a "change" link) puts back in the receiver
/// form. The secret never travels in a URL, so it is never refilled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiverFormState {
    /// Known codes only (`department`, `url`, `secret`, `storage`), in form order.
    pub errors: Vec<&'static str>,
    pub department: String,
    pub url: String,
    pub active: bool,
}

impl ReceiverFormState {
    /// From the query parameter `get`. A fresh form has "active" ticked: a receiver is added to
    /// be used. Once the form was sent back, it shows what was sent (an unticked box is absent
    /// from a form post, so only `active=on` means ticked).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ReceiverFormState {
        let codes = get("errors").unwrap_or_default();
        let codes: Vec<&str> = codes.split(',').map(str::trim).collect();
        let errors = FIELDS
            .into_iter()
            .chain(["storage"])
            .filter(|f| codes.contains(f))
            .collect();
        let department = get("department");
        let url = get("url");
        let refilled = department.is_some() || url.is_some();
        ReceiverFormState {
            errors,
            department: department.unwrap_or_default(),
            url: url.unwrap_or_default(),
            active: !refilled || get("active").as_deref() == Some("on"),
        }
    }

    fn error(&self, field: &str) -> Option<Text> {
        self.errors
            .contains(&field)
            .then(|| receiver_error(field))
            .flatten()
    }
}

/// The outcome messages of the page's posts, from the query string.
#[derive(Clone, Debug, Default)]
struct Outcome {
    saved: Option<String>,
    redelivered: Option<String>,
    redeliver_error: Option<String>,
}

#[component]
pub fn DispatchPage() -> impl IntoView {
    let query = use_query_map();
    // One render per request (no island here): the query is read once, untracked.
    let state = query.with_untracked(|q| ReceiverFormState::from_query(|k| q.get(k)));
    let outcome = query.with_untracked(|q| Outcome {
        saved: q.get("saved"),
        redelivered: q.get("redelivered"),
        redeliver_error: q.get("redeliver_error"),
    });
    let overview = Resource::new(|| (), |_| get_dispatch_overview());
    view! {
        <h1><Bi text=t("投递", "Dispatch")/></h1>
        <p class="lead"><Bi text=t(
            "分送给各部门的事项可以投递到部门自己的业务系统。在这里设置各部门的接收端，并重新投递未能送达的事项。",
            "Parts sent to a department can be delivered to the department's own system. Here you set each department's receiver and deliver again what could not be delivered.",
        )/></p>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || {
                let state = state.clone();
                let outcome = outcome.clone();
                Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <Overview o state outcome/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Overview(o: DispatchOverview, state: ReceiverFormState, outcome: Outcome) -> impl IntoView {
    let saved = outcome.saved.map(|id| {
        let name = department_label(&o.departments, &id);
        Text::new(
            format!("已保存“{}”的接收端。", name.zh),
            format!("The receiver of {} is saved.", name.en),
        )
    });
    view! {
        <section aria-labelledby="dispatch-counts-h">
            <h2 id="dispatch-counts-h"><Bi text=t("投递概况", "Deliveries at a glance")/></h2>
            <ul class="counts" data-testid="dispatch-counts">
                <li class="count-alert"><Bi text=t("等待投递", "Waiting")/>" "<strong data-testid="dispatch-pending">{o.pending}</strong></li>
                <li class="count-alert"><Bi text=t("已送达", "Delivered")/>" "<strong data-testid="dispatch-delivered">{o.delivered}</strong></li>
                <li class="count-alert"><Bi text=t("未能投递", "Not delivered")/>" "<strong data-testid="dispatch-dead">{o.dead}</strong></li>
            </ul>
        </section>

        <section id="receivers" aria-labelledby="receivers-h">
            <h2 id="receivers-h"><Bi text=t("各部门接收端", "Departments' receivers")/></h2>
            {saved.map(|m| view! { <p class="notice" role="status" data-testid="receiver-saved"><Bi text=m/></p> })}
            <p><Bi text=t(
                "没有启用接收端的部门，其事项留在本系统的部门待办中，由部门工作人员在本系统办理。",
                "A department without an active receiver gets its parts in this product's own queue, worked here by its staff.",
            )/></p>
            <ReceiverTable receivers=o.receivers/>
            <ReceiverForm departments=o.departments state/>
        </section>

        <section id="dead-letters" aria-labelledby="dead-letters-h">
            <h2 id="dead-letters-h"><Bi text=t("未能投递的事项", "Deliveries given up on")/></h2>
            {outcome.redelivered.map(|id| view! {
                <p class="notice" role="status" data-testid="redelivered">
                    <Bi text=Text::new(format!("已安排重新投递（{id}）。"), format!("Delivery {id} will be tried again."))/>
                </p>
            })}
            {outcome.redeliver_error.map(|code| view! {
                <div class="error-summary" role="alert" data-testid="redeliver-error"><p><Bi text=redeliver_error(&code)/></p></div>
            })}
            <p class="hint"><Bi text=t(
                "多次尝试仍未送达的投递列在这里，最新的在前。排除原因（例如接收地址有误）后，可以重新投递。",
                "Deliveries that still failed after repeated attempts, newest first. Once the cause is put right (a wrong address, say), deliver them again.",
            )/></p>
            <DeadLetterTable letters=o.dead_letters/>
        </section>
    }
}

/// A department's name by its id; the id itself when the catalogue no longer has it.
fn department_label(departments: &[(String, Text)], id: &str) -> Text {
    departments
        .iter()
        .find(|(d, _)| d == id)
        .map(|(_, name)| name.clone())
        .unwrap_or_else(|| Text::new(id, id))
}

/// Why "deliver again" did nothing, by the code the server sends back.
fn redeliver_error(code: &str) -> Text {
    match code {
        "gone" => t(
            "这项投递已不在未能投递的列表中（可能已经重新投递过）。",
            "This delivery is no longer among those given up on (perhaps it was already sent again).",
        ),
        _ => t(
            "系统暂时不可用，未能重新投递。请稍后再试。",
            "Temporarily unavailable: nothing was sent again. Try again shortly.",
        ),
    }
}

/// A cell's column name, shown only on phones where the table's header row is hidden (the
/// header cells still name the column for screen readers, hence `aria-hidden`).
#[component]
fn CellLabel(text: Text) -> impl IntoView {
    view! { <span class="cell-label" aria-hidden="true"><Bi text/>": "</span> }
}

#[component]
fn ReceiverTable(receivers: Vec<ReceiverView>) -> impl IntoView {
    if receivers.is_empty() {
        return view! {
            <p data-testid="no-receivers"><Bi text=t(
                "还没有设置接收端：所有部门的事项都在本系统的部门待办中。",
                "No receivers yet: every department's parts are in this product's own queues.",
            )/></p>
        }
        .into_any();
    }
    view! {
        <table class="parts dispatch" data-testid="receivers">
            <caption><Bi text=t("已设置的接收端", "Receivers set up")/></caption>
            <thead>
                <tr>
                    <th scope="col"><Bi text=t("部门", "Department")/></th>
                    <th scope="col"><Bi text=t("接收地址", "Address")/></th>
                    <th scope="col"><Bi text=t("状态", "State")/></th>
                    <th scope="col"><Bi text=t("更新时间", "Updated")/></th>
                    <th scope="col"><Bi text=t("操作", "Actions")/></th>
                </tr>
            </thead>
            <tbody>
                {receivers.into_iter().map(|r| {
                    // Fills the form below with this receiver, to change it.
                    let change = format!(
                        "/staff/dispatch?department={}&url={}{}#receiver-form",
                        encode(&r.department),
                        encode(&r.url),
                        if r.active { "&active=on" } else { "" }
                    );
                    // The link names its receiver for screen readers, in the page's language.
                    let hidden = lang().pick(
                        format!("{}的接收端", r.department_name.zh),
                        format!(" the receiver of {}", r.department_name.en),
                    );
                    view! {
                        <tr data-testid="receiver" data-department=r.department.clone()>
                            <th scope="row"><Bi text=r.department_name/></th>
                            <td class="long"><CellLabel text=t("接收地址", "Address")/>{r.url}</td>
                            <td>{if r.active {
                                view! { <Bi text=t("启用：投递到部门系统", "Active: delivered to the department's system")/> }.into_any()
                            } else {
                                view! { <Bi text=t("停用：留在本系统待办", "Off: kept in this product's queue")/> }.into_any()
                            }}</td>
                            <td><CellLabel text=t("更新时间", "Updated")/><time>{format_millis(r.updated_at)}</time></td>
                            <td>
                                <a href=change>
                                    {l("修改", "Change")}<span class="visually-hidden">{hidden}</span>
                                </a>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ReceiverForm(departments: Vec<(String, Text)>, state: ReceiverFormState) -> impl IntoView {
    let invalid = |field: &str| state.errors.contains(&field).then_some("true");
    let (department_invalid, url_invalid, secret_invalid) =
        (invalid("department"), invalid("url"), invalid("secret"));
    let (department_error, url_error, secret_error) = (
        state.error("department"),
        state.error("url"),
        state.error("secret"),
    );
    let ReceiverFormState {
        department: typed_department,
        url: typed_url,
        active,
        ..
    } = state.clone();
    let summary = (!state.errors.is_empty()).then(|| {
        let lines = state
            .errors
            .iter()
            .filter_map(|&f| {
                receiver_error(f).map(|m| {
                    // The storage message belongs to no field: no link.
                    if f == "storage" {
                        view! { <li><Bi text=m/></li> }.into_any()
                    } else {
                        view! { <li><a href=format!("#{f}")><Bi text=m/></a></li> }.into_any()
                    }
                })
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" data-testid="receiver-errors">
                <p class="big"><Bi text=t("未保存，请更正：", "Nothing was saved. Please correct:")/></p>
                <ul>{lines}</ul>
            </div>
        }
    });
    let secret_hint = Text::new(
        format!("至少{MIN_SECRET_CHARS}个字符，与部门系统共享，保存后不再显示。修改已有接收端时留空，则保留原密钥。"),
        format!("At least {MIN_SECRET_CHARS} characters, shared with the department's system and never shown again once saved. When changing an existing receiver, leave it empty to keep the current secret."),
    );
    view! {
        <form id="receiver-form" method="post" action="/staff/dispatch/receivers" class="lookup" aria-labelledby="receiver-form-h">
            <h3 id="receiver-form-h"><Bi text=t("设置接收端", "Set a receiver")/></h3>
            <p class="hint"><Bi text=t(
                "选择已有接收端的部门即修改该接收端。",
                "Choosing a department that already has a receiver changes it.",
            )/></p>
            {summary}
            <LabelledField id="department" label=t("部门", "Department") error=department_error>
                <select id="department" name="department" required aria-describedby="department-error"
                    aria-invalid=department_invalid>
                    <option value="">{l("请选择", "Choose")}</option>
                    {departments.into_iter().map(|(id, name)| {
                        let selected = typed_department == id;
                        view! { <option value=id selected=selected>{tr(&name)}</option> }
                    }).collect_view()}
                </select>
            </LabelledField>
            <LabelledField id="url" label=t("接收地址", "Address")
                hint=t("以 https:// 开头的部门系统地址。", "The department system's address, starting with https://.")
                error=url_error>
                <input id="url" name="url" type="url" inputmode="url" autocomplete="off" autocapitalize="none"
                    spellcheck="false" required value=typed_url aria-describedby="url-hint url-error"
                    aria-invalid=url_invalid/>
            </LabelledField>
            <LabelledField id="secret" label=t("共享密钥", "Shared secret") hint=secret_hint error=secret_error>
                <input id="secret" name="secret" type="password" autocomplete="new-password"
                    aria-describedby="secret-hint secret-error" aria-invalid=secret_invalid/>
            </LabelledField>
            <div class="choice">
                <input id="active" name="active" type="checkbox" checked=active aria-describedby="active-hint"/>
                <label for="active">
                    <Bi text=t("启用", "Active")/>
                    <span class="item-meta" id="active-hint"><Bi text=t(
                        "不启用时，该部门的事项留在本系统的部门待办中。",
                        "When not active, the department's parts stay in this product's own queue.",
                    )/></span>
                </label>
            </div>
            <button type="submit" class="button"><Bi text=t("保存接收端", "Save the receiver")/></button>
        </form>
    }
}

#[component]
fn DeadLetterTable(letters: Vec<DeadLetterView>) -> impl IntoView {
    if letters.is_empty() {
        return view! {
            <p data-testid="no-dead-letters"><Bi text=t(
                "没有未能投递的事项：每项投递都已送达或仍在尝试中。",
                "None: every delivery went through or is still being tried.",
            )/></p>
        }
        .into_any();
    }
    view! {
        <table class="parts dispatch" data-testid="dead-letters">
            <caption><Bi text=t("未能投递（最新的在前）", "Given up on (newest first)")/></caption>
            <thead>
                <tr>
                    // The department goes with the part: six columns do not fit a staff page.
                    <th scope="col"><Bi text=t("事项编号与部门", "Part and department")/></th>
                    <th scope="col"><Bi text=t("尝试次数", "Attempts")/></th>
                    <th scope="col"><Bi text=t("最后的错误", "Last error")/></th>
                    <th scope="col"><Bi text=t("放弃时间", "Given up")/></th>
                    <th scope="col"><Bi text=t("操作", "Actions")/></th>
                </tr>
            </thead>
            <tbody>
                {letters.into_iter().map(|d| {
                    let action = format!("/staff/dispatch/{}/redeliver", encode(&d.id));
                    let part_link = format!("/staff/parts/{}", encode(&d.part));
                    view! {
                        <tr data-testid="dead-letter">
                            <th scope="row">
                                <a href=part_link class="long">{d.part.clone()}</a>
                                <span class="item-meta"><Bi text=d.department_name/></span>
                            </th>
                            <td><CellLabel text=t("尝试次数", "Attempts")/>{d.attempts}</td>
                            <td class="long"><CellLabel text=t("最后的错误", "Last error")/>{d.last_error}</td>
                            <td><CellLabel text=t("放弃时间", "Given up")/><time>{format_millis(d.dead_at)}</time></td>
                            <td>
                                <form method="post" action=action>
                                    <button type="submit" class="button secondary">
                                        <Bi text=t("重新投递", "Deliver again")/>
                                        <span class="visually-hidden">" "{d.part}</span>
                                    </button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(query: &[(&str, &str)]) -> ReceiverFormState {
        ReceiverFormState::from_query(|k| {
            query
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn a_fresh_form_is_empty_and_active() {
        let s = state(&[]);
        assert!(s.errors.is_empty());
        assert_eq!(
            (s.department.as_str(), s.url.as_str(), s.active),
            ("", "", true)
        );
    }

    #[test]
    fn a_refused_form_comes_back_as_typed_with_its_errors_in_form_order() {
        let s = state(&[
            ("errors", "secret,url,nonsense"),
            ("department", "hrss"),
            ("url", "http://example.com"),
        ]);
        assert_eq!(s.errors, vec!["url", "secret"]);
        assert_eq!(s.department, "hrss");
        assert_eq!(s.url, "http://example.com");
        // Sent back without `active=on`: the box was unticked.
        assert!(!s.active);
        assert!(s.error("url").is_some());
        assert!(s.error("department").is_none());
        assert!(state(&[("department", "hrss"), ("active", "on")]).active);
    }

    #[test]
    fn a_storage_failure_keeps_the_defaults() {
        let s = state(&[("errors", "storage")]);
        assert_eq!(s.errors, vec!["storage"]);
        assert!(s.active);
    }

    #[test]
    fn every_field_code_has_a_message() {
        for f in FIELDS.into_iter().chain(["storage"]) {
            assert!(receiver_error(f).is_some(), "{f}");
        }
    }
}
