//! Composing a bundle: from any set of chosen items to one form, one checklist, one routing plan.
//!
//! Everything here is a pure function of (catalog, chosen items, answers, held e-certificates), so
//! the browser can run it on every keystroke and the server can re-run it as the authority.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, Choice, Derivation, FieldKind, FieldUse, Item, ShowIf, Text};

/// Answers by field key (and situational answers by question id). Values are raw strings as typed.
pub type Answers = BTreeMap<String, String>;

/// The answer a yes/no situational question takes when it applies.
pub const YES: &str = "yes";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ComposeError {
    /// Nothing was chosen.
    Empty,
    /// An item id that the catalog does not hold (a stale link, or a forged request).
    UnknownItem(String),
    /// Two items declare constraints on one field that nothing can satisfy: a catalog error.
    Conflict {
        field: String,
        items: (String, String),
        detail: String,
    },
}

impl ComposeError {
    pub fn message(&self) -> Text {
        match self {
            ComposeError::Empty => Text::new("请至少选择一个事项。", "Choose at least one service item."),
            ComposeError::UnknownItem(id) => Text::new(
                format!("找不到事项“{id}”，它可能已下线，请重新选择。"),
                format!("There is no service item “{id}”; it may have been withdrawn. Please choose again."),
            ),
            ComposeError::Conflict { field, items, detail } => Text::new(
                format!("目录配置冲突：字段“{field}”在事项“{}”与“{}”中的要求无法同时满足（{detail}）。", items.0, items.1),
                format!(
                    "Catalog conflict: items “{}” and “{}” put constraints on field “{field}” that cannot both hold ({detail}).",
                    items.0, items.1
                ),
            ),
        }
    }
}

/// Why an item is in the bundle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Inclusion {
    Chosen,
    /// Added by a yes to a situational question.
    Situation {
        question: String,
        reason: Text,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleItem {
    pub id: String,
    pub name: Text,
    pub department: String,
    pub inclusion: Inclusion,
}

/// A situational question that applies to the bundle, with the answer given so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AskedQuestion {
    pub id: String,
    pub text: Text,
    pub answer: Option<bool>,
    pub adds: Vec<String>,
    pub reason: Text,
}

/// A rule that stops submission until the citizen acts; each carries its explanation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// An item needs a decision the citizen neither holds nor has added; `add` is the one-click fix.
    MissingPrerequisite {
        item: String,
        material: String,
        add: String,
        reason: Text,
    },
    /// Two items cannot be applied for together.
    Excluded {
        item: String,
        other: String,
        reason: Text,
    },
}

