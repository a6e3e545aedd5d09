//! The catalog: departments, service items, fields, materials, packages and situational questions.
//!
//! The catalog is data that staff edit (`catalog/catalog.json` seeds it). Items declare the fields and
//! materials *they* need; the engine merges them. Field keys are semantic (`id_number`, `phone`), so
//! the same key in several items is one question.

use serde::{Deserialize, Serialize};

/// Text a user reads, in both languages. Chinese first: it is the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Staff bump this when they publish; the loader also hashes the content.
    pub version: String,
    pub departments: Vec<Department>,
    /// Life events group items for browsing ("newborn", "retirement" …).
    pub life_events: Vec<LifeEvent>,
    /// Form sections in the order a citizen meets them.
    pub sections: Vec<Section>,
    pub fields: Vec<FieldDef>,
    pub materials: Vec<MaterialDef>,
    pub items: Vec<Item>,
    pub packages: Vec<Package>,
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Lookup tables, rebuilt by [`Catalog::indexed`]; at 3,900 items a linear scan per lookup is
    /// what would make composing slow.
    #[serde(skip)]
    index: Index,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Index {
    items: std::collections::HashMap<String, usize>,
    fields: std::collections::HashMap<String, usize>,
    materials: std::collections::HashMap<String, usize>,
    departments: std::collections::HashMap<String, usize>,
    sections: std::collections::HashMap<String, usize>,
    /// Per field (by position), the rank of its section: composing places every field.
    field_sections: Vec<usize>,
    /// Per item (by position), the position of each field it uses, `None` for a key the catalog
    /// does not define: composing merges every use, and hashing each key was a cost there.
    item_fields: Vec<Vec<Option<usize>>>,
    /// Per question (by position), the positions of the items it is asked for: composing checks
    /// every question each round, and comparing positions is cheaper than hashing ids.
    question_items: Vec<Vec<usize>>,
}

fn positions<T>(list: &[T], key: impl Fn(&T) -> &str) -> std::collections::HashMap<String, usize> {
    list.iter()
        .enumerate()
        .map(|(i, x)| (key(x).to_string(), i))
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// A government department (公安, 人社 …).
    Department,
    /// An outside organisation such as a utility company: routing must reach it too.
    Organisation,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub id: String,
    pub name: Text,
    pub kind: OrgKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifeEvent {
    pub id: String,
    pub name: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    /// Resident ID number, GB 11643-1999.
    IdNumber,
    /// Unified social credit code, GB 32100-2015.
    CreditCode,
    Mobile,
    /// Bank card number, Luhn-checked.
    BankCard,
    Postcode,
    /// ISO date, YYYY-MM-DD.
    Date,
    Number,
    Select,
    YesNo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: Text,
}

/// Where a field's value comes from when the citizen is not asked for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    /// Birth date from digits 7–14 of the ID number.
    BirthDateFromIdNumber,
    /// Sex from the parity of the 17th digit of the ID number.
    SexFromIdNumber,
}

/// A field as the catalog defines it once; items add their own constraints on top.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    pub key: String,
    pub label: Text,
    pub section: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub hint: Option<Text>,
    #[serde(default)]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub derived: Option<Derivation>,
    /// Personal data that is masked in lists and logs (ID numbers, bank cards).
    #[serde(default)]
    pub sensitive: bool,
    /// For a date: when it may fall, against today or another date of the form.
    #[serde(default)]
    pub dates: DateRule,
}

/// When a date may fall. The same rule is checked in the browser and on the server (the
/// engine's `answers::check`), so a road-works permit cannot start in the past, a completion
/// cannot come before its start, and an injury cannot happen tomorrow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRule {
    /// Today or earlier (a date that has happened: an injury, a birth, a last day of work).
    #[serde(default)]
    pub not_after_today: bool,
    /// Today or later (a date that is planned: a start of works).
    #[serde(default)]
    pub not_before_today: bool,
    /// Not before the date in this other field (a completion after its start).
    #[serde(default)]
    pub not_before: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaterialDef {
    pub key: String,
    pub name: Text,
    /// True when the material exists as an e-certificate (电子证照) the system can fetch.
    #[serde(default)]
    pub e_certificate: bool,
}

/// A condition on another answer: the field is shown (and required) only when it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowIf {
    pub field: String,
    pub equals: String,
}

