//! The picker island's behaviour in the browser: a button or link that moves through the
//! catalog fetches the next screen's markup from the server and puts it in place; typing in
//! the search box does the same as you type; a tick updates the summary and the address.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, UrlSearchParams};

use super::{selection_summary, PICKER};
use crate::i18n::lang;

struct Picker {
    document: Document,
    root: Element,
    /// Where screens come from (`data-src` on the picker).
    source: String,
    /// Typing fast sends several requests; only the newest one's reply is shown.
    latest: Cell<u32>,
}

/// Attaches the picker's behaviour to the markup the server rendered.
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id(PICKER) else {
        return;
    };
    let Some(source) = root.get_attribute("data-src") else {
        return;
    };
    let picker = Rc::new(Picker {
        document,
        root: root.clone(),
        source,
        latest: Cell::new(0),
    });
    // The form's own buttons that browse (they carry a `formaction`); "Next" submits as ever.
    let on_submit = picker.clone();
    listen(&root, "submit", move |ev| {
        let Some(button) = ev
            .dyn_ref::<web_sys::SubmitEvent>()
            .and_then(|e| e.submitter())
            .filter(|b| b.has_attribute("formaction"))
        else {
            return;
        };
        ev.prevent_default();
        let Some(params) = on_submit.form_params() else {
            return;
        };
        if let Some(name) = button.get_attribute("name") {
            params.append(&name, &button.get_attribute("value").unwrap_or_default());
        }
        on_submit.go(params, false);
    });
    let on_click = picker.clone();
    listen(&root, "click", move |ev| {
        let Some(link) = target(&ev).and_then(|t| t.closest("a[data-nav]").ok().flatten()) else {
            return;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        let query = href.split_once('?').map(|(_, q)| q).unwrap_or("");
        let Ok(params) = UrlSearchParams::new_with_str(query) else {
            return;
        };
        ev.prevent_default();
        for id in on_click.selection() {
            params.append("items", &id.0);
        }
        on_click.go(params, false);
    });
    let on_input = picker.clone();
    listen(&root, "input", move |ev| {
        if target(&ev).is_some_and(|t| t.id() == "q") {
            if let Some(params) = on_input.form_params() {
                on_input.go(params, true);
            }
        }
    });
    let on_change = picker;
    listen(&root, "change", move |ev| {
        let Some(tick) = target(&ev)
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .filter(|i| i.name() == "items")
        else {
            return;
        };
        // The same item can show in several groups: its boxes agree.
        for other in on_change.boxes("input[name=items]") {
            if other.value() == tick.value() {
                other.set_checked(tick.checked());
            }
        }
        on_change.selection_changed();
    });
    crate::components::island_is_live();
}

impl Picker {
    fn by_id(&self, id: &str) -> Option<Element> {
        self.document.get_element_by_id(id)
    }

    /// What the picker's form would send, as a query.
    fn form_params(&self) -> Option<UrlSearchParams> {
        let form = self.root.query_selector("form").ok()??.dyn_into().ok()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        UrlSearchParams::new_with_str_sequence_sequence(&data).ok()
    }

