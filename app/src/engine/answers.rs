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
        } else if let Err(message) = check_against_other_dates(bundle, field, value, answers) {
            errors.insert(field.key.clone(), message);
        }
    }
    errors
}

/// A date that must not come before another date of the form (a completion after its start).
/// Checked once both are valid dates; the other field's own message covers it otherwise.
fn check_against_other_dates(
    bundle: &Bundle,
    field: &MergedField,
    value: &str,
    answers: &Answers,
) -> Result<(), Text> {
    let Some(other_key) = &field.dates.not_before else {
        return Ok(());
    };
    let Some(other) = bundle
        .form
        .fields()
        .find(|f| &f.key == other_key && f.shown)
    else {
        return Ok(());
    };
    let other_value = answers.get(other_key).map(|v| v.trim()).unwrap_or("");
    match (Date::parse_iso(value), Date::parse_iso(other_value)) {
        (Some(date), Some(earliest)) if date < earliest => {
            Err(validate::not_before_date(&other.label, earliest))
        }
        _ => Ok(()),
    }
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
        FieldKind::Date => {
            let date = Date::parse_iso(value).ok_or_else(|| {
                Text::new(
                    "请按“年-月-日”填写真实日期，例如 2026-03-01。",
                    "Enter a real date as year-month-day, e.g. 2026-03-01.",
                )
            })?;
            if field.dates.not_after_today && date > today {
                return Err(validate::date_in_future(today));
            }
            if field.dates.not_before_today && date < today {
                return Err(validate::date_in_past(today));
            }
            Ok(())
        }
        FieldKind::Number => {
            let n = validate::decimal(value).ok_or_else(validate::not_a_number)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compose::compose;
    use crate::engine::test_support::{answers, ids, seed};
    use std::collections::BTreeSet;

    const MAN: &str = "110105199003070017";
    const WOMAN: &str = "110105199003070025";
    const CARD: &str = "6222021234567890128";

    fn today() -> Date {
        Date::new(2026, 2, 14).unwrap()
    }

    fn seed_bundle(items: &[&str], given: &Answers) -> Bundle {
        compose(&seed(), &ids(items), given, &BTreeSet::new()).expect("composes")
    }

    /// A complete, valid unemployment benefit claim.
    fn benefit_claim() -> Answers {
        answers(&[
            ("name", "张三"),
            ("id_number", MAN),
            ("phone", "13800138000"),
            ("address", "中山市石岐区孙文中路1号"),
            ("employer_name", "中山市某某有限公司"),
            ("last_work_date", "2026-01-31"),
            ("unemployment_reason", "contract_expired"),
            ("bank_name", "中国工商银行"),
            ("bank_account", CARD),
        ])
    }

    fn error_keys(errors: &FieldErrors) -> Vec<&str> {
        errors.keys().map(String::as_str).collect()
    }

    fn field<'a>(bundle: &'a Bundle, key: &str) -> &'a MergedField {
        bundle.form.field(key).unwrap()
    }

    // --- derive ---

    #[test]
    fn birth_date_and_sex_follow_from_the_id_number() {
        let b = seed_bundle(&["basic_pension"], &Answers::new());
        let man = derive(&b.form, &answers(&[("id_number", MAN)]), today());
        assert_eq!(man["birth_date"], "1990-03-07");
        assert_eq!(man["sex"], "male");
        let woman = derive(&b.form, &answers(&[("id_number", WOMAN)]), today());
        assert_eq!(woman["sex"], "female");
    }

    #[test]
    fn a_derived_value_the_citizen_typed_is_replaced_by_the_one_from_the_id_number() {
        let b = seed_bundle(&["basic_pension"], &Answers::new());
        let typed = answers(&[
            ("id_number", MAN),
            ("birth_date", "2000-01-01"),
            ("sex", "female"),
        ]);
        let out = derive(&b.form, &typed, today());
        assert_eq!(
            (out["birth_date"].as_str(), out["sex"].as_str()),
            ("1990-03-07", "male")
        );
    }

    #[test]
    fn derived_values_are_cleared_while_the_id_number_is_incomplete() {
        let b = seed_bundle(&["basic_pension"], &Answers::new());
        let typed = answers(&[
            ("id_number", "1101051990"),
            ("birth_date", "1990-03-07"),
            ("name", "张三"),
        ]);
        let out = derive(&b.form, &typed, today());
        assert!(!out.contains_key("birth_date") && !out.contains_key("sex"));
        assert_eq!(out["name"], "张三", "other answers are untouched");
        assert_eq!(out["id_number"], "1101051990");
    }

    #[test]
    fn a_form_without_derived_fields_is_left_as_typed() {
        let b = seed_bundle(&["unemployment_benefit"], &Answers::new());
        let given = benefit_claim();
        assert_eq!(derive(&b.form, &given, today()), given);
    }

    // --- check ---

    #[test]
    fn a_complete_valid_claim_has_no_errors() {
        let b = seed_bundle(&["unemployment_benefit"], &Answers::new());
        assert_eq!(check(&b, &benefit_claim(), today()), FieldErrors::new());
    }

    #[test]
    fn an_empty_claim_is_missing_exactly_its_required_fields_keyed_by_field() {
        let b = seed_bundle(&["unemployment_benefit"], &Answers::new());
        let errors = check(&b, &Answers::new(), today());
        assert_eq!(
            error_keys(&errors),
            [
                "address",
                "bank_account",
                "bank_name",
                "employer_name",
                "id_number",
                "last_work_date",
                "name",
                "phone",
                "unemployment_reason"
            ],
            "the optional employer credit code is not among them"
        );
        assert!(errors.values().all(|e| *e == validate::required_missing()));
    }

    #[test]
    fn a_malformed_value_gets_its_own_message_under_its_own_key() {
        let b = seed_bundle(&["unemployment_benefit"], &Answers::new());
        let mut given = benefit_claim();
        given.insert("phone".into(), "12345".into());
        given.insert("bank_account".into(), "6222021234567890127".into());
        let errors = check(&b, &given, today());
        assert_eq!(error_keys(&errors), ["bank_account", "phone"]);
        assert_ne!(errors["phone"], validate::required_missing());
    }

    #[test]
    fn surrounding_spaces_do_not_make_a_value_invalid() {
        let b = seed_bundle(&["unemployment_benefit"], &Answers::new());
        let mut given = benefit_claim();
        given.insert("phone".into(), " 13800138000 ".into());
        given.insert("name".into(), "   ".into());
        assert_eq!(
            error_keys(&check(&b, &given, today())),
            ["name"],
            "blank is empty"
        );
    }

    #[test]
    fn a_conditional_field_is_required_only_when_its_condition_holds() {
        let mut given = answers(&[
            ("name", "张三"),
            ("id_number", MAN),
            ("phone", "13800138000"),
            ("address", "中山市"),
            ("last_work_date", "2026-01-31"),
            ("unemployment_reason", "dismissed"),
        ]);
        let b = seed_bundle(&["unemployment_registration"], &given);
        assert!(check(&b, &given, today()).is_empty());

        given.insert("unemployment_reason".into(), "other".into());
        let b = seed_bundle(&["unemployment_registration"], &given);
        assert_eq!(
            error_keys(&check(&b, &given, today())),
            ["unemployment_reason_detail"]
        );
    }

    #[test]
    fn an_unanswered_or_garbled_situational_question_is_an_error_under_its_id() {
        for given in [None, Some(""), Some("maybe")] {
            let a: Answers = given
                .map(|v| answers(&[("affects_carriageway", v)]))
                .unwrap_or_default();
            let b = seed_bundle(&["road_occupation"], &a);
            let errors = check(&b, &a, today());
            assert!(
                errors.contains_key("affects_carriageway"),
                "answer {given:?}"
            );
            assert!(errors.contains_key("involves_highway"));
        }
        let a = answers(&[("affects_carriageway", "no"), ("involves_highway", "no")]);
        let b = seed_bundle(&["road_occupation"], &a);
        let errors = check(&b, &a, today());
        assert!(
            !errors.contains_key("affects_carriageway") && !errors.contains_key("involves_highway")
        );
        assert!(
            errors.contains_key("road_name"),
            "other fields are still checked"
        );
    }

    #[test]
    fn derived_fields_are_not_checked_because_they_are_not_asked() {
        let b = seed_bundle(&["basic_pension"], &Answers::new());
        let errors = check(&b, &answers(&[("id_number", MAN)]), today());
        assert!(!errors.contains_key("birth_date") && !errors.contains_key("sex"));
        assert!(errors.contains_key("retirement_type"));
    }

    // --- check_field: one keystroke ---

    #[test]
    fn the_narrowest_maximum_length_applies_when_typing() {
        let a = answers(&[("affects_carriageway", "yes")]);
        let b = seed_bundle(&["road_occupation"], &a);
        let address = field(&b, "site_address");
        assert!(check_field(address, &"路".repeat(60), today()).is_ok());
        assert_eq!(
            check_field(address, &"路".repeat(61), today()),
            Err(validate::too_long(60))
        );
        let plan = field(&b, "traffic_plan");
        assert_eq!(
            check_field(plan, "短", today()),
            Err(validate::too_short(20))
        );
    }

    #[test]
    fn an_option_an_item_forbids_is_refused() {
        let b = seed_bundle(&["unemployment_registration"], &Answers::new());
        assert!(check_field(field(&b, "unemployment_reason"), "voluntary", today()).is_ok());
        let b = seed_bundle(
            &["unemployment_registration", "unemployment_benefit"],
            &Answers::new(),
        );
        let reason = field(&b, "unemployment_reason");
        assert_eq!(
            check_field(reason, "voluntary", today()),
            Err(validate::not_an_option())
        );
        assert!(check_field(reason, "dismissed", today()).is_ok());
    }

    #[test]
    fn a_date_that_has_happened_cannot_be_tomorrow_and_a_planned_one_cannot_be_yesterday() {
        let injury = seed_bundle(&["work_injury_determination"], &Answers::new());
        let injury_date = field(&injury, "injury_date");
        assert!(check_field(injury_date, &today().to_string(), today()).is_ok());
        assert!(check_field(injury_date, "2026-02-01", today()).is_ok());
        assert_eq!(
            check_field(injury_date, "2026-02-15", today()),
            Err(validate::date_in_future(today()))
        );
        let works = seed_bundle(&["road_occupation"], &Answers::new());
        let start = field(&works, "work_start_date");
        assert!(check_field(start, &today().to_string(), today()).is_ok());
        assert_eq!(
            check_field(start, "2026-01-15", today()),
            Err(validate::date_in_past(today()))
        );
    }

    #[test]
    fn a_completion_before_its_start_is_refused_beside_the_completion() {
        let answers_with = |start: &str, end: &str| -> Answers {
            [("work_start_date", start), ("work_end_date", end)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let given = answers_with("2026-03-10", "2026-03-09");
        let works = seed_bundle(&["road_occupation"], &given);
        let errors = check(&works, &given, today());
        let start = field(&works, "work_start_date");
        assert_eq!(
            errors.get("work_end_date"),
            Some(&validate::not_before_date(
                &start.label,
                Date::parse_iso("2026-03-10").unwrap()
            ))
        );
        assert!(!errors.contains_key("work_start_date"));
        // The same day, or later, is fine; so is a start not yet given (its own message says so).
        for (s, e) in [
            ("2026-03-10", "2026-03-10"),
            ("2026-03-10", "2026-04-01"),
            ("", "2026-04-01"),
        ] {
            let given = answers_with(s, e);
            let errors = check(&seed_bundle(&["road_occupation"], &given), &given, today());
            assert!(!errors.contains_key("work_end_date"), "{s} → {e}");
        }
    }

    #[test]
    fn numbers_dates_and_yes_no_are_checked_by_kind() {
        let b = seed_bundle(&["fire_safety_check", "road_occupation"], &Answers::new());
        let area = field(&b, "floor_area");
        assert!(check_field(area, "120.5", today()).is_ok());
        assert_eq!(
            check_field(area, "大约一百", today()),
            Err(validate::not_a_number())
        );
        let start = field(&b, "work_start_date");
        assert!(check_field(start, "2026-03-01", today()).is_ok());
        assert!(check_field(start, "2026-02-30", today()).is_err());
        let carriageway = field(&b, "affects_carriageway");
        assert!(check_field(carriageway, "no", today()).is_ok());
        assert!(check_field(carriageway, "perhaps", today()).is_err());
        let optional = field(&b, "business_credit_code");
        assert!(!optional.required && check_field(optional, "", today()).is_ok());
    }
}
