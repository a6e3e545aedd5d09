//! The catalog in use, for catalog editors and administrators: what it holds, and the whole of
//! it to download as a spreadsheet workbook (the way cities keep their item lists, 事项清单) or
//! as JSON. A city runs on an edited list with `YIJIAN_CATALOG`, after `server catalog check`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::UseLimits;
use crate::api::{
    encode, get_catalog_draft, get_catalog_summary, CatalogDraftView, CatalogSummary, DraftCatalog,
    DraftItemRow, ItemUseRow, RuleRow,
};
use crate::components::{LabelledField, LoadError};
use crate::engine::catalog_edit::{
    EditField, EditForm, EditProblem, Keep, EDIT_FIELDS, NEW_FIELD_KINDS,
};
use crate::engine::Text;
use crate::i18n::{lang, t, Bi};

/// What the address says after a post (or a search, or an "edit" link): the outcome to
/// announce, and for a refused item form what was typed with every input to correct.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogPageState {
    pub find: String,
    pub item: String,
    /// The field whose limits the item puts on it are being edited.
    pub field: String,
    /// The form a refusal belongs to.
    pub form: EditForm,
    pub errors: Vec<(EditField, EditProblem)>,
    pub typed: Vec<(EditField, String)>,
    /// With a refusal: what was chosen for each material and field ("material:<key>", code).
    pub keeps: Vec<(String, String)>,
    pub outcome: Option<Text>,
    pub failure: Option<Text>,
}

impl CatalogPageState {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> CatalogPageState {
        let mut errors: Vec<(EditField, EditProblem)> = get("errors")
            .unwrap_or_default()
            .split(',')
            .filter_map(|code| {
                let (f, p) = code.split_once(':')?;
                Some((EditField::from_code(f)?, EditProblem::from_code(p)?))
            })
            .collect();
        errors.sort_by_key(|(f, _)| EDIT_FIELDS.iter().position(|x| x == f));
        let form = get("form")
            .and_then(|f| EditForm::from_code(&f))
            .unwrap_or(EditForm::Item);
        errors.retain(|(f, _)| f.form() == form);
        // Typed values come back only with a refusal, and only for its form; otherwise each
        // form shows the draft.
        let typed = if errors.is_empty() {
            Vec::new()
        } else {
            EDIT_FIELDS
                .iter()
                .filter(|f| f.form() == form)
                .map(|f| (*f, get(f.code()).unwrap_or_default()))
                .collect()
        };
        let keeps = if errors.is_empty() {
            Vec::new()
        } else {
            get("keeps")
                .unwrap_or_default()
                .split(',')
                .filter_map(|entry| {
                    let (name, keep) = entry.rsplit_once(':')?;
                    Some((name.to_string(), keep.to_string()))
                })
                .collect()
        };
        let flag = |name: &str| get(name).is_some();
        let outcome = if flag("published") {
            Some(t(
                "新版本已发布：此后开始的申请都按新版本办理，已提交的申请仍按原版本。",
                "The new version is published: applications started from now on use it; those already submitted keep theirs.",
            ))
        } else if flag("started") {
            Some(t(
                "草稿已从正在使用的版本建立。",
                "A draft has been started from the version in use.",
            ))
        } else if flag("discarded") {
            Some(t(
                "草稿已放弃，正在使用的版本未改变。",
                "The draft is discarded; the version in use is unchanged.",
            ))
        } else if let Some(n) = get("uploaded") {
            let n: u32 = n.parse().unwrap_or(0);
            Some(Text::new(
                format!("文件已通过检查，存为草稿（{n}个事项）。请比对、预览后发布。"),
                format!("The file passed every check and is now the draft ({n} items). Compare and preview it, then publish."),
            ))
        } else if flag("saved") {
            Some(t(
                "修改已保存到草稿（尚未发布）。",
                "The change is saved in the draft (not published yet).",
            ))
        } else {
            None
        };
        let failure = match get("error").as_deref() {
            Some("no-draft") => Some(t(
                "目前没有草稿（可能已由其他编辑发布或放弃）。请先建立草稿。",
                "There is no draft (another editor may have published or discarded it). Start a draft first.",
            )),
            Some("no-item") => Some(t("草稿中没有这个事项。", "The draft has no such item.")),
            Some("conflict") => Some(t(
                "另一位编辑刚刚修改了草稿，您的修改未保存。请查看最新内容后再改。",
                "Another editor has just changed the draft: your change was not saved. Look at it as it is now and change it again.",
            )),
            Some("problems") => Some(t(
                "草稿还有问题，未发布。请先改正下面列出的问题。",
                "The draft still has problems and was not published. Correct those listed below first.",
            )),
            Some("no-file") => Some(t(
                "请选择要上传的清单文件（.xlsx 或 .json）。",
                "Choose the catalog file to upload (.xlsx or .json).",
            )),
            Some("too-big") => Some(t(
                "文件超过16 MB，不是一份事项清单。",
                "The file is larger than 16 MB: that is not a catalog.",
            )),
            Some("version-name") => Some(t(
                "版本名称不能为空、不超过40个字符、只用字母数字和 . - _，且不能与已有版本重名。",
                "The version name must be given, at most 40 characters of letters, digits and . - _, and not used before.",
            )),
            Some(_) => Some(t(
                "系统暂时不可用，未保存。请稍后再试。",
                "Temporarily unavailable: nothing was saved. Try again shortly.",
            )),
            None => None,
        };
        CatalogPageState {
            find: get("find").unwrap_or_default(),
            item: get("item").unwrap_or_default(),
            field: get("use").unwrap_or_default(),
            form,
            errors,
            typed,
            keeps,
            outcome,
            failure,
        }
    }

