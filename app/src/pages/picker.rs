//! The catalog picker: life events, departments, packages and search results with tick boxes,
//! and the selection at a glance. Used by the home page (compose a bundle) and by staff
//! (preview a combination).
//!
//! The server renders it, as HTML text ([`markup`]): for the page, and for every next screen
//! the picker asks for (`GET /picker`, the same parameters as the picker's form). The island,
//! [`PickerBehaviour`], renders nothing; it puts the next screen's markup in place, keeps the
//! selection's summary and the page's address current. Why: the picker's Leptos views were the
//! largest part of the first page's WebAssembly, and a screen from the server is the same bytes
//! a citizen without JavaScript gets, so the two cannot drift apart.
//!
//! Without JavaScript the whole picker is one GET form: its buttons send what is ticked back to
//! the page along with where to go, so nothing ticked is lost while browsing.

use std::collections::BTreeSet;
use std::fmt::Write;

use leptos::prelude::*;

use crate::api::{
    encode, BrowseBy, CatalogPage, CatalogQuery, GroupView, ItemSummary, PackageSummary, Paging,
    MAX_SEARCH_CHARS,
};
use crate::components::form_markup::escape;
use crate::engine::Text;
use crate::i18n::Lang;

/// Where the picker sends the citizen: the home page composes a bundle, staff preview one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickerTarget {
    Apply,
    Preview,
    /// A catalog editor's preview of the draft catalog.
    PreviewDraft,
}

impl PickerTarget {
    /// Its name in a screen request (`/picker?for=`).
    pub fn code(self) -> &'static str {
        match self {
            PickerTarget::Apply => "apply",
            PickerTarget::Preview => "preview",
            PickerTarget::PreviewDraft => "draft",
        }
    }

    pub fn parse(code: &str) -> Option<PickerTarget> {
        [
            PickerTarget::Apply,
            PickerTarget::Preview,
            PickerTarget::PreviewDraft,
        ]
        .into_iter()
        .find(|t| t.code() == code)
    }

    /// The query a page address or a screen request asks for. Window staff think in
    /// departments: their picker opens on them.
    pub fn query(self, get: impl Fn(&str) -> Option<String>) -> CatalogQuery {
        let mut query = CatalogQuery::from_params(&get);
        if self != PickerTarget::Apply && get("by").is_none() && get("view").is_none() {
            query.by = BrowseBy::Department;
        }
        query
    }

    /// The page the picker browses on (its buttons send the form back there).
    fn browse(self) -> &'static str {
        match self {
            PickerTarget::Apply => "/",
            PickerTarget::Preview | PickerTarget::PreviewDraft => "/staff/preview",
        }
    }

    /// What every address of the picker carries besides the screen and the selection (a GET
    /// form drops an action's own query, so the form carries it as a hidden input too).
    pub fn keep(self) -> Option<(&'static str, &'static str)> {
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

/// The id of the element the picker's markup goes into; `data-src` on it says where the island
/// asks for the next screen.
pub const PICKER: &str = "picker";

/// Where the island asks for a screen of this target's picker.
pub fn screen_source(target: PickerTarget) -> String {
    format!("/picker?for={}", target.code())
}

/// [`markup`] for `screen`, kept when it is a first screen — nothing chosen, nothing searched or
/// opened — which depends only on the catalog index it was cut from, the language and the
/// target: most visits open the home page there. Profiled, writing that screen was a fifth of
/// the server's work for the home page. A few screens are kept: the citizens' two languages,
/// and a catalog editor's preview of the draft.
#[cfg(feature = "ssr")]
pub fn first_screen_markup(lang: Lang, target: PickerTarget, screen: &CatalogPage) -> String {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Kept = HashMap<(u64, &'static str, &'static str), String>;
    static KEPT: OnceLock<Mutex<Kept>> = OnceLock::new();
    let first =
        screen.edition != 0 && screen.chosen.is_empty() && screen.query == target.query(|_| None);
    if !first {
        return markup(lang, target, screen);
    }
    let key = (screen.edition, lang.tag(), target.code());
    let kept = KEPT.get_or_init(Default::default);
    if let Some(found) = kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
        return found;
    }
    let written = markup(lang, target, screen);
    if let Ok(mut kept) = kept.lock() {
        // A newer index (a publication, the daily order by use) leaves the older screens unused.
        if kept.len() >= 8 {
            kept.clear();
        }
        kept.insert(key, written.clone());
    }
    written
}

