//! Checking a citizen's answers against the merged form, and filling derived values.

use std::collections::BTreeMap;

use super::calendar::Date;
use super::catalog::{Derivation, FieldKind, Text};
use super::compose::{Answers, Bundle, MergedField, MergedForm};
use super::validate;

/// Errors by field key (or question id), each in both languages.
pub type FieldErrors = BTreeMap<String, Text>;

/// Fills values that follow from other answers (birth date and sex from the ID number), so they
/// are never asked twice. Answers the citizen typed for a derived field are replaced.
pub fn derive(form: &MergedForm, answers: &Answers, today: Date) -> Answers {
    let mut out = answers.clone();
    let info = answers
        .get("id_number")
        .and_then(|v| validate::id_number(v.trim(), today).ok());
    for field in form.fields().filter(|f| f.derived.is_some()) {
        match (&info, field.derived) {
            (Some(info), Some(Derivation::BirthDateFromIdNumber)) => {
                out.insert(field.key.clone(), info.birth_date.to_string());
            }
            (Some(info), Some(Derivation::SexFromIdNumber)) => {
                out.insert(field.key.clone(), info.sex.code().to_string());
            }
            _ => {
                out.remove(&field.key);
            }
        }
    }
    out
}

/// Checks every shown, asked field and every applicable situational question.
pub fn check(bundle: &Bundle, answers: &Answers, today: Date) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for q in &bundle.questions {
        if q.answer.is_none() {
            errors.insert(
                q.id.clone(),
                Text::new(
                    "请回答这个问题，它决定需要办理哪些事项。",
                    "Answer this question: it decides which items you need.",
                ),
            );
        }
    }
    for field in bundle.form.fields().filter(|f| f.asked()) {
        let value = answers.get(&field.key).map(|v| v.trim()).unwrap_or("");
        if let Err(message) = check_field(field, value, today) {
            errors.insert(field.key.clone(), message);
        }
    }
    errors
}

/// Checks one value: used per keystroke in the browser, so it touches nothing else.
pub fn check_field(field: &MergedField, value: &str, today: Date) -> Result<(), Text> {
    if value.is_empty() {
        return if field.required {
            Err(validate::required_missing())
        } else {
            Ok(())
        };
    }
    let chars = value.chars().count() as u32;
    if let Some(min) = field.min_len {
        if chars < min {
            return Err(validate::too_short(min));
        }
    }
    if let Some(max) = field.max_len {
        if chars > max {
            return Err(validate::too_long(max));
        }
    }
    match field.kind {
        FieldKind::IdNumber => validate::id_number(value, today).map(|_| ()),
        FieldKind::CreditCode => validate::credit_code(value),
        FieldKind::Mobile => validate::mobile(value),
        FieldKind::BankCard => validate::bank_card(value),
        FieldKind::Postcode => validate::postcode(value),
        FieldKind::Date => Date::parse_iso(value).map(|_| ()).ok_or_else(|| {
            Text::new(
                "请按“年-月-日”填写真实日期，例如 2026-03-01。",
                "Enter a real date as year-month-day, e.g. 2026-03-01.",
            )
        }),
        FieldKind::Number => {
            let n: f64 = value.parse().map_err(|_| validate::not_a_number())?;
            if let Some(min) = field.min {
                if n < min {
                    return Err(validate::below(min));
                }
            }
            if let Some(max) = field.max {
                if n > max {
                    return Err(validate::above(max));
                }
            }
            Ok(())
        }
        FieldKind::Select | FieldKind::YesNo => {
            let allowed = if field.kind == FieldKind::YesNo {
                value == "yes" || value == "no"
            } else {
                field.options.iter().any(|c| c.value == value)
            };
            if allowed {
                Ok(())
            } else {
                Err(validate::not_an_option())
            }
        }
        FieldKind::Text | FieldKind::LongText => Ok(()),
    }
}
