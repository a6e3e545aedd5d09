//! One form for the whole bundle. The engine runs here in the browser on every change; the server
//! runs it again on submit and has the last word.

use std::collections::{BTreeMap, BTreeSet};

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use serde::{Deserialize, Serialize};

use crate::api::packed::{pack, unpack};
use crate::api::{
    apply_url, encode, get_bundle_context, ApplicantView, BundleContext, Draft, SaveAnswers,
    SubmitOutcome,
};
use crate::components::field::{input_id, FieldInput};
use crate::components::{names, LoadError};
use crate::engine::compose::{Inclusion, Problem};
use crate::engine::{check, compose, derive, Answers, Bundle, ComposeError, Text};
use crate::i18n::{l, lang, t, Bi};

#[component]
pub fn ApplyPage() -> impl IntoView {
    let query = use_query_map();
    let items = Memo::new(move |_| query.with(|q| q.get_all("items").unwrap_or_default()));
    view! {
        <WithBundle items=Signal::derive(move || items.get()) render=move |context| {
            let chosen: Vec<String> = context.draft.as_ref().filter(|_| items.with_untracked(Vec::is_empty)).map(|d| d.items.clone()).unwrap_or_else(|| items.get_untracked());
            // Items withdrawn from the catalog since the draft was saved are not composed.
            let chosen: Vec<String> = chosen.into_iter().filter(|id| context.catalog.items.iter().any(|i| &i.id == id)).collect();
            let notices = view! { <CatalogNotices preview=context.catalog_preview changes=context.catalog_changes.clone()/> };
            // The form needs no calendar (the review page shows dates): keep the page light.
            let context = BundleContext { calendar: Vec::new(), ..context };
            // 关怀模式: one question per screen on phones (the mode is the server's to know).
            let data = pack(&FormData { context, chosen, one_question_per_screen: crate::i18n::care() });
            view! { {notices}<BundleForm data/> }.into_any()
        }/>
    }
}

/// A catalog editor's preview says so; a draft resumed under a newer catalog version says what
/// changed for its items.
#[component]
fn CatalogNotices(preview: bool, changes: Vec<Text>) -> impl IntoView {
    view! {
        {preview.then(|| view! { <p class="notice" data-testid="catalog-preview"><Bi text=t(
            "草稿版本预览：发布后市民看到的表单就是这样。此处不能保存或提交。",
            "Preview of the draft catalog: citizens will see this form once it is published. Nothing can be saved or submitted here.",
        )/></p> })}
        {(!changes.is_empty()).then(|| view! {
            <div class="notice" role="status" data-testid="catalog-changes">
                <p><Bi text=t(
                    "您保存这份草稿后，办事指南有了更新，表单已按新版本重新生成。与您有关的变化：",
                    "The service catalog has been updated since you saved this draft, and your form now follows the new version. What changed for you:",
                )/></p>
                <ul>{changes.into_iter().map(|c| view! { <li><Bi text=c/></li> }).collect_view()}</ul>
            </div>
        })}
    }
}

