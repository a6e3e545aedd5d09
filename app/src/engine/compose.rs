//! Composing a bundle: from any set of chosen items to one form, one checklist, one routing plan.
//!
//! Everything here is a pure function of (catalog, chosen items, answers, held e-certificates), so
//! the browser can run it on every keystroke and the server can re-run it as the authority.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::catalog::{
    Catalog, Choice, DateRule, Derivation, FieldDef, FieldKind, FieldUse, Item, ShowIf, Text,
};

/// Answers by field key (and situational answers by question id). Values are raw strings as typed.
pub type Answers = BTreeMap<String, String>;

/// The answer a yes/no situational question takes when it applies.
pub const YES: &str = "yes";
/// The answer that says it does not.
pub const NO: &str = "no";

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
    /// For a date: when it may fall (against today, or another field of this form).
    #[serde(default)]
    pub dates: DateRule,
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
pub struct DepartmentShare {
    pub department: String,
    pub department_name: Text,
    pub items: Vec<String>,
    pub fields: Vec<String>,
    pub materials: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoutingPlan {
    pub shares: Vec<DepartmentShare>,
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
    let ranks: Vec<usize> = included.keys().copied().collect();
    let items: Vec<&Item> = ranks.iter().map(|&r| &catalog.items[r]).collect();
    let in_bundle: BTreeSet<&str> = items.iter().map(|i| i.id.as_str()).collect();

    let (problems, satisfied, dependencies) = check_rules(&items, &in_bundle, held);
    let (mut form, layout) = merge_fields(catalog, &ranks, &items, answers)?;
    for field in form.sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
        field.from_question = questions.iter().any(|q| q.id == field.key);
    }
    let checklist = merge_materials(catalog, &items, held);
    let routing = route(catalog, &items, &layout);

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
    let mut done = vec![false; catalog.questions.len()];
    // One bit per catalog item: every question is tested against the bundle each round.
    let mut member = vec![0u64; catalog.items.len().div_ceil(64)];
    let add = |member: &mut Vec<u64>, rank: usize| member[rank / 64] |= 1 << (rank % 64);
    for &rank in included.keys() {
        add(&mut member, rank);
    }
    loop {
        let mut changed = false;
        for (index, q) in catalog.questions.iter().enumerate() {
            if done[index] {
                continue;
            }
            let applies = catalog
                .question_items(index)
                .iter()
                .any(|&rank| member[rank / 64] & (1 << (rank % 64)) != 0);
            if !applies {
                continue;
            }
            done[index] = true;
            // Only "yes" and "no" answer a question. Anything else (an empty or forged value) used
            // to count as "no": it dropped the items a "yes" adds, and `check` let it through
            // because the question, not the same-key yes/no field, is what gets checked.
            let answer = match answers.get(&q.id).map(String::as_str) {
                Some(YES) => Some(true),
                Some(NO) => Some(false),
                _ => None,
            };
            if answer == Some(true) {
                for id in &q.adds {
                    let rank = item_rank(catalog, id)?;
                    add(&mut member, rank);
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

/// Where each field use of the bundle landed in the merged form, so routing needs no lookups.
struct Layout {
    /// For every field use, item by item in bundle order: its field's index in `shown`.
    uses: Vec<usize>,
    /// Per merged field (in the order first declared): whether it is shown.
    shown: Vec<bool>,
}

/// A field's merged constraints while items are being merged. It borrows from the catalog;
/// strings are cloned once, when the form is built.
struct Merging<'a> {
    def: &'a FieldDef,
    /// Section rank and field position: the field's place in the form.
    place: (usize, usize),
    /// Index (in bundle order) of the first item that declared it: named in conflicts.
    first: usize,
    required: bool,
    min_len: Option<u32>,
    max_len: Option<u32>,
    min: Option<f64>,
    max: Option<f64>,
    /// Options left after intersecting every item's allowed values.
    options: Vec<&'a Choice>,
    /// Empty: always shown. Otherwise shown when any condition holds.
    show_if: Vec<&'a ShowIf>,
    /// How many uses declare it: the length of `used_by`.
    uses: usize,
}

impl<'a> Merging<'a> {
    fn new(def: &'a FieldDef, place: (usize, usize), first: usize, usage: &'a FieldUse) -> Self {
        Merging {
            def,
            place,
            first,
            required: usage.required,
            min_len: usage.min_len,
            max_len: usage.max_len,
            min: usage.min,
            max: usage.max,
            options: allowed(&def.options, usage),
            show_if: usage.show_if.iter().collect(),
            uses: 1,
        }
    }

    /// Applies one more item's constraints: required if any requires, narrowest range, options
    /// intersected, shown if any item shows it unconditionally.
    fn tighten(&mut self, usage: &'a FieldUse) {
        self.required |= usage.required;
        self.min_len = max_opt(self.min_len, usage.min_len);
        self.max_len = min_opt(self.max_len, usage.max_len);
        self.min = max_opt_f(self.min, usage.min);
        self.max = min_opt_f(self.max, usage.max);
        if let Some(values) = &usage.options {
            self.options.retain(|c| values.contains(&c.value));
        }
        match &usage.show_if {
            None => self.show_if.clear(),
            Some(cond) if !self.show_if.is_empty() && !self.show_if.contains(&cond) => {
                self.show_if.push(cond)
            }
            Some(_) => {}
        }
        self.uses += 1;
    }

    /// The first merged constraint no value can meet, if any.
    fn clash(&self) -> Option<Clash> {
        if let (Some(lo), Some(hi)) = (self.min_len, self.max_len) {
            if lo > hi {
                return Some(Clash::Lengths);
            }
        }
        if let (Some(lo), Some(hi)) = (self.min, self.max) {
            if lo > hi {
                return Some(Clash::Range);
            }
        }
        if matches!(self.def.kind, FieldKind::Select) && self.options.is_empty() {
            return Some(Clash::Options);
        }
        None
    }

    fn check_satisfiable(&self, items: (&str, &str)) -> Result<(), ComposeError> {
        match self.clash() {
            None => Ok(()),
            Some(clash) => Err(ComposeError::Conflict {
                field: self.def.key.clone(),
                items: (items.0.to_string(), items.1.to_string()),
                detail: clash.detail().to_string(),
            }),
        }
    }
}

/// Which merged constraint of a field no value can meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clash {
    /// The longest minimum length is above the shortest maximum.
    Lengths,
    /// The highest minimum is above the lowest maximum.
    Range,
    /// No option of a select is allowed by every use.
    Options,
}

impl Clash {
    /// The detail a [`ComposeError::Conflict`] carries.
    pub fn detail(self) -> &'static str {
        match self {
            Clash::Lengths => "min_len > max_len",
            Clash::Range => "min > max",
            Clash::Options => "no option allowed by both",
        }
    }
}

/// Merges `uses` of the field `def` exactly as composing a bundle of their items does, and says
/// which constraint nothing can then meet. The catalog check asks this of every pair of uses (and
/// of larger sets where every pair fits) before a catalog is stored, so that no combination a
/// citizen picks later fails with a conflict.
pub fn merged_clash(def: &FieldDef, uses: &[&FieldUse]) -> Option<Clash> {
    let (first, rest) = uses.split_first()?;
    let mut merging = Merging::new(def, (0, 0), 0, first);
    for usage in rest {
        merging.tighten(usage);
    }
    merging.clash()
}

/// Merges every item's field uses by key: asked once, strictest constraint wins.
///
/// Constraints are merged first on borrowed data, looked up by field position; the form's
/// strings are cloned once at the end, each field moving straight into its section. (Hashing
/// and comparing keys, growing and moving large values and re-cloning options were most of the
/// time composing took at 3,900 items.) `items` are the bundle's items in catalog order and
/// `ranks` their positions in the catalog.
fn merge_fields<'a>(
    catalog: &'a Catalog,
    ranks: &[usize],
    items: &[&'a Item],
    answers: &Answers,
) -> Result<(MergedForm, Layout), ComposeError> {
    let total = items.iter().map(|i| i.fields.len()).sum();
    let mut merging: Vec<Merging<'a>> = Vec::with_capacity(total);
    // Per catalog field position, its index in `merging` (or none yet).
    let mut slot: Vec<Option<usize>> = vec![None; catalog.fields.len()];
    let mut uses: Vec<usize> = Vec::with_capacity(total);
    for (n, item) in items.iter().enumerate() {
        let positions = catalog.item_field_positions(ranks[n]);
        for (j, usage) in item.fields.iter().enumerate() {
            // The index answers without hashing; a key it lacks is looked up (and so is every
            // key of an item edited without re-indexing, rather than being skipped).
            let position = match positions.get(j) {
                Some(&p) => p,
                None => catalog.field_at(&usage.key).map(|(p, _)| p),
            };
            let Some(position) = position else {
                return Err(ComposeError::Conflict {
                    field: usage.key.clone(),
                    items: (item.id.clone(), item.id.clone()),
                    detail: "field not defined in catalog".into(),
                });
            };
            let def = &catalog.fields[position];
            let index = match slot[position] {
                None => {
                    let place = (catalog.field_section_rank(position), position);
                    let field = Merging::new(def, place, n, usage);
                    field.check_satisfiable((&item.id, &item.id))?;
                    merging.push(field);
                    slot[position] = Some(merging.len() - 1);
                    merging.len() - 1
                }
                Some(i) => {
                    let field = &mut merging[i];
                    field.tighten(usage);
                    field.check_satisfiable((&items[field.first].id, &item.id))?;
                    i
                }
            };
            uses.push(index);
        }
    }

    // A derived field needs its source in the form; without it the citizen must be asked.
    let has_id_number = catalog
        .field_at("id_number")
        .is_some_and(|(position, _)| slot[position].is_some());
    let shown: Vec<bool> = merging
        .iter()
        .map(|f| {
            f.show_if.is_empty()
                || f.show_if
                    .iter()
                    .any(|c| answers.get(&c.field) == Some(&c.equals))
        })
        .collect();
    // Who uses each field, in bundle order, in vectors of the right size.
    let mut used_by: Vec<Vec<String>> =
        merging.iter().map(|f| Vec::with_capacity(f.uses)).collect();
    let mut k = 0;
    for item in items {
        for _ in &item.fields {
            used_by[uses[k]].push(item.id.clone());
            k += 1;
        }
    }

    // Sections in reading order, fields in catalog order inside each (places are unique).
    let mut order: Vec<usize> = (0..merging.len()).collect();
    order.sort_unstable_by_key(|&i| merging[i].place);
    let mut sections: Vec<FormSection> = Vec::new();
    let mut at = 0;
    while at < order.len() {
        let (section_rank, _) = merging[order[at]].place;
        let section_id = &merging[order[at]].def.section;
        let len = order[at..]
            .iter()
            .take_while(|&&i| &merging[i].def.section == section_id)
            .count();
        let title = catalog
            .sections
            .get(section_rank)
            .map(|s| s.title.clone())
            .unwrap_or_else(|| Text::new("其他信息", "Other details"));
        let mut fields = Vec::with_capacity(len);
        for &i in &order[at..at + len] {
            let f = &merging[i];
            let def = f.def;
            fields.push(MergedField {
                key: def.key.clone(),
                label: def.label.clone(),
                kind: def.kind,
                hint: def.hint.clone(),
                required: f.required,
                min_len: f.min_len,
                max_len: f.max_len,
                min: f.min,
                max: f.max,
                options: f.options.iter().map(|&c| c.clone()).collect(),
                show_if: f.show_if.iter().map(|&c| c.clone()).collect(),
                derived: def.derived.filter(|_| has_id_number),
                sensitive: def.sensitive,
                dates: def.dates.clone(),
                from_question: false,
                used_by: std::mem::take(&mut used_by[i]),
                shown: shown[i],
            });
        }
        sections.push(FormSection {
            id: section_id.clone(),
            title,
            fields,
        });
        at += len;
    }
    Ok((MergedForm { sections }, Layout { uses, shown }))
}

fn allowed<'a>(options: &'a [Choice], usage: &FieldUse) -> Vec<&'a Choice> {
    match &usage.options {
        None => options.iter().collect(),
        Some(values) => options
            .iter()
            .filter(|c| values.contains(&c.value))
            .collect(),
    }
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
    // Sized for the worst case up front: growing a vector of entries is a copy each time.
    let mut entries: Vec<ChecklistEntry> =
        Vec::with_capacity(items.iter().map(|i| i.materials.len()).sum());
    let mut position: BTreeMap<&str, usize> = BTreeMap::new();
    for item in items {
        for usage in &item.materials {
            if let Some(entry) = position.get(usage.key.as_str()).map(|&i| &mut entries[i]) {
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
            position.insert(&usage.key, entries.len());
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
fn route(catalog: &Catalog, items: &[&Item], layout: &Layout) -> RoutingPlan {
    let mut parts: Vec<DepartmentShare> = Vec::with_capacity(items.len());
    // Which merged fields each part already lists: one bit per field, one row per part. (A key
    // comparison per field per part made routing quadratic.)
    let words = layout.shown.len().div_ceil(64);
    let mut listed: Vec<u64> = vec![0; words * items.len()];
    let mut k = 0;
    for item in items {
        let index = match parts.iter().position(|p| p.department == item.department) {
            Some(i) => i,
            None => {
                let name = catalog
                    .department(&item.department)
                    .map(|d| d.name.clone())
                    .unwrap_or_else(|| Text::new(item.department.clone(), item.department.clone()));
                parts.push(DepartmentShare {
                    department: item.department.clone(),
                    department_name: name,
                    items: Vec::with_capacity(1),
                    fields: Vec::with_capacity(item.fields.len()),
                    materials: Vec::with_capacity(item.materials.len()),
                });
                parts.len() - 1
            }
        };
        let part = &mut parts[index];
        part.items.push(item.id.clone());
        let row = &mut listed[index * words..(index + 1) * words];
        for usage in &item.fields {
            let field = layout.uses[k];
            k += 1;
            let bit = 1u64 << (field % 64);
            if layout.shown[field] && row[field / 64] & bit == 0 {
                row[field / 64] |= bit;
                part.fields.push(usage.key.clone());
            }
        }
        for usage in &item.materials {
            if !part.materials.contains(&usage.key) {
                part.materials.push(usage.key.clone());
            }
        }
    }
    RoutingPlan { shares: parts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::test_support::{answers, held, ids, seed};
    use serde_json::json;

    /// The seed bundle for these items, with these answers and e-certificates.
    fn seed_bundle(items: &[&str], given: &[(&str, &str)], certificates: &[&str]) -> Bundle {
        compose(&seed(), &ids(items), &answers(given), &held(certificates)).expect("composes")
    }

    fn field<'a>(bundle: &'a Bundle, key: &str) -> &'a MergedField {
        bundle
            .form
            .field(key)
            .unwrap_or_else(|| panic!("{key} in form"))
    }

    /// How many times the merged form holds `key` (it must be once at most).
    fn times_in_form(bundle: &Bundle, key: &str) -> usize {
        bundle.form.fields().filter(|f| f.key == key).count()
    }

    fn part<'a>(bundle: &'a Bundle, department: &str) -> &'a DepartmentShare {
        bundle
            .routing
            .shares
            .iter()
            .find(|p| p.department == department)
            .unwrap_or_else(|| panic!("a part for {department}"))
    }

    fn checklist<'a>(bundle: &'a Bundle, key: &str) -> &'a ChecklistEntry {
        bundle
            .checklist
            .iter()
            .find(|e| e.key == key)
            .unwrap_or_else(|| panic!("{key} on the checklist"))
    }

    /// A small catalog in the seed's JSON shape: one section, one department per item id
    /// prefix, and the given fields, materials and items.
    fn tiny(
        fields: serde_json::Value,
        materials: serde_json::Value,
        items: serde_json::Value,
    ) -> Catalog {
        let json = json!({
            "version": "test",
            "departments": [
                {"id": "a_dept", "name": {"zh": "甲", "en": "A"}, "kind": "department"},
                {"id": "b_dept", "name": {"zh": "乙", "en": "B"}, "kind": "department"}
            ],
            "life_events": [],
            "sections": [{"id": "main", "title": {"zh": "信息", "en": "Details"}}],
            "fields": fields,
            "materials": materials,
            "items": items,
            "packages": []
        });
        Catalog::from_json(&json.to_string()).expect("tiny catalog parses")
    }

    fn text_field(key: &str, kind: &str) -> serde_json::Value {
        json!({"key": key, "label": {"zh": key, "en": key}, "section": "main", "kind": kind})
    }

    fn colour_field() -> serde_json::Value {
        let choice = |v: &str| json!({"value": v, "label": {"zh": v, "en": v}});
        json!({"key": "colour", "label": {"zh": "颜色", "en": "Colour"}, "section": "main",
               "kind": "select", "options": [choice("red"), choice("green"), choice("blue")]})
    }

    fn item(id: &str, department: &str, fields: serde_json::Value) -> serde_json::Value {
        json!({"id": id, "name": {"zh": id, "en": id}, "department": department,
               "life_events": [], "committed_days": 1, "fields": fields})
    }

    // --- One table: shared fields ---

    #[test]
    fn name_id_number_phone_and_bank_account_are_asked_once_across_rehab_devices_and_benefit() {
        let b = seed_bundle(
            &[
                "unemployment_benefit",
                "assistive_devices",
                "work_injury_rehab",
            ],
            &[],
            &["work_injury_determination", "work_capacity_appraisal"],
        );
        for key in [
            "name",
            "id_number",
            "phone",
            "bank_account",
            "employer_name",
        ] {
            assert_eq!(times_in_form(&b, key), 1, "{key} is asked once");
        }
        assert_eq!(
            field(&b, "name").used_by,
            [
                "work_injury_rehab",
                "assistive_devices",
                "unemployment_benefit"
            ],
            "all three items use the one name field, in catalog order"
        );
        assert_eq!(field(&b, "bank_account").used_by, ["unemployment_benefit"]);
        let keys: BTreeSet<&str> = b.form.fields().map(|f| f.key.as_str()).collect();
        assert_eq!(keys.len(), b.form.fields().count(), "no key appears twice");
    }

    #[test]
    fn the_merged_form_follows_section_order_then_catalog_field_order() {
        let c = seed();
        let b = seed_bundle(&["unemployment_benefit", "work_injury_rehab"], &[], &[]);
        let ranks: Vec<(usize, usize)> = b
            .form
            .fields()
            .map(|f| {
                let section = &c.field(&f.key).unwrap().section;
                (c.section_rank(section), c.field_rank(&f.key))
            })
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
        assert_eq!(b.form.sections[0].id, "applicant");
        assert_eq!(b.form.sections[0].fields[0].key, "name");
    }

    // --- Strictest constraint wins ---

    #[test]
    fn the_strictest_constraint_wins_required_narrowest_lengths_and_range() {
        let c = tiny(
            json!([text_field("nickname", "text"), text_field("age", "number")]),
            json!([]),
            json!([
                item(
                    "a",
                    "a_dept",
                    json!([
                        {"key": "nickname", "required": false, "min_len": 2, "max_len": 50},
                        {"key": "age", "min": 16.0, "max": 70.0}
                    ])
                ),
                item(
                    "b",
                    "b_dept",
                    json!([
                        {"key": "nickname", "required": true, "min_len": 5, "max_len": 20},
                        {"key": "age", "required": true, "min": 18.0, "max": 65.0}
                    ])
                )
            ]),
        );
        let b = compose(&c, &ids(&["a", "b"]), &Answers::new(), &held(&[])).unwrap();
        let nickname = b.form.field("nickname").unwrap();
        assert!(nickname.required, "required because one item requires it");
        assert_eq!((nickname.min_len, nickname.max_len), (Some(5), Some(20)));
        let age = b.form.field("age").unwrap();
        assert!(age.required);
        assert_eq!((age.min, age.max), (Some(18.0), Some(65.0)));
    }

    #[test]
    fn in_the_seed_road_works_take_the_shorter_site_address_and_the_longer_minimum_description() {
        let b = seed_bundle(
            &["road_occupation"],
            &[("affects_carriageway", "yes"), ("involves_highway", "yes")],
            &[],
        );
        // Urban management allows 100 characters, traffic police 60.
        assert_eq!(field(&b, "site_address").max_len, Some(60));
        // Urban management asks for at least 10 characters of description, transport 20.
        assert_eq!(field(&b, "works_description").min_len, Some(20));
        assert_eq!(field(&b, "traffic_plan").min_len, Some(20));
    }

    #[test]
    fn select_options_are_intersected_across_items() {
        let b = seed_bundle(&["road_occupation"], &[("involves_highway", "yes")], &[]);
        let values: Vec<&str> = field(&b, "road_class")
            .options
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(
            values,
            ["expressway", "national", "provincial"],
            "urban roads drop out"
        );

        let b = seed_bundle(
            &["unemployment_registration", "unemployment_benefit"],
            &[],
            &[],
        );
        let reasons: Vec<&str> = field(&b, "unemployment_reason")
            .options
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        assert!(!reasons.contains(&"voluntary") && !reasons.contains(&"other"));
        assert_eq!(reasons.len(), 5);
    }

    #[test]
    fn options_no_two_items_share_are_a_conflict_that_names_both_items() {
        let c = tiny(
            json!([colour_field()]),
            json!([]),
            json!([
                item(
                    "a",
                    "a_dept",
                    json!([{"key": "colour", "options": ["red", "green"]}])
                ),
                item(
                    "b",
                    "b_dept",
                    json!([{"key": "colour", "options": ["blue"]}])
                )
            ]),
        );
        let err = compose(&c, &ids(&["b", "a"]), &Answers::new(), &held(&[])).unwrap_err();
        let ComposeError::Conflict { field, items, .. } = &err else {
            panic!("expected a conflict, got {err:?}");
        };
        assert_eq!(field, "colour");
        assert_eq!(items, &("a".to_string(), "b".to_string()));
        let message = err.message();
        assert!(
            message.en.contains("“a”") && message.en.contains("“b”"),
            "{}",
            message.en
        );
        assert!(message.zh.contains("colour"));
    }

    #[test]
    fn lengths_no_two_items_share_are_a_conflict_too() {
        let c = tiny(
            json!([text_field("code", "text")]),
            json!([]),
            json!([
                item("a", "a_dept", json!([{"key": "code", "min_len": 10}])),
                item("b", "b_dept", json!([{"key": "code", "max_len": 6}]))
            ]),
        );
        let err = compose(&c, &ids(&["a", "b"]), &Answers::new(), &held(&[])).unwrap_err();
        assert!(
            matches!(err, ComposeError::Conflict { ref detail, .. } if detail.contains("min_len"))
        );
    }

    #[test]
    fn a_field_no_definition_exists_for_is_a_catalog_conflict() {
        let c = tiny(
            json!([]),
            json!([]),
            json!([item("a", "a_dept", json!([{"key": "ghost"}]))]),
        );
        let err = compose(&c, &ids(&["a"]), &Answers::new(), &held(&[])).unwrap_err();
        assert!(
            matches!(err, ComposeError::Conflict { ref field, .. } if field == "ghost"),
            "{err:?}"
        );
    }

    #[test]
    fn nothing_chosen_or_an_unknown_item_is_an_error() {
        let c = seed();
        let none = Answers::new();
        assert_eq!(
            compose(&c, &[], &none, &held(&[])),
            Err(ComposeError::Empty)
        );
        assert_eq!(
            compose(
                &c,
                &ids(&["basic_pension", "no_such_item"]),
                &none,
                &held(&[])
            ),
            Err(ComposeError::UnknownItem("no_such_item".into()))
        );
    }

    #[test]
    fn picking_order_does_not_change_the_bundle() {
        let a = seed_bundle(
            &[
                "unemployment_benefit",
                "work_injury_rehab",
                "social_security_card",
            ],
            &[],
            &[],
        );
        let b = seed_bundle(
            &[
                "social_security_card",
                "work_injury_rehab",
                "unemployment_benefit",
            ],
            &[],
            &[],
        );
        assert_eq!(a, b);
    }

    // --- Conditional fields ---

    #[test]
    fn the_traffic_plan_is_shown_only_when_the_carriageway_is_affected() {
        for (answer, shown) in [(None, false), (Some("no"), false), (Some("yes"), true)] {
            let given: Vec<(&str, &str)> = answer
                .map(|a| ("affects_carriageway", a))
                .into_iter()
                .collect();
            let b = seed_bundle(&["road_occupation"], &given, &[]);
            assert_eq!(field(&b, "traffic_plan").shown, shown, "answer {answer:?}");
            assert_eq!(
                part(&b, "urban_management")
                    .fields
                    .iter()
                    .any(|f| f == "traffic_plan"),
                shown,
                "a hidden field is not sent to the department"
            );
        }
    }

    #[test]
    fn a_field_is_shown_unconditionally_when_any_item_shows_it_unconditionally() {
        let c = tiny(
            json!([
                text_field("kind", "yes_no"),
                text_field("plan", "long_text")
            ]),
            json!([]),
            json!([
                item(
                    "a",
                    "a_dept",
                    json!([{"key": "kind"}, {"key": "plan", "show_if": {"field": "kind", "equals": "yes"}}])
                ),
                item("b", "b_dept", json!([{"key": "plan"}]))
            ]),
        );
        let only_a = compose(&c, &ids(&["a"]), &Answers::new(), &held(&[])).unwrap();
        assert!(!only_a.form.field("plan").unwrap().shown);
        let both = compose(&c, &ids(&["a", "b"]), &Answers::new(), &held(&[])).unwrap();
        let plan = both.form.field("plan").unwrap();
        assert!(plan.shown && plan.show_if.is_empty());
    }

    #[test]
    fn a_field_a_situational_question_already_asked_is_not_asked_again() {
        let b = seed_bundle(&["road_occupation"], &[], &[]);
        assert!(b.questions.iter().any(|q| q.id == "affects_carriageway"));
        let f = field(&b, "affects_carriageway");
        assert!(f.from_question && f.shown && !f.asked());
        assert_eq!(
            b.form
                .fields()
                .filter(|f| f.asked() && f.key == "affects_carriageway")
                .count(),
            0
        );
        assert!(!field(&b, "road_name").from_question && field(&b, "road_name").asked());
        // The department still receives the answer it declared.
        assert!(part(&b, "urban_management")
            .fields
            .iter()
            .any(|f| f == "affects_carriageway"));
    }

    #[test]
    fn birth_date_and_sex_are_derived_not_asked_when_the_id_number_is_in_the_form() {
        let b = seed_bundle(&["basic_pension"], &[], &[]);
        for key in ["birth_date", "sex"] {
            let f = field(&b, key);
            assert!(f.derived.is_some() && !f.asked(), "{key} is derived");
        }
        assert!(field(&b, "id_number").asked());
    }

    #[test]
    fn a_derived_field_is_asked_when_no_item_asks_for_the_id_number() {
        let mut birth = text_field("birth_date", "date");
        birth["derived"] = json!("birth_date_from_id_number");
        let c = tiny(
            json!([birth]),
            json!([]),
            json!([item(
                "a",
                "a_dept",
                json!([{"key": "birth_date", "required": true}])
            )]),
        );
        let b = compose(&c, &ids(&["a"]), &Answers::new(), &held(&[])).unwrap();
        let f = b.form.field("birth_date").unwrap();
        assert!(f.derived.is_none() && f.asked());
    }

    // --- Prerequisites and exclusions ---

    #[test]
    fn a_held_determination_certificate_satisfies_the_rehab_prerequisite() {
        let b = seed_bundle(&["work_injury_rehab"], &[], &["work_injury_determination"]);
        assert!(b.problems.is_empty(), "{:?}", b.problems);
        assert_eq!(
            b.satisfied,
            [Satisfied::Held {
                item: "work_injury_rehab".into(),
                material: "work_injury_determination".into()
            }]
        );
        assert!(b.dependencies.is_empty());
    }

    #[test]
    fn a_determination_in_the_bundle_satisfies_the_prerequisite_and_runs_first() {
        let b = seed_bundle(
            &["work_injury_rehab", "work_injury_determination"],
            &[],
            &[],
        );
        assert!(b.problems.is_empty(), "{:?}", b.problems);
        assert_eq!(
            b.satisfied,
            [Satisfied::InBundle {
                item: "work_injury_rehab".into(),
                material: "work_injury_determination".into(),
                by: "work_injury_determination".into()
            }]
        );
        assert_eq!(
            b.dependencies,
            [(
                "work_injury_determination".to_string(),
                "work_injury_rehab".to_string()
            )]
        );
        // Asking for a new determination wins over an old certificate: it still runs first.
        let also_held = seed_bundle(
            &["work_injury_rehab", "work_injury_determination"],
            &[],
            &["work_injury_determination"],
        );
        assert_eq!(also_held.dependencies, b.dependencies);
    }

    #[test]
    fn a_missing_determination_is_a_problem_whose_fix_is_adding_it() {
        let b = seed_bundle(&["work_injury_rehab"], &[], &[]);
        assert_eq!(b.problems.len(), 1);
        let Problem::MissingPrerequisite {
            item,
            material,
            add,
            reason,
        } = &b.problems[0]
        else {
            panic!("expected a missing prerequisite, got {:?}", b.problems);
        };
        assert_eq!(
            (item.as_str(), material.as_str()),
            ("work_injury_rehab", "work_injury_determination")
        );
        assert_eq!(add, "work_injury_determination");
        assert!(!reason.zh.is_empty() && !reason.en.is_empty());
        // Taking the fix leaves no problem.
        let fixed = seed_bundle(&["work_injury_rehab", add.as_str()], &[], &[]);
        assert!(fixed.problems.is_empty());
    }

    #[test]
    fn assistive_devices_need_both_the_determination_and_the_appraisal() {
        let b = seed_bundle(&["assistive_devices"], &[], &["work_injury_determination"]);
        let adds: Vec<&str> = b
            .problems
            .iter()
            .filter_map(|p| match p {
                Problem::MissingPrerequisite { add, .. } => Some(add.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(adds, ["work_capacity_appraisal"]);
    }

    #[test]
    fn unemployment_benefit_and_basic_pension_exclude_each_other_reported_once() {
        for order in [
            ["unemployment_benefit", "basic_pension"],
            ["basic_pension", "unemployment_benefit"],
        ] {
            let b = seed_bundle(&order, &[], &[]);
            let excluded: Vec<&Problem> = b
                .problems
                .iter()
                .filter(|p| matches!(p, Problem::Excluded { .. }))
                .collect();
            assert_eq!(excluded.len(), 1, "{:?}", b.problems);
            let Problem::Excluded {
                item,
                other,
                reason,
            } = excluded[0]
            else {
                unreachable!()
            };
            let pair: BTreeSet<&str> = [item.as_str(), other.as_str()].into();
            assert_eq!(pair, ["basic_pension", "unemployment_benefit"].into());
            assert!(!reason.en.is_empty());
        }
    }

    #[test]
    fn an_exclusion_declared_by_one_side_only_is_still_reported() {
        let c = tiny(
            json!([]),
            json!([]),
            json!([
                item("a", "a_dept", json!([])),
                {"id": "b", "name": {"zh": "b", "en": "b"}, "department": "b_dept", "life_events": [],
                 "committed_days": 1, "excludes": [{"item": "a", "reason": {"zh": "互斥", "en": "exclusive"}}]}
            ]),
        );
        let b = compose(&c, &ids(&["a", "b"]), &Answers::new(), &held(&[])).unwrap();
        assert_eq!(
            b.problems,
            [Problem::Excluded {
                item: "b".into(),
                other: "a".into(),
                reason: Text::new("互斥", "exclusive")
            }]
        );
    }

    // --- Situational questions ---

    #[test]
    fn affecting_the_carriageway_adds_the_traffic_police_review_with_its_reason() {
        let b = seed_bundle(
            &["road_occupation"],
            &[("affects_carriageway", "yes"), ("involves_highway", "no")],
            &[],
        );
        let review = b
            .items
            .iter()
            .find(|i| i.id == "road_traffic_safety_review")
            .expect("added");
        let Inclusion::Situation { question, reason } = &review.inclusion else {
            panic!("added by a situation, got {:?}", review.inclusion);
        };
        assert_eq!(question, "affects_carriageway");
        assert!(!reason.zh.is_empty() && !reason.en.is_empty());
        assert!(!b.contains("highway_works_permit"));
        assert_eq!(b.items[0].inclusion, Inclusion::Chosen);
    }

    #[test]
    fn a_highway_adds_the_highway_works_permit() {
        let b = seed_bundle(&["road_occupation"], &[("involves_highway", "yes")], &[]);
        assert!(b.contains("highway_works_permit"));
        assert!(
            !b.contains("road_traffic_safety_review"),
            "carriageway not answered yet"
        );
        assert_eq!(part(&b, "transport").items, ["highway_works_permit"]);
    }

    #[test]
    fn unanswered_questions_are_listed_without_an_answer_and_add_nothing() {
        let b = seed_bundle(&["road_occupation"], &[], &[]);
        let asked: Vec<(&str, Option<bool>)> = b
            .questions
            .iter()
            .map(|q| (q.id.as_str(), q.answer))
            .collect();
        assert_eq!(
            asked,
            [("affects_carriageway", None), ("involves_highway", None)]
        );
        assert_eq!(b.item_ids().collect::<Vec<_>>(), ["road_occupation"]);
        let none = seed_bundle(&["basic_pension"], &[("affects_carriageway", "yes")], &[]);
        assert!(
            none.questions.is_empty(),
            "road questions are not asked for a pension"
        );
        assert!(!none.contains("road_traffic_safety_review"));
    }

    #[test]
    fn only_yes_or_no_answers_a_question() {
        for (given, answer) in [
            ("yes", Some(true)),
            ("no", Some(false)),
            ("", None),
            ("maybe", None),
            ("YES", None),
        ] {
            let b = seed_bundle(&["road_occupation"], &[("affects_carriageway", given)], &[]);
            assert_eq!(b.questions[0].answer, answer, "answer {given:?}");
            assert_eq!(
                b.contains("road_traffic_safety_review"),
                answer == Some(true)
            );
        }
    }

    #[test]
    fn choosing_an_item_a_question_would_add_keeps_it_chosen() {
        let b = seed_bundle(
            &["road_occupation", "road_traffic_safety_review"],
            &[("affects_carriageway", "yes")],
            &[],
        );
        assert!(b.items.iter().all(|i| i.inclusion == Inclusion::Chosen));
    }

    // --- One checklist ---

    #[test]
    fn an_id_card_needed_by_three_items_is_uploaded_once() {
        let b = seed_bundle(
            &[
                "birth_medical_certificate",
                "vaccination_record",
                "birth_registration",
            ],
            &[],
            &[],
        );
        assert_eq!(b.checklist.iter().filter(|e| e.key == "id_card").count(), 1);
        let card = checklist(&b, "id_card");
        assert_eq!(card.used_by.len(), 3);
        assert_eq!(card.status, MaterialStatus::Upload);
    }

    #[test]
    fn a_held_e_certificate_is_exempt_and_a_held_paper_material_is_not() {
        let b = seed_bundle(&["social_security_card"], &[], &["id_card", "photo"]);
        assert_eq!(checklist(&b, "id_card").status, MaterialStatus::ExemptHeld);
        assert_eq!(
            checklist(&b, "photo").status,
            MaterialStatus::Upload,
            "a photo is no e-certificate"
        );
    }

    #[test]
    fn a_material_another_item_in_the_bundle_produces_is_exempt() {
        let mut licence = item("licence", "a_dept", json!([]));
        licence["produces"] = json!(["licence_doc"]);
        let mut sign = item("sign", "b_dept", json!([]));
        sign["materials"] = json!([{"key": "licence_doc"}, {"key": "photo"}]);
        let c = tiny(
            json!([]),
            json!([
                {"key": "licence_doc", "name": {"zh": "执照", "en": "Licence"}, "e_certificate": true},
                {"key": "photo", "name": {"zh": "照片", "en": "Photo"}}
            ]),
            json!([licence, sign]),
        );
        let b = compose(&c, &ids(&["sign", "licence"]), &Answers::new(), &held(&[])).unwrap();
        assert_eq!(
            checklist(&b, "licence_doc").status,
            MaterialStatus::ExemptProduced {
                by: "licence".into()
            }
        );
        assert_eq!(checklist(&b, "photo").status, MaterialStatus::Upload);
        let alone = compose(&c, &ids(&["sign"]), &Answers::new(), &held(&[])).unwrap();
        assert_eq!(
            checklist(&alone, "licence_doc").status,
            MaterialStatus::Upload
        );
    }

    // --- Routing ---

    #[test]
    fn each_department_receives_only_the_fields_its_own_items_declare() {
        let c = seed();
        let b = seed_bundle(
            &[
                "work_injury_rehab",
                "unemployment_benefit",
                "newborn_medical_insurance",
                "road_occupation",
            ],
            &[("affects_carriageway", "yes")],
            &[],
        );
        assert_eq!(
            b.routing.shares.len(),
            4,
            "hrss, medical insurance, urban management, traffic police"
        );
        for p in &b.routing.shares {
            let declared: BTreeSet<&str> = p
                .items
                .iter()
                .flat_map(|id| c.item(id).unwrap().fields.iter().map(|f| f.key.as_str()))
                .collect();
            for f in &p.fields {
                assert!(
                    declared.contains(f.as_str()),
                    "{} receives undeclared {f}",
                    p.department
                );
            }
            assert!(p
                .items
                .iter()
                .all(|id| c.item(id).unwrap().department == p.department));
        }
        assert_eq!(
            part(&b, "hrss").items,
            ["work_injury_rehab", "unemployment_benefit"]
        );
        let medical = part(&b, "medical_insurance");
        assert!(!medical
            .fields
            .iter()
            .any(|f| f == "bank_account" || f == "rehab_institution"));
        assert!(medical.fields.iter().any(|f| f == "child_name"));
        assert!(!part(&b, "traffic_police")
            .fields
            .iter()
            .any(|f| f == "excavation_area"));
        assert_eq!(
            part(&b, "traffic_police").department_name.zh,
            c.department("traffic_police").unwrap().name.zh
        );
    }

    #[test]
    fn utility_companies_get_parts_of_their_own() {
        let b = seed_bundle(
            &[
                "water_transfer",
                "electricity_transfer",
                "gas_transfer",
                "broadband_transfer",
            ],
            &[],
            &[],
        );
        let departments: Vec<&str> = b
            .routing
            .shares
            .iter()
            .map(|p| p.department.as_str())
            .collect();
        assert_eq!(
            departments,
            ["water_supply", "power_supply", "gas_supply", "broadband"]
        );
        assert!(!part(&b, "water_supply")
            .fields
            .iter()
            .any(|f| f == "gas_account_number"));
    }
}
