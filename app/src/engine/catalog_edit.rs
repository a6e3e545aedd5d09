//! A catalog editor's change to one item of the draft, as the item form sends it — its names,
//! department, working days, and which materials and fields it asks for: parsed and checked
//! whole here (the page and the server agree on every message), then applied to the
//! draft. The catalog check (`catalog_check::problems`) still runs on the whole draft before it
//! is published.

use super::catalog::{
    Catalog, DateRule, Exclusion, FieldDef, FieldKind, FieldUse, Item, MaterialDef, MaterialUse,
    Prerequisite, Text,
};

/// Which form of the draft page an input belongs to: its errors are shown there, and the page
/// comes back to it after a refusal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EditForm {
    /// An item's names, department, days, materials, fields and rules.
    #[default]
    Item,
    /// The limits one item puts on one of its fields (lengths, a number's range).
    FieldUse,
    /// A material the catalog does not have yet.
    NewMaterial,
    /// A field the catalog does not have yet.
    NewField,
}

impl EditForm {
    pub fn code(self) -> &'static str {
        match self {
            EditForm::Item => "item",
            EditForm::FieldUse => "use",
            EditForm::NewMaterial => "material",
            EditForm::NewField => "field",
        }
    }
    pub fn from_code(code: &str) -> Option<EditForm> {
        [
            EditForm::Item,
            EditForm::FieldUse,
            EditForm::NewMaterial,
            EditForm::NewField,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }
    /// The form's anchor on the page.
    pub fn anchor(self) -> &'static str {
        match self {
            EditForm::Item => "item-form",
            EditForm::FieldUse => "use-form",
            EditForm::NewMaterial => "new-material",
            EditForm::NewField => "new-field",
        }
    }
}

/// The draft page's inputs, form by form, in the order they appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditField {
    NameZh,
    NameEn,
    Department,
    CommittedDays,
    StatutoryDays,
    Synonyms,
    LifeEvents,
    AddMaterial,
    AddField,
    AddPrerequisite,
    PrerequisiteMaterial,
    PrerequisiteReasonZh,
    PrerequisiteReasonEn,
    AddExclusion,
    ExclusionReasonZh,
    ExclusionReasonEn,
    MinLen,
    MaxLen,
    Min,
    Max,
    MaterialKey,
    MaterialNameZh,
    MaterialNameEn,
    ECertificate,
    FieldKey,
    FieldLabelZh,
    FieldLabelEn,
    FieldSection,
    FieldKind,
    Sensitive,
    NotAfterToday,
    NotBeforeToday,
    NotBefore,
}

pub const EDIT_FIELDS: [EditField; 33] = [
    EditField::NameZh,
    EditField::NameEn,
    EditField::Department,
    EditField::CommittedDays,
    EditField::StatutoryDays,
    EditField::Synonyms,
    EditField::LifeEvents,
    EditField::AddMaterial,
    EditField::AddField,
    EditField::AddPrerequisite,
    EditField::PrerequisiteMaterial,
    EditField::PrerequisiteReasonZh,
    EditField::PrerequisiteReasonEn,
    EditField::AddExclusion,
    EditField::ExclusionReasonZh,
    EditField::ExclusionReasonEn,
    EditField::MinLen,
    EditField::MaxLen,
    EditField::Min,
    EditField::Max,
    EditField::MaterialKey,
    EditField::MaterialNameZh,
    EditField::MaterialNameEn,
    EditField::ECertificate,
    EditField::FieldKey,
    EditField::FieldLabelZh,
    EditField::FieldLabelEn,
    EditField::FieldSection,
    EditField::FieldKind,
    EditField::Sensitive,
    EditField::NotAfterToday,
    EditField::NotBeforeToday,
    EditField::NotBefore,
];

