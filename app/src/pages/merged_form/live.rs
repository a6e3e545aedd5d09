//! The form island's behaviour in the browser: events in, the engine, and the few changes to
//! the server-rendered page that the new state calls for.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use leptos::prelude::{request_animation_frame, set_timeout_with_handle, TimeoutHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement};

use super::local_draft;
use super::{shape, statuses, tasks_markup, CatalogSlice, FormIslandData, FormView, SectionShape};
use crate::api::packed::{pack, unpack};
use crate::api::SubmitOutcome;
use crate::components::form_markup::{self as markup, described_by, error_content};
use crate::engine::{check, compose, derive, Answers, Bundle, Catalog, Date};
use crate::i18n::{lang, Lang};

/// How long after the last keystroke the server copy is brought up to date.
const AUTOSAVE_DELAY_MS: u64 = 1200;

struct Live {
    lang: Lang,
    document: Document,
    form: Element,
    catalog: Catalog,
    today: Date,
    chosen: Vec<String>,
    held: BTreeSet<String>,
    sensitive: BTreeSet<String>,
    answers: Answers,
    touched: BTreeSet<String>,
    attempted: bool,
    one_question_per_screen: bool,
    /// The section shown on a phone.
    current: usize,
    shape: Vec<SectionShape>,
    /// The server draft the answers go to: from the page, or started by autosave for a
    /// signed-in person.
    draft: Option<String>,
    signed_in: bool,
    /// "Forget this device" was pressed: nothing more is kept locally.
    forgotten: bool,
    autosave: Option<TimeoutHandle>,
    expiry: Option<TimeoutHandle>,
    /// The markup last written, so unchanged parts are left alone.
    summary: String,
    tasks: String,
}

type Shared = Rc<RefCell<Live>>;

/// Attaches the form's behaviour to the page the server rendered, once it has the catalog slice
/// (from its own address, usually already fetched by the page's preload or kept by the browser).
/// Until then, and if it cannot be had, the form works as it does without JavaScript.
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(mut data) = document
        .get_element_by_id(super::FORM_DATA)
        .and_then(|e| unpack::<FormIslandData>(e.inner_html().trim()))
    else {
        return;
    };
    match std::mem::replace(&mut data.catalog, CatalogSlice::At(String::new())) {
        CatalogSlice::Here(catalog) => begin(document, data, catalog),
        CatalogSlice::At(url) => leptos::task::spawn_local(async move {
            if let Some(catalog) = crate::api::browser::fetch_catalog(&url).await {
                begin(document, data, catalog);
            }
        }),
    }
}

fn begin(document: Document, data: FormIslandData, catalog: Catalog) {
    let Some(form) = document.get_element_by_id(crate::app::MERGED_FORM) else {
        return;
    };
    let catalog = catalog.indexed();
    let sensitive = catalog.sensitive_keys();
    let restored_from_server = data.draft.is_some();
    let mut live = Live {
        lang: lang(),
        document,
        form,
        catalog,
        today: data.today,
        chosen: data.chosen,
        held: data.held.into_iter().collect(),
        sensitive,
        answers: data.answers,
        touched: BTreeSet::new(),
        attempted: data.attempted,
        one_question_per_screen: data.one_question_per_screen,
        current: 0,
        shape: Vec::new(),
        draft: data.draft,
        signed_in: data.signed_in,
        forgotten: false,
        autosave: None,
        expiry: None,
        summary: String::new(),
        tasks: String::new(),
    };
    live.remember_server_render();
    // Whatever was typed before the WebAssembly arrived counts.
    live.read_typed();
    live.restore_local(restored_from_server);
    let opened = live
        .bundle()
        .ok()
        .map(|b| shape(&b, live.one_question_per_screen));
    if let Some(shape) = opened {
        // When the server found problems, open the first section that has one.
        live.current = shape
            .iter()
            .position(|(_, _, keys)| keys.iter().any(|k| data.server_errors.contains(k)))
            .unwrap_or(0);
    }
    // Phones: one section per screen with a task list (CSS shows it only on narrow screens).
    let _ = live.form.class_list().add_1("paged");
    // Without JavaScript a situational answer cannot change the form in place; here it can.
    if let Some(update) = live.document.get_element_by_id("update-form") {
        update.remove();
    }
    if let Some(forget) = live.document.get_element_by_id("forget-device") {
        let _ = forget.remove_attribute("hidden");
    }
    live.refresh();
    // What this device keeps is rewritten at once: a restored draft that somehow held a
    // sensitive value no longer does.
    live.keep_locally();
    let shared: Shared = Rc::new(RefCell::new(live));
    listen(&shared);
    crate::components::island_is_live();
}

