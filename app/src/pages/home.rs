//! Compose a bundle: browse the catalog by life event or by department and pick any items.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use serde::{Deserialize, Serialize};

use crate::api::packed::{pack, unpack};
use crate::api::{
    apply_url, browse_catalog, get_my_applications, get_my_drafts, get_notifications,
    ApplicationSummary, BrowseBy, CatalogPage, CatalogQuery, DraftSummary, GroupView, ItemSummary,
    Notice, PackageSummary, Paging,
};
use crate::components::{names, LoadError};
use crate::engine::Text;
use crate::i18n::{l, lang, t, Bi};

#[component]
pub fn HomePage() -> impl IntoView {
    // Where the citizen is in the catalog, and the items already chosen (coming back from the
    // form to change the selection, or carried along while browsing without JavaScript).
    let (query, chosen) = use_query_map().with_untracked(|q| {
        (
            CatalogQuery::from_params(|name| q.get(name)),
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
                    Ok(screen) => view! { <Picker data=pack(&PickerData { screen, target: PickerTarget::Apply })/> }.into_any(),
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

/// One screen of the catalog from the server (the page's own render, or the picker's request).
pub fn fetch_screen(
    query: CatalogQuery,
    chosen: Vec<String>,
    target: PickerTarget,
) -> impl std::future::Future<Output = Result<CatalogPage, ServerFnError>> {
    browse_catalog(
        query.by.code().to_string(),
        query.group.unwrap_or_default(),
        query.search,
        query.page.to_string(),
        chosen,
        target
            .keep()
            .map(|(_, v)| v.to_string())
            .unwrap_or_default(),
    )
}

/// Where the picker sends the citizen: the home page composes a bundle, staff preview one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PickerTarget {
    Apply,
    Preview,
    /// A catalog editor's preview of the draft catalog.
    PreviewDraft,
}

impl PickerTarget {
    /// The page the picker browses on (its buttons send the form back there).
    fn browse(self) -> &'static str {
        match self {
            PickerTarget::Apply => "/",
            PickerTarget::Preview | PickerTarget::PreviewDraft => "/staff/preview",
        }
    }
    /// What every address of the picker carries besides the screen and the selection (a GET
    /// form drops an action's own query, so the form carries it as a hidden input too).
    fn keep(self) -> Option<(&'static str, &'static str)> {
        match self {
            PickerTarget::PreviewDraft => Some(("catalog", "draft")),
            _ => None,
        }
    }
    fn prefix(self) -> String {
        self.keep()
            .map(|(k, v)| format!("{k}={v}&"))
            .unwrap_or_default()
    }
    fn submit(self) -> &'static str {
        match self {
            PickerTarget::Apply => "/apply",
            PickerTarget::Preview | PickerTarget::PreviewDraft => "/staff/preview",
        }
    }
}

/// What the picker needs, carried in the page (see `api::packed`): one screen, never the catalog.
#[derive(Serialize, Deserialize)]
pub struct PickerData {
    pub screen: CatalogPage,
    pub target: PickerTarget,
}

/// The catalog with tick boxes, the search box and the selection summary: an island, so only
/// this part of the page runs in the browser. Lazy, like the form: pages without a picker never
/// fetch its code. Without JavaScript the whole picker is one GET form: its buttons send what
/// is ticked back to the page along with where to go, so nothing ticked is lost while browsing.
#[island(lazy)]
pub fn Picker(data: String) -> impl IntoView {
    unpack::<PickerData>(&data).map(|d| view! { <PickerBody screen=d.screen target=d.target/> })
}

/// Every item a screen shows, remembered so the selection's summary can name its departments
/// and days wherever the citizen has browsed to since.
fn remember(known: StoredValue<BTreeMap<String, ItemSummary>>, screen: &CatalogPage) {
    known.update_value(|k| {
        let shown = screen
            .found
            .iter()
            .chain(&screen.chosen)
            .chain(screen.groups.iter().flat_map(|g| &g.items));
        for item in shown {
            k.entry(item.id.clone()).or_insert_with(|| item.clone());
        }
    });
}

/// The ids of the items a screen shows with tick boxes.
fn shown_ids(screen: &CatalogPage) -> BTreeSet<String> {
    screen
        .found
        .iter()
        .chain(screen.groups.iter().flat_map(|g| &g.items))
        .map(|i| i.id.clone())
        .collect()
}

#[component]
fn PickerBody(screen: CatalogPage, target: PickerTarget) -> impl IntoView {
    crate::components::island_is_live();
    let known = StoredValue::new(BTreeMap::new());
    remember(known, &screen);
    let selected = RwSignal::new(
        screen
            .chosen
            .iter()
            .map(|i| i.id.clone())
            .collect::<BTreeSet<String>>(),
    );
    let search = RwSignal::new(screen.query.search.clone());
    let screen = RwSignal::new(screen);
    let trouble = RwSignal::new(false);
    // With JavaScript, each step fetches only the next screen; typing fast sends several
    // requests, and only the newest one's reply is shown.
    let latest = StoredValue::new(0u32);
    let go = move |query: CatalogQuery| {
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let reply = crate::api::browser::browse(&query, target.keep()).await;
            if latest.get_value() != ticket {
                return;
            }
            match reply {
                Some(next) => {
                    remember(known, &next);
                    trouble.set(false);
                    screen.set(next);
                }
                None => trouble.set(true),
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (query, ticket);
    };
    let nav = Nav {
        screen,
        go: Callback::new(go),
        target,
    };
    let count = move || selected.with(|s| s.len());
    // The selection at a glance: which departments, and how long in parallel (the longest item;
    // the form page gives the exact date on the working-day calendar).
    let chosen_items = move || {
        selected.with(|s| {
            known.with_value(|k| {
                s.iter()
                    .filter_map(|id| k.get(id).cloned())
                    .collect::<Vec<ItemSummary>>()
            })
        })
    };
    let summary = move || {
        let items = chosen_items();
        let mut departments: Vec<Text> = Vec::new();
        for item in &items {
            if !departments.contains(&item.department_name) {
                departments.push(item.department_name.clone());
            }
        }
        let days = items.iter().map(|i| i.committed_days).max().unwrap_or(0);
        (departments, days)
    };
    // Chosen items this screen does not show keep their tick boxes here, so they are sent with
    // the form and can be unticked. Worked out when the screen changes, not on every tick, so
    // unticking one does not pull it from under the finger.
    let elsewhere = move || {
        let shown = screen.with(shown_ids);
        let chosen = selected.with_untracked(|s| s.clone());
        known.with_value(|k| {
            chosen
                .iter()
                .filter(|id| !shown.contains(*id))
                .filter_map(|id| k.get(id).cloned())
                .collect::<Vec<ItemSummary>>()
        })
    };
    // With JavaScript the address follows what is shown and chosen, so a reload or a shared link
    // comes back to the same screen. (Replaced, not pushed: there is no step history to go back
    // through, and Back leaves the picker as it would without JavaScript.)
    Effect::new(move |before: Option<()>| {
        let address = address(target, &screen.with(|s| s.query.clone()), &selected.get());
        if before.is_some() {
            replace_address(&address);
        }
    });
    let query = move || screen.with(|s| s.query.clone());
    let first_screen = move || {
        query().search.is_empty() && query().group.is_none() && query().by != BrowseBy::Package
    };
    view! {
        {move || first_screen().then(|| screen.with(|s| view! { <PackageTeaser packages=s.packages.clone() paging=s.packages_paging nav/> }))}
        <form method="get" action=target.submit() class="picker">
            {target.keep().map(|(k, v)| view! { <input type="hidden" name=k value=v/> })}
            <input type="hidden" name="by" value=move || query().by.code()/>
            <input type="hidden" name="group" value=move || query().group.unwrap_or_default()/>
            <div class="search" role="search">
                <label for="q"><Bi text=t("搜索事项", "Search services")/></label>
                <p class="hint" id="q-hint"><Bi text=t("可输入中文、常用说法（如 失业金）、拼音或首字母（如 gskf）或英文", "Chinese, everyday words, pinyin or its initials (e.g. gskf), or English")/></p>
                <div class="search-row">
                    // The first button in the form, so Enter in the box searches.
                    <input id="q" name="q" type="search" autocomplete="off" aria-describedby="q-hint"
                        maxlength=crate::api::MAX_SEARCH_CHARS.to_string()
                        value=search.get_untracked()
                        prop:value=move || search.get()
                        on:input=move |ev| {
                            let typed = event_target_value(&ev);
                            search.set(typed.clone());
                            let mut next = query();
                            next.search = typed.trim().to_string();
                            next.page = 1;
                            nav.go(next);
                        }/>
                    <button type="submit" class="button secondary" formaction=target.browse()
                        on:click=move |ev| { ev.prevent_default(); let mut next = query(); next.search = search.get_untracked().trim().to_string(); next.page = 1; nav.go(next); }>
                        <Bi text=t("搜索", "Search")/>
                    </button>
                </div>
            </div>
            <nav class="tabs" aria-label=l("浏览方式", "Browse by")>
                {[(BrowseBy::LifeEvent, t("按人生事件", "By life event")), (BrowseBy::Department, t("按部门", "By department")), (BrowseBy::Package, t("按套餐", "By package"))]
                    .into_iter().map(|(by, label)| view! {
                        <button type="submit" name="view" value=by.code() formaction=target.browse()
                            aria-current=move || (query().by == by && query().search.is_empty()).then_some("page")
                            on:click=move |ev| { ev.prevent_default(); search.set(String::new()); nav.go(CatalogQuery { by, group: None, search: String::new(), page: 1 }); }>
                            <Bi text=label/>
                        </button>
                    }).collect_view()}
            </nav>
            <p class="visually-hidden" role="status">{move || screen.with(|s| s.found_paging.map(|p| lang().pick(format!("找到{}项", p.total), format!("{} found", p.total))))}</p>
            {move || trouble.get().then(|| view! { <p class="error" role="alert"><Bi text=t("暂时无法加载，请检查网络后再试。", "Could not load just now. Check the connection and try again.")/></p> })}
            {move || screen.with(|s| {
                let s = s.clone();
                if !s.query.search.is_empty() {
                    view! { <Found items=s.found paging=s.found_paging.unwrap_or_default() search=s.query.search.clone() selected nav/> }.into_any()
                } else if s.query.by == BrowseBy::Package {
                    view! { <PackagePage packages=s.packages paging=s.packages_paging nav/> }.into_any()
                } else {
                    s.groups.into_iter().map(|g| view! { <GroupBox group=g selected nav/> }).collect_view().into_any()
                }
            })}
            {move || {
                let others = elsewhere();
                (!others.is_empty()).then(|| view! {
                    <fieldset class="group chosen-elsewhere">
                        <legend><Bi text=t("已选的其他事项", "Also chosen")/></legend>
                        {others.into_iter().map(|item| view! { <Choice item scope="chosen" selected/> }).collect_view()}
                    </fieldset>
                })
            }}
            <div class="sticky-bar">
                <p aria-live="polite">
                    {move || lang().pick(format!("已选 {} 项", count()), format!("{} selected", count()))}
                    {move || (count() > 0).then(|| {
                        let (departments, days) = summary();
                        let (n, list) = (departments.len(), names(&departments));
                        view! {
                            <br/>
                            {lang().pick(
                                format!("涉及{n}个部门：{list}；并联办理约{days}个工作日"),
                                format!("{n} department(s): {list}; about {days} working days in parallel"),
                            )}
                        }
                    })}
                </p>
                {match target {
                    PickerTarget::Apply => view! {
                        <button type="submit" class="button"><Bi text=t("下一步：填写一张表", "Next: fill in one form")/></button>
                    }.into_any(),
                    PickerTarget::Preview | PickerTarget::PreviewDraft => view! {
                        <button type="submit" class="button" name="show" value="1" data-testid="show-preview"><Bi text=t("预览表单", "Preview the form")/></button>
                    }.into_any(),
                }}
            </div>
        </form>
    }
}

/// The page's address for a screen and a selection, as the picker's form would send it but
/// without the empty parts.
fn address(target: PickerTarget, query: &CatalogQuery, chosen: &BTreeSet<String>) -> String {
    use crate::api::encode;
    let mut parts = vec![format!("by={}", query.by.code())];
    if let Some(group) = &query.group {
        parts.push(format!("group={}", encode(group)));
    }
    if !query.search.is_empty() {
        parts.push(format!("q={}", encode(&query.search)));
    }
    if query.page > 1 {
        parts.push(format!("page={}", query.page));
    }
    parts.extend(chosen.iter().map(|id| format!("items={}", encode(id))));
    format!("{}?{}{}", target.browse(), target.prefix(), parts.join("&"))
}

fn replace_address(address: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = address;
}

/// How the picker's buttons move: without JavaScript they send the form to `target.browse()`;
/// with it they fetch the next screen in place.
#[derive(Clone, Copy)]
struct Nav {
    screen: RwSignal<CatalogPage>,
    go: Callback<CatalogQuery>,
    target: PickerTarget,
}

impl Nav {
    fn go(self, query: CatalogQuery) {
        self.go.run(query);
    }
    fn query(self) -> CatalogQuery {
        self.screen.with_untracked(|s| s.query.clone())
    }
}

/// A few packages on the first screen, and the way to all of them.
#[component]
fn PackageTeaser(packages: Vec<PackageSummary>, paging: Paging, nav: Nav) -> impl IntoView {
    let more = paging.total as usize > packages.len();
    view! {
        <section class="packages" aria-labelledby="packages-h">
            <h2 id="packages-h"><Bi text=t("从套餐开始", "Start from a package")/></h2>
            <PackageLinks packages target=nav.target/>
            {more.then(|| view! {
                <p><a href=format!("{}?{}by=package", nav.target.browse(), nav.target.prefix())
                    on:click=move |ev| { ev.prevent_default(); nav.go(CatalogQuery { by: BrowseBy::Package, group: None, search: String::new(), page: 1 }); }>
                    {lang().pick(format!("查看全部{}个套餐", paging.total), format!("All {} packages", paging.total))}
                </a></p>
            })}
        </section>
    }
}

#[component]
fn PackageLinks(packages: Vec<PackageSummary>, target: PickerTarget) -> impl IntoView {
    view! {
        <ul class="package-list">
            {packages.into_iter().map(|p| {
                let href = format!("{}?{}{}", target.submit(), target.prefix(), p.items.iter().map(|i| format!("items={}", crate::api::encode(i))).collect::<Vec<_>>().join("&"));
                view! { <li><a href=href><Bi text=p.name/></a></li> }
            }).collect_view()}
        </ul>
    }
}

/// Browsing by package: a page of them.
#[component]
fn PackagePage(packages: Vec<PackageSummary>, paging: Paging, nav: Nav) -> impl IntoView {
    view! {
        <section class="packages" aria-labelledby="all-packages-h">
            <h2 id="all-packages-h">{lang().pick(format!("全部套餐（{}个）", paging.total), format!("All packages ({})", paging.total))}</h2>
            <PackageLinks packages target=nav.target/>
            <Pager paging nav/>
        </section>
    }
}

/// A search's results, best first.
#[component]
fn Found(
    items: Vec<ItemSummary>,
    paging: Paging,
    search: String,
    selected: RwSignal<BTreeSet<String>>,
    nav: Nav,
) -> impl IntoView {
    view! {
        <fieldset class="group found">
            <legend>{lang().pick(format!("“{search}”的搜索结果（{}项）", paging.total), format!("Results for “{search}” ({})", paging.total))}</legend>
            {items.is_empty().then(|| view! {
                <p><Bi text=t("没有找到相符的事项。可以换个说法、用拼音首字母，或按部门浏览。", "Nothing matches. Try other words or pinyin initials, or browse by department.")/></p>
            })}
            {items.into_iter().map(|item| view! { <Choice item scope="found" selected/> }).collect_view()}
            <Pager paging nav/>
        </fieldset>
    }
}

/// Previous and next page: buttons of the form (what is ticked travels along).
#[component]
fn Pager(paging: Paging, nav: Nav) -> impl IntoView {
    let Paging { page, pages, .. } = paging;
    let turn = move |to: u32| {
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            let mut next = nav.query();
            next.page = to;
            nav.go(next);
        }
    };
    (pages > 1).then(|| view! {
        <nav class="pager" aria-label=l("翻页", "Pages")>
            {(page > 1).then(|| view! {
                <button type="submit" name="page" value=(page - 1).to_string() formaction=nav.target.browse() class="button secondary" on:click=turn(page - 1)>
                    <Bi text=t("上一页", "Previous")/>
                </button>
            })}
            <span>{lang().pick(format!("第{page}页，共{pages}页"), format!("Page {page} of {pages}"))}</span>
            {(page < pages).then(|| view! {
                <button type="submit" name="page" value=(page + 1).to_string() formaction=nav.target.browse() class="button secondary" on:click=turn(page + 1)>
                    <Bi text=t("下一页", "Next")/>
                </button>
            })}
        </nav>
    })
}

/// A life event or department: its items when open, a button that opens it when closed.
#[component]
fn GroupBox(group: GroupView, selected: RwSignal<BTreeSet<String>>, nav: Nav) -> impl IntoView {
    let GroupView {
        head,
        items,
        paging,
    } = group;
    let id = head.id.clone();
    let open = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let mut next = nav.query();
        next.group = Some(id.clone());
        next.page = 1;
        nav.go(next);
    };
    let count = lang().pick(format!("{}项", head.count), format!("{} items", head.count));
    match paging {
        None => view! {
            <div class="group-head">
                <button type="submit" name="open" value=head.id.clone() formaction=nav.target.browse() on:click=open>
                    <span class="item-name"><Bi text=head.name/></span>
                    <span class="item-meta">{count}</span>
                </button>
            </div>
        }.into_any(),
        Some(paging) => {
            // Open by itself (not one of a small catalog's groups all shown at once): it pages.
            let alone = nav.query().group.as_deref() == Some(head.id.as_str());
            let scope = head.id.clone();
            view! {
                <fieldset class="group" id=alone.then_some("open-group")>
                    <legend><Bi text=head.name/>" "<span class="item-meta">{count}</span></legend>
                    {items.into_iter().map(|item| view! { <Choice item scope=scope.clone() selected/> }).collect_view()}
                    {if alone {
                        view! { <Pager paging nav/> }.into_any()
                    } else if paging.pages > 1 {
                        view! {
                            <button type="submit" name="open" value=head.id.clone() formaction=nav.target.browse() class="button secondary" on:click=open>
                                {lang().pick(format!("显示全部{}项", paging.total), format!("Show all {}", paging.total))}
                            </button>
                        }.into_any()
                    } else {
                        ().into_any()
                    }}
                </fieldset>
            }.into_any()
        }
    }
}

/// One item with its tick box.
#[component]
fn Choice(
    item: ItemSummary,
    #[prop(into)] scope: String,
    selected: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    // The same item can sit in several groups on one screen; ids stay unique per group.
    let input_id = format!("pick-{}-{}", scope, item.id);
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
                    {lang().pick(
                        format!("承诺{}个工作日", item.committed_days),
                        format!("{} working days", item.committed_days),
                    )}
                </span>
            </label>
        </div>
    }
}
