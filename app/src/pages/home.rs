//! Compose a bundle: browse the catalog by life event or by department and pick any items.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::api::{get_catalog_overview, CatalogOverview, Group};
use crate::components::LoadError;
use crate::i18n::{t, Bi};

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let by_department = move || query.with(|q| q.get("by").as_deref() == Some("department"));
    // Items already chosen (coming back from the form to change the selection).
    let preselected: BTreeSet<String> =
        query.with_untracked(|q| q.get_all("items").unwrap_or_default().into_iter().collect());
    let selected = RwSignal::new(preselected);
    let overview = Resource::new(|| (), |_| get_catalog_overview());

    view! {
        <h1><Bi text=t("选择要办理的事项", "Choose what you need to do")/></h1>
        <p class="lead">
            <Bi text=t(
                "任意组合：勾选需要的事项，只填一张表、材料只交一次，各部门并联审批。",
                "Any combination: tick the items you need, fill in one form, hand in each document once; the departments decide in parallel.",
            )/>
        </p>
        <nav class="tabs" aria-label="浏览方式 Browse by">
            <A href="/" attr:aria-current=move || (!by_department()).then_some("page")>
                <Bi text=t("按人生事件", "By life event")/>
            </A>
            <A href="/?by=department" attr:aria-current=move || by_department().then_some("page")>
                <Bi text=t("按部门", "By department")/>
            </A>
        </nav>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Picker overview by_department=by_department() selected/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Picker(
    overview: CatalogOverview,
    by_department: bool,
    selected: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let groups = if by_department {
        overview.by_department.clone()
    } else {
        overview.by_life_event.clone()
    };
    let count = move || selected.with(|s| s.len());
    let packages = overview.packages.clone();
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
        // A plain GET form: works without JavaScript; with it, the count updates as you tick.
        <form method="get" action="/apply" class="picker">
            {groups.into_iter().map(|g| view! { <GroupBox group=g selected/> }).collect_view()}
            <div class="sticky-bar">
                <p aria-live="polite">
                    <span class="zh">"已选 "{count}" 项"</span>" "
                    <span class="en" lang="en">{move || format!("{} selected", count())}</span>
                </p>
                <button type="submit" class="button">
                    <Bi text=t("下一步：填写一张表", "Next: fill in one form")/>
                </button>
            </div>
        </form>
    }
}

#[component]
fn GroupBox(group: Group, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let group_id = group.id.clone();
    view! {
        <fieldset class="group">
            <legend><Bi text=group.name/></legend>
            {group.items.into_iter().map(|item| {
                // The same item can sit in several groups; ids stay unique per group.
                let input_id = format!("pick-{}-{}", group_id, item.id);
                let id = item.id.clone();
                let id_for_change = item.id.clone();
                let checked = move || selected.with(|s| s.contains(&id));
                view! {
                    <div class="choice">
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
                                <span class="zh">{format!("承诺{}个工作日", item.committed_days)}</span>" "
                                <span class="en" lang="en">{format!("{} working days", item.committed_days)}</span>
                            </span>
                        </label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