impl Live {
    fn bundle(&self) -> Result<Bundle, crate::engine::ComposeError> {
        compose(&self.catalog, &self.chosen, &self.answers, &self.held)
    }

    fn by_id(&self, id: &str) -> Option<Element> {
        self.document.get_element_by_id(id)
    }

    /// The summary and task list as the server rendered them (same data, same renderer), so the
    /// first refresh leaves them in place unless something really changed.
    fn remember_server_render(&mut self) {
        let Ok(bundle) = self.bundle() else {
            return;
        };
        let filled = derive(&bundle.form, &self.answers, self.today);
        let errors = check(&bundle, &filled, self.today);
        let shape = shape(&bundle, self.one_question_per_screen);
        let statuses = statuses(&shape, &errors, self.attempted, &self.touched);
        self.summary = markup::summary(self.lang, &self.catalog, &bundle, &self.chosen);
        self.tasks = tasks_markup(self.lang, &shape, &statuses, 0);
    }

    /// The form's controls as they are now (values typed before the island ran).
    fn read_typed(&mut self) {
        let Ok(controls) = self.form.query_selector_all("[name^=\"answers[\"]") else {
            return;
        };
        for i in 0..controls.length() {
            let Some(control) = controls.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            if let Some((key, value)) = answer_of(&control) {
                self.answers.insert(key, value);
            }
        }
    }

    /// Sweeps out stale local drafts, then restores this selection's unless the server brought
    /// one. Restored answers go over what the page brought (values the identity service vouches
    /// for stay, the ID number among them).
    fn restore_local(&mut self, restored_from_server: bool) {
        let Some(storage) = local_draft::storage() else {
            return;
        };
        let now = local_draft::now_ms();
        local_draft::sweep(&storage, now);
        if restored_from_server {
            return;
        }
        let saved = storage
            .get_item(&local_draft::key(&self.chosen))
            .ok()
            .flatten()
            .and_then(|text| local_draft::read(&text, now))
            .map(|saved| local_draft::without_sensitive(&saved.answers, &self.sensitive));
        for (key, value) in saved.into_iter().flatten() {
            self.set_control(&key, &value);
            self.answers.insert(key, value);
        }
    }

    /// Puts a value into the control(s) of `key` already on the page.
    fn set_control(&self, key: &str, value: &str) {
        if let Some(control) = self.by_id(&markup::input_id(key)) {
            set_property(&control, "value", &JsValue::from_str(value));
        }
        for answer in ["yes", "no"] {
            if let Some(radio) = self.by_id(&format!("q-{key}-{answer}")) {
                set_property(&radio, "checked", &JsValue::from_bool(value == answer));
            }
        }
    }

