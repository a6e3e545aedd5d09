//! The merged form as the server renders it and as its island keeps it up to date.
//!
//! The server renders the whole form (markup from `components::form_markup`); the island
//! attaches behaviour to that markup instead of rendering it again: on every change it runs the
//! engine (compose, derive, check), then rebuilds only what changed — a section or field a
//! situational answer added or removed, the selection summary, the task list — and sets each
//! field's message and each derived value in place. Typing never rebuilds the field being typed
//! in, so the caret never jumps.

use std::collections::BTreeSet;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::form_markup::{self as markup, SectionStatus};
use crate::engine::{Answers, Bundle, Catalog, Date, FieldErrors, Text};
use crate::i18n::Lang;

/// What the form island needs, carried in the page (see `api::packed`).
#[derive(Serialize, Deserialize)]
pub struct FormIslandData {
    pub catalog: CatalogSlice,
    pub today: Date,
    pub chosen: Vec<String>,
    /// Material keys the applicant holds as e-certificates.
    pub held: Vec<String>,
    /// The answers the page was rendered with.
    pub answers: Answers,
    /// The server draft the answers belong to, when there is one.
    pub draft: Option<String>,
    pub signed_in: bool,
    /// The server has judged these answers (a refused "save and continue"): every message shows.
    pub attempted: bool,
    /// Keys the server found wrong: the first section holding one opens first.
    pub server_errors: Vec<String>,
    /// The elder-friendly mode: on a phone each screen asks one question, not one section.
    pub one_question_per_screen: bool,
}

/// Where the island finds the catalog slice it composes with. (One per page, so the large
/// variant is not boxed: boxing cost the island's code 30 bytes for nothing.)
#[derive(Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)]
pub enum CatalogSlice {
    /// At its own address (`api::form_catalog_url`): it depends only on the published version
    /// and the items, so it is cached for a year by the browser and packed once by the server,
    /// and it is not in every form page (where, as base64, it was 40% of the page and compressed
    /// poorly). The page asks the browser to fetch it early (`rel=preload`).
    At(String),
    /// In the page: the editors' unpublished draft catalog, which has no public address.
    Here(Catalog),
}

/// A section as the form shows it: id, title, and the keys of its shown questions.
pub type SectionShape = (String, Text, Vec<String>);

/// The form's shape: which sections hold which asked-or-derived, shown fields.
pub fn sections(bundle: &Bundle) -> Vec<SectionShape> {
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

/// The elder-friendly shape: every question a screen of its own, named after its section and
/// its place there ("申请人信息 第2题，共6题"), so the task list still says where one is.
pub fn one_question_each(shape: Vec<SectionShape>) -> Vec<SectionShape> {
    shape
        .into_iter()
        .flat_map(|(id, title, keys)| {
            let count = keys.len();
            keys.into_iter().enumerate().map(move |(i, key)| {
                let title = if count == 1 {
                    title.clone()
                } else {
                    Text::new(
                        format!("{} 第{}题，共{}题", title.zh, i + 1, count),
                        format!("{}: question {} of {}", title.en, i + 1, count),
                    )
                };
                (format!("{id}-{}", i + 1), title, vec![key])
            })
        })
        .collect()
}

/// The shape in the mode the reader chose.
pub fn shape(bundle: &Bundle, one_question_per_screen: bool) -> Vec<SectionShape> {
    let shape = sections(bundle);
    if one_question_per_screen {
        one_question_each(shape)
    } else {
        shape
    }
}

/// The message a field shows now: once the server judged the answers, or once the citizen left
/// the field.
pub fn shown_error<'a>(
    errors: &'a FieldErrors,
    key: &str,
    attempted: bool,
    touched: &BTreeSet<String>,
) -> Option<&'a Text> {
    (attempted || touched.contains(key))
        .then(|| errors.get(key))
        .flatten()
}

/// Each section's state for the task list.
pub fn statuses(
    shape: &[SectionShape],
    errors: &FieldErrors,
    attempted: bool,
    touched: &BTreeSet<String>,
) -> Vec<SectionStatus> {
    shape
        .iter()
        .map(|(_, _, keys)| {
            let open = keys.iter().any(|k| errors.contains_key(k));
            let seen = attempted || keys.iter().any(|k| touched.contains(k));
            match (open, seen) {
                (false, _) => SectionStatus::Complete,
                (true, true) => SectionStatus::NeedsAttention,
                (true, false) => SectionStatus::NotDone,
            }
        })
        .collect()
}

