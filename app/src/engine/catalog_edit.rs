//! A catalog editor's change to one item of the draft, as the item form sends it — its names,
//! department, working days, and which materials and fields it asks for: parsed and checked
//! whole here (the page and the server agree on every message), then applied to the
//! draft. The catalog check (`catalog_check::problems`) still runs on the whole draft before it
//! is published.

use super::catalog::{Catalog, Exclusion, FieldUse, Item, MaterialUse, Text};

/// The item form's inputs, in the order they appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditField {
    NameZh,
    NameEn,
    Department,
    CommittedDays,
    StatutoryDays,
    AddMaterial,
    AddField,
    AddExclusion,
    ExclusionReasonZh,
    ExclusionReasonEn,
}

pub const EDIT_FIELDS: [EditField; 10] = [
    EditField::NameZh,
    EditField::NameEn,
    EditField::Department,
    EditField::CommittedDays,
    EditField::StatutoryDays,
    EditField::AddMaterial,
    EditField::AddField,
    EditField::AddExclusion,
    EditField::ExclusionReasonZh,
    EditField::ExclusionReasonEn,
];

impl EditField {
    /// The input's name in the form and in the address after a refused post.
    pub fn code(self) -> &'static str {
        match self {
            EditField::NameZh => "name_zh",
            EditField::NameEn => "name_en",
            EditField::Department => "department",
            EditField::CommittedDays => "committed_days",
            EditField::StatutoryDays => "statutory_days",
            EditField::AddMaterial => "add_material",
            EditField::AddField => "add_field",
            EditField::AddExclusion => "add_exclusion",
            EditField::ExclusionReasonZh => "exclusion_reason_zh",
            EditField::ExclusionReasonEn => "exclusion_reason_en",
        }
    }
    pub fn from_code(code: &str) -> Option<EditField> {
        EDIT_FIELDS.into_iter().find(|f| f.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditProblem {
    Empty,
    TooLong,
    UnknownDepartment,
    NotDays,
    LongerThanStatutory,
    NotInCatalog,
    NotAnotherItem,
}

impl EditProblem {
    pub fn code(self) -> &'static str {
        match self {
            EditProblem::Empty => "empty",
            EditProblem::TooLong => "too-long",
            EditProblem::UnknownDepartment => "unknown-department",
            EditProblem::NotDays => "not-days",
            EditProblem::LongerThanStatutory => "longer-than-statutory",
            EditProblem::NotInCatalog => "not-in-catalog",
            EditProblem::NotAnotherItem => "not-another-item",
        }
    }
    pub fn from_code(code: &str) -> Option<EditProblem> {
        [
            EditProblem::Empty,
            EditProblem::TooLong,
            EditProblem::UnknownDepartment,
            EditProblem::NotDays,
            EditProblem::LongerThanStatutory,
            EditProblem::NotInCatalog,
            EditProblem::NotAnotherItem,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }

    /// What the form says beside the input, in both languages.
    pub fn message(self) -> Text {
        match self {
            EditProblem::Empty => Text::new("请填写此项。", "Fill this in."),
            EditProblem::TooLong => Text::new(
                format!("最多{MAX_NAME}个字符。"),
                format!("At most {MAX_NAME} characters."),
            ),
            EditProblem::UnknownDepartment => Text::new(
                "请从列表中选择办理部门。",
                "Choose the handling department from the list.",
            ),
            EditProblem::NotDays => Text::new(
                format!("请填写1至{MAX_DAYS}之间的整数（工作日）。"),
                format!("Enter a whole number of working days from 1 to {MAX_DAYS}."),
            ),
            EditProblem::LongerThanStatutory => Text::new(
                "承诺时限不得长于法定时限：请缩短承诺时限，或核对法定时限。",
                "The committed time cannot be longer than the statutory time: shorten it, or check the statutory time.",
            ),
            EditProblem::NotInCatalog => Text::new(
                "请从列表中选择；清单中没有这一项。",
                "Choose from the list: the catalog has no such entry.",
            ),
            EditProblem::NotAnotherItem => Text::new(
                "请填写清单中另一个事项的编号（不是本事项，也尚未列为不能同时申请）。",
                "Give the id of another item in the catalog (not this one, and not already listed as excluded).",
            ),
        }
    }
}

/// Longest name a citizen's screen is laid out for.
pub const MAX_NAME: usize = 120;
/// A year of working days: anything longer is a typing slip.
pub const MAX_DAYS: u32 = 250;

/// What becomes of one of the item's materials or fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    Required,
    Optional,
    Remove,
}

impl Keep {
    pub fn code(self) -> &'static str {
        match self {
            Keep::Required => "required",
            Keep::Optional => "optional",
            Keep::Remove => "remove",
        }
    }
    pub fn from_code(code: &str) -> Option<Keep> {
        [Keep::Required, Keep::Optional, Keep::Remove]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// What the item form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemForm {
    pub item: String,
    pub name_zh: String,
    pub name_en: String,
    pub department: String,
    pub committed_days: String,
    pub statutory_days: String,
    /// `(material key, keep code)` for the item's materials, as the form lists them.
    pub materials: Vec<(String, String)>,
    /// A material of the catalog to add (required), or empty.
    pub add_material: String,
    /// `(field key, keep code)` for the item's fields.
    pub fields: Vec<(String, String)>,
    /// A field of the catalog to ask for too (required), or empty.
    pub add_field: String,
    /// The item as the form showed it (see `DraftItemRow::fingerprint`); empty: not checked.
    pub fingerprint: String,
    /// `(rule code, keep code)` for the item's rules (see `rule_code`); only "remove" acts.
    pub rules: Vec<(String, String)>,
    /// Another item it cannot be applied for with, and why (both languages), or empty.
    pub add_exclusion: String,
    pub exclusion_reason_zh: String,
    pub exclusion_reason_en: String,
}

/// How the item form names one of an item's rules: "requires:<item>:<material>" or
/// "excludes:<item>".
pub fn rule_codes(item: &Item) -> Vec<String> {
    item.requires
        .iter()
        .map(|r| format!("requires:{}:{}", r.item, r.material))
        .chain(item.excludes.iter().map(|e| format!("excludes:{}", e.item)))
        .collect()
}

impl ItemForm {
    /// The form's inputs as posted (`name=value` pairs; `material:<key>` and `field:<key>` for
    /// each of the item's materials and fields).
    pub fn from_pairs(pairs: &[(String, String)]) -> ItemForm {
        let mut form = ItemForm::default();
        for (name, value) in pairs {
            let value = value.chars().take(500).collect::<String>();
            match name.as_str() {
                "item" => form.item = value.trim().to_string(),
                "name_zh" => form.name_zh = value,
                "name_en" => form.name_en = value,
                "department" => form.department = value,
                "committed_days" => form.committed_days = value,
                "statutory_days" => form.statutory_days = value,
                "add_material" => form.add_material = value.trim().to_string(),
                "add_field" => form.add_field = value.trim().to_string(),
                "fingerprint" => form.fingerprint = value.trim().to_string(),
                "add_exclusion" => form.add_exclusion = value.trim().to_string(),
                "exclusion_reason_zh" => form.exclusion_reason_zh = value,
                "exclusion_reason_en" => form.exclusion_reason_en = value,
                other => {
                    if let Some(key) = other.strip_prefix("material:") {
                        form.materials.push((key.to_string(), value));
                    } else if let Some(key) = other.strip_prefix("field:") {
                        form.fields.push((key.to_string(), value));
                    } else if let Some(code) = other.strip_prefix("rule:") {
                        form.rules.push((code.to_string(), value));
                    }
                }
            }
        }
        form
    }
}

/// A checked change to one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemEdit {
    pub item: String,
    pub name: Text,
    pub department: String,
    pub committed_days: u32,
    pub statutory_days: Option<u32>,
    /// For the item's own materials and fields only (others in the form are ignored: a stale
    /// page after another editor's change).
    pub materials: Vec<(String, Keep)>,
    pub add_material: Option<String>,
    pub fields: Vec<(String, Keep)>,
    pub add_field: Option<String>,
    /// Rules (by `rule_codes`) to remove.
    pub remove_rules: Vec<String>,
    /// Another item it excludes, and why.
    pub add_exclusion: Option<(String, Text)>,
}

