//! A part as its department's reviewer works it: only this part's fields and materials, the
//! applicant's basics, the other parts by department and status only, its history and audit
//! trail, and the moves that exist now — each a plain form (works without JavaScript), each
//! decided again on the server.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{
    encode, get_part_detail, AuditLine, HistoryEntry, MaterialView, PartDetail, SiblingPart,
};
use crate::components::{status::StatusTag, LoadError};
use crate::engine::Text;
use crate::i18n::{l, lang, t, tr, Bi};
use crate::pages::department::{ProvisionalTag, UrgencyTag};
use crate::pages::track::ProvisionalDates;

/// The message for a refused move (a code from the server), with the field it belongs to.
fn move_error(code: &str) -> (&'static str, Text) {
    match code {
        "reason" => ("reason", t("请填写理由。", "Give the reason.")),
        "result" => (
            "result",
            t(
                "请填写办结文书编号。",
                "Give the reference of the decision.",
            ),
        ),
        "correction" => (
            "correction",
            t(
                "请至少选择一项需要补正的内容。",
                "Choose at least one field or material to be corrected.",
            ),
        ),
        "transfer_to" => (
            "to",
            t("请选择另一个部门。", "Choose a different department."),
        ),
        "too_long" => (
            "reason",
            t(
                "理由或编号最多500字。",
                "Reasons and references are at most 500 characters.",
            ),
        ),
        "prerequisite" => (
            "",
            t(
                "须先办结本事项所依赖的前置事项。",
                "First approve what this part depends on.",
            ),
        ),
        "conflict" => (
            "",
            t(
                "该事项刚被其他人处理过，请查看最新状态后再操作。",
                "Someone else acted on this part just now. Check its new status before acting.",
            ),
        ),
        "not_from_status" => (
            "",
            t(
                "该事项当前状态下不能进行此操作。",
                "That action is not possible in this part's status.",
            ),
        ),
        "unavailable" => (
            "",
            t(
                "系统暂时无法保存，请稍后再试。",
                "We could not save just now. Please try again shortly.",
            ),
        ),
        _ => ("", t("无法完成此操作。", "That could not be done.")),
    }
}

fn done_message(code: &str) -> Text {
    match code {
        "accept" => t("已受理。", "Accepted."),
        "request_correction" => t(
            "已通知申请人补正，办理时限暂停。",
            "The applicant was asked for corrections; the clock is paused.",
        ),
        "approve" => t("已办结。", "Approved."),
        "refuse" => t("已作出不予办理决定。", "Refused."),
        "transfer" => t("已转交。", "Transferred."),
        _ => t("已保存。", "Saved."),
    }
}

