//! Step 3 of 3: check your answers, see where each part goes and by when, submit once.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use crate::api::{
    apply_url, encode, BundleContext, SubmitApplication, SubmitOutcome, UploadedFile,
};
use crate::components::form_markup::{choices, input_id};
use crate::components::used_by;
use crate::engine::compose::MaterialStatus;
use crate::engine::{
    compose, derive, schedule, Answers, Bundle, ComposeError, MergedField, Text, WorkingCalendar,
};
use crate::i18n::{l, lang, t, tr, Bi};
use crate::pages::apply::{ApplicantBanner, ResumeCode, ServerMessages, Steps, WithBundle};

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! {
        <WithBundle items=Signal::derive(Vec::new) render=|context| view! { <Review context/> }.into_any()/>
    }
}

#[component]
fn Review(context: BundleContext) -> impl IntoView {
    let BundleContext {
        catalog,
        calendar,
        today,
        idempotency_key,
        draft,
        applicant,
        held,
        ..
    } = context;
    let Some(draft) = draft else {
        return view! { <NoDraft/> }.into_any();
    };
    let catalog = StoredValue::new(catalog.indexed());
    let held: BTreeSet<String> = held.into_iter().collect();
    let composed = catalog.with_value(|c| compose(c, &draft.items, &draft.answers, &held));
    let timeline = composed.as_ref().ok().map(|b| {
        catalog.with_value(|c| schedule(c, b, &WorkingCalendar::from_years(calendar), today))
    });
    let answers = match &composed {
        Ok(b) => derive(&b.form, &draft.answers, today),
        Err(_) => draft.answers.clone(),
    };
    let bundle = Memo::new(move |_| composed.clone());
    let filled = Memo::new(move |_| answers.clone());
    let item_name = move |id: &str| catalog.with_value(|c| c.item_name(id));
    let submit = ServerAction::<SubmitApplication>::new();
    // The server's verdict on an earlier attempt (kept with the draft), until a new one comes.
    let kept = (!draft.errors.is_empty() || !draft.problems.is_empty()).then(|| {
        Ok(SubmitOutcome::Invalid {
            errors: draft.errors.clone(),
            problems: draft.problems.clone(),
        })
    });
    let result = Memo::new(move |_| submit.value().get().or_else(|| kept.clone()));
    let form_url = apply_url(&draft.items, &draft.token);
    let (items, token, uploads, seen) = (
        draft.items.clone(),
        draft.token.clone(),
        draft.materials.clone(),
        draft.counter_checked.clone(),
    );
    let materials_url = format!("/apply/materials?draft={}", encode(&draft.token));
    view! {
        <Steps current=3 items draft=Some(token.clone())/>
        <h1><Bi text=t("核对并提交", "Check your answers and submit")/></h1>
        <ApplicantBanner applicant/>
        <ServerMessages result form_url=form_url.clone() materials_url=materials_url.clone()/>
        <CheckAnswers bundle filled form_url/>
        <Checklist bundle item_name uploads seen change_url=materials_url/>
        <Routing bundle item_name/>
        {timeline.map(|timeline| view! { <TimelineView timeline item_name/> })}
        <ActionForm action=submit attr:class="submit-form">
            <input type="hidden" name="draft" value=token/>
            <input type="hidden" name="idempotency_key" value=idempotency_key/>
            <p class="hint"><Bi text=t(
                "提交后，系统把申请拆分给上面列出的部门并联审批；您可以随时凭申请编号查询每一部分的进度。",
                "Once submitted, your application is split between the departments above, which decide in parallel; track every part with your application number.",
            )/></p>
            <button type="submit" class="button" disabled=move || submit.pending().get()>
                <Bi text=t("提交申请（一次提交）", "Submit once")/>
            </button>
        </ActionForm>
        <ResumeCode draft/>
    }
    .into_any()
}

/// A materials or review page opened without a (live) draft.
#[component]
pub fn NoDraft() -> impl IntoView {
    view! {
        <h1><Bi text=t("找不到这份申请", "We cannot find this application")/></h1>
        <p><Bi text=t(
            "链接中的申请草稿不存在或已超过30天。请用续办码继续，或重新选择事项。",
            "The draft in this link does not exist or is more than 30 days old. Continue with a resume code, or choose your items again.",
        )/></p>
        <p><a href="/resume"><Bi text=t("用续办码继续", "Continue with a resume code")/></a></p>
        <p><a href="/"><Bi text=t("重新选择事项", "Choose items again")/></a></p>
    }
}