    fn boxes(&self, selector: &str) -> Vec<HtmlInputElement> {
        let Ok(list) = self.root.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.get(i)?.dyn_into().ok())
            .collect()
    }

    /// The ticked items, each once, in id order, with their department and days.
    fn selection(&self) -> Vec<(String, String, u32)> {
        let mut chosen: Vec<(String, String, u32)> = self
            .boxes("input[name=items]:checked")
            .into_iter()
            .map(|b| {
                let department = b.get_attribute("data-department").unwrap_or_default();
                let days = b
                    .get_attribute("data-days")
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(0);
                (b.value(), department, days)
            })
            .collect();
        chosen.sort();
        chosen.dedup_by(|a, b| a.0 == b.0);
        chosen
    }

    /// Fetches the screen `params` ask for and shows it, unless a newer request was made since.
    fn go(self: &Rc<Self>, params: UrlSearchParams, typing: bool) {
        let ticket = self.latest.get() + 1;
        self.latest.set(ticket);
        let sent = params.get_all("items");
        let url = format!("{}&{}", self.source, String::from(params.to_string()));
        let picker = self.clone();
        leptos::task::spawn_local(async move {
            let reply = crate::api::browser::fetch_text(&url).await;
            if picker.latest.get() != ticket {
                return;
            }
            let Some(html) = reply else {
                picker.trouble(true);
                return;
            };
            // Something was ticked or unticked while the screen loaded: ask again with it, so
            // the new screen keeps it.
            let now: Vec<String> = picker.selection().into_iter().map(|s| s.0).collect();
            let mut before: Vec<String> = (0..sent.length())
                .filter_map(|i| sent.get(i).as_string())
                .collect();
            before.sort();
            before.dedup();
            if now != before {
                params.delete("items");
                for id in &now {
                    params.append("items", id);
                }
                picker.go(params, typing);
                return;
            }
            picker.show(&html, typing);
        });
    }

    /// Puts a screen's markup in place of the regions it replaces.
    fn show(&self, html: &str, typing: bool) {
        let Some(template) = self
            .document
            .create_element("template")
            .ok()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTemplateElement>().ok())
        else {
            return;
        };
        template.set_inner_html(html);
        let fresh = template.content();
        // A button pressed in a region that is replaced takes the focus with it: it goes to the
        // same button on the new screen (a tab) or to what was opened.
        let focused = self
            .document
            .active_element()
            .filter(|e| e.closest("[data-region]").ok().flatten().is_some())
            .map(|e| (e.get_attribute("name"), e.get_attribute("value")));
        let Ok(regions) = self.root.query_selector_all("[data-region]") else {
            return;
        };
        for i in 0..regions.length() {
            let Some(old) = regions.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let name = old.get_attribute("data-region").unwrap_or_default();
            if let Ok(Some(new)) = fresh.query_selector(&format!("[data-region=\"{name}\"]")) {
                let _ = old.replace_with_with_node_1(&new);
            }
        }
        let screen = self
            .root
            .query_selector("[data-region=screen]")
            .ok()
            .flatten();
        if let (Some(status), Some(screen)) = (self.by_id("picker-status"), &screen) {
            status.set_text_content(screen.get_attribute("data-status").as_deref());
        }
        if !typing {
            // A tab starts afresh, its search included.
            let search = fresh
                .query_selector("#q")
                .ok()
                .flatten()
                .and_then(|q| q.get_attribute("value"))
                .unwrap_or_default();
            if let Some(q) = self
                .by_id("q")
                .and_then(|q| q.dyn_into::<HtmlInputElement>().ok())
            {
                q.set_value(&search);
            }
        }
        self.trouble(false);
        self.selection_changed();
        if let (Some((name, value)), Some(screen)) = (focused, screen) {
            let same = match (name, value) {
                (Some(n), Some(v)) if n == "view" => self
                    .root
                    .query_selector(&format!("button[name=view][value=\"{v}\"]"))
                    .ok()
                    .flatten(),
                _ => None,
            };
            let opened = same.or_else(|| {
                screen
                    .query_selector("#open-group, fieldset, section")
                    .ok()
                    .flatten()
                    .inspect(|e| {
                        let _ = e.set_attribute("tabindex", "-1");
                    })
            });
            if let Some(e) = opened.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                let _ = e.focus();
            }
        }
    }

    /// The summary and the address follow what is ticked. (The address is replaced, not
    /// pushed: there is no step history to go back through, and Back leaves the picker as it
    /// would without JavaScript.)
    fn selection_changed(&self) {
        let chosen = self.selection();
        let departments: Vec<&str> = chosen.iter().map(|c| c.1.as_str()).collect();
        let days = chosen.iter().map(|c| c.2).max().unwrap_or(0);
        let summary = selection_summary(lang(), chosen.len(), &departments, days);
        if let Some(p) = self.by_id("picker-summary") {
            if p.inner_html() != summary {
                p.set_inner_html(&summary);
            }
        }
        let base = self
            .root
            .query_selector("[data-region=screen]")
            .ok()
            .flatten()
            .and_then(|s| s.get_attribute("data-address"));
        if let (Some(mut address), Some(history)) =
            (base, web_sys::window().and_then(|w| w.history().ok()))
        {
            for (id, _, _) in &chosen {
                address.push_str("&items=");
                address.push_str(&String::from(js_sys::encode_uri_component(id)));
            }
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
        }
    }

    fn trouble(&self, shown: bool) {
        if let Some(alert) = self.by_id("picker-trouble") {
            let message = shown.then(|| {
                format!(
                    r#"<p class="error">{}</p>"#,
                    lang().pick(
                        "暂时无法加载，请检查网络后再试。",
                        "Could not load just now. Check the connection and try again."
                    )
                )
            });
            alert.set_inner_html(message.as_deref().unwrap_or(""));
        }
    }
}

fn target(ev: &Event) -> Option<Element> {
    ev.target()?.dyn_into().ok()
}

fn listen(target: &Element, kind: &str, handler: impl FnMut(Event) + 'static) {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    // The picker lives as long as the page.
    closure.forget();
}
