//! Checking a whole catalog before it is stored: every duplicate id, broken reference,
//! impossible constraint and unsatisfiable merge, each placed precisely enough for an import to
//! point at the cell (a workbook's sheet, row and column, or a JSON path) and explained in both
//! languages with what to do about it.
//!
//! Pure, like the rest of the engine. Composing trusts the catalog (a broken one shows as a
//! conflict only when a citizen happens to pick the wrong pair); this is where staff learn of it
//! instead, all at once.

use std::collections::{HashMap, HashSet};

use super::catalog::{Catalog, Derivation, FieldDef, FieldKind, FieldUse, Item, ShowIf, Text};
use super::compose::{merged_clash, Clash};

/// One thing wrong with the catalog, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogProblem {
    pub place: Place,
    pub problem: Text,
}

/// Where a problem is: the entity by its position in its list (ids may be duplicated or empty,
/// so only the position is certain) and by its id (for people), and the column at fault.
///
/// Columns are the names the workbook's header row and the catalog's JSON use: `id`, `name_zh`,
/// `committed_days`, `min_len`, `options` … A column that holds a list (`life_events`, `items`)
/// is named whole; the message says which entry is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The catalog as a whole: its `version`.
    Catalog { column: &'static str },
    Department {
        at: usize,
        id: String,
        column: &'static str,
    },
    LifeEvent {
        at: usize,
        id: String,
        column: &'static str,
    },
    Section {
        at: usize,
        id: String,
        column: &'static str,
    },
    Field {
        at: usize,
        key: String,
        column: &'static str,
    },
    /// Option `at` of the select field at `field_at`.
    FieldOption {
        field_at: usize,
        field: String,
        at: usize,
        value: String,
        column: &'static str,
    },
    Material {
        at: usize,
        key: String,
        column: &'static str,
    },
    Item {
        at: usize,
        id: String,
        column: &'static str,
    },
    /// Field use `at` of the item at `item_at`.
    ItemField {
        item_at: usize,
        item: String,
        at: usize,
        field: String,
        column: &'static str,
    },
    /// Material use `at` of the item at `item_at`.
    ItemMaterial {
        item_at: usize,
        item: String,
        at: usize,
        material: String,
        column: &'static str,
    },
    /// Prerequisite `at` of the item at `item_at`.
    Prerequisite {
        item_at: usize,
        item: String,
        at: usize,
        column: &'static str,
    },
    /// Exclusion `at` of the item at `item_at`.
    Exclusion {
        item_at: usize,
        item: String,
        at: usize,
        column: &'static str,
    },
    Package {
        at: usize,
        id: String,
        column: &'static str,
    },
    Question {
        at: usize,
        id: String,
        column: &'static str,
    },
}

impl Place {
    pub fn column(&self) -> &'static str {
        match self {
            Place::Catalog { column }
            | Place::Department { column, .. }
            | Place::LifeEvent { column, .. }
            | Place::Section { column, .. }
            | Place::Field { column, .. }
            | Place::FieldOption { column, .. }
            | Place::Material { column, .. }
            | Place::Item { column, .. }
            | Place::ItemField { column, .. }
            | Place::ItemMaterial { column, .. }
            | Place::Prerequisite { column, .. }
            | Place::Exclusion { column, .. }
            | Place::Package { column, .. }
            | Place::Question { column, .. } => column,
        }
    }
}

/// Everything wrong with `catalog`, kind of entity by kind of entity, each in catalog order
/// (the field merges come after the items). An empty list means the catalog can be stored and
/// any combination of its items composes without a conflict.
pub fn problems(catalog: &Catalog) -> Vec<CatalogProblem> {
    let mut check = Check {
        catalog,
        out: Out(Vec::new()),
        departments: HashMap::new(),
        life_events: HashMap::new(),
        sections: HashMap::new(),
        fields: HashMap::new(),
        materials: HashMap::new(),
        items: HashMap::new(),
    };
    check.version();
    check.departments();
    check.life_events();
    check.sections();
    check.fields();
    check.materials();
    check.items();
    check.prerequisite_cycles();
    check.merges();
    check.packages();
    check.questions();
    check.out.0
}

/// The names of a kind of entity, for messages.
#[derive(Clone, Copy)]
struct Kind {
    zh: &'static str,
    en: &'static str,
}

const DEPARTMENT: Kind = Kind {
    zh: "部门",
    en: "department",
};
const LIFE_EVENT: Kind = Kind {
    zh: "人生事件",
    en: "life event",
};
const SECTION: Kind = Kind {
    zh: "表单分区",
    en: "form section",
};
const FIELD: Kind = Kind {
    zh: "字段",
    en: "field",
};
const MATERIAL: Kind = Kind {
    zh: "材料",
    en: "material",
};
const ITEM: Kind = Kind {
    zh: "事项",
    en: "item",
};
const PACKAGE: Kind = Kind {
    zh: "套餐",
    en: "package",
};
const QUESTION: Kind = Kind {
    zh: "情形问题",
    en: "situational question",
};

/// The problems found so far; the helpers that find the common ones.
struct Out(Vec<CatalogProblem>);

impl Out {
    fn push(&mut self, place: Place, zh: String, en: String) {
        self.0.push(CatalogProblem {
            place,
            problem: Text::new(zh, en),
        });
    }

    /// Records `id` at `at` in `known`; reports it if empty, spaced or already taken.
    fn register<'a>(
        &mut self,
        known: &mut HashMap<&'a str, usize>,
        kind: Kind,
        id: &'a str,
        at: usize,
        place: Place,
    ) {
        if id.is_empty() {
            self.push(
                place,
                format!("这个{}没有编号，请填写编号。", kind.zh),
                format!("This {} has no id: give it one.", kind.en),
            );
            return;
        }
        if id.chars().any(char::is_whitespace) {
            self.push(
                place.clone(),
                format!("编号“{id}”含有空格或换行，请删去。"),
                format!("The id “{id}” contains spaces or line breaks: remove them."),
            );
        }
        if known.contains_key(id) {
            self.push(
                place,
                format!(
                    "编号“{id}”与前面的{kind}重复。编号必须唯一：请改用新的编号，或删除重复的这一项。",
                    kind = kind.zh
                ),
                format!(
                    "The id “{id}” is already used by an earlier {kind}. Ids must be unique: give this one a new id, or remove the duplicate.",
                    kind = kind.en
                ),
            );
        } else {
            known.insert(id, at);
        }
    }

    /// Reports an empty side of a bilingual name.
    fn name(&mut self, text: &Text, what: Kind, place: impl Fn(&'static str) -> Place) {
        self.text(text, what, ("name_zh", "name_en"), place)
    }

    /// Reports an empty side of a bilingual text a user reads, in the given columns.
    fn text(
        &mut self,
        text: &Text,
        what: Kind,
        columns: (&'static str, &'static str),
        place: impl Fn(&'static str) -> Place,
    ) {
        if text.zh.trim().is_empty() {
            self.push(
                place(columns.0),
                format!("{}（中文）为空，请填写：用户看到的就是它。", what.zh),
                format!(
                    "The Chinese {} is empty: fill it in, it is what users read.",
                    what.en
                ),
            );
        }
        if text.en.trim().is_empty() {
            self.push(
                place(columns.1),
                format!("{}（英文）为空，请填写：英文页面显示的就是它。", what.zh),
                format!(
                    "The English {} is empty: fill it in, the English pages show it.",
                    what.en
                ),
            );
        }
    }

    /// Reports `reference` if no `kind` has that id; says whether it resolves.
    fn reference(
        &mut self,
        known: &HashMap<&str, usize>,
        kind: Kind,
        reference: &str,
        place: Place,
        owner: &Owner,
    ) -> bool {
        if known.contains_key(reference) {
            return true;
        }
        let (zh, en) = if reference.is_empty() {
            (
                format!(
                    "{}没有填写{kind}，请填写一个已有的{kind}编号。",
                    owner.zh,
                    kind = kind.zh
                ),
                format!(
                    "{} names no {kind}: give the id of an existing {kind}.",
                    owner.en,
                    kind = kind.en
                ),
            )
        } else {
            (
                format!(
                    "{}引用的{kind}“{reference}”不存在。请先添加这个{kind}，或改为已有的{kind}编号。",
                    owner.zh,
                    kind = kind.zh
                ),
                format!(
                    "{} names the {kind} “{reference}”, which the catalog does not have. Add that {kind} first, or use the id of an existing one.",
                    owner.en,
                    kind = kind.en
                ),
            )
        };
        self.push(place, zh, en);
        false
    }

    /// Reports the entries of a list column that name nothing, and entries listed twice.
    fn references(
        &mut self,
        known: &HashMap<&str, usize>,
        kind: Kind,
        list: &[String],
        place: Place,
        owner: &Owner,
    ) {
        let mut seen: HashSet<&str> = HashSet::new();
        for reference in list {
            if !seen.insert(reference) {
                self.push(
                    place.clone(),
                    format!(
                        "{}重复列出了{}“{reference}”，请删去重复的一个。",
                        owner.zh, kind.zh
                    ),
                    format!(
                        "{} lists the {} “{reference}” twice: remove one.",
                        owner.en, kind.en
                    ),
                );
            }
            self.reference(known, kind, reference, place.clone(), owner);
        }
    }
}

/// Who makes a reference, for messages: "事项“x”" / "Item “x”".
struct Owner {
    zh: String,
    en: String,
}

impl Owner {
    fn new(kind: Kind, id: &str) -> Owner {
        let mut en = kind.en.to_string();
        if let Some(first) = en.get(..1) {
            en = first.to_uppercase() + &en[1..];
        }
        Owner {
            zh: format!("{}“{id}”", kind.zh),
            en: format!("{en} “{id}”"),
        }
    }
}

struct Check<'a> {
    catalog: &'a Catalog,
    out: Out,
    /// Position of the first entity with each id; later ones are reported as duplicates.
    departments: HashMap<&'a str, usize>,
    life_events: HashMap<&'a str, usize>,
    sections: HashMap<&'a str, usize>,
    fields: HashMap<&'a str, usize>,
    materials: HashMap<&'a str, usize>,
    items: HashMap<&'a str, usize>,
}

