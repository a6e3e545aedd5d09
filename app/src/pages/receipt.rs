//! The receipt: the application number, where each part went and by when.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::get_receipt;
use crate::components::LoadError;
use crate::i18n::{lang, t, Bi};
use crate::pages::track::{Parts, ProvisionalDates};

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let tracking = Resource::new(number, get_receipt);
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match tracking.await {
                    Ok(Some(app)) => view! {
                        <div class="panel-confirm">
                            <h1><Bi text=t("申请已提交", "Application submitted")/></h1>
                            <p><Bi text=t("申请编号", "Application number")/></p>
                            <p class="number" data-testid="application-number">{app.number.clone()}</p>
                        </div>
                        <h2><Bi text=t("接下来会怎样", "What happens next")/></h2>
                        <p>{lang().pick(
                            format!("您的申请已按事项拆分为 {} 件，同时分送各部门并联审批（下表显示各部门是否已收到），预计 {} 前全部办结。请保存申请编号，用于查询进度。", app.parts.len(), app.due),
                            format!("Your application was split into {} parts, one per item, and is going to the departments at once (the table shows whether each has received its part); they decide in parallel. Expect everything by {}. Keep the number to track progress.", app.parts.len(), app.due),
                        )}</p>
                        <ProvisionalDates provisional=app.provisional/>
                        <Parts parts=app.parts.clone()/>
                        <p><a class="button" href=format!("/track/{}", app.number)><Bi text=t("查询办理进度", "Track progress")/></a></p>
                    }.into_any(),
                    Ok(None) => view! { <h1><Bi text=t("找不到该申请", "No application with that number")/></h1> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