/// One item's use of a field, with that item's constraints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldUse {
    pub key: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub min_len: Option<u32>,
    #[serde(default)]
    pub max_len: Option<u32>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Allowed option values for a select; `None` means all of the field's options.
    #[serde(default)]
    pub options: Option<Vec<String>>,
    #[serde(default)]
    pub show_if: Option<ShowIf>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaterialUse {
    pub key: String,
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// A prerequisite: the item needs a material (usually a decision another item produces).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prerequisite {
    /// The material that satisfies it when held as an e-certificate.
    pub material: String,
    /// The item that produces it when added to the same bundle (it then runs first).
    pub item: String,
    pub reason: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    pub item: String,
    pub reason: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub name: Text,
    pub department: String,
    pub life_events: Vec<String>,
    /// Pinyin initials of the Chinese name, for search as you type ("gskf"). Generated by the
    /// server when it loads the catalog, never typed by hand.
    #[serde(default)]
    pub pinyin: String,
    /// The full pinyin, without tones or spaces ("gongshangkangfu"); generated as `pinyin`.
    #[serde(default)]
    pub pinyin_full: String,
    /// Words citizens actually use for it (失业金 for 失业保险金, 生孩子 for the birth items).
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Working days the city commits to.
    pub committed_days: u32,
    /// Working days the law allows, where it says.
    #[serde(default)]
    pub statutory_days: Option<u32>,
    #[serde(default)]
    pub fields: Vec<FieldUse>,
    #[serde(default)]
    pub materials: Vec<MaterialUse>,
    /// Materials (decisions, certificates) this item produces when approved.
    #[serde(default)]
    pub produces: Vec<String>,
    #[serde(default)]
    pub requires: Vec<Prerequisite>,
    #[serde(default)]
    pub excludes: Vec<Exclusion>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Package {
    pub id: String,
    pub name: Text,
    pub life_event: String,
    pub items: Vec<String>,
}

/// A situational question (情形引导): a yes/no answer adds items to the bundle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: Text,
    /// Asked when any of these items is in the bundle.
    pub asked_for: Vec<String>,
    /// Added when the answer is yes.
    pub adds: Vec<String>,
    pub reason: Text,
}

impl Catalog {
    /// Parses catalog JSON and builds its lookup tables.
    pub fn from_json(json: &str) -> Result<Catalog, serde_json::Error> {
        serde_json::from_str::<Catalog>(json).map(Catalog::indexed)
    }

    /// Builds the lookup tables; call after constructing or editing a catalog in code.
    pub fn indexed(mut self) -> Catalog {
        self.index = Index {
            items: positions(&self.items, |i| &i.id),
            fields: positions(&self.fields, |f| &f.key),
            materials: positions(&self.materials, |m| &m.key),
            departments: positions(&self.departments, |d| &d.id),
            sections: positions(&self.sections, |s| &s.id),
            field_sections: Vec::new(),
            item_fields: Vec::new(),
            question_items: Vec::new(),
        };
        self.index.item_fields = self
            .items
            .iter()
            .map(|i| {
                i.fields
                    .iter()
                    .map(|f| self.index.fields.get(&f.key).copied())
                    .collect()
            })
            .collect();
        self.index.field_sections = self
            .fields
            .iter()
            .map(|f| self.section_rank(&f.section))
            .collect();
        self.index.question_items = self
            .questions
            .iter()
            .map(|q| {
                q.asked_for
                    .iter()
                    .filter_map(|id| self.item_position(id))
                    .collect()
            })
            .collect();
        self
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.index.items.get(id).map(|&i| &self.items[i])
    }
    /// An item's name as pages show it; an id the catalog no longer holds shows as itself rather
    /// than failing the page (an old draft or application may name a retired item).
    pub fn item_name(&self, id: &str) -> Text {
        self.item(id)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| Text::new(id, id))
    }
    /// Position of an item in catalog order: bundles keep this order whatever the picking order.
    pub fn item_position(&self, id: &str) -> Option<usize> {
        self.index.items.get(id).copied()
    }
    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.index.fields.get(key).map(|&i| &self.fields[i])
    }
    /// Answer keys the catalog marks sensitive (ID numbers, bank accounts): sealed at rest on
    /// the server, never kept on a device, masked when shown.
    pub fn sensitive_keys(&self) -> std::collections::BTreeSet<String> {
        self.fields
            .iter()
            .filter(|f| f.sensitive)
            .map(|f| f.key.clone())
            .collect()
    }
    pub fn material(&self, key: &str) -> Option<&MaterialDef> {
        self.index.materials.get(key).map(|&i| &self.materials[i])
    }
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.index
            .departments
            .get(id)
            .map(|&i| &self.departments[i])
    }
    /// Position of a section in reading order; unknown sections go last.
    pub fn section_rank(&self, id: &str) -> usize {
        self.index.sections.get(id).copied().unwrap_or(usize::MAX)
    }
    /// Position of a field within the catalog's field list: the order inside a section.
    pub fn field_rank(&self, key: &str) -> usize {
        self.index.fields.get(key).copied().unwrap_or(usize::MAX)
    }
    /// A field with its position, in one lookup.
    pub fn field_at(&self, key: &str) -> Option<(usize, &FieldDef)> {
        self.index.fields.get(key).map(|&i| (i, &self.fields[i]))
    }
    /// Positions of the fields the item at `item` (its position) uses, in its order; `None`
    /// where the catalog does not define the key.
    pub fn item_field_positions(&self, item: usize) -> &[Option<usize>] {
        self.index.item_fields.get(item).map_or(&[], Vec::as_slice)
    }
    /// Rank of the section of the field at `position` (see [`Catalog::section_rank`]).
    pub fn field_section_rank(&self, position: usize) -> usize {
        self.index
            .field_sections
            .get(position)
            .copied()
            .unwrap_or(usize::MAX)
    }
    /// Positions of the items the question at `question` (its position) is asked for; ids the
    /// catalog does not hold are left out.
    pub fn question_items(&self, question: usize) -> &[usize] {
        self.index
            .question_items
            .get(question)
            .map_or(&[], Vec::as_slice)
    }
}