impl<'a> Check<'a> {
    fn version(&mut self) {
        if self.catalog.version.trim().is_empty() {
            self.out.push(
                Place::Catalog { column: "version" },
                "目录没有版本号。请填写版本号（如 2026.11.1），每次发布时更新：办件记录会注明所依据的版本。".into(),
                "The catalog has no version. Give it one (e.g. 2026.11.1) and change it at each publication: applications record the version they were made under.".into(),
            );
        }
    }

    fn departments(&mut self) {
        for (at, d) in self.catalog.departments.iter().enumerate() {
            let place = |column| Place::Department {
                at,
                id: d.id.clone(),
                column,
            };
            self.out
                .register(&mut self.departments, DEPARTMENT, &d.id, at, place("id"));
            self.out
                .name(&d.name, named("部门名称", "department name"), place);
        }
    }

    fn life_events(&mut self) {
        for (at, e) in self.catalog.life_events.iter().enumerate() {
            let place = |column| Place::LifeEvent {
                at,
                id: e.id.clone(),
                column,
            };
            self.out
                .register(&mut self.life_events, LIFE_EVENT, &e.id, at, place("id"));
            self.out
                .name(&e.name, named("人生事件名称", "life event name"), place);
        }
    }

    fn sections(&mut self) {
        for (at, s) in self.catalog.sections.iter().enumerate() {
            let place = |column| Place::Section {
                at,
                id: s.id.clone(),
                column,
            };
            self.out
                .register(&mut self.sections, SECTION, &s.id, at, place("id"));
            self.out.text(
                &s.title,
                named("分区标题", "section title"),
                ("title_zh", "title_en"),
                place,
            );
        }
    }

    fn fields(&mut self) {
        let catalog = self.catalog;
        // Keys first: a date rule may name a field defined further down.
        for (at, f) in catalog.fields.iter().enumerate() {
            let place = Place::Field {
                at,
                key: f.key.clone(),
                column: "key",
            };
            self.out
                .register(&mut self.fields, FIELD, &f.key, at, place);
        }
        for (at, f) in catalog.fields.iter().enumerate() {
            let place = |column| Place::Field {
                at,
                key: f.key.clone(),
                column,
            };
            self.out.text(
                &f.label,
                named("字段名称", "field label"),
                ("label_zh", "label_en"),
                place,
            );
            if let Some(hint) = &f.hint {
                // No hint at all is fine; half a hint shows nothing in one language.
                if hint.zh.trim().is_empty() != hint.en.trim().is_empty() {
                    self.out.text(
                        hint,
                        named("填写提示", "hint"),
                        ("hint_zh", "hint_en"),
                        place,
                    );
                }
            }
            self.out.reference(
                &self.sections,
                SECTION,
                &f.section,
                place("section"),
                &Owner::new(FIELD, &f.key),
            );
            self.options_of(at, f);
            self.date_rule(at, f);
            self.derivation(at, f);
        }
    }

