//! One question of the merged form: label, hint, "used by", the input and its error, in that order
//! (GOV.UK question pattern), so screen readers hear the error with the label.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::engine::catalog::FieldKind;
use crate::engine::{Date, MergedField, Text};
use crate::i18n::{l, t, tr, Bi};

/// Input name in the submitted form; server functions read `answers[key]` as a map.
pub fn input_name(key: &str) -> String {
    format!("answers[{key}]")
}

pub fn input_id(key: &str) -> String {
    format!("f-{key}")
}

/// The values a select offers with their labels: the catalog's options, or 是/否 for a yes-or-no
/// question.
pub fn choices(field: &MergedField) -> Vec<(String, Text)> {
    if field.kind == FieldKind::YesNo {
        vec![
            ("yes".to_string(), t("是", "Yes")),
            ("no".to_string(), t("否", "No")),
        ]
    } else {
        field
            .options
            .iter()
            .map(|c| (c.value.clone(), c.label.clone()))
            .collect()
    }
}

#[component]
pub fn FieldInput(
    field: MergedField,
    /// Names of the items that use this field, for the "used by" hint.
    used_by: Vec<Text>,
    value: Signal<String>,
    error: Signal<Option<Text>>,
    on_input: Callback<(String, String)>,
    on_blur: Callback<String>,
    /// Today, for a date's picker to offer only the days its rule allows (the engine still
    /// checks what is typed).
    #[prop(optional)]
    today: Option<Date>,
) -> impl IntoView {
    let id = input_id(&field.key);
    let today = today.filter(|_| field.kind == FieldKind::Date);
    let latest = today
        .filter(|_| field.dates.not_after_today)
        .map(|d| d.to_string());
    let earliest = today
        .filter(|_| field.dates.not_before_today)
        .map(|d| d.to_string());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let key = field.key.clone();
    let described = move || {
        let mut ids = vec![hint_id.clone()];
        if error.with(Option::is_some) {
            ids.push(format!("f-{}-error", key));
        }
        ids.join(" ")
    };
    let derived = field.derived.is_some();
    let k_input = field.key.clone();
    let k_blur = field.key.clone();
    let oninput =
        move |ev: leptos::ev::Event| on_input.run((k_input.clone(), event_target_value(&ev)));
    let onblur = move |_| on_blur.run(k_blur.clone());
    let has_error = move || error.with(Option::is_some);

    let control = match field.kind {
        FieldKind::LongText => EitherOf3::A(view! {
            <textarea
                id=id.clone()
                name=input_name(&field.key)
                rows="4"
                aria-describedby=described.clone()
                aria-invalid=move || has_error().to_string()
                required=field.required
                maxlength=field.max_len.map(|n| n.to_string())
                on:input=oninput.clone()
                on:blur=onblur.clone()
            >{value.get_untracked()}</textarea>
        }),
        FieldKind::Select | FieldKind::YesNo => {
            let options = choices(&field);
            EitherOf3::B(view! {
                <select
                    id=id.clone()
                    name=input_name(&field.key)
                    aria-describedby=described.clone()
                    aria-invalid=move || has_error().to_string()
                    required=field.required
                    on:change=oninput.clone()
                    on:blur=onblur.clone()
                    disabled=derived
                >
                    <option value="">{l("请选择", "Choose")}</option>
                    {options.into_iter().map(|(v, label)| {
                        let selected = { let v = v.clone(); move || value.get() == v };
                        view! { <option value=v selected=selected>{tr(&label)}</option> }
                    }).collect_view()}
                </select>
            })
        }
        kind => {
            let (input_type, mode, autocomplete) = match kind {
                FieldKind::Date => ("date", None, None),
                FieldKind::Mobile => ("tel", Some("tel"), Some("tel")),
                FieldKind::Number => ("text", Some("decimal"), None),
                FieldKind::BankCard | FieldKind::Postcode => ("text", Some("numeric"), None),
                _ => ("text", None, None),
            };
            let autocomplete = autocomplete.or(match field.key.as_str() {
                "name" => Some("name"),
                "postcode" => Some("postal-code"),
                _ => None,
            });
            EitherOf3::C(view! {
                <input
                    id=id.clone()
                    name=input_name(&field.key)
                    type=input_type
                    inputmode=mode
                    autocomplete=autocomplete
                    aria-describedby=described.clone()
                    aria-invalid=move || has_error().to_string()
                    required=field.required
                    maxlength=field.max_len.map(|n| n.to_string())
                    min=earliest
                    max=latest
                    readonly=derived
                    // Derived values follow the ID number; typed values are left to the browser so
                    // the caret never jumps while typing.
                    prop:value=move || if derived { value.get() } else { value.get_untracked() }
                    value=value.get_untracked()
                    on:input=oninput.clone()
                    on:blur=onblur.clone()
                />
            })
        }
    };

    let optional = !field.required && !derived;
    view! {
        <div class="field" class:field-error=has_error>
            <label for=id.clone()>
                <Bi text=field.label.clone()/>
                {optional.then(|| view! { <span class="optional">{l(" （选填）", " (optional)")}</span> })}
            </label>
            <p class="hint" id=format!("{id}-hint")>
                {field.hint.clone().map(|h| view! { <Bi text=h/><br/> })}
                {derived.then(|| view! { <Bi text=t("根据身份证号码自动生成，无需填写。", "Filled from your ID number; nothing to type.")/><br/> })}
                <span class="used-by">{super::used_by(&used_by)}</span>
            </p>
            <p class="error-message" id=error_id aria-live="polite">
                {move || error.get().map(|e| view! { <span class="visually-hidden">{l("错误：", "Error: ")}</span><Bi text=e/> })}
            </p>
            {control}
        </div>
    }
}
