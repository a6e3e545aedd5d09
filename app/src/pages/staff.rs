//! The staff side's door: sign-in, a start page by role, and staff accounts for administrators.
//! Plain forms posting to the server; every decision is the server's, per request.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::caller::Role;
use crate::api::{
    encode, find_by_applicant, get_staff_accounts, get_staff_me, get_staff_self, list_departments,
    FoundPart, StaffAccount,
};
use crate::components::LoadError;
use crate::engine::Text;
use crate::i18n::{t, tr, Bi};

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        query
            .with(|q| q.get("error"))
            .map(|code| match code.as_str() {
                "wait" => t(
                    "尝试次数过多，请10分钟后再试。",
                    "Too many tries. Try again in 10 minutes.",
                ),
                "unavailable" => t(
                    "登录服务暂时不可用，请稍后再试。",
                    "Sign-in is not available just now. Please try again shortly.",
                ),
                _ => t(
                    "用户名或密码不正确。",
                    "The username or password is not right.",
                ),
            })
    };
    let next = move || {
        query
            .with(|q| q.get("next"))
            .unwrap_or_else(|| "/staff".into())
    };
    view! {
        <h1><Bi text=t("工作人员登录", "Staff sign-in")/></h1>
        <form method="post" action="/staff/sign-in" class="lookup">
            <input type="hidden" name="next" value=next/>
            <p class="error-message" id="sign-in-error" aria-live="polite">
                {move || error().map(|m| view! { <Bi text=m/> })}
            </p>
            <div class="field" class:field-error=move || error().is_some()>
                <label for="username"><Bi text=t("用户名", "Username")/></label>
                <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none"
                    spellcheck="false" required aria-describedby="sign-in-error"
                    aria-invalid=move || error().is_some().then_some("true")/>
            </div>
            <div class="field" class:field-error=move || error().is_some()>
                <label for="password"><Bi text=t("密码", "Password")/></label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    aria-describedby="sign-in-error" aria-invalid=move || error().is_some().then_some("true")/>
            </div>
            <button type="submit" class="button"><Bi text=t("登录", "Sign in")/></button>
        </form>
    }
}

