//! The catalog as a spreadsheet workbook (.xlsx), the way cities keep their item lists (事项清单),
//! and as JSON; both imports are checked completely before anything is used.
//!
//! One sheet per kind of entity, one entity per row, a bilingual header row ("名称（中文） /
//! name_zh"): the part after " / " is the column's key, which is what import looks for, so staff
//! may reorder columns, retitle the Chinese part or add columns of their own. Several entries in
//! one cell are separated by "、" (the Chinese enumeration comma staff type anyway). A first
//! sheet, 说明 README, holds the catalog's version and explains every column.
//!
//! An import reads every sheet, collects every error it meets (missing sheets and columns, cells
//! that are not what their column holds) and then runs the engine's catalog check
//! ([`catalog_check::problems`]) on what it read, mapping each problem back to the sheet, row and
//! column it came from. Any error refuses the whole workbook; nothing is returned to store.
//!
//! Written with `rust_xlsxwriter` and read with `calamine`: both pure Rust, maintained, and
//! without C libraries to build.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use app::engine::catalog::{
    Choice, DateRule, Department, Derivation, Exclusion, FieldDef, FieldKind, FieldUse, Item,
    LifeEvent, MaterialDef, MaterialUse, OrgKind, Package, Prerequisite, Question, Section, ShowIf,
};
use app::engine::catalog_check::{self, Place};
use app::engine::{Catalog, Text};
use calamine::{Data, Range, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Separates several entries in one cell: "newborn、retirement".
pub const LIST_SEPARATOR: char = '、';

/// Excel holds at most this many UTF-16 units in a cell.
const CELL_LIMIT: usize = 32_767;

/// Where an import went wrong and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The sheet's name as the workbook shows it ("事项 items"), "JSON", or empty when the file
    /// is not a workbook at all.
    pub sheet: String,
    /// The row as Excel numbers it (the header is row 1); the line for a JSON syntax error; 0
    /// when the error is about a whole sheet or, in JSON, about an entity (see `column`).
    pub row: u32,
    /// The column's letter and header ("D 办理部门 / department"); only the header when the
    /// column is missing. In JSON: the character column of a syntax error, or the path of the
    /// entity and field at fault ("items[6].department").
    pub column: String,
    pub problem: Text,
}

impl std::fmt::Display for ImportError {
    /// One line an operator can act on: "事项 items, row 9, D 办理部门 / department: … / …".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut place: Vec<String> = Vec::new();
        if !self.sheet.is_empty() {
            place.push(self.sheet.clone());
        }
        if self.row > 0 {
            place.push(format!("row {}", self.row));
        }
        if !self.column.is_empty() {
            place.push(self.column.clone());
        }
        write!(
            f,
            "{}: {} / {}",
            place.join(", "),
            self.problem.zh,
            self.problem.en
        )
    }
}

impl ImportError {
    /// The same, for a page: the place and the problem in each language.
    pub fn as_text(&self) -> Text {
        let place = |row_word: &dyn Fn(u32) -> String| {
            let mut place: Vec<String> = Vec::new();
            if !self.sheet.is_empty() {
                place.push(self.sheet.clone());
            }
            if self.row > 0 {
                place.push(row_word(self.row));
            }
            if !self.column.is_empty() {
                place.push(self.column.clone());
            }
            place.join(", ")
        };
        Text::new(
            format!("{}：{}", place(&|r| format!("第{r}行")), self.problem.zh),
            format!("{}: {}", place(&|r| format!("row {r}")), self.problem.en),
        )
    }
}

/// A catalog file as the server reads it, as catalog JSON (what is stored as a version): a
/// workbook (`.xlsx`) is read and checked completely here, a JSON file is returned as written
/// for its user to check (`import_json`).
pub fn read_file(path: &std::path::Path) -> Result<String, Vec<ImportError>> {
    let unreadable = |e: std::io::Error| {
        vec![ImportError {
            sheet: String::new(),
            row: 0,
            column: String::new(),
            problem: Text::new(
                format!("无法读取文件 {}：{e}", path.display()),
                format!("Cannot read {}: {e}", path.display()),
            ),
        }]
    };
    let workbook = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if workbook {
        let bytes = std::fs::read(path).map_err(unreadable)?;
        import(&bytes).map(|catalog| export_json(&catalog))
    } else {
        // Kept as written (its hash names the stored version); checked where it is used.
        std::fs::read_to_string(path).map_err(unreadable)
    }
}

/// Errors as lines for a log or a terminal: the first `shown`, and how many more.
pub fn describe(errors: &[ImportError], shown: usize) -> String {
    let mut lines: Vec<String> = errors.iter().take(shown).map(|e| e.to_string()).collect();
    if errors.len() > shown {
        lines.push(format!("… and {} more", errors.len() - shown));
    }
    lines.join("\n")
}

/// Why a catalog cannot be written as a workbook. A catalog that passes the catalog check fits
/// unless a cell is longer than Excel allows or a list entry contains the list separator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportError {
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub problem: Text,
}

// --- The layout ---

/// A column: its key (the name the catalog check uses for it), its Chinese title, and what it
/// holds, for the README sheet.
struct Column {
    key: &'static str,
    zh: &'static str,
    about_zh: &'static str,
    about_en: &'static str,
}

const fn column(
    key: &'static str,
    zh: &'static str,
    about_zh: &'static str,
    about_en: &'static str,
) -> Column {
    Column {
        key,
        zh,
        about_zh,
        about_en,
    }
}

impl Column {
    fn header(&self) -> String {
        format!("{} / {}", self.zh, self.key)
    }
}

struct Sheet {
    name: &'static str,
    about_zh: &'static str,
    about_en: &'static str,
    columns: &'static [Column],
    /// The columns that tie rows to each other (ids, and the parent id in child sheets): with
    /// one missing, other sheets' rows cannot be matched, so the catalog is not checked further.
    keys: &'static [&'static str],
}

const README: &str = "说明 README";
const VERSION_KEY: &str = "version";
const VERSION_HEADER: &str = "目录版本 / version";

const NAME_ZH: Column = column(
    "name_zh",
    "名称（中文）",
    "用户看到的中文名称",
    "The Chinese name users read",
);
const NAME_EN: Column = column(
    "name_en",
    "名称（英文）",
    "英文页面显示的名称",
    "The English name",
);

const DEPARTMENTS: Sheet = Sheet {
    name: "部门 departments",
    about_zh: "办理事项的政府部门和外部机构（如水电气公司）。",
    about_en: "Government departments, and outside organisations such as utility companies, that handle items.",
    columns: &[
        column("id", "编号", "唯一的编号，事项用它指明办理部门", "Unique id; items name their department by it"),
        NAME_ZH,
        NAME_EN,
        column("kind", "类型", "department（政府部门）或 organisation（外部机构）", "department, or organisation (an outside body)"),
    ],
    keys: &["id"],
};

const LIFE_EVENTS: Sheet = Sheet {
    name: "人生事件 life events",
    about_zh: "按人生事件归类事项，便于浏览（新生儿出生、退休……）。",
    about_en: "Life events group items for browsing (birth of a child, retirement …).",
    columns: &[
        column("id", "编号", "唯一的编号", "Unique id"),
        NAME_ZH,
        NAME_EN,
    ],
    keys: &["id"],
};

const SECTIONS: Sheet = Sheet {
    name: "表单分区 sections",
    about_zh: "合并表单的分区；行序就是市民看到的顺序。",
    about_en: "Sections of the merged form, in the order citizens meet them.",
    columns: &[
        column("id", "编号", "唯一的编号", "Unique id"),
        column(
            "title_zh",
            "标题（中文）",
            "分区标题",
            "Section title in Chinese",
        ),
        column(
            "title_en",
            "标题（英文）",
            "分区标题（英文）",
            "Section title in English",
        ),
    ],
    keys: &["id"],
};