impl Catalog {
    /// The part of the catalog that a selection can reach: the items, what situational questions
    /// may add, prerequisite and excluded items (to name them), and the fields, materials,
    /// sections and departments those use. The browser composes on this instead of 3,900 items.
    /// Unknown ids are skipped here; `compose` reports them.
    pub fn subset(&self, ids: &[String]) -> Catalog {
        use std::collections::BTreeSet;
        // Everything below works on positions found through the index, in ascending order so
        // the subset keeps catalog order: no scan of all 3,900 items, fields or materials.
        let mut reach: BTreeSet<usize> =
            ids.iter().filter_map(|id| self.item_position(id)).collect();
        // Questions may add items that bring questions of their own: grow to a fixed point.
        let mut asked: BTreeSet<usize> = BTreeSet::new();
        loop {
            let before = reach.len();
            for (q, question) in self.questions.iter().enumerate() {
                if self.question_items(q).iter().any(|i| reach.contains(i)) {
                    asked.insert(q);
                    reach.extend(question.adds.iter().filter_map(|id| self.item_position(id)));
                }
            }
            if reach.len() == before {
                break;
            }
        }
        let mut named: BTreeSet<usize> = reach.clone();
        for &i in &reach {
            let item = &self.items[i];
            let others = item.requires.iter().map(|p| &p.item);
            let others = others.chain(item.excludes.iter().map(|e| &e.item));
            named.extend(others.filter_map(|id| self.item_position(id)));
        }
        let items: Vec<Item> = named.iter().map(|&i| self.items[i].clone()).collect();

        let at = |map: &std::collections::HashMap<String, usize>, key: &str| map.get(key).copied();
        let fields: BTreeSet<usize> = items
            .iter()
            .flat_map(|i| i.fields.iter())
            .filter_map(|f| at(&self.index.fields, &f.key))
            .collect();
        let materials: BTreeSet<usize> = items
            .iter()
            .flat_map(|i| {
                i.materials
                    .iter()
                    .map(|m| &m.key)
                    .chain(i.requires.iter().map(|p| &p.material))
            })
            .filter_map(|key| at(&self.index.materials, key))
            .collect();
        let sections: BTreeSet<usize> = fields
            .iter()
            .filter_map(|&f| at(&self.index.sections, &self.fields[f].section))
            .collect();
        let departments: BTreeSet<usize> = items
            .iter()
            .filter_map(|i| at(&self.index.departments, &i.department))
            .collect();
        fn pick<T: Clone>(list: &[T], positions: &BTreeSet<usize>) -> Vec<T> {
            positions.iter().map(|&i| list[i].clone()).collect()
        }
        Catalog {
            version: self.version.clone(),
            departments: pick(&self.departments, &departments),
            life_events: Vec::new(),
            sections: pick(&self.sections, &sections),
            fields: pick(&self.fields, &fields),
            materials: pick(&self.materials, &materials),
            questions: pick(&self.questions, &asked),
            items,
            packages: Vec::new(),
            index: Index::default(),
        }
        .indexed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calendar::{china_2025_2026, Date, WorkingCalendar};
    use crate::engine::compose::{compose, Answers};
    use crate::engine::test_support::{answers, ids, seed};
    use crate::engine::timeline::schedule;
    use std::collections::BTreeSet;

    fn item_ids(c: &Catalog) -> BTreeSet<&str> {
        c.items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn every_reference_in_the_seed_catalog_resolves() {
        let c = seed();
        for f in &c.fields {
            assert_ne!(
                c.section_rank(&f.section),
                usize::MAX,
                "section of {}",
                f.key
            );
            let rule = &f.dates;
            if *rule != DateRule::default() {
                assert_eq!(f.kind, FieldKind::Date, "{} has date rules", f.key);
                assert!(
                    !(rule.not_after_today && rule.not_before_today),
                    "{} can only be today",
                    f.key
                );
            }
            if let Some(other) = &rule.not_before {
                assert_eq!(
                    c.field(other).map(|o| o.kind),
                    Some(FieldKind::Date),
                    "{} follows {other}, which is not a date field",
                    f.key
                );
            }
        }
        for i in &c.items {
            assert!(
                c.department(&i.department).is_some(),
                "department of {}",
                i.id
            );
            for f in &i.fields {
                assert!(
                    c.field(&f.key).is_some(),
                    "{} uses unknown field {}",
                    i.id,
                    f.key
                );
                if let Some(cond) = &f.show_if {
                    assert!(
                        c.field(&cond.field).is_some(),
                        "{} shows {} on unknown {}",
                        i.id,
                        f.key,
                        cond.field
                    );
                }
            }
            for m in i.materials.iter().map(|m| &m.key).chain(&i.produces) {
                assert!(
                    c.material(m).is_some(),
                    "{} names unknown material {m}",
                    i.id
                );
            }
            for p in &i.requires {
                assert!(
                    c.material(&p.material).is_some() && c.item(&p.item).is_some(),
                    "{}",
                    i.id
                );
                let producer = c.item(&p.item).unwrap();
                assert!(
                    producer.produces.contains(&p.material),
                    "{} produces {}",
                    p.item,
                    p.material
                );
            }
            for x in &i.excludes {
                assert!(
                    c.item(&x.item).is_some(),
                    "{} excludes unknown {}",
                    i.id,
                    x.item
                );
            }
        }
        for p in &c.packages {
            assert!(
                p.items.iter().all(|id| c.item(id).is_some()),
                "package {}",
                p.id
            );
        }
        for q in &c.questions {
            assert!(
                q.asked_for
                    .iter()
                    .chain(&q.adds)
                    .all(|id| c.item(id).is_some()),
                "question {}",
                q.id
            );
        }
    }

    #[test]
    fn lookups_find_what_the_catalog_holds_and_nothing_else() {
        let c = seed();
        assert_eq!(c.item("basic_pension").unwrap().statutory_days, Some(63));
        assert_eq!(c.item_position("birth_medical_certificate"), Some(0));
        assert!(c.item("no_such_item").is_none() && c.item_position("no_such_item").is_none());
        assert_eq!(c.field("id_number").unwrap().kind, FieldKind::IdNumber);
        assert!(c.material("id_card").unwrap().e_certificate);
        assert_eq!(
            c.department("water_supply").unwrap().kind,
            OrgKind::Organisation
        );
        assert_eq!(c.section_rank("applicant"), 0);
        assert_eq!(c.section_rank("nowhere"), usize::MAX);
        assert!(c.field_rank("name") < c.field_rank("phone"));
    }

    #[test]
    fn an_item_added_in_code_is_found_after_indexing() {
        let mut c = seed();
        let mut copy = c.item("basic_pension").unwrap().clone();
        copy.id = "basic_pension_copy".into();
        c.items.push(copy);
        assert!(
            c.item("basic_pension_copy").is_none(),
            "not until the index is rebuilt"
        );
        let c = c.indexed();
        assert_eq!(c.item("basic_pension_copy").unwrap().department, "hrss");
    }

    #[test]
    fn the_catalog_round_trips_through_json() {
        let c = seed();
        let back = Catalog::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn every_package_and_every_pair_of_seed_items_composes_without_conflict() {
        let c = seed();
        let none = Answers::new();
        for p in &c.packages {
            assert!(
                compose(&c, &p.items, &none, &BTreeSet::new()).is_ok(),
                "package {}",
                p.id
            );
        }
        for a in &c.items {
            for b in &c.items {
                let pair = vec![a.id.clone(), b.id.clone()];
                let result = compose(&c, &pair, &none, &BTreeSet::new());
                assert!(result.is_ok(), "{} + {}: {:?}", a.id, b.id, result.err());
            }
        }
    }

    // --- subset ---

    #[test]
    fn a_subset_reaches_the_items_a_question_may_add_with_their_fields_and_departments() {
        let s = seed().subset(&ids(&["road_occupation"]));
        assert_eq!(
            item_ids(&s),
            [
                "highway_works_permit",
                "road_occupation",
                "road_traffic_safety_review"
            ]
            .into()
        );
        assert_eq!(s.questions.len(), 2);
        assert!(s.department("traffic_police").is_some() && s.department("transport").is_some());
        assert!(
            s.material("traffic_organisation_plan").is_some()
                && s.material("safety_assessment").is_some()
        );
        assert!(s.field("traffic_plan").is_some());
        assert!(s.field("retirement_type").is_none() && s.department("hrss").is_none());
    }

    #[test]
    fn a_subset_names_prerequisite_and_excluded_items_and_the_prerequisite_materials() {
        let s = seed().subset(&ids(&["work_injury_rehab", "unemployment_benefit"]));
        assert!(
            s.item("work_injury_determination").is_some(),
            "the one-click fix"
        );
        assert!(s.item("basic_pension").is_some(), "named in the exclusion");
        assert!(s.material("work_injury_determination").is_some());
        assert!(s.item("assistive_devices").is_none());
        assert!(s.packages.is_empty() && s.life_events.is_empty());
    }

    #[test]
    fn a_subset_skips_unknown_ids_and_compose_on_it_still_reports_them() {
        let c = seed();
        let chosen = ids(&["basic_pension", "no_such_item"]);
        let s = c.subset(&chosen);
        assert_eq!(
            item_ids(&s),
            ["basic_pension", "unemployment_benefit"].into()
        );
        let none = Answers::new();
        assert_eq!(
            compose(&s, &chosen, &none, &BTreeSet::new()),
            compose(&c, &chosen, &none, &BTreeSet::new())
        );
    }

    #[test]
    fn composing_on_the_subset_gives_the_same_bundle_and_timeline_as_on_the_full_catalog() {
        let c = seed();
        let calendar = WorkingCalendar::from_years(china_2025_2026());
        let submitted = Date::parse_iso("2026-02-13").unwrap();
        let yes_yes = answers(&[("affects_carriageway", "yes"), ("involves_highway", "yes")]);
        let no_yes = answers(&[("affects_carriageway", "no"), ("involves_highway", "yes")]);
        let other = answers(&[("unemployment_reason", "other")]);
        let held: BTreeSet<String> = [
            "work_injury_determination".to_string(),
            "id_card".to_string(),
        ]
        .into();
        let mut cases: Vec<(Vec<String>, Answers, BTreeSet<String>)> = vec![
            (ids(&["road_occupation"]), yes_yes.clone(), BTreeSet::new()),
            (ids(&["road_occupation"]), no_yes, held.clone()),
            (
                ids(&["road_occupation", "basic_pension"]),
                yes_yes,
                BTreeSet::new(),
            ),
            (
                ids(&[
                    "work_injury_rehab",
                    "assistive_devices",
                    "unemployment_benefit",
                ]),
                Answers::new(),
                held.clone(),
            ),
            (
                ids(&[
                    "work_injury_rehab",
                    "assistive_devices",
                    "unemployment_benefit",
                ]),
                Answers::new(),
                BTreeSet::new(),
            ),
            (
                ids(&[
                    "unemployment_benefit",
                    "basic_pension",
                    "unemployment_registration",
                ]),
                other,
                held,
            ),
        ];
        cases.extend(
            c.packages
                .iter()
                .map(|p| (p.items.clone(), Answers::new(), BTreeSet::new())),
        );
        cases.extend(
            c.items
                .iter()
                .map(|i| (vec![i.id.clone()], Answers::new(), BTreeSet::new())),
        );
        for (chosen, given, held) in cases {
            let s = c.subset(&chosen);
            let full = compose(&c, &chosen, &given, &held).unwrap();
            let small = compose(&s, &chosen, &given, &held).unwrap();
            assert_eq!(small, full, "{chosen:?} {given:?}");
            assert_eq!(
                schedule(&s, &small, &calendar, submitted),
                schedule(&c, &full, &calendar, submitted),
                "{chosen:?}"
            );
        }
    }
}
