//! A department's queue: the parts routed to it, oldest first.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{
    encode, get_department_queue, list_departments, DepartmentQueue, PartStatus, QueueQuery,
    Urgency,
};
use crate::components::{status::StatusTag, LoadError};
use crate::i18n::{l, lang, t, tr, Bi};

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
                                    <span class="hint">{lang().pick(
                                        format!(" 待办 {}", d.open_parts),
                                        format!(" {} open", d.open_parts),
                                    )}</span>
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

/// An open part's urgency as words beside its due date (never colour alone).
#[component]
pub fn UrgencyTag(urgency: Urgency) -> impl IntoView {
    match urgency {
        Urgency::Overdue => {
            Some(view! { <strong class="tag tag-error"><Bi text=t("已超期", "Overdue")/></strong> })
        }
        Urgency::DueSoon => Some(
            view! { <strong class="tag tag-soon"><Bi text=t("2个工作日内到期", "Due within 2 working days")/></strong> },
        ),
        _ => None,
    }
}

/// Beside a due date counted on the provisional calendar (a year without its holiday notice):
/// in words, as the citizen's pages say it.
#[component]
pub fn ProvisionalTag(provisional: bool) -> impl IntoView {
    provisional.then(|| view! { <span class="tag" data-testid="provisional-due"><Bi text=t("暂定", "provisional")/></span> })
}

/// A department's queue: counts at the top, a filter that works without JavaScript (a GET
/// form), parts earliest deadline first, paged.
#[component]
pub fn DepartmentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        query.with(|q| {
            (
                id,
                q.get("status").unwrap_or_default(),
                q.get("item").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u32>().ok())
                    .unwrap_or(1),
            )
        })
    };
    let queue = Resource::new(key, |(id, status, item, page)| {
        get_department_queue(id, status, item, page)
    });
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(Some(q)) => view! { <Queue q/> }.into_any(),
                    Ok(None) => view! { <h1><Bi text=t("没有这个部门", "No such department")/></h1> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn queue_link(q: &QueueQuery, status: Option<PartStatus>, item: Option<&str>, page: u32) -> String {
    let mut url = format!("/departments/{}?page={page}", encode(&q.department));
    if let Some(s) = status {
        url.push_str("&status=");
        url.push_str(s.code());
    }
    if let Some(i) = item {
        url.push_str("&item=");
        url.push_str(&encode(i));
    }
    url
}

#[component]
fn Queue(q: DepartmentQueue) -> impl IntoView {
    let query = q.query.clone();
    let item = query.item.clone();
    let total: u64 = q.counts.iter().map(|(_, n)| n).sum();
    let prev =
        (query.page > 1).then(|| queue_link(&query, query.status, item.as_deref(), query.page - 1));
    let next = (query.page < q.pages)
        .then(|| queue_link(&query, query.status, item.as_deref(), query.page + 1));
    view! {
        <h1><Bi text=q.name.clone()/></h1>
        <section aria-labelledby="counts-heading">
            <h2 id="counts-heading"><Bi text=t("分送到本部门的申请", "Parts routed to this department")/></h2>
            <ul class="counts" data-testid="queue-counts">
                <li class:current=query.status.is_none()>
                    <a href=queue_link(&query, None, item.as_deref(), 1)><Bi text=t("全部", "All")/>" "<strong>{total}</strong></a>
                </li>
                {q.counts.iter().map(|(s, n)| {
                    let current = query.status == Some(*s);
                    view! {
                        <li class:current=current>
                            <a href=queue_link(&query, Some(*s), item.as_deref(), 1) aria-current=current.then_some("page")>
                                <Bi text=s.label()/>" "<strong data-testid=format!("count-{}", s.code())>{*n}</strong>
                            </a>
                        </li>
                    }
                }).collect_view()}
                <li class="count-alert"><Bi text=t("已超期", "Overdue")/>" "<strong data-testid="count-overdue">{q.overdue}</strong></li>
                <li class="count-alert"><Bi text=t("2个工作日内到期", "Due within 2 working days")/>" "<strong data-testid="count-due-soon">{q.due_soon}</strong></li>
            </ul>
        </section>
        <form method="get" action=format!("/departments/{}", q.id) class="filters">
            <div class="field">
                <label for="filter-status"><Bi text=t("状态", "Status")/></label>
                <select id="filter-status" name="status">
                    <option value="" selected=query.status.is_none()>{l("全部", "All")}</option>
                    {PartStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=query.status == Some(s)>{tr(&s.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-item"><Bi text=t("事项", "Item")/></label>
                <select id="filter-item" name="item">
                    <option value="" selected=item.is_none()>{l("全部", "All")}</option>
                    {q.items.iter().map(|(id, name)| view! {
                        <option value=id.clone() selected=item.as_deref() == Some(id.as_str())>{tr(name)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button secondary"><Bi text=t("筛选", "Filter")/></button>
        </form>
        {q.entries.is_empty().then(|| view! { <p><Bi text=t("没有符合条件的事项。", "Nothing matches.")/></p> })}
        <table class="parts">
            <caption>{lang().pick(
                format!("共 {} 件，按办结期限排序", q.matching),
                format!("{} parts, earliest deadline first", q.matching),
            )}</caption>
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
                        <th scope="row"><a href=format!("/staff/parts/{}", encode(&e.part))>{e.number}</a></th>
                        <td>{e.applicant}</td>
                        <td><Bi text=e.item/></td>
                        <td><StatusTag status=e.status/></td>
                        <td>{e.due.to_string()}<ProvisionalTag provisional=e.provisional/><UrgencyTag urgency=e.urgency/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pager" aria-label=l("分页", "Pages")>
            {prev.map(|href| view! { <a href=href rel="prev"><Bi text=t("上一页", "Previous")/></a> })}
            <span>{lang().pick(
                format!("第 {} / {} 页", query.page, q.pages),
                format!("Page {} of {}", query.page, q.pages),
            )}</span>
            {next.map(|href| view! { <a href=href rel="next"><Bi text=t("下一页", "Next")/></a> })}
        </nav>
    }
}
