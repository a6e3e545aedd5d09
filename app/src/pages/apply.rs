//! One form for the whole bundle. The server renders it whole (it works without JavaScript);
//! the form island runs the engine in the browser on every change; the server runs it again on
//! submit and has the last word.

use std::collections::BTreeSet;

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::packed::pack;
use crate::api::{
    apply_url, encode, get_bundle_context, ApplicantView, BundleContext, Draft, SaveAnswers,
    SubmitOutcome,
};
use crate::components::form_markup::{self as markup, input_id};
use crate::components::{names, LoadError};
use crate::engine::{check, compose, derive, Text};
use crate::i18n::{l, lang, t, Bi};
use crate::pages::merged_form::{
    shape, statuses, tasks_markup, CatalogSlice, FormBehaviour, FormIslandData, FormView, FORM_DATA,
};

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
            view! { {notices}<BundleForm context chosen/> }.into_any()
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

/// The merged form, rendered whole on the server (see `merged_form`): it works without
/// JavaScript, and the form island attaches to it.
#[component]
fn BundleForm(context: BundleContext, chosen: Vec<String>) -> impl IntoView {
    let lang = lang();
    let BundleContext {
        catalog,
        today,
        draft,
        applicant,
        held,
        prefill,
        catalog_version: context_version,
        ..
    } = context;
    let catalog = catalog.indexed();
    let held_set: BTreeSet<String> = held.iter().cloned().collect();
    let draft_token = draft.as_ref().map(|d| d.token.clone());
    let answers = draft.as_ref().map(|d| d.answers.clone()).unwrap_or(prefill);
    // The server's verdict carried by a draft (the no-JavaScript round trip, and a refused
    // "save and continue").
    let verdict = draft
        .as_ref()
        .filter(|d| !d.errors.is_empty() || !d.problems.is_empty())
        .map(|d| (d.errors.clone(), d.problems.clone()));
    let attempted = verdict.is_some();
    let one_question_per_screen = crate::i18n::care();
    let bundle =
        match compose(&catalog, &chosen, &answers, &held_set) {
            Ok(bundle) => bundle,
            Err(e) => return view! {
                <Steps current=1 items=chosen.clone() draft=draft_token.clone()/>
                <h1><Bi text=t("填写一张表", "Fill in one form")/></h1>
                <NoFormLanguageSwitch/>
                <div class="error-summary" role="alert"><p><Bi text=e.message()/></p></div>
                <p><a href="/"><Bi text=t("返回重新选择事项", "Go back and choose items")/></a></p>
            }
            .into_any(),
        };
    let filled = derive(&bundle.form, &answers, today);
    let errors = check(&bundle, &filled, today);
    let touched = BTreeSet::new();
    let form = FormView {
        lang,
        catalog: &catalog,
        bundle: &bundle,
        filled: &filled,
        errors: &errors,
        attempted,
        touched: &touched,
        today,
    };
    let shape = shape(&bundle, one_question_per_screen);
    let statuses = statuses(&shape, &errors, attempted, &touched);
    let summary = markup::summary(lang, &catalog, &bundle, &chosen);
    let questions = form.questions();
    let sections = form.sections(&shape);
    let tasks = tasks_markup(lang, &shape, &statuses, 0);
    let has_questions = !bundle.questions.is_empty();
    let server_errors: Vec<String> = verdict
        .as_ref()
        .map(|(errors, _)| errors.keys().cloned().collect())
        .unwrap_or_default();
    let materials_url = draft_token
        .as_ref()
        .map(|d| format!("/apply/materials?draft={}", encode(d)))
        .unwrap_or_default();
    let result = Memo::new(move |_| {
        verdict
            .clone()
            .map(|(errors, problems)| Ok(SubmitOutcome::Invalid { errors, problems }))
    });
    let slice = if context_version.is_empty() {
        CatalogSlice::Here(catalog.clone())
    } else {
        CatalogSlice::At(crate::api::form_catalog_url(&context_version, &chosen))
    };
    let preload = match &slice {
        CatalogSlice::At(url) => Some(url.clone()),
        CatalogSlice::Here(_) => None,
    };
    let data = pack(&FormIslandData {
        catalog: slice,
        today,
        chosen: chosen.clone(),
        held,
        answers,
        draft: draft_token.clone(),
        signed_in: applicant.is_some(),
        attempted,
        server_errors,
        one_question_per_screen,
    });
    view! {
        <Steps current=1 items=chosen.clone() draft=draft_token.clone()/>
        <h1><Bi text=t("填写一张表", "Fill in one form")/></h1>
        <ApplicantBanner applicant/>
        <div class="error-summary" role="alert" id="bundle-problem" hidden></div>
        <section class="summary" aria-labelledby="summary-h" id="summary" inner_html=summary></section>
        <ServerMessages result materials_url/>
        <form id=crate::app::MERGED_FORM class="merged-form" method="post" action=SaveAnswers::url() novalidate>
            <input type="hidden" name="items" value=chosen.join(",")/>
            <input type="hidden" name="draft" id="draft-token" value=draft_token.unwrap_or_default()/>
            <section class="form-section" aria-labelledby="situation-h" id="questions" hidden=!has_questions>
                <h2 id="situation-h"><Bi text=t("您的情况", "Your situation")/></h2>
                <div id="question-list" inner_html=questions></div>
            </section>
            // Without JavaScript a situational answer cannot change the form in place: this
            // button keeps everything typed and shows the form again. The island removes it.
            {has_questions.then(|| view! {
                <p id="update-form">
                    <button type="submit" name="intent" value="update" class="button secondary">
                        <Bi text=t("按我的情况更新表单", "Update the form for my answers")/>
                    </button>
                </p>
            })}
            <nav class="task-list" aria-label=l("表单各部分", "Form sections")>
                <ol id="task-list" inner_html=tasks></ol>
            </nav>
            <div id="sections" inner_html=sections></div>
            <p class="hint"><Bi text=t(
                "下一步上传材料，然后核对并提交。您的填写会保存在服务器上，并给您一个续办码。",
                "Next: documents, then check and submit. Your answers are saved on the server and you get a resume code.",
            )/></p>
            <p class="hint autosave" role="status" data-testid="autosave"></p>
            <button type="submit" name="intent" value="continue" class="button">
                <Bi text=t("保存并继续：上传材料", "Save and continue: documents")/>
            </button>
        </form>
        <ForgetDevice/>
        // Fetched while the island's code loads, not after it (same-origin, so as `fetch()` asks).
        {preload.map(|href| view! { <link rel="preload" href=href r#as="fetch" crossorigin="anonymous"/> })}
        <template id=FORM_DATA inner_html=data></template>
        <FormBehaviour/>
    }
    .into_any()
}

/// "Forget this device": removes every local draft this app stored, says so politely, and the
/// page keeps nothing more on this device. Hidden until the island runs (without it nothing is
/// kept locally, and the button could not work).
#[component]
fn ForgetDevice() -> impl IntoView {
    view! {
        <div class="forget-device" id="forget-device" hidden>
            <p class="hint" id="forget-device-hint"><Bi text=t(
                "本设备只临时保存您填写的内容，不保存证件号码和银行卡号，24小时后自动清除。",
                "This device keeps what you type for a while, never ID or bank card numbers, and clears it after 24 hours.",
            )/></p>
            <button type="button" class="button secondary" aria-describedby="forget-device-hint"
                id="forget-device-button" data-testid="forget-device">
                <Bi text=t("忘记本设备上的填写内容", "Forget what this device kept")/>
            </button>
            <p class="hint" role="status" aria-live="polite" id="forget-device-status" data-testid="forget-device-status"></p>
        </div>
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