impl EditField {
    /// The input's name (and id) in the form and in the address after a refused post.
    pub fn code(self) -> &'static str {
        match self {
            EditField::NameZh => "name_zh",
            EditField::NameEn => "name_en",
            EditField::Department => "department",
            EditField::CommittedDays => "committed_days",
            EditField::StatutoryDays => "statutory_days",
            EditField::Synonyms => "synonyms",
            EditField::LifeEvents => "life_events",
            EditField::AddMaterial => "add_material",
            EditField::AddField => "add_field",
            EditField::AddPrerequisite => "add_prerequisite",
            EditField::PrerequisiteMaterial => "prerequisite_material",
            EditField::PrerequisiteReasonZh => "prerequisite_reason_zh",
            EditField::PrerequisiteReasonEn => "prerequisite_reason_en",
            EditField::AddExclusion => "add_exclusion",
            EditField::ExclusionReasonZh => "exclusion_reason_zh",
            EditField::ExclusionReasonEn => "exclusion_reason_en",
            EditField::MinLen => "min_len",
            EditField::MaxLen => "max_len",
            EditField::Min => "min",
            EditField::Max => "max",
            EditField::MaterialKey => "material_key",
            EditField::MaterialNameZh => "material_name_zh",
            EditField::MaterialNameEn => "material_name_en",
            EditField::ECertificate => "e_certificate",
            EditField::FieldKey => "field_key",
            EditField::FieldLabelZh => "field_label_zh",
            EditField::FieldLabelEn => "field_label_en",
            EditField::FieldSection => "field_section",
            EditField::FieldKind => "field_kind",
            EditField::Sensitive => "sensitive",
            EditField::NotAfterToday => "not_after_today",
            EditField::NotBeforeToday => "not_before_today",
            EditField::NotBefore => "not_before",
        }
    }
    pub fn from_code(code: &str) -> Option<EditField> {
        EDIT_FIELDS.into_iter().find(|f| f.code() == code)
    }
    pub fn form(self) -> EditForm {
        use EditField::*;
        match self {
            MinLen | MaxLen | Min | Max => EditForm::FieldUse,
            MaterialKey | MaterialNameZh | MaterialNameEn | ECertificate => EditForm::NewMaterial,
            FieldKey | FieldLabelZh | FieldLabelEn | FieldSection | FieldKind | Sensitive
            | NotAfterToday | NotBeforeToday | NotBefore => EditForm::NewField,
            _ => EditForm::Item,
        }
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
    NotProduced,
    NotACount,
    NotANumber,
    MinAboveMax,
    BadKey,
    KeyTaken,
    OnlyToday,
    OnlyForDates,
    TooManyWords,
}

const EDIT_PROBLEMS: [EditProblem; 16] = [
    EditProblem::Empty,
    EditProblem::TooLong,
    EditProblem::UnknownDepartment,
    EditProblem::NotDays,
    EditProblem::LongerThanStatutory,
    EditProblem::NotInCatalog,
    EditProblem::NotAnotherItem,
    EditProblem::NotProduced,
    EditProblem::NotACount,
    EditProblem::NotANumber,
    EditProblem::MinAboveMax,
    EditProblem::BadKey,
    EditProblem::KeyTaken,
    EditProblem::OnlyToday,
    EditProblem::OnlyForDates,
    EditProblem::TooManyWords,
];

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
            EditProblem::NotProduced => "not-produced",
            EditProblem::NotACount => "not-a-count",
            EditProblem::NotANumber => "not-a-number",
            EditProblem::MinAboveMax => "min-above-max",
            EditProblem::BadKey => "bad-key",
            EditProblem::KeyTaken => "key-taken",
            EditProblem::OnlyToday => "only-today",
            EditProblem::OnlyForDates => "only-for-dates",
            EditProblem::TooManyWords => "too-many-words",
        }
    }
    pub fn from_code(code: &str) -> Option<EditProblem> {
        EDIT_PROBLEMS.into_iter().find(|p| p.code() == code)
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
                "请填写清单中另一个事项的编号（不是本事项，也未在同类规则中列过）。",
                "Give the id of another item in the catalog (not this one, and not already in a rule of this kind).",
            ),
            EditProblem::NotProduced => Text::new(
                "前置事项办结后不产生这份材料：请选择它产生的材料，或改填产生这份材料的事项。",
                "The prerequisite item does not produce this material: choose one it produces, or name the item that does.",
            ),
            EditProblem::NotACount => Text::new(
                format!("请填写0至{MAX_LEN}之间的整数，或留空（不限）。"),
                format!("Enter a whole number from 0 to {MAX_LEN}, or leave it empty (no limit)."),
            ),
            EditProblem::NotANumber => Text::new(
                "请填写一个数（可带小数点），或留空（不限）。",
                "Enter a number (a decimal point is fine), or leave it empty (no limit).",
            ),
            EditProblem::MinAboveMax => Text::new(
                "最小值大于最大值，没有答案能满足：请改正其中一个。",
                "The minimum is above the maximum, so no answer could meet both: correct one of them.",
            ),
            EditProblem::BadKey => Text::new(
                format!("编号以小写英文字母开头，只用小写字母、数字和下划线，2至{MAX_KEY}个字符。"),
                format!("The key starts with a lower-case letter and uses only lower-case letters, digits and underscores, 2 to {MAX_KEY} characters."),
            ),
            EditProblem::KeyTaken => Text::new(
                "清单中已有这个编号：请换一个，或在事项中直接选用已有的一项。",
                "The catalog already has this key: choose another, or pick the existing one in the item.",
            ),
            EditProblem::OnlyToday => Text::new(
                "“不晚于今天”和“不早于今天”同时勾选，就只能填今天：请只勾选一项。",
                "Both “not after today” and “not before today” leave only today: tick one of them.",
            ),
            EditProblem::TooManyWords => Text::new(
                format!("最多{MAX_SYNONYMS}个说法，每个不超过{MAX_WORD}个字符。"),
                format!("At most {MAX_SYNONYMS} words, each at most {MAX_WORD} characters."),
            ),
            EditProblem::OnlyForDates => Text::new(
                "日期规则只用于日期字段：请把类型改为日期，或取消日期规则。",
                "Date rules apply to date fields only: make the kind a date, or clear the date rules.",
            ),
        }
    }
}