    fn error(&self, field: EditField) -> Option<Text> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| p.message())
    }

    /// What the form shows chosen for one of the item's materials or fields: as sent back after
    /// a refusal, else as the draft holds it.
    fn keep(&self, name: &str, required: bool) -> Keep {
        self.keeps
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, k)| Keep::from_code(k))
            .unwrap_or(if required {
                Keep::Required
            } else {
                Keep::Optional
            })
    }

    fn typed(&self, field: EditField) -> Option<String> {
        self.typed
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.clone())
    }

    /// The refusal's summary at the top of `form`: each problem linked to its input.
    fn summary(&self, form: EditForm) -> Option<impl IntoView + use<>> {
        let errors: Vec<_> = self
            .errors
            .iter()
            .filter(|(f, _)| f.form() == form)
            .copied()
            .collect();
        (!errors.is_empty()).then(|| view! {
            <div class="error-summary" role="alert" data-testid=format!("{}-errors", form.code())>
                <p class="big"><Bi text=t("未保存，请更正：", "Nothing was saved. Please correct:")/></p>
                <ul>{errors.into_iter().map(|(f, p)| view! {
                    <li><a href=format!("#{}", f.code())><Bi text=p.message()/></a></li>
                }).collect_view()}</ul>
            </div>
        })
    }
}

/// What a list offers: each entry's key and what editors read.
type Choices = [(String, Text)];

/// One text input of the draft page's forms: its message beside it after a refusal, and what
/// was typed kept (else what the draft holds).
fn input(
    state: &CatalogPageState,
    field: EditField,
    label: Text,
    stored: String,
    numeric: bool,
) -> impl IntoView + use<> {
    let id = field.code();
    let error = state.error(field);
    let invalid = error.is_some().then_some("true");
    let value = state.typed(field).unwrap_or(stored);
    let mode = numeric.then_some("decimal");
    view! {
        <LabelledField id=id label=label error=error>
            <input id=id name=id type="text" inputmode=mode autocomplete="off" value=value aria-describedby=format!("{id}-error") aria-invalid=invalid/>
        </LabelledField>
    }
}

/// One choice from a list, with "none" first when it may be left empty.
fn choose(
    state: &CatalogPageState,
    field: EditField,
    label: Text,
    options: &[(String, Text)],
    stored: String,
    none: Option<Text>,
) -> impl IntoView + use<> {
    let id = field.code();
    let error = state.error(field);
    let invalid = error.is_some().then_some("true");
    let chosen = state.typed(field).unwrap_or(stored);
    let none = none.map(|n| view! { <option value="">{lang().pick(n.zh, n.en)}</option> });
    let options = options
        .iter()
        .map(|(key, name)| {
            let selected = *key == chosen;
            view! { <option value=key.clone() selected=selected>{lang().pick(name.zh.clone(), name.en.clone())}</option> }
        })
        .collect_view();
    view! {
        <LabelledField id=id label=label error=error>
            <select id=id name=id aria-describedby=format!("{id}-error") aria-invalid=invalid>{none}{options}</select>
        </LabelledField>
    }
}