    fn options_of(&mut self, at: usize, f: &FieldDef) {
        let place = |column| Place::Field {
            at,
            key: f.key.clone(),
            column,
        };
        let key = &f.key;
        if f.kind == FieldKind::Select && f.options.is_empty() {
            self.out.push(
                place("kind"),
                format!("字段“{key}”是下拉选择，却没有任何选项，无法填写。请为它添加选项，或改为其他类型。"),
                format!("Field “{key}” is a select with no options, so no one can fill it in. Add options, or give it another kind."),
            );
        }
        if f.kind != FieldKind::Select && !f.options.is_empty() {
            self.out.push(
                place("kind"),
                format!("字段“{key}”不是下拉选择，它的选项不会显示。请把类型改为 select，或删去这些选项。"),
                format!("Field “{key}” is not a select, so its options are never shown. Make it a select, or remove the options."),
            );
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for (n, choice) in f.options.iter().enumerate() {
            let option = |column| Place::FieldOption {
                field_at: at,
                field: f.key.clone(),
                at: n,
                value: choice.value.clone(),
                column,
            };
            let value = &choice.value;
            if value.trim().is_empty() {
                self.out.push(
                    option("value"),
                    format!("字段“{key}”有一个选项没有取值，请填写取值（如 yes、urban）。"),
                    format!("An option of field “{key}” has no value: give it one (such as yes, urban)."),
                );
            } else if !seen.insert(value) {
                self.out.push(
                    option("value"),
                    format!("字段“{key}”的选项取值“{value}”重复，请删去重复的一个或改用新的取值。"),
                    format!("Field “{key}” has the option value “{value}” twice: remove one, or give it a new value."),
                );
            }
            self.out.text(
                &choice.label,
                named("选项名称", "option label"),
                ("label_zh", "label_en"),
                option,
            );
        }
    }

    fn date_rule(&mut self, at: usize, f: &FieldDef) {
        let place = |column| Place::Field {
            at,
            key: f.key.clone(),
            column,
        };
        let key = &f.key;
        let rule = &f.dates;
        if f.kind != FieldKind::Date {
            let column = if rule.not_after_today {
                Some("not_after_today")
            } else if rule.not_before_today {
                Some("not_before_today")
            } else if rule.not_before.is_some() {
                Some("not_before")
            } else {
                None
            };
            if let Some(column) = column {
                self.out.push(
                    place(column),
                    format!("字段“{key}”不是日期，日期规则对它不起作用。请删去规则，或把类型改为 date。"),
                    format!("Field “{key}” is not a date, so date rules do nothing. Remove the rule, or make it a date."),
                );
            }
        }
        if rule.not_after_today && rule.not_before_today {
            self.out.push(
                place("not_before_today"),
                format!("字段“{key}”既不能晚于今天又不能早于今天，只能填今天。请只保留其中一条规则。"),
                format!("Field “{key}” may be neither after nor before today, so only today fits. Keep one of the two rules."),
            );
        }
        let Some(other) = &rule.not_before else {
            return;
        };
        if other == key {
            self.out.push(
                place("not_before"),
                format!("字段“{key}”不能以自己为“不早于”的日期，请改为另一个日期字段。"),
                format!("Field “{key}” cannot be “not before” itself: name another date field."),
            );
            return;
        }
        match self.fields.get(other.as_str()) {
            None => self.out.push(
                place("not_before"),
                format!("字段“{key}”须不早于字段“{other}”，但目录中没有这个字段。请改为已有的日期字段。"),
                format!("Field “{key}” must not be before field “{other}”, which the catalog does not have. Name an existing date field."),
            ),
            Some(&i) if self.catalog.fields[i].kind != FieldKind::Date => self.out.push(
                place("not_before"),
                format!("字段“{key}”须不早于字段“{other}”，但“{other}”不是日期，无法比较。请改为日期字段。"),
                format!("Field “{key}” must not be before field “{other}”, which is not a date and cannot be compared. Name a date field."),
            ),
            Some(_) => {}
        }
    }

    fn derivation(&mut self, at: usize, f: &FieldDef) {
        let Some(derived) = f.derived else {
            return;
        };
        let place = |column| Place::Field {
            at,
            key: f.key.clone(),
            column,
        };
        let key = &f.key;
        // Composing derives from the field keyed `id_number`, whatever its label.
        if !self.fields.contains_key("id_number") {
            self.out.push(
                place("derived"),
                format!("字段“{key}”由身份证号码自动带出，但目录中没有 id_number 字段。请添加它，或取消自动带出。"),
                format!("Field “{key}” is filled from the ID number, but the catalog has no field id_number. Add it, or stop deriving this field."),
            );
        }
        let (fits, zh, en) = match derived {
            Derivation::BirthDateFromIdNumber => (
                f.kind == FieldKind::Date,
                "出生日期只能带入日期类型（date）的字段",
                "a birth date can only fill a date field",
            ),
            Derivation::SexFromIdNumber => (
                f.kind == FieldKind::Text
                    || (f.kind == FieldKind::Select
                        && ["male", "female"]
                            .iter()
                            .all(|v| f.options.iter().any(|c| c.value == *v))),
                "性别只能带入含 male、female 两个选项的下拉选择，或文本字段",
                "sex can only fill a select with the options male and female, or a text field",
            ),
        };
        if !fits {
            self.out.push(
                place("derived"),
                format!("字段“{key}”的类型与自动带出的值不符：{zh}。请改正类型或选项。"),
                format!("Field “{key}” cannot hold the value derived for it: {en}. Correct its kind or options."),
            );
        }
    }

    fn materials(&mut self) {
        for (at, m) in self.catalog.materials.iter().enumerate() {
            let place = |column| Place::Material {
                at,
                key: m.key.clone(),
                column,
            };
            self.out
                .register(&mut self.materials, MATERIAL, &m.key, at, place("key"));
            self.out
                .name(&m.name, named("材料名称", "material name"), place);
        }
    }

    fn items(&mut self) {
        let catalog = self.catalog;
        // All ids first: prerequisites and exclusions may name items further down.
        for (at, item) in catalog.items.iter().enumerate() {
            let place = Place::Item {
                at,
                id: item.id.clone(),
                column: "id",
            };
            self.out
                .register(&mut self.items, ITEM, &item.id, at, place);
        }
        for (at, item) in catalog.items.iter().enumerate() {
            let place = |column| Place::Item {
                at,
                id: item.id.clone(),
                column,
            };
            let owner = Owner::new(ITEM, &item.id);
            self.out
                .name(&item.name, named("事项名称", "item name"), place);
            self.out.reference(
                &self.departments,
                DEPARTMENT,
                &item.department,
                place("department"),
                &owner,
            );
            self.out.references(
                &self.life_events,
                LIFE_EVENT,
                &item.life_events,
                place("life_events"),
                &owner,
            );
            self.out.references(
                &self.materials,
                MATERIAL,
                &item.produces,
                place("produces"),
                &owner,
            );
            if item.synonyms.iter().any(|s| s.trim().is_empty()) {
                self.out.push(
                    place("synonyms"),
                    format!("{}有一个空的常用说法，请删去。", owner.zh),
                    format!("{} has an empty synonym: remove it.", owner.en),
                );
            }
            self.days(at, item);
            self.field_uses(at, item);
            self.material_uses(at, item);
            self.rules(at, item);
        }
    }

    fn days(&mut self, at: usize, item: &Item) {
        let place = |column| Place::Item {
            at,
            id: item.id.clone(),
            column,
        };
        let (id, committed) = (&item.id, item.committed_days);
        if committed == 0 {
            self.out.push(
                place("committed_days"),
                format!("事项“{id}”的承诺时限为 0 个工作日，无法兑现。请填写至少 1 个工作日。"),
                format!("Item “{id}” commits to 0 working days, which no department can keep. Give at least 1."),
            );
        }
        match item.statutory_days {
            Some(0) => self.out.push(
                place("statutory_days"),
                format!("事项“{id}”的法定时限为 0 个工作日。请填写法律规定的天数；法律没有规定的请留空。"),
                format!("Item “{id}” has a statutory limit of 0 working days. Give the days the law allows, or leave it empty where the law says nothing."),
            ),
            Some(statutory) if committed > statutory => self.out.push(
                place("committed_days"),
                format!("事项“{id}”的承诺时限（{committed} 个工作日）长于法定时限（{statutory} 个工作日）。承诺不得超过法定时限：请缩短承诺时限，或核对法定时限。"),
                format!("Item “{id}” commits to {committed} working days, more than the {statutory} the law allows. The commitment may not exceed the law: shorten it, or check the statutory limit."),
            ),
            _ => {}
        }
    }

    fn field_uses(&mut self, item_at: usize, item: &Item) {
        let catalog = self.catalog;
        let owner = Owner::new(ITEM, &item.id);
        let mut seen: HashSet<&str> = HashSet::new();
        for (at, usage) in item.fields.iter().enumerate() {
            let place = |column| Place::ItemField {
                item_at,
                item: item.id.clone(),
                at,
                field: usage.key.clone(),
                column,
            };
            let (id, key) = (&item.id, &usage.key);
            if !seen.insert(key) {
                self.out.push(
                    place("field"),
                    format!("事项“{id}”重复使用了字段“{key}”，请合并为一项。"),
                    format!("Item “{id}” uses field “{key}” twice: merge the two into one."),
                );
            }
            if !self
                .out
                .reference(&self.fields, FIELD, key, place("field"), &owner)
            {
                continue;
            }
            let def = &catalog.fields[self.fields[key.as_str()]];
            if let (Some(lo), Some(hi)) = (usage.min_len, usage.max_len) {
                if lo > hi {
                    self.out.push(
                        place("min_len"),
                        format!("事项“{id}”要求字段“{key}”至少 {lo} 个字、至多 {hi} 个字，没有答案能满足。请改正最短或最长长度。"),
                        format!("Item “{id}” wants field “{key}” at least {lo} and at most {hi} characters long, which no answer can be. Correct the minimum or maximum length."),
                    );
                }
            }
            if let (Some(lo), Some(hi)) = (usage.min, usage.max) {
                if lo > hi {
                    self.out.push(
                        place("min"),
                        format!("事项“{id}”要求字段“{key}”不小于 {lo} 且不大于 {hi}，没有数值能满足。请改正最小值或最大值。"),
                        format!("Item “{id}” wants field “{key}” at least {lo} and at most {hi}, which no number can be. Correct the minimum or maximum."),
                    );
                }
            }
            if (usage.min.is_some() || usage.max.is_some()) && def.kind != FieldKind::Number {
                let column = if usage.min.is_some() { "min" } else { "max" };
                self.out.push(
                    place(column),
                    format!("字段“{key}”不是数字，事项“{id}”给它的最小值、最大值不起作用。请删去，或改用最短、最长长度。"),
                    format!("Field “{key}” is not a number, so the minimum and maximum item “{id}” sets do nothing. Remove them, or use lengths instead."),
                );
            }
            if let Some(values) = &usage.options {
                self.allowed_options(def, values, place("options"), id);
            }
            if let Some(cond) = &usage.show_if {
                self.show_if(item, usage, cond, &place);
            }
        }
    }

    fn allowed_options(&mut self, def: &FieldDef, values: &[String], place: Place, id: &str) {
        let key = &def.key;
        if def.kind != FieldKind::Select {
            self.out.push(
                place,
                format!("字段“{key}”不是下拉选择，事项“{id}”限定的选项不起作用。请删去。"),
                format!("Field “{key}” is not a select, so the options item “{id}” allows do nothing. Remove them."),
            );
        } else if values.is_empty() {
            self.out.push(
                place,
                format!("事项“{id}”对字段“{key}”不允许任何选项，没有答案能满足。请列出允许的选项；全部允许的请留空。"),
                format!("Item “{id}” allows no option of field “{key}”, so no answer fits. List the options it allows, or leave it empty to allow all."),
            );
        } else {
            let (offered_zh, offered_en) = option_values(def);
            for value in values {
                if !def.options.iter().any(|c| &c.value == value) {
                    self.out.push(
                        place.clone(),
                        format!("事项“{id}”允许的选项“{value}”不是字段“{key}”的选项（它的选项：{offered_zh}）。请改为其中之一。"),
                        format!("Item “{id}” allows “{value}”, which is not an option of field “{key}” (its options: {offered_en}). Use one of those."),
                    );
                }
            }
        }
    }

    fn show_if(
        &mut self,
        item: &Item,
        usage: &FieldUse,
        cond: &ShowIf,
        place: &dyn Fn(&'static str) -> Place,
    ) {
        let (id, key, on) = (&item.id, &usage.key, &cond.field);
        if on == key {
            self.out.push(
                place("show_if_field"),
                format!("事项“{id}”让字段“{key}”取决于它自己的答案，它永远不会出现。请改为另一个字段。"),
                format!("Item “{id}” shows field “{key}” depending on its own answer, so it never shows. Name another field."),
            );
            return;
        }
        let Some(&at) = self.fields.get(on.as_str()) else {
            self.out.push(
                place("show_if_field"),
                format!("事项“{id}”的字段“{key}”取决于字段“{on}”，但目录中没有这个字段。请改为已有字段。"),
                format!("Item “{id}” shows field “{key}” depending on field “{on}”, which the catalog does not have. Name an existing field."),
            );
            return;
        };
        // The condition is read from the bundle's answers: the item must ask the other field
        // itself, or applied for alone the field would never show.
        if !item.fields.iter().any(|f| &f.key == on) {
            self.out.push(
                place("show_if_field"),
                format!("事项“{id}”的字段“{key}”取决于字段“{on}”，但本事项没有使用“{on}”，单独申请时它永远不会出现。请为本事项加上“{on}”。"),
                format!("Item “{id}” shows field “{key}” depending on field “{on}”, which the item does not use, so applied for alone it never shows. Add “{on}” to the item."),
            );
        }
        let other = &self.catalog.fields[at];
        let possible: Vec<&str> = match other.kind {
            FieldKind::YesNo => vec!["yes", "no"],
            FieldKind::Select => other.options.iter().map(|c| c.value.as_str()).collect(),
            _ => return,
        };
        let equals = &cond.equals;
        if !possible.contains(&equals.as_str()) {
            let (offered_zh, offered_en) = (possible.join("、"), possible.join(", "));
            self.out.push(
                place("show_if_equals"),
                format!("事项“{id}”的字段“{key}”在“{on}”为“{equals}”时显示，但“{on}”没有这个答案（它的答案：{offered_zh}），所以永远不会出现。请改为其中之一。"),
                format!("Item “{id}” shows field “{key}” when “{on}” is “{equals}”, an answer “{on}” cannot have (its answers: {offered_en}), so it never shows. Use one of those."),
            );
        }
    }

    fn material_uses(&mut self, item_at: usize, item: &Item) {
        let owner = Owner::new(ITEM, &item.id);
        let mut seen: HashSet<&str> = HashSet::new();
        for (at, usage) in item.materials.iter().enumerate() {
            let place = |column| Place::ItemMaterial {
                item_at,
                item: item.id.clone(),
                at,
                material: usage.key.clone(),
                column,
            };
            let (id, key) = (&item.id, &usage.key);
            if !seen.insert(key) {
                self.out.push(
                    place("material"),
                    format!("事项“{id}”重复列出了材料“{key}”，请删去重复的一项。"),
                    format!("Item “{id}” lists material “{key}” twice: remove one."),
                );
            }
            self.out
                .reference(&self.materials, MATERIAL, key, place("material"), &owner);
        }
    }

    fn rules(&mut self, item_at: usize, item: &Item) {
        let catalog = self.catalog;
        let owner = Owner::new(ITEM, &item.id);
        for (at, pre) in item.requires.iter().enumerate() {
            let place = |column| Place::Prerequisite {
                item_at,
                item: item.id.clone(),
                at,
                column,
            };
            let (material, other) = (&pre.material, &pre.item);
            self.out.text(
                &pre.reason,
                named("前置条件说明", "prerequisite reason"),
                ("reason_zh", "reason_en"),
                place,
            );
            let known_material = self.out.reference(
                &self.materials,
                MATERIAL,
                material,
                place("material"),
                &owner,
            );
            if other == &item.id {
                self.out.push(
                    place("other_item"),
                    format!("{}把自己列为前置事项，永远无法办理。请改为产生“{material}”的事项。", owner.zh),
                    format!("{} names itself as its prerequisite, so it can never be applied for. Name the item that produces “{material}”.", owner.en),
                );
                continue;
            }
            let known_item =
                self.out
                    .reference(&self.items, ITEM, other, place("other_item"), &owner);
            if !(known_item && known_material) {
                continue;
            }
            let producer = &catalog.items[self.items[other.as_str()]];
            if !producer.produces.contains(material) {
                self.out.push(
                    place("other_item"),
                    format!("{}的前置材料“{material}”应由事项“{other}”产生，但它的产出中没有这份材料，一并申请也满足不了前置条件。请在“{other}”的产出中加上“{material}”，或改为产生它的事项。", owner.zh),
                    format!("{} needs “{material}” from item “{other}”, which does not produce it, so applying for both would not meet the prerequisite. Add “{material}” to what “{other}” produces, or name the item that does.", owner.en),
                );
            }
        }
        for (at, ex) in item.excludes.iter().enumerate() {
            let place = |column| Place::Exclusion {
                item_at,
                item: item.id.clone(),
                at,
                column,
            };
            self.out.text(
                &ex.reason,
                named("互斥说明", "exclusion reason"),
                ("reason_zh", "reason_en"),
                place,
            );
            if ex.item == item.id {
                self.out.push(
                    place("other_item"),
                    format!("{}与自己互斥，任何申请都无法包含它。请改为与它互斥的另一个事项。", owner.zh),
                    format!("{} excludes itself, so no bundle could ever hold it. Name the other item it excludes.", owner.en),
                );
                continue;
            }
            self.out
                .reference(&self.items, ITEM, &ex.item, place("other_item"), &owner);
        }
    }

    /// A chain of prerequisites that comes back to its start: with all of them in one bundle,
    /// each would have to be decided before the others. Reported once per cycle, at the
    /// prerequisite that closes it. (An item naming itself is reported by `rules`.)
    fn prerequisite_cycles(&mut self) {
        let catalog = self.catalog;
        let needs: Vec<Vec<(usize, usize)>> = catalog
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.requires
                    .iter()
                    .enumerate()
                    .filter_map(|(n, p)| self.items.get(p.item.as_str()).map(|&to| (n, to)))
                    .filter(|&(_, to)| to != i && catalog.items[to].id != item.id)
                    .collect()
            })
            .collect();
        // Depth first, without recursion (a long chain must not overflow the stack).
        #[derive(Clone, Copy, PartialEq)]
        enum Seen {
            Not,
            OnPath,
            Done,
        }
        let mut seen = vec![Seen::Not; needs.len()];
        for start in 0..needs.len() {
            if seen[start] != Seen::Not {
                continue;
            }
            // (item, how many of its prerequisites have been followed)
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            seen[start] = Seen::OnPath;
            while let Some(top) = path.last_mut() {
                let node = top.0;
                let Some(&(n, to)) = needs[node].get(top.1) else {
                    seen[node] = Seen::Done;
                    path.pop();
                    continue;
                };
                top.1 += 1;
                match seen[to] {
                    Seen::Not => {
                        seen[to] = Seen::OnPath;
                        path.push((to, 0));
                    }
                    Seen::OnPath => {
                        let from = path.iter().position(|&(i, _)| i == to).unwrap_or(0);
                        let chain: Vec<&str> = path[from..]
                            .iter()
                            .map(|&(i, _)| catalog.items[i].id.as_str())
                            .chain([catalog.items[to].id.as_str()])
                            .collect();
                        let chain = chain.join(" → ");
                        self.out.push(
                            Place::Prerequisite {
                                item_at: node,
                                item: catalog.items[node].id.clone(),
                                at: n,
                                column: "other_item",
                            },
                            format!("前置条件构成循环（{chain}）：这些事项一起申请时，谁也无法先办。请去掉其中一个前置条件。"),
                            format!("The prerequisites go round in a circle ({chain}): applied for together, none of these items could be decided first. Remove one of the prerequisites."),
                        );
                    }
                    Seen::Done => {}
                }
            }
        }
    }