/// Why an item form was refused: the item is not in the draft, or these inputs need another
/// try (every one of them, in the form's order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    UnknownItem,
    Invalid(Vec<(EditField, EditProblem)>),
}

/// A name or reason as typed, trimmed; a problem noted when it is empty or too long.
fn name(field: EditField, typed: &str, problems: &mut Vec<(EditField, EditProblem)>) -> String {
    let typed = typed.trim();
    if typed.is_empty() {
        problems.push((field, EditProblem::Empty));
    } else if typed.chars().count() > MAX_NAME {
        problems.push((field, EditProblem::TooLong));
    }
    typed.to_string()
}

fn days(typed: &str) -> Option<u32> {
    // Full-width digits from a Chinese input method count as digits.
    let ascii: String = typed
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    ascii
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=MAX_DAYS).contains(d))
}

impl ItemForm {
    pub fn parse(&self, draft: &Catalog) -> Result<ItemEdit, EditError> {
        let Some(item) = draft.item(&self.item) else {
            return Err(EditError::UnknownItem);
        };
        let mut problems = Vec::new();
        let zh = name(EditField::NameZh, &self.name_zh, &mut problems);
        let en = name(EditField::NameEn, &self.name_en, &mut problems);
        if draft.department(self.department.trim()).is_none() {
            problems.push((EditField::Department, EditProblem::UnknownDepartment));
        }
        let committed = days(&self.committed_days);
        if committed.is_none() {
            problems.push((EditField::CommittedDays, EditProblem::NotDays));
        }
        let statutory = match self.statutory_days.trim() {
            "" => Ok(None),
            typed => days(typed).map(Some).ok_or(()),
        };
        match (&statutory, committed) {
            (Err(()), _) => problems.push((EditField::StatutoryDays, EditProblem::NotDays)),
            (Ok(Some(s)), Some(c)) if c > *s => {
                problems.push((EditField::CommittedDays, EditProblem::LongerThanStatutory))
            }
            _ => {}
        }
        let add_material = match self.add_material.as_str() {
            "" => None,
            key if draft.material(key).is_some() => Some(key.to_string()),
            _ => {
                problems.push((EditField::AddMaterial, EditProblem::NotInCatalog));
                None
            }
        };
        let add_field = match self.add_field.as_str() {
            "" => None,
            key if draft.field(key).is_some() => Some(key.to_string()),
            _ => {
                problems.push((EditField::AddField, EditProblem::NotInCatalog));
                None
            }
        };
        let add_exclusion = match self.add_exclusion.as_str() {
            "" => None,
            other => {
                if other == item.id
                    || draft.item(other).is_none()
                    || item.excludes.iter().any(|e| e.item == other)
                {
                    problems.push((EditField::AddExclusion, EditProblem::NotAnotherItem));
                }
                let zh = name(
                    EditField::ExclusionReasonZh,
                    &self.exclusion_reason_zh,
                    &mut problems,
                );
                let en = name(
                    EditField::ExclusionReasonEn,
                    &self.exclusion_reason_en,
                    &mut problems,
                );
                Some((other.to_string(), Text::new(zh, en)))
            }
        };
        let codes = rule_codes(item);
        let remove_rules = self
            .rules
            .iter()
            .filter(|(code, keep)| keep == "remove" && codes.contains(code))
            .map(|(code, _)| code.clone())
            .collect();
        let materials = self
            .materials
            .iter()
            .filter(|(key, _)| item.materials.iter().any(|m| &m.key == key))
            .filter_map(|(key, keep)| Some((key.clone(), Keep::from_code(keep)?)))
            .collect();
        let fields = self
            .fields
            .iter()
            .filter(|(key, _)| item.fields.iter().any(|f| &f.key == key))
            .filter_map(|(key, keep)| Some((key.clone(), Keep::from_code(keep)?)))
            .collect();
        match (committed, statutory) {
            (Some(committed_days), Ok(statutory_days)) if problems.is_empty() => Ok(ItemEdit {
                item: self.item.clone(),
                name: Text::new(zh, en),
                department: self.department.trim().to_string(),
                committed_days,
                statutory_days,
                materials,
                add_material,
                fields,
                add_field,
                remove_rules,
                add_exclusion,
            }),
            _ => {
                problems.sort_by_key(|(f, _)| EDIT_FIELDS.iter().position(|x| x == f));
                Err(EditError::Invalid(problems))
            }
        }
    }
}