    /// Runs the engine on the answers and brings the page up to date with the result.
    fn refresh(&mut self) {
        let bundle = match self.bundle() {
            Ok(bundle) => bundle,
            Err(error) => {
                if let Some(problem) = self.by_id("bundle-problem") {
                    problem.set_text_content(Some(self.lang.of(&error.message())));
                    let _ = problem.remove_attribute("hidden");
                }
                return;
            }
        };
        if let Some(problem) = self.by_id("bundle-problem") {
            let _ = problem.set_attribute("hidden", "");
        }
        let filled = derive(&bundle.form, &self.answers, self.today);
        let errors = check(&bundle, &filled, self.today);
        let shape = shape(&bundle, self.one_question_per_screen);
        self.current = self.current.min(shape.len().saturating_sub(1));
        let view = FormView {
            lang: self.lang,
            catalog: &self.catalog,
            bundle: &bundle,
            filled: &filled,
            errors: &errors,
            attempted: self.attempted,
            touched: &self.touched,
            today: self.today,
        };

        let summary = markup::summary(self.lang, &self.catalog, &bundle, &self.chosen);
        if summary != self.summary {
            if let Some(element) = self.by_id("summary") {
                element.set_inner_html(&summary);
            }
            self.summary = summary;
        }

        // Situational questions: the section goes when none applies.
        if let Some(list) = self.by_id("question-list") {
            let wanted: Vec<_> = bundle
                .questions
                .iter()
                .map(|q| {
                    (
                        q.id.clone(),
                        markup::question_signature(self.lang, &q.id, &q.text),
                    )
                })
                .collect();
            reconcile(&self.document, &list, &wanted, |i| view.question(i));
        }
        if let Some(section) = self.by_id("questions") {
            toggle_hidden(&section, bundle.questions.is_empty());
        }

        // Sections, then the fields of each.
        if let Some(list) = self.by_id("sections") {
            let wanted: Vec<_> = shape
                .iter()
                .map(|(id, title, _)| (id.clone(), markup::section_signature(self.lang, id, title)))
                .collect();
            reconcile(&self.document, &list, &wanted, |i| view.section(&shape, i));
            for (index, (id, _, keys)) in shape.iter().enumerate() {
                let Some(section) = self.by_id(&format!("s-{id}")) else {
                    continue;
                };
                toggle_class(&section, "current", index == self.current);
                if let Ok(Some(next)) = section.query_selector(".next-section") {
                    toggle_hidden(&next, index + 1 >= shape.len());
                }
                if let Ok(Some(fields)) = section.query_selector(".fields") {
                    let wanted: Vec<_> = keys
                        .iter()
                        .map(|k| {
                            let sig = super::field_signature(
                                self.lang,
                                &self.catalog,
                                &bundle,
                                k,
                                self.today,
                            );
                            (k.clone(), sig)
                        })
                        .collect();
                    reconcile(&self.document, &fields, &wanted, |i| view.field(&keys[i]));
                }
            }
        }

        // Each message and derived value, in place.
        let keys = shape
            .iter()
            .flat_map(|(_, _, keys)| keys.iter())
            .chain(bundle.questions.iter().map(|q| &q.id));
        for key in keys {
            let Ok(Some(wrapper)) = self
                .form
                .query_selector(&format!("[data-key=\"{}\"]", markup::escape(key)))
            else {
                continue;
            };
            let error = view.error(key);
            toggle_class(&wrapper, "field-error", error.is_some());
            if let Ok(Some(message)) = wrapper.query_selector(".error-message") {
                let content = error_content(self.lang, error);
                if message.inner_html() != content {
                    message.set_inner_html(&content);
                }
            }
            if let Some(control) = self.by_id(&markup::input_id(key)) {
                if control.tag_name() != "FIELDSET" {
                    let _ = control.set_attribute("aria-invalid", &error.is_some().to_string());
                    let _ = control
                        .set_attribute("aria-describedby", &described_by(key, error.is_some()));
                    // Derived values follow the ID number; typed values are the browser's.
                    let derived = bundle.form.field(key).is_some_and(|f| f.derived.is_some());
                    if derived {
                        set_property(&control, "value", &JsValue::from_str(view.value(key)));
                    }
                }
            }
        }

        let statuses = statuses(&shape, &errors, self.attempted, &self.touched);
        let tasks = tasks_markup(self.lang, &shape, &statuses, self.current);
        if tasks != self.tasks {
            if let Some(list) = self.by_id("task-list") {
                list.set_inner_html(&tasks);
            }
            self.tasks = tasks;
        }
        self.shape = shape;
    }