    /// Field uses that cannot be merged. Any items may be picked together, so the uses of one
    /// field must leave an answer whichever are merged; they are merged by composing's own
    /// rules ([`merged_clash`]). Each use is reported once, against the earlier items it
    /// clashes with. Uses already wrong on their own, and fields already wrong, are left out:
    /// their own problem says what to fix.
    fn merges(&mut self) {
        let catalog = self.catalog;
        let mut wrong_uses: HashSet<(usize, usize)> = HashSet::new();
        let mut wrong_fields: HashSet<usize> = HashSet::new();
        for p in &self.out.0 {
            match &p.place {
                Place::ItemField { item_at, at, .. } => {
                    wrong_uses.insert((*item_at, *at));
                }
                Place::Field {
                    at, column: "kind", ..
                } => {
                    wrong_fields.insert(*at);
                }
                _ => {}
            }
        }
        // Uses of each field (by position), in catalog order.
        let mut uses: Vec<Vec<(usize, usize)>> = vec![Vec::new(); catalog.fields.len()];
        for (i, item) in catalog.items.iter().enumerate() {
            for (j, usage) in item.fields.iter().enumerate() {
                let Some(&f) = self.fields.get(usage.key.as_str()) else {
                    continue;
                };
                if !wrong_uses.contains(&(i, j)) && !wrong_fields.contains(&f) {
                    uses[f].push((i, j));
                }
            }
        }
        for (f, uses) in uses.iter().enumerate() {
            self.merge_field(&catalog.fields[f], uses);
        }
    }