/// The task list's markup for a shape.
pub fn tasks_markup(
    lang: Lang,
    shape: &[SectionShape],
    statuses: &[SectionStatus],
    current: usize,
) -> String {
    let titles: Vec<_> = shape
        .iter()
        .zip(statuses)
        .map(|((_, title, _), status)| (title, *status))
        .collect();
    markup::tasks(lang, &titles, current)
}

/// One field's markup as the bundle merged it, with the names of the items that use it.
pub fn field_markup(
    lang: Lang,
    catalog: &Catalog,
    bundle: &Bundle,
    key: &str,
    value: &str,
    error: Option<&Text>,
    today: Date,
) -> Option<String> {
    let field = bundle.form.field(key)?;
    let used_by: Vec<Text> = field.used_by.iter().map(|i| catalog.item_name(i)).collect();
    Some(markup::field(
        lang,
        field,
        &used_by,
        value,
        error,
        Some(today),
    ))
}

/// The signature of one field's markup (see `form_markup::field_signature`).
pub fn field_signature(
    lang: Lang,
    catalog: &Catalog,
    bundle: &Bundle,
    key: &str,
    today: Date,
) -> String {
    bundle
        .form
        .field(key)
        .map(|field| {
            let used_by: Vec<Text> = field.used_by.iter().map(|i| catalog.item_name(i)).collect();
            markup::field_signature(lang, field, &used_by, Some(today))
        })
        .unwrap_or_default()
}

/// All of one section's fields, as they stand.
pub struct FormView<'a> {
    pub lang: Lang,
    pub catalog: &'a Catalog,
    pub bundle: &'a Bundle,
    /// The answers with derived values filled in.
    pub filled: &'a Answers,
    pub errors: &'a FieldErrors,
    pub attempted: bool,
    pub touched: &'a BTreeSet<String>,
    pub today: Date,
}

impl FormView<'_> {
    pub fn error(&self, key: &str) -> Option<&Text> {
        shown_error(self.errors, key, self.attempted, self.touched)
    }

    pub fn value(&self, key: &str) -> &str {
        self.filled.get(key).map(String::as_str).unwrap_or("")
    }

    pub fn field(&self, key: &str) -> String {
        field_markup(
            self.lang,
            self.catalog,
            self.bundle,
            key,
            self.value(key),
            self.error(key),
            self.today,
        )
        .unwrap_or_default()
    }

    pub fn section(&self, shape: &[SectionShape], index: usize) -> String {
        let (id, title, keys) = &shape[index];
        let fields: String = keys.iter().map(|k| self.field(k)).collect();
        markup::section(self.lang, id, title, &fields, index + 1 >= shape.len())
    }

    pub fn sections(&self, shape: &[SectionShape]) -> String {
        (0..shape.len()).map(|i| self.section(shape, i)).collect()
    }

    pub fn question(&self, index: usize) -> String {
        let q = &self.bundle.questions[index];
        markup::question(
            self.lang,
            &q.id,
            &q.text,
            self.value(&q.id),
            self.error(&q.id),
        )
    }

    pub fn questions(&self) -> String {
        (0..self.bundle.questions.len())
            .map(|i| self.question(i))
            .collect()
    }
}

/// Every change is kept in this browser (local storage), keyed by the chosen items, so closing
/// the tab or losing the network loses nothing. What is kept is bounded, so a shared phone holds
/// no personal data for long:
///
/// - fields the catalog marks sensitive (ID numbers, bank cards) are never written; a restored
///   local draft leaves them empty (a server draft, when there is one, still holds them);
/// - each local draft carries the time it was written; one older than a day is ignored and
///   removed (every form that opens sweeps all of this app's local drafts), and an open tab
///   removes its own a day after the last change;
/// - "forget this device" removes every local draft at once, and the page keeps nothing more;
/// - it is removed when the form is sent: the server keeps the answers in a draft from then on.
pub mod local_draft {
    // The server renders the form but keeps nothing in a browser: only the browser build uses
    // most of this (the tests use all of it).
    #![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

    use std::collections::BTreeSet;

    use serde::{Deserialize, Serialize};

    use crate::api::packed::unpack;
    use crate::engine::Answers;

    /// Every key under which this app keeps a local draft starts with this.
    pub const PREFIX: &str = "yijian:answers:";
    /// A local draft older than this is ignored and removed.
    pub const MAX_AGE_MS: u64 = 24 * 60 * 60 * 1000;
    /// How far in the future a draft's time may be (the clock stepped back a little) and still
    /// count; anything further is treated as stale, so no draft can outlive its day.
    pub const CLOCK_SLACK_MS: u64 = 60 * 1000;