    /// Shows section `index` on a phone and moves the reader (and a screen reader's focus) to it.
    fn show(&mut self, index: usize) {
        if index >= self.shape.len() {
            return;
        }
        self.current = index;
        self.refresh();
        let id = format!("s-{}", self.shape[index].0);
        if let Some(section) = self
            .by_id(&id)
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            // After the section is displayed (next frame), so it can take focus.
            request_animation_frame(move || {
                let _ = section.focus();
                section.scroll_into_view();
            });
        }
    }

    /// Keeps the answers on this device (never the sensitive ones), for a day at most.
    fn keep_locally(&mut self) {
        if let Some(handle) = self.expiry.take() {
            handle.clear();
        }
        let Some(storage) = local_draft::storage() else {
            return;
        };
        let key = local_draft::key(&self.chosen);
        let kept = local_draft::without_sensitive(&self.answers, &self.sensitive);
        if self.forgotten || kept.values().all(String::is_empty) {
            let _ = storage.remove_item(&key);
            return;
        }
        let saved = local_draft::Saved {
            saved_at_ms: local_draft::now_ms(),
            answers: kept,
        };
        let _ = storage.set_item(&key, &pack(&saved));
        // A tab left open: its draft goes a day after the last change.
        self.expiry = set_timeout_with_handle(
            move || {
                if let Some(storage) = local_draft::storage() {
                    let _ = storage.remove_item(&key);
                }
            },
            std::time::Duration::from_millis(local_draft::MAX_AGE_MS),
        )
        .ok();
    }

    fn say_autosave(&self, zh: &str, en: &str) {
        if let Ok(Some(status)) = self.document.query_selector("[data-testid=autosave]") {
            status.set_text_content(Some(self.lang.pick(zh, en)));
        }
    }
}

/// An answer from a control of the form: its key and value (a radio only when checked).
fn answer_of(control: &Element) -> Option<(String, String)> {
    let name = control.get_attribute("name")?;
    let key = name
        .strip_prefix("answers[")?
        .strip_suffix(']')?
        .to_string();
    if control.get_attribute("type").as_deref() == Some("radio")
        && !get_property(control, "checked").is_truthy()
    {
        return None;
    }
    let value = get_property(control, "value").as_string()?;
    Some((key, value))
}

fn get_property(target: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set_property(target: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(name), value);
}

fn toggle_class(element: &Element, class: &str, on: bool) {
    let _ = element.class_list().toggle_with_force(class, on);
}

fn toggle_hidden(element: &Element, hidden: bool) {
    let _ = if hidden {
        element.set_attribute("hidden", "")
    } else {
        element.remove_attribute("hidden")
    };
}

/// Brings `parent`'s children (each with `data-key` and its markup's signature in `data-h`) to
/// `wanted`, in order: a child whose signature is unchanged stays (with what is typed in it and
/// the focus); a changed or new one is made from `make(index)`; the rest go.
fn reconcile(
    document: &Document,
    parent: &Element,
    wanted: &[(String, String)],
    make: impl Fn(usize) -> String,
) {
    let mut existing: BTreeMap<String, Element> = BTreeMap::new();
    let children = parent.children();
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            if let Some(key) = child.get_attribute("data-key") {
                existing.insert(key, child);
            }
        }
    }
    let mut next = parent.first_element_child();
    for (index, (key, sig)) in wanted.iter().enumerate() {
        let kept = existing
            .get(key)
            .filter(|e| e.get_attribute("data-h").as_deref() == Some(sig.as_str()))
            .cloned();
        let element = match kept {
            Some(element) => {
                existing.remove(key);
                element
            }
            None => match element_from(document, &make(index)) {
                Some(element) => element,
                None => continue,
            },
        };
        if next.as_ref() == Some(&element) {
            next = element.next_element_sibling();
        } else {
            let _ = parent.insert_before(&element, next.as_ref().map(|e| e.as_ref()));
        }
    }
    for (_, stale) in existing {
        stale.remove();
    }
}

/// The element some markup makes.
fn element_from(document: &Document, html: &str) -> Option<Element> {
    let holder = document.create_element("div").ok()?;
    holder.set_inner_html(html);
    holder.first_element_child()
}

