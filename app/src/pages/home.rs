//! Compose a bundle: browse the catalog by life event or by department and pick any items.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{
    apply_url, browse_catalog, get_my_applications, get_my_drafts, get_notifications,
    ApplicationSummary, CatalogPage, CatalogQuery, DraftSummary, Notice,
};
use crate::components::{names, LoadError};
use crate::i18n::{lang, t, Bi};
use crate::pages::picker::{
    first_screen_markup, screen_source, PickerBehaviour, PickerTarget, PICKER,
};

#[component]
pub fn HomePage() -> impl IntoView {
    // Where the citizen is in the catalog, and the items already chosen (coming back from the
    // form to change the selection, or carried along while browsing without JavaScript).
    let (query, chosen) = use_query_map().with_untracked(|q| {
        (
            PickerTarget::Apply.query(|name| q.get(name)),
            q.get_all("items").unwrap_or_default(),
        )
    });
    let screen = Resource::new(
        || (),
        move |_| fetch_screen(query.clone(), chosen.clone(), PickerTarget::Apply),
    );
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
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match screen.await {
                    Ok(screen) => view! { <Picker screen target=PickerTarget::Apply/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
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

/// One screen of the catalog from the server, for a page's own render.
pub fn fetch_screen(
    query: CatalogQuery,
    chosen: Vec<String>,
    target: PickerTarget,
) -> impl std::future::Future<Output = Result<CatalogPage, ServerFnError>> {
    // The draft catalog's marker, as the picker's addresses carry it (`catalog=draft`).
    let catalog = target.keep().map(|(_, v)| v).unwrap_or_default();
    browse_catalog(
        query.by.code().to_string(),
        query.group.unwrap_or_default(),
        query.search,
        query.page.to_string(),
        chosen,
        catalog.to_string(),
    )
}

/// The picker as the server rendered it, and the island that brings it to life.
#[component]
pub fn Picker(screen: CatalogPage, target: PickerTarget) -> impl IntoView {
    view! {
        <div id=PICKER data-src=screen_source(target) inner_html=first_screen_markup(lang(), target, &screen)></div>
        <PickerBehaviour/>
    }
}
