//! The merged form's markup as HTML text: one renderer for the page the server sends and for the
//! form island, which re-renders in place only the parts a changed bundle changes.
//!
//! Why text and not Leptos views: the island is the one part of the form that ships as
//! WebAssembly, and a view's generic render and hydrate code cost about 100 KB (brotli) there.
//! Plain functions from data to escaped HTML cost a few KB, and the server and the browser still
//! share one renderer, so they cannot drift apart.

use std::fmt::Write;

use crate::engine::catalog::FieldKind;
use crate::engine::compose::{Inclusion, Problem};
use crate::engine::{Bundle, Catalog, Date, MergedField, Text};
use crate::i18n::Lang;

/// Escapes text for an HTML element's content or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A short fingerprint of some markup, kept in its `data-h`: FNV-1a's steps taken eight bytes at
/// a time (a page's signatures cover all its markup, and byte by byte they were a few percent of
/// the server's time per form page). Each step is a bijection of the state, so two pieces of
/// markup of one length that differ within one eight-byte word never share a fingerprint; the
/// server and the island compute it with this same function.
pub fn signature(html: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let step = |hash: u64, word: u64| (hash ^ word).wrapping_mul(0x0000_0100_0000_01b3);
    let mut words = html.as_bytes().chunks_exact(8);
    for word in &mut words {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        hash = step(hash, u64::from_le_bytes(bytes));
    }
    for &byte in words.remainder() {
        hash = step(hash, u64::from(byte));
    }
    // The length, so markup that differs only by trailing zero bytes still differs.
    hash = step(hash, html.len() as u64);
    format!("{hash:x}")
}

/// Input name in the submitted form; server functions read `answers[key]` as a map.
pub fn input_name(key: &str) -> String {
    format!("answers[{key}]")
}

/// The id of a field's control (the target of error links).
pub fn input_id(key: &str) -> String {
    format!("f-{key}")
}

/// The values a select offers with their labels: the catalog's options, or 是/否 for a yes-or-no
/// question.
pub fn choices(field: &MergedField) -> Vec<(String, Text)> {
    if field.kind == FieldKind::YesNo {
        vec![
            ("yes".to_string(), Text::new("是", "Yes")),
            ("no".to_string(), Text::new("否", "No")),
        ]
    } else {
        field
            .options
            .iter()
            .map(|c| (c.value.clone(), c.label.clone()))
            .collect()
    }
}

