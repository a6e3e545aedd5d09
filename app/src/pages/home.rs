//! Compose a bundle: browse the catalog by life event or by department and pick any items.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use serde::{Deserialize, Serialize};

use crate::api::packed::{pack, unpack};
use crate::api::{
    apply_url, get_catalog_overview, get_my_applications, get_my_drafts, get_notifications,
    ApplicationSummary, DraftSummary, Group, ItemSummary, Notice, PackageSummary,
};
use crate::components::{names, LoadError};
use crate::engine::Text;
use crate::i18n::{l, lang, t, Bi};

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let by_department = query.with_untracked(|q| q.get("by").as_deref() == Some("department"));
    // Items already chosen (coming back from the form to change the selection).
    let preselected = query.with_untracked(|q| q.get_all("items").unwrap_or_default());
    // Search as you type: Chinese, everyday words, pinyin or initials ("gskf"), English. Without JavaScript the
    // same filter runs on the server from `?q=`.
    let search = query.with_untracked(|q| q.get("q").unwrap_or_default());
    let overview = Resource::new(|| (), |_| get_catalog_overview());
    let mine = Resource::new(|| (), |_| get_my_drafts());
    let submitted = Resource::new(|| (), |_| get_my_applications());
    let notices = Resource::new(|| (), |_| get_notifications());

    view! {
        <h1><Bi text=t("选择要办理的事项", "Choose what you need to do")/></h1>
        <p class="lead">
            <Bi text=t(
                "任意组合：勾选需要的事项，只填一张表、材料只交一次，各部门并联审批。",
                "Any combination: tick the items you need, fill in one form, hand in each document once; the departments decide in parallel.",
            )/>
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                mine.await.ok().filter(|d| !d.is_empty()).map(|drafts| view! { <MyDrafts drafts/> })
            })}
            {move || Suspend::new(async move {
                let notices = notices.await.unwrap_or_default();
                submitted.await.ok().filter(|a| !a.is_empty()).map(|applications| view! { <MyApplications applications notices/> })
            })}
        </Suspense>
        <nav class="tabs" aria-label=l("浏览方式", "Browse by")>
            <A href="/" attr:aria-current=(!by_department).then_some("page")>
                <Bi text=t("按人生事件", "By life event")/>
            </A>
            <A href="/?by=department" attr:aria-current=by_department.then_some("page")>
                <Bi text=t("按部门", "By department")/>
            </A>
        </nav>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || {
                let (preselected, search) = (preselected.clone(), search.clone());
                Suspend::new(async move {
                    match overview.await {
                        Ok(overview) => {
                            // Only the grouping being shown travels to the browser.
                            let groups = if by_department { overview.by_department } else { overview.by_life_event };
                            let data = pack(&PickerData { groups, packages: overview.packages, preselected, search });
                            view! { <Picker data/> }.into_any()
                        }
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A signed-in person's unfinished applications, to pick up on this device.
#[component]
fn MyDrafts(drafts: Vec<DraftSummary>) -> impl IntoView {
    view! {
        <section class="notice my-drafts" aria-labelledby="my-drafts-h" data-testid="my-drafts">
            <h2 id="my-drafts-h"><Bi text=t("继续未完成的申请", "Continue an application you started")/></h2>
            <ul>
                {drafts.into_iter().map(|d| {
                    let href = apply_url(&d.items, &d.token);
                    view! { <li><a href=href>{names(&d.item_names)}</a></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A signed-in person's submitted applications with their overall status, and what changed.
#[component]
fn MyApplications(applications: Vec<ApplicationSummary>, notices: Vec<Notice>) -> impl IntoView {
    view! {
        <section class="notice my-applications" aria-labelledby="my-applications-h" data-testid="my-applications">
            <h2 id="my-applications-h"><Bi text=t("我的申请", "My applications")/></h2>
            <ul>
                {applications.into_iter().map(|a| {
                    let items = names(&a.item_names);
                    view! {
                        <li>
                            <a href=format!("/track/{}", crate::api::encode(&a.number))>{a.number.clone()}</a>" · "
                            <strong data-testid="overall"><Bi text=a.overall.label()/></strong>
                            <br/><span class="hint">{items}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!notices.is_empty()).then(|| view! {
                <h3><Bi text=t("最新消息", "What changed")/></h3>
                <ul data-testid="notices">
                    {notices.into_iter().take(5).map(|n| view! {
                        <li>
                            <time>{crate::pages::part::format_millis(n.at)}</time>" "
                            <a href=format!("/track/{}", crate::api::encode(&n.number))><Bi text=n.text/></a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// What the picker needs, carried in the page (see `api::packed`).
#[derive(Serialize, Deserialize)]
struct PickerData {
    groups: Vec<Group>,
    packages: Vec<PackageSummary>,
    preselected: Vec<String>,
    search: String,
}

/// The catalog with tick boxes, the search box and the selection summary: an island, so only
/// this part of the page runs in the browser. Lazy, like the form: pages without a picker never
/// fetch its code.
#[island(lazy)]
fn Picker(data: String) -> impl IntoView {
    unpack::<PickerData>(&data).map(|d| {
        view! { <PickerBody groups=d.groups packages=d.packages preselected=d.preselected search=d.search/> }
    })
}

#[component]
fn PickerBody(
    groups: Vec<Group>,
    packages: Vec<PackageSummary>,
    preselected: Vec<String>,
    search: String,
) -> impl IntoView {
    let selected = RwSignal::new(preselected.into_iter().collect::<BTreeSet<String>>());
    crate::components::island_is_live();
    let search = RwSignal::new(search);
    let count = move || selected.with(|s| s.len());
    // Every item once (life events may share an item).
    let mut items: Vec<ItemSummary> = Vec::new();
    for item in groups.iter().flat_map(|g| g.items.iter()) {
        if !items.iter().any(|i| i.id == item.id) {
            items.push(item.clone());
        }
    }
    let all_items: StoredValue<Vec<ItemSummary>> = StoredValue::new(items);
    // The selection at a glance: which departments, and how long in parallel (the longest item;
    // the form page gives the exact date on the working-day calendar).
    let departments = move || {
        selected.with(|s| {
            all_items.with_value(|items| {
                let mut found: Vec<Text> = Vec::new();
                for item in items.iter().filter(|i| s.contains(&i.id)) {
                    if !found.contains(&item.department_name) {
                        found.push(item.department_name.clone());
                    }
                }
                found
            })
        })
    };
    let longest = move || {
        selected.with(|s| {
            all_items.with_value(|items| {
                items
                    .iter()
                    .filter(|i| s.contains(&i.id))
                    .map(|i| i.committed_days)
                    .max()
                    .unwrap_or(0)
            })
        })
    };
    view! {
        <section class="packages" aria-labelledby="packages-h">
            <h2 id="packages-h"><Bi text=t("从套餐开始", "Start from a package")/></h2>
            <ul class="package-list">
                {packages.into_iter().map(|p| {
                    let href = format!("/apply?{}", p.items.iter().map(|i| format!("items={i}")).collect::<Vec<_>>().join("&"));
                    view! { <li><a href=href><Bi text=p.name/></a></li> }
                }).collect_view()}
            </ul>
        </section>
        <form method="get" action="/" class="search" role="search">
            <label for="q"><Bi text=t("搜索事项", "Search services")/></label>
            <p class="hint" id="q-hint"><Bi text=t("可输入中文、常用说法（如 失业金）、拼音或首字母（如 gskf）或英文", "Chinese, everyday words, pinyin or its initials (e.g. gskf), or English")/></p>
            <div class="search-row">
                <input id="q" name="q" type="search" autocomplete="off" aria-describedby="q-hint"
                    value=search.get_untracked()
                    on:input=move |ev| search.set(event_target_value(&ev))/>
                <button type="submit" class="button secondary"><Bi text=t("搜索", "Search")/></button>
            </div>
        </form>
        // A plain GET form: works without JavaScript; with it, the summary updates as you tick.
        <form method="get" action="/apply" class="picker">
            {groups.into_iter().map(|g| view! { <GroupBox group=g selected search/> }).collect_view()}
            <div class="sticky-bar">
                <p aria-live="polite">
                    {move || lang().pick(format!("已选 {} 项", count()), format!("{} selected", count()))}
                    {move || (count() > 0).then(|| {
                        let departments = departments();
                        let (n, list, days) = (departments.len(), names(&departments), longest());
                        view! {
                            <br/>
                            {lang().pick(
                                format!("涉及{n}个部门：{list}；并联办理约{days}个工作日"),
                                format!("{n} department(s): {list}; about {days} working days in parallel"),
                            )}
                        }
                    })}
                </p>
                <button type="submit" class="button">
                    <Bi text=t("下一步：填写一张表", "Next: fill in one form")/>
                </button>
            </div>
        </form>
    }
}

#[component]
fn GroupBox(
    group: Group,
    selected: RwSignal<BTreeSet<String>>,
    search: RwSignal<String>,
) -> impl IntoView {
    let group_id = group.id.clone();
    let all: Vec<ItemSummary> = group.items.clone();
    let empty = move || search.with(|q| !all.iter().any(|i| matches(i, q)));
    view! {
        <fieldset class="group" hidden=empty>
            <legend><Bi text=group.name/></legend>
            {group.items.into_iter().map(|item| {
                // The same item can sit in several groups; ids stay unique per group.
                let input_id = format!("pick-{}-{}", group_id, item.id);
                let id = item.id.clone();
                let id_for_change = item.id.clone();
                let checked = move || selected.with(|s| s.contains(&id));
                let summary = item.clone();
                let hidden = move || search.with(|q| !matches(&summary, q));
                view! {
                    <div class="choice" hidden=hidden>
                        <input
                            type="checkbox"
                            name="items"
                            id=input_id.clone()
                            value=item.id.clone()
                            checked=checked()
                            prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    if on { s.insert(id_for_change.clone()); } else { s.remove(&id_for_change); }
                                });
                            }
                        />
                        <label for=input_id>
                            <span class="item-name"><Bi text=item.name/></span>
                            <span class="item-meta">
                                <Bi text=item.department_name/>
                                " · "
                                {lang().pick(
                                    format!("承诺{}个工作日", item.committed_days),
                                    format!("{} working days", item.committed_days),
                                )}
                            </span>
                        </label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Whether an item matches what is typed in the search box: Chinese name, the words citizens
/// use for it, pinyin (initials, or in full with or without spaces), English name or
/// department, ignoring case and surrounding spaces.
pub fn matches(item: &ItemSummary, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    let joined: String = q.split_whitespace().collect();
    q.is_empty()
        || item.name.zh.contains(&q)
        || item.synonyms.iter().any(|s| s.contains(&q))
        || item.pinyin.contains(&q)
        || (joined.len() > 1 && item.pinyin_full.contains(&joined))
        || item.name.en.to_lowercase().contains(&q)
        || item.department_name.zh.contains(&q)
        || item.department_name.en.to_lowercase().contains(&q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rehab() -> ItemSummary {
        ItemSummary {
            id: "work_injury_rehab".into(),
            name: Text::new("工伤康复待遇申请", "Work-injury rehabilitation benefits"),
            pinyin: "gskfdysq".into(),
            pinyin_full: "gongshangkangfudaiyushenqing".into(),
            synonyms: vec!["工伤康复费".into()],
            department: "hrss".into(),
            department_name: Text::new(
                "人力资源和社会保障局",
                "Human Resources and Social Security Bureau",
            ),
            committed_days: 7,
        }
    }

    #[test]
    fn search_finds_an_item_by_chinese_pinyin_initials_or_english() {
        assert!(matches(&rehab(), "工伤康复"));
        assert!(matches(&rehab(), "gskf"));
        assert!(matches(&rehab(), " GSKF "));
        assert!(matches(&rehab(), "rehabilitation"));
        assert!(matches(&rehab(), "人力资源"));
        assert!(matches(&rehab(), ""));
        assert!(!matches(&rehab(), "营业执照"));
        assert!(!matches(&rehab(), "yyzz"));
    }

    #[test]
    fn search_finds_an_item_by_full_pinyin_and_by_the_words_citizens_use() {
        assert!(matches(&rehab(), "gongshang"));
        assert!(matches(&rehab(), "gong shang kang fu"));
        assert!(matches(&rehab(), "康复费"));
        assert!(!matches(&rehab(), "yingye"));
    }
}