    fn merge_field(&mut self, def: &FieldDef, uses: &[(usize, usize)]) {
        let catalog = self.catalog;
        // Thousands of items share a handful of distinct constraints on a field like the
        // name: compare the distinct constraints, not every pair of items.
        let mut distinct: Vec<&FieldUse> = Vec::new();
        let mut index: HashMap<Constraint, usize> = HashMap::new();
        // Per distinct constraint: the first use that has it, and how many uses so far.
        let mut first: Vec<(usize, usize)> = Vec::new();
        let mut count: Vec<usize> = Vec::new();
        let mut clashes: HashMap<(usize, usize), Option<Clash>> = HashMap::new();
        let mut reported = false;
        for &(i, j) in uses {
            let this = &catalog.items[i].fields[j];
            let k = *index.entry(Constraint::of(this)).or_insert_with(|| {
                distinct.push(this);
                first.push((i, j));
                count.push(0);
                distinct.len() - 1
            });
            // The clash with the earliest item names the partner; the rest are counted.
            let mut partner: Option<(usize, Clash)> = None;
            let mut others = 0;
            for earlier in 0..distinct.len() {
                if earlier == k || count[earlier] == 0 {
                    continue;
                }
                let clash = *clashes
                    .entry((earlier, k))
                    .or_insert_with(|| merged_clash(def, &[distinct[earlier], this]));
                if let Some(clash) = clash {
                    others += count[earlier];
                    if partner.is_none_or(|(p, _)| first[earlier] < first[p]) {
                        partner = Some((earlier, clash));
                    }
                }
            }
            count[k] += 1;
            let Some((p, clash)) = partner else {
                continue;
            };
            reported = true;
            let (item, other, key) = (
                &catalog.items[i].id,
                &catalog.items[first[p].0].id,
                &def.key,
            );
            let (column, zh, en) = describe_clash(def, clash, distinct[p], this);
            let (more_zh, more_en) = if others > 1 {
                (
                    format!("（另有 {} 个事项也与它冲突）", others - 1),
                    format!(" (and {} more items clash with it)", others - 1),
                )
            } else {
                (String::new(), String::new())
            };
            self.out.push(
                Place::ItemField {
                    item_at: i,
                    item: item.clone(),
                    at: j,
                    field: key.clone(),
                    column,
                },
                format!("事项“{item}”与事项“{other}”{more_zh}对字段“{key}”的要求无法同时满足：{zh}。两者一起申请时表单无法填写，请放宽其中一方的要求。"),
                format!("Items “{item}” and “{other}”{more_en} put constraints on field “{key}” that cannot both hold: {en}. Applied for together, their form could not be filled in: relax one of them."),
            );
        }
        if reported || distinct.len() < 3 || merged_clash(def, &distinct).is_none() {
            return;
        }
        // No two clash, yet all together do: options {a,b}, {b,c} and {a,c} meet in pairs
        // only. Drop what the clash does not need, to name one smallest set of items.
        let mut set: Vec<usize> = (0..distinct.len()).collect();
        let mut n = 0;
        while n < set.len() {
            let without: Vec<&FieldUse> = set
                .iter()
                .enumerate()
                .filter(|&(m, _)| m != n)
                .map(|(_, &k)| distinct[k])
                .collect();
            if merged_clash(def, &without).is_some() {
                set.remove(n);
            } else {
                n += 1;
            }
        }
        let names: Vec<String> = set
            .iter()
            .map(|&k| format!("“{}”", catalog.items[first[k].0].id))
            .collect();
        let (allowed_zh, allowed_en): (Vec<String>, Vec<String>) = set
            .iter()
            .map(|&k| allowed_values(def, distinct[k]))
            .unzip();
        let (names_zh, names_en) = (names.join("、"), names.join(", "));
        let (allowed_zh, allowed_en) = (allowed_zh.join(" / "), allowed_en.join(" / "));
        let &last = set.last().expect("a clash needs at least one use");
        let (i, j) = first[last];
        let key = &def.key;
        self.out.push(
            Place::ItemField {
                item_at: i,
                item: catalog.items[i].id.clone(),
                at: j,
                field: key.clone(),
                column: "options",
            },
            format!("事项{names_zh}对字段“{key}”允许的选项（{allowed_zh}）两两都有交集，却没有一个选项是它们都允许的：这些事项一起申请时无法选择。请让它们至少共同允许一个选项。"),
            format!("Items {names_en} allow options of field “{key}” ({allowed_en}) that meet in pairs but have none in common, so applied for together no option fits. Let them share at least one option."),
        );
    }

    fn packages(&mut self) {
        let catalog = self.catalog;
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (at, p) in catalog.packages.iter().enumerate() {
            let place = |column| Place::Package {
                at,
                id: p.id.clone(),
                column,
            };
            let owner = Owner::new(PACKAGE, &p.id);
            self.out.register(&mut ids, PACKAGE, &p.id, at, place("id"));
            self.out
                .name(&p.name, named("套餐名称", "package name"), place);
            self.out.reference(
                &self.life_events,
                LIFE_EVENT,
                &p.life_event,
                place("life_event"),
                &owner,
            );
            if p.items.is_empty() {
                self.out.push(
                    place("items"),
                    format!("{}没有包含任何事项，请列出它的事项。", owner.zh),
                    format!("{} holds no items: list its items.", owner.en),
                );
            }
            self.out
                .references(&self.items, ITEM, &p.items, place("items"), &owner);
        }
    }

    fn questions(&mut self) {
        let catalog = self.catalog;
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (at, q) in catalog.questions.iter().enumerate() {
            let place = |column| Place::Question {
                at,
                id: q.id.clone(),
                column,
            };
            let owner = Owner::new(QUESTION, &q.id);
            self.out
                .register(&mut ids, QUESTION, &q.id, at, place("id"));
            self.out.text(
                &q.text,
                named("问题", "question text"),
                ("text_zh", "text_en"),
                place,
            );
            self.out.text(
                &q.reason,
                named("问题说明", "question reason"),
                ("reason_zh", "reason_en"),
                place,
            );
            if q.asked_for.is_empty() {
                self.out.push(
                    place("asked_for"),
                    format!("{}没有针对任何事项，永远不会被问到。请列出选了哪些事项时要问它。", owner.zh),
                    format!("{} is asked for no item, so it is never asked. List the items it is asked for.", owner.en),
                );
            }
            if q.adds.is_empty() {
                self.out.push(
                    place("adds"),
                    format!("{}回答“是”时不增加任何事项，问了也没有作用。请列出要增加的事项。", owner.zh),
                    format!("{} adds no item when answered yes, so asking it changes nothing. List the items it adds.", owner.en),
                );
            }
            self.out
                .references(&self.items, ITEM, &q.asked_for, place("asked_for"), &owner);
            self.out
                .references(&self.items, ITEM, &q.adds, place("adds"), &owner);
        }
    }
}

