//! Step 2 of 3: each material handed in once. A plain multipart form posting to the server
//! (`/apply/materials`), so a phone's camera, an image or a PDF can be given with or without
//! JavaScript. Materials held as e-certificates or produced by another item need nothing.

use std::collections::BTreeSet;

use leptos::prelude::*;

use serde::{Deserialize, Serialize};

use crate::api::packed::{pack, unpack};
use crate::api::{apply_url, BundleContext, SubmitOutcome};
use crate::components::used_by;
use crate::engine::compose::MaterialStatus;
use crate::engine::{compose, Text};
use crate::i18n::{l, lang, t, Bi};
use crate::pages::apply::{
    material_id, ApplicantBanner, ResumeCode, ServerMessages, Steps, WithBundle,
};
use crate::pages::review::NoDraft;

#[component]
pub fn MaterialsPage() -> impl IntoView {
    view! {
        <WithBundle items=Signal::derive(Vec::new) render=|context| view! { <Materials context/> }.into_any()/>
    }
}

/// Accepted types, as the file picker filters them; the server checks the bytes again.
const ACCEPT: &str = "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf";

#[component]
fn Materials(context: BundleContext) -> impl IntoView {
    let BundleContext {
        catalog,
        draft,
        applicant,
        held,
        at_counter,
        ..
    } = context;
    let Some(draft) = draft else {
        return view! { <NoDraft/> }.into_any();
    };
    let catalog = catalog.indexed();
    let held: BTreeSet<String> = held.into_iter().collect();
    let checklist = compose(&catalog, &draft.items, &draft.answers, &held)
        .map(|b| b.checklist)
        .unwrap_or_default();
    let item_name = |id: &str| catalog.item_name(id);
    let material_errors: crate::engine::FieldErrors = draft
        .errors
        .iter()
        .filter(|(k, _)| k.starts_with("material:"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let kept = (!material_errors.is_empty()).then(|| {
        Ok(SubmitOutcome::Invalid {
            errors: material_errors.clone(),
            problems: Vec::new(),
        })
    });
    let result = Memo::new(move |_| kept.clone());
    let to_upload = checklist
        .iter()
        .filter(|m| m.status == MaterialStatus::Upload)
        .count();
    let rows = checklist
        .into_iter()
        .map(|m| {
            let used: Vec<Text> = m.used_by.iter().map(|i| item_name(i)).collect();
            let used_by = used_by(&used);
            let exempt = match &m.status {
                MaterialStatus::Upload => None,
                MaterialStatus::ExemptHeld => Some(
                    l(
                        "免交：已有电子证照，部门直接调取",
                        "Exempt: the departments fetch your e-certificate",
                    )
                    .to_string(),
                ),
                MaterialStatus::ExemptProduced { by } => {
                    let n = item_name(by);
                    Some(lang().pick(
                        format!("免交：由“{}”办结后产生", n.zh),
                        format!("Exempt: produced by “{}”", n.en),
                    ))
                }
            };
            let id = material_id(&m.key);
            let hint_id = format!("{id}-hint");
            let error = material_errors.get(&format!("material:{}", m.key)).cloned();
            let uploaded = draft.materials.get(&m.key).cloned();
            let seen = draft.counter_checked.contains(&m.key);
            let counter_id = format!("{id}-counter");
            match exempt {
                Some(reason) => view! {
                    <li class="material exempt" data-testid="material-exempt">
                        <strong><Bi text=m.name/></strong>
                        <span class="tag tag-exempt">{reason}</span>
                        <p class="hint">{used_by}</p>
                    </li>
                }
                .into_any(),
                None => view! {
                    <li class="material" data-testid="material-upload">
                        <div class="field" class:field-error=error.is_some()>
                            <label for=id.clone()>
                                <strong><Bi text=m.name/></strong>" "
                                <span class="tag">{if m.required { l("必交", "Required") } else { l("选交", "Optional") }}</span>
                            </label>
                            <p class="hint" id=hint_id.clone()>{used_by}</p>
                            {uploaded.map(|f| view! {
                                // The file name is the reader's own: shown once, as given.
                                <p class="uploaded" data-testid="uploaded">{lang().pick(
                                    format!("已上传：{}（{}）", f.file_name, size_label(f.size)),
                                    format!("Uploaded: {} ({})", f.file_name, size_label(f.size)),
                                )}</p>
                            })}
                            <FileChoice data=pack(&FileChoiceData { id, name: format!("material:{}", m.key), hint_id, server_error: error.clone() })/>
                            {at_counter.then(|| view! {
                                <div class="choice">
                                    <input type="checkbox" id=counter_id.clone() name="counter" value=m.key.clone() checked=seen/>
                                    <label for=counter_id.clone()><Bi text=t("窗口已核验原件（无需上传）", "Original checked at the counter (no upload needed)")/></label>
                                </div>
                            })}
                        </div>
                    </li>
                }
                .into_any(),
            }
        })
        .collect_view();
    let form_url = apply_url(&draft.items, &draft.token);
    // Too many uploads at once: the server asked this one to come back shortly.
    let busy = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("busy").is_some());
    view! {
        <Steps current=2 items=draft.items.clone() draft=Some(draft.token.clone())/>
        <h1><Bi text=t("上传材料（每份只交一次）", "Documents: each handed in once")/></h1>
        <ApplicantBanner applicant/>
        <ServerMessages result form_url/>
        {busy.then(|| view! {
            <div class="error-summary" role="alert" data-testid="upload-busy"><p><Bi text=t(
                "现在上传的人较多，文件没有收到。请稍后再上传一次。",
                "Many people are uploading just now and your files did not arrive. Please upload them again shortly.",
            )/></p></div>
        })}
        <p class="hint" id="materials-rules"><Bi text=t(
            "可以直接用手机拍照，或选择 JPG、PNG 图片或 PDF 文件；每个文件不超过 10 MB。同一文件只保存一次。",
            "Take a photo with your phone, or choose a JPG or PNG image or a PDF; each file 10 MB or smaller. The same file is stored only once.",
        )/></p>
        {(to_upload == 0).then(|| view! {
            <p class="notice" role="status"><Bi text=t("本次办理无需上传任何材料。", "Nothing to upload for this application.")/></p>
        })}
        <form method="post" action="/apply/materials" enctype="multipart/form-data" class="materials-form">
            <input type="hidden" name="draft" value=draft.token.clone()/>
            <ul class="checklist">{rows}</ul>
            <div class="actions">
                <button type="submit" name="intent" value="upload" class="button secondary">
                    <Bi text=t("上传所选文件", "Upload the chosen files")/>
                </button>
                <button type="submit" name="intent" value="continue" class="button">
                    <Bi text=t("上传并继续：核对", "Upload and continue: check")/>
                </button>
            </div>
        </form>
        <ResumeCode draft/>
    }
    .into_any()
}

/// One material's file input with its message. An island: with JavaScript a wrong file is
/// caught as soon as it is chosen, before a slow upload; the server's message (from the last
/// upload) shows until then. Lazy: only the materials page fetches its code, not every page.
#[island(lazy)]
fn FileChoice(data: String) -> impl IntoView {
    unpack::<FileChoiceData>(&data).map(|d| {
        view! { <FileChoiceBody id=d.id name=d.name hint_id=d.hint_id server_error=d.server_error/> }
    })
}

/// One file input's data, carried in the page (see `api::packed`).
#[derive(Serialize, Deserialize)]
struct FileChoiceData {
    id: String,
    name: String,
    hint_id: String,
    server_error: Option<Text>,
}

#[component]
fn FileChoiceBody(
    id: String,
    name: String,
    hint_id: String,
    server_error: Option<Text>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    crate::components::island_is_live();
    let chosen_error = RwSignal::new(None::<Text>);
    let message = move || chosen_error.get().or_else(|| server_error.clone());
    let invalid = message.clone();
    view! {
        <p class="error-message" id=error_id.clone() aria-live="polite">{move || message().map(|e| view! { <Bi text=e/> })}</p>
        <input type="file" id=id name=name accept=ACCEPT
            aria-describedby=format!("{hint_id} {error_id} materials-rules")
            aria-invalid=move || invalid().is_some().then_some("true")
            on:change=move |ev| chosen_error.set(check_chosen(&ev))/>
    }
}

/// The browser's verdict on a chosen file (size, declared type); a refused choice is cleared so
/// it is not uploaded.
#[allow(unused_variables)]
fn check_chosen(ev: &leptos::ev::Event) -> Option<Text> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
        let file = input.files()?.get(0)?;
        if let Err(message) =
            crate::engine::validate::file_choice(file.size() as u64, &file.type_())
        {
            input.set_value("");
            return Some(message);
        }
    }
    None
}

fn size_label(bytes: u64) -> String {
    if bytes >= 1_048_576 {
        crate::engine::validate::megabytes(bytes)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