const FIELDS: Sheet = Sheet {
    name: "字段 fields",
    about_zh: "表单字段，定义一次；同一字段键在多个事项中只问一次。行序是分区内的顺序。",
    about_en: "Form fields, defined once; a key shared by several items is asked once. Row order is the order within a section.",
    columns: &[
        column("key", "字段键", "唯一的键，如 id_number、phone", "Unique key, such as id_number or phone"),
        column("label_zh", "名称（中文）", "字段名称", "Field label in Chinese"),
        column("label_en", "名称（英文）", "字段名称（英文）", "Field label in English"),
        column("section", "所属分区", "表单分区的编号", "Id of its form section"),
        column("kind", "类型", "text 单行文本、long_text 多行文本、id_number 身份证号码、credit_code 统一社会信用代码、mobile 手机号码、bank_card 银行卡号、postcode 邮政编码、date 日期、number 数字、select 下拉选择、yes_no 是/否", "text, long_text, id_number, credit_code, mobile, bank_card, postcode, date, number, select, yes_no"),
        column("hint_zh", "填写提示（中文）", "可留空", "Optional hint in Chinese"),
        column("hint_en", "填写提示（英文）", "可留空；填了中文提示就要填英文提示", "Optional hint in English; needed when there is a Chinese one"),
        column("derived", "自动带出", "留空，或 birth_date_from_id_number（由身份证号码带出出生日期）、sex_from_id_number（带出性别）", "Empty, or birth_date_from_id_number, sex_from_id_number"),
        column("sensitive", "敏感信息", "TRUE：列表和日志中遮盖（身份证号码、银行卡号）", "TRUE: masked in lists and logs (ID numbers, bank cards)"),
        column("not_after_today", "不晚于今天", "日期字段：TRUE 表示不能晚于今天（受伤日期、出生日期）", "Date fields: TRUE if it cannot be after today"),
        column("not_before_today", "不早于今天", "日期字段：TRUE 表示不能早于今天（计划开工日期）", "Date fields: TRUE if it cannot be before today"),
        column("not_before", "不早于字段", "日期字段：不能早于的另一个日期字段的键（完工不早于开工）", "Date fields: key of another date field it cannot come before"),
    ],
    keys: &["key"],
};

const FIELD_OPTIONS: Sheet = Sheet {
    name: "字段选项 field options",
    about_zh: "下拉选择字段的选项，每个选项一行，按行序显示。",
    about_en: "Options of select fields, one per row, shown in row order.",
    columns: &[
        column("field", "字段键", "字段表中的键", "Key of the field"),
        column(
            "value",
            "取值",
            "保存的取值，如 urban",
            "The value stored, such as urban",
        ),
        column(
            "label_zh",
            "名称（中文）",
            "选项名称",
            "Option label in Chinese",
        ),
        column(
            "label_en",
            "名称（英文）",
            "选项名称（英文）",
            "Option label in English",
        ),
    ],
    keys: &["field"],
};

const MATERIALS: Sheet = Sheet {
    name: "材料 materials",
    about_zh: "申请材料，以及事项办结后产出的证照、决定书。",
    about_en: "Materials applicants provide, and the certificates and decisions items produce.",
    columns: &[
        column(
            "key",
            "材料键",
            "唯一的键，如 id_card",
            "Unique key, such as id_card",
        ),
        NAME_ZH,
        NAME_EN,
        column(
            "e_certificate",
            "电子证照",
            "TRUE：有电子证照，可自动调取、免交",
            "TRUE: exists as an e-certificate, fetched instead of uploaded",
        ),
    ],
    keys: &["key"],
};

const ITEMS: Sheet = Sheet {
    name: "事项 items",
    about_zh: "服务事项，每个事项一行；所用字段、材料和规则在后面几张表中。",
    about_en: "Service items, one per row; their fields, materials and rules are in the sheets that follow.",
    columns: &[
        column("id", "编号", "唯一的编号", "Unique id"),
        NAME_ZH,
        NAME_EN,
        column("department", "办理部门", "部门表中的编号", "Id of the department that handles it"),
        column("life_events", "人生事件", "人生事件的编号，多个用“、”分隔", "Life event ids, separated by “、”"),
        column("synonyms", "常用说法", "市民常用的叫法，用于搜索（失业金、生孩子），多个用“、”分隔", "Words citizens use for it, for search, separated by “、”"),
        column("committed_days", "承诺时限（工作日）", "承诺办结的工作日数，至少 1，不超过法定时限", "Working days the city commits to: at least 1, within the statutory limit"),
        column("statutory_days", "法定时限（工作日）", "法律规定的工作日数；法律没有规定的留空", "Working days the law allows; empty where the law says nothing"),
        column("produces", "办结产出材料", "办结后产出的材料键（决定书、证照），多个用“、”分隔", "Keys of the materials it produces when approved, separated by “、”"),
    ],
    keys: &["id"],
};

const ITEM_FIELDS: Sheet = Sheet {
    name: "事项字段 item fields",
    about_zh: "事项使用的字段及该事项自己的要求，一个事项的每个字段一行；合并表单时取最严格的要求。",
    about_en: "The fields each item uses with its own constraints, one row per item and field; the merged form takes the strictest.",
    columns: &[
        column("item", "事项编号", "事项表中的编号", "Id of the item"),
        column("field", "字段键", "字段表中的键", "Key of the field"),
        column("required", "必填", "TRUE 为必填；留空为选填", "TRUE if required; empty means optional"),
        column("min_len", "最短长度", "至少几个字；留空不限", "Minimum length in characters; empty for none"),
        column("max_len", "最长长度", "至多几个字；留空不限", "Maximum length in characters; empty for none"),
        column("min", "最小值", "数字字段的最小值；留空不限", "Number fields: lowest value; empty for none"),
        column("max", "最大值", "数字字段的最大值；留空不限", "Number fields: highest value; empty for none"),
        column("options", "允许的选项", "下拉选择：本事项允许的取值，多个用“、”分隔；留空表示全部允许", "Selects: the values this item allows, separated by “、”; empty allows all"),
        column("show_if_field", "显示条件字段", "只在另一个字段取某值时显示：那个字段的键；留空表示总是显示", "Shown only when another field has a value: that field's key; empty to always show"),
        column("show_if_equals", "显示条件取值", "那个字段须取的值，如 yes", "The value that field must have, such as yes"),
    ],
    keys: &["item"],
};

const ITEM_MATERIALS: Sheet = Sheet {
    name: "事项材料 item materials",
    about_zh: "事项需要的材料，一个事项的每份材料一行；多个事项需要的同一材料只交一次。",
    about_en: "The materials each item needs, one row per item and material; a material several items need is provided once.",
    columns: &[
        column("item", "事项编号", "事项表中的编号", "Id of the item"),
        column("material", "材料键", "材料表中的键", "Key of the material"),
        column("required", "必交", "TRUE 为必交（留空也是必交），FALSE 为选交", "TRUE (or empty) if required, FALSE if optional"),
    ],
    keys: &["item"],
};

const RULES: Sheet = Sheet {
    name: "前置与互斥 rules",
    about_zh: "前置条件和互斥规则，每条一行。前置：事项需要另一个事项产出的材料（已持有电子证照，或同一申请中一并办理）；互斥：两个事项不能一起申请。",
    about_en: "Prerequisites and exclusions, one per row. A prerequisite: the item needs a material another item produces (held as an e-certificate, or that item added to the bundle). An exclusion: two items cannot be applied for together.",
    columns: &[
        column("item", "事项编号", "规则所属事项的编号", "Id of the item the rule belongs to"),
        column("rule", "规则", "requires（前置）或 excludes（互斥）", "requires, or excludes"),
        column("material", "前置材料", "前置：需要的材料键；互斥：留空", "requires: key of the material needed; excludes: empty"),
        column("other_item", "相关事项", "前置：产出该材料的事项；互斥：与之互斥的事项", "requires: the item that produces it; excludes: the item it excludes"),
        column("reason_zh", "说明（中文）", "向市民说明的理由", "The reason citizens read, in Chinese"),
        column("reason_en", "说明（英文）", "理由（英文）", "The reason in English"),
    ],
    keys: &["item", "rule"],
};

const PACKAGES: Sheet = Sheet {
    name: "套餐 packages",
    about_zh: "“一件事”套餐：为一个人生事件预先组合好的事项。",
    about_en: "“One thing” packages: items combined in advance for one life event.",
    columns: &[
        column("id", "编号", "唯一的编号", "Unique id"),
        NAME_ZH,
        NAME_EN,
        column(
            "life_event",
            "人生事件",
            "人生事件的编号",
            "Id of its life event",
        ),
        column(
            "items",
            "包含事项",
            "事项编号，多个用“、”分隔",
            "Item ids, separated by “、”",
        ),
    ],
    keys: &["id"],
};

