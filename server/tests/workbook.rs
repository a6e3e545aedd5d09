//! The catalog as a workbook and as JSON: what is exported comes back equal, and a workbook
//! with errors is refused whole, every error placed by sheet, row and column in both languages.
//!
//! Broken workbooks are made as staff would make them: export the seed, change cells, save.

#[path = "../../app/benches/synthetic.rs"]
mod synthetic;

use std::io::Cursor;
use std::time::Instant;

use app::engine::{Catalog, Text};
use calamine::{Data, Reader, Xlsx};
use server::workbook::{export, export_json, import, import_json, ImportError};

fn seed() -> Catalog {
    Catalog::from_json(include_str!("../../catalog/catalog.json")).expect("the seed parses")
}

/// A workbook's cells, sheet by sheet, to edit as a person would in Excel.
struct Book {
    sheets: Vec<(String, Vec<Vec<Data>>)>,
}

impl Book {
    fn read(bytes: &[u8]) -> Book {
        let mut xlsx: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let sheets = xlsx
            .sheet_names()
            .into_iter()
            .map(|name| {
                let range = xlsx.worksheet_range(&name).unwrap();
                let (rows, columns) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
                let grid = (0..rows)
                    .map(|r| {
                        (0..columns)
                            .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                            .collect()
                    })
                    .collect();
                (name, grid)
            })
            .collect();
        Book { sheets }
    }