    /// One local draft, packed like island data (see `api::packed`). Drafts written before the
    /// time was kept are bare answers: read as this, their "time" is their number of answers, a
    /// few milliseconds after 1970, so they are stale (if they decode at all) and are removed.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    pub struct Saved {
        /// When it was written: milliseconds since 1970 by the browser's clock.
        pub saved_at_ms: u64,
        /// The answers, never the sensitive ones.
        pub answers: Answers,
    }

    /// The key of the local draft for a selection (whatever order the items were picked in).
    pub fn key(chosen: &[String]) -> String {
        let mut chosen = chosen.to_vec();
        chosen.sort();
        format!("{PREFIX}{}", chosen.join(","))
    }

    /// Whether a local-storage key holds one of this app's local drafts.
    pub fn is_draft_key(key: &str) -> bool {
        key.starts_with(PREFIX)
    }

    /// The answers that may be kept on the device.
    pub fn without_sensitive(answers: &Answers, sensitive: &BTreeSet<String>) -> Answers {
        answers
            .iter()
            .filter(|(key, _)| !sensitive.contains(*key))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }

    /// Whether a draft written at `saved_at_ms` may still be used at `now_ms`.
    pub fn is_fresh(saved_at_ms: u64, now_ms: u64) -> bool {
        match now_ms.checked_sub(saved_at_ms) {
            Some(age) => age < MAX_AGE_MS,
            None => saved_at_ms - now_ms <= CLOCK_SLACK_MS,
        }
    }

    /// A stored entry as a usable draft at `now_ms`: `None` if it is damaged, in an older format
    /// or stale (and is then removed).
    pub fn read(text: &str, now_ms: u64) -> Option<Saved> {
        unpack::<Saved>(text).filter(|saved| is_fresh(saved.saved_at_ms, now_ms))
    }

    #[cfg(feature = "hydrate")]
    pub fn now_ms() -> u64 {
        js_sys::Date::now() as u64
    }

    /// The browser's local storage, raw: values are packed like island data, since gloo's JSON
    /// helpers would bring a second decoder into the wasm. `None` where storage is refused.
    #[cfg(feature = "hydrate")]
    pub fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The keys of every local draft this app stored.
    #[cfg(feature = "hydrate")]
    fn draft_keys(storage: &web_sys::Storage) -> Vec<String> {
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| is_draft_key(key))
            .collect()
    }

    /// Removes every local draft (any selection's) that is stale, damaged or in an older format.
    #[cfg(feature = "hydrate")]
    pub fn sweep(storage: &web_sys::Storage, now_ms: u64) {
        for key in draft_keys(storage) {
            let usable = storage
                .get_item(&key)
                .ok()
                .flatten()
                .and_then(|text| read(&text, now_ms))
                .is_some();
            if !usable {
                let _ = storage.remove_item(&key);
            }
        }
    }

    /// "Forget this device": removes every local draft this app stored.
    #[cfg(feature = "hydrate")]
    pub fn forget_all() {
        if let Some(storage) = storage() {
            for key in draft_keys(&storage) {
                let _ = storage.remove_item(&key);
            }
        }
    }
}

#[cfg(feature = "hydrate")]
pub mod live;

/// The element that carries the form island's data ([`FormIslandData`], packed): a `<template>`,
/// inert and never shown, holding the packed text as it is. (As the island's prop it was
/// written into the page as JSON inside an escaped attribute: two more passes over the largest
/// string of the page, for every form page served.)
pub const FORM_DATA: &str = "form-island-data";

/// The merged form's behaviour: an island, so the engine runs in the browser on every change.
/// It renders nothing: the server rendered the form, and the island attaches to that markup
/// (see the module's comment), reading its data from [`FORM_DATA`]. Lazy: its code is a
/// separate WebAssembly file that only pages with a form fetch (`cargo leptos build --split`),
/// so the first page a citizen opens stays small.
#[island(lazy)]
pub fn FormBehaviour() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    live::start();
}

#[cfg(test)]
mod tests {
    use super::local_draft::*;
    use crate::api::packed::pack;
    use crate::engine::test_support::{answers, held, ids, seed};
    use crate::engine::{compose, Answers};

    const NOW: u64 = 1_795_000_000_000;