const QUESTIONS: Sheet = Sheet {
    name: "情形 questions",
    about_zh: "情形引导问题：选了某些事项时提问，回答“是”就增加事项。",
    about_en: "Situational questions: asked when certain items are chosen; a yes adds items.",
    columns: &[
        column(
            "id",
            "问题编号",
            "唯一的编号；答案以此为键",
            "Unique id; the answer is stored under it",
        ),
        column(
            "text_zh",
            "问题（中文）",
            "向市民提的问题",
            "The question, in Chinese",
        ),
        column(
            "text_en",
            "问题（英文）",
            "问题（英文）",
            "The question in English",
        ),
        column(
            "asked_for",
            "针对事项",
            "选了其中任一事项时提问，多个用“、”分隔",
            "Asked when any of these items is chosen; ids separated by “、”",
        ),
        column(
            "adds",
            "增加事项",
            "回答“是”时增加的事项，多个用“、”分隔",
            "Items a yes adds, separated by “、”",
        ),
        column(
            "reason_zh",
            "说明（中文）",
            "为什么增加这些事项",
            "Why these items are added, in Chinese",
        ),
        column(
            "reason_en",
            "说明（英文）",
            "说明（英文）",
            "Why, in English",
        ),
    ],
    keys: &["id"],
};

/// The data sheets, in the workbook's order.
const SHEETS: [&Sheet; 12] = [
    &DEPARTMENTS,
    &LIFE_EVENTS,
    &SECTIONS,
    &FIELDS,
    &FIELD_OPTIONS,
    &MATERIALS,
    &ITEMS,
    &ITEM_FIELDS,
    &ITEM_MATERIALS,
    &RULES,
    &PACKAGES,
    &QUESTIONS,
];

const ORG_KINDS: &[&str] = &["department", "organisation"];
const FIELD_KINDS: &[&str] = &[
    "text",
    "long_text",
    "id_number",
    "credit_code",
    "mobile",
    "bank_card",
    "postcode",
    "date",
    "number",
    "select",
    "yes_no",
];
const DERIVATIONS: &[&str] = &["birth_date_from_id_number", "sex_from_id_number"];
const REQUIRES: &str = "requires";
const EXCLUDES: &str = "excludes";

/// What the README sheet says besides the columns.
const NOTES: &[(&str, &str)] = &[
    (
        "每行一项；行序就是目录中的顺序（表单分区、字段和选项按行序显示）。",
        "One entry per row; row order is catalog order (sections, fields and options show in that order).",
    ),
    (
        "表头写作“中文 / 键”。导入时按“/”后面的键找列：列的先后可以调整，中文可以改，多出的列不读。",
        "Headers read “Chinese / key”. Import finds columns by the key after the “/”: columns may be reordered, the Chinese retitled, and extra columns are ignored.",
    ),
    (
        "一个单元格里的多项用“、”分隔，例如 newborn、retirement。",
        "Several entries in one cell are separated by “、” (the Chinese enumeration comma), e.g. newborn、retirement.",
    ),
    (
        "是/否列填 TRUE 或 FALSE（也可以填 是、否）。留空时：事项材料的“必交”为是，其余为否。",
        "Yes/no columns take TRUE or FALSE (是 and 否 also work). Empty means yes for an item material's “required”, no everywhere else.",
    ),
    (
        "拼音（检索用）不在工作簿中：服务器载入目录时按中文名称自动生成，导出不写，导入不读。",
        "Pinyin for search is not in the workbook: the server generates it from the Chinese names when it loads the catalog, so it is neither exported nor imported.",
    ),
    (
        "导入时先完整检查整个工作簿：重复的编号、找不到的引用、不可能满足的要求、两个事项无法合并的字段要求。只要有一处错误，整个工作簿都不会保存，所有错误按工作表、行、列列出。",
        "An import checks the whole workbook first: duplicate ids, references to nothing, constraints nothing can meet, and field constraints two items cannot share. With any error nothing is stored, and every error is listed by sheet, row and column.",
    ),
];

// --- Export ---

/// A cell to write.
enum Cell {
    Text(String),
    Number(f64),
    Flag(bool),
    Empty,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn list(entries: &[String]) -> Cell {
    Cell::Text(entries.join(&LIST_SEPARATOR.to_string()))
}

fn whole(n: Option<u32>) -> Cell {
    n.map_or(Cell::Empty, |n| Cell::Number(f64::from(n)))
}

fn number(n: Option<f64>) -> Cell {
    n.map_or(Cell::Empty, Cell::Number)
}

/// The serde name of an enum value ("long_text"), which is what the sheet holds.
fn serde_name(value: &impl Serialize) -> Cell {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Cell::Text(s),
        _ => Cell::Empty,
    }
}

/// The rows of one sheet, each row's cells in the order of the sheet's columns.
struct Rows {
    sheet: &'static Sheet,
    rows: Vec<Vec<Cell>>,
}

impl Rows {
    fn new(sheet: &'static Sheet) -> Rows {
        Rows {
            sheet,
            rows: Vec::new(),
        }
    }

    /// Adds a row; `cells` are in the sheet's column order (checked by the round-trip tests).
    fn push(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(cells.len(), self.sheet.columns.len(), "{}", self.sheet.name);
        self.rows.push(cells);
    }
}

/// The catalog as an .xlsx workbook. Pinyin is left out: the server generates it at load.
pub fn export(catalog: &Catalog) -> Result<Vec<u8>, ExportError> {
    unsplittable_lists(catalog)?;
    let mut sheets = SHEETS.map(Rows::new);
    let [departments, life_events, sections, fields, field_options, materials, items, item_fields, item_materials, rules, packages, questions] =
        &mut sheets;
    for d in &catalog.departments {
        departments.push(vec![
            text(&d.id),
            text(&d.name.zh),
            text(&d.name.en),
            serde_name(&d.kind),
        ]);
    }
    for e in &catalog.life_events {
        life_events.push(vec![text(&e.id), text(&e.name.zh), text(&e.name.en)]);
    }
    for s in &catalog.sections {
        sections.push(vec![text(&s.id), text(&s.title.zh), text(&s.title.en)]);
    }
    for f in &catalog.fields {
        let hint = f.hint.clone().unwrap_or_default();
        fields.push(vec![
            text(&f.key),
            text(&f.label.zh),
            text(&f.label.en),
            text(&f.section),
            serde_name(&f.kind),
            text(&hint.zh),
            text(&hint.en),
            f.derived.as_ref().map_or(Cell::Empty, serde_name),
            Cell::Flag(f.sensitive),
            Cell::Flag(f.dates.not_after_today),
            Cell::Flag(f.dates.not_before_today),
            text(f.dates.not_before.as_deref().unwrap_or("")),
        ]);
        for c in &f.options {
            field_options.push(vec![
                text(&f.key),
                text(&c.value),
                text(&c.label.zh),
                text(&c.label.en),
            ]);
        }
    }
    for m in &catalog.materials {
        materials.push(vec![
            text(&m.key),
            text(&m.name.zh),
            text(&m.name.en),
            Cell::Flag(m.e_certificate),
        ]);
    }
    for i in &catalog.items {
        items.push(vec![
            text(&i.id),
            text(&i.name.zh),
            text(&i.name.en),
            text(&i.department),
            list(&i.life_events),
            list(&i.synonyms),
            whole(Some(i.committed_days)),
            whole(i.statutory_days),
            list(&i.produces),
        ]);
        for u in &i.fields {
            let (on, equals) = u
                .show_if
                .as_ref()
                .map_or(("", ""), |c| (c.field.as_str(), c.equals.as_str()));
            item_fields.push(vec![
                text(&i.id),
                text(&u.key),
                Cell::Flag(u.required),
                whole(u.min_len),
                whole(u.max_len),
                number(u.min),
                number(u.max),
                u.options.as_deref().map_or(Cell::Empty, list),
                text(on),
                text(equals),
            ]);
        }
        for m in &i.materials {
            item_materials.push(vec![text(&i.id), text(&m.key), Cell::Flag(m.required)]);
        }
        for p in &i.requires {
            rules.push(vec![
                text(&i.id),
                text(REQUIRES),
                text(&p.material),
                text(&p.item),
                text(&p.reason.zh),
                text(&p.reason.en),
            ]);
        }
        for x in &i.excludes {
            rules.push(vec![
                text(&i.id),
                text(EXCLUDES),
                Cell::Empty,
                text(&x.item),
                text(&x.reason.zh),
                text(&x.reason.en),
            ]);
        }
    }
    for p in &catalog.packages {
        packages.push(vec![
            text(&p.id),
            text(&p.name.zh),
            text(&p.name.en),
            text(&p.life_event),
            list(&p.items),
        ]);
    }
    for q in &catalog.questions {
        questions.push(vec![
            text(&q.id),
            text(&q.text.zh),
            text(&q.text.en),
            list(&q.asked_for),
            list(&q.adds),
            text(&q.reason.zh),
            text(&q.reason.en),
        ]);
    }
    write(&catalog.version, &sheets)
}