/// Listens on the form (events bubble to it, so sections added later need nothing more).
fn listen(shared: &Shared) {
    let form = shared.borrow().form.clone();
    let on_change = {
        let shared = shared.clone();
        move |event: Event| {
            let Some(control) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            let Some((key, value)) = answer_of(&control) else {
                return;
            };
            // (Markup replaced while handling an event can fire another one inside this one.)
            let Ok(mut live) = shared.try_borrow_mut() else {
                return;
            };
            if live.answers.get(&key) == Some(&value) {
                return;
            }
            live.answers.insert(key, value);
            live.refresh();
            live.keep_locally();
            drop(live);
            schedule_autosave(&shared);
        }
    };
    add_listener(&form, "input", on_change.clone());
    add_listener(&form, "change", on_change);
    let on_leave = {
        let shared = shared.clone();
        move |event: Event| {
            let Some(control) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            if let Some((key, _)) = answer_of(&control) {
                let Ok(mut live) = shared.try_borrow_mut() else {
                    return;
                };
                if live.touched.insert(key) {
                    live.refresh();
                }
            }
        }
    };
    add_listener(&form, "focusout", on_leave);
    let on_click = {
        let shared = shared.clone();
        move |event: Event| {
            let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            let Ok(mut live) = shared.try_borrow_mut() else {
                return;
            };
            if let Ok(Some(task)) = target.closest(".task") {
                let index = task
                    .get_attribute("data-index")
                    .and_then(|i| i.parse().ok());
                if let Some(index) = index {
                    live.show(index);
                }
            } else if let Ok(Some(_)) = target.closest(".next-section") {
                let next = live.current + 1;
                live.show(next);
            }
        }
    };
    add_listener(&form, "click", on_click);
    // Sent: the server keeps the answers in a draft from now on.
    let on_submit = {
        let shared = shared.clone();
        move |_: Event| {
            let Ok(mut live) = shared.try_borrow_mut() else {
                return;
            };
            if let Some(handle) = live.autosave.take() {
                handle.clear();
            }
            if let Some(storage) = local_draft::storage() {
                let _ = storage.remove_item(&local_draft::key(&live.chosen));
            }
        }
    };
    add_listener(&form, "submit", on_submit);
    if let Some(button) = shared.borrow().by_id("forget-device-button") {
        let shared = shared.clone();
        add_listener(&button, "click", move |_: Event| {
            local_draft::forget_all();
            let Ok(mut live) = shared.try_borrow_mut() else {
                return;
            };
            live.forgotten = true;
            if let Some(handle) = live.expiry.take() {
                handle.clear();
            }
            if let Some(status) = live.by_id("forget-device-status") {
                status.set_text_content(Some(live.lang.pick(
                    "已清除。本设备不再保存此表的填写内容。",
                    "Done: this device no longer keeps anything from this form.",
                )));
            }
        });
    }
}

fn add_listener(target: &Element, kind: &str, handler: impl FnMut(Event) + 'static) {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    // The form lives as long as the page.
    closure.forget();
}

/// Once the server holds this application (it has a resume code), or the reader is signed in,
/// every change is kept there too, a moment after typing stops: coming back on another device
/// loses nothing. A signed-in person's first change starts their draft. Nothing is judged here;
/// "save and continue" does that.
fn schedule_autosave(shared: &Shared) {
    let Ok(mut live) = shared.try_borrow_mut() else {
        return;
    };
    if live.draft.is_none() && !live.signed_in {
        return;
    }
    if let Some(handle) = live.autosave.take() {
        handle.clear();
    }
    let shared_later = shared.clone();
    live.autosave = set_timeout_with_handle(
        move || autosave(shared_later),
        std::time::Duration::from_millis(AUTOSAVE_DELAY_MS),
    )
    .ok();
}

fn autosave(shared: Shared) {
    let Ok(live) = shared.try_borrow() else {
        return;
    };
    let items = live.chosen.join(",");
    let answers = live.answers.clone();
    let draft = live.draft.clone().unwrap_or_default();
    // The form posts to the server function that keeps the answers.
    let url = live.form.get_attribute("action").unwrap_or_default();
    live.say_autosave("正在保存到服务器…", "Saving to the server…");
    drop(live);
    leptos::task::spawn_local(async move {
        let outcome = crate::api::browser::autosave(&url, &items, &answers, &draft).await;
        let Ok(mut live) = shared.try_borrow_mut() else {
            return;
        };
        match outcome {
            Some(outcome) => {
                // A draft started by autosave: later saves (and "save and continue") go to the
                // same one.
                if let SubmitOutcome::Saved { draft } = outcome {
                    if let Some(input) = live.by_id("draft-token") {
                        set_property(&input, "value", &JsValue::from_str(&draft));
                    }
                    live.draft = Some(draft);
                }
                live.say_autosave("已自动保存到服务器", "Saved on the server");
            }
            None => live.say_autosave(
                "暂时无法保存到服务器，已保存在本设备上",
                "Could not reach the server; your answers are kept on this device",
            ),
        }
    });
}
