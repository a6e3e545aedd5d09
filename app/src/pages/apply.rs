//! One form for the whole bundle. The engine runs here in the browser on every change; the server
//! runs it again on submit and has the last word.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{get_bundle_context, BundleContext, SubmitApplication, SubmitOutcome};
use crate::components::field::{input_id, FieldInput};
use crate::components::LoadError;
use crate::engine::compose::{Inclusion, MaterialStatus, Problem};
use crate::engine::{
    check, compose, derive, schedule, Answers, Bundle, ComposeError, Text, WorkingCalendar,
};
use crate::i18n::{t, Bi};

#[component]
pub fn ApplyPage() -> impl IntoView {
    let query = use_query_map();
    let items = Memo::new(move |_| query.with(|q| q.get_all("items").unwrap_or_default()));
    let draft = Memo::new(move |_| query.with(|q| q.get("draft")));
    let context = Resource::new(
        move || (items.get(), draft.get()),
        |(items, draft)| get_bundle_context(items, draft),
    );
    view! {
        <Suspense fallback=|| view! { <p><Bi text=t("正在生成表单…", "Preparing your form…")/></p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(context) => view! { <BundleForm context chosen=items.get_untracked()/> }.into_any(),
                    Err(error) => view! {
                        <h1><Bi text=t("无法生成表单", "We could not prepare the form")/></h1>
                        <LoadError error/>
                        <p><a href="/"><Bi text=t("返回重新选择事项", "Go back and choose items")/></a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BundleForm(context: BundleContext, chosen: Vec<String>) -> impl IntoView {
    let BundleContext {
        catalog,
        calendar,
        today,
        idempotency_key,
        draft,
    } = context;
    // The index is not serialised; rebuild it once after the catalog arrives.
    let catalog = StoredValue::new(catalog.indexed());
    let calendar = StoredValue::new(WorkingCalendar::from_years(calendar));
    let chosen_param = StoredValue::new(chosen.join(","));
    let idempotency_key = StoredValue::new(idempotency_key);
    let chosen = StoredValue::new(chosen);

    let restored_from_server = draft.is_some();
    let answers = RwSignal::new(
        draft
            .as_ref()
            .map(|d| d.answers.clone())
            .unwrap_or_default(),
    );
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
    let submit = ServerAction::<SubmitApplication>::new();

    let bundle: Memo<Result<Bundle, ComposeError>> = Memo::new(move |_| {
        answers.with(|a| {
            catalog.with_value(|c| chosen.with_value(|ids| compose(c, ids, a, &BTreeSet::new())))
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
    local_draft::keep(
        chosen.get_value(),
        answers,
        revision,
        restored_from_server,
        server_result,
    );
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

    let item_name = move |id: &str| {
        catalog.with_value(|c| {
            c.item(id)
                .map(|i| i.name.clone())
                .unwrap_or_else(|| Text::new(id, id))
        })
    };

    view! {
        <h1><Bi text=t("填写一张表", "Fill in one form")/></h1>
        {move || match bundle.get() {
            Err(e) => view! {
                <div class="error-summary" role="alert"><p><Bi text=e.message()/></p></div>
                <p><a href="/"><Bi text=t("返回重新选择事项", "Go back and choose items")/></a></p>
            }.into_any(),
            Ok(_) => ().into_any(),
        }}
        <Show when=move || bundle.with(|b| b.is_ok())>
            <SelectionSummary bundle item_name chosen=chosen.get_value()/>
            <ServerMessages result=server_result/>
            <ActionForm action=submit attr:class="merged-form" attr:novalidate="true">
                <input type="hidden" name="items" value=chosen_param.get_value()/>
                <input type="hidden" name="idempotency_key" value=idempotency_key.get_value()/>
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
                <For
                    each=move || { let r = revision.get(); sections(&bundle.get()).into_iter().map(move |s| (r, s)).collect::<Vec<_>>() }
                    key=|s| s.clone()
                    children=move |(_, (section_id, title, keys))| {
                        view! {
                            <fieldset class="form-section" id=format!("s-{section_id}")>
                                <legend><h2><Bi text=title/></h2></legend>
                                {keys.into_iter().map(|key| {
                                    let field = bundle.with_untracked(|b| b.as_ref().ok().and_then(|b| b.form.field(&key).cloned()));
                                    field.map(|field| {
                                        let used_by = field.used_by.iter().map(|i| item_name(i)).collect();
                                        let k = key.clone();
                                        let value = Signal::derive(move || filled.with(|a| a.get(&k).cloned().unwrap_or_default()));
                                        view! { <FieldInput field used_by value error=error_for(key.clone()) on_input on_blur/> }
                                    })
                                }).collect_view()}
                            </fieldset>
                        }
                    }
                />
                <Checklist bundle item_name/>
                <CheckAnswers bundle filled/>
                <Routing bundle item_name/>
                {move || bundle.get().ok().map(|b| {
                    let timeline = catalog.with_value(|c| calendar.with_value(|cal| schedule(c, &b, cal, today)));
                    view! { <TimelineView timeline item_name/> }
                })}
                <button type="submit" class="button" disabled=move || submit.pending().get()>
                    <Bi text=t("提交申请（一次提交）", "Submit once")/>
                </button>
            </ActionForm>
        </Show>
    }
}

type SectionShape = (String, Text, Vec<String>);

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
                                        view! {
                                            <li>
                                                <Bi text=reason/>" "
                                                <a href=href>
                                                    <span class="zh">{format!("把“{}”加入本次办理（{}需要它）", b.zh, a.zh)}</span>" "
                                                    <span class="en" lang="en">{format!("Add “{}” to this application ({} needs it)", b.en, a.en)}</span>
                                                </a>
                                            </li>
                                        }.into_any()
                                    }
                                    Problem::Excluded { item, other, reason } => {
                                        let (a, b) = (item_name(&item), item_name(&other));
                                        view! {
                                            <li>
                                                <span class="zh">{format!("“{}”与“{}”不能同时申请：", a.zh, b.zh)}</span>" "
                                                <span class="en" lang="en">{format!("“{}” and “{}” cannot be applied for together: ", a.en, b.en)}</span>
                                                <Bi text=reason/>
                                            </li>
                                        }.into_any()
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

/// The result of the last submission when the server refused it.
#[component]
fn ServerMessages(result: Memo<Option<Result<SubmitOutcome, ServerFnError>>>) -> impl IntoView {
    move || {
        match result.get() {
        Some(Ok(SubmitOutcome::Invalid { errors, problems })) => view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2><Bi text=t("请修改以下问题后再提交", "There is a problem: please fix these and submit again")/></h2>
                <ul>
                    {problems.into_iter().map(|p| view! { <li><Bi text=p/></li> }).collect_view()}
                    {errors.into_iter().map(|(key, message)| view! {
                        <li><a href=format!("#{}", input_id(&key))><Bi text=message/></a></li>
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any(),
        Some(Ok(SubmitOutcome::Accepted { number })) => view! {
            <p class="notice" role="status">
                <a href=format!("/receipt/{number}")><Bi text=t("已提交，查看回执", "Submitted: see your receipt")/></a>
            </p>
        }
        .into_any(),
        Some(Err(error)) => view! { <LoadError error/> }.into_any(),
        None => ().into_any(),
    }
    }
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

#[component]
fn Checklist(
    bundle: Memo<Result<Bundle, ComposeError>>,
    item_name: impl Fn(&str) -> Text + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="materials-h">
            <h2 id="materials-h"><Bi text=t("材料清单（每份只交一次）", "Documents (each handed in once)")/></h2>
            <ul class="checklist">
                {move || bundle.get().ok().map(|b| b.checklist.into_iter().map(|m| {
                    let status = match &m.status {
                        MaterialStatus::Upload => t("需提交", "Hand in"),
                        MaterialStatus::ExemptHeld => t("免交：已有电子证照，系统自动调取", "Exempt: fetched from your e-certificate"),
                        MaterialStatus::ExemptProduced { by } => {
                            let n = item_name(by);
                            Text::new(format!("免交：由“{}”办结后产生", n.zh), format!("Exempt: produced by “{}”", n.en))
                        }
                    };
                    let used: Vec<Text> = m.used_by.iter().map(|i| item_name(i)).collect();
                    view! {
                        <li>
                            <strong><Bi text=m.name/></strong>
                            <span class="tag"><Bi text=status/></span>
                            <p class="hint">
                                <span class="zh">{format!("用于：{}", used.iter().map(|n| n.zh.clone()).collect::<Vec<_>>().join("、"))}</span>" "
                                <span class="en" lang="en">{format!("Used by: {}", used.iter().map(|n| n.en.clone()).collect::<Vec<_>>().join(", "))}</span>
                            </p>
                        </li>
                    }
                }).collect_view())}
            </ul>
        </section>
    }
}

#[component]
fn Routing(
    bundle: Memo<Result<Bundle, ComposeError>>,
    item_name: impl Fn(&str) -> Text + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="routing-h">
            <h2 id="routing-h"><Bi text=t("提交后分送给", "Where your application goes")/></h2>
            <ul class="routing">
                {move || bundle.get().ok().map(|b| b.routing.parts.into_iter().map(|p| view! {
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
fn TimelineView(
    timeline: crate::engine::Timeline,
    item_name: impl Fn(&str) -> Text + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="timeline-h">
            <h2 id="timeline-h"><Bi text=t("预计办结时间", "When it will be done")/></h2>
            <p class="big">
                <span class="zh">{format!("并联审批约 {} 个工作日，预计 {} 前办结", timeline.parallel_days, timeline.due)}</span>" "
                <span class="en" lang="en">{format!("About {} working days in parallel: done by {}", timeline.parallel_days, timeline.due)}</span>
            </p>
            <p class="hint">
                <span class="zh">{format!("逐个办理需 {} 个工作日；法定时限合计 {} 个工作日。", timeline.sequential_days, timeline.statutory_sequential_days)}</span>" "
                <span class="en" lang="en">{format!("One after another: {} working days; statutory limits add up to {}.", timeline.sequential_days, timeline.statutory_sequential_days)}</span>
            </p>
            {(!timeline.calendar_complete).then(|| view! {
                <p class="hint"><Bi text=t("部分日期所在年份尚无官方节假日安排，按周一至周五计算。", "Some dates fall in a year without an official holiday calendar; counted Monday to Friday.")/></p>
            })}
            <ol class="timeline">
                {timeline.steps.into_iter().map(|s| view! {
                    <li>
                        <Bi text=item_name(&s.item)/>
                        <span class="hint">
                            <span class="zh">{format!(" 第{}–{}个工作日，{}前", s.starts_after, s.finishes_after, s.due)}</span>" "
                            <span class="en" lang="en">{format!("working days {}–{}, by {}", s.starts_after, s.finishes_after, s.due)}</span>
                        </span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Every change is kept in this browser (local storage), keyed by the chosen items, so closing
/// the tab or losing the network loses nothing. Cleared once the application is accepted.
mod local_draft {
    use leptos::prelude::*;

    use crate::api::SubmitOutcome;
    use crate::engine::Answers;

    #[allow(unused_variables)]
    pub fn keep(
        chosen: Vec<String>,
        answers: RwSignal<Answers>,
        revision: RwSignal<u32>,
        restored_from_server: bool,
        result: Memo<Option<Result<SubmitOutcome, ServerFnError>>>,
    ) {
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::{LocalStorage, Storage};
            let mut chosen = chosen;
            chosen.sort();
            let key = format!("yijian:answers:{}", chosen.join(","));
            let restore_key = key.clone();
            // Restore once, after hydration, unless the server already brought a draft.
            Effect::new(move |done: Option<()>| {
                if done.is_none() && !restored_from_server {
                    if let Ok(saved) = LocalStorage::get::<Answers>(&restore_key) {
                        if !saved.is_empty() {
                            answers.set(saved);
                            revision.update(|r| *r += 1);
                        }
                    }
                }
            });
            Effect::new(move |_| {
                let accepted =
                    result.with(|r| matches!(r, Some(Ok(SubmitOutcome::Accepted { .. }))));
                if accepted {
                    LocalStorage::delete(&key);
                } else {
                    answers.with(|a| {
                        let _ = LocalStorage::set(&key, a);
                    });
                }
            });
        }
    }
}

/// "Check your answers": everything given so far, grouped as in the form, each with a link back
/// to its question. Sensitive values are masked here; they are never shown back in full.
#[component]
fn CheckAnswers(
    bundle: Memo<Result<Bundle, ComposeError>>,
    filled: Memo<Answers>,
) -> impl IntoView {
    view! {
        <section class="form-section" aria-labelledby="check-h">
            <h2 id="check-h"><Bi text=t("核对您的填写", "Check your answers")/></h2>
            {move || {
                let answers = filled.get();
                bundle.get().ok().map(|b| {
                    b.form.sections.into_iter().filter_map(|s| {
                        let rows: Vec<_> = s.fields.into_iter().filter(|f| f.shown && !f.from_question).map(|f| {
                            let value = answers.get(&f.key).map(|v| v.trim().to_string()).unwrap_or_default();
                            let shown = if value.is_empty() {
                                Text::new("未填写", "Not given")
                            } else if f.sensitive {
                                Text::new(mask(&value), mask(&value))
                            } else if let Some(choice) = f.options.iter().find(|c| c.value == value) {
                                choice.label.clone()
                            } else {
                                Text::new(value.clone(), value)
                            };
                            (f.key, f.label, shown, f.derived.is_some())
                        }).collect();
                        (!rows.is_empty()).then(|| view! {
                            <h3>{s.title.zh.clone()}" "<span class="en" lang="en">{s.title.en.clone()}</span></h3>
                            <dl class="check-answers">
                                {rows.into_iter().map(|(key, label, value, derived)| view! {
                                    <div>
                                        <dt><Bi text=label.clone()/></dt>
                                        <dd><Bi text=value/></dd>
                                        <dd>
                                            {(!derived).then(|| view! {
                                                <a href=format!("#{}", input_id(&key))>
                                                    "修改"<span class="visually-hidden">{label.zh.clone()}</span>" "
                                                    <span class="en" lang="en">"Change"<span class="visually-hidden">{format!(" {}", label.en)}</span></span>
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

/// Keeps the last four characters: enough to recognise, not enough to misuse.
fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let keep = chars.len().min(4);
    let hidden = chars.len() - keep;
    "*".repeat(hidden) + &chars[hidden..].iter().collect::<String>()
}
