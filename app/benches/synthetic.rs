//! A synthetic catalog at the city's real scale: 3,900 items, 1,008 packages, 40 departments,
//! 200 materials and 300+ field keys, with prerequisites, exclusions, conditional fields and
//! situational questions in roughly the seed catalog's proportions.
//!
//! Deterministic: the same seed gives the same catalog (a small SplitMix64, no `rand`). Field
//! constraints are compatible by construction, so composing any selection never conflicts:
//! every `min_len` (1–5) is below every `max_len` (20–500), every numeric `min` (0–10) below
//! every `max` (100–1,000), and every item's allowed options of a select include its first one.
//!
//! Shared by the benchmarks (`mod synthetic;`) and the scale test (`#[path]`).
#![allow(dead_code)]

use std::collections::BTreeSet;

use app::engine::catalog::{
    Choice, Department, Derivation, Exclusion, FieldDef, FieldKind, FieldUse, Item, LifeEvent,
    MaterialDef, MaterialUse, OrgKind, Package, Prerequisite, Question, Section, ShowIf,
};
use app::engine::{Answers, Bundle, Catalog, Text};

pub const ITEMS: usize = 3_900;
pub const PACKAGES: usize = 1_008;
pub const DEPARTMENTS: usize = 40;
pub const MATERIALS: usize = 200;
/// Generic field keys besides the common personal ones and the questions' own keys.
pub const GENERIC_FIELDS: usize = 300;
pub const QUESTIONS: usize = 120;
pub const SECTIONS: usize = 16;
pub const LIFE_EVENTS: usize = 30;
/// Items whose approval produces a decision other items may need.
pub const PRODUCERS: usize = 60;

/// SplitMix64: tiny, fast and good enough to spread test data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
    /// `k` distinct indices below `n`, in ascending order.
    pub fn distinct(&mut self, k: usize, n: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut set = BTreeSet::new();
        while set.len() < k {
            set.insert(self.below(n));
        }
        set.into_iter().collect()
    }
}

fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

fn field_def(key: &str, section: usize, kind: FieldKind) -> FieldDef {
    FieldDef {
        key: key.to_string(),
        label: text(format!("字段{key}"), format!("Field {key}")),
        section: format!("section_{section:02}"),
        kind,
        hint: None,
        options: Vec::new(),
        derived: None,
        sensitive: false,
        dates: Default::default(),
    }
}

/// The fields nearly every item asks: asked once in any bundle.
fn common_fields() -> Vec<FieldDef> {
    let mut name = field_def("name", 0, FieldKind::Text);
    name.label = text("姓名", "Name");
    let mut id = field_def("id_number", 0, FieldKind::IdNumber);
    id.sensitive = true;
    let mut birth = field_def("birth_date", 0, FieldKind::Date);
    birth.derived = Some(Derivation::BirthDateFromIdNumber);
    let mut sex = field_def("sex", 0, FieldKind::Select);
    sex.options = vec![choice("male"), choice("female")];
    sex.derived = Some(Derivation::SexFromIdNumber);
    let mut card = field_def("bank_account", 1, FieldKind::BankCard);
    card.sensitive = true;
    vec![
        name,
        id,
        birth,
        sex,
        field_def("phone", 0, FieldKind::Mobile),
        field_def("address", 0, FieldKind::Text),
        field_def("postcode", 0, FieldKind::Postcode),
        field_def("bank_name", 1, FieldKind::Text),
        card,
        field_def("credit_code", 2, FieldKind::CreditCode),
    ]
}

fn choice(value: &str) -> Choice {
    Choice {
        value: value.to_string(),
        label: text(value, value),
    }
}

/// One generic field; its kind follows from its number so the mix is stable.
fn generic_field(n: usize, rng: &mut Rng) -> FieldDef {
    let kinds = [
        FieldKind::Text,
        FieldKind::Text,
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Date,
        FieldKind::Number,
        FieldKind::Select,
        FieldKind::YesNo,
    ];
    let kind = kinds[n % kinds.len()];
    let mut def = field_def(&format!("f{n:03}"), 3 + n % (SECTIONS - 3), kind);
    if kind == FieldKind::Select {
        let count = rng.between(3, 8);
        def.options = (0..count).map(|o| choice(&format!("opt{o}"))).collect();
    }
    def
}

/// An item's use of a field, with constraints that are compatible with every other item's.
fn field_use(def: &FieldDef, rng: &mut Rng) -> FieldUse {
    let mut usage = FieldUse {
        key: def.key.clone(),
        required: rng.chance(75),
        ..FieldUse::default()
    };
    match def.kind {
        FieldKind::Text | FieldKind::LongText => {
            if rng.chance(70) {
                usage.max_len = Some(*rng.pick(&[20, 30, 50, 60, 100, 200, 500]));
            }
            if rng.chance(20) {
                usage.min_len = Some(rng.between(1, 5) as u32);
            }
        }
        FieldKind::Number => {
            if rng.chance(50) {
                usage.min = Some(rng.between(0, 10) as f64);
            }
            if rng.chance(50) {
                usage.max = Some(rng.between(100, 1_000) as f64);
            }
        }
        FieldKind::Select if def.derived.is_none() && rng.chance(30) => {
            // Always keep the first option, so intersections are never empty.
            let mut allowed = vec![def.options[0].value.clone()];
            allowed.extend(
                def.options[1..]
                    .iter()
                    .filter(|_| rng.chance(60))
                    .map(|c| c.value.clone()),
            );
            usage.options = Some(allowed);
        }
        _ => {}
    }
    usage
}

