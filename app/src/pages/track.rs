//! Tracking by application number: every part's status and due date. No personal data is shown,
//! because the number alone opens this page.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{track_application, Delivery, PartView};
use crate::components::{status::StatusTag, LoadError};
use crate::i18n::{l, lang, t, Bi};
use crate::pages::part::History;

#[component]
pub fn TrackLookupPage() -> impl IntoView {
    view! {
        <h1><Bi text=t("查询办理进度", "Track an application")/></h1>
        // A GET form to the tracking route: works without JavaScript.
        <form method="get" action="/track/lookup" class="lookup">
            <div class="field">
                <label for="number"><Bi text=t("申请编号", "Application number")/></label>
                <p class="hint" id="number-hint"><Bi text=t("见回执，例如 YJ-20261126-ABCD2345EF", "On your receipt, e.g. YJ-20261126-ABCD2345EF")/></p>
                <input id="number" name="number" type="text" autocomplete="off" aria-describedby="number-hint" required=true/>
            </div>
            <button type="submit" class="button"><Bi text=t("查询", "Look up")/></button>
        </form>
    }
}

#[component]
pub fn TrackPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let tracking = Resource::new(number, track_application);
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match tracking.await {
                    Ok(Some(app)) => view! {
                        <h1><Bi text=t("办理进度", "Progress")/></h1>
                        <p><Bi text=t("申请编号", "Application number")/>{l("：", ": ")}<strong data-testid="application-number">{app.number.clone()}</strong></p>
                        <p class="overall" data-testid="overall"><Bi text=t("总体状态", "Overall")/>{l("：", ": ")}<strong><Bi text=app.overall.label()/></strong></p>
                        <p>{lang().pick(
                            format!("{} 提交，预计 {} 前全部办结。", app.submitted_on, app.due),
                            format!("Submitted {}; everything expected by {}.", app.submitted_on, app.due),
                        )}</p>
                        <ProvisionalDates provisional=app.provisional/>
                        {app.parts.iter().filter_map(|p| p.correction.clone().map(|c| (p.clone(), c))).map(|(p, c)| view! {
                            <div class="notice" data-testid="correction-notice">
                                <h2><Bi text=t("需要您补正", "Please correct")/>{l("：", ": ")}<Bi text=p.item.clone()/></h2>
                                <p><Bi text=p.department_name.clone()/>{l("：", ": ")}{c.reason.clone()}</p>
                                <p><a class="button" href=format!("/corrections/{}", crate::api::encode(&p.id))><Bi text=t("补正此事项", "Correct this part")/></a></p>
                            </div>
                        }).collect_view()}
                        <Parts parts=app.parts/>
                        <h2><Bi text=t("办理记录", "What has happened")/></h2>
                        <History entries=app.history with_item=true/>
                    }.into_any(),
                    Ok(None) => view! {
                        <h1><Bi text=t("找不到该申请", "No application with that number")/></h1>
                        <p><Bi text=t("请核对回执上的申请编号。", "Check the number on your receipt.")/></p>
                        <p><a href="/track"><Bi text=t("重新查询", "Try another number")/></a></p>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Said beside dates that run into a year whose holiday notice is not published yet.
#[component]
pub fn ProvisionalDates(provisional: bool) -> impl IntoView {
    provisional.then(|| view! {
        <p class="hint" data-testid="provisional-dates"><Bi text=t(
            "以上日期为暂定：部分日期所在年份尚未公布节假日安排，暂按法定节假日计算，未计入调休，公布后可能变化。",
            "These dates are provisional: some fall in a year whose holiday notice is not yet published, so they are counted with the statutory public holidays only, without make-up working days, and may change.",
        )/></p>
    })
}

/// Every part of an application: department, items, status, due date.
/// Whether the department has the part yet: a part for a department's own system is on its way
/// until that system confirms, and the citizen is told so rather than that it was sent.
#[component]
fn DeliveryNote(delivery: Delivery) -> impl IntoView {
    let (code, text) = match delivery {
        Delivery::Received => ("received", t("部门已收到", "Received by the department")),
        Delivery::Sending => (
            "sending",
            t(
                "正在送达部门业务系统",
                "Being sent to the department’s system",
            ),
        ),
        Delivery::Delayed => (
            "delayed",
            t(
                "送达部门系统延迟，工作人员正在处理",
                "Delayed on its way to the department’s system; staff are handling it",
            ),
        ),
    };
    view! {
        <span class="delivery" data-testid="delivery" data-delivery=code>
            <Bi text/>
        </span>
    }
}

#[component]
pub fn Parts(parts: Vec<PartView>) -> impl IntoView {
    view! {
        <table class="parts">
            <caption><Bi text=t("各事项办理情况（并联审批）", "Each item, decided in parallel")/></caption>
            <thead>
                <tr>
                    <th scope="col"><Bi text=t("事项", "Item")/></th>
                    <th scope="col"><Bi text=t("部门", "Department")/></th>
                    <th scope="col"><Bi text=t("状态", "Status")/></th>
                    <th scope="col"><Bi text=t("预计办结", "Due")/></th>
                </tr>
            </thead>
            <tbody>
                {parts.into_iter().map(|p| view! {
                    <tr data-testid="part">
                        <th scope="row"><Bi text=p.item/></th>
                        <td>
                            <Bi text=p.department_name/>
                            <DeliveryNote delivery=p.delivery/>
                        </td>
                        <td><StatusTag status=p.status/></td>
                        <td>{p.due.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