/// Where a staff member starts: who they are and what their role lets them open.
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_staff_me());
    view! {
        <h1><Bi text=t("工作台", "Staff desk")/></h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(s)) => {
                        let works_queues = matches!(s.role, Role::Reviewer | Role::Manager | Role::Admin);
                        view! {
                            <p data-testid="staff-who">
                                {s.name.clone()}" · "<Bi text=s.role.label()/>
                            </p>
                            <ul class="department-list">
                                {works_queues.then(|| view! {
                                    <li><a href="/departments"><Bi text=t("部门待办", "Department queues")/></a></li>
                                })}
                                {matches!(s.role, Role::Manager | Role::Admin).then(|| view! {
                                    <li><a href="/staff/statistics"><Bi text=t("统计", "Statistics")/></a></li>
                                })}
                                {(s.role == Role::Admin).then(|| view! {
                                    <li><a href="/staff/accounts"><Bi text=t("工作人员账号", "Staff accounts")/></a></li>
                                    <li><a href="/staff/dispatch"><Bi text=t("投递", "Dispatch")/></a></li>
                                    <li><a href="/staff/calendar"><Bi text=t("工作日历", "Working-day calendar")/></a></li>
                                })}
                                {matches!(s.role, Role::CatalogEditor | Role::Admin).then(|| view! {
                                    <li><a href="/staff/catalog"><Bi text=t("事项清单（下载电子表格）", "Service catalog (download as a workbook)")/></a></li>
                                })}
                                {(s.role != Role::CatalogEditor).then(|| view! {
                                    <li><a href="/staff/find"><Bi text=t("按身份证号查找申请", "Find applications by ID number")/></a></li>
                                })}
                                <li><a href="/staff/preview"><Bi text=t("表单预览（任意组合）", "Preview a form (any combination)")/></a></li>
                                {(s.role == Role::Window).then(|| view! {
                                    <li><a href="/"><Bi text=t("代办申请（选择事项）", "Apply for a citizen (choose items)")/></a></li>
                                })}
                                <li><a href="/staff/password"><Bi text=t("修改我的密码", "Change my password")/></a></li>
                            </ul>
                            <form method="post" action="/sign-out">
                                <button type="submit" class="button secondary"><Bi text=t("退出登录", "Sign out")/></button>
                            </form>
                        }.into_any()
                    }
                    Ok(_) => view! {
                        <p><Bi text=t("请先用工作人员账号登录。", "Please sign in with a staff account.")/></p>
                        <p><a class="button" href="/staff/sign-in"><Bi text=t("工作人员登录", "Staff sign-in")/></a></p>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The message for a refused account change (a code from the server), with the field it
/// belongs to.
pub fn account_error(code: &str) -> Option<(&'static str, Text)> {
    Some(match code {
        "username" => (
            "username",
            t(
                "用户名为3至32位小写字母、数字或 . _ -",
                "A username is 3 to 32 lower-case letters, digits or . _ -",
            ),
        ),
        "username_taken" => (
            "username",
            t("该用户名已被使用。", "This username is taken."),
        ),
        "name" => (
            "name",
            t(
                "请填写姓名（不超过40字）。",
                "Enter a name (40 characters at most).",
            ),
        ),
        "role" => ("role", t("请选择角色。", "Choose a role.")),
        "department_unknown" => (
            "department",
            t("没有这个部门。", "There is no such department."),
        ),
        "department" => (
            "department",
            t(
                "部门审核人员须选择所属部门。",
                "A department reviewer needs a department.",
            ),
        ),
        "password" => (
            "password",
            t("密码至少12位。", "A password has at least 12 characters."),
        ),
        "self" => (
            "general",
            t(
                "不能停用自己正在使用的账号。",
                "You cannot switch off the account you are using.",
            ),
        ),
        "unknown" => ("general", t("没有这个账号。", "There is no such account.")),
        "unavailable" => (
            "general",
            t(
                "暂时无法保存，请稍后再试。",
                "We could not save just now. Please try again shortly.",
            ),
        ),
        _ => return None,
    })
}

#[component]
pub fn StaffAccountsPage() -> impl IntoView {
    let query = use_query_map();
    let errors = move || {
        query
            .with(|q| q.get("errors"))
            .unwrap_or_default()
            .split(',')
            .filter_map(account_error)
            .collect::<Vec<_>>()
    };
    let error_for = move |field: &'static str| {
        move || {
            errors()
                .into_iter()
                .find(|(f, _)| *f == field)
                .map(|(_, m)| m)
        }
    };
    let typed = move |name: &'static str| move || query.with(|q| q.get(name)).unwrap_or_default();
    let done = move || query.with(|q| q.get("added").is_some() || q.get("changed").is_some());
    let accounts = Resource::new(|| (), |_| get_staff_accounts());
    let departments = Resource::new(|| (), |_| list_departments());
    view! {
        <h1><Bi text=t("工作人员账号", "Staff accounts")/></h1>
        {move || done().then(|| view! {
            <p class="notice" role="status"><Bi text=t("已保存。", "Saved.")/></p>
        })}
        {move || error_for("general")().map(|m| view! {
            <div class="error-summary" role="alert"><p><Bi text=m/></p></div>
        })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let departments = departments.await.unwrap_or_default();
                match accounts.await {
                    Ok(list) => view! {
                        <AccountList list/>
                        <section aria-labelledby="add-h" id="add">
                            <h2 id="add-h"><Bi text=t("新增账号", "Add an account")/></h2>
                            <form method="post" action="/staff/accounts" class="lookup">
                                <StaffField id="username" label=t("用户名", "Username") error=Signal::derive(error_for("username"))>
                                    <input id="username" name="username" type="text" autocomplete="off" autocapitalize="none"
                                        required value=typed("username") aria-describedby="username-error"
                                        aria-invalid=move || error_for("username")().is_some().then_some("true")/>
                                </StaffField>
                                <StaffField id="name" label=t("姓名", "Name") error=Signal::derive(error_for("name"))>
                                    <input id="name" name="name" type="text" autocomplete="off" required value=typed("name")
                                        aria-describedby="name-error"
                                        aria-invalid=move || error_for("name")().is_some().then_some("true")/>
                                </StaffField>
                                <StaffField id="role" label=t("角色", "Role") error=Signal::derive(error_for("role"))>
                                    <select id="role" name="role" required aria-describedby="role-error"
                                        aria-invalid=move || error_for("role")().is_some().then_some("true")>
                                        {Role::ALL.into_iter().map(|r| {
                                            let selected = typed("role")() == r.code();
                                            view! { <option value=r.code() selected=selected>{tr(&r.label())}</option> }
                                        }).collect_view()}
                                    </select>
                                </StaffField>
                                <StaffField id="department" label=t("所属部门（部门审核人员必填）", "Department (reviewers only)")
                                    error=Signal::derive(error_for("department"))>
                                    <select id="department" name="department" aria-describedby="department-error"
                                        aria-invalid=move || error_for("department")().is_some().then_some("true")>
                                        <option value="">"—"</option>
                                        {departments.into_iter().map(|d| {
                                            let selected = typed("department")() == d.id;
                                            view! { <option value=d.id.clone() selected=selected>{tr(&d.name)}</option> }
                                        }).collect_view()}
                                    </select>
                                </StaffField>
                                <StaffField id="password" label=t("初始密码（至少12位，请当面交给本人）", "First password (12 characters or more; hand it over in person)")
                                    error=Signal::derive(error_for("password"))>
                                    <input id="password" name="password" type="password" autocomplete="new-password" required
                                        minlength="12" aria-describedby="password-error"
                                        aria-invalid=move || error_for("password")().is_some().then_some("true")/>
                                </StaffField>
                                <button type="submit" class="button"><Bi text=t("新增账号", "Add account")/></button>
                            </form>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A labelled field with its message beside it.
#[component]
fn StaffField(
    id: &'static str,
    label: Text,
    error: Signal<Option<Text>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label for=id><Bi text=label/></label>
            <p class="error-message" id=format!("{id}-error") aria-live="polite">
                {move || error.get().map(|m| view! { <Bi text=m/> })}
            </p>
            {children()}
        </div>
    }
}

#[component]
fn AccountList(list: Vec<StaffAccount>) -> impl IntoView {
    view! {
        <table class="parts">
            <caption><Bi text=t("全部账号", "Every account")/></caption>
            <thead>
                <tr>
                    <th scope="col"><Bi text=t("用户名", "Username")/></th>
                    <th scope="col"><Bi text=t("姓名", "Name")/></th>
                    <th scope="col"><Bi text=t("角色", "Role")/></th>
                    <th scope="col"><Bi text=t("部门", "Department")/></th>
                    <th scope="col"><Bi text=t("操作", "Actions")/></th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|a| {
                    let active_action = format!("/staff/accounts/{}/active", crate::api::encode(&a.id));
                    let password_action = format!("/staff/accounts/{}/password", crate::api::encode(&a.id));
                    let password_id = format!("password-{}", a.username);
                    view! {
                        <tr data-testid="staff-account">
                            <th scope="row">{a.username.clone()}</th>
                            <td>{a.name.clone()}</td>
                            <td><Bi text=a.role.label()/></td>
                            <td>{a.department_name.map(|n| view! { <Bi text=n/> })}</td>
                            <td>
                                <form method="post" action=active_action.clone()>
                                    <input type="hidden" name="active" value=if a.active { "0" } else { "1" }/>
                                    <button type="submit" class="button secondary">
                                        {if a.active {
                                            view! { <Bi text=t("停用", "Switch off")/> }.into_any()
                                        } else {
                                            view! { <Bi text=t("启用", "Switch on")/> }.into_any()
                                        }}
                                        <span class="visually-hidden">" "{a.username.clone()}</span>
                                    </button>
                                </form>
                                <form method="post" action=password_action>
                                    <label for=password_id.clone()>
                                        <Bi text=t("新密码", "New password")/>
                                        <span class="visually-hidden">" "{a.username.clone()}</span>
                                    </label>
                                    <input id=password_id type="password" name="password" autocomplete="new-password" minlength="12" required/>
                                    <button type="submit" class="button secondary"><Bi text=t("重设密码", "Set password")/></button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A staff member chooses their own password: required after a one-time one, possible any time.
#[component]
pub fn StaffPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let required = move || query.with(|q| q.get("required").is_some());
    let error = move || {
        query
            .with(|q| q.get("error"))
            .map(|code| match code.as_str() {
                "current" => (
                    "current",
                    t("当前密码不正确。", "The current password is not right."),
                ),
                "short" => (
                    "password",
                    t(
                        "新密码至少12位。",
                        "A new password has at least 12 characters.",
                    ),
                ),
                "same" => (
                    "password",
                    t(
                        "新密码不能与当前密码相同。",
                        "The new password must differ from the current one.",
                    ),
                ),
                "mismatch" => (
                    "confirm",
                    t(
                        "两次输入的新密码不一致。",
                        "The two new passwords are not the same.",
                    ),
                ),
                "wait" => (
                    "current",
                    t(
                        "尝试次数过多，请10分钟后再试。",
                        "Too many tries. Try again in 10 minutes.",
                    ),
                ),
                _ => (
                    "current",
                    t(
                        "暂时无法保存，请稍后再试。",
                        "We could not save just now. Please try again shortly.",
                    ),
                ),
            })
    };
    let error_for =
        move |field: &'static str| move || error().filter(|(f, _)| *f == field).map(|(_, m)| m);
    // Staff only: anyone else is sent to sign in (or refused) before the form is shown.
    let me = Resource::new(|| (), |_| get_staff_self());
    let form = move || {
        view! {
            <h1><Bi text=t("设置您自己的密码", "Choose your own password")/></h1>
            {move || required().then(|| view! {
                <p class="notice" role="status"><Bi text=t(
                    "您使用的是他人设置的一次性密码。请先设置您自己的密码，再继续工作。",
                    "You signed in with a one-time password someone else chose. Choose your own before you go on.",
                )/></p>
            })}
            <form method="post" action="/staff/password" class="lookup">
                <StaffField id="current" label=t("当前密码", "Current password") error=Signal::derive(error_for("current"))>
                    <input id="current" name="current" type="password" autocomplete="current-password" required
                        aria-describedby="current-error" aria-invalid=move || error_for("current")().is_some().then_some("true")/>
                </StaffField>
                <StaffField id="password" label=t("新密码（至少12位）", "New password (12 characters or more)") error=Signal::derive(error_for("password"))>
                    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12"
                        aria-describedby="password-error" aria-invalid=move || error_for("password")().is_some().then_some("true")/>
                </StaffField>
                <StaffField id="confirm" label=t("再次输入新密码", "New password again") error=Signal::derive(error_for("confirm"))>
                    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="12"
                        aria-describedby="confirm-error" aria-invalid=move || error_for("confirm")().is_some().then_some("true")/>
                </StaffField>
                <button type="submit" class="button"><Bi text=t("保存新密码", "Save the new password")/></button>
            </form>
        }
    };
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(_) => form().into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Finding one person's applications by ID number. The number is posted and checked on the
/// server, which answers with its keyed hash in the link (`?key=`); the results are what the
/// caller may see, names masked, each part a link for those who may open it.
#[component]
pub fn StaffFindPage() -> impl IntoView {
    let query = use_query_map();
    let key = move || query.with(|q| q.get("key").unwrap_or_default());
    let error = query
        .with_untracked(|q| q.get("error"))
        .map(|code| match code.as_str() {
            "required" => t("请输入身份证号。", "Enter an ID number."),
            _ => t(
                "身份证号格式不正确，请核对18位号码（最后一位可以是X）。",
                "That is not a valid ID number: check the 18 characters (the last may be X).",
            ),
        });
    let searched = !key().is_empty();
    // Also the gate: the server refuses those who may not search (sign-in for strangers).
    let found = Resource::new(key, find_by_applicant);
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || {
                let error = error.clone();
                Suspend::new(async move {
                    let invalid = error.is_some().then_some("true");
                    match found.await {
                        Ok(parts) => view! {
                            <h1><Bi text=t("按身份证号查找申请", "Find applications by ID number")/></h1>
                            <form method="post" action="/staff/find" class="lookup">
                                <StaffField id="id_number" label=t("申请人身份证号", "Applicant's ID number") error=Signal::derive(move || error.clone())>
                                    <input id="id_number" name="id_number" type="text" autocomplete="off" spellcheck="false"
                                        inputmode="text" maxlength="18" required
                                        aria-describedby="id_number-error id_number-hint"
                                        aria-invalid=invalid/>
                                </StaffField>
                                <p class="hint" id="id_number-hint"><Bi text=t(
                                    "号码不会出现在网址或记录中；每次查找都记入审计日志。",
                                    "The number never appears in the address or in logs; every search is recorded in the audit log.",
                                )/></p>
                                <button type="submit" class="button"><Bi text=t("查找", "Find")/></button>
                            </form>
                            {searched.then(|| view! { <FoundParts parts/> })}
                        }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn FoundParts(parts: Vec<FoundPart>) -> impl IntoView {
    if parts.is_empty() {
        return view! {
            <p role="status" data-testid="found-none"><Bi text=t(
                "没有找到您可查看的申请。",
                "No applications you may see were found.",
            )/></p>
        }
        .into_any();
    }
    view! {
        <table class="parts">
            <caption><Bi text=t("找到的申请事项（最新的在前）", "Parts found (newest application first)")/></caption>
            <thead>
                <tr>
                    <th scope="col"><Bi text=t("申请编号", "Number")/></th>
                    <th scope="col"><Bi text=t("申请人", "Applicant")/></th>
                    <th scope="col"><Bi text=t("事项", "Item")/></th>
                    <th scope="col"><Bi text=t("部门", "Department")/></th>
                    <th scope="col"><Bi text=t("状态", "Status")/></th>
                    <th scope="col"><Bi text=t("办结期限", "Due")/></th>
                </tr>
            </thead>
            <tbody>
                {parts.into_iter().map(|p| view! {
                    <tr data-testid="found-part">
                        <th scope="row">
                            {if p.can_open {
                                view! { <a href=format!("/staff/parts/{}", encode(&p.part))>{p.number.clone()}</a> }.into_any()
                            } else {
                                view! { <a href=format!("/track/{}", encode(&p.number))>{p.number.clone()}</a> }.into_any()
                            }}
                        </th>
                        <td>{p.applicant}</td>
                        <td><Bi text=p.item/></td>
                        <td><Bi text=p.department/></td>
                        <td><crate::components::status::StatusTag status=p.status/></td>
                        <td>{p.due.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