/// Names as a list in a language: "、" between them in Chinese, ", " in English.
pub fn names_in(lang: Lang, list: &[Text]) -> String {
    list.iter()
        .map(|n| lang.of(n))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

/// "Used by: …" for a field or a material.
pub fn used_by_in(lang: Lang, items: &[Text]) -> String {
    format!(
        "{}{}",
        lang.pick("用于：", "Used by: "),
        names_in(lang, items)
    )
}

/// What an error message holds: a hidden "Error:" for screen readers, then the message.
pub fn error_content(lang: Lang, error: Option<&Text>) -> String {
    error
        .map(|e| {
            format!(
                r#"<span class="visually-hidden">{}</span>{}"#,
                lang.pick("错误：", "Error: "),
                escape(lang.of(e))
            )
        })
        .unwrap_or_default()
}

/// `aria-describedby` of a field's control: its hint, and its message when there is one.
pub fn described_by(key: &str, has_error: bool) -> String {
    let id = input_id(key);
    if has_error {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-hint")
    }
}

/// One question of the merged form: label, hint, "used by", the message and the control, in that
/// order (GOV.UK question pattern), so screen readers hear the error with the label. `today`
/// lets a date's picker offer only the days its rule allows (the engine still checks what is
/// typed).
pub fn field(
    lang: Lang,
    field: &MergedField,
    used_by: &[Text],
    value: &str,
    error: Option<&Text>,
    today: Option<Date>,
) -> String {
    let sig = field_signature(lang, field, used_by, today);
    field_with(lang, field, used_by, value, error, today, &sig)
}

/// What a field's markup depends on besides its value and message: the island rebuilds a field
/// only when this changes (a situational answer added an item that uses it, say), never while
/// the citizen types.
pub fn field_signature(
    lang: Lang,
    field: &MergedField,
    used_by: &[Text],
    today: Option<Date>,
) -> String {
    signature(&field_with(lang, field, used_by, "", None, today, ""))
}

fn field_with(
    lang: Lang,
    field: &MergedField,
    used_by: &[Text],
    value: &str,
    error: Option<&Text>,
    today: Option<Date>,
    sig: &str,
) -> String {
    let key = &field.key;
    let id = input_id(key);
    let derived = field.derived.is_some();
    let has_error = error.is_some();
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<div class="field{}" data-key="{}" data-h="{sig}"><label for="{id}">{}"#,
        if has_error { " field-error" } else { "" },
        escape(key),
        escape(lang.of(&field.label)),
    );
    if !field.required && !derived {
        let _ = write!(
            h,
            r#"<span class="optional">{}</span>"#,
            lang.pick(" （选填）", " (optional)")
        );
    }
    let _ = write!(h, r#"</label><p class="hint" id="{id}-hint">"#);
    if let Some(hint) = &field.hint {
        let _ = write!(h, "{}<br>", escape(lang.of(hint)));
    }
    if derived {
        let _ = write!(
            h,
            "{}<br>",
            lang.pick(
                "根据身份证号码自动生成，无需填写。",
                "Filled from your ID number; nothing to type."
            )
        );
    }
    let _ = write!(
        h,
        r#"<span class="used-by">{}</span></p><p class="error-message" id="{id}-error" aria-live="polite">{}</p>"#,
        escape(&used_by_in(lang, used_by)),
        error_content(lang, error),
    );
    // Attributes every control shares.
    let common = format!(
        r#"id="{id}" name="{}" aria-describedby="{}" aria-invalid="{has_error}"{}"#,
        escape(&input_name(key)),
        described_by(key, has_error),
        if field.required { " required" } else { "" },
    );
    let max_len = field
        .max_len
        .map(|n| format!(r#" maxlength="{n}""#))
        .unwrap_or_default();
    match field.kind {
        FieldKind::LongText => {
            let _ = write!(
                h,
                r#"<textarea {common} rows="4"{max_len}>{}</textarea>"#,
                escape(value)
            );
        }
        FieldKind::Select | FieldKind::YesNo => {
            let _ = write!(
                h,
                r#"<select {common}{}><option value="">{}</option>"#,
                if derived { " disabled" } else { "" },
                lang.pick("请选择", "Choose"),
            );
            for (v, label) in choices(field) {
                let _ = write!(
                    h,
                    r#"<option value="{}"{}>{}</option>"#,
                    escape(&v),
                    if v == value { " selected" } else { "" },
                    escape(lang.of(&label)),
                );
            }
            h.push_str("</select>");
        }
        kind => {
            let (input_type, mode, autocomplete) = match kind {
                FieldKind::Date => ("date", None, None),
                FieldKind::Mobile => ("tel", Some("tel"), Some("tel")),
                FieldKind::Number => ("text", Some("decimal"), None),
                FieldKind::BankCard | FieldKind::Postcode => ("text", Some("numeric"), None),
                _ => ("text", None, None),
            };
            let autocomplete = autocomplete.or(match key.as_str() {
                "name" => Some("name"),
                "postcode" => Some("postal-code"),
                _ => None,
            });
            let today = today.filter(|_| kind == FieldKind::Date);
            let mut extra = String::new();
            if let Some(mode) = mode {
                let _ = write!(extra, r#" inputmode="{mode}""#);
            }
            if let Some(a) = autocomplete {
                let _ = write!(extra, r#" autocomplete="{a}""#);
            }
            if let Some(d) = today.filter(|_| field.dates.not_before_today) {
                let _ = write!(extra, r#" min="{d}""#);
            }
            if let Some(d) = today.filter(|_| field.dates.not_after_today) {
                let _ = write!(extra, r#" max="{d}""#);
            }
            if derived {
                extra.push_str(" readonly");
            }
            let _ = write!(
                h,
                r#"<input type="{input_type}" {common}{max_len}{extra} value="{}">"#,
                escape(value)
            );
        }
    }
    h.push_str("</div>");
    h
}

/// A situational question: yes or no, with its message.
pub fn question(lang: Lang, id: &str, text: &Text, answer: &str, error: Option<&Text>) -> String {
    let sig = question_signature(lang, id, text);
    question_with(lang, id, text, answer, error, &sig)
}

/// What a question's markup depends on besides its answer and message.
pub fn question_signature(lang: Lang, id: &str, text: &Text) -> String {
    signature(&question_with(lang, id, text, "", None, ""))
}

fn question_with(
    lang: Lang,
    id: &str,
    text: &Text,
    answer: &str,
    error: Option<&Text>,
    sig: &str,
) -> String {
    let name = escape(&input_name(id));
    let id = escape(id);
    let radio = |value: &str, label: &str| {
        format!(
            r#"<div class="choice"><input type="radio" id="q-{id}-{value}" name="{name}" value="{value}"{}><label for="q-{id}-{value}">{label}</label></div>"#,
            if answer == value { " checked" } else { "" }
        )
    };
    format!(
        r#"<fieldset class="field{}" id="f-{id}" data-key="{id}" data-h="{sig}"><legend>{}</legend><p class="error-message" aria-live="polite">{}</p><div class="radios">{}{}</div></fieldset>"#,
        if error.is_some() { " field-error" } else { "" },
        escape(lang.of(text)),
        error_content(lang, error),
        radio("yes", lang.pick("是", "Yes")),
        radio("no", lang.pick("否", "No")),
    )
}

/// A section of the form with its fields' markup, and the button to the next section (shown on
/// phones once the island runs, hidden on the last).
pub fn section(lang: Lang, id: &str, title: &Text, fields: &str, last: bool) -> String {
    let sig = section_signature(lang, id, title);
    section_with(lang, id, title, fields, last, &sig)
}

/// What a section's own markup depends on (its fields are kept up to date one by one).
pub fn section_signature(lang: Lang, id: &str, title: &Text) -> String {
    signature(&section_with(lang, id, title, "", false, ""))
}

fn section_with(lang: Lang, id: &str, title: &Text, fields: &str, last: bool, sig: &str) -> String {
    let id = escape(id);
    format!(
        r#"<fieldset class="form-section" id="s-{id}" data-key="{id}" data-h="{sig}" tabindex="-1"><legend><h2>{}</h2></legend><div class="fields">{fields}</div><button type="button" class="button next-section"{}>{}</button></fieldset>"#,
        escape(lang.of(title)),
        if last { " hidden" } else { "" },
        lang.pick("下一部分", "Next section"),
    )
}

/// Where a section of the form stands, as its task says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SectionStatus {
    Complete,
    NotDone,
    NeedsAttention,
}

/// The task list's entries: every section with its state; `current` is the one shown.
pub fn tasks(lang: Lang, titles: &[(&Text, SectionStatus)], current: usize) -> String {
    let mut h = String::new();
    for (index, (title, status)) in titles.iter().enumerate() {
        let (class, label) = match status {
            SectionStatus::Complete => (" tag-approved", lang.pick("已完成", "Completed")),
            SectionStatus::NotDone => ("", lang.pick("未完成", "Not done")),
            SectionStatus::NeedsAttention => (" tag-error", lang.pick("需修改", "Needs attention")),
        };
        let _ = write!(
            h,
            r#"<li><button type="button" class="task" data-index="{index}"{}><span class="task-title">{}</span><span class="tag{class}">{label}</span></button></li>"#,
            if index == current {
                r#" aria-current="step""#
            } else {
                ""
            },
            escape(lang.of(title)),
        );
    }
    h
}

/// A link to this form with these items.
fn apply_link(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("items={i}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// What the citizen is applying for (items a situation added say why), a link to change the
/// items, and what must be done before submitting (each with its one-click fix).
pub fn summary(lang: Lang, catalog: &Catalog, bundle: &Bundle, chosen: &[String]) -> String {
    let name = |id: &str| catalog.item_name(id);
    let mut h = format!(
        r#"<h2 id="summary-h">{}</h2><ul class="item-list">"#,
        lang.pick("您要办理的事项", "What you are applying for")
    );
    for item in &bundle.items {
        let _ = write!(h, "<li>{}", escape(lang.of(&item.name)));
        if let Inclusion::Situation { reason, .. } = &item.inclusion {
            let _ = write!(h, r#"<p class="hint">{}</p>"#, escape(lang.of(reason)));
        }
        h.push_str("</li>");
    }
    let _ = write!(
        h,
        r#"</ul><p><a href="/?{}">{}</a></p>"#,
        escape(&apply_link(chosen)),
        lang.pick("更改所选事项", "Change the items"),
    );
    if !bundle.problems.is_empty() {
        let _ = write!(
            h,
            r#"<div class="notice" role="status"><h3>{}</h3><ul>"#,
            lang.pick("提交前需要处理", "Before you can submit")
        );
        for problem in &bundle.problems {
            match problem {
                Problem::MissingPrerequisite {
                    item, add, reason, ..
                } => {
                    let mut ids = chosen.to_vec();
                    ids.push(add.clone());
                    let (a, b) = (name(item), name(add));
                    let link = lang.pick(
                        format!("把“{}”加入本次办理（{}需要它）", b.zh, a.zh),
                        format!("Add “{}” to this application ({} needs it)", b.en, a.en),
                    );
                    let _ = write!(
                        h,
                        r#"<li>{} <a href="/apply?{}">{}</a></li>"#,
                        escape(lang.of(reason)),
                        escape(&apply_link(&ids)),
                        escape(&link),
                    );
                }
                Problem::Excluded {
                    item,
                    other,
                    reason,
                } => {
                    let (a, b) = (name(item), name(other));
                    let together = lang.pick(
                        format!("“{}”与“{}”不能同时申请：", a.zh, b.zh),
                        format!("“{}” and “{}” cannot be applied for together: ", a.en, b.en),
                    );
                    let _ = write!(
                        h,
                        "<li>{}{}</li>",
                        escape(&together),
                        escape(lang.of(reason))
                    );
                }
            }
        }
        h.push_str("</ul></div>");
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_catalog_or_the_citizen_cannot_become_markup() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn any_change_to_markup_changes_its_signature_and_the_same_markup_keeps_it() {
        let markup = r#"<div class="field" data-key="name"><label for="f-name">姓名</label></div>"#;
        assert_eq!(signature(markup), signature(&String::from(markup)));
        let mut seen = std::collections::BTreeSet::new();
        seen.insert(signature(markup));
        // A one-character change at every ASCII place, the tail (not a whole word) included.
        for (at, c) in markup
            .char_indices()
            .filter(|(_, c)| c.is_ascii_alphanumeric())
        {
            let other = if c == 'x' { "y" } else { "x" };
            let changed = format!("{}{other}{}", &markup[..at], &markup[at + 1..]);
            assert!(seen.insert(signature(&changed)), "a change at byte {at}");
        }
        // A longer or shorter piece, too.
        assert_ne!(signature(markup), signature(&format!("{markup} ")));
        assert_ne!(signature(""), signature("\0"));
    }
}