/// Longest name a citizen's screen is laid out for.
pub const MAX_NAME: usize = 120;
/// A year of working days: anything longer is a typing slip.
pub const MAX_DAYS: u32 = 250;
/// The longest answer length a field may be set to (a long text box holds a few pages).
pub const MAX_LEN: u32 = 20_000;
/// Longest key of a material or field.
pub const MAX_KEY: usize = 40;
/// The words citizens use for an item: a handful, each a few characters.
pub const MAX_SYNONYMS: usize = 30;
pub const MAX_WORD: usize = 20;

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
    /// The words citizens use for it, as typed (separated by 、 , ; or spaces); `None` when the
    /// form did not carry the box (the item's words are kept).
    pub synonyms: Option<String>,
    /// The life events it is listed under, ticked; `None` when the form did not carry them.
    pub life_events: Option<Vec<String>>,
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
    /// An item whose outcome (a material it produces) this one needs first, and why, or empty.
    pub add_prerequisite: String,
    pub prerequisite_material: String,
    pub prerequisite_reason_zh: String,
    pub prerequisite_reason_en: String,
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
                "synonyms" => form.synonyms = Some(value),
                // A hidden input says the boxes were on the form: none ticked is then none.
                "life_events_shown" => {
                    form.life_events.get_or_insert_with(Vec::new);
                }
                "life_events" => form
                    .life_events
                    .get_or_insert_with(Vec::new)
                    .push(value.trim().to_string()),
                "add_material" => form.add_material = value.trim().to_string(),
                "add_field" => form.add_field = value.trim().to_string(),
                "fingerprint" => form.fingerprint = value.trim().to_string(),
                "add_prerequisite" => form.add_prerequisite = value.trim().to_string(),
                "prerequisite_material" => form.prerequisite_material = value.trim().to_string(),
                "prerequisite_reason_zh" => form.prerequisite_reason_zh = value,
                "prerequisite_reason_en" => form.prerequisite_reason_en = value,
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
#[derive(Clone, Debug, PartialEq)]
pub struct ItemEdit {
    pub item: String,
    pub name: Text,
    pub department: String,
    pub committed_days: u32,
    pub statutory_days: Option<u32>,
    pub synonyms: Option<Vec<String>>,
    pub life_events: Option<Vec<String>>,
    /// For the item's own materials and fields only (others in the form are ignored: a stale
    /// page after another editor's change).
    pub materials: Vec<(String, Keep)>,
    pub add_material: Option<String>,
    pub fields: Vec<(String, Keep)>,
    pub add_field: Option<String>,
    /// Rules (by `rule_codes`) to remove.
    pub remove_rules: Vec<String>,
    /// A prerequisite to add.
    pub add_prerequisite: Option<Prerequisite>,
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
    ascii_digits(typed)
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
        let synonyms = self.synonyms.as_deref().map(|typed| {
            let mut words: Vec<String> = Vec::new();
            for word in typed
                .split(|c: char| matches!(c, ',' | '，' | '、' | ';' | '；') || c.is_whitespace())
                .map(str::trim)
                .filter(|w| !w.is_empty())
            {
                if !words.iter().any(|w| w == word) {
                    words.push(word.to_string());
                }
            }
            if words.len() > MAX_SYNONYMS || words.iter().any(|w| w.chars().count() > MAX_WORD) {
                problems.push((EditField::Synonyms, EditProblem::TooManyWords));
            }
            words
        });
        let life_events = self.life_events.as_ref().map(|ticked| {
            if ticked
                .iter()
                .any(|e| !draft.life_events.iter().any(|l| &l.id == e))
            {
                problems.push((EditField::LifeEvents, EditProblem::NotInCatalog));
            }
            // In the catalog's order, each once.
            draft
                .life_events
                .iter()
                .filter(|l| ticked.contains(&l.id))
                .map(|l| l.id.clone())
                .collect::<Vec<_>>()
        });
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
        let add_prerequisite = match self.add_prerequisite.as_str() {
            "" => None,
            other => {
                let producer = draft.item(other).filter(|_| other != item.id);
                if producer.is_none()
                    || item
                        .requires
                        .iter()
                        .any(|r| r.item == other && r.material == self.prerequisite_material)
                {
                    problems.push((EditField::AddPrerequisite, EditProblem::NotAnotherItem));
                }
                let material = self.prerequisite_material.as_str();
                if draft.material(material).is_none() {
                    problems.push((EditField::PrerequisiteMaterial, EditProblem::NotInCatalog));
                } else if producer.is_some_and(|p| !p.produces.iter().any(|m| m == material)) {
                    problems.push((EditField::PrerequisiteMaterial, EditProblem::NotProduced));
                }
                let zh = name(
                    EditField::PrerequisiteReasonZh,
                    &self.prerequisite_reason_zh,
                    &mut problems,
                );
                let en = name(
                    EditField::PrerequisiteReasonEn,
                    &self.prerequisite_reason_en,
                    &mut problems,
                );
                Some(Prerequisite {
                    material: material.to_string(),
                    item: other.to_string(),
                    reason: Text::new(zh, en),
                })
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
                synonyms,
                life_events,
                materials,
                add_material,
                fields,
                add_field,
                remove_rules,
                add_prerequisite,
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
        if let Some(words) = &self.synonyms {
            item.synonyms = words.clone();
        }
        if let Some(events) = &self.life_events {
            item.life_events = events.clone();
        }
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
        if let Some(pre) = &self.add_prerequisite {
            if !item
                .requires
                .iter()
                .any(|r| r.item == pre.item && r.material == pre.material)
            {
                item.requires.push(pre.clone());
            }
        }
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

/// The limits one item puts on one of its fields, as the field's form sends them: lengths for
/// a text, a range for a number (other kinds have a fixed format the engine checks already).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UseForm {
    pub item: String,
    /// The field's key.
    pub field: String,
    pub fingerprint: String,
    pub min_len: String,
    pub max_len: String,
    pub min: String,
    pub max: String,
}

/// A checked change of one item's limits on one field.
#[derive(Clone, Debug, PartialEq)]
pub struct UseEdit {
    pub item: String,
    pub field: String,
    pub min_len: Option<u32>,
    pub max_len: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Which limits a field of this kind takes: lengths, a range, or none.
pub fn limits_of(kind: FieldKind) -> (bool, bool) {
    match kind {
        FieldKind::Text | FieldKind::LongText => (true, false),
        FieldKind::Number => (false, true),
        _ => (false, false),
    }
}

/// Full-width digits and signs from a Chinese input method, as ASCII.
fn ascii_digits(typed: &str) -> String {
    typed
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect()
}

/// An optional limit as typed: empty is none; otherwise it must parse.
fn limit<T: std::str::FromStr>(
    field: EditField,
    typed: &str,
    fits: impl Fn(&T) -> bool,
    problem: EditProblem,
    problems: &mut Vec<(EditField, EditProblem)>,
) -> Option<T> {
    let typed = ascii_digits(typed);
    if typed.is_empty() {
        return None;
    }
    let parsed = typed.parse::<T>().ok().filter(|v| fits(v));
    if parsed.is_none() {
        problems.push((field, problem));
    }
    parsed
}

impl UseForm {
    pub fn from_pairs(pairs: &[(String, String)]) -> UseForm {
        let mut form = UseForm::default();
        for (name, value) in pairs {
            let value = value
                .chars()
                .take(100)
                .collect::<String>()
                .trim()
                .to_string();
            match name.as_str() {
                "item" => form.item = value,
                "use" => form.field = value,
                "fingerprint" => form.fingerprint = value,
                "min_len" => form.min_len = value,
                "max_len" => form.max_len = value,
                "min" => form.min = value,
                "max" => form.max = value,
                _ => {}
            }
        }
        form
    }

    pub fn parse(&self, draft: &Catalog) -> Result<UseEdit, EditError> {
        let item = draft.item(&self.item).ok_or(EditError::UnknownItem)?;
        let def = item
            .fields
            .iter()
            .find(|f| f.key == self.field)
            .and_then(|f| draft.field(&f.key))
            .ok_or(EditError::UnknownItem)?;
        let (lengths, range) = limits_of(def.kind);
        let mut problems = Vec::new();
        let count = |f, typed: &str, problems: &mut Vec<_>| {
            limit::<u32>(
                f,
                typed,
                |n| *n <= MAX_LEN,
                EditProblem::NotACount,
                problems,
            )
        };
        let number = |f, typed: &str, problems: &mut Vec<_>| {
            limit::<f64>(
                f,
                typed,
                |n| n.is_finite(),
                EditProblem::NotANumber,
                problems,
            )
        };
        // A kind without such limits has no such inputs: whatever was posted for them is not
        // stored.
        let (min_len, max_len) = if lengths {
            (
                count(EditField::MinLen, &self.min_len, &mut problems),
                count(EditField::MaxLen, &self.max_len, &mut problems),
            )
        } else {
            (None, None)
        };
        let (min, max) = if range {
            (
                number(EditField::Min, &self.min, &mut problems),
                number(EditField::Max, &self.max, &mut problems),
            )
        } else {
            (None, None)
        };
        if matches!((min_len, max_len), (Some(lo), Some(hi)) if lo > hi) {
            problems.push((EditField::MinLen, EditProblem::MinAboveMax));
        }
        if matches!((min, max), (Some(lo), Some(hi)) if lo > hi) {
            problems.push((EditField::Min, EditProblem::MinAboveMax));
        }
        if !problems.is_empty() {
            return Err(EditError::Invalid(problems));
        }
        Ok(UseEdit {
            item: item.id.clone(),
            field: def.key.clone(),
            min_len,
            max_len,
            min,
            max,
        })
    }
}

impl UseEdit {
    pub fn apply(&self, draft: &mut Catalog) -> bool {
        let Some(usage) = draft
            .items
            .iter_mut()
            .find(|i| i.id == self.item)
            .and_then(|i| i.fields.iter_mut().find(|f| f.key == self.field))
        else {
            return false;
        };
        let before = usage.clone();
        usage.min_len = self.min_len;
        usage.max_len = self.max_len;
        usage.min = self.min;
        usage.max = self.max;
        *usage != before
    }
}

/// A key for a new material or field: what the catalog, the workbook and stored answers name it
/// by, so it is plain and stable.
fn key(
    field: EditField,
    typed: &str,
    taken: bool,
    problems: &mut Vec<(EditField, EditProblem)>,
) -> String {
    let typed = typed.trim();
    let plain = (2..=MAX_KEY).contains(&typed.len())
        && typed.starts_with(|c: char| c.is_ascii_lowercase())
        && typed
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !plain {
        problems.push((field, EditProblem::BadKey));
    } else if taken {
        problems.push((field, EditProblem::KeyTaken));
    }
    typed.to_string()
}

/// The inputs of one of the draft page's forms, by name, as posted (the first of each).
fn posted<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn ticked(pairs: &[(String, String)], field: EditField) -> bool {
    !posted(pairs, field.code()).is_empty()
}

/// A material the catalog does not have yet, as its form sends it.
pub fn new_material(pairs: &[(String, String)], draft: &Catalog) -> Result<MaterialDef, EditError> {
    let mut problems = Vec::new();
    let typed = posted(pairs, EditField::MaterialKey.code());
    let key = key(
        EditField::MaterialKey,
        typed,
        draft.material(typed.trim()).is_some(),
        &mut problems,
    );
    let zh = name(
        EditField::MaterialNameZh,
        posted(pairs, EditField::MaterialNameZh.code()),
        &mut problems,
    );
    let en = name(
        EditField::MaterialNameEn,
        posted(pairs, EditField::MaterialNameEn.code()),
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(EditError::Invalid(problems));
    }
    Ok(MaterialDef {
        key,
        name: Text::new(zh, en),
        e_certificate: ticked(pairs, EditField::ECertificate),
    })
}

/// The kinds a field made on the page may have, with their codes in the form. A select needs
/// its choices listed, which the workbook's fields sheet does.
pub const NEW_FIELD_KINDS: [(FieldKind, &str); 10] = [
    (FieldKind::Text, "text"),
    (FieldKind::LongText, "long_text"),
    (FieldKind::Date, "date"),
    (FieldKind::Number, "number"),
    (FieldKind::YesNo, "yes_no"),
    (FieldKind::Mobile, "mobile"),
    (FieldKind::IdNumber, "id_number"),
    (FieldKind::CreditCode, "credit_code"),
    (FieldKind::BankCard, "bank_card"),
    (FieldKind::Postcode, "postcode"),
];

/// A field the catalog does not have yet, as its form sends it.
pub fn new_field(pairs: &[(String, String)], draft: &Catalog) -> Result<FieldDef, EditError> {
    let mut problems = Vec::new();
    let typed = posted(pairs, EditField::FieldKey.code());
    let key = key(
        EditField::FieldKey,
        typed,
        draft.field(typed.trim()).is_some(),
        &mut problems,
    );
    let zh = name(
        EditField::FieldLabelZh,
        posted(pairs, EditField::FieldLabelZh.code()),
        &mut problems,
    );
    let en = name(
        EditField::FieldLabelEn,
        posted(pairs, EditField::FieldLabelEn.code()),
        &mut problems,
    );
    let section = posted(pairs, EditField::FieldSection.code()).trim();
    if !draft.sections.iter().any(|s| s.id == section) {
        problems.push((EditField::FieldSection, EditProblem::NotInCatalog));
    }
    let kind_code = posted(pairs, EditField::FieldKind.code()).trim();
    let kind = NEW_FIELD_KINDS
        .iter()
        .find(|(_, code)| *code == kind_code)
        .map(|(kind, _)| *kind);
    if kind.is_none() {
        problems.push((EditField::FieldKind, EditProblem::NotInCatalog));
    }
    let not_before = match posted(pairs, EditField::NotBefore.code()).trim() {
        "" => None,
        other => {
            if !draft
                .field(other)
                .is_some_and(|f| f.kind == FieldKind::Date)
            {
                problems.push((EditField::NotBefore, EditProblem::NotInCatalog));
            }
            Some(other.to_string())
        }
    };
    let dates = DateRule {
        not_after_today: ticked(pairs, EditField::NotAfterToday),
        not_before_today: ticked(pairs, EditField::NotBeforeToday),
        not_before,
    };
    if dates != DateRule::default() && kind.is_some_and(|k| k != FieldKind::Date) {
        problems.push((EditField::NotAfterToday, EditProblem::OnlyForDates));
    } else if dates.not_after_today && dates.not_before_today {
        problems.push((EditField::NotAfterToday, EditProblem::OnlyToday));
    }
    match kind {
        Some(kind) if problems.is_empty() => Ok(FieldDef {
            key,
            label: Text::new(zh, en),
            section: section.to_string(),
            kind,
            hint: None,
            options: Vec::new(),
            derived: None,
            sensitive: ticked(pairs, EditField::Sensitive),
            dates,
        }),
        _ => {
            problems.sort_by_key(|(f, _)| EDIT_FIELDS.iter().position(|x| x == f));
            Err(EditError::Invalid(problems))
        }
    }
}

/// One checked change to the draft, from any of the draft page's forms.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftChange {
    // Boxed: an item's change is much the largest, and one is made per request.
    Item(Box<ItemEdit>),
    FieldUse(UseEdit),
    NewMaterial(MaterialDef),
    NewField(FieldDef),
}

impl DraftChange {
    /// Parses what `form` posted against the draft.
    pub fn parse(
        form: EditForm,
        pairs: &[(String, String)],
        draft: &Catalog,
    ) -> Result<DraftChange, EditError> {
        match form {
            EditForm::Item => ItemForm::from_pairs(pairs)
                .parse(draft)
                .map(|edit| DraftChange::Item(Box::new(edit))),
            EditForm::FieldUse => UseForm::from_pairs(pairs)
                .parse(draft)
                .map(DraftChange::FieldUse),
            EditForm::NewMaterial => new_material(pairs, draft).map(DraftChange::NewMaterial),
            EditForm::NewField => new_field(pairs, draft).map(DraftChange::NewField),
        }
    }

    /// The item it changes, if any (its form carries the item as shown).
    pub fn item(&self) -> Option<&str> {
        match self {
            DraftChange::Item(edit) => Some(&edit.item),
            DraftChange::FieldUse(edit) => Some(&edit.item),
            _ => None,
        }
    }

    /// Applies it; returns whether anything changed.
    pub fn apply(&self, draft: &mut Catalog) -> bool {
        match self {
            DraftChange::Item(edit) => edit.apply(draft),
            DraftChange::FieldUse(edit) => edit.apply(draft),
            DraftChange::NewMaterial(def) => {
                if draft.material(&def.key).is_some() {
                    return false;
                }
                draft.materials.push(def.clone());
                *draft = std::mem::take(draft).indexed();
                true
            }
            DraftChange::NewField(def) => {
                if draft.field(&def.key).is_some() {
                    return false;
                }
                draft.fields.push(def.clone());
                *draft = std::mem::take(draft).indexed();
                true
            }
        }
    }

    /// The audit trail's words for it.
    pub fn describe(&self) -> String {
        match self {
            DraftChange::Item(edit) => format!("item {}", edit.item),
            DraftChange::FieldUse(e) => format!(
                "item {} field {}: length {:?}–{:?}, range {:?}–{:?}",
                e.item, e.field, e.min_len, e.max_len, e.min, e.max
            ),
            DraftChange::NewMaterial(m) => format!(
                "new material {} ({} / {}), e-certificate {}",
                m.key, m.name.zh, m.name.en, m.e_certificate
            ),
            DraftChange::NewField(f) => format!(
                "new field {} ({} / {}) in {}, {:?}, sensitive {}, dates {:?}",
                f.key, f.label.zh, f.label.en, f.section, f.kind, f.sensitive, f.dates
            ),
        }
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

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_prerequisite_is_added_only_with_a_material_its_item_produces() {
        let mut draft = seed();
        let producer = draft
            .items
            .iter()
            .find(|i| !i.produces.is_empty())
            .cloned()
            .expect("an item that produces a material");
        let at = draft
            .items
            .iter()
            .position(|i| i.id != producer.id && i.requires.iter().all(|r| r.item != producer.id))
            .expect("another item");
        let not_produced = draft
            .materials
            .iter()
            .find(|m| !producer.produces.contains(&m.key))
            .map(|m| m.key.clone())
            .expect("a material it does not produce");
        let mut form = form_for(&draft, at);
        form.add_prerequisite = producer.id.clone();
        form.prerequisite_material = not_produced;
        form.prerequisite_reason_zh = "须先取得认定结论。".into();
        form.prerequisite_reason_en = "The decision is needed first.".into();
        assert_eq!(
            form.parse(&draft),
            Err(EditError::Invalid(vec![(
                EditField::PrerequisiteMaterial,
                EditProblem::NotProduced
            )]))
        );
        form.prerequisite_material = producer.produces[0].clone();
        let edit = form.parse(&draft).expect("valid");
        assert!(edit.apply(&mut draft));
        assert!(draft.items[at]
            .requires
            .iter()
            .any(|r| r.item == producer.id && r.material == producer.produces[0]));
    }

    #[test]
    fn a_texts_lengths_are_set_and_a_minimum_above_the_maximum_is_refused() {
        let mut draft = seed();
        let (at, key) = draft
            .items
            .iter()
            .enumerate()
            .find_map(|(n, i)| {
                i.fields
                    .iter()
                    .find(|f| {
                        draft
                            .field(&f.key)
                            .is_some_and(|d| d.kind == FieldKind::Text)
                    })
                    .map(|f| (n, f.key.clone()))
            })
            .expect("an item with a text field");
        let id = draft.items[at].id.clone();
        let form = |min: &str, max: &str| {
            UseForm::from_pairs(&pairs(&[
                ("item", &id),
                ("use", &key),
                ("min_len", min),
                ("max_len", max),
                ("min", "5"),
            ]))
        };
        assert_eq!(
            form("30", "2").parse(&draft),
            Err(EditError::Invalid(vec![(
                EditField::MinLen,
                EditProblem::MinAboveMax
            )]))
        );
        assert_eq!(
            form("two", "").parse(&draft),
            Err(EditError::Invalid(vec![(
                EditField::MinLen,
                EditProblem::NotACount
            )]))
        );
        let edit = form("２", "30").parse(&draft).expect("valid");
        assert_eq!((edit.min_len, edit.max_len), (Some(2), Some(30)));
        assert_eq!(edit.min, None, "a text takes no range");
        assert!(DraftChange::FieldUse(edit).apply(&mut draft));
        let usage = draft.items[at]
            .fields
            .iter()
            .find(|f| f.key == key)
            .unwrap();
        assert_eq!((usage.min_len, usage.max_len), (Some(2), Some(30)));
    }

    #[test]
    fn limits_on_a_field_the_item_does_not_ask_for_are_refused_as_unknown() {
        let draft = seed();
        let form = UseForm {
            item: draft.items[0].id.clone(),
            field: "no_such_field".into(),
            ..UseForm::default()
        };
        assert_eq!(form.parse(&draft), Err(EditError::UnknownItem));
    }

    #[test]
    fn a_new_material_needs_a_plain_unused_key_and_both_names() {
        let mut draft = seed();
        let taken = draft.materials[0].key.clone();
        assert_eq!(
            new_material(
                &pairs(&[("material_key", &taken), ("material_name_zh", "证明")]),
                &draft
            ),
            Err(EditError::Invalid(vec![
                (EditField::MaterialKey, EditProblem::KeyTaken),
                (EditField::MaterialNameEn, EditProblem::Empty),
            ]))
        );
        assert_eq!(
            new_material(
                &pairs(&[
                    ("material_key", "Bad Key"),
                    ("material_name_zh", "证明"),
                    ("material_name_en", "Proof")
                ]),
                &draft
            ),
            Err(EditError::Invalid(vec![(
                EditField::MaterialKey,
                EditProblem::BadKey
            )]))
        );
        let change = DraftChange::parse(
            EditForm::NewMaterial,
            &pairs(&[
                ("material_key", "tenancy_record"),
                ("material_name_zh", "租赁备案证明"),
                ("material_name_en", "Tenancy registration record"),
                ("e_certificate", "on"),
            ]),
            &draft,
        )
        .expect("valid");
        assert!(change.apply(&mut draft));
        let made = draft
            .material("tenancy_record")
            .expect("found by key at once");
        assert!(made.e_certificate);
        assert!(!change.apply(&mut draft), "a second time changes nothing");
    }

    #[test]
    fn a_new_date_field_keeps_its_date_rules_and_other_kinds_refuse_them() {
        let mut draft = seed();
        let section = draft.sections[0].id.clone();
        let start = draft
            .fields
            .iter()
            .find(|f| f.kind == FieldKind::Date)
            .map(|f| f.key.clone())
            .expect("a date field");
        let form = |kind: &str, after: &str| {
            pairs(&[
                ("field_key", "handover_date"),
                ("field_label_zh", "交接日期"),
                ("field_label_en", "Handover date"),
                ("field_section", &section),
                ("field_kind", kind),
                ("not_before_today", "on"),
                ("not_after_today", after),
                ("not_before", &start),
            ])
        };
        assert_eq!(
            new_field(&form("text", ""), &draft),
            Err(EditError::Invalid(vec![(
                EditField::NotAfterToday,
                EditProblem::OnlyForDates
            )]))
        );
        assert_eq!(
            new_field(&form("date", "on"), &draft),
            Err(EditError::Invalid(vec![(
                EditField::NotAfterToday,
                EditProblem::OnlyToday
            )]))
        );
        assert_eq!(
            new_field(&form("select", ""), &draft),
            Err(EditError::Invalid(vec![(
                EditField::FieldKind,
                EditProblem::NotInCatalog
            )]))
        );
        let change =
            DraftChange::parse(EditForm::NewField, &form("date", ""), &draft).expect("valid");
        assert!(change.apply(&mut draft));
        let made = draft.field("handover_date").expect("found by key at once");
        assert!(made.dates.not_before_today);
        assert_eq!(made.dates.not_before.as_deref(), Some(start.as_str()));
    }

    #[test]
    fn every_input_belongs_to_one_form_and_every_code_reads_back() {
        for field in EDIT_FIELDS {
            assert_eq!(EditField::from_code(field.code()), Some(field));
        }
        for problem in EDIT_PROBLEMS {
            assert_eq!(EditProblem::from_code(problem.code()), Some(problem));
        }
        assert_eq!(EditField::Min.form(), EditForm::FieldUse);
        assert_eq!(EditField::NotBefore.form(), EditForm::NewField);
        assert_eq!(EditField::ECertificate.form(), EditForm::NewMaterial);
        assert_eq!(EditField::AddPrerequisite.form(), EditForm::Item);
    }

    #[test]
    fn the_words_citizens_use_and_the_life_events_are_changed_only_when_the_form_carries_them() {
        let mut draft = seed();
        let before = draft.items[0].clone();
        let event = draft.life_events[1].id.clone();
        let mut form = form_for(&draft, 0);
        let untouched = form.parse(&draft).expect("valid");
        assert_eq!(
            (untouched.synonyms.clone(), untouched.life_events.clone()),
            (None, None)
        );
        form.synonyms = Some("工伤 康复、 工伤,工伤".into());
        form.life_events = Some(vec![event.clone()]);
        let edit = form.parse(&draft).expect("valid");
        assert!(edit.apply(&mut draft));
        assert_eq!(draft.items[0].synonyms, vec!["工伤", "康复"]);
        assert_eq!(draft.items[0].life_events, vec![event]);
        assert_eq!(draft.items[0].committed_days, before.committed_days);
        form.synonyms = Some("一个特别特别特别特别特别特别特别特别长的说法".into());
        form.life_events = Some(vec!["no_such_event".into()]);
        assert_eq!(
            form.parse(&draft),
            Err(EditError::Invalid(vec![
                (EditField::Synonyms, EditProblem::TooManyWords),
                (EditField::LifeEvents, EditProblem::NotInCatalog),
            ]))
        );
    }
}