/// A prerequisite that is met, and how: shown so the citizen sees why nothing more is asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Satisfied {
    /// The citizen holds it as an e-certificate; it is fetched.
    Held { item: String, material: String },
    /// Another item in the bundle produces it, so that item runs first.
    InBundle {
        item: String,
        material: String,
        by: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergedField {
    pub key: String,
    pub label: Text,
    pub kind: FieldKind,
    pub hint: Option<Text>,
    pub required: bool,
    pub min_len: Option<u32>,
    pub max_len: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Options left after intersecting every item's allowed values (selects only).
    pub options: Vec<Choice>,
    /// Empty: always shown. Otherwise shown when any condition holds.
    pub show_if: Vec<ShowIf>,
    /// Filled from another answer, never asked.
    pub derived: Option<Derivation>,
    pub sensitive: bool,
    /// The situational question with the same key already asked it: never ask twice.
    pub from_question: bool,
    /// Items that declare this field, in bundle order.
    pub used_by: Vec<String>,
    /// Whether it is shown given the answers so far.
    pub shown: bool,
}

impl MergedField {
    /// Asked of the citizen: shown and not derived.
    pub fn asked(&self) -> bool {
        self.shown && self.derived.is_none() && !self.from_question
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSection {
    pub id: String,
    pub title: Text,
    pub fields: Vec<MergedField>,
}

/// One form for the whole bundle (一表制).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MergedForm {
    pub sections: Vec<FormSection>,
}

impl MergedForm {
    pub fn fields(&self) -> impl Iterator<Item = &MergedField> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }
    pub fn field(&self, key: &str) -> Option<&MergedField> {
        self.fields().find(|f| f.key == key)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MaterialStatus {
    /// The citizen uploads it, once.
    Upload,
    /// Held as an e-certificate: fetched, nothing to upload.
    ExemptHeld,
    /// Another item in the bundle produces it.
    ExemptProduced { by: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChecklistEntry {
    pub key: String,
    pub name: Text,
    pub required: bool,
    pub used_by: Vec<String>,
    pub status: MaterialStatus,
}

/// What one department (or outside organisation) receives: only what its items declare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub department: String,
    pub department_name: Text,
    pub items: Vec<String>,
    pub fields: Vec<String>,
    pub materials: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoutingPlan {
    pub parts: Vec<Part>,
}

/// Everything the citizen and the back office need for one set of chosen items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub items: Vec<BundleItem>,
    pub questions: Vec<AskedQuestion>,
    pub problems: Vec<Problem>,
    pub satisfied: Vec<Satisfied>,
    pub form: MergedForm,
    pub checklist: Vec<ChecklistEntry>,
    pub routing: RoutingPlan,
    /// Edges "a must finish before b" among bundle items, from prerequisites met inside the bundle.
    pub dependencies: Vec<(String, String)>,
}

impl Bundle {
    pub fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|i| i.id.as_str())
    }
    pub fn contains(&self, id: &str) -> bool {
        self.items.iter().any(|i| i.id == id)
    }
}

/// Composes the bundle for `chosen` items. Order of `chosen` does not matter: items are kept in
/// catalog order so the same set always gives the same form.
pub fn compose(
    catalog: &Catalog,
    chosen: &[String],
    answers: &Answers,
    held: &BTreeSet<String>,
) -> Result<Bundle, ComposeError> {
    if chosen.is_empty() {
        return Err(ComposeError::Empty);
    }
    let mut included: BTreeMap<usize, Inclusion> = BTreeMap::new();
    for id in chosen {
        let rank = item_rank(catalog, id)?;
        included.insert(rank, Inclusion::Chosen);
    }

    let questions = apply_situations(catalog, &mut included, answers)?;
    let items: Vec<&Item> = included.keys().map(|&r| &catalog.items[r]).collect();
    let in_bundle: BTreeSet<&str> = items.iter().map(|i| i.id.as_str()).collect();

    let (problems, satisfied, dependencies) = check_rules(&items, &in_bundle, held);
    let mut form = merge_fields(catalog, &items, answers)?;
    for field in form.sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
        field.from_question = questions.iter().any(|q| q.id == field.key);
    }
    let checklist = merge_materials(catalog, &items, held);
    let routing = route(catalog, &items, &form);

    let items = included
        .into_iter()
        .map(|(rank, inclusion)| {
            let item = &catalog.items[rank];
            BundleItem {
                id: item.id.clone(),
                name: item.name.clone(),
                department: item.department.clone(),
                inclusion,
            }
        })
        .collect();
    Ok(Bundle {
        items,
        questions,
        problems,
        satisfied,
        form,
        checklist,
        routing,
        dependencies,
    })
}

fn item_rank(catalog: &Catalog, id: &str) -> Result<usize, ComposeError> {
    catalog
        .item_position(id)
        .ok_or_else(|| ComposeError::UnknownItem(id.to_string()))
}

/// Asks every question that applies and adds the items a "yes" brings, until nothing changes
/// (an added item may itself bring a question).
fn apply_situations(
    catalog: &Catalog,
    included: &mut BTreeMap<usize, Inclusion>,
    answers: &Answers,
) -> Result<Vec<AskedQuestion>, ComposeError> {
    let mut asked: Vec<AskedQuestion> = Vec::new();
    loop {
        let mut changed = false;
        for q in &catalog.questions {
            if asked.iter().any(|a| a.id == q.id) {
                continue;
            }
            let applies = q
                .asked_for
                .iter()
                .any(|id| included_id(catalog, included, id));
            if !applies {
                continue;
            }
            let answer = answers.get(&q.id).map(|a| a == YES);
            if answer == Some(true) {
                for id in &q.adds {
                    let rank = item_rank(catalog, id)?;
                    included
                        .entry(rank)
                        .or_insert_with(|| Inclusion::Situation {
                            question: q.id.clone(),
                            reason: q.reason.clone(),
                        });
                }
            }
            asked.push(AskedQuestion {
                id: q.id.clone(),
                text: q.text.clone(),
                answer,
                adds: q.adds.clone(),
                reason: q.reason.clone(),
            });
            changed = true;
        }
        if !changed {
            return Ok(asked);
        }
    }
}

fn included_id(catalog: &Catalog, included: &BTreeMap<usize, Inclusion>, id: &str) -> bool {
    item_rank(catalog, id).is_ok_and(|r| included.contains_key(&r))
}

type Rules = (Vec<Problem>, Vec<Satisfied>, Vec<(String, String)>);

fn check_rules(items: &[&Item], in_bundle: &BTreeSet<&str>, held: &BTreeSet<String>) -> Rules {
    let mut problems = Vec::new();
    let mut satisfied = Vec::new();
    let mut dependencies = Vec::new();
    for item in items {
        for pre in &item.requires {
            if in_bundle.contains(pre.item.as_str()) {
                // Produced inside the bundle: the producing item runs first even if the citizen
                // also holds an older certificate, because they asked for a new decision.
                satisfied.push(Satisfied::InBundle {
                    item: item.id.clone(),
                    material: pre.material.clone(),
                    by: pre.item.clone(),
                });
                dependencies.push((pre.item.clone(), item.id.clone()));
            } else if held.contains(&pre.material) {
                satisfied.push(Satisfied::Held {
                    item: item.id.clone(),
                    material: pre.material.clone(),
                });
            } else {
                problems.push(Problem::MissingPrerequisite {
                    item: item.id.clone(),
                    material: pre.material.clone(),
                    add: pre.item.clone(),
                    reason: pre.reason.clone(),
                });
            }
        }
        for ex in &item.excludes {
            // Report each pair once, from the item that comes first in the bundle.
            let reported = problems.iter().any(|p| {
                matches!(p, Problem::Excluded { item: a, other: b, .. } if a == &ex.item && b == &item.id)
            });
            if in_bundle.contains(ex.item.as_str()) && !reported {
                problems.push(Problem::Excluded {
                    item: item.id.clone(),
                    other: ex.item.clone(),
                    reason: ex.reason.clone(),
                });
            }
        }
    }
    (problems, satisfied, dependencies)
}

/// Merges every item's field uses by key: asked once, strictest constraint wins.
fn merge_fields(
    catalog: &Catalog,
    items: &[&Item],
    answers: &Answers,
) -> Result<MergedForm, ComposeError> {
    // key -> (merged field, first item that declared it: named in conflicts)
    let mut merged: BTreeMap<&str, (MergedField, &str)> = BTreeMap::new();
    for item in items {
        for usage in &item.fields {
            let Some(def) = catalog.field(&usage.key) else {
                return Err(ComposeError::Conflict {
                    field: usage.key.clone(),
                    items: (item.id.clone(), item.id.clone()),
                    detail: "field not defined in catalog".into(),
                });
            };
            match merged.get_mut(usage.key.as_str()) {
                None => {
                    let mut field = MergedField {
                        key: def.key.clone(),
                        label: def.label.clone(),
                        kind: def.kind,
                        hint: def.hint.clone(),
                        required: usage.required,
                        min_len: usage.min_len,
                        max_len: usage.max_len,
                        min: usage.min,
                        max: usage.max,
                        options: allowed(&def.options, usage),
                        show_if: usage.show_if.iter().cloned().collect(),
                        derived: def.derived,
                        sensitive: def.sensitive,
                        from_question: false,
                        used_by: vec![item.id.clone()],
                        shown: true,
                    };
                    check_satisfiable(&field, (&item.id, &item.id))?;
                    field.used_by.shrink_to_fit();
                    merged.insert(&usage.key, (field, &item.id));
                }
                Some((field, first)) => {
                    tighten(field, usage);
                    check_satisfiable(field, (first, &item.id))?;
                    field.used_by.push(item.id.clone());
                }
            }
        }
    }

    // A derived field needs its source in the form; without it the citizen must be asked.
    let has_id_number = merged.contains_key("id_number");
    let mut fields: Vec<MergedField> = merged
        .into_values()
        .map(|(mut f, _)| {
            if f.derived.is_some() && !has_id_number {
                f.derived = None;
            }
            f.shown = f.show_if.is_empty()
                || f.show_if
                    .iter()
                    .any(|c| answers.get(&c.field) == Some(&c.equals));
            f
        })
        .collect();
    fields.sort_by_key(|f| {
        let section = catalog
            .field(&f.key)
            .map(|d| d.section.as_str())
            .unwrap_or("");
        (catalog.section_rank(section), catalog.field_rank(&f.key))
    });

    let mut sections: Vec<FormSection> = Vec::new();
    for field in fields {
        let section_id = catalog
            .field(&field.key)
            .map(|d| d.section.clone())
            .unwrap_or_default();
        match sections.last_mut() {
            Some(s) if s.id == section_id => s.fields.push(field),
            _ => {
                let title = catalog
                    .sections
                    .iter()
                    .find(|s| s.id == section_id)
                    .map(|s| s.title.clone())
                    .unwrap_or_else(|| Text::new("其他信息", "Other details"));
                sections.push(FormSection {
                    id: section_id,
                    title,
                    fields: vec![field],
                });
            }
        }
    }
    Ok(MergedForm { sections })
}

fn allowed(options: &[Choice], usage: &FieldUse) -> Vec<Choice> {
    match &usage.options {
        None => options.to_vec(),
        Some(values) => options
            .iter()
            .filter(|c| values.contains(&c.value))
            .cloned()
            .collect(),
    }
}

/// Applies one more item's constraints: required if any requires, narrowest range, options
/// intersected, shown if any item shows it unconditionally.
fn tighten(field: &mut MergedField, usage: &FieldUse) {
    field.required |= usage.required;
    field.min_len = max_opt(field.min_len, usage.min_len);
    field.max_len = min_opt(field.max_len, usage.max_len);
    field.min = max_opt_f(field.min, usage.min);
    field.max = min_opt_f(field.max, usage.max);
    if let Some(values) = &usage.options {
        field.options.retain(|c| values.contains(&c.value));
    }
    match &usage.show_if {
        None => field.show_if.clear(),
        Some(cond) if !field.show_if.is_empty() && !field.show_if.contains(cond) => {
            field.show_if.push(cond.clone())
        }
        Some(_) => {}
    }
}

fn check_satisfiable(field: &MergedField, items: (&str, &str)) -> Result<(), ComposeError> {
    let conflict = |detail: &str| ComposeError::Conflict {
        field: field.key.clone(),
        items: (items.0.to_string(), items.1.to_string()),
        detail: detail.to_string(),
    };
    if let (Some(lo), Some(hi)) = (field.min_len, field.max_len) {
        if lo > hi {
            return Err(conflict("min_len > max_len"));
        }
    }
    if let (Some(lo), Some(hi)) = (field.min, field.max) {
        if lo > hi {
            return Err(conflict("min > max"));
        }
    }
    if matches!(field.kind, FieldKind::Select) && field.options.is_empty() {
        return Err(conflict("no option allowed by both"));
    }
    Ok(())
}

fn max_opt(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}
fn min_opt(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}
fn max_opt_f(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}
fn min_opt_f(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// One checklist: each material once, with who needs it and whether it is exempt.
fn merge_materials(
    catalog: &Catalog,
    items: &[&Item],
    held: &BTreeSet<String>,
) -> Vec<ChecklistEntry> {
    let mut entries: Vec<ChecklistEntry> = Vec::new();
    for item in items {
        for usage in &item.materials {
            if let Some(entry) = entries.iter_mut().find(|e| e.key == usage.key) {
                entry.required |= usage.required;
                entry.used_by.push(item.id.clone());
                continue;
            }
            let Some(def) = catalog.material(&usage.key) else {
                continue;
            };
            let producer = items
                .iter()
                .find(|other| other.id != item.id && other.produces.contains(&usage.key));
            let status = if let Some(by) = producer {
                MaterialStatus::ExemptProduced { by: by.id.clone() }
            } else if def.e_certificate && held.contains(&usage.key) {
                MaterialStatus::ExemptHeld
            } else {
                MaterialStatus::Upload
            };
            entries.push(ChecklistEntry {
                key: def.key.clone(),
                name: def.name.clone(),
                required: usage.required,
                used_by: vec![item.id.clone()],
                status,
            });
        }
    }
    entries
}

/// Splits the bundle by department. Each part lists only the fields and materials its own items
/// declare (data minimisation), and only fields that are shown or derived from shown ones.
fn route(catalog: &Catalog, items: &[&Item], form: &MergedForm) -> RoutingPlan {
    let mut parts: Vec<Part> = Vec::new();
    for item in items {
        let index = match parts.iter().position(|p| p.department == item.department) {
            Some(i) => i,
            None => {
                let name = catalog
                    .department(&item.department)
                    .map(|d| d.name.clone())
                    .unwrap_or_else(|| Text::new(item.department.clone(), item.department.clone()));
                parts.push(Part {
                    department: item.department.clone(),
                    department_name: name,
                    items: Vec::new(),
                    fields: Vec::new(),
                    materials: Vec::new(),
                });
                parts.len() - 1
            }
        };
        let part = &mut parts[index];
        part.items.push(item.id.clone());
        for usage in &item.fields {
            let shown = form.field(&usage.key).is_some_and(|f| f.shown);
            if shown && !part.fields.contains(&usage.key) {
                part.fields.push(usage.key.clone());
            }
        }
        for usage in &item.materials {
            if !part.materials.contains(&usage.key) {
                part.materials.push(usage.key.clone());
            }
        }
    }
    RoutingPlan { parts }
}