/// What a text is called, for messages about it.
fn named(zh: &'static str, en: &'static str) -> Kind {
    Kind { zh, en }
}

/// A field use's constraints, to tell the distinct ones apart.
#[derive(PartialEq, Eq, Hash)]
struct Constraint<'u> {
    min_len: Option<u32>,
    max_len: Option<u32>,
    min: Option<u64>,
    max: Option<u64>,
    options: Option<&'u [String]>,
}

impl<'u> Constraint<'u> {
    fn of(usage: &'u FieldUse) -> Constraint<'u> {
        Constraint {
            min_len: usage.min_len,
            max_len: usage.max_len,
            min: usage.min.map(f64::to_bits),
            max: usage.max.map(f64::to_bits),
            options: usage.options.as_deref(),
        }
    }
}

/// The column and the two sides of a clash between an earlier use and this one.
fn describe_clash(
    def: &FieldDef,
    clash: Clash,
    earlier: &FieldUse,
    this: &FieldUse,
) -> (&'static str, String, String) {
    match clash {
        Clash::Lengths => {
            // Name the bound of this use that the other side cannot meet.
            let column = match (this.min_len, earlier.max_len) {
                (Some(lo), Some(hi)) if lo > hi => "min_len",
                _ => "max_len",
            };
            let (a_zh, a_en) = length_range(earlier);
            let (b_zh, b_en) = length_range(this);
            (
                column,
                format!("前者{b_zh}，后者{a_zh}"),
                format!("the first wants {b_en}, the second {a_en}"),
            )
        }
        Clash::Range => {
            let column = match (this.min, earlier.max) {
                (Some(lo), Some(hi)) if lo > hi => "min",
                _ => "max",
            };
            let (a_zh, a_en) = number_range(earlier);
            let (b_zh, b_en) = number_range(this);
            (
                column,
                format!("前者要求{b_zh}，后者要求{a_zh}"),
                format!("the first wants {b_en}, the second {a_en}"),
            )
        }
        Clash::Options => {
            let (a_zh, a_en) = allowed_values(def, earlier);
            let (b_zh, b_en) = allowed_values(def, this);
            (
                "options",
                format!("前者只允许 {b_zh}，后者只允许 {a_zh}，没有共同的选项"),
                format!("the first allows only {b_en}, the second only {a_en}, with no option in common"),
            )
        }
    }
}

fn length_range(usage: &FieldUse) -> (String, String) {
    match (usage.min_len, usage.max_len) {
        (Some(lo), Some(hi)) => (
            format!("要求 {lo}–{hi} 个字"),
            format!("{lo}–{hi} characters"),
        ),
        (Some(lo), None) => (
            format!("要求至少 {lo} 个字"),
            format!("at least {lo} characters"),
        ),
        (None, Some(hi)) => (
            format!("最多允许 {hi} 个字"),
            format!("at most {hi} characters"),
        ),
        (None, None) => ("不限长度".into(), "any length".into()),
    }
}

fn number_range(usage: &FieldUse) -> (String, String) {
    match (usage.min, usage.max) {
        (Some(lo), Some(hi)) => (format!("在 {lo} 与 {hi} 之间"), format!("{lo} to {hi}")),
        (Some(lo), None) => (format!("不小于 {lo}"), format!("at least {lo}")),
        (None, Some(hi)) => (format!("不大于 {hi}"), format!("at most {hi}")),
        (None, None) => ("任意数值".into(), "any number".into()),
    }
}

/// The values of a select field's options, listed in each language: "urban、expressway" and
/// "urban, expressway".
fn option_values(def: &FieldDef) -> (String, String) {
    let values: Vec<&str> = def.options.iter().map(|c| c.value.as_str()).collect();
    (values.join("、"), values.join(", "))
}

/// The values one use allows, listed as [`option_values`] lists them.
fn allowed_values(def: &FieldDef, usage: &FieldUse) -> (String, String) {
    match &usage.options {
        None => option_values(def),
        Some(values) => (values.join("、"), values.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::{Choice, Exclusion, Prerequisite, ShowIf};
    use crate::engine::compose::{compose, Answers, ComposeError};
    use crate::engine::test_support::{held, ids, seed};

    /// The seed with one edit.
    fn seed_with(edit: impl FnOnce(&mut Catalog)) -> Catalog {
        let mut c = seed();
        edit(&mut c);
        c.indexed()
    }

    fn item<'c>(c: &'c mut Catalog, id: &str) -> &'c mut Item {
        c.items
            .iter_mut()
            .find(|i| i.id == id)
            .expect("a seed item")
    }

    fn field_use<'c>(c: &'c mut Catalog, id: &str, key: &str) -> &'c mut FieldUse {
        item(c, id)
            .fields
            .iter_mut()
            .find(|f| f.key == key)
            .expect("a field the seed item uses")
    }

    /// Where a problem is, in short: "Item[3].department", "ItemField[24/3].min_len".
    fn at(place: &Place) -> String {
        let (kind, at) = match place {
            Place::Catalog { .. } => ("Catalog", String::new()),
            Place::Department { at, .. } => ("Department", at.to_string()),
            Place::LifeEvent { at, .. } => ("LifeEvent", at.to_string()),
            Place::Section { at, .. } => ("Section", at.to_string()),
            Place::Field { at, .. } => ("Field", at.to_string()),
            Place::FieldOption { field_at, at, .. } => ("FieldOption", format!("{field_at}/{at}")),
            Place::Material { at, .. } => ("Material", at.to_string()),
            Place::Item { at, .. } => ("Item", at.to_string()),
            Place::ItemField { item_at, at, .. } => ("ItemField", format!("{item_at}/{at}")),
            Place::ItemMaterial { item_at, at, .. } => ("ItemMaterial", format!("{item_at}/{at}")),
            Place::Prerequisite { item_at, at, .. } => ("Prerequisite", format!("{item_at}/{at}")),
            Place::Exclusion { item_at, at, .. } => ("Exclusion", format!("{item_at}/{at}")),
            Place::Package { at, .. } => ("Package", at.to_string()),
            Place::Question { at, .. } => ("Question", at.to_string()),
        };
        format!("{kind}[{at}].{}", place.column())
    }

    /// Where every problem of `c` is, in order.
    fn places(c: &Catalog) -> Vec<String> {
        problems(c).iter().map(|p| at(&p.place)).collect()
    }

    fn item_at(id: &str) -> usize {
        seed()
            .items
            .iter()
            .position(|i| i.id == id)
            .expect("a seed item")
    }

    fn use_at(id: &str, key: &str) -> String {
        let c = seed();
        let i = item_at(id);
        let j = c.items[i]
            .fields
            .iter()
            .position(|f| f.key == key)
            .expect("a field it uses");
        format!("{i}/{j}")
    }

    /// The only problem found; fails on none or several.
    fn the_problem(c: &Catalog) -> CatalogProblem {
        let found = problems(c);
        assert_eq!(found.len(), 1, "one problem, found {found:#?}");
        found.into_iter().next().unwrap()
    }

    /// Fails unless the problem is told in Chinese and in English, each naming all of `words`.
    fn says(problem: &CatalogProblem, words: &[&str]) {
        let Text { zh, en } = &problem.problem;
        let chinese = |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c);
        assert!(zh.chars().any(|c| chinese(&c)), "{zh}");
        assert!(!en.is_empty() && !en.chars().any(|c| chinese(&c)), "{en}");
        for word in words {
            assert!(
                zh.contains(word) && en.contains(word),
                "{word} in {zh} / {en}"
            );
        }
    }

    // --- A sound catalog ---

    #[test]
    fn the_seed_catalog_has_no_problems() {
        assert_eq!(problems(&seed()), []);
    }

    // --- Duplicate ids ---

    #[test]
    fn a_second_item_with_the_same_id_is_reported_at_the_second() {
        let c = seed_with(|c| {
            let mut copy = c.items[0].clone();
            copy.name = Text::new("出生医学证明补发", "Birth certificate reissue");
            c.items.push(copy);
        });
        let p = the_problem(&c);
        assert_eq!(
            p.place,
            Place::Item {
                at: c.items.len() - 1,
                id: "birth_medical_certificate".into(),
                column: "id"
            }
        );
        says(&p, &["birth_medical_certificate"]);
    }

    #[test]
    fn a_duplicate_id_of_every_other_kind_is_reported_too() {
        let s = seed();
        let c = seed_with(|c| {
            c.departments.push(c.departments[0].clone());
            c.life_events.push(c.life_events[0].clone());
            c.sections.push(c.sections[0].clone());
            c.fields.push(c.fields[0].clone());
            c.materials.push(c.materials[0].clone());
            c.packages.push(c.packages[0].clone());
            c.questions.push(c.questions[0].clone());
        });
        assert_eq!(
            places(&c),
            [
                format!("Department[{}].id", s.departments.len()),
                format!("LifeEvent[{}].id", s.life_events.len()),
                format!("Section[{}].id", s.sections.len()),
                format!("Field[{}].key", s.fields.len()),
                format!("Material[{}].key", s.materials.len()),
                format!("Package[{}].id", s.packages.len()),
                format!("Question[{}].id", s.questions.len()),
            ]
        );
    }

    #[test]
    fn an_item_using_one_field_twice_and_an_option_offered_twice_are_duplicates() {
        let c = seed_with(|c| {
            let name = c.items[0].fields[0].clone();
            c.items[0].fields.push(name);
            let road_class = c.fields.iter_mut().find(|f| f.key == "road_class").unwrap();
            let urban = road_class.options[0].clone();
            road_class.options.push(urban);
        });
        let road_class = seed()
            .fields
            .iter()
            .position(|f| f.key == "road_class")
            .unwrap();
        let uses = seed().items[0].fields.len();
        assert_eq!(
            places(&c),
            [
                format!("FieldOption[{road_class}/4].value"),
                format!("ItemField[0/{uses}].field"),
            ]
        );
    }

    #[test]
    fn an_empty_id_is_reported_rather_than_taken_as_an_id() {
        let c = seed_with(|c| {
            let mut nameless = c.departments[0].clone();
            nameless.id = String::new();
            c.departments.push(nameless);
        });
        let p = the_problem(&c);
        assert_eq!(
            at(&p.place),
            format!("Department[{}].id", c.departments.len() - 1)
        );
    }

    // --- Broken references ---

    #[test]
    fn an_item_pointing_to_an_unknown_department_is_a_broken_reference() {
        let c = seed_with(|c| item(c, "basic_pension").department = "pension_office".into());
        let p = the_problem(&c);
        assert_eq!(
            at(&p.place),
            format!("Item[{}].department", item_at("basic_pension"))
        );
        says(&p, &["basic_pension", "pension_office"]);
    }

    #[test]
    fn every_reference_an_item_makes_is_checked() {
        let c = seed_with(|c| {
            let rehab = item(c, "work_injury_rehab");
            rehab.life_events.push("old_age".into());
            rehab.produces.push("rehab_decision".into());
            rehab.fields[0].key = "full_name".into();
            rehab.materials[0].key = "passport".into();
            rehab.requires[0].item = "injury_check".into();
            rehab.excludes.push(Exclusion {
                item: "pension".into(),
                reason: Text::new("不能同时申请", "Not together"),
            });
            let traffic_plan = field_use(c, "road_occupation", "traffic_plan");
            traffic_plan.show_if = Some(ShowIf {
                field: "carriageway".into(),
                equals: "yes".into(),
            });
        });
        let rehab = item_at("work_injury_rehab");
        assert_eq!(
            places(&c),
            [
                format!(
                    "ItemField[{}].show_if_field",
                    use_at("road_occupation", "traffic_plan")
                ),
                format!("Item[{rehab}].life_events"),
                format!("Item[{rehab}].produces"),
                format!("ItemField[{rehab}/0].field"),
                format!("ItemMaterial[{rehab}/0].material"),
                format!("Prerequisite[{rehab}/0].other_item"),
                format!("Exclusion[{rehab}/0].other_item"),
            ]
        );
        for (p, word) in problems(&c).iter().zip([
            "carriageway",
            "old_age",
            "rehab_decision",
            "full_name",
            "passport",
            "injury_check",
            "pension",
        ]) {
            says(p, &[word]);
        }
    }

    #[test]
    fn a_prerequisite_must_name_the_item_that_produces_its_material() {
        let c = seed_with(|c| {
            item(c, "work_injury_rehab").requires[0].item = "work_capacity_appraisal".into()
        });
        let p = the_problem(&c);
        assert_eq!(
            at(&p.place),
            format!(
                "Prerequisite[{}/0].other_item",
                item_at("work_injury_rehab")
            )
        );
        says(
            &p,
            &["work_capacity_appraisal", "work_injury_determination"],
        );
    }

    #[test]
    fn packages_and_questions_name_only_life_events_and_items_the_catalog_has() {
        let c = seed_with(|c| {
            c.packages[0].life_event = "birth".into();
            c.packages[0].items.push("birth_certificate".into());
            c.questions[0].asked_for = vec!["road_works".into()];
            c.questions[0].adds.push("traffic_review".into());
        });
        assert_eq!(
            places(&c),
            [
                "Package[0].life_event",
                "Package[0].items",
                "Question[0].asked_for",
                "Question[0].adds"
            ]
        );
    }

    #[test]
    fn a_field_names_an_existing_section_and_a_date_rule_an_existing_date_field() {
        let c = seed_with(|c| {
            let end = c
                .fields
                .iter_mut()
                .find(|f| f.key == "work_end_date")
                .unwrap();
            end.section = "works".into();
            end.dates.not_before = Some("work_start".into());
        });
        let end = seed()
            .fields
            .iter()
            .position(|f| f.key == "work_end_date")
            .unwrap();
        assert_eq!(
            places(&c),
            [
                format!("Field[{end}].section"),
                format!("Field[{end}].not_before")
            ]
        );
    }

    #[test]
    fn a_derived_field_needs_the_id_number_field_it_is_derived_from() {
        let c = seed_with(|c| {
            c.fields.retain(|f| f.key != "id_number");
            for i in &mut c.items {
                i.fields.retain(|f| f.key != "id_number");
            }
        });
        let found = places(&c);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|p| p.ends_with(".derived")), "{found:?}");
    }

    // --- Impossible constraints ---

    #[test]
    fn a_minimum_length_above_the_maximum_is_impossible() {
        let c = seed_with(|c| field_use(c, "basic_pension", "name").min_len = Some(60));
        let p = the_problem(&c);
        assert_eq!(
            at(&p.place),
            format!("ItemField[{}].min_len", use_at("basic_pension", "name"))
        );
        says(&p, &["basic_pension", "name", "60", "50"]);
    }

    #[test]
    fn a_minimum_above_the_maximum_is_impossible() {
        let c = seed_with(|c| field_use(c, "tobacco_retail_licence", "floor_area").max = Some(2.0));
        let p = the_problem(&c);
        assert_eq!(
            at(&p.place),
            format!(
                "ItemField[{}].min",
                use_at("tobacco_retail_licence", "floor_area")
            )
        );
    }

    #[test]
    fn a_select_with_no_options_is_impossible_and_not_also_a_clash_of_every_item_using_it() {
        let c = seed_with(|c| {
            let device = c
                .fields
                .iter_mut()
                .find(|f| f.key == "device_type")
                .unwrap();
            device.options.clear();
        });
        let device = seed()
            .fields
            .iter()
            .position(|f| f.key == "device_type")
            .unwrap();
        assert_eq!(places(&c), [format!("Field[{device}].kind")]);
    }

    #[test]
    fn an_allowed_option_the_field_does_not_offer_is_reported_and_so_is_allowing_none() {
        let c = seed_with(|c| {
            field_use(c, "highway_works_permit", "road_class").options =
                Some(ids(&["expressway", "county"]));
            field_use(c, "unemployment_benefit", "unemployment_reason").options = Some(vec![]);
        });
        let found = problems(&c);
        assert_eq!(
            found.iter().map(|p| at(&p.place)).collect::<Vec<_>>(),
            [
                format!(
                    "ItemField[{}].options",
                    use_at("highway_works_permit", "road_class")
                ),
                format!(
                    "ItemField[{}].options",
                    use_at("unemployment_benefit", "unemployment_reason")
                ),
            ]
        );
        says(&found[0], &["county", "road_class"]);
    }

    #[test]
    fn committed_days_must_be_at_least_one_and_within_the_statutory_limit() {
        let c = seed_with(|c| {
            item(c, "basic_pension").committed_days = 0;
            item(c, "unemployment_benefit").committed_days = 11;
        });
        let found = problems(&c);
        assert_eq!(
            found.iter().map(|p| at(&p.place)).collect::<Vec<_>>(),
            [
                format!("Item[{}].committed_days", item_at("basic_pension")),
                format!("Item[{}].committed_days", item_at("unemployment_benefit")),
            ]
        );
        says(&found[1], &["11", "10"]);
    }

    #[test]
    fn an_empty_name_is_reported_in_the_language_it_is_missing_from() {
        let c = seed_with(|c| {
            c.departments[0].name.en = String::new();
            item(c, "basic_pension").name.zh = " ".into();
            c.questions[0].reason.zh = String::new();
        });
        assert_eq!(
            places(&c),
            [
                "Department[0].name_en".to_string(),
                format!("Item[{}].name_zh", item_at("basic_pension")),
                "Question[0].reason_zh".to_string(),
            ]
        );
    }

    #[test]
    fn a_date_that_can_only_be_today_and_a_date_rule_on_a_text_are_impossible() {
        let c = seed_with(|c| {
            let start = c
                .fields
                .iter_mut()
                .find(|f| f.key == "work_start_date")
                .unwrap();
            start.dates.not_after_today = true;
            let name = c.fields.iter_mut().find(|f| f.key == "name").unwrap();
            name.dates.not_after_today = true;
        });
        let fields = seed().fields;
        let name = fields.iter().position(|f| f.key == "name").unwrap();
        let start = fields
            .iter()
            .position(|f| f.key == "work_start_date")
            .unwrap();
        assert_eq!(
            places(&c),
            [
                format!("Field[{name}].not_after_today"),
                format!("Field[{start}].not_before_today"),
            ]
        );
    }

    #[test]
    fn a_condition_on_an_answer_the_other_field_cannot_have_never_shows() {
        let c = seed_with(|c| {
            field_use(c, "road_occupation", "traffic_plan").show_if = Some(ShowIf {
                field: "affects_carriageway".into(),
                equals: "maybe".into(),
            });
        });
        let p = the_problem(&c);
        assert_eq!(
            at(&p.place),
            format!(
                "ItemField[{}].show_if_equals",
                use_at("road_occupation", "traffic_plan")
            )
        );
        says(&p, &["maybe", "affects_carriageway"]);
    }

    #[test]
    fn an_item_that_excludes_or_requires_itself_can_never_be_applied_for() {
        let c = seed_with(|c| {
            let pension = item(c, "basic_pension");
            pension.excludes.push(Exclusion {
                item: "basic_pension".into(),
                reason: Text::new("不能重复申请", "Not twice"),
            });
            pension.requires.push(Prerequisite {
                material: "id_card".into(),
                item: "basic_pension".into(),
                reason: Text::new("需要身份证", "Needs an ID card"),
            });
        });
        let pension = item_at("basic_pension");
        let excluded = seed().items[pension].excludes.len();
        assert_eq!(
            places(&c),
            [
                format!("Prerequisite[{pension}/0].other_item"),
                format!("Exclusion[{pension}/{excluded}].other_item"),
            ]
        );
    }

    #[test]
    fn prerequisites_that_go_round_in_a_circle_are_reported_once() {
        let c = seed_with(|c| {
            item(c, "work_injury_determination")
                .requires
                .push(Prerequisite {
                    material: "work_capacity_appraisal".into(),
                    item: "work_capacity_appraisal".into(),
                    reason: Text::new("需要先鉴定", "Needs the appraisal first"),
                });
        });
        let p = the_problem(&c);
        assert_eq!(
            at(&p.place),
            format!(
                "Prerequisite[{}/0].other_item",
                item_at("work_capacity_appraisal")
            )
        );
        says(&p, &["work_injury_determination → work_capacity_appraisal"]);
    }

    // --- Unsatisfiable merges ---

    #[test]
    fn two_items_with_disjoint_options_for_one_field_cannot_be_merged() {
        let c = seed_with(|c| {
            field_use(c, "unemployment_registration", "unemployment_reason").options =
                Some(ids(&["voluntary", "other"]));
        });
        let p = the_problem(&c);
        // Reported at the later item, naming the earlier one.
        assert_eq!(
            at(&p.place),
            format!(
                "ItemField[{}].options",
                use_at("unemployment_benefit", "unemployment_reason")
            )
        );
        says(
            &p,
            &[
                "unemployment_benefit",
                "unemployment_registration",
                "unemployment_reason",
            ],
        );
        // Composing the two is exactly what fails.
        let pair = ids(&["unemployment_registration", "unemployment_benefit"]);
        assert!(matches!(
            compose(&c, &pair, &Answers::new(), &held(&[])),
            Err(ComposeError::Conflict { .. })
        ));
    }

    #[test]
    fn lengths_and_ranges_that_do_not_overlap_across_items_cannot_be_merged() {
        let c = seed_with(|c| {
            field_use(c, "highway_works_permit", "site_address").min_len = Some(80);
            field_use(c, "tobacco_retail_licence", "floor_area").max = Some(0.5);
            field_use(c, "tobacco_retail_licence", "floor_area").min = None;
        });
        // Reported field by field, in the catalog's order of fields.
        let found = problems(&c);
        assert_eq!(
            found.iter().map(|p| at(&p.place)).collect::<Vec<_>>(),
            [
                format!(
                    "ItemField[{}].max",
                    use_at("tobacco_retail_licence", "floor_area")
                ),
                format!(
                    "ItemField[{}].min_len",
                    use_at("highway_works_permit", "site_address")
                ),
            ]
        );
        // Three earlier items want at least 1 square metre: the first is named, two counted.
        says(
            &found[0],
            &["tobacco_retail_licence", "food_business_licence", "0.5"],
        );
        assert!(
            found[0].problem.en.contains("2 more"),
            "{}",
            found[0].problem.en
        );
        // The highway permit wants 80 or more; the traffic review allows 60 at most.
        says(
            &found[1],
            &[
                "highway_works_permit",
                "road_traffic_safety_review",
                "80",
                "60",
            ],
        );
    }

    #[test]
    fn options_that_meet_in_pairs_but_not_all_together_cannot_be_merged() {
        let c = seed_with(|c| {
            let colours = ["prosthesis", "orthosis", "wheelchair"];
            let pairs = [[0, 1], [1, 2], [0, 2]];
            for (who, pair) in [
                "work_injury_rehab",
                "assistive_devices",
                "unemployment_benefit",
            ]
            .iter()
            .zip(pairs)
            {
                let usage = FieldUse {
                    key: "device_type".into(),
                    options: Some(pair.iter().map(|&n| colours[n].to_string()).collect()),
                    ..FieldUse::default()
                };
                let i = item(c, who);
                i.fields.retain(|f| f.key != "device_type");
                i.fields.push(usage);
            }
        });
        let p = the_problem(&c);
        let benefit = item_at("unemployment_benefit");
        let uses = c.items[benefit].fields.len() - 1;
        assert_eq!(at(&p.place), format!("ItemField[{benefit}/{uses}].options"));
        says(
            &p,
            &[
                "work_injury_rehab",
                "assistive_devices",
                "unemployment_benefit",
            ],
        );
        let all = ids(&[
            "work_injury_rehab",
            "assistive_devices",
            "unemployment_benefit",
        ]);
        let held = held(&["work_injury_determination", "work_capacity_appraisal"]);
        assert!(compose(&c, &all, &Answers::new(), &held).is_err());
    }

    #[test]
    fn a_choice_with_a_label_in_one_language_only_is_reported() {
        let c = seed_with(|c| {
            let sex = c.fields.iter_mut().find(|f| f.key == "child_sex").unwrap();
            sex.options.push(Choice {
                value: "unknown".into(),
                label: Text::new("未知", ""),
            });
        });
        let sex = seed()
            .fields
            .iter()
            .position(|f| f.key == "child_sex")
            .unwrap();
        assert_eq!(places(&c), [format!("FieldOption[{sex}/2].label_en")]);
    }
}