/// A yes-or-no box, ticked as typed after a refusal.
fn tick(state: &CatalogPageState, field: EditField, label: Text) -> impl IntoView + use<> {
    let id = field.code();
    let checked = state.typed(field).is_some_and(|v| !v.is_empty());
    view! {
        <div class="choice">
            <input id=id name=id type="checkbox" checked=checked/>
            <label for=id><Bi text=label/></label>
        </div>
    }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let state = use_query_map().with_untracked(|q| CatalogPageState::from_query(|k| q.get(k)));
    let summary = Resource::new(|| (), |_| get_catalog_summary());
    let (find, item, field) = (state.find.clone(), state.item.clone(), state.field.clone());
    let draft = Resource::new(
        || (),
        move |_| get_catalog_draft(find.clone(), item.clone(), field.clone()),
    );
    view! {
        <h1><Bi text=t("事项清单", "Service catalog")/></h1>
        {state.outcome.clone().map(|m| view! { <p class="notice" role="status" data-testid="catalog-outcome"><Bi text=m/></p> })}
        {state.failure.clone().map(|m| view! { <div class="error-summary" role="alert" data-testid="catalog-failure"><p><Bi text=m/></p></div> })}
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || {
                let state = state.clone();
                Suspend::new(async move {
                    match (summary.await, draft.await) {
                        (Ok(s), Ok(d)) => view! { <Summary s/><Draft view=d state/> }.into_any(),
                        (Err(error), _) | (_, Err(error)) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Draft(view: CatalogDraftView, state: CatalogPageState) -> impl IntoView {
    let Some(d) = view.draft else {
        return view! {
            <section id="draft" aria-labelledby="draft-h">
                <h2 id="draft-h"><Bi text=t("修改清单", "Change the catalog")/></h2>
                <p><Bi text=t(
                    "修改先在草稿中进行：草稿从正在使用的版本复制，可以逐项修改、与正在使用的版本比对、按市民所见预览，然后发布为新版本。",
                    "Changes are made in a draft: a copy of the version in use that you change item by item, compare with the version in use, preview as citizens will see it, and then publish as a new version.",
                )/></p>
                <form method="post" action="/staff/catalog/draft/start">
                    <button type="submit" class="button" data-testid="start-draft"><Bi text=t("建立草稿", "Start a draft")/></button>
                </form>
                {upload_form()}
            </section>
        }.into_any();
    };
    let DraftCatalog {
        based_on,
        behind,
        updated_by,
        updated_at,
        items,
        changes,
        problems,
        suggested_version,
        found,
        editing,
        departments,
        other_materials,
        other_fields,
        produced,
        editing_use,
        life_events,
        sections,
        date_fields,
    } = d;
    let find = state.find.clone();
    view! {
        <section id="draft" aria-labelledby="draft-h">
            <h2 id="draft-h"><Bi text=t("草稿版本", "The draft")/></h2>
            <p data-testid="draft-about">
                {lang().pick(
                    format!("基于版本 {based_on}，共{items}个事项；最后修改：{updated_at}，{updated_by}。"),
                    format!("Based on version {based_on}, {items} items; last changed {updated_at} by {updated_by}."),
                )}
            </p>
            {behind.then(|| view! { <p class="notice"><Bi text=t(
                "建立草稿后又发布了新版本：下面的比对针对正在使用的版本，发布会替换其中的改动。",
                "A newer version was published after this draft was started: the comparison below is against the version in use, and publishing replaces its changes.",
            )/></p> })}
            <h3 id="changes-h"><Bi text=t("与正在使用的版本相比", "Compared with the version in use")/></h3>
            {if changes.is_empty() {
                view! { <p data-testid="draft-changes"><Bi text=t("尚无改动。", "No changes yet.")/></p> }.into_any()
            } else {
                view! { <ul data-testid="draft-changes">{changes.into_iter().map(|c| view! { <li><Bi text=c/></li> }).collect_view()}</ul> }.into_any()
            }}
            <h3 id="problems"><Bi text=t("发布前的检查", "Check before publishing")/></h3>
            {if problems.is_empty() {
                view! { <p data-testid="draft-problems"><Bi text=t("没有发现问题。", "No problems found.")/></p> }.into_any()
            } else {
                view! { <ul class="error-summary" data-testid="draft-problems">{problems.into_iter().map(|p| view! { <li><Bi text=p/></li> }).collect_view()}</ul> }.into_any()
            }}
            <form method="get" action="/staff/catalog" class="lookup" role="search">
                <div class="field">
                    <label for="find"><Bi text=t("查找要修改的事项（编号或名称）", "Find an item to change (id or name)")/></label>
                    <input id="find" name="find" type="search" value=find autocomplete="off"/>
                </div>
                <button type="submit" class="button secondary"><Bi text=t("查找", "Find")/></button>
            </form>
            {(!state.find.is_empty()).then(|| found_list(found, &state.find))}
            {editing.map(|item| {
                let limits = editing_use.map(|u| use_form(u, &item, &state));
                view! {
                    {item_form(item, &departments, &life_events, (&other_materials, &other_fields), &produced, &state)}
                    {limits}
                }
            })}
            {definitions(&sections, &date_fields, &state)}
            {upload_form()}
            <section id="publish" aria-labelledby="publish-h">
                <h3 id="publish-h"><Bi text=t("发布或放弃", "Publish or discard")/></h3>
                <form method="post" action="/staff/catalog/draft/publish" class="lookup">
                    <LabelledField id="version" label=t("新版本名称", "Name of the new version")
                        hint=t("申请和工作人员页面都显示这个名称。", "Applications and staff pages show this name.")
                        error=None>
                        <input id="version" name="version" type="text" required maxlength="40" value=suggested_version aria-describedby="version-hint"/>
                    </LabelledField>
                    <button type="submit" class="button" data-testid="publish-draft"><Bi text=t("发布为新版本", "Publish as the new version")/></button>
                </form>
                <form method="post" action="/staff/catalog/draft/discard">
                    <button type="submit" class="button secondary" data-testid="discard-draft"><Bi text=t("放弃草稿", "Discard the draft")/></button>
                </form>
            </section>
        </section>
    }.into_any()
}

/// A whole catalog file as the draft: for changes to fields, materials and rules, made in the
/// workbook downloaded above.
fn upload_form() -> impl IntoView {
    view! {
        <form id="upload" method="post" action="/staff/catalog/draft/upload" enctype="multipart/form-data" class="lookup" aria-labelledby="upload-h">
            <h3 id="upload-h"><Bi text=t("上传整份清单作为草稿", "Upload a whole catalog as the draft")/></h3>
            <div class="field">
                <label for="catalog-file"><Bi text=t("清单文件（.xlsx 或 .json）", "Catalog file (.xlsx or .json)")/></label>
                <p class="hint" id="catalog-file-hint"><Bi text=t(
                    "部门、套餐、情形问题、下拉选项等在上面下载的电子表格中修改。文件先完整检查，有任何问题都不保存，并逐表、逐行、逐列列出；通过后替换草稿。",
                    "Departments, packages, situational questions, a select's choices and the rest are changed in the workbook downloaded above. The file is checked whole first: with any problem nothing is stored and each is listed by sheet, row and column; once it passes it replaces the draft.",
                )/></p>
                <input id="catalog-file" name="file" type="file" accept=".xlsx,.json" required aria-describedby="catalog-file-hint"/>
            </div>
            <button type="submit" class="button secondary" data-testid="upload-draft"><Bi text=t("检查并存为草稿", "Check and store as the draft")/></button>
        </form>
    }
}

fn found_list(found: Vec<DraftItemRow>, find: &str) -> impl IntoView {
    if found.is_empty() {
        return view! { <p data-testid="draft-found"><Bi text=t("没有找到匹配的事项。", "No item matches.")/></p> }.into_any();
    }
    let find = encode(find);
    view! {
        <ul class="department-list" data-testid="draft-found">
            {found.into_iter().map(|i| {
                let href = format!("/staff/catalog?find={find}&item={}#item-form", encode(&i.id));
                view! { <li><a href=href><Bi text=i.name/></a>" · "{i.id}</li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The item's materials or fields, each kept as required or optional or removed, and one of
/// the catalog's others to add.
fn uses(
    kind: &'static str,
    legend: Text,
    used: Vec<ItemUseRow>,
    others: &[(String, Text)],
    add: EditField,
    state: &CatalogPageState,
) -> impl IntoView {
    let rows = used.into_iter().map(|u| {
        // A field's limits have their own form below the item's.
        let limits = u.limits.then(|| {
            let href = format!(
                "/staff/catalog?find={}&item={}&use={}#use-form",
                encode(&state.find),
                encode(&state.item),
                encode(&u.key)
            );
            let label = u.name.clone();
            view! {
                <a href=href class="hint">{lang().pick(
                    format!("设置“{}”的长度或数值限制", label.zh),
                    format!("Set limits on “{}”", label.en),
                )}</a>
            }
        });
        let name = format!("{kind}:{}", u.key);
        let id = format!("{kind}-{}", u.key);
        let keep = state.keep(&name, u.required);
        let option = move |k: Keep, label: Text| view! {
            <option value=k.code() selected=keep == k>{lang().pick(label.zh, label.en)}</option>
        };
        view! {
            <div class="field">
                <label for=id.clone()><Bi text=u.name/></label>
                <select id=id name=name>
                    {option(Keep::Required, t("必须", "Required"))}
                    {option(Keep::Optional, t("可选", "Optional"))}
                    {option(Keep::Remove, t("不再需要（移除）", "No longer needed (remove)"))}
                </select>
                {limits}
            </div>
        }
    }).collect_view();
    view! {
        <fieldset>
            <legend><Bi text=legend/></legend>
            {rows}
            {choose(state, add, t("再添加一项（必须）", "Add one more (required)"), others, String::new(), Some(t("（不添加）", "(add nothing)")))}
        </fieldset>
    }
}

/// The item's rules with other items, each kept or removed; a prerequisite to add (another
/// item and the material it produces, with the reason citizens read) and an exclusion to add
/// with its reason in both languages (shown to a citizen who picks both).
fn rules(
    rules: Vec<RuleRow>,
    produced: &[(String, Text)],
    state: &CatalogPageState,
) -> impl IntoView {
    let rows = rules.into_iter().enumerate().map(|(n, r)| {
        let name = format!("rule:{}", r.code);
        let removed = state.keeps.iter().any(|(k, v)| *k == name && v == "remove");
        let id = format!("rule-{n}");
        view! {
            <div class="field">
                <label for=id.clone()><Bi text=r.text/></label>
                <select id=id name=name>
                    <option value="keep" selected=!removed>{lang().pick("保留", "Keep")}</option>
                    <option value="remove" selected=removed>{lang().pick("移除此规则", "Remove this rule")}</option>
                </select>
            </div>
        }
    }).collect_view();
    view! {
        <fieldset>
            <legend><Bi text=t("与其他事项的规则", "Rules with other items")/></legend>
            {rows}
            {input(state, EditField::AddPrerequisite, t("添加前置：需先办结的事项（事项编号）", "Add a prerequisite: the item to be decided first (its id)"), String::new(), false)}
            {choose(state, EditField::PrerequisiteMaterial, t("该事项产生的、本事项需要的材料", "The material it produces that this item needs"), produced, String::new(), Some(t("（请选择）", "(choose)")))}
            {input(state, EditField::PrerequisiteReasonZh, t("前置原因（中文）", "Why it comes first (Chinese)"), String::new(), false)}
            {input(state, EditField::PrerequisiteReasonEn, t("前置原因（英文）", "Why it comes first (English)"), String::new(), false)}
            {input(state, EditField::AddExclusion, t("添加：不能同时申请的事项（事项编号）", "Add: an item it cannot be applied for with (its id)"), String::new(), false)}
            {input(state, EditField::ExclusionReasonZh, t("原因（中文）", "Reason (Chinese)"), String::new(), false)}
            {input(state, EditField::ExclusionReasonEn, t("原因（英文）", "Reason (English)"), String::new(), false)}
        </fieldset>
    }
}

fn item_form(
    item: DraftItemRow,
    departments: &[(String, Text)],
    life_events: &Choices,
    others: (&Choices, &Choices),
    produced: &[(String, Text)],
    state: &CatalogPageState,
) -> impl IntoView {
    let preview = format!(
        "/staff/preview?catalog=draft&show=1&items={}",
        encode(&item.id)
    );
    let statutory = item
        .statutory_days
        .map(|d| d.to_string())
        .unwrap_or_default();
    view! {
        <form id="item-form" method="post" action="/staff/catalog/draft/change" class="lookup" aria-labelledby="item-form-h">
            <h3 id="item-form-h">{lang().pick(format!("修改事项 {}", item.id), format!("Change item {}", item.id))}</h3>
            {state.summary(EditForm::Item)}
            <input type="hidden" name="form" value=EditForm::Item.code()/>
            <input type="hidden" name="item" value=item.id.clone()/>
            <input type="hidden" name="fingerprint" value=item.fingerprint.clone()/>
            {input(state, EditField::NameZh, t("中文名称", "Name in Chinese"), item.name.zh.clone(), false)}
            {input(state, EditField::NameEn, t("英文名称", "Name in English"), item.name.en.clone(), false)}
            {choose(state, EditField::Department, t("办理部门", "Handling department"), departments, item.department.clone(), None)}
            {input(state, EditField::CommittedDays, t("承诺办结时限（工作日）", "Committed time (working days)"), item.committed_days.to_string(), true)}
            {input(state, EditField::StatutoryDays, t("法定办结时限（工作日，可不填）", "Statutory time (working days, optional)"), statutory, true)}
            {input(state, EditField::Synonyms, t("市民的常用说法（用顿号、逗号或空格分隔，如 失业金、领失业金）", "Words citizens use for it (separated by 、, commas or spaces, e.g. 失业金)"), item.synonyms.clone(), false)}
            {life_event_boxes(life_events, &item.life_events, state)}
            {uses("material", t("所需材料", "Materials it needs"), item.materials.clone(), others.0, EditField::AddMaterial, state)}
            {uses("field", t("表单填写项", "Fields it asks for"), item.fields.clone(), others.1, EditField::AddField, state)}
            {rules(item.rules.clone(), produced, state)}
            <button type="submit" class="button" data-testid="save-item"><Bi text=t("保存到草稿", "Save in the draft")/></button>
            " "
            <a href=preview data-testid="preview-draft"><Bi text=t("按草稿预览市民看到的表单", "Preview the form citizens will see under the draft")/></a>
        </form>
    }
}

/// The life events the item is listed under when citizens browse, one box each.
fn life_event_boxes(
    events: &Choices,
    listed: &[String],
    state: &CatalogPageState,
) -> impl IntoView {
    // After a refusal, as ticked then; otherwise as the draft holds it.
    let ticked: Vec<String> = match state.typed(EditField::LifeEvents) {
        Some(typed) => typed
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        None => listed.to_vec(),
    };
    let error = state.error(EditField::LifeEvents);
    let boxes = events
        .iter()
        .enumerate()
        .map(|(n, (id, name))| {
            let box_id = format!("life-event-{n}");
            let checked = ticked.contains(id);
            view! {
                <div class="choice">
                    <input type="checkbox" id=box_id.clone() name="life_events" value=id.clone() checked=checked/>
                    <label for=box_id><Bi text=name.clone()/></label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset id="life_events" aria-describedby="life_events-error">
            <legend><Bi text=t("浏览时归入的人生事件", "Life events it is listed under when citizens browse")/></legend>
            <input type="hidden" name="life_events_shown" value="1"/>
            <p class="error-message" id="life_events-error">{error.map(|m| view! { <Bi text=m/> })}</p>
            {boxes}
        </fieldset>
    }
}

/// The limits the item puts on one of its fields: lengths for a text, a range for a number.
fn use_form(limits: UseLimits, item: &DraftItemRow, state: &CatalogPageState) -> impl IntoView {
    let UseLimits {
        key,
        name,
        lengths,
        range,
        min_len,
        max_len,
        min,
        max,
    } = limits;
    view! {
        <form id="use-form" method="post" action="/staff/catalog/draft/change" class="lookup" aria-labelledby="use-form-h">
            <h3 id="use-form-h">{lang().pick(
                format!("事项 {} 对“{}”的限制", item.id, name.zh),
                format!("Limits item {} puts on “{}”", item.id, name.en),
            )}</h3>
            {state.summary(EditForm::FieldUse)}
            <p class="hint"><Bi text=t("留空表示不限。市民填写时在浏览器和服务器上按同样的限制检查。", "Leave empty for no limit. Citizens' answers are checked against the same limits in the browser and on the server.")/></p>
            <input type="hidden" name="form" value=EditForm::FieldUse.code()/>
            <input type="hidden" name="item" value=item.id.clone()/>
            <input type="hidden" name="use" value=key/>
            <input type="hidden" name="fingerprint" value=item.fingerprint.clone()/>
            {lengths.then(|| view! {
                {input(state, EditField::MinLen, t("最少字数", "Fewest characters"), min_len, true)}
                {input(state, EditField::MaxLen, t("最多字数", "Most characters"), max_len, true)}
            })}
            {range.then(|| view! {
                {input(state, EditField::Min, t("最小值", "Smallest value"), min, true)}
                {input(state, EditField::Max, t("最大值", "Largest value"), max, true)}
            })}
            <button type="submit" class="button" data-testid="save-limits"><Bi text=t("保存限制到草稿", "Save the limits in the draft")/></button>
        </form>
    }
}

/// Materials and fields the catalog does not have yet, made here and then added to items.
fn definitions(
    sections: &[(String, Text)],
    date_fields: &[(String, Text)],
    state: &CatalogPageState,
) -> impl IntoView {
    let kinds: Vec<(String, Text)> = NEW_FIELD_KINDS
        .iter()
        .map(|(kind, code)| (code.to_string(), kind_name(*kind)))
        .collect();
    view! {
        <section id="definitions" aria-labelledby="definitions-h">
            <h3 id="definitions-h"><Bi text=t("新增材料或字段", "A new material or field")/></h3>
            <p class="hint"><Bi text=t(
                "新增后，在事项的修改表单中选用。编号一经发布就不再改变：已提交的申请按编号保存答案和材料。",
                "Once made, pick it in an item's form. A key never changes once published: submitted applications store answers and materials by it.",
            )/></p>
            <form id="new-material" method="post" action="/staff/catalog/draft/change" class="lookup" aria-labelledby="new-material-h">
                <h4 id="new-material-h"><Bi text=t("新增材料", "New material")/></h4>
                {state.summary(EditForm::NewMaterial)}
                <input type="hidden" name="form" value=EditForm::NewMaterial.code()/>
                {input(state, EditField::MaterialKey, t("编号（小写英文字母、数字、下划线）", "Key (lower-case letters, digits, underscores)"), String::new(), false)}
                {input(state, EditField::MaterialNameZh, t("中文名称", "Name in Chinese"), String::new(), false)}
                {input(state, EditField::MaterialNameEn, t("英文名称", "Name in English"), String::new(), false)}
                {tick(state, EditField::ECertificate, t("可作为电子证照调取（市民免交）", "Can be fetched as an e-certificate (citizens need not upload it)"))}
                <button type="submit" class="button secondary" data-testid="save-material"><Bi text=t("新增到草稿", "Add to the draft")/></button>
            </form>
            <form id="new-field" method="post" action="/staff/catalog/draft/change" class="lookup" aria-labelledby="new-field-h">
                <h4 id="new-field-h"><Bi text=t("新增字段", "New field")/></h4>
                {state.summary(EditForm::NewField)}
                <input type="hidden" name="form" value=EditForm::NewField.code()/>
                {input(state, EditField::FieldKey, t("编号（小写英文字母、数字、下划线）", "Key (lower-case letters, digits, underscores)"), String::new(), false)}
                {input(state, EditField::FieldLabelZh, t("中文标题", "Label in Chinese"), String::new(), false)}
                {input(state, EditField::FieldLabelEn, t("英文标题", "Label in English"), String::new(), false)}
                {choose(state, EditField::FieldSection, t("表单中的部分", "Section of the form"), sections, String::new(), None)}
                {choose(state, EditField::FieldKind, t("类型（下拉选择的选项在电子表格中填写）", "Kind (a select's choices are listed in the workbook)"), &kinds, String::new(), None)}
                {tick(state, EditField::Sensitive, t("个人敏感信息（列表和日志中遮盖）", "Sensitive personal data (masked in lists and logs)"))}
                <fieldset>
                    <legend><Bi text=t("日期规则（仅日期字段）", "Date rules (date fields only)")/></legend>
                    <p class="error-message" id="not_after_today-error">{state.error(EditField::NotAfterToday).map(|m| view! { <Bi text=m/> })}</p>
                    {tick(state, EditField::NotAfterToday, t("不晚于今天（已发生的日期）", "Not after today (a date that has happened)"))}
                    {tick(state, EditField::NotBeforeToday, t("不早于今天（计划的日期）", "Not before today (a planned date)"))}
                    {choose(state, EditField::NotBefore, t("不早于另一日期字段", "Not before another date field"), date_fields, String::new(), Some(t("（无）", "(none)")))}
                </fieldset>
                <button type="submit" class="button secondary" data-testid="save-field"><Bi text=t("新增到草稿", "Add to the draft")/></button>
            </form>
        </section>
    }
}

/// A field kind as editors read it.
fn kind_name(kind: crate::engine::catalog::FieldKind) -> Text {
    use crate::engine::catalog::FieldKind::*;
    match kind {
        Text => t("单行文字", "One line of text"),
        LongText => t("多行文字", "Several lines of text"),
        IdNumber => t("居民身份证号码", "Resident ID number"),
        CreditCode => t("统一社会信用代码", "Unified social credit code"),
        Mobile => t("手机号码", "Mobile number"),
        BankCard => t("银行卡号", "Bank card number"),
        Postcode => t("邮政编码", "Postcode"),
        Date => t("日期", "Date"),
        Number => t("数字", "Number"),
        Select => t("下拉选择", "Choice from a list"),
        YesNo => t("是或否", "Yes or no"),
    }
}

#[component]
fn Summary(s: CatalogSummary) -> impl IntoView {
    let rows = [
        (t("事项", "Service items"), s.items),
        (t("部门", "Departments"), s.departments),
        (t("人生事件", "Life events"), s.life_events),
        (t("套餐", "Packages"), s.packages),
        (t("表单字段", "Form fields"), s.fields),
        (t("材料", "Materials"), s.materials),
    ];
    view! {
        <p class="lead">
            {lang().pick(
                format!("正在使用的版本：{}", s.version),
                format!("Version in use: {}", s.version),
            )}
            <br/><span class="hint">{lang().pick(format!("内容摘要 {}", s.hash), format!("Content hash {}", s.hash))}</span>
        </p>
        <table class="parts" data-testid="catalog-counts">
            <caption class="visually-hidden"><Bi text=t("清单中的内容", "What the catalog holds")/></caption>
            <tbody>
                {rows.into_iter().map(|(what, n)| view! {
                    <tr><th scope="row"><Bi text=what/></th><td>{n}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <section aria-labelledby="download-h">
            <h2 id="download-h"><Bi text=t("下载整份清单", "Download the whole catalog")/></h2>
            <p><Bi text=t(
                "电子表格每类内容一张工作表（部门、事项、字段、材料、套餐、前置与互斥、情形等），第一张“说明”解释每一列。",
                "The workbook has one sheet per kind (departments, items, fields, materials, packages, rules, situational questions…); its first sheet, README, explains every column.",
            )/></p>
            <ul class="department-list">
                <li><a href="/staff/catalog/catalog.xlsx" data-testid="catalog-xlsx" download>
                    <Bi text=t("电子表格（.xlsx）", "Spreadsheet workbook (.xlsx)")/>
                </a></li>
                <li><a href="/staff/catalog/catalog.json" data-testid="catalog-json" download>
                    <Bi text=t("JSON 文件", "JSON file")/>
                </a></li>
            </ul>
            <p class="hint"><Bi text=t(
                "整份修改后的清单（含字段、材料和规则）由运维人员先用 server catalog check 检查（逐表、逐行、逐列列出问题，不保存任何内容），再用 server catalog draft 存为草稿，在本页比对、预览和发布。",
                "A whole edited list (fields, materials and rules included) is checked by the operator with server catalog check (every problem by sheet, row and column; nothing is stored), stored as the draft with server catalog draft, then compared, previewed and published on this page.",
            )/></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(query: &[(&str, &str)]) -> CatalogPageState {
        CatalogPageState::from_query(|k| {
            query
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn a_refused_item_comes_back_as_typed_with_its_errors_in_form_order() {
        let s = state(&[
            ("item", "a1"),
            ("errors", "committed_days:not-days,name_zh:empty,bogus:x"),
            ("committed_days", "ten"),
        ]);
        assert_eq!(
            s.errors,
            vec![
                (EditField::NameZh, EditProblem::Empty),
                (EditField::CommittedDays, EditProblem::NotDays)
            ]
        );
        assert_eq!(s.typed(EditField::CommittedDays).as_deref(), Some("ten"));
        assert_eq!(s.typed(EditField::NameEn).as_deref(), Some(""));
    }

    #[test]
    fn without_a_refusal_the_form_shows_the_draft_not_the_address() {
        let s = state(&[("item", "a1"), ("committed_days", "99"), ("saved", "1")]);
        assert_eq!(s.typed(EditField::CommittedDays), None);
        assert!(s.outcome.is_some());
    }
}