/// In the browser's build there is nothing to keep (the island never writes a screen; keeping
/// one would only weigh on the WebAssembly).
#[cfg(not(feature = "ssr"))]
pub fn first_screen_markup(lang: Lang, target: PickerTarget, screen: &CatalogPage) -> String {
    markup(lang, target, screen)
}

/// The picker for one screen: everything inside the `#picker` element. The parts a next screen
/// replaces carry `data-region`; the search box and the sticky bar stay, so typing is never
/// interrupted.
pub fn markup(lang: Lang, target: PickerTarget, screen: &CatalogPage) -> String {
    let query = &screen.query;
    let selected: BTreeSet<&str> = screen.chosen.iter().map(|i| i.id.as_str()).collect();
    let pick = |zh: &str, en: &str| escape(lang.pick(zh, en));
    let mut html = String::with_capacity(16 * 1024);
    html.push_str(r#"<div data-region="teaser">"#);
    let first_screen =
        query.search.is_empty() && query.group.is_none() && query.by != BrowseBy::Package;
    if first_screen {
        teaser(
            &mut html,
            lang,
            target,
            &screen.packages,
            screen.packages_paging,
        );
    }
    html.push_str("</div>");
    let _ = write!(
        html,
        r#"<form method="get" action="{}" class="picker">"#,
        target.submit()
    );
    if let Some((name, value)) = target.keep() {
        let _ = write!(
            html,
            r#"<input type="hidden" name="{name}" value="{value}">"#
        );
    }
    let _ = write!(
        html,
        r#"<div data-region="where"><input type="hidden" name="by" value="{}"><input type="hidden" name="group" value="{}"></div>"#,
        query.by.code(),
        escape(query.group.as_deref().unwrap_or_default()),
    );
    // The search button is the form's first, so Enter in the box searches.
    let _ = write!(
        html,
        r#"<div class="search" role="search"><label for="q">{}</label><p class="hint" id="q-hint">{}</p><div class="search-row"><input id="q" name="q" type="search" autocomplete="off" aria-describedby="q-hint" maxlength="{MAX_SEARCH_CHARS}" value="{}"><button type="submit" class="button secondary" formaction="{}">{}</button></div></div>"#,
        pick("搜索事项", "Search services"),
        pick(
            "可输入中文、常用说法（如 失业金）、拼音或首字母（如 gskf）或英文",
            "Chinese, everyday words, pinyin or its initials (e.g. gskf), or English"
        ),
        escape(&query.search),
        target.browse(),
        pick("搜索", "Search"),
    );
    let _ = write!(
        html,
        r#"<nav class="tabs" aria-label="{}" data-region="tabs">"#,
        pick("浏览方式", "Browse by")
    );
    for (by, zh, en) in [
        (BrowseBy::LifeEvent, "按人生事件", "By life event"),
        (BrowseBy::Department, "按部门", "By department"),
        (BrowseBy::Package, "按套餐", "By package"),
    ] {
        let current = if query.by == by && query.search.is_empty() {
            r#" aria-current="page""#
        } else {
            ""
        };
        let _ = write!(
            html,
            r#"<button type="submit" name="view" value="{}" formaction="{}"{current}>{}</button>"#,
            by.code(),
            target.browse(),
            pick(zh, en)
        );
    }
    html.push_str("</nav>");
    // Live regions stay in place (a region that is itself replaced is not announced).
    let found = screen
        .found_paging
        .map(|p| lang.pick(format!("找到{}项", p.total), format!("{} found", p.total)))
        .unwrap_or_default();
    let _ = write!(
        html,
        r#"<p class="visually-hidden" role="status" id="picker-status">{}</p><div role="alert" id="picker-trouble"></div>"#,
        escape(&found)
    );
    let _ = write!(
        html,
        r#"<div data-region="screen" data-address="{}" data-status="{}">"#,
        escape(&address(target, query)),
        escape(&found)
    );
    let shown = Screen {
        lang,
        target,
        query,
        selected: &selected,
    };
    if !query.search.is_empty() {
        shown.found(
            &mut html,
            &screen.found,
            screen.found_paging.unwrap_or_default(),
        );
    } else if query.by == BrowseBy::Package {
        shown.packages(&mut html, &screen.packages, screen.packages_paging);
    } else {
        for group in &screen.groups {
            shown.group(&mut html, group);
        }
    }
    // Chosen items this screen does not show keep their tick boxes here, so they are sent with
    // the form and can be unticked.
    let on_screen = shown_ids(screen);
    let elsewhere: Vec<&ItemSummary> = screen
        .chosen
        .iter()
        .filter(|i| !on_screen.contains(i.id.as_str()))
        .collect();
    if !elsewhere.is_empty() {
        let _ = write!(
            html,
            r#"<fieldset class="group chosen-elsewhere"><legend>{}</legend>"#,
            pick("已选的其他事项", "Also chosen")
        );
        for item in elsewhere {
            shown.choice(&mut html, item, "chosen");
        }
        html.push_str("</fieldset>");
    }
    html.push_str("</div>");
    let mut chosen: Vec<&ItemSummary> = screen.chosen.iter().collect();
    chosen.sort_by(|a, b| a.id.cmp(&b.id));
    chosen.dedup_by(|a, b| a.id == b.id);
    let departments: Vec<&str> = chosen.iter().map(|i| lang.of(&i.department_name)).collect();
    let days = chosen.iter().map(|i| i.committed_days).max().unwrap_or(0);
    let _ = write!(
        html,
        r#"<div class="sticky-bar"><p aria-live="polite" id="picker-summary">{}</p>"#,
        selection_summary(lang, chosen.len(), &departments, days)
    );
    match target {
        PickerTarget::Apply => {
            let _ = write!(
                html,
                r#"<button type="submit" class="button">{}</button>"#,
                pick("下一步：填写一张表", "Next: fill in one form")
            );
        }
        PickerTarget::Preview | PickerTarget::PreviewDraft => {
            let _ = write!(
                html,
                r#"<button type="submit" class="button" name="show" value="1" data-testid="show-preview">{}</button>"#,
                pick("预览表单", "Preview the form")
            );
        }
    }
    html.push_str("</div></form>");
    html
}

/// The selection at a glance, as HTML: how many, which departments (each once, `departments`
/// in the selection's order), and how long in parallel (the longest item; the form page gives
/// the exact date on the working-day calendar). The server and the island both write it.
pub fn selection_summary(lang: Lang, count: usize, departments: &[&str], days: u32) -> String {
    let mut html = escape(&lang.pick(format!("已选 {count} 项"), format!("{count} selected")));
    if count > 0 {
        let mut distinct: Vec<&str> = Vec::new();
        for d in departments {
            if !distinct.contains(d) {
                distinct.push(d);
            }
        }
        let (n, list) = (distinct.len(), distinct.join(lang.pick("、", ", ")));
        html.push_str("<br>");
        html.push_str(&escape(&lang.pick(
            format!("涉及{n}个部门：{list}；并联办理约{days}个工作日"),
            format!("{n} department(s): {list}; about {days} working days in parallel"),
        )));
    }
    html
}

/// The page's address for a screen, as the picker's form would send it but without the empty
/// parts, and without the selection (the island adds what is ticked).
fn address(target: PickerTarget, query: &CatalogQuery) -> String {
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
    format!("{}?{}{}", target.browse(), target.prefix(), parts.join("&"))
}

/// The ids of the items a screen shows with tick boxes.
fn shown_ids(screen: &CatalogPage) -> BTreeSet<&str> {
    screen
        .found
        .iter()
        .chain(screen.groups.iter().flat_map(|g| &g.items))
        .map(|i| i.id.as_str())
        .collect()
}

/// A few packages on the first screen, and the way to all of them.
fn teaser(
    html: &mut String,
    lang: Lang,
    target: PickerTarget,
    packages: &[PackageSummary],
    paging: Paging,
) {
    let _ = write!(
        html,
        r#"<section class="packages" aria-labelledby="packages-h"><h2 id="packages-h">{}</h2>"#,
        escape(lang.pick("从套餐开始", "Start from a package"))
    );
    package_links(html, lang, target, packages);
    if paging.total as usize > packages.len() {
        let _ = write!(
            html,
            r#"<p><a href="{}?{}by=package" data-nav>{}</a></p>"#,
            target.browse(),
            target.prefix(),
            escape(&lang.pick(
                format!("查看全部{}个套餐", paging.total),
                format!("All {} packages", paging.total)
            ))
        );
    }
    html.push_str("</section>");
}

fn package_links(html: &mut String, lang: Lang, target: PickerTarget, packages: &[PackageSummary]) {
    html.push_str(r#"<ul class="package-list">"#);
    for p in packages {
        let items: Vec<String> = p
            .items
            .iter()
            .map(|i| format!("items={}", encode(i)))
            .collect();
        let _ = write!(
            html,
            r#"<li><a href="{}?{}{}">{}</a></li>"#,
            target.submit(),
            target.prefix(),
            escape(&items.join("&")),
            escape(lang.of(&p.name))
        );
    }
    html.push_str("</ul>");
}

/// What one screen's parts need to know.
struct Screen<'a> {
    lang: Lang,
    target: PickerTarget,
    query: &'a CatalogQuery,
    selected: &'a BTreeSet<&'a str>,
}

impl Screen<'_> {
    fn text(&self, zh: String, en: String) -> String {
        escape(&self.lang.pick(zh, en))
    }

    fn name(&self, text: &Text) -> String {
        escape(self.lang.of(text))
    }

    /// Browsing by package: a page of them.
    fn packages(&self, html: &mut String, packages: &[PackageSummary], paging: Paging) {
        let _ = write!(
            html,
            r#"<section class="packages" aria-labelledby="all-packages-h"><h2 id="all-packages-h">{}</h2>"#,
            self.text(
                format!("全部套餐（{}个）", paging.total),
                format!("All packages ({})", paging.total)
            )
        );
        package_links(html, self.lang, self.target, packages);
        self.pager(html, paging);
        html.push_str("</section>");
    }

    /// A search's results, best first.
    fn found(&self, html: &mut String, items: &[ItemSummary], paging: Paging) {
        let search = &self.query.search;
        let _ = write!(
            html,
            r#"<fieldset class="group found"><legend>{}</legend>"#,
            self.text(
                format!("“{search}”的搜索结果（{}项）", paging.total),
                format!("Results for “{search}” ({})", paging.total)
            )
        );
        if items.is_empty() {
            let _ = write!(
                html,
                "<p>{}</p>",
                self.text(
                    "没有找到相符的事项。可以换个说法、用拼音首字母，或按部门浏览。".into(),
                    "Nothing matches. Try other words or pinyin initials, or browse by department."
                        .into()
                )
            );
        }
        for item in items {
            self.choice(html, item, "found");
        }
        self.pager(html, paging);
        html.push_str("</fieldset>");
    }

    /// Previous and next page: buttons of the form (what is ticked travels along).
    fn pager(&self, html: &mut String, paging: Paging) {
        let Paging { page, pages, .. } = paging;
        if pages <= 1 {
            return;
        }
        let _ = write!(
            html,
            r#"<nav class="pager" aria-label="{}">"#,
            self.text("翻页".into(), "Pages".into())
        );
        let browse = self.target.browse();
        if page > 1 {
            let _ = write!(
                html,
                r#"<button type="submit" name="page" value="{}" formaction="{browse}" class="button secondary">{}</button>"#,
                page - 1,
                self.text("上一页".into(), "Previous".into())
            );
        }
        let _ = write!(
            html,
            "<span>{}</span>",
            self.text(
                format!("第{page}页，共{pages}页"),
                format!("Page {page} of {pages}")
            )
        );
        if page < pages {
            let _ = write!(
                html,
                r#"<button type="submit" name="page" value="{}" formaction="{browse}" class="button secondary">{}</button>"#,
                page + 1,
                self.text("下一页".into(), "Next".into())
            );
        }
        html.push_str("</nav>");
    }

    /// A life event or department: its items when open, a button that opens it when closed.
    fn group(&self, html: &mut String, group: &GroupView) {
        let head = &group.head;
        let count = self.text(format!("{}项", head.count), format!("{} items", head.count));
        let (id, name, browse) = (
            escape(&head.id),
            self.name(&head.name),
            self.target.browse(),
        );
        let Some(paging) = group.paging else {
            let _ = write!(
                html,
                r#"<div class="group-head"><button type="submit" name="open" value="{id}" formaction="{browse}"><span class="item-name">{name}</span><span class="item-meta">{count}</span></button></div>"#
            );
            return;
        };
        // Open by itself (not one of a small catalog's groups all shown at once): it pages.
        let alone = self.query.group.as_deref() == Some(head.id.as_str());
        let _ = write!(
            html,
            r#"<fieldset class="group"{}><legend>{name} <span class="item-meta">{count}</span></legend>"#,
            if alone { r#" id="open-group""# } else { "" }
        );
        for item in &group.items {
            self.choice(html, item, &head.id);
        }
        if alone {
            self.pager(html, paging);
        } else if paging.pages > 1 {
            let _ = write!(
                html,
                r#"<button type="submit" name="open" value="{id}" formaction="{browse}" class="button secondary">{}</button>"#,
                self.text(
                    format!("显示全部{}项", paging.total),
                    format!("Show all {}", paging.total)
                )
            );
        }
        html.push_str("</fieldset>");
    }

    /// One item with its tick box. The department and days ride on the box, so the island can
    /// sum up the selection without asking the server.
    fn choice(&self, html: &mut String, item: &ItemSummary, scope: &str) {
        // The same item can sit in several groups on one screen; ids stay unique per group.
        let input_id = escape(&format!("pick-{scope}-{}", item.id));
        let days = item.committed_days;
        let department = self.name(&item.department_name);
        let checked = if self.selected.contains(item.id.as_str()) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            html,
            r#"<div class="choice"><input type="checkbox" name="items" id="{input_id}" value="{}"{checked} data-department="{department}" data-days="{days}"><label for="{input_id}"><span class="item-name">{}</span><span class="item-meta">{department} · {}</span></label></div>"#,
            escape(&item.id),
            self.name(&item.name),
            self.text(
                format!("承诺{days}个工作日"),
                format!("{days} working days")
            ),
        );
    }
}

