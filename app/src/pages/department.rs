//! A department's queue: the parts routed to it, oldest first.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{get_department_queue, list_departments};
use crate::components::{status::StatusTag, LoadError};
use crate::i18n::{t, Bi};

#[component]
pub fn DepartmentsPage() -> impl IntoView {
    let departments = Resource::new(|| (), |_| list_departments());
    view! {
        <h1><Bi text=t("部门工作台", "Department queues")/></h1>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match departments.await {
                    Ok(list) => view! {
                        <ul class="department-list">
                            {list.into_iter().map(|d| view! {
                                <li>
                                    <a href=format!("/departments/{}", d.id)><Bi text=d.name/></a>
                                    <span class="hint">
                                        <span class="zh">{format!(" 待办 {}", d.open_parts)}</span>" "
                                        <span class="en" lang="en">{format!("{} open", d.open_parts)}</span>
                                    </span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn DepartmentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let queue = Resource::new(id, get_department_queue);
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(Some(q)) => view! {
                        <h1><Bi text=q.name.clone()/></h1>
                        <h2><Bi text=t("分送到本部门的申请", "Parts routed to this department")/></h2>
                        {q.entries.is_empty().then(|| view! { <p><Bi text=t("暂无待办。", "Nothing waiting.")/></p> })}
                        <table class="parts">
                            <thead>
                                <tr>
                                    <th scope="col"><Bi text=t("申请编号", "Number")/></th>
                                    <th scope="col"><Bi text=t("申请人", "Applicant")/></th>
                                    <th scope="col"><Bi text=t("事项", "Item")/></th>
                                    <th scope="col"><Bi text=t("状态", "Status")/></th>
                                    <th scope="col"><Bi text=t("办结期限", "Due")/></th>
                                </tr>
                            </thead>
                            <tbody>
                                {q.entries.into_iter().map(|e| view! {
                                    <tr data-testid="queue-entry">
                                        <th scope="row">{e.number}</th>
                                        <td>{e.applicant}</td>
                                        <td><Bi text=e.item/></td>
                                        <td><StatusTag status=e.status/></td>
                                        <td>{e.due.to_string()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Ok(None) => view! { <h1><Bi text=t("没有这个部门", "No such department")/></h1> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