/// The catalog for `seed`.
pub fn catalog(seed: u64) -> Catalog {
    let mut rng = Rng::new(seed);
    // Built field by field: the catalog's lookup index is private and rebuilt by `indexed`.
    let mut c = Catalog::default();
    c.version = format!("synthetic-{seed}");

    c.departments = (0..DEPARTMENTS)
        .map(|d| Department {
            id: format!("dept_{d:02}"),
            name: text(format!("部门{d}"), format!("Department {d}")),
            // The last few are utilities and other outside organisations.
            kind: if d >= DEPARTMENTS - 4 {
                OrgKind::Organisation
            } else {
                OrgKind::Department
            },
        })
        .collect();
    c.life_events = (0..LIFE_EVENTS)
        .map(|e| LifeEvent {
            id: format!("event_{e:02}"),
            name: text(format!("事件{e}"), format!("Event {e}")),
        })
        .collect();
    c.sections = (0..SECTIONS)
        .map(|s| Section {
            id: format!("section_{s:02}"),
            title: text(format!("第{s}部分"), format!("Part {s}")),
        })
        .collect();

    let common = common_fields();
    let generic: Vec<FieldDef> = (0..GENERIC_FIELDS)
        .map(|n| generic_field(n, &mut rng))
        .collect();
    // A situational question's answer is also a yes/no field some items declare.
    let question_fields: Vec<FieldDef> = (0..QUESTIONS)
        .map(|q| {
            field_def(
                &format!("q{q:03}"),
                3 + q % (SECTIONS - 3),
                FieldKind::YesNo,
            )
        })
        .collect();
    c.fields = common
        .iter()
        .chain(&generic)
        .chain(&question_fields)
        .cloned()
        .collect();

    // Materials: the ID card, the decisions producers issue, then ordinary documents.
    let mut materials = vec![MaterialDef {
        key: "id_card".into(),
        name: text("身份证", "ID card"),
        e_certificate: true,
    }];
    materials.extend((0..PRODUCERS).map(|p| MaterialDef {
        key: format!("decision_{p:02}"),
        name: text(format!("决定书{p}"), format!("Decision {p}")),
        e_certificate: true,
    }));
    let ordinary = MATERIALS - materials.len();
    materials.extend((0..ordinary).map(|m| MaterialDef {
        key: format!("doc_{m:03}"),
        name: text(format!("材料{m}"), format!("Document {m}")),
        e_certificate: m % 4 == 0,
    }));
    c.materials = materials;

    // Each department draws on its own pool of generic fields; pools overlap, so departments
    // share fields as real ones do.
    let pools: Vec<Vec<usize>> = (0..DEPARTMENTS)
        .map(|_| rng.distinct(30, GENERIC_FIELDS))
        .collect();

    // Producers are spread over the catalog; item `i` may only require a producer before it,
    // so prerequisites form a DAG.
    let producer_at: Vec<usize> = (0..PRODUCERS)
        .map(|p| 20 + p * (ITEMS / PRODUCERS))
        .collect();
    let mut items: Vec<Item> = Vec::with_capacity(ITEMS);
    for i in 0..ITEMS {
        let dept = i % DEPARTMENTS;
        let mut fields: Vec<FieldUse> = Vec::new();
        // Name, ID number and phone nearly always; the rest of the common ones sometimes.
        for (k, def) in common.iter().enumerate() {
            if k < 3 || rng.chance(if k == 3 { 10 } else { 35 }) {
                fields.push(field_use(def, &mut rng));
            }
        }
        let own = rng.between(5, 14);
        for g in rng.distinct(own, pools[dept].len()) {
            fields.push(field_use(&generic[pools[dept][g]], &mut rng));
        }
        // Some fields only show when a yes/no field of the same item says yes.
        if rng.chance(15) {
            let flag = fields
                .iter()
                .position(|f| c_kind(&generic, &f.key) == Some(FieldKind::YesNo));
            let target = fields
                .iter()
                .rposition(|f| c_kind(&generic, &f.key) == Some(FieldKind::LongText));
            if let (Some(flag), Some(target)) = (flag, target) {
                let cond = ShowIf {
                    field: fields[flag].key.clone(),
                    equals: "yes".into(),
                };
                fields[target].show_if = Some(cond);
            }
        }

        let mut material_uses = vec![MaterialUse {
            key: "id_card".into(),
            required: true,
        }];
        let docs = rng.between(1, 5);
        for m in rng.distinct(docs, ordinary) {
            material_uses.push(MaterialUse {
                key: format!("doc_{m:03}"),
                required: rng.chance(85),
            });
        }

        let produced = producer_at.iter().position(|&at| at == i);
        let mut requires = Vec::new();
        let before: Vec<usize> = (0..PRODUCERS).filter(|&p| producer_at[p] < i).collect();
        if !before.is_empty() && rng.chance(10) {
            let p = *rng.pick(&before);
            requires.push(Prerequisite {
                material: format!("decision_{p:02}"),
                item: format!("item_{:04}", producer_at[p]),
                reason: text("需要先取得决定书", "Needs the decision first"),
            });
        }
        let mut excludes = Vec::new();
        if i > 0 && rng.chance(2) {
            let other = rng.below(i);
            excludes.push(Exclusion {
                item: format!("item_{other:04}"),
                reason: text("不能同时申请", "Cannot be applied for together"),
            });
        }

        items.push(Item {
            id: format!("item_{i:04}"),
            name: text(format!("事项{i}"), format!("Service item {i}")),
            department: format!("dept_{dept:02}"),
            life_events: vec![format!("event_{:02}", i % LIFE_EVENTS)],
            pinyin: format!("sx{i}"),
            pinyin_full: format!("shixiang{i}"),
            synonyms: Vec::new(),
            committed_days: rng.between(1, 20) as u32,
            statutory_days: rng.chance(40).then(|| rng.between(20, 60) as u32),
            fields,
            materials: material_uses,
            produces: produced
                .map(|p| vec![format!("decision_{p:02}")])
                .unwrap_or_default(),
            requires,
            excludes,
        });
    }

    // Questions: asked for a few items of one department; a yes adds another of its items and
    // the asking items declare the question's own yes/no field (asked once, by the question).
    let mut questions = Vec::with_capacity(QUESTIONS);
    for q in 0..QUESTIONS {
        let dept = q % DEPARTMENTS;
        let of_dept = |k: usize| dept + k * DEPARTMENTS;
        let per_dept = ITEMS / DEPARTMENTS;
        let asking = rng.between(1, 3);
        let asked_for: Vec<usize> = rng
            .distinct(asking, per_dept)
            .into_iter()
            .map(of_dept)
            .collect();
        let adds = of_dept(rng.below(per_dept));
        for &i in &asked_for {
            items[i].fields.push(FieldUse {
                key: format!("q{q:03}"),
                required: true,
                ..FieldUse::default()
            });
        }
        questions.push(Question {
            id: format!("q{q:03}"),
            text: text(format!("情形{q}？"), format!("Situation {q}?")),
            asked_for: asked_for.iter().map(|i| format!("item_{i:04}")).collect(),
            adds: vec![format!("item_{adds:04}")],
            reason: text("该情形需要办理此事项", "This situation needs this item"),
        });
    }
    c.items = items;
    c.questions = questions;

    // Packages: two to eight items around one life event, mostly of neighbouring departments.
    c.packages = (0..PACKAGES)
        .map(|p| {
            let size = rng.between(2, 8);
            let start = rng.below(ITEMS);
            let mut ids: Vec<String> = Vec::with_capacity(size);
            while ids.len() < size {
                let id = format!("item_{:04}", (start + rng.below(120)) % ITEMS);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            Package {
                id: format!("package_{p:04}"),
                name: text(format!("一件事{p}"), format!("One thing {p}")),
                life_event: format!("event_{:02}", p % LIFE_EVENTS),
                items: ids,
            }
        })
        .collect();

    c.indexed()
}

fn c_kind(generic: &[FieldDef], key: &str) -> Option<FieldKind> {
    generic.iter().find(|f| f.key == key).map(|f| f.kind)
}

/// `n` distinct item ids, chosen at random but reproducibly.
pub fn selection(catalog: &Catalog, rng: &mut Rng, n: usize) -> Vec<String> {
    rng.distinct(n, catalog.items.len())
        .into_iter()
        .map(|i| catalog.items[i].id.clone())
        .collect()
}

/// A valid value for every field the bundle asks, and "no" to every question: a form the
/// citizen has finished.
pub fn filled(bundle: &Bundle) -> Answers {
    let mut answers = Answers::new();
    for q in &bundle.questions {
        answers.insert(q.id.clone(), "no".into());
    }
    for f in bundle.form.fields().filter(|f| f.asked()) {
        let value = match f.kind {
            FieldKind::Text | FieldKind::LongText => {
                let want = f.min_len.unwrap_or(1).max(6) as usize;
                let max = f.max_len.map_or(usize::MAX, |m| m as usize);
                "中山市石岐区孙文中路"
                    .chars()
                    .cycle()
                    .take(want.min(max))
                    .collect()
            }
            FieldKind::IdNumber => "110105199003070017".into(),
            FieldKind::CreditCode => "91350100M000100Y43".into(),
            FieldKind::Mobile => "13800138000".into(),
            FieldKind::BankCard => "6222021234567890128".into(),
            FieldKind::Postcode => "528400".into(),
            FieldKind::Date => "2026-01-15".into(),
            // Every item's minimum is at most 10 and its maximum at least 100.
            FieldKind::Number => "50".into(),
            FieldKind::Select => f.options[0].value.clone(),
            FieldKind::YesNo => "no".into(),
        };
        answers.insert(f.key.clone(), value);
    }
    answers
}