#[component]
pub fn PartPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let part = Resource::new(id, get_part_detail);
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match part.await {
                    Ok(Some(p)) => view! { <Part p/> }.into_any(),
                    Ok(None) => view! { <h1><Bi text=t("没有这个事项", "No such part")/></h1> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Part(p: PartDetail) -> impl IntoView {
    let query = use_query_map();
    let done = query
        .with_untracked(|q| q.get("done"))
        .map(|c| done_message(&c));
    let error = query.with_untracked(|q| q.get("error"));
    let failed_action = query
        .with_untracked(|q| q.get("action"))
        .unwrap_or_default();
    let error = error.map(|code| move_error(&code));
    let action = format!("/staff/parts/{}", encode(&p.id));
    let version = p.version.to_string();
    let has = |m: &str| p.moves.iter().any(|x| x == m);
    // A refusal's message goes beside the field of the form that was sent.
    let field_error = {
        let error = error.clone();
        let failed_action = failed_action.clone();
        move |form: &str, field: &str| -> Option<Text> {
            error
                .as_ref()
                .filter(|(f, _)| failed_action == form && *f == field)
                .map(|(_, m)| m.clone())
        }
    };
    let general_error = error.clone().filter(|(f, _)| f.is_empty()).map(|(_, m)| m);
    view! {
        <p><a href=format!("/departments/{}", encode(&p.department))><Bi text=p.department_name.clone()/></a></p>
        <h1><Bi text=p.item.clone()/></h1>
        {done.map(|m| view! { <p class="notice" role="status" data-testid="done"><Bi text=m/></p> })}
        {general_error.map(|m| view! { <div class="error-summary" role="alert" data-testid="move-error"><p><Bi text=m/></p></div> })}
        <dl class="facts">
            <dt><Bi text=t("申请编号", "Application number")/></dt><dd data-testid="part-number">{p.number.clone()}</dd>
            <dt><Bi text=t("状态", "Status")/></dt><dd data-testid="part-status"><StatusTag status=p.status/></dd>
            <dt><Bi text=t("办结期限", "Due")/></dt><dd>{p.due.to_string()}<ProvisionalTag provisional=p.provisional/><UrgencyTag urgency=p.urgency/></dd>
            <dt><Bi text=t("提交日期", "Submitted")/></dt><dd>{p.submitted_on.to_string()}</dd>
            <dt><Bi text=t("渠道", "Channel")/></dt>
            <dd>{if p.channel == "counter" { view! { <Bi text=t("窗口代办", "At a counter")/> }.into_any() } else { view! { <Bi text=t("网上申请", "Online")/> }.into_any() }}</dd>
            <dt><Bi text=t("事项清单版本", "Catalog version")/></dt><dd data-testid="catalog-version">{p.catalog_version.clone()}</dd>
            {p.outcome.clone().map(|o| view! { <dt><Bi text=t("办理结果", "Outcome")/></dt><dd data-testid="part-outcome">{o}</dd> })}
        </dl>
        <ProvisionalDates provisional=p.provisional/>

        <h2><Bi text=t("申请人", "Applicant")/></h2>
        <dl class="facts">
            <dt><Bi text=t("姓名", "Name")/></dt><dd>{p.applicant_name.clone()}</dd>
            <dt><Bi text=t("身份证号", "ID number")/></dt><dd>{p.applicant_id_number.clone()}</dd>
        </dl>

        <h2><Bi text=t("本事项所需信息", "What this item needs")/></h2>
        <dl class="facts" data-testid="part-fields">
            {p.fields.iter().map(|f| view! { <dt><Bi text=f.label.clone()/></dt><dd>{f.value.clone()}</dd> }).collect_view()}
        </dl>

        <h2><Bi text=t("材料", "Materials")/></h2>
        <ul class="materials-list" data-testid="part-materials">
            {p.materials.iter().map(|m| {
                let how = match &m.view {
                    MaterialView::File { file_name, .. } => view! {
                        <a href=format!("/staff/parts/{}/files/{}", encode(&p.id), encode(&m.key)) download=file_name.clone()>
                            {file_name.clone()}" "<span class="hint"><Bi text=t("（下载）", "(download)")/></span>
                        </a>
                    }.into_any(),
                    MaterialView::ECertificate => view! { <span class="tag tag-exempt"><Bi text=t("电子证照，免提交", "E-certificate: fetched")/></span> }.into_any(),
                    MaterialView::ProducedBy(by) => view! {
                        <span class="tag tag-exempt">{lang().pick(
                            format!("由“{}”办结后产生", by.zh),
                            format!("Produced by “{}”", by.en),
                        )}</span>
                    }.into_any(),
                    MaterialView::AtCounter => view! { <span class="tag tag-exempt"><Bi text=t("窗口已核验原件", "Original checked at the counter")/></span> }.into_any(),
                    MaterialView::NotGiven => view! { <span class="hint"><Bi text=t("未提供（非必需）", "Not given (optional)")/></span> }.into_any(),
                };
                view! { <li><Bi text=m.name.clone()/>": "{how}</li> }
            }).collect_view()}
        </ul>

        {(!p.depends_on.is_empty()).then(|| view! {
            <h2><Bi text=t("前置事项（须先办结）", "Depends on (approved first)")/></h2>
            <Siblings parts=p.depends_on.clone()/>
        })}
        {(!p.others.is_empty()).then(|| view! {
            <h2><Bi text=t("同一申请的其他事项", "Other parts of this application")/></h2>
            <Siblings parts=p.others.clone()/>
        })}

        {p.correction.clone().map(|c| view! {
            <div class="notice">
                <h3><Bi text=t("已请申请人补正", "Corrections requested")/></h3>
                <p>{c.reason}</p>
            </div>
        })}

        {(!p.moves.is_empty()).then(|| view! {
            <section id="actions" aria-labelledby="actions-heading">
                <h2 id="actions-heading"><Bi text=t("办理", "Decide")/></h2>
                {has("accept").then(|| view! {
                    <form method="post" action=action.clone() class="move">
                        <input type="hidden" name="version" value=version.clone()/>
                        <input type="hidden" name="action" value="accept"/>
                        <button type="submit" class="button" data-testid="move-accept"><Bi text=t("受理", "Accept")/></button>
                    </form>
                })}
                {has("approve").then(|| {
                    let err = field_error("approve", "result");
                    view! {
                        <form method="post" action=action.clone() class="move">
                            <input type="hidden" name="version" value=version.clone()/>
                            <input type="hidden" name="action" value="approve"/>
                            <div class="field" class:field-error=err.is_some()>
                                <label for="result"><Bi text=t("办结文书编号", "Decision reference")/></label>
                                <p class="error-message" id="result-error">{err.clone().map(|m| view! { <Bi text=m/> })}</p>
                                <input id="result" name="result" type="text" maxlength="500" required
                                    aria-describedby="result-error" aria-invalid=err.is_some().then_some("true")/>
                            </div>
                            <button type="submit" class="button" data-testid="move-approve"><Bi text=t("办结", "Approve")/></button>
                        </form>
                    }
                })}
                {has("request_correction").then(|| {
                    let err = field_error("request_correction", "correction");
                    let reason_err = field_error("request_correction", "reason");
                    view! {
                        <form method="post" action=action.clone() class="move">
                            <input type="hidden" name="version" value=version.clone()/>
                            <input type="hidden" name="action" value="request_correction"/>
                            <fieldset class="field" class:field-error=err.is_some() aria-describedby="correction-error">
                                <legend><Bi text=t("请申请人补正（一次性告知）", "Ask the applicant to correct (all at once)")/></legend>
                                <p class="error-message" id="correction-error">{err.clone().map(|m| view! { <Bi text=m/> })}</p>
                                {p.fields.iter().map(|f| {
                                    let id = format!("fix-field-{}", f.key);
                                    view! {
                                        <div class="choice">
                                            <input type="checkbox" id=id.clone() name="fields" value=f.key.clone()/>
                                            <label for=id><Bi text=f.label.clone()/></label>
                                        </div>
                                    }
                                }).collect_view()}
                                {p.materials.iter().map(|m| {
                                    let id = format!("fix-material-{}", m.key);
                                    view! {
                                        <div class="choice">
                                            <input type="checkbox" id=id.clone() name="materials" value=m.key.clone()/>
                                            <label for=id><Bi text=m.name.clone()/></label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <div class="field" class:field-error=reason_err.is_some()>
                                <label for="correction-reason"><Bi text=t("需补正的原因（申请人可见）", "Why (the applicant reads this)")/></label>
                                <p class="error-message" id="correction-reason-error">{reason_err.clone().map(|m| view! { <Bi text=m/> })}</p>
                                <textarea id="correction-reason" name="reason" maxlength="500" required
                                    aria-describedby="correction-reason-error" aria-invalid=reason_err.is_some().then_some("true")></textarea>
                            </div>
                            <button type="submit" class="button secondary" data-testid="move-request-correction"><Bi text=t("通知补正", "Ask for corrections")/></button>
                        </form>
                    }
                })}
                {has("refuse").then(|| {
                    let err = field_error("refuse", "reason");
                    view! {
                        <form method="post" action=action.clone() class="move">
                            <input type="hidden" name="version" value=version.clone()/>
                            <input type="hidden" name="action" value="refuse"/>
                            <div class="field" class:field-error=err.is_some()>
                                <label for="refuse-reason"><Bi text=t("不予办理的理由（申请人可见）", "Reason for refusing (the applicant reads this)")/></label>
                                <p class="error-message" id="refuse-reason-error">{err.clone().map(|m| view! { <Bi text=m/> })}</p>
                                <textarea id="refuse-reason" name="reason" maxlength="500" required
                                    aria-describedby="refuse-reason-error" aria-invalid=err.is_some().then_some("true")></textarea>
                            </div>
                            <button type="submit" class="button secondary" data-testid="move-refuse"><Bi text=t("不予办理", "Refuse")/></button>
                        </form>
                    }
                })}
                {has("transfer").then(|| {
                    let to_err = field_error("transfer", "to");
                    let reason_err = field_error("transfer", "reason");
                    view! {
                        <form method="post" action=action.clone() class="move">
                            <input type="hidden" name="version" value=version.clone()/>
                            <input type="hidden" name="action" value="transfer"/>
                            <div class="field" class:field-error=to_err.is_some()>
                                <label for="transfer-to"><Bi text=t("转交部门（分错时）", "Transfer to (when misrouted)")/></label>
                                <p class="error-message" id="transfer-to-error">{to_err.clone().map(|m| view! { <Bi text=m/> })}</p>
                                <select id="transfer-to" name="to" required aria-describedby="transfer-to-error">
                                    <option value="">{l("请选择", "Choose")}</option>
                                    {p.departments.iter().map(|(id, name)| view! {
                                        <option value=id.clone()>{tr(name)}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field" class:field-error=reason_err.is_some()>
                                <label for="transfer-reason"><Bi text=t("转交理由", "Reason for the transfer")/></label>
                                <p class="error-message" id="transfer-reason-error">{reason_err.clone().map(|m| view! { <Bi text=m/> })}</p>
                                <textarea id="transfer-reason" name="reason" maxlength="500" required
                                    aria-describedby="transfer-reason-error"></textarea>
                            </div>
                            <button type="submit" class="button secondary" data-testid="move-transfer"><Bi text=t("转交", "Transfer")/></button>
                        </form>
                    }
                })}
            </section>
        })}

        <h2><Bi text=t("办理记录", "History")/></h2>
        <History entries=p.history.clone()/>

        <h2><Bi text=t("审计日志", "Audit log")/></h2>
        <Audit lines=p.audit.clone()/>
    }
}

#[component]
fn Siblings(parts: Vec<SiblingPart>) -> impl IntoView {
    view! {
        <ul class="siblings">
            {parts.into_iter().map(|s| view! {
                <li><Bi text=s.item/>" · "<Bi text=s.department_name/><StatusTag status=s.status/></li>
            }).collect_view()}
        </ul>
    }
}

/// A part's or an application's history, oldest first, in plain words (naming the item when
/// the list covers several).
#[component]
pub fn History(entries: Vec<HistoryEntry>, #[prop(optional)] with_item: bool) -> impl IntoView {
    view! {
        <ol class="history" data-testid="history">
            {entries.into_iter().map(|e| view! {
                <li>
                    <time datetime=e.on.to_string()>{e.on.to_string()}</time>" "
                    {with_item.then(|| view! { <strong><Bi text=e.item.clone()/></strong>" · " })}
                    <Bi text=e.what/>
                    {(!e.note.is_empty()).then(|| view! { <span class="note">{format!("{}{}", l("：", ": "), e.note)}</span> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn Audit(lines: Vec<AuditLine>) -> impl IntoView {
    view! {
        <table class="parts audit" data-testid="audit">
            <thead>
                <tr>
                    <th scope="col"><Bi text=t("时间", "When")/></th>
                    <th scope="col"><Bi text=t("操作人", "Who")/></th>
                    <th scope="col"><Bi text=t("操作", "What")/></th>
                    <th scope="col"><Bi text=t("变化", "Change")/></th>
                </tr>
            </thead>
            <tbody>
                {lines.into_iter().map(|l| view! {
                    <tr>
                        <td>{format_millis(l.at)}</td>
                        <td>{l.actor}</td>
                        <td>{l.action}</td>
                        <td>{l.detail}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Milliseconds since the epoch as Beijing time (UTC+8, no daylight saving), to the minute.
pub fn format_millis(ms: i64) -> String {
    let local = ms / 1000 + 8 * 3600;
    let date = crate::engine::Date::from_days(local.div_euclid(86_400));
    let seconds = local.rem_euclid(86_400);
    format!("{date} {:02}:{:02}", seconds / 3600, (seconds % 3600) / 60)
}