impl ItemEdit {
    /// Applies the change to the draft; returns whether anything changed.
    pub fn apply(&self, draft: &mut Catalog) -> bool {
        let Some(item) = draft.items.iter_mut().find(|i| i.id == self.item) else {
            return false;
        };
        let before = item.clone();
        item.name = self.name.clone();
        item.department = self.department.clone();
        item.committed_days = self.committed_days;
        item.statutory_days = self.statutory_days;
        for (key, keep) in &self.materials {
            match keep {
                Keep::Remove => item.materials.retain(|m| &m.key != key),
                keep => {
                    for m in item.materials.iter_mut().filter(|m| &m.key == key) {
                        m.required = *keep == Keep::Required;
                    }
                }
            }
        }
        if let Some(key) = &self.add_material {
            if !item.materials.iter().any(|m| &m.key == key) {
                item.materials.push(MaterialUse {
                    key: key.clone(),
                    required: true,
                });
            }
        }
        for (key, keep) in &self.fields {
            match keep {
                Keep::Remove => item.fields.retain(|f| &f.key != key),
                keep => {
                    for f in item.fields.iter_mut().filter(|f| &f.key == key) {
                        f.required = *keep == Keep::Required;
                    }
                }
            }
        }
        let removed = |code: String| self.remove_rules.contains(&code);
        item.requires
            .retain(|r| !removed(format!("requires:{}:{}", r.item, r.material)));
        item.excludes
            .retain(|e| !removed(format!("excludes:{}", e.item)));
        if let Some((other, reason)) = &self.add_exclusion {
            if !item.excludes.iter().any(|e| &e.item == other) {
                item.excludes.push(Exclusion {
                    item: other.clone(),
                    reason: reason.clone(),
                });
            }
        }
        if let Some(key) = &self.add_field {
            if !item.fields.iter().any(|f| &f.key == key) {
                item.fields.push(FieldUse {
                    key: key.clone(),
                    required: true,
                    ..FieldUse::default()
                });
            }
        }
        *item != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::test_support::seed;

    fn form_for(catalog: &Catalog, index: usize) -> ItemForm {
        let item = &catalog.items[index];
        ItemForm {
            item: item.id.clone(),
            name_zh: item.name.zh.clone(),
            name_en: item.name.en.clone(),
            department: item.department.clone(),
            committed_days: item.committed_days.to_string(),
            statutory_days: item
                .statutory_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            ..ItemForm::default()
        }
    }

    #[test]
    fn a_new_committed_time_in_full_width_digits_is_applied_to_the_draft() {
        let mut draft = seed();
        let mut form = form_for(&draft, 0);
        form.committed_days = "３".into();
        form.statutory_days = String::new();
        let edit = form.parse(&draft).expect("valid");
        assert_eq!(edit.committed_days, 3);
        assert!(edit.apply(&mut draft));
        assert_eq!(draft.items[0].committed_days, 3);
        assert!(
            !edit.apply(&mut draft),
            "the same change twice changes nothing"
        );
    }

    #[test]
    fn every_wrong_input_is_named_in_the_forms_order() {
        let draft = seed();
        let mut form = form_for(&draft, 0);
        form.name_zh = "  ".into();
        form.name_en = "x".repeat(MAX_NAME + 1);
        form.department = "nowhere".into();
        form.committed_days = "0".into();
        form.statutory_days = "ten".into();
        assert_eq!(
            form.parse(&draft),
            Err(EditError::Invalid(vec![
                (EditField::NameZh, EditProblem::Empty),
                (EditField::NameEn, EditProblem::TooLong),
                (EditField::Department, EditProblem::UnknownDepartment),
                (EditField::CommittedDays, EditProblem::NotDays),
                (EditField::StatutoryDays, EditProblem::NotDays),
            ]))
        );
    }

    #[test]
    fn a_committed_time_longer_than_the_statutory_one_is_refused() {
        let draft = seed();
        let mut form = form_for(&draft, 0);
        form.committed_days = "20".into();
        form.statutory_days = "10".into();
        assert_eq!(
            form.parse(&draft),
            Err(EditError::Invalid(vec![(
                EditField::CommittedDays,
                EditProblem::LongerThanStatutory
            )]))
        );
    }

    #[test]
    fn a_material_is_made_optional_another_added_and_a_field_removed() {
        let mut draft = seed();
        let item = draft.items[0].clone();
        let (kept, dropped) = (&item.materials[0].key, &item.fields[0].key);
        let added = draft
            .materials
            .iter()
            .find(|m| !item.materials.iter().any(|u| u.key == m.key))
            .map(|m| m.key.clone())
            .expect("a material the item does not ask for");
        let pairs: Vec<(String, String)> = vec![
            ("item".into(), item.id.clone()),
            ("name_zh".into(), item.name.zh.clone()),
            ("name_en".into(), item.name.en.clone()),
            ("department".into(), item.department.clone()),
            ("committed_days".into(), item.committed_days.to_string()),
            (format!("material:{kept}"), "optional".into()),
            (format!("field:{dropped}"), "remove".into()),
            ("field:not-this-items".into(), "remove".into()),
            ("add_material".into(), added.clone()),
        ];
        let edit = ItemForm::from_pairs(&pairs).parse(&draft).expect("valid");
        assert!(edit.apply(&mut draft));
        let after = &draft.items[0];
        assert!(after
            .materials
            .iter()
            .any(|m| &m.key == kept && !m.required));
        assert!(after.materials.iter().any(|m| m.key == added && m.required));
        assert!(!after.fields.iter().any(|f| &f.key == dropped));
        assert_eq!(after.fields.len(), item.fields.len() - 1);
    }

    #[test]
    fn a_material_or_field_the_catalog_does_not_have_is_refused() {
        let draft = seed();
        let form = ItemForm {
            add_material: "no_such_material".into(),
            add_field: "no_such_field".into(),
            ..form_for(&draft, 0)
        };
        assert_eq!(
            form.parse(&draft),
            Err(EditError::Invalid(vec![
                (EditField::AddMaterial, EditProblem::NotInCatalog),
                (EditField::AddField, EditProblem::NotInCatalog),
            ]))
        );
    }

    #[test]
    fn a_rule_is_removed_and_an_exclusion_with_its_reasons_added() {
        let mut draft = seed();
        let at = draft
            .items
            .iter()
            .position(|i| !i.requires.is_empty())
            .expect("an item with a prerequisite");
        let item = draft.items[at].clone();
        let other = draft
            .items
            .iter()
            .find(|i| i.id != item.id && !item.excludes.iter().any(|e| e.item == i.id))
            .map(|i| i.id.clone())
            .expect("another item");
        let mut form = form_for(&draft, at);
        form.rules = vec![(rule_codes(&item)[0].clone(), "remove".into())];
        form.add_exclusion = other.clone();
        form.exclusion_reason_zh = "两项待遇不能同时享受。".into();
        form.exclusion_reason_en = "The two benefits cannot be drawn together.".into();
        let edit = form.parse(&draft).expect("valid");
        assert!(edit.apply(&mut draft));
        let after = &draft.items[at];
        assert_eq!(after.requires.len(), item.requires.len() - 1);
        assert!(after.excludes.iter().any(|e| e.item == other));
    }

    #[test]
    fn an_exclusion_of_itself_or_without_reasons_is_refused() {
        let draft = seed();
        let mut form = form_for(&draft, 0);
        form.add_exclusion = draft.items[0].id.clone();
        assert_eq!(
            form.parse(&draft),
            Err(EditError::Invalid(vec![
                (EditField::AddExclusion, EditProblem::NotAnotherItem),
                (EditField::ExclusionReasonZh, EditProblem::Empty),
                (EditField::ExclusionReasonEn, EditProblem::Empty),
            ]))
        );
    }

    #[test]
    fn an_item_not_in_the_draft_is_refused_as_such() {
        let draft = seed();
        let form = ItemForm {
            item: "no-such-item".into(),
            ..form_for(&draft, 0)
        };
        assert_eq!(form.parse(&draft), Err(EditError::UnknownItem));
    }
}