    fn sheet(&mut self, name: &str) -> &mut Vec<Vec<Data>> {
        &mut self
            .sheets
            .iter_mut()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("a sheet {name}"))
            .1
    }

    /// Index of the column whose header ends in "/ key".
    fn column(&mut self, sheet: &str, key: &str) -> usize {
        self.sheet(sheet)[0]
            .iter()
            .position(|h| h.to_string().ends_with(&format!("/ {key}")))
            .unwrap_or_else(|| panic!("a column {key} in {sheet}"))
    }

    /// The row (as Excel numbers it) of the first row where every `key` has its value.
    fn row(&mut self, sheet: &str, wanted: &[(&str, &str)]) -> u32 {
        let columns: Vec<(usize, &str)> = wanted
            .iter()
            .map(|(key, value)| (self.column(sheet, key), *value))
            .collect();
        let index = self
            .sheet(sheet)
            .iter()
            .position(|row| {
                columns
                    .iter()
                    .all(|(c, v)| matches!(&row[*c], Data::String(s) if s == v))
            })
            .unwrap_or_else(|| panic!("a row {wanted:?} in {sheet}"));
        index as u32 + 1
    }

    /// Sets a cell of the row Excel numbers `row`.
    fn set(&mut self, sheet: &str, row: u32, key: &str, value: Data) {
        let c = self.column(sheet, key);
        self.sheet(sheet)[row as usize - 1][c] = value;
    }

    /// Copies the row Excel numbers `row` to the end of the sheet; returns the new row's number.
    fn copy_to_end(&mut self, sheet: &str, row: u32) -> u32 {
        let rows = self.sheet(sheet);
        let copy = rows[row as usize - 1].clone();
        rows.push(copy);
        rows.len() as u32
    }

    fn remove_column(&mut self, sheet: &str, key: &str) {
        let c = self.column(sheet, key);
        for row in self.sheet(sheet) {
            row.remove(c);
        }
    }

    /// Moves a column to the front and gives it a new Chinese title, keeping its key.
    fn move_to_front_and_retitle(&mut self, sheet: &str, key: &str, title: &str) {
        let c = self.column(sheet, key);
        for (n, row) in self.sheet(sheet).iter_mut().enumerate() {
            let cell = row.remove(c);
            let cell = if n == 0 {
                text(&format!("{title} / {key}"))
            } else {
                cell
            };
            row.insert(0, cell);
        }
    }

    fn remove_sheet(&mut self, name: &str) {
        self.sheets.retain(|(n, _)| n != name);
    }

    fn bytes(&self) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, rows) in &self.sheets {
            let sheet = book.add_worksheet().set_name(name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match cell {
                        Data::String(s) => sheet.write_string(r, c, s).map(|_| ()),
                        Data::Float(x) => sheet.write_number(r, c, *x).map(|_| ()),
                        Data::Int(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                        Data::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                        Data::Empty => Ok(()),
                        other => panic!("no such cell in an exported workbook: {other:?}"),
                    }
                    .unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }
}

fn text(s: &str) -> Data {
    Data::String(s.to_string())
}

/// Where each error is: (sheet, row, column).
fn places(errors: &[ImportError]) -> Vec<(&str, u32, &str)> {
    errors
        .iter()
        .map(|e| (e.sheet.as_str(), e.row, e.column.as_str()))
        .collect()
}

/// Fails unless every error is told in Chinese and in English (English may quote a Chinese
/// header or cell, so it is told by its English words).
fn all_bilingual(errors: &[ImportError]) {
    let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for e in errors {
        let Text { zh, en } = &e.problem;
        let english_words = en
            .split_whitespace()
            .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .count();
        assert!(chinese(zh) && english_words >= 4, "{e:?}");
    }
}

// --- Round trips ---

#[test]
fn the_seed_catalog_comes_back_equal_from_a_workbook() {
    let c = seed();
    let bytes = export(&c).expect("the seed exports");
    assert_eq!(import(&bytes), Ok(c));
}

#[test]
fn the_city_scale_catalog_comes_back_equal_from_a_workbook() {
    let c = synthetic::catalog(42).indexed();
    assert_eq!(c.items.len(), 3_900);
    let started = Instant::now();
    let bytes = export(&c).expect("the synthetic catalog exports");
    let exported = started.elapsed();
    let back = import(&bytes);
    let imported = started.elapsed() - exported;
    eprintln!(
        "3,900 items: export {exported:?} ({} KiB), import with the check {imported:?}",
        bytes.len() / 1024
    );
    assert!(back == Ok(c), "the catalog came back different");
}

#[test]
fn the_seed_catalog_comes_back_equal_from_json_as_from_a_workbook() {
    let c = seed();
    assert_eq!(import_json(&export_json(&c)), Ok(c));
}

#[test]
fn a_workbook_whose_columns_staff_moved_and_retitled_imports_the_same() {
    let c = seed();
    let mut book = Book::read(&export(&c).unwrap());
    book.move_to_front_and_retitle("事项 items", "committed_days", "时限");
    book.move_to_front_and_retitle("事项字段 item fields", "options", "可选值");
    assert_eq!(import(&book.bytes()), Ok(c));
}

#[test]
fn a_catalog_a_workbook_cannot_hold_is_not_exported_and_the_cell_is_named() {
    let mut c = seed();
    c.items[2].synonyms.push("报户口、上户口".into());
    let refused = export(&c).expect_err("an entry with the separator would come back as two");
    assert_eq!(
        (refused.sheet.as_str(), refused.row, refused.column.as_str()),
        ("事项 items", 4, "F 常用说法 / synonyms")
    );
    assert!(refused.problem.zh.contains("报户口、上户口"));

    let mut c = seed();
    c.questions[1].reason.en = "Because. ".repeat(4_000);
    let refused = export(&c).expect_err("longer than a cell holds");
    assert_eq!(
        (refused.sheet.as_str(), refused.row, refused.column.as_str()),
        ("情形 questions", 3, "G 说明（英文） / reason_en")
    );
    assert!(
        refused.problem.en.contains("32767"),
        "{:?}",
        refused.problem
    );
}

// --- Errors ---

#[test]
fn a_file_that_is_not_a_workbook_is_refused_with_one_error_saying_so() {
    let errors = import(include_bytes!("../../catalog/catalog.json")).expect_err("refused");
    assert_eq!(places(&errors), [("", 0, "")]);
    assert!(errors[0].problem.en.contains(".xlsx"), "{errors:?}");
    all_bilingual(&errors);
}

#[test]
fn a_workbook_with_one_error_of_each_kind_reports_each_by_sheet_row_and_column_and_nothing_else() {
    let mut book = Book::read(&export(&seed()).unwrap());
    const ITEMS: &str = "事项 items";
    const ITEM_FIELDS: &str = "事项字段 item fields";
    // A copied row: the item id is now there twice.
    let pension = book.row(ITEMS, &[("id", "basic_pension")]);
    let duplicate = book.copy_to_end(ITEMS, pension);
    // A department the catalog does not have.
    let housing = book.row(ITEMS, &[("id", "housing_fund_withdrawal")]);
    book.set(ITEMS, housing, "department", text("pension_office"));
    // At least 60 characters, at most 50.
    let name = book.row(ITEM_FIELDS, &[("item", "basic_pension"), ("field", "name")]);
    book.set(ITEM_FIELDS, name, "min_len", Data::Float(60.0));
    // Registration now allows only the reasons the benefit does not.
    let reason = [("field", "unemployment_reason")];
    let registration = book.row(
        ITEM_FIELDS,
        &[("item", "unemployment_registration"), reason[0]],
    );
    book.set(
        ITEM_FIELDS,
        registration,
        "options",
        text("voluntary、other"),
    );
    let benefit = book.row(ITEM_FIELDS, &[("item", "unemployment_benefit"), reason[0]]);
    // Days in words.
    let rehab = book.row(ITEMS, &[("id", "work_injury_rehab")]);
    book.set(ITEMS, rehab, "committed_days", text("七天"));
    // A column deleted.
    book.remove_column("材料 materials", "e_certificate");

    let errors = import(&book.bytes()).expect_err("a broken workbook is refused");
    assert_eq!(
        places(&errors),
        [
            ("材料 materials", 1, "电子证照 / e_certificate"),
            (ITEMS, housing, "D 办理部门 / department"),
            (ITEMS, rehab, "G 承诺时限（工作日） / committed_days"),
            (ITEMS, duplicate, "A 编号 / id"),
            (ITEM_FIELDS, name, "D 最短长度 / min_len"),
            (ITEM_FIELDS, benefit, "H 允许的选项 / options"),
        ],
        "{errors:#?}"
    );
    all_bilingual(&errors);
    let says = |n: usize, words: &[&str]| {
        let e = &errors[n];
        for word in words {
            assert!(
                e.problem.zh.contains(word) && e.problem.en.contains(word),
                "{word}: {e:?}"
            );
        }
    };
    says(0, &["e_certificate"]);
    says(1, &["pension_office"]);
    says(2, &["七天"]);
    says(3, &["basic_pension"]);
    says(4, &["60", "50"]);
    says(5, &["unemployment_registration", "voluntary"]);
}

#[test]
fn a_workbook_missing_a_sheet_or_an_id_column_reports_that_alone_not_what_follows_from_it() {
    let exported = export(&seed()).unwrap();
    let mut book = Book::read(&exported);
    book.remove_sheet("事项 items");
    let errors = import(&book.bytes()).expect_err("refused");
    assert_eq!(places(&errors), [("事项 items", 0, "")], "{errors:#?}");

    // Without department ids no item's department could be found; only the column is reported.
    let mut book = Book::read(&exported);
    book.remove_column("部门 departments", "id");
    let errors = import(&book.bytes()).expect_err("refused");
    assert_eq!(
        places(&errors),
        [("部门 departments", 1, "编号 / id")],
        "{errors:#?}"
    );
    all_bilingual(&errors);
}

#[test]
fn workbook_rows_that_cannot_be_read_or_placed_are_each_reported() {
    let mut book = Book::read(&export(&seed()).unwrap());
    const MATERIALS: &str = "事项材料 item materials";
    const RULES: &str = "前置与互斥 rules";
    const FIELDS: &str = "字段 fields";
    let orphan = book.row(MATERIALS, &[("item", "basic_pension")]);
    book.set(MATERIALS, orphan, "item", text("basic_pensions"));
    let optional = book.row(MATERIALS, &[("item", "vaccination_record")]);
    book.set(MATERIALS, optional, "required", text("可能"));
    let rule = book.row(RULES, &[("rule", "excludes")]);
    book.set(RULES, rule, "material", text("id_card"));
    let other_rule = book.row(RULES, &[("rule", "requires")]);
    book.set(RULES, other_rule, "rule", text("needs"));
    // A select whose kind is mistyped: its options and the items limiting them are not also
    // reported as options on a field that is not a select.
    let road_class = book.row(FIELDS, &[("key", "road_class")]);
    book.set(FIELDS, road_class, "kind", text("dropdown"));

    let errors = import(&book.bytes()).expect_err("refused");
    assert_eq!(
        places(&errors),
        [
            (FIELDS, road_class, "E 类型 / kind"),
            (MATERIALS, optional, "C 必交 / required"),
            (MATERIALS, orphan, "A 事项编号 / item"),
            (RULES, other_rule, "B 规则 / rule"),
            (RULES, rule, "C 前置材料 / material"),
        ],
        "{errors:#?}"
    );
    all_bilingual(&errors);
    assert!(
        errors[0].problem.en.contains("long_text"),
        "the kinds it takes are listed"
    );
}

#[test]
fn a_json_import_with_a_broken_reference_is_refused_as_a_workbook_is() {
    let mut json: serde_json::Value =
        serde_json::from_str(include_str!("../../catalog/catalog.json")).unwrap();
    let items = json["items"].as_array_mut().unwrap();
    let housing = items
        .iter()
        .position(|i| i["id"] == "housing_fund_withdrawal")
        .unwrap();
    items[housing]["department"] = "pension_office".into();
    let errors = import_json(&json.to_string()).expect_err("refused");
    assert_eq!(
        places(&errors),
        [("JSON", 0, format!("items[{housing}].department").as_str())]
    );

    // The same edit in a workbook gives the same explanation.
    let mut book = Book::read(&export(&seed()).unwrap());
    let row = book.row("事项 items", &[("id", "housing_fund_withdrawal")]);
    book.set("事项 items", row, "department", text("pension_office"));
    let in_workbook = import(&book.bytes()).expect_err("refused");
    assert_eq!(errors[0].problem, in_workbook[0].problem);
}

#[test]
fn json_that_does_not_parse_is_refused_by_line_and_column_as_a_workbook_cell_would_be() {
    let pretty = export_json(&seed());
    let cut = &pretty[..pretty.len() / 2];
    let errors = import_json(cut).expect_err("refused");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].sheet, "JSON");
    assert_eq!(errors[0].row as usize, cut.lines().count());
    all_bilingual(&errors);

    let wrong_kind = pretty.replacen("\"kind\": \"text\"", "\"kind\": \"textarea\"", 1);
    let line = wrong_kind
        .lines()
        .position(|l| l.contains("textarea"))
        .unwrap()
        + 1;
    let errors = import_json(&wrong_kind).expect_err("refused");
    assert_eq!((errors[0].row as usize, errors.len()), (line, 1));
    assert!(errors[0].problem.en.contains("textarea"), "{:?}", errors[0]);
}