#[component]
pub fn Checklist(
    bundle: Memo<Result<Bundle, ComposeError>>,
    item_name: impl Fn(&str) -> Text + Copy + Send + Sync + 'static,
    /// Files handed in so far, by material.
    uploads: BTreeMap<String, UploadedFile>,
    /// Originals window staff saw at the counter.
    #[prop(optional)]
    seen: BTreeSet<String>,
    /// Where to change them.
    change_url: String,
) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="materials-h">
            <h2 id="materials-h"><Bi text=t("材料清单（每份只交一次）", "Documents (each handed in once)")/></h2>
            <ul class="checklist">
                {move || bundle.get().ok().map(|b| b.checklist.into_iter().map(|m| {
                    let status = match &m.status {
                        MaterialStatus::Upload => match uploads.get(&m.key) {
                            // The file name is the reader's own: shown once, as given.
                            Some(f) => lang().pick(format!("已上传：{}", f.file_name), format!("Uploaded: {}", f.file_name)),
                            None if seen.contains(&m.key) => l("窗口已核验原件", "Original checked at the counter").to_string(),
                            None if m.required => l("未上传", "Not uploaded").to_string(),
                            None => l("选交，未上传", "Optional, not uploaded").to_string(),
                        },
                        MaterialStatus::ExemptHeld => l("免交：已有电子证照，系统自动调取", "Exempt: fetched from your e-certificate").to_string(),
                        MaterialStatus::ExemptProduced { by } => {
                            let n = item_name(by);
                            lang().pick(format!("免交：由“{}”办结后产生", n.zh), format!("Exempt: produced by “{}”", n.en))
                        }
                    };
                    let used: Vec<Text> = m.used_by.iter().map(|i| item_name(i)).collect();
                    view! {
                        <li>
                            <strong><Bi text=m.name/></strong>
                            <span class="tag">{status}</span>
                            <p class="hint">{used_by(&used)}</p>
                        </li>
                    }
                }).collect_view())}
            </ul>
            <p><a href=change_url><Bi text=t("更改材料", "Change the documents")/></a></p>
        </section>
    }
}

#[component]
pub fn Routing(
    bundle: Memo<Result<Bundle, ComposeError>>,
    item_name: impl Fn(&str) -> Text + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="routing-h">
            <h2 id="routing-h"><Bi text=t("提交后分送给", "Where your application goes")/></h2>
            <ul class="routing">
                {move || bundle.get().ok().map(|b| b.routing.shares.into_iter().map(|p| view! {
                    <li>
                        <strong><Bi text=p.department_name/></strong>
                        <ul>{p.items.iter().map(|i| view! { <li><Bi text=item_name(i)/></li> }).collect_view()}</ul>
                    </li>
                }).collect_view())}
            </ul>
        </section>
    }
}