/// A list entry holding the separator would come back as two entries.
fn unsplittable_lists(catalog: &Catalog) -> Result<(), ExportError> {
    let fail = |sheet: &Sheet, row: usize, key: &str, entry: &str| {
        ExportError {
        sheet: sheet.name.to_string(),
        row: row as u32 + 2,
        column: column_name(sheet, key),
        problem: Text::new(
            format!("“{entry}”含有列表分隔符“{LIST_SEPARATOR}”，导入时会被拆成几项。请改掉这个字符后再导出。"),
            format!("“{entry}” contains the list separator “{LIST_SEPARATOR}” and would come back as several entries. Change that character, then export again."),
        ),
    }
    };
    let split = |entries: &[String]| entries.iter().find(|e| e.contains(LIST_SEPARATOR)).cloned();
    let mut item_field_row = 0;
    for (n, i) in catalog.items.iter().enumerate() {
        for (key, entries) in [
            ("life_events", &i.life_events),
            ("synonyms", &i.synonyms),
            ("produces", &i.produces),
        ] {
            if let Some(entry) = split(entries) {
                return Err(fail(&ITEMS, n, key, &entry));
            }
        }
        for u in &i.fields {
            if let Some(entry) = u.options.as_deref().and_then(split) {
                return Err(fail(&ITEM_FIELDS, item_field_row, "options", &entry));
            }
            item_field_row += 1;
        }
    }
    for (n, p) in catalog.packages.iter().enumerate() {
        if let Some(entry) = split(&p.items) {
            return Err(fail(&PACKAGES, n, "items", &entry));
        }
    }
    for (n, q) in catalog.questions.iter().enumerate() {
        for (key, entries) in [("asked_for", &q.asked_for), ("adds", &q.adds)] {
            if let Some(entry) = split(entries) {
                return Err(fail(&QUESTIONS, n, key, &entry));
            }
        }
    }
    Ok(())
}

fn write(version: &str, sheets: &[Rows]) -> Result<Vec<u8>, ExportError> {
    let writer_failed = |e: rust_xlsxwriter::XlsxError| ExportError {
        sheet: String::new(),
        row: 0,
        column: String::new(),
        problem: Text::new(
            format!("无法生成工作簿：{e}"),
            format!("The workbook could not be written: {e}"),
        ),
    };
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut book = Workbook::new();

    let readme = book
        .add_worksheet()
        .set_name(README)
        .map_err(writer_failed)?;
    readme
        .write_string_with_format(
            0,
            0,
            "一件事一次办 · 事项清单 / One-go services catalog",
            &bold,
        )
        .and_then(|s| s.write_string_with_format(1, 0, VERSION_HEADER, &bold))
        .and_then(|s| s.write_string(1, 1, version))
        .and_then(|s| s.set_column_width(0, 24))
        .and_then(|s| s.set_column_width(1, 24))
        .and_then(|s| s.set_column_width(2, 60))
        .and_then(|s| s.set_column_width(3, 60))
        .map_err(writer_failed)?;
    let mut row = 3;
    for (zh, en) in NOTES {
        readme
            .write_string_with_format(row, 2, *zh, &wrap)
            .and_then(|s| s.write_string_with_format(row, 3, *en, &wrap))
            .map_err(writer_failed)?;
        row += 1;
    }
    row += 1;
    for (n, title) in ["工作表 / sheet", "列 / column", "说明", "About"]
        .iter()
        .enumerate()
    {
        readme
            .write_string_with_format(row, n as u16, *title, &bold)
            .map_err(writer_failed)?;
    }
    row += 1;
    for sheet in SHEETS {
        readme
            .write_string_with_format(row, 0, sheet.name, &bold)
            .and_then(|s| s.write_string_with_format(row, 2, sheet.about_zh, &wrap))
            .and_then(|s| s.write_string_with_format(row, 3, sheet.about_en, &wrap))
            .map_err(writer_failed)?;
        row += 1;
        for c in sheet.columns {
            readme
                .write_string(row, 1, c.header())
                .and_then(|s| s.write_string_with_format(row, 2, c.about_zh, &wrap))
                .and_then(|s| s.write_string_with_format(row, 3, c.about_en, &wrap))
                .map_err(writer_failed)?;
            row += 1;
        }
    }

    for rows in sheets {
        let spec = rows.sheet;
        let sheet = book
            .add_worksheet()
            .set_name(spec.name)
            .map_err(writer_failed)?;
        for (n, c) in spec.columns.iter().enumerate() {
            let header = c.header();
            let width = (header.chars().count() as f64 * 1.6).max(14.0);
            sheet
                .write_string_with_format(0, n as u16, header, &bold)
                .and_then(|s| s.set_column_width(n as u16, width))
                .map_err(writer_failed)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(writer_failed)?;
        for (r, cells) in rows.rows.iter().enumerate() {
            let at = r as u32 + 1;
            for (n, cell) in cells.iter().enumerate() {
                let col = n as u16;
                let written = match cell {
                    Cell::Text(s) if s.is_empty() => continue,
                    Cell::Text(s) => {
                        if s.encode_utf16().count() > CELL_LIMIT {
                            let key = spec.columns[n].key;
                            return Err(ExportError {
                                sheet: spec.name.to_string(),
                                row: at + 1,
                                column: column_name(spec, key),
                                problem: Text::new(
                                    format!("这个单元格超过 Excel 允许的 {CELL_LIMIT} 个字符，无法导出为工作簿。请缩短它，或改用 JSON 导出。"),
                                    format!("This cell is longer than the {CELL_LIMIT} characters Excel allows, so it cannot go in a workbook. Shorten it, or export as JSON."),
                                ),
                            });
                        }
                        sheet.write_string(at, col, s)
                    }
                    Cell::Number(x) => sheet.write_number(at, col, *x),
                    Cell::Flag(b) => sheet.write_boolean(at, col, *b),
                    Cell::Empty => continue,
                };
                written.map_err(writer_failed)?;
            }
        }
    }
    book.save_to_buffer().map_err(writer_failed)
}

/// "D 办理部门 / department": the column's letter in the layout as exported, and its header.
fn column_name(sheet: &Sheet, key: &str) -> String {
    match sheet.columns.iter().position(|c| c.key == key) {
        Some(n) => format!("{} {}", letter(n as u32), header_of(sheet, key)),
        None => key.to_string(),
    }
}

/// Excel's column letters: 0 → A, 25 → Z, 26 → AA.
fn letter(mut n: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// The catalog as JSON, in the seed catalog's format. Pinyin is emptied as in a workbook.
pub fn export_json(catalog: &Catalog) -> String {
    let mut catalog = catalog.clone();
    clear_pinyin(&mut catalog);
    serde_json::to_string_pretty(&catalog).unwrap_or_default()
}

fn clear_pinyin(catalog: &mut Catalog) {
    for item in &mut catalog.items {
        item.pinyin.clear();
        item.pinyin_full.clear();
    }
}

// --- Import ---

/// One sheet as read: where its header is and where each known column was found.
struct Table {
    sheet: &'static Sheet,
    range: Range<Data>,
    /// The header row (0-based, absolute).
    header: u32,
    /// Column (0-based, absolute) of each key found in the header.
    columns: HashMap<&'static str, u32>,
}

impl Table {
    fn read(sheet: &'static Sheet, range: Range<Data>) -> Table {
        let (header, first_column) = range.start().unwrap_or((0, 0));
        let last_column = range.end().map_or(first_column, |(_, c)| c);
        let mut columns = HashMap::new();
        for col in first_column..=last_column {
            let title = range
                .get_value((header, col))
                .map(|d| d.to_string())
                .unwrap_or_default();
            // The key is what follows the last "/": the Chinese part may be retitled.
            let key = title.rsplit('/').next().unwrap_or("").trim().to_string();
            if let Some(c) = sheet.columns.iter().find(|c| c.key == key) {
                columns.entry(c.key).or_insert(col);
            }
        }
        Table {
            sheet,
            range,
            header,
            columns,
        }
    }

    /// The data rows, skipping rows with nothing in the known columns.
    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        let last = self.range.end().map_or(self.header, |(r, _)| r);
        (self.header + 1..=last)
            .map(move |row| Row { table: self, row })
            .filter(|r| r.table.columns.keys().any(|k| !r.text(k).trim().is_empty()))
    }

    fn column_name(&self, key: &str) -> String {
        let header = header_of(self.sheet, key);
        match self.columns.get(key) {
            Some(&col) => format!("{} {header}", letter(col)),
            None => header,
        }
    }
}

struct Row<'t> {
    table: &'t Table,
    /// 0-based, absolute.
    row: u32,
}

