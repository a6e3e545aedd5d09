//! Answering a correction request for one part: only the fields and materials the reviewer
//! asked for, in the merged form's own field component, posted as a plain multipart form (the
//! same with and without JavaScript). Nothing else of the application is sent again.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{encode, get_correction, CorrectionContext};
use crate::components::form_markup;
use crate::components::LoadError;
use crate::i18n::{lang, t, Bi};

#[component]
pub fn CorrectionPage() -> impl IntoView {
    let params = use_params_map();
    let part = move || params.with(|p| p.get("part").unwrap_or_default());
    let context = Resource::new(part, get_correction);
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(Some(c)) => view! { <Correction c/> }.into_any(),
                    Ok(None) => view! {
                        <h1><Bi text=t("没有待补正的内容", "Nothing waits for a correction here")/></h1>
                        <p><Bi text=t("该事项可能已补正，或不需要补正。", "It may have been corrected already, or nothing was asked.")/></p>
                        <p><a href="/"><Bi text=t("返回首页", "Back to the start")/></a></p>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Correction(c: CorrectionContext) -> impl IntoView {
    let unavailable = use_query_map().with_untracked(|q| q.get("unavailable").is_some());
    let has_errors = !c.errors.is_empty();
    let used_by = vec![c.item.clone()];
    // The merged form's own field markup (`form_markup`), with the reviewer's request beside it.
    let fields: String = c
        .fields
        .iter()
        .map(|field| {
            let value = c.values.get(&field.key).map(String::as_str).unwrap_or("");
            form_markup::field(
                lang(),
                field,
                &used_by,
                value,
                c.errors.get(&field.key),
                None,
            )
        })
        .collect();
    view! {
        <h1><Bi text=t("补正材料", "Send corrections")/></h1>
        <p>
            <Bi text=c.item.clone()/>" · "<Bi text=c.department_name.clone()/>" · "
            <span data-testid="application-number">{c.number.clone()}</span>
        </p>
        <div class="notice">
            <h2><Bi text=t("部门的补正要求", "What the department asks")/></h2>
            <p data-testid="correction-reason">{c.reason.clone()}</p>
        </div>
        {unavailable.then(|| view! {
            <div class="error-summary" role="alert"><p><Bi text=t("系统暂时无法保存，请稍后再试。", "We could not save just now. Please try again shortly.")/></p></div>
        })}
        {has_errors.then(|| view! {
            <div class="error-summary" role="alert" id="problems" tabindex="-1">
                <h2><Bi text=t("请修改以下内容", "Please fix the following")/></h2>
                <ul>
                    {c.errors.iter().map(|(key, message)| {
                        let target = match key.strip_prefix("material:") {
                            Some(m) => format!("#m-{m}"),
                            None => format!("#f-{key}"),
                        };
                        view! { <li><a href=target><Bi text=message.clone()/></a></li> }
                    }).collect_view()}
                </ul>
            </div>
        })}
        <form method="post" enctype="multipart/form-data" action=format!("/corrections/{}", encode(&c.part)) class="correction">
            <div inner_html=fields></div>
            {c.materials.iter().map(|(key, name, given)| {
                let id = format!("m-{key}");
                let message = c.errors.get(&format!("material:{key}")).cloned();
                let invalid = message.is_some();
                view! {
                    <div class="field" class:field-error=invalid>
                        <label for=id.clone()><Bi text=name.clone()/></label>
                        <p class="hint" id=format!("{id}-hint")>
                            {given.clone().map(|f| view! {
                                {lang().pick(
                                    format!("已收到：{f}。如需更换请重新选择。"),
                                    format!("Received: {f}. Choose again to replace it."),
                                )}<br/>
                            })}
                            <Bi text=t("JPG、PNG 或 PDF，每个不超过 10 MB。", "JPG, PNG or PDF, up to 10 MB each.")/>
                        </p>
                        <p class="error-message" id=format!("{id}-error")>{message.map(|m| view! { <Bi text=m/> })}</p>
                        <input type="file" id=id.clone() name=format!("material:{key}")
                            accept="image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"
                            aria-describedby=format!("{id}-hint {id}-error")
                            aria-invalid=invalid.then_some("true")/>
                    </div>
                }
            }).collect_view()}
            <button type="submit" class="button" data-testid="send-correction"><Bi text=t("提交补正", "Send the corrections")/></button>
        </form>
    }
}