#[component]
pub fn TimelineView(
    timeline: crate::engine::Timeline,
    item_name: impl Fn(&str) -> Text + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="timeline-h">
            <h2 id="timeline-h"><Bi text=t("预计办结时间", "When it will be done")/></h2>
            <p class="big">{lang().pick(
                format!("并联审批约 {} 个工作日，预计 {} 前办结", timeline.parallel_days, timeline.due),
                format!("About {} working days in parallel: done by {}", timeline.parallel_days, timeline.due),
            )}</p>
            <p class="hint">{lang().pick(
                format!("逐个办理需 {} 个工作日；法定时限合计 {} 个工作日。", timeline.sequential_days, timeline.statutory_sequential_days),
                format!("One after another: {} working days; statutory limits add up to {}.", timeline.sequential_days, timeline.statutory_sequential_days),
            )}</p>
            {(!timeline.calendar_complete).then(|| view! {
                <p class="hint"><Bi text=t("部分日期所在年份尚未公布节假日安排，暂按周一至周五及法定节假日（元旦、春节、清明、劳动节、端午、中秋、国庆）计算，调休未计入，日期为暂定。", "Some dates fall in a year whose holiday notice is not yet published: provisionally counted Monday to Friday without the statutory public holidays (New Year's Day, Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn, National Day); make-up working days are not counted yet.")/></p>
            })}
            <ol class="timeline">
                {timeline.steps.into_iter().map(|s| view! {
                    <li>
                        <Bi text=item_name(&s.item)/>
                        <span class="hint">{lang().pick(
                            format!(" 第{}–{}个工作日，{}前", s.starts_after, s.finishes_after, s.due),
                            format!(" working days {}–{}, by {}", s.starts_after, s.finishes_after, s.due),
                        )}</span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// "Check your answers": everything given so far, grouped as in the form, each with a link back
/// to its question. Sensitive values are masked here; they are never shown back in full.
#[component]
pub fn CheckAnswers(
    bundle: Memo<Result<Bundle, ComposeError>>,
    filled: Memo<Answers>,
    /// The form page, where each change link leads.
    form_url: String,
) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="check-h">
            <h2 id="check-h"><Bi text=t("核对您的填写", "Check your answers")/></h2>
            {move || {
                let form_url = form_url.clone();
                let answers = filled.get();
                bundle.get().ok().map(|b| {
                    b.form.sections.into_iter().filter_map(|s| {
                        let rows: Vec<_> = s.fields.into_iter().filter(|f| f.shown && !f.from_question).map(|f| {
                            let shown = answer_shown(&f, answers.get(&f.key).map(String::as_str));
                            (f.key, f.label, shown, f.derived.is_some())
                        }).collect();
                        let form_url = form_url.clone();
                        (!rows.is_empty()).then(move || view! {
                            <h3>{tr(&s.title)}</h3>
                            <dl class="check-answers">
                                {rows.into_iter().map(|(key, label, value, derived)| view! {
                                    <div>
                                        <dt><Bi text=label.clone()/></dt>
                                        <dd>{value}</dd>
                                        <dd>
                                            {(!derived).then(|| view! {
                                                <a href=format!("{form_url}#{}", input_id(&key))>
                                                    {l("修改", "Change")}
                                                    <span class="visually-hidden">{lang().pick(label.zh.clone(), format!(" {}", label.en))}</span>
                                                </a>
                                            })}
                                        </dd>
                                    </div>
                                }).collect_view()}
                            </dl>
                        })
                    }).collect_view()
                })
            }}
        </section>
    }
}

/// An answer as check-your-answers shows it, once: what the reader typed (a code, a number, a
/// date) as typed; a sensitive value masked; a choice (是/否 too) by its label, in the page's
/// language.
pub fn answer_shown(field: &MergedField, value: Option<&str>) -> String {
    let value = value.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        l("未填写", "Not given").to_string()
    } else if field.sensitive {
        mask(value)
    } else if let Some((_, label)) = choices(field).into_iter().find(|(v, _)| v == value) {
        tr(&label)
    } else {
        value.to_string()
    }
}

/// Keeps the last four characters: enough to recognise, not enough to misuse.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let keep = chars.len().min(4);
    let hidden = chars.len() - keep;
    "*".repeat(hidden) + &chars[hidden..].iter().collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::test_support::{held, ids, seed};

    fn field(key: &str) -> MergedField {
        let catalog = seed().indexed();
        let bundle = compose(
            &catalog,
            &ids(&["unemployment_benefit"]),
            &Answers::new(),
            &held(&[]),
        )
        .expect("composes");
        bundle.form.field(key).cloned().expect("field in the form")
    }

    #[test]
    fn typed_values_are_shown_once_as_typed() {
        assert_eq!(answer_shown(&field("name"), Some(" 陈小明 ")), "陈小明");
        assert_eq!(
            answer_shown(&field("phone"), Some("13800138000")),
            "13800138000"
        );
    }

    #[test]
    fn sensitive_values_are_masked_once() {
        assert_eq!(
            answer_shown(&field("id_number"), Some("11010519491231002X")),
            "**************002X"
        );
    }

    #[test]
    fn choices_and_missing_answers_read_in_the_page_language() {
        assert_eq!(
            answer_shown(&field("unemployment_reason"), Some("contract_expired")),
            "劳动合同期满终止"
        );
        let mut yes_no = field("address");
        yes_no.kind = crate::engine::catalog::FieldKind::YesNo;
        assert_eq!(answer_shown(&yes_no, Some("yes")), "是");
        assert_eq!(answer_shown(&yes_no, Some("no")), "否");
        assert_eq!(answer_shown(&field("address"), None), "未填写");
        assert_eq!(answer_shown(&field("address"), Some("  ")), "未填写");
    }
}