impl Row<'_> {
    /// The row as Excel numbers it.
    fn number(&self) -> u32 {
        self.row + 1
    }

    /// Whether the sheet has the column at all (a missing one is reported once, not per row).
    fn present(&self, key: &str) -> bool {
        self.table.columns.contains_key(key)
    }

    fn cell(&self, key: &str) -> &Data {
        self.table
            .columns
            .get(key)
            .and_then(|&col| self.table.range.get_value((self.row, col)))
            .unwrap_or(&Data::Empty)
    }

    /// The cell as text, exactly; a number typed into a text column reads as written ("1001").
    fn text(&self, key: &str) -> String {
        self.cell(key).to_string()
    }

    /// An id or key: surrounding spaces are not part of it.
    fn id(&self, key: &str) -> String {
        self.text(key).trim().to_string()
    }

    fn list(&self, key: &str) -> Vec<String> {
        self.text(key)
            .split(LIST_SEPARATOR)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn pair(&self, zh: &str, en: &str) -> Text {
        Text::new(self.text(zh), self.text(en))
    }
}

/// Reading a workbook: the errors so far, and what later steps need to know about them.
struct Reading {
    errors: Vec<ImportError>,
    /// Cells already reported: a problem the catalog check finds there follows from the
    /// reported one (an unreadable number reads as 0, which the check would call impossible).
    reported: HashSet<(&'static str, u32, &'static str)>,
    /// Columns that are missing: what the check finds in them follows from their absence.
    missing: HashSet<(&'static str, &'static str)>,
    /// Fields whose kind could not be read: what the check finds about them (options on a
    /// field that is not a select, say) follows from that.
    unreadable_kinds: HashSet<String>,
    /// False when a sheet or a column that ties rows together is missing: the rows read do not
    /// make up the catalog, so checking it would report what is not wrong.
    complete: bool,
}

impl Reading {
    /// Whether a problem the catalog check found follows from an error already reported.
    fn explains(&self, sheet: &Sheet, row: u32, place: &Place) -> bool {
        let key = place.column();
        let field = match place {
            Place::Field { key, .. } => Some(key),
            Place::FieldOption { field, .. } | Place::ItemField { field, .. } => Some(field),
            _ => None,
        };
        self.reported.contains(&(sheet.name, row, key))
            || self.missing.contains(&(sheet.name, key))
            || field.is_some_and(|f| self.unreadable_kinds.contains(f))
    }
}

impl Reading {
    fn error(&mut self, row: &Row, key: &'static str, zh: String, en: String) {
        let sheet = row.table.sheet.name;
        self.reported.insert((sheet, row.number(), key));
        self.errors.push(ImportError {
            sheet: sheet.to_string(),
            row: row.number(),
            column: row.table.column_name(key),
            problem: Text::new(zh, en),
        });
    }

    /// A whole number of at least 0: days, lengths.
    fn whole(&mut self, row: &Row, key: &'static str) -> Option<u32> {
        let value = match row.cell(key) {
            Data::Empty => return None,
            Data::Int(n) => u32::try_from(*n).ok(),
            Data::Float(x) if x.fract() == 0.0 && *x >= 0.0 && *x <= f64::from(u32::MAX) => {
                Some(*x as u32)
            }
            Data::String(s) if s.trim().is_empty() => return None,
            Data::String(s) => s.trim().parse::<u32>().ok(),
            _ => None,
        };
        if value.is_none() {
            let cell = row.text(key);
            self.error(
                row,
                key,
                format!("“{cell}”不是整数。这一列要填不小于 0 的整数，如 7。"),
                format!("“{cell}” is not a whole number. This column takes a whole number of 0 or more, such as 7."),
            );
        }
        value
    }

    /// A whole number that must be there (the committed days); `None` (reported) otherwise.
    fn required_whole(&mut self, row: &Row, key: &'static str) -> Option<u32> {
        if !row.present(key) {
            return None;
        }
        if row.text(key).trim().is_empty() {
            self.error(
                row,
                key,
                "这一格不能为空。请填写整数，如 7。".into(),
                "This cell cannot be empty. Give a whole number, such as 7.".into(),
            );
            return None;
        }
        self.whole(row, key)
    }

    fn number(&mut self, row: &Row, key: &'static str) -> Option<f64> {
        let value = match row.cell(key) {
            Data::Empty => return None,
            Data::Int(n) => Some(*n as f64),
            Data::Float(x) => Some(*x),
            Data::String(s) if s.trim().is_empty() => return None,
            Data::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|x| x.is_finite());
        if value.is_none() {
            let cell = row.text(key);
            self.error(
                row,
                key,
                format!("“{cell}”不是数字。这一列要填数字，如 0.5 或 100；不限的留空。"),
                format!("“{cell}” is not a number. This column takes a number, such as 0.5 or 100; leave it empty for no limit."),
            );
        }
        value
    }