/// The picker's behaviour: an island that renders nothing (the server rendered the picker) and
/// attaches to the `#picker` element. Lazy: pages without a picker never fetch its code.
#[island(lazy)]
pub fn PickerBehaviour() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    live::start();
}

#[cfg(feature = "hydrate")]
mod live;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::GroupHead;

    fn item(id: &str, department: &str, days: u32) -> ItemSummary {
        ItemSummary {
            id: id.into(),
            name: Text::new(format!("事项{id}"), format!("Item {id}")),
            pinyin: String::new(),
            pinyin_full: String::new(),
            synonyms: vec![],
            department: department.into(),
            department_name: Text::new(format!("{department}局"), department),
            committed_days: days,
        }
    }

    fn screen(
        query: CatalogQuery,
        groups: Vec<GroupView>,
        chosen: Vec<ItemSummary>,
    ) -> CatalogPage {
        CatalogPage {
            edition: 0,
            query,
            groups,
            found: vec![],
            found_paging: None,
            packages: vec![],
            packages_paging: Paging::default(),
            chosen,
        }
    }

    fn open_group(id: &str, items: Vec<ItemSummary>, pages: u32) -> GroupView {
        GroupView {
            head: GroupHead {
                id: id.into(),
                name: Text::new("人社", "HRSS"),
                count: items.len() as u32,
            },
            paging: Some(Paging {
                page: 1,
                pages,
                total: items.len() as u32,
            }),
            items,
        }
    }

    #[test]
    fn a_chosen_item_on_the_screen_is_ticked_and_one_elsewhere_keeps_its_box_below() {
        let (a, b) = (item("a", "hrss", 5), item("b", "health", 10));
        let query = CatalogQuery {
            group: Some("g".into()),
            page: 1,
            ..CatalogQuery::default()
        };
        let html = markup(
            Lang::Zh,
            PickerTarget::Apply,
            &screen(query, vec![open_group("g", vec![a.clone()], 1)], vec![a, b]),
        );
        assert!(
            html.contains(r#"id="pick-g-a" value="a" checked"#),
            "{html}"
        );
        assert!(
            html.contains(r#"id="pick-chosen-b" value="b" checked"#),
            "{html}"
        );
        assert!(!html.contains("pick-chosen-a"), "{html}");
        assert!(html.contains("已选 2 项<br>涉及2个部门：hrss局、health局；并联办理约10个工作日"));
        // The address the island keeps: where the citizen is, the selection added by the island.
        assert!(
            html.contains(r#"data-address="/?by=life_event&amp;group=g""#),
            "{html}"
        );
    }

    #[test]
    fn the_summary_names_each_department_once_in_the_readers_language() {
        let summary = selection_summary(Lang::En, 3, &["HRSS", "Health", "HRSS"], 20);
        assert_eq!(
            summary,
            "3 selected<br>2 department(s): HRSS, Health; about 20 working days in parallel"
        );
        assert_eq!(selection_summary(Lang::Zh, 0, &[], 0), "已选 0 项");
    }

    #[test]
    fn names_from_the_catalog_are_escaped_wherever_they_appear() {
        let mut evil = item("x", "hrss", 1);
        evil.name = Text::new("<script>alert(1)</script>", "<b>");
        evil.department_name = Text::new("\"><img src=x>", "x");
        let query = CatalogQuery {
            search: "<i>".into(),
            page: 1,
            ..CatalogQuery::default()
        };
        let mut page = screen(query, vec![], vec![]);
        page.found = vec![evil];
        page.found_paging = Some(Paging {
            page: 1,
            pages: 1,
            total: 1,
        });
        let html = markup(Lang::Zh, PickerTarget::Apply, &page);
        assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<i>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn staff_pickers_open_on_departments_and_the_draft_one_carries_the_draft_everywhere() {
        let query = PickerTarget::Preview.query(|_| None);
        assert_eq!(query.by, BrowseBy::Department);
        assert_eq!(PickerTarget::Apply.query(|_| None).by, BrowseBy::LifeEvent);
        let mut page = screen(
            query.clone(),
            vec![open_group("g", vec![item("a", "hrss", 1)], 3)],
            vec![],
        );
        page.query.group = Some("g".into());
        let html = markup(Lang::Zh, PickerTarget::PreviewDraft, &page);
        assert!(html.contains(r#"<input type="hidden" name="catalog" value="draft">"#));
        assert!(
            html.contains(
                r#"data-address="/staff/preview?catalog=draft&amp;by=department&amp;group=g""#
            ),
            "{html}"
        );
        assert!(html.contains(r#"name="page" value="2" formaction="/staff/preview""#));
        assert!(html.contains(r#"data-testid="show-preview""#));
        for target in [
            PickerTarget::Apply,
            PickerTarget::Preview,
            PickerTarget::PreviewDraft,
        ] {
            assert_eq!(PickerTarget::parse(target.code()), Some(target));
        }
        assert_eq!(PickerTarget::parse("other"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_first_screen_is_written_once_per_catalog_edition_and_a_screen_with_a_choice_every_time() {
        let first = |edition: u64, name: &str| {
            let mut a = item("a", "hrss", 5);
            a.name = Text::new(name, name);
            let mut page = screen(
                PickerTarget::Apply.query(|_| None),
                vec![open_group("hrss", vec![a], 1)],
                vec![],
            );
            page.edition = edition;
            page
        };
        let edition = 1 << 40; // far from the editions the server's indexes take in this process
        let kept = first_screen_markup(Lang::Zh, PickerTarget::Apply, &first(edition, "旧名"));
        assert!(kept.contains("旧名"));
        // The same edition is not written again: it is the same catalog index.
        let again = first_screen_markup(Lang::Zh, PickerTarget::Apply, &first(edition, "新名"));
        assert_eq!(again, kept);
        // Another edition, language or target is its own screen.
        let newer = first_screen_markup(Lang::Zh, PickerTarget::Apply, &first(edition + 1, "新名"));
        assert!(newer.contains("新名"));
        let english = first_screen_markup(Lang::En, PickerTarget::Apply, &first(edition, "新名"));
        assert!(english.contains("新名"));
        let staff = first_screen_markup(Lang::Zh, PickerTarget::Preview, &first(edition, "新名"));
        assert!(staff.contains("新名"));
        // Another screen of the same edition: written for itself.
        let mut opened = first(edition, "新名");
        opened.query.group = Some("hrss".into());
        assert!(first_screen_markup(Lang::Zh, PickerTarget::Apply, &opened).contains("新名"));
        // Something chosen: written for this screen alone.
        let mut chosen = first(edition, "新名");
        chosen.chosen = vec![item("a", "hrss", 5)];
        assert_eq!(
            first_screen_markup(Lang::Zh, PickerTarget::Apply, &chosen),
            markup(Lang::Zh, PickerTarget::Apply, &chosen)
        );
        // An edition of 0 (not from the server's index) is never kept.
        let unknown = first_screen_markup(Lang::Zh, PickerTarget::Apply, &first(0, "某名"));
        assert!(unknown.contains("某名"));
        assert!(
            first_screen_markup(Lang::Zh, PickerTarget::Apply, &first(0, "别名")).contains("别名")
        );
    }
}