    #[test]
    fn in_the_elder_friendly_mode_every_question_is_a_screen_of_its_own_named_by_its_place() {
        let catalog = seed().indexed();
        let bundle = compose(
            &catalog,
            &ids(&["unemployment_registration"]),
            &Answers::new(),
            &held(&[]),
        )
        .expect("composes");
        let by_section = super::sections(&bundle);
        let by_question = super::one_question_each(by_section.clone());
        let questions: usize = by_section.iter().map(|(_, _, keys)| keys.len()).sum();
        assert_eq!(by_question.len(), questions);
        assert!(by_question.iter().all(|(_, _, keys)| keys.len() == 1));
        // Every screen's id is unique (it is the fieldset's id), and the order is the form's.
        let ids: std::collections::BTreeSet<_> = by_question.iter().map(|(id, _, _)| id).collect();
        assert_eq!(ids.len(), by_question.len());
        let keys: Vec<_> = by_question.iter().flat_map(|(_, _, k)| k.clone()).collect();
        let expected: Vec<_> = by_section.iter().flat_map(|(_, _, k)| k.clone()).collect();
        assert_eq!(keys, expected);
        // Named by the section and the place in it.
        let (_, section, in_first) = &by_section[0];
        assert!(
            in_first.len() > 1,
            "the applicant's section asks several questions"
        );
        let (_, second, _) = &by_question[1];
        assert_eq!(
            second.zh,
            format!("{} 第2题，共{}题", section.zh, in_first.len())
        );
        assert_eq!(
            second.en,
            format!("{}: question 2 of {}", section.en, in_first.len())
        );
    }

    #[test]
    fn the_catalog_marks_id_and_bank_numbers_sensitive() {
        let sensitive = seed().sensitive_keys();
        for key in [
            "id_number",
            "bank_account",
            "mother_id_number",
            "father_id_number",
        ] {
            assert!(sensitive.contains(key), "{key}");
        }
        for key in ["name", "phone", "address", "employer_name", "bank_name"] {
            assert!(!sensitive.contains(key), "{key}");
        }
    }

    #[test]
    fn every_field_the_merged_form_marks_sensitive_is_never_kept() {
        let catalog = seed().indexed();
        let sensitive = catalog.sensitive_keys();
        let chosen = ids(&[
            "work_injury_determination",
            "unemployment_benefit",
            "birth_registration",
        ]);
        let bundle = compose(&catalog, &chosen, &Answers::new(), &held(&[])).expect("composes");
        let marked: Vec<_> = bundle.form.fields().filter(|f| f.sensitive).collect();
        assert!(marked.len() >= 4);
        for field in marked {
            assert!(sensitive.contains(&field.key), "{}", field.key);
        }
    }

    #[test]
    fn sensitive_answers_are_stripped_and_the_rest_kept() {
        let sensitive = seed().sensitive_keys();
        let typed = answers(&[
            ("name", "张三丰"),
            ("id_number", "11010519491231002X"),
            ("bank_account", "4111111111111111"),
            ("phone", "13800138000"),
            ("address", ""),
            ("has_employer", "yes"),
        ]);
        let kept = without_sensitive(&typed, &sensitive);
        assert_eq!(
            kept,
            answers(&[
                ("name", "张三丰"),
                ("phone", "13800138000"),
                ("address", ""),
                ("has_employer", "yes"),
            ])
        );
        let packed = pack(&Saved {
            saved_at_ms: NOW,
            answers: kept,
        });
        let back = read(&packed, NOW).expect("fresh");
        assert!(!back.answers.contains_key("id_number"));
        assert_eq!(back.answers["name"], "张三丰");
    }

    #[test]
    fn a_draft_is_fresh_for_a_day_and_no_longer() {
        assert!(is_fresh(NOW, NOW));
        assert!(is_fresh(NOW - MAX_AGE_MS + 1, NOW));
        assert!(!is_fresh(NOW - MAX_AGE_MS, NOW));
        assert!(!is_fresh(NOW - 30 * MAX_AGE_MS, NOW));
        assert!(!is_fresh(0, NOW));
        // A clock stepped back a little keeps the draft; a time far ahead does not count.
        assert!(is_fresh(NOW + CLOCK_SLACK_MS, NOW));
        assert!(!is_fresh(NOW + CLOCK_SLACK_MS + 1, NOW));
        assert!(!is_fresh(u64::MAX, NOW));
    }