    fn flag(&mut self, row: &Row, key: &'static str, empty: bool) -> bool {
        let value = match row.cell(key) {
            Data::Empty => return empty,
            Data::Bool(b) => Some(*b),
            Data::Int(n) if *n == 0 || *n == 1 => Some(*n == 1),
            Data::Float(x) if *x == 0.0 || *x == 1.0 => Some(*x == 1.0),
            Data::String(s) => match s.trim().to_lowercase().as_str() {
                "" => return empty,
                "true" | "是" | "yes" | "1" => Some(true),
                "false" | "否" | "no" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        };
        value.unwrap_or_else(|| {
            let cell = row.text(key);
            self.error(
                row,
                key,
                format!("“{cell}”不是“是”或“否”。请填 TRUE 或 FALSE（也可以填 是、否）。"),
                format!("“{cell}” is neither yes nor no. Use TRUE or FALSE (是 and 否 also work)."),
            );
            empty
        })
    }

    /// One of an enum's serde names; `None` (reported) when it is none of `allowed`.
    fn choice<T: DeserializeOwned>(
        &mut self,
        row: &Row,
        key: &'static str,
        allowed: &[&str],
    ) -> Option<T> {
        if !row.present(key) {
            return None;
        }
        let value = row.id(key);
        if value.is_empty() {
            let (zh, en) = (allowed.join("、"), allowed.join(", "));
            self.error(
                row,
                key,
                format!("这一列不能为空。请填以下之一：{zh}。"),
                format!("This column cannot be empty. Use one of: {en}."),
            );
            return None;
        }
        let parsed = allowed
            .contains(&value.as_str())
            .then(|| serde_json::from_value(serde_json::Value::String(value.clone())).ok())
            .flatten();
        if parsed.is_none() {
            let (zh, en) = (allowed.join("、"), allowed.join(", "));
            self.error(
                row,
                key,
                format!("“{value}”不是可用的取值。请填以下之一：{zh}。"),
                format!("“{value}” is not one of the values this column takes. Use one of: {en}."),
            );
        }
        parsed
    }

    /// A row of a child sheet names an entity of a parent sheet that has no such id.
    fn unknown_parent(&mut self, row: &Row, key: &'static str, parent: &Sheet, id: &str) {
        let (zh, en) = if id.is_empty() {
            (
                format!(
                    "这一行没有填写所属的编号，无法归入“{}”中的任何一行。请填写。",
                    parent.name
                ),
                format!(
                    "This row names no id, so it belongs to no row of “{}”. Fill it in.",
                    parent.name
                ),
            )
        } else {
            (
                format!("“{id}”不在工作表“{}”中，这一行无处归属。请先在那里添加它，或改为已有的编号。", parent.name),
                format!("“{id}” is not in the sheet “{}”, so this row belongs nowhere. Add it there first, or use an existing id.", parent.name),
            )
        };
        self.error(row, key, zh, en);
    }
}

/// For each entity of the catalog read, the row it came from: problems found by the catalog
/// check are placed by position, and this maps positions back to rows.
#[derive(Default)]
struct RowsRead {
    version: u32,
    departments: Vec<u32>,
    life_events: Vec<u32>,
    sections: Vec<u32>,
    fields: Vec<u32>,
    field_options: Vec<Vec<u32>>,
    materials: Vec<u32>,
    items: Vec<u32>,
    item_fields: Vec<Vec<u32>>,
    item_materials: Vec<Vec<u32>>,
    prerequisites: Vec<Vec<u32>>,
    exclusions: Vec<Vec<u32>>,
    packages: Vec<u32>,
    questions: Vec<u32>,
}

/// Reads a workbook written by [`export`] (or kept by staff in the same layout) and checks it
/// completely: every error at once, or the catalog.
pub fn import(bytes: &[u8]) -> Result<Catalog, Vec<ImportError>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        vec![ImportError {
            sheet: String::new(),
            row: 0,
            column: String::new(),
            problem: Text::new(
                format!("这不是可以读取的 .xlsx 工作簿（{e}）。请用 Excel 或 WPS 另存为 .xlsx 后再导入。"),
                format!("This is not a readable .xlsx workbook ({e}). Save it as .xlsx from Excel or WPS, then import it again."),
            ),
        }]
    })?;
    let mut reading = Reading {
        errors: Vec::new(),
        reported: HashSet::new(),
        missing: HashSet::new(),
        unreadable_kinds: HashSet::new(),
        complete: true,
    };
    let names = book.sheet_names();
    let mut open = |name: &str, reading: &mut Reading| -> Option<Range<Data>> {
        if !names.iter().any(|n| n == name) {
            reading.complete = false;
            reading.errors.push(ImportError {
                sheet: name.to_string(),
                row: 0,
                column: String::new(),
                problem: Text::new(
                    format!("工作簿中没有工作表“{name}”。请按导出的模板补上它（没有内容也要保留表头）。"),
                    format!("The workbook has no sheet “{name}”. Add it as in the exported template (keep its header row even when it is empty)."),
                ),
            });
            return None;
        }
        match book.worksheet_range(name) {
            Ok(range) => Some(range),
            Err(e) => {
                reading.complete = false;
                reading.errors.push(ImportError {
                    sheet: name.to_string(),
                    row: 0,
                    column: String::new(),
                    problem: Text::new(
                        format!("无法读取工作表“{name}”（{e}）。"),
                        format!("The sheet “{name}” cannot be read ({e})."),
                    ),
                });
                None
            }
        }
    };
    let readme = open(README, &mut reading);
    let mut tables: HashMap<&'static str, Table> = HashMap::new();
    for sheet in SHEETS {
        let Some(range) = open(sheet.name, &mut reading) else {
            continue;
        };
        let table = Table::read(sheet, range);
        for c in sheet.columns {
            if table.columns.contains_key(c.key) {
                continue;
            }
            reading.missing.insert((sheet.name, c.key));
            let key_column = sheet.keys.contains(&c.key);
            if key_column {
                reading.complete = false;
            }
            let header = c.header();
            let (more_zh, more_en) = if key_column {
                (
                    "其他各表要靠这一列对应，补上后才能检查其余内容。",
                    " Other sheets are matched by it: the rest is checked once it is there.",
                )
            } else {
                ("", "")
            };
            reading.errors.push(ImportError {
                sheet: sheet.name.to_string(),
                row: table.header + 1,
                column: header.clone(),
                problem: Text::new(
                    format!("缺少列“{header}”。请在表头行补上这一列（表头写作“{header}”）。{more_zh}"),
                    format!("The column “{header}” is missing. Add it to the header row, titled “{header}”.{more_en}"),
                ),
            });
        }
        tables.insert(sheet.name, table);
    }

    let mut rows = RowsRead::default();
    let mut catalog = Catalog::default();
    if let Some(range) = &readme {
        catalog.version = read_version(range, &mut rows, &mut reading);
    }
    read_catalog(&tables, &mut catalog, &mut rows, &mut reading);
    let catalog = catalog.indexed();

    if reading.complete {
        for p in catalog_check::problems(&catalog) {
            let (sheet, row) = locate(&p.place, &rows);
            if reading.explains(sheet, row, &p.place) {
                continue;
            }
            let key = p.place.column();
            let column = match tables.get(sheet.name) {
                Some(table) => table.column_name(key),
                None => format!("B {VERSION_HEADER}"),
            };
            reading.errors.push(ImportError {
                sheet: sheet.name.to_string(),
                row,
                column,
                problem: p.problem,
            });
        }
    }
    if reading.errors.is_empty() {
        return Ok(catalog);
    }
    // In the workbook's order, sheet by sheet and row by row, as staff will go through them.
    let order = |sheet: &str| {
        SHEETS
            .iter()
            .position(|s| s.name == sheet)
            .map_or(0, |n| n + 1)
    };
    reading.errors.sort_by_key(|e| (order(&e.sheet), e.row));
    Err(reading.errors)
}

/// The README's version: the cell right of the one headed "… / version".
fn read_version(range: &Range<Data>, rows: &mut RowsRead, reading: &mut Reading) -> String {
    let (first, _) = range.start().unwrap_or((0, 0));
    let (last, _) = range.end().unwrap_or((0, 0));
    for row in first..=last {
        let title = range
            .get_value((row, 0))
            .map(|d| d.to_string())
            .unwrap_or_default();
        if title.rsplit('/').next().map(str::trim) == Some(VERSION_KEY) {
            rows.version = row + 1;
            return range
                .get_value((row, 1))
                .map(|d| d.to_string().trim().to_string())
                .unwrap_or_default();
        }
    }
    reading.complete = false;
    reading.errors.push(ImportError {
        sheet: README.to_string(),
        row: 0,
        column: VERSION_HEADER.to_string(),
        problem: Text::new(
            format!("工作表“{README}”中找不到“{VERSION_HEADER}”一行。请在 A 列写“{VERSION_HEADER}”，在 B 列写版本号。"),
            format!("The sheet “{README}” has no row “{VERSION_HEADER}”. Write “{VERSION_HEADER}” in column A and the version in column B."),
        ),
    });
    String::new()
}