/// Loads what the engine needs for the selection in the URL (`items`, `draft`) and renders it;
/// a failed load is explained, with a way back.
#[component]
pub fn WithBundle(
    /// The chosen items; empty means "the draft's items".
    items: Signal<Vec<String>>,
    render: impl Fn(BundleContext) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let query = use_query_map();
    let draft = Memo::new(move |_| query.with(|q| q.get("draft")));
    let catalog = Memo::new(move |_| query.with(|q| q.get("catalog")));
    let context = Resource::new(
        move || (items.get(), draft.get(), catalog.get()),
        |(items, draft, catalog)| get_bundle_context(items, draft, catalog),
    );
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在生成表单…", "Preparing your form…")/></p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match context.await {
                        Ok(context) => render(context),
                        Err(error) => view! {
                            <NoFormLanguageSwitch/>
                            <h1><Bi text=t("无法继续办理", "We could not continue")/></h1>
                            <LoadError error/>
                            <p><a href="/"><Bi text=t("返回重新选择事项", "Go back and choose items")/></a></p>
                            <p><a href="/resume"><Bi text=t("用续办码继续", "Continue with a resume code")/></a></p>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Where the form page has no form (a selection that cannot be composed), the masthead's
/// language button submits this empty one instead: it simply switches.
#[component]
fn NoFormLanguageSwitch() -> impl IntoView {
    let action = lang().pick("/language/en", "/language/zh");
    view! { <form id=crate::app::MERGED_FORM method="get" action=action hidden></form> }
}

/// The three steps of applying, with the current one marked. Later steps are links once a draft
/// exists (the answers are kept on the server).
#[component]
pub fn Steps(current: u8, items: Vec<String>, draft: Option<String>) -> impl IntoView {
    let steps = [
        (1u8, t("填写表单", "Fill in the form")),
        (2, t("上传材料", "Documents")),
        (3, t("核对并提交", "Check and submit")),
    ];
    let href = move |n: u8| match (n, &draft) {
        (1, Some(d)) => Some(apply_url(&items, d)),
        (2, Some(d)) => Some(format!("/apply/materials?draft={}", encode(d))),
        (3, Some(d)) => Some(format!("/apply/review?draft={}", encode(d))),
        _ => None,
    };
    view! {
        <nav aria-label=l("办理步骤", "Steps") class="steps">
            <ol>
                {steps.into_iter().map(|(n, label)| {
                    let here = n == current;
                    let link = if here { None } else { href(n) };
                    view! {
                        <li class:current=here aria-current=here.then_some("step")>
                            <span class="step-number">{n}</span>
                            {match link {
                                Some(h) => Either::Left(view! { <a href=h><Bi text=label/></a> }),
                                None => Either::Right(view! { <span><Bi text=label/></span> }),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// Who is applying, when signed in, and which e-certificates spare them uploads.
#[component]
pub fn ApplicantBanner(applicant: Option<ApplicantView>) -> impl IntoView {
    applicant.map(|a| {
        let certificates = names(&a.certificates);
        // The name is the person's own: shown once, as given.
        view! {
            <p class="notice applicant" data-testid="applicant">{lang().pick(
                format!("您正以演示身份“{}”办理，已持有电子证照：{}。这些材料免交。", a.name, certificates),
                format!("You are applying as the demo person “{}”, who holds e-certificates: {}. Those documents need no upload.", a.name, certificates),
            )}</p>
        }
    })
}

/// The resume code: with it, this application can be continued on any device for 30 days.
#[component]
pub fn ResumeCode(draft: Draft) -> impl IntoView {
    view! {
        <aside class="resume-code" aria-labelledby="resume-h">
            <h2 id="resume-h"><Bi text=t("续办码", "Resume code")/></h2>
            <p class="code" data-testid="resume-code">{draft.resume_code()}</p>
            <p class="hint"><Bi text=t(
                "已为您保存。30天内在任何设备上输入此码即可继续办理（进入“用续办码继续”）。请勿告诉他人。",
                "Saved for you. Enter this code on any device within 30 days to continue (“Continue with a resume code”). Keep it to yourself.",
            )/></p>
        </aside>
    }
}

/// What the form island needs, carried in the page (see `api::packed`): the catalog slice, the
/// draft, the applicant, and the items chosen.
#[derive(Serialize, Deserialize)]
pub struct FormData {
    pub context: BundleContext,
    pub chosen: Vec<String>,
    /// The elder-friendly mode: on a phone each screen asks one question, not one section.
    pub one_question_per_screen: bool,
}

/// The merged form: an island, so the engine runs in the browser on every change. Lazy: its code
/// (the engine, the form) is a separate WebAssembly file that only pages with a form fetch
/// (`cargo leptos build --split`), so the first page a citizen opens stays small.
#[island(lazy)]
fn BundleForm(data: String) -> impl IntoView {
    unpack::<FormData>(&data).map(|d| {
        view! { <BundleFormBody context=d.context chosen=d.chosen one_question_per_screen=d.one_question_per_screen/> }
    })
}

#[component]
fn BundleFormBody(
    context: BundleContext,
    chosen: Vec<String>,
    one_question_per_screen: bool,
) -> impl IntoView {
    let BundleContext {
        catalog,
        today,
        draft,
        applicant,
        held,
        prefill,
        ..
    } = context;
    // The index is not serialised; rebuild it once after the catalog arrives.
    let catalog = StoredValue::new(catalog.indexed());
    let chosen_param = StoredValue::new(chosen.join(","));
    let held: BTreeSet<String> = held.into_iter().collect();
    let held = StoredValue::new(held);
    let draft_token = draft.as_ref().map(|d| d.token.clone());
    let materials_url = StoredValue::new(
        draft_token
            .as_ref()
            .map(|d| format!("/apply/materials?draft={}", encode(d)))
            .unwrap_or_default(),
    );
    // The server draft these answers go to: from the page, or started by autosave for a
    // signed-in person.
    let server_draft = RwSignal::new(draft_token.clone());
    let signed_in = applicant.is_some();
    let chosen = StoredValue::new(chosen);

    let restored_from_server = draft.is_some();
    let answers = RwSignal::new(draft.as_ref().map(|d| d.answers.clone()).unwrap_or(prefill));
    // Bumped when answers are replaced wholesale (a draft restored from this browser): inputs are
    // rebuilt with the restored values. Typing never bumps it, so the caret never jumps.
    let revision = RwSignal::new(0u32);
    // The server's verdict carried by a draft (the no-JavaScript round trip).
    let draft_verdict = draft
        .filter(|d| !d.errors.is_empty() || !d.problems.is_empty())
        .map(|d| {
            Ok(SubmitOutcome::Invalid {
                errors: d.errors,
                problems: d.problems,
            })
        });
    // True once the WebAssembly runs: effects never run on the server.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let touched = RwSignal::new(BTreeSet::<String>::new());
    crate::components::island_is_live();
    let submit = ServerAction::<SaveAnswers>::new();

    let bundle: Memo<Result<Bundle, ComposeError>> = Memo::new(move |_| {
        answers.with(|a| {
            catalog
                .with_value(|c| chosen.with_value(|ids| held.with_value(|h| compose(c, ids, a, h))))
        })
    });
    let filled = Memo::new(move |_| match bundle.get() {
        Ok(b) => derive(&b.form, &answers.get(), today),
        Err(_) => answers.get(),
    });
    let client_errors = Memo::new(move |_| match bundle.get() {
        Ok(b) => check(&b, &filled.get(), today),
        Err(_) => BTreeMap::new(),
    });
    // What the server said about the last attempt: it is the authority.
    let server_result = Memo::new(move |_| submit.value().get().or_else(|| draft_verdict.clone()));

    // Phones: one section per screen with a task list (CSS shows it only on narrow screens, and
    // only once the WebAssembly runs; without it every section is on one page).
    let shape = Memo::new(move |_| {
        let shape = sections(&bundle.get());
        if one_question_per_screen {
            one_question_each(shape)
        } else {
            shape
        }
    });
    let current = RwSignal::new(0usize);
    let section_status = Signal::derive(move || {
        let attempted = server_result.with(|r| r.is_some());
        client_errors.with(|errors| {
            shape.with(|s| {
                s.iter()
                    .map(|(_, _, keys)| {
                        let open = keys.iter().any(|k| errors.contains_key(k));
                        match (
                            open,
                            attempted || keys.iter().any(|k| touched.with(|t| t.contains(k))),
                        ) {
                            (false, _) => SectionStatus::Complete,
                            (true, true) => SectionStatus::NeedsAttention,
                            (true, false) => SectionStatus::NotDone,
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let show_section = move |index: usize| {
        current.set(index);
        focus_section(shape.with_untracked(|s| s.get(index).map(|(id, _, _)| format!("s-{id}"))));
    };
    // When the server finds problems, open the first section that has one.
    Effect::new(move |_| {
        if let Some(Ok(SubmitOutcome::Invalid { errors, .. })) = server_result.get() {
            let first = shape.with_untracked(|s| {
                s.iter()
                    .position(|(_, _, keys)| keys.iter().any(|k| errors.contains_key(k)))
            });
            if let Some(index) = first {
                current.set(index);
            }
        }
    });
    // Pressed "forget this device": nothing from this page is kept locally any more.
    let forgotten = RwSignal::new(false);
    local_draft::keep(
        chosen.get_value(),
        catalog.with_value(local_draft::sensitive_keys),
        answers,
        revision,
        restored_from_server,
        forgotten,
        server_result,
    );
    let autosave = autosave_to_server(server_draft, signed_in, chosen_param.get_value(), answers);
    let attempted = move || server_result.with(|r| r.is_some());
    let error_for = move |key: String| {
        Signal::derive(move || {
            let show = attempted() || touched.with(|t| t.contains(&key));
            if !show {
                return None;
            }
            client_errors.with(|e| e.get(&key).cloned())
        })
    };

    let on_input = Callback::new(move |(key, value): (String, String)| {
        answers.update(|a| {
            a.insert(key, value);
        })
    });
    let on_blur = Callback::new(move |key: String| {
        touched.update(|t| {
            t.insert(key);
        })
    });

    let item_name = move |id: &str| catalog.with_value(|c| c.item_name(id));

    view! {
        <Steps current=1 items=chosen.get_value() draft=draft_token.clone()/>
        <h1><Bi text=t("填写一张表", "Fill in one form")/></h1>
        <ApplicantBanner applicant/>
        {move || bundle.get().err().map(|e| view! {
            <NoFormLanguageSwitch/>
            <div class="error-summary" role="alert"><p><Bi text=e.message()/></p></div>
            <p><a href="/"><Bi text=t("返回重新选择事项", "Go back and choose items")/></a></p>
        })}
        <Show when=move || bundle.with(|b| b.is_ok())>
            <SelectionSummary bundle item_name chosen=chosen.get_value()/>
            <ServerMessages result=server_result materials_url=materials_url.get_value()/>
            <ActionForm action=submit attr:id=crate::app::MERGED_FORM attr:class="merged-form" attr:novalidate="true" class:paged=move || interactive.get()>
                <input type="hidden" name="items" value=chosen_param.get_value()/>
                <input type="hidden" name="draft" value=move || server_draft.get().unwrap_or_default()/>
                <Questions bundle answers=answers error_for/>
                // Without JavaScript a situational answer cannot change the form in place: this
                // button keeps everything typed and shows the form again. It goes once the page
                // is interactive.
                <Show when=move || !interactive.get() && bundle.with(|b| b.as_ref().is_ok_and(|b| !b.questions.is_empty()))>
                    <p>
                        <button type="submit" name="intent" value="update" class="button secondary">
                            <Bi text=t("按我的情况更新表单", "Update the form for my answers")/>
                        </button>
                    </p>
                </Show>
                <TaskList shape current status=section_status/>
                <For
                    each=move || { let r = revision.get(); shape.get().into_iter().enumerate().map(move |(i, s)| (r, i, s)).collect::<Vec<_>>() }
                    key=|s| s.clone()
                    children=move |(_, index, (section_id, title, keys))| {
                        let last = move || shape.with(|s| index + 1 >= s.len());
                        view! {
                            <fieldset class="form-section" id=format!("s-{section_id}") tabindex="-1"
                                class:current=move || current.get() == index>
                                <legend><h2><Bi text=title/></h2></legend>
                                {keys.into_iter().map(|key| {
                                    let field = bundle.with_untracked(|b| b.as_ref().ok().and_then(|b| b.form.field(&key).cloned()));
                                    field.map(|field| {
                                        let used_by = field.used_by.iter().map(|i| item_name(i)).collect();
                                        let k = key.clone();
                                        let value = Signal::derive(move || filled.with(|a| a.get(&k).cloned().unwrap_or_default()));
                                        view! { <FieldInput field used_by value error=error_for(key.clone()) on_input on_blur today/> }
                                    })
                                }).collect_view()}
                                <Show when=move || !last()>
                                    <button type="button" class="button next-section" on:click=move |_| show_section(index + 1)>
                                        <Bi text=t("下一部分", "Next section")/>
                                    </button>
                                </Show>
                            </fieldset>
                        }
                    }
                />
                <p class="hint"><Bi text=t(
                    "下一步上传材料，然后核对并提交。您的填写会保存在服务器上，并给您一个续办码。",
                    "Next: documents, then check and submit. Your answers are saved on the server and you get a resume code.",
                )/></p>
                <AutosaveStatus autosave/>
                <button type="submit" name="intent" value="continue" class="button" disabled=move || submit.pending().get()>
                    <Bi text=t("保存并继续：上传材料", "Save and continue: documents")/>
                </button>
            </ActionForm>
        </Show>
        <Show when=move || interactive.get()>
            <ForgetDevice forgotten/>
        </Show>
    }
}

/// Once the server holds this application (it has a resume code), or the reader is signed in,
/// every change is kept there too, a moment after typing stops: coming back on another device
/// loses nothing. A signed-in person's first change starts their draft. Nothing is judged here;
/// "save and continue" does that.
fn autosave_to_server(
    draft: RwSignal<Option<String>>,
    signed_in: bool,
    items: String,
    answers: RwSignal<Answers>,
) -> ServerAction<SaveAnswers> {
    let autosave = ServerAction::<SaveAnswers>::new();
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first_run_done: Option<()>| {
        let snapshot = answers.get();
        let token = draft.get_untracked();
        // The first run is the page arriving with the server's answers: nothing new to keep.
        if first_run_done.is_none() || (token.is_none() && !signed_in) {
            return;
        }
        if let Some(handle) = waiting.get_value() {
            handle.clear();
        }
        let items = items.clone();
        let handle = set_timeout_with_handle(
            move || {
                autosave.dispatch(SaveAnswers {
                    items,
                    answers: snapshot,
                    draft: draft.get_untracked().unwrap_or_default(),
                    intent: "autosave".into(),
                });
            },
            std::time::Duration::from_millis(AUTOSAVE_DELAY_MS),
        );
        waiting.set_value(handle.ok());
    });
    // A draft started by autosave: later saves (and "save and continue") go to the same one.
    Effect::new(move |_| {
        if let Some(Ok(SubmitOutcome::Saved { draft: token })) = autosave.value().get() {
            if draft.get_untracked().as_deref() != Some(token.as_str()) {
                draft.set(Some(token));
            }
        }
    });
    autosave
}

/// How long after the last keystroke the server copy is brought up to date.
const AUTOSAVE_DELAY_MS: u64 = 1200;

/// Tells the reader (quietly, for screen readers too) whether the server has their latest answers.
#[component]
fn AutosaveStatus(autosave: ServerAction<SaveAnswers>) -> impl IntoView {
    view! {
        <p class="hint autosave" role="status" data-testid="autosave">
            {move || {
                let text = match (autosave.pending().get(), autosave.value().get()) {
                    (true, _) => t("正在保存到服务器…", "Saving to the server…"),
                    (false, Some(Ok(_))) => t("已自动保存到服务器", "Saved on the server"),
                    (false, Some(Err(_))) => t(
                        "暂时无法保存到服务器，已保存在本设备上",
                        "Could not reach the server; your answers are kept on this device",
                    ),
                    (false, None) => return None,
                };
                Some(view! { <Bi text/> })
            }}
        </p>
    }
}

type SectionShape = (String, Text, Vec<String>);

#[derive(Clone, Copy, Debug, PartialEq)]
enum SectionStatus {
    Complete,
    NotDone,
    NeedsAttention,
}

/// The task list: every section with its state; choosing one shows it (phones only).
#[component]
fn TaskList(
    shape: Memo<Vec<SectionShape>>,
    current: RwSignal<usize>,
    status: Signal<Vec<SectionStatus>>,
) -> impl IntoView {
    view! {
        <nav class="task-list" aria-label=l("表单各部分", "Form sections")>
            <ol>
                {move || shape.get().into_iter().enumerate().map(|(index, (_, title, _))| {
                    let state = move || status.with(|s| s.get(index).copied().unwrap_or(SectionStatus::NotDone));
                    view! {
                        <li>
                            <button type="button" class="task" aria-current=move || (current.get() == index).then_some("step")
                                on:click=move |_| current.set(index)>
                                <span class="task-title"><Bi text=title/></span>
                                <span class="tag" class:tag-approved=move || state() == SectionStatus::Complete
                                    class:tag-error=move || state() == SectionStatus::NeedsAttention>
                                    {move || match state() {
                                        SectionStatus::Complete => view! { <Bi text=t("已完成", "Completed")/> },
                                        SectionStatus::NotDone => view! { <Bi text=t("未完成", "Not done")/> },
                                        SectionStatus::NeedsAttention => view! { <Bi text=t("需修改", "Needs attention")/> },
                                    }}
                                </span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// Moves the reader (and a screen reader's focus) to a section that has just been shown.
#[allow(unused_variables)]
fn focus_section(id: Option<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(id) = id {
        use wasm_bindgen::JsCast;
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            // After the section is displayed (next frame), so it can take focus.
            leptos::prelude::request_animation_frame(move || {
                let _ = element.focus();
                element.scroll_into_view();
            });
        }
    }
}

/// The elder-friendly shape: every question a screen of its own, named after its section and
/// its place there ("申请人信息 第2题，共6题"), so the task list still says where one is.
fn one_question_each(shape: Vec<SectionShape>) -> Vec<SectionShape> {
    shape
        .into_iter()
        .flat_map(|(id, title, keys)| {
            let count = keys.len();
            keys.into_iter().enumerate().map(move |(i, key)| {
                let title = if count == 1 {
                    title.clone()
                } else {
                    Text::new(
                        format!("{} 第{}题，共{}题", title.zh, i + 1, count),
                        format!("{}: question {} of {}", title.en, i + 1, count),
                    )
                };
                (format!("{id}-{}", i + 1), title, vec![key])
            })
        })
        .collect()
}

/// The form's shape: which sections hold which asked-or-derived, shown fields. Inputs are only
/// rebuilt when this changes, never on a keystroke.
fn sections(bundle: &Result<Bundle, ComposeError>) -> Vec<SectionShape> {
    let Ok(bundle) = bundle else {
        return Vec::new();
    };
    bundle
        .form
        .sections
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.title.clone(),
                s.fields
                    .iter()
                    .filter(|f| f.shown && !f.from_question)
                    .map(|f| f.key.clone())
                    .collect(),
            )
        })
        .filter(|(_, _, keys): &SectionShape| !keys.is_empty())
        .collect()
}

#[component]
fn SelectionSummary(
    bundle: Memo<Result<Bundle, ComposeError>>,
    item_name: impl Fn(&str) -> Text + Copy + Send + Sync + 'static,
    chosen: Vec<String>,
) -> impl IntoView {
    let change_href = format!(
        "/?{}",
        chosen
            .iter()
            .map(|i| format!("items={i}"))
            .collect::<Vec<_>>()
            .join("&")
    );
    let chosen_for_links = chosen.clone();
    view! {
        <section class="summary" aria-labelledby="summary-h">
            <h2 id="summary-h"><Bi text=t("您要办理的事项", "What you are applying for")/></h2>
            <ul class="item-list">
                {move || bundle.get().ok().map(|b| b.items.into_iter().map(|i| {
                    let why = match i.inclusion {
                        Inclusion::Chosen => None,
                        Inclusion::Situation { reason, .. } => Some(reason),
                    };
                    view! {
                        <li>
                            <Bi text=i.name/>
                            {why.map(|r| view! { <p class="hint"><Bi text=r/></p> })}
                        </li>
                    }
                }).collect_view())}
            </ul>
            <p><a href=change_href><Bi text=t("更改所选事项", "Change the items")/></a></p>
            {move || {
                let chosen = chosen_for_links.clone();
                bundle.get().ok().map(|b| {
                    let problems = b.problems.clone();
                    (!problems.is_empty()).then(|| view! {
                        <div class="notice" role="status">
                            <h3><Bi text=t("提交前需要处理", "Before you can submit")/></h3>
                            <ul>
                                {problems.into_iter().map(|p| match p {
                                    Problem::MissingPrerequisite { item, add, reason, .. } => {
                                        let mut ids = chosen.clone();
                                        ids.push(add.clone());
                                        let href = format!("/apply?{}", ids.iter().map(|i| format!("items={i}")).collect::<Vec<_>>().join("&"));
                                        let (a, b) = (item_name(&item), item_name(&add));
                                        Either::Left(view! {
                                            <li>
                                                <Bi text=reason/>" "
                                                <a href=href>{lang().pick(
                                                    format!("把“{}”加入本次办理（{}需要它）", b.zh, a.zh),
                                                    format!("Add “{}” to this application ({} needs it)", b.en, a.en),
                                                )}</a>
                                            </li>
                                        })
                                    }
                                    Problem::Excluded { item, other, reason } => {
                                        let (a, b) = (item_name(&item), item_name(&other));
                                        Either::Right(view! {
                                            <li>
                                                {lang().pick(
                                                    format!("“{}”与“{}”不能同时申请：", a.zh, b.zh),
                                                    format!("“{}” and “{}” cannot be applied for together: ", a.en, b.en),
                                                )}
                                                <Bi text=reason/>
                                            </li>
                                        })
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                })
            }}
        </section>
    }
}

/// The result of the last attempt when the server refused it: a summary at the top linking to
/// each field. `form_url` and `materials_url` lead to the pages holding the fields (empty: this
/// page).
#[component]
pub fn ServerMessages(
    result: Memo<Option<Result<SubmitOutcome, ServerFnError>>>,
    #[prop(optional, into)] form_url: String,
    #[prop(optional, into)] materials_url: String,
) -> impl IntoView {
    move || {
        let (form_url, materials_url) = (form_url.clone(), materials_url.clone());
        let notice = |href: String, text: Text| {
            EitherOf3::B(view! { <p class="notice" role="status"><a href=href><Bi text/></a></p> })
        };
        Some(match result.get()? {
            Ok(SubmitOutcome::Invalid { errors, problems }) => EitherOf3::A(view! {
                <div class="error-summary" role="alert" tabindex="-1" id="problems">
                    <h2><Bi text=t("请修改以下问题后再提交", "There is a problem: please fix these and submit again")/></h2>
                    <ul>
                        {problems.into_iter().map(|p| view! { <li><Bi text=p/></li> }).collect_view()}
                        {errors.into_iter().map(|(key, message)| {
                            let href = match key.strip_prefix("material:") {
                                Some(m) => format!("{materials_url}#{}", material_id(m)),
                                None => format!("{form_url}#{}", input_id(&key)),
                            };
                            view! { <li><a href=href><Bi text=message/></a></li> }
                        }).collect_view()}
                    </ul>
                </div>
            }),
            Ok(SubmitOutcome::Accepted { number }) => notice(
                format!("/receipt/{number}"),
                t("已提交，查看回执", "Submitted: see your receipt"),
            ),
            Ok(SubmitOutcome::Saved { draft }) => notice(
                format!("/apply/materials?draft={}", encode(&draft)),
                t("已保存，继续上传材料", "Saved: continue to documents"),
            ),
            Err(error) => EitherOf3::C(view! { <LoadError error/> }),
        })
    }
}

/// The id of a material's file input (the target of error links).
pub fn material_id(key: &str) -> String {
    format!("material-{key}")
}

#[component]
fn Questions(
    bundle: Memo<Result<Bundle, ComposeError>>,
    answers: RwSignal<Answers>,
    error_for: impl Fn(String) -> Signal<Option<Text>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let questions = Memo::new(move |_| {
        bundle.with(|b| {
            b.as_ref()
                .map(|b| {
                    b.questions
                        .iter()
                        .map(|q| (q.id.clone(), q.text.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || questions.with(|q| !q.is_empty())>
            <section class="form-section" aria-labelledby="situation-h">
                <h2 id="situation-h"><Bi text=t("您的情况", "Your situation")/></h2>
                <For each=move || questions.get() key=|q| q.0.clone() let((id, text))>
                    {
                        let error = error_for(id.clone());
                        let name = format!("answers[{id}]");
                        let (yes_id, no_id) = (format!("q-{id}-yes"), format!("q-{id}-no"));
                        let (id_yes, id_no) = (id.clone(), id.clone());
                        let current = { let id = id.clone(); move || answers.with(|a| a.get(&id).cloned()) };
                        let current2 = current.clone();
                        view! {
                            <fieldset class="field" id=input_id(&id) class:field-error=move || error.with(Option::is_some)>
                                <legend><Bi text=text/></legend>
                                <p class="error-message" aria-live="polite">{move || error.get().map(|e| view! { <Bi text=e/> })}</p>
                                <div class="radios">
                                    <div class="choice">
                                        <input type="radio" id=yes_id.clone() name=name.clone() value="yes"
                                            // The attribute is for the server-rendered page (no JavaScript); the property keeps it live.
                                            checked=current().as_deref() == Some("yes")
                                            prop:checked=move || current().as_deref() == Some("yes")
                                            on:change=move |_| answers.update(|a| { a.insert(id_yes.clone(), "yes".into()); })/>
                                        <label for=yes_id><Bi text=t("是", "Yes")/></label>
                                    </div>
                                    <div class="choice">
                                        <input type="radio" id=no_id.clone() name=name value="no"
                                            checked=current2().as_deref() == Some("no")
                                            prop:checked=move || current2().as_deref() == Some("no")
                                            on:change=move |_| answers.update(|a| { a.insert(id_no.clone(), "no".into()); })/>
                                        <label for=no_id><Bi text=t("否", "No")/></label>
                                    </div>
                                </div>
                            </fieldset>
                        }
                    }
                </For>
            </section>
        </Show>
    }
}

/// Every change is kept in this browser (local storage), keyed by the chosen items, so closing
/// the tab or losing the network loses nothing. What is kept is bounded, so a shared phone holds
/// no personal data for long:
///
/// - fields the catalog marks sensitive (ID numbers, bank cards) are never written; a restored
///   local draft leaves them empty (a server draft, when there is one, still holds them);
/// - each local draft carries the time it was written; one older than a day is ignored and
///   removed (every form that opens sweeps all of this app's local drafts), and an open tab
///   removes its own a day after the last change;
/// - "forget this device" removes every local draft at once, and the page keeps nothing more;
/// - it is cleared once the server holds the answers (a draft with a resume code).
mod local_draft {
    // The server renders the form but keeps nothing in a browser: only the browser build uses
    // most of this (the tests use all of it).
    #![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

    use std::collections::BTreeSet;

    use leptos::prelude::*;
    use serde::{Deserialize, Serialize};

    use crate::api::packed::unpack;
    use crate::api::SubmitOutcome;
    use crate::engine::{Answers, Catalog};

    /// Every key under which this app keeps a local draft starts with this.
    pub const PREFIX: &str = "yijian:answers:";
    /// A local draft older than this is ignored and removed.
    pub const MAX_AGE_MS: u64 = 24 * 60 * 60 * 1000;
    /// How far in the future a draft's time may be (the clock stepped back a little) and still
    /// count; anything further is treated as stale, so no draft can outlive its day.
    pub const CLOCK_SLACK_MS: u64 = 60 * 1000;

    /// One local draft, packed like island data (see `api::packed`). Drafts written before the
    /// time was kept are bare answers: read as this, their "time" is their number of answers, a
    /// few milliseconds after 1970, so they are stale (if they decode at all) and are removed.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    pub struct Saved {
        /// When it was written: milliseconds since 1970 by the browser's clock.
        pub saved_at_ms: u64,
        /// The answers, never the sensitive ones.
        pub answers: Answers,
    }

    /// The key of the local draft for a selection (whatever order the items were picked in).
    pub fn key(chosen: &[String]) -> String {
        let mut chosen = chosen.to_vec();
        chosen.sort();
        format!("{PREFIX}{}", chosen.join(","))
    }

    /// Whether a local-storage key holds one of this app's local drafts.
    pub fn is_draft_key(key: &str) -> bool {
        key.starts_with(PREFIX)
    }

    /// The fields never kept on the device: those the catalog marks sensitive (the merged form
    /// takes `sensitive` from the catalog's definition of the field).
    pub fn sensitive_keys(catalog: &Catalog) -> BTreeSet<String> {
        catalog.sensitive_keys()
    }

    /// The answers that may be kept on the device.
    pub fn without_sensitive(answers: &Answers, sensitive: &BTreeSet<String>) -> Answers {
        answers
            .iter()
            .filter(|(key, _)| !sensitive.contains(*key))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }

    /// Whether a draft written at `saved_at_ms` may still be used at `now_ms`.
    pub fn is_fresh(saved_at_ms: u64, now_ms: u64) -> bool {
        match now_ms.checked_sub(saved_at_ms) {
            Some(age) => age < MAX_AGE_MS,
            None => saved_at_ms - now_ms <= CLOCK_SLACK_MS,
        }
    }

    /// A stored entry as a usable draft at `now_ms`: `None` if it is damaged, in an older format
    /// or stale (and is then removed).
    pub fn read(text: &str, now_ms: u64) -> Option<Saved> {
        unpack::<Saved>(text).filter(|saved| is_fresh(saved.saved_at_ms, now_ms))
    }

    #[cfg(feature = "hydrate")]
    fn now_ms() -> u64 {
        js_sys::Date::now() as u64
    }

    /// The browser's local storage, raw: values are packed like island data, since gloo's JSON
    /// helpers would bring a second decoder into the wasm. `None` where storage is refused.
    #[cfg(feature = "hydrate")]
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The keys of every local draft this app stored.
    #[cfg(feature = "hydrate")]
    fn draft_keys(storage: &web_sys::Storage) -> Vec<String> {
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| is_draft_key(key))
            .collect()
    }

    /// Removes every local draft (any selection's) that is stale, damaged or in an older format.
    #[cfg(feature = "hydrate")]
    fn sweep(storage: &web_sys::Storage, now_ms: u64) {
        for key in draft_keys(storage) {
            let usable = storage
                .get_item(&key)
                .ok()
                .flatten()
                .and_then(|text| read(&text, now_ms))
                .is_some();
            if !usable {
                let _ = storage.remove_item(&key);
            }
        }
    }

    /// "Forget this device": removes every local draft this app stored.
    pub fn forget_all() {
        #[cfg(feature = "hydrate")]
        if let Some(storage) = storage() {
            for key in draft_keys(&storage) {
                let _ = storage.remove_item(&key);
            }
        }
    }

    #[allow(unused_variables)]
    pub fn keep(
        chosen: Vec<String>,
        sensitive: BTreeSet<String>,
        answers: RwSignal<Answers>,
        revision: RwSignal<u32>,
        restored_from_server: bool,
        forgotten: RwSignal<bool>,
        result: Memo<Option<Result<SubmitOutcome, ServerFnError>>>,
    ) {
        #[cfg(feature = "hydrate")]
        {
            use crate::api::packed::pack;

            let key = key(&chosen);
            let restore_key = key.clone();
            let restore_sensitive = sensitive.clone();
            // Once, after hydration: sweep out stale drafts, then restore this selection's
            // unless the server already brought a draft. Restored answers go over what the page
            // brought (values the identity service vouches for stay, the ID number among them).
            Effect::new(move |done: Option<()>| {
                if done.is_some() {
                    return;
                }
                let Some(storage) = storage() else { return };
                let now = now_ms();
                sweep(&storage, now);
                if restored_from_server {
                    return;
                }
                let saved = storage
                    .get_item(&restore_key)
                    .ok()
                    .flatten()
                    .and_then(|text| read(&text, now))
                    .map(|saved| without_sensitive(&saved.answers, &restore_sensitive));
                if let Some(saved) = saved.filter(|a| !a.is_empty()) {
                    answers.update(|a| a.extend(saved));
                    revision.update(|r| *r += 1);
                }
            });
            // A tab left open: its draft goes a day after the last change.
            let expiry = StoredValue::new(None::<TimeoutHandle>);
            Effect::new(move |_| {
                if let Some(handle) = expiry.get_value() {
                    handle.clear();
                }
                let Some(store) = storage() else { return };
                let accepted = result.with(|r| {
                    matches!(
                        r,
                        Some(Ok(
                            SubmitOutcome::Accepted { .. } | SubmitOutcome::Saved { .. }
                        ))
                    )
                });
                // Once forgotten, nothing more is kept (and this effect stops listening).
                if forgotten.get() || accepted {
                    let _ = store.remove_item(&key);
                    return;
                }
                let kept = answers.with(|a| without_sensitive(a, &sensitive));
                if kept.values().all(String::is_empty) {
                    let _ = store.remove_item(&key);
                    return;
                }
                let saved = Saved {
                    saved_at_ms: now_ms(),
                    answers: kept,
                };
                let _ = store.set_item(&key, &pack(&saved));
                let expired_key = key.clone();
                let handle = set_timeout_with_handle(
                    move || {
                        if let Some(storage) = storage() {
                            let _ = storage.remove_item(&expired_key);
                        }
                    },
                    std::time::Duration::from_millis(MAX_AGE_MS),
                );
                expiry.set_value(handle.ok());
            });
        }
    }
}

/// "Forget this device": removes every local draft this app stored, says so politely, and the
/// page keeps nothing more on this device. Shown once the WebAssembly runs (without it nothing is
/// kept locally, and the button could not work).
#[component]
fn ForgetDevice(forgotten: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="forget-device">
            <p class="hint" id="forget-device-hint"><Bi text=t(
                "本设备只临时保存您填写的内容，不保存证件号码和银行卡号，24小时后自动清除。",
                "This device keeps what you type for a while, never ID or bank card numbers, and clears it after 24 hours.",
            )/></p>
            <button type="button" class="button secondary" aria-describedby="forget-device-hint"
                data-testid="forget-device"
                on:click=move |_| {
                    local_draft::forget_all();
                    forgotten.set(true);
                }>
                <Bi text=t("忘记本设备上的填写内容", "Forget what this device kept")/>
            </button>
            <p class="hint" role="status" aria-live="polite" data-testid="forget-device-status">
                {move || forgotten.get().then(|| view! { <Bi text=t(
                    "已清除。本设备不再保存此表的填写内容。",
                    "Done: this device no longer keeps anything from this form.",
                )/> })}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::local_draft::*;
    use crate::api::packed::pack;
    use crate::engine::test_support::{answers, held, ids, seed};
    use crate::engine::{compose, Answers};

    const NOW: u64 = 1_795_000_000_000;

    #[test]
    fn in_the_elder_friendly_mode_every_question_is_a_screen_of_its_own_named_by_its_place() {
        let catalog = seed().indexed();
        let bundle = compose(
            &catalog,
            &ids(&["unemployment_registration"]),
            &Answers::new(),
            &held(&[]),
        );
        let by_section = super::sections(&bundle);
        let by_question = super::one_question_each(by_section.clone());
        let questions: usize = by_section.iter().map(|(_, _, keys)| keys.len()).sum();
        assert_eq!(by_question.len(), questions);
        assert!(by_question.iter().all(|(_, _, keys)| keys.len() == 1));
        // Every screen's id is unique (it is the fieldset's id), and the order is the form's.
        let ids: std::collections::BTreeSet<_> = by_question.iter().map(|(id, _, _)| id).collect();
        assert_eq!(ids.len(), by_question.len());
        let keys: Vec<_> = by_question.iter().flat_map(|(_, _, k)| k.clone()).collect();
        let expected: Vec<_> = by_section.iter().flat_map(|(_, _, k)| k.clone()).collect();
        assert_eq!(keys, expected);
        // Named by the section and the place in it.
        let (_, section, in_first) = &by_section[0];
        assert!(
            in_first.len() > 1,
            "the applicant's section asks several questions"
        );
        let (_, second, _) = &by_question[1];
        assert_eq!(
            second.zh,
            format!("{} 第2题，共{}题", section.zh, in_first.len())
        );
        assert_eq!(
            second.en,
            format!("{}: question 2 of {}", section.en, in_first.len())
        );
    }

    #[test]
    fn the_catalog_marks_id_and_bank_numbers_sensitive() {
        let sensitive = sensitive_keys(&seed());
        for key in [
            "id_number",
            "bank_account",
            "mother_id_number",
            "father_id_number",
        ] {
            assert!(sensitive.contains(key), "{key}");
        }
        for key in ["name", "phone", "address", "employer_name", "bank_name"] {
            assert!(!sensitive.contains(key), "{key}");
        }
    }

    #[test]
    fn every_field_the_merged_form_marks_sensitive_is_never_kept() {
        let catalog = seed().indexed();
        let sensitive = sensitive_keys(&catalog);
        let chosen = ids(&[
            "work_injury_determination",
            "unemployment_benefit",
            "birth_registration",
        ]);
        let bundle = compose(&catalog, &chosen, &Answers::new(), &held(&[])).expect("composes");
        let marked: Vec<_> = bundle.form.fields().filter(|f| f.sensitive).collect();
        assert!(marked.len() >= 4);
        for field in marked {
            assert!(sensitive.contains(&field.key), "{}", field.key);
        }
    }

    #[test]
    fn sensitive_answers_are_stripped_and_the_rest_kept() {
        let sensitive = sensitive_keys(&seed());
        let typed = answers(&[
            ("name", "张三丰"),
            ("id_number", "11010519491231002X"),
            ("bank_account", "4111111111111111"),
            ("phone", "13800138000"),
            ("address", ""),
            ("has_employer", "yes"),
        ]);
        let kept = without_sensitive(&typed, &sensitive);
        assert_eq!(
            kept,
            answers(&[
                ("name", "张三丰"),
                ("phone", "13800138000"),
                ("address", ""),
                ("has_employer", "yes"),
            ])
        );
        let packed = pack(&Saved {
            saved_at_ms: NOW,
            answers: kept,
        });
        let back = read(&packed, NOW).expect("fresh");
        assert!(!back.answers.contains_key("id_number"));
        assert_eq!(back.answers["name"], "张三丰");
    }

    #[test]
    fn a_draft_is_fresh_for_a_day_and_no_longer() {
        assert!(is_fresh(NOW, NOW));
        assert!(is_fresh(NOW - MAX_AGE_MS + 1, NOW));
        assert!(!is_fresh(NOW - MAX_AGE_MS, NOW));
        assert!(!is_fresh(NOW - 30 * MAX_AGE_MS, NOW));
        assert!(!is_fresh(0, NOW));
        // A clock stepped back a little keeps the draft; a time far ahead does not count.
        assert!(is_fresh(NOW + CLOCK_SLACK_MS, NOW));
        assert!(!is_fresh(NOW + CLOCK_SLACK_MS + 1, NOW));
        assert!(!is_fresh(u64::MAX, NOW));
    }

    #[test]
    fn stale_damaged_and_old_format_drafts_are_not_read() {
        let typed = answers(&[("name", "张三丰"), ("phone", "13800138000")]);
        let day_old = pack(&Saved {
            saved_at_ms: NOW - MAX_AGE_MS,
            answers: typed.clone(),
        });
        assert_eq!(read(&day_old, NOW), None);
        assert_eq!(read("not base64!", NOW), None);
        // What earlier versions kept: the bare answers, sensitive ones included.
        let old_format = pack(&answers(&[
            ("id_number", "11010519491231002X"),
            ("name", "张三丰"),
        ]));
        assert_eq!(read(&old_format, NOW), None);
        let fresh = pack(&Saved {
            saved_at_ms: NOW - 1000,
            answers: typed.clone(),
        });
        assert_eq!(read(&fresh, NOW).map(|s| s.answers), Some(typed));
    }

    #[test]
    fn keys_name_the_selection_in_any_order_under_one_prefix() {
        let a = key(&ids(&["work_injury_rehab", "unemployment_benefit"]));
        let b = key(&ids(&["unemployment_benefit", "work_injury_rehab"]));
        assert_eq!(a, b);
        assert_eq!(a, "yijian:answers:unemployment_benefit,work_injury_rehab");
        assert!(is_draft_key(&a));
        assert!(!is_draft_key("yijian:language"));
        assert!(!is_draft_key("other:yijian:answers:x"));
    }
}