    #[test]
    fn stale_damaged_and_old_format_drafts_are_not_read() {
        let typed = answers(&[("name", "张三丰"), ("phone", "13800138000")]);
        let day_old = pack(&Saved {
            saved_at_ms: NOW - MAX_AGE_MS,
            answers: typed.clone(),
        });
        assert_eq!(read(&day_old, NOW), None);
        assert_eq!(read("not base64!", NOW), None);
        // What earlier versions kept: the bare answers, sensitive ones included.
        let old_format = pack(&answers(&[
            ("id_number", "11010519491231002X"),
            ("name", "张三丰"),
        ]));
        assert_eq!(read(&old_format, NOW), None);
        let fresh = pack(&Saved {
            saved_at_ms: NOW - 1000,
            answers: typed.clone(),
        });
        assert_eq!(read(&fresh, NOW).map(|s| s.answers), Some(typed));
    }

    #[test]
    fn a_field_is_rebuilt_when_a_new_item_uses_it_but_never_for_what_is_typed_or_its_message() {
        use crate::components::form_markup::signature;
        use crate::engine::calendar::Date;
        use crate::engine::Text;
        use crate::i18n::Lang;
        let catalog = seed().indexed();
        let today = Date::new(2026, 11, 29).unwrap();
        let one = compose(
            &catalog,
            &ids(&["unemployment_benefit"]),
            &Answers::new(),
            &held(&[]),
        )
        .expect("composes");
        let two = compose(
            &catalog,
            &ids(&["unemployment_benefit", "work_injury_rehab"]),
            &Answers::new(),
            &held(&[]),
        )
        .expect("composes");
        let sig = |b| super::field_signature(Lang::Zh, &catalog, b, "name", today);
        let error = Text::new("请填写姓名", "Enter your name");
        let typed = super::field_markup(
            Lang::Zh,
            &catalog,
            &one,
            "name",
            "张三丰",
            Some(&error),
            today,
        )
        .expect("the form asks for a name");
        // The markup carries its signature, whatever is typed and whatever the message says…
        assert!(typed.contains(&format!(r#"data-h="{}""#, sig(&one))));
        assert!(typed.contains(r#"value="张三丰""#) && typed.contains("请填写姓名"));
        // …and a second item using the field ("used by") changes it.
        assert_ne!(sig(&one), sig(&two));
        assert_ne!(signature("a"), signature("b"));
    }

    #[test]
    fn the_server_renders_every_shown_field_once_inside_its_section_with_the_typed_value() {
        use crate::engine::calendar::Date;
        use crate::engine::{check, derive};
        use crate::i18n::Lang;
        use std::collections::BTreeSet;
        let catalog = seed().indexed();
        let today = Date::new(2026, 11, 29).unwrap();
        let typed = answers(&[
            ("name", "<b>张三丰</b>"),
            ("id_number", "11010519491231002X"),
        ]);
        let bundle =
            compose(&catalog, &ids(&["basic_pension"]), &typed, &held(&[])).expect("composes");
        let filled = derive(&bundle.form, &typed, today);
        let errors = check(&bundle, &filled, today);
        let touched = BTreeSet::new();
        let view = super::FormView {
            lang: Lang::Zh,
            catalog: &catalog,
            bundle: &bundle,
            filled: &filled,
            errors: &errors,
            attempted: false,
            touched: &touched,
            today,
        };
        let shape = super::shape(&bundle, false);
        let html = view.sections(&shape);
        for (id, _, keys) in &shape {
            assert_eq!(html.matches(&format!(r#"id="s-{id}""#)).count(), 1);
            for key in keys {
                assert_eq!(
                    html.matches(&format!(r#"data-key="{key}""#)).count(),
                    1,
                    "{key}"
                );
            }
        }
        // What was typed comes back escaped; the birth date is derived from the ID number.
        assert!(html.contains(r#"value="&lt;b&gt;张三丰&lt;/b&gt;""#));
        assert!(!html.contains("<b>"));
        assert!(html.contains(r#"value="1949-12-31""#));
        // Nothing was judged yet: no message is shown.
        assert!(!html.contains("field-error"));
    }

    #[test]
    fn keys_name_the_selection_in_any_order_under_one_prefix() {
        let a = key(&ids(&["work_injury_rehab", "unemployment_benefit"]));
        let b = key(&ids(&["unemployment_benefit", "work_injury_rehab"]));
        assert_eq!(a, b);
        assert_eq!(a, "yijian:answers:unemployment_benefit,work_injury_rehab");
        assert!(is_draft_key(&a));
        assert!(!is_draft_key("yijian:language"));
        assert!(!is_draft_key("other:yijian:answers:x"));
    }
}