fn read_catalog(
    tables: &HashMap<&'static str, Table>,
    c: &mut Catalog,
    rows: &mut RowsRead,
    reading: &mut Reading,
) {
    let sheet = |s: &Sheet| tables.get(s.name);
    if let Some(t) = sheet(&DEPARTMENTS) {
        for r in t.rows() {
            let kind = reading.choice(&r, "kind", ORG_KINDS);
            c.departments.push(Department {
                id: r.id("id"),
                name: r.pair("name_zh", "name_en"),
                kind: kind.unwrap_or(OrgKind::Department),
            });
            rows.departments.push(r.number());
        }
    }
    if let Some(t) = sheet(&LIFE_EVENTS) {
        for r in t.rows() {
            c.life_events.push(LifeEvent {
                id: r.id("id"),
                name: r.pair("name_zh", "name_en"),
            });
            rows.life_events.push(r.number());
        }
    }
    if let Some(t) = sheet(&SECTIONS) {
        for r in t.rows() {
            c.sections.push(Section {
                id: r.id("id"),
                title: r.pair("title_zh", "title_en"),
            });
            rows.sections.push(r.number());
        }
    }
    if let Some(t) = sheet(&FIELDS) {
        for r in t.rows() {
            let hint = r.pair("hint_zh", "hint_en");
            let not_before = r.id("not_before");
            let kind = reading.choice(&r, "kind", FIELD_KINDS);
            if kind.is_none() {
                reading.unreadable_kinds.insert(r.id("key"));
            }
            let derived = if r.id("derived").is_empty() {
                None
            } else {
                reading.choice::<Derivation>(&r, "derived", DERIVATIONS)
            };
            c.fields.push(FieldDef {
                key: r.id("key"),
                label: r.pair("label_zh", "label_en"),
                section: r.id("section"),
                kind: kind.unwrap_or(FieldKind::Text),
                hint: (!(hint.zh.is_empty() && hint.en.is_empty())).then_some(hint),
                options: Vec::new(),
                derived,
                sensitive: reading.flag(&r, "sensitive", false),
                dates: DateRule {
                    not_after_today: reading.flag(&r, "not_after_today", false),
                    not_before_today: reading.flag(&r, "not_before_today", false),
                    not_before: (!not_before.is_empty()).then_some(not_before),
                },
            });
            rows.fields.push(r.number());
            rows.field_options.push(Vec::new());
        }
    }
    if let (Some(t), Some(_)) = (sheet(&FIELD_OPTIONS), sheet(&FIELDS)) {
        let fields = first_positions(c.fields.iter().map(|f| f.key.as_str()));
        for r in t.rows() {
            let key = r.id("field");
            let Some(&f) = fields.get(key.as_str()) else {
                reading.unknown_parent(&r, "field", &FIELDS, &key);
                continue;
            };
            c.fields[f].options.push(Choice {
                value: r.id("value"),
                label: r.pair("label_zh", "label_en"),
            });
            rows.field_options[f].push(r.number());
        }
    }
    if let Some(t) = sheet(&MATERIALS) {
        for r in t.rows() {
            c.materials.push(MaterialDef {
                key: r.id("key"),
                name: r.pair("name_zh", "name_en"),
                e_certificate: reading.flag(&r, "e_certificate", false),
            });
            rows.materials.push(r.number());
        }
    }
    if let Some(t) = sheet(&ITEMS) {
        for r in t.rows() {
            // An unreadable or empty cell is reported here; 0 stands in for it, and the check's
            // "0 days" problem in the same cell is then left out.
            let committed_days = reading.required_whole(&r, "committed_days").unwrap_or(0);
            c.items.push(Item {
                id: r.id("id"),
                name: r.pair("name_zh", "name_en"),
                department: r.id("department"),
                life_events: r.list("life_events"),
                pinyin: String::new(),
                pinyin_full: String::new(),
                synonyms: r.list("synonyms"),
                committed_days,
                statutory_days: reading.whole(&r, "statutory_days"),
                fields: Vec::new(),
                materials: Vec::new(),
                produces: r.list("produces"),
                requires: Vec::new(),
                excludes: Vec::new(),
            });
            rows.items.push(r.number());
        }
        let n = c.items.len();
        rows.item_fields = vec![Vec::new(); n];
        rows.item_materials = vec![Vec::new(); n];
        rows.prerequisites = vec![Vec::new(); n];
        rows.exclusions = vec![Vec::new(); n];
    }
    if sheet(&ITEMS).is_some() {
        read_item_parts(tables, c, rows, reading);
    }
    if let Some(t) = sheet(&PACKAGES) {
        for r in t.rows() {
            c.packages.push(Package {
                id: r.id("id"),
                name: r.pair("name_zh", "name_en"),
                life_event: r.id("life_event"),
                items: r.list("items"),
            });
            rows.packages.push(r.number());
        }
    }
    if let Some(t) = sheet(&QUESTIONS) {
        for r in t.rows() {
            c.questions.push(Question {
                id: r.id("id"),
                text: r.pair("text_zh", "text_en"),
                asked_for: r.list("asked_for"),
                adds: r.list("adds"),
                reason: r.pair("reason_zh", "reason_en"),
            });
            rows.questions.push(r.number());
        }
    }
}

/// The sheets of items' parts: field uses, material uses, prerequisites and exclusions. A row
/// belongs to the first item with its id (a duplicate id is reported by the check).
fn read_item_parts(
    tables: &HashMap<&'static str, Table>,
    c: &mut Catalog,
    rows: &mut RowsRead,
    reading: &mut Reading,
) {
    let sheet = |s: &Sheet| tables.get(s.name);
    let items = first_positions(c.items.iter().map(|i| i.id.as_str()));
    if let Some(t) = sheet(&ITEM_FIELDS) {
        for r in t.rows() {
            let id = r.id("item");
            let Some(&i) = items.get(id.as_str()) else {
                reading.unknown_parent(&r, "item", &ITEMS, &id);
                continue;
            };
            let options = r.list("options");
            let (on, equals) = (r.id("show_if_field"), r.text("show_if_equals"));
            let show_if = match (on.is_empty(), equals.trim().is_empty()) {
                (true, true) => None,
                (false, false) => Some(ShowIf {
                    field: on,
                    equals: equals.trim().to_string(),
                }),
                (empty_field, _) => {
                    let (key, other): (&'static str, &'static str) = if empty_field {
                        ("show_if_field", "show_if_equals")
                    } else {
                        ("show_if_equals", "show_if_field")
                    };
                    reading.error(
                        &r,
                        key,
                        format!("显示条件只填了一半。请同时填写“{}”和“{}”，或两列都留空。", header_of(&ITEM_FIELDS, key), header_of(&ITEM_FIELDS, other)),
                        format!("The show-if condition is half filled in. Fill in both “{}” and “{}”, or leave both empty.", header_of(&ITEM_FIELDS, key), header_of(&ITEM_FIELDS, other)),
                    );
                    None
                }
            };
            c.items[i].fields.push(FieldUse {
                key: r.id("field"),
                required: reading.flag(&r, "required", false),
                min_len: reading.whole(&r, "min_len"),
                max_len: reading.whole(&r, "max_len"),
                min: reading.number(&r, "min"),
                max: reading.number(&r, "max"),
                options: (!options.is_empty()).then_some(options),
                show_if,
            });
            rows.item_fields[i].push(r.number());
        }
    }
    if let Some(t) = sheet(&ITEM_MATERIALS) {
        for r in t.rows() {
            let id = r.id("item");
            let Some(&i) = items.get(id.as_str()) else {
                reading.unknown_parent(&r, "item", &ITEMS, &id);
                continue;
            };
            c.items[i].materials.push(MaterialUse {
                key: r.id("material"),
                required: reading.flag(&r, "required", true),
            });
            rows.item_materials[i].push(r.number());
        }
    }
    if let Some(t) = sheet(&RULES) {
        for r in t.rows() {
            let id = r.id("item");
            let Some(&i) = items.get(id.as_str()) else {
                reading.unknown_parent(&r, "item", &ITEMS, &id);
                continue;
            };
            let reason = r.pair("reason_zh", "reason_en");
            match r.id("rule").as_str() {
                REQUIRES => {
                    c.items[i].requires.push(Prerequisite {
                        material: r.id("material"),
                        item: r.id("other_item"),
                        reason,
                    });
                    rows.prerequisites[i].push(r.number());
                }
                EXCLUDES => {
                    let material = r.id("material");
                    if !material.is_empty() {
                        reading.error(
                            &r,
                            "material",
                            format!("互斥规则不需要材料，却填了“{material}”。请留空；需要材料的是前置条件（requires）。"),
                            format!("An exclusion takes no material, yet “{material}” is given. Leave it empty; prerequisites (requires) are the rules with a material."),
                        );
                    }
                    c.items[i].excludes.push(Exclusion {
                        item: r.id("other_item"),
                        reason,
                    });
                    rows.exclusions[i].push(r.number());
                }
                other if r.present("rule") => {
                    let (zh, en) = if other.is_empty() {
                        (
                            "这一列不能为空".to_string(),
                            "This column cannot be empty".to_string(),
                        )
                    } else {
                        (
                            format!("“{other}”不是可用的规则"),
                            format!("“{other}” is not a rule"),
                        )
                    };
                    reading.error(
                        &r,
                        "rule",
                        format!("{zh}。请填 {REQUIRES}（前置）或 {EXCLUDES}（互斥）。"),
                        format!(
                            "{en}. Use {REQUIRES} (a prerequisite) or {EXCLUDES} (an exclusion)."
                        ),
                    );
                }
                // The column is missing, which is reported once.
                _ => {}
            }
        }
    }
}

/// "显示条件字段 / show_if_field": a column's header in `sheet`.
fn header_of(sheet: &Sheet, key: &str) -> String {
    sheet
        .columns
        .iter()
        .find(|c| c.key == key)
        .map_or_else(|| key.to_string(), Column::header)
}

/// Position of the first entity with each id (owned: the entities are edited meanwhile).
fn first_positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut positions = HashMap::new();
    for (n, id) in ids.enumerate() {
        positions.entry(id.to_string()).or_insert(n);
    }
    positions
}

/// The sheet and row a problem's entity came from.
fn locate(place: &Place, rows: &RowsRead) -> (&'static Sheet, u32) {
    let at = |list: &[u32], n: usize| list.get(n).copied().unwrap_or(0);
    let nested = |list: &[Vec<u32>], i: usize, n: usize| {
        list.get(i).and_then(|l| l.get(n)).copied().unwrap_or(0)
    };
    match place {
        Place::Catalog { .. } => (&README_SHEET, rows.version),
        Place::Department { at: n, .. } => (&DEPARTMENTS, at(&rows.departments, *n)),
        Place::LifeEvent { at: n, .. } => (&LIFE_EVENTS, at(&rows.life_events, *n)),
        Place::Section { at: n, .. } => (&SECTIONS, at(&rows.sections, *n)),
        Place::Field { at: n, .. } => (&FIELDS, at(&rows.fields, *n)),
        Place::FieldOption {
            field_at, at: n, ..
        } => (&FIELD_OPTIONS, nested(&rows.field_options, *field_at, *n)),
        Place::Material { at: n, .. } => (&MATERIALS, at(&rows.materials, *n)),
        Place::Item { at: n, .. } => (&ITEMS, at(&rows.items, *n)),
        Place::ItemField { item_at, at: n, .. } => {
            (&ITEM_FIELDS, nested(&rows.item_fields, *item_at, *n))
        }
        Place::ItemMaterial { item_at, at: n, .. } => {
            (&ITEM_MATERIALS, nested(&rows.item_materials, *item_at, *n))
        }
        Place::Prerequisite { item_at, at: n, .. } => {
            (&RULES, nested(&rows.prerequisites, *item_at, *n))
        }
        Place::Exclusion { item_at, at: n, .. } => (&RULES, nested(&rows.exclusions, *item_at, *n)),
        Place::Package { at: n, .. } => (&PACKAGES, at(&rows.packages, *n)),
        Place::Question { at: n, .. } => (&QUESTIONS, at(&rows.questions, *n)),
    }
}

/// The README as a sheet, for placing a problem with the version.
const README_SHEET: Sheet = Sheet {
    name: README,
    about_zh: "",
    about_en: "",
    columns: &[column(VERSION_KEY, "目录版本", "", "")],
    keys: &[],
};

// --- JSON ---

/// Reads catalog JSON (the seed catalog's format) and checks it as [`import`] checks a workbook.
/// Errors are in the sheet "JSON": a syntax or format error by line and character column, a
/// catalog problem by the path of the entity and field at fault (row 0).
pub fn import_json(json: &str) -> Result<Catalog, Vec<ImportError>> {
    let mut catalog = Catalog::from_json(json).map_err(|e| {
        use serde_json::error::Category;
        let (zh, en) = match e.classify() {
            Category::Syntax => ("JSON 格式错误（如缺少逗号、引号或括号）", "The JSON is malformed (a missing comma, quote or bracket, say)"),
            Category::Eof => ("JSON 不完整，在结束前中断了", "The JSON stops before it is complete"),
            Category::Data => ("内容与目录格式不符（缺少必填项，或类型、取值不对）", "The content does not fit the catalog format (a required entry missing, or a wrong kind or value)"),
            Category::Io => ("无法读取", "It cannot be read"),
        };
        vec![ImportError {
            sheet: "JSON".into(),
            row: e.line() as u32,
            column: e.column().to_string(),
            problem: Text::new(
                format!("{zh}：第 {} 行第 {} 个字符处，{e}。", e.line(), e.column()),
                format!("{en}: at line {}, character {}: {e}.", e.line(), e.column()),
            ),
        }]
    })?;
    clear_pinyin(&mut catalog);
    let problems = catalog_check::problems(&catalog);
    if problems.is_empty() {
        return Ok(catalog);
    }
    Err(problems
        .into_iter()
        .map(|p| ImportError {
            sheet: "JSON".into(),
            row: 0,
            column: json_path(&p.place),
            problem: p.problem,
        })
        .collect())
}

/// The path in catalog JSON of a problem's place: "items[6].fields[2].min_len".
fn json_path(place: &Place) -> String {
    let column = place.column();
    // The check's column names are the workbook's; most are the JSON names too.
    let member = match column {
        "not_after_today" | "not_before_today" | "not_before" => format!("dates.{column}"),
        "show_if_field" => "show_if.field".into(),
        "show_if_equals" => "show_if.equals".into(),
        "other_item" => "item".into(),
        "field" | "material"
            if matches!(place, Place::ItemField { .. } | Place::ItemMaterial { .. }) =>
        {
            "key".into()
        }
        _ => match column.rsplit_once('_') {
            Some((base, language @ ("zh" | "en"))) => format!("{base}.{language}"),
            _ => column.to_string(),
        },
    };
    let entity = match place {
        Place::Catalog { .. } => return member,
        Place::Department { at, .. } => format!("departments[{at}]"),
        Place::LifeEvent { at, .. } => format!("life_events[{at}]"),
        Place::Section { at, .. } => format!("sections[{at}]"),
        Place::Field { at, .. } => format!("fields[{at}]"),
        Place::FieldOption { field_at, at, .. } => format!("fields[{field_at}].options[{at}]"),
        Place::Material { at, .. } => format!("materials[{at}]"),
        Place::Item { at, .. } => format!("items[{at}]"),
        Place::ItemField { item_at, at, .. } => format!("items[{item_at}].fields[{at}]"),
        Place::ItemMaterial { item_at, at, .. } => format!("items[{item_at}].materials[{at}]"),
        Place::Prerequisite { item_at, at, .. } => format!("items[{item_at}].requires[{at}]"),
        Place::Exclusion { item_at, at, .. } => format!("items[{item_at}].excludes[{at}]"),
        Place::Package { at, .. } => format!("packages[{at}]"),
        Place::Question { at, .. } => format!("questions[{at}]"),
    };
    format!("{entity}.{member}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_a_to_z_then_aa() {
        assert_eq!(
            [0, 1, 25, 26, 27, 51, 52, 701, 702].map(letter),
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn every_value_the_workbook_offers_for_a_kind_is_one_the_catalog_reads() {
        for v in ORG_KINDS {
            assert!(
                serde_json::from_value::<OrgKind>(serde_json::json!(v)).is_ok(),
                "{v}"
            );
        }
        for v in FIELD_KINDS {
            assert!(
                serde_json::from_value::<FieldKind>(serde_json::json!(v)).is_ok(),
                "{v}"
            );
        }
        for v in DERIVATIONS {
            assert!(
                serde_json::from_value::<Derivation>(serde_json::json!(v)).is_ok(),
                "{v}"
            );
        }
    }

    #[test]
    fn sheet_names_fit_excel_and_each_column_key_appears_once_per_sheet() {
        for sheet in SHEETS {
            assert!(sheet.name.chars().count() <= 31, "{}", sheet.name);
            let keys: HashSet<&str> = sheet.columns.iter().map(|c| c.key).collect();
            assert_eq!(keys.len(), sheet.columns.len(), "{}", sheet.name);
            assert!(
                sheet.keys.iter().all(|k| keys.contains(k)),
                "{}",
                sheet.name
            );
        }
    }

    #[test]
    fn json_paths_follow_the_catalog_format() {
        let item_field = Place::ItemField {
            item_at: 6,
            item: "basic_pension".into(),
            at: 2,
            field: "name".into(),
            column: "show_if_field",
        };
        assert_eq!(json_path(&item_field), "items[6].fields[2].show_if.field");
        let option = Place::FieldOption {
            field_at: 3,
            field: "sex".into(),
            at: 1,
            value: "female".into(),
            column: "label_en",
        };
        assert_eq!(json_path(&option), "fields[3].options[1].label.en");
        let rule = Place::Prerequisite {
            item_at: 2,
            item: "birth_registration".into(),
            at: 0,
            column: "other_item",
        };
        assert_eq!(json_path(&rule), "items[2].requires[0].item");
        let date = Place::Field {
            at: 53,
            key: "work_end_date".into(),
            column: "not_before",
        };
        assert_eq!(json_path(&date), "fields[53].dates.not_before");
        assert_eq!(json_path(&Place::Catalog { column: "version" }), "version");
    }
}
