//! What changed between two catalog versions, in words both an editor and a citizen can read.
//! The editor sees every change before publishing; a citizen resuming a draft made under an
//! older version sees the changes to the items they chose (`Change::touches`). Pure: the same
//! function serves the catalog page and the recomposed form.

use std::collections::{BTreeMap, BTreeSet};

use super::catalog::{Catalog, FieldUse, Item, MaterialUse};
use super::Text;

/// One change, about one item when `item` is set (otherwise about the catalog as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub item: Option<String>,
    pub what: Text,
}

impl Change {
    /// Whether a citizen who chose `items` needs to hear of it.
    pub fn touches(&self, items: &[String]) -> bool {
        self.item
            .as_ref()
            .is_some_and(|id| items.iter().any(|i| i == id))
    }
}

/// Every difference between `before` and `after` that an applicant or a department would
/// notice: items added and removed, names, departments, committed and statutory days, fields,
/// materials and the rules between items; then departments and packages added or removed.
pub fn changes(before: &Catalog, after: &Catalog) -> Vec<Change> {
    let mut out = Vec::new();
    let old: BTreeMap<&str, &Item> = before.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let new_ids: BTreeSet<&str> = after.items.iter().map(|i| i.id.as_str()).collect();
    for item in &after.items {
        match old.get(item.id.as_str()) {
            None => out.push(about(
                item,
                format!("新增事项“{}”。", item.name.zh),
                format!("New item: {}.", item.name.en),
            )),
            Some(was) => item_changes(before, after, was, item, &mut out),
        }
    }
    for item in &before.items {
        if !new_ids.contains(item.id.as_str()) {
            out.push(about(
                item,
                format!("事项“{}”已取消，不能再申请。", item.name.zh),
                format!(
                    "{} has been withdrawn and can no longer be applied for.",
                    item.name.en
                ),
            ));
        }
    }
    let ids = |c: &Catalog, kind: usize| -> BTreeSet<String> {
        match kind {
            0 => c.departments.iter().map(|d| d.id.clone()).collect(),
            1 => c.packages.iter().map(|p| p.id.clone()).collect(),
            2 => c.materials.iter().map(|m| m.key.clone()).collect(),
            _ => c.fields.iter().map(|f| f.key.clone()).collect(),
        }
    };
    for (kind, zh, en) in [
        (0, "部门", "department"),
        (1, "套餐", "package"),
        (2, "材料", "material"),
        (3, "字段", "field"),
    ] {
        let (was, now) = (ids(before, kind), ids(after, kind));
        for id in now.difference(&was) {
            out.push(whole(
                format!("新增{zh} {id}。"),
                format!("New {en}: {id}."),
            ));
        }
        for id in was.difference(&now) {
            out.push(whole(
                format!("删除{zh} {id}。"),
                format!("Removed {en}: {id}."),
            ));
        }
    }
    out
}

fn about(item: &Item, zh: String, en: String) -> Change {
    Change {
        item: Some(item.id.clone()),
        what: Text::new(zh, en),
    }
}

fn whole(zh: String, en: String) -> Change {
    Change {
        item: None,
        what: Text::new(zh, en),
    }
}

fn item_changes(before: &Catalog, after: &Catalog, was: &Item, now: &Item, out: &mut Vec<Change>) {
    let (zh, en) = (&now.name.zh, &now.name.en);
    // Editors see it; a citizen resuming a draft need not (it changes finding, not applying).
    if was.synonyms != now.synonyms || was.life_events != now.life_events {
        out.push(whole(
            format!("“{zh}”的常用说法或所属人生事件有变化（只影响查找和浏览）。"),
            format!("{en}: the words citizens use for it or its life events have changed (finding and browsing only)."),
        ));
    }
    let mut say = |z: String, e: String| out.push(about(now, z, e));
    if was.name != now.name {
        say(
            format!("事项名称由“{}”改为“{zh}”。", was.name.zh),
            format!("{} is now called {en}.", was.name.en),
        );
    }
    if was.department != now.department {
        let name = |c: &Catalog, id: &str| c.department(id).map(|d| d.name.clone());
        let (from, to) = (
            name(before, &was.department)
                .unwrap_or_else(|| Text::new(&was.department, &was.department)),
            name(after, &now.department)
                .unwrap_or_else(|| Text::new(&now.department, &now.department)),
        );
        say(
            format!("“{zh}”改由{}办理（原为{}）。", to.zh, from.zh),
            format!("{en} is now handled by {} (was {}).", to.en, from.en),
        );
    }
    if was.committed_days != now.committed_days {
        say(
            format!(
                "“{zh}”承诺办结时限由{}个工作日改为{}个工作日。",
                was.committed_days, now.committed_days
            ),
            format!(
                "{en}: committed time changed from {} to {} working days.",
                was.committed_days, now.committed_days
            ),
        );
    }
    if was.statutory_days != now.statutory_days {
        let days = |d: Option<u32>| match d {
            Some(n) => (format!("{n}个工作日"), format!("{n} working days")),
            None => ("未规定".to_string(), "none".to_string()),
        };
        let (from, to) = (days(was.statutory_days), days(now.statutory_days));
        say(
            format!("“{zh}”法定办结时限由{}改为{}。", from.0, to.0),
            format!("{en}: statutory time changed from {} to {}.", from.1, to.1),
        );
    }
    let field_name = |c: &Catalog, key: &str| c.field(key).map(|f| f.label.clone());
    let (fields_before, fields_after) = (keyed_fields(&was.fields), keyed_fields(&now.fields));
    for (key, use_) in &fields_after {
        let label = field_name(after, key).unwrap_or_else(|| Text::new(*key, *key));
        match fields_before.get(key) {
            None => say(
                format!("“{zh}”新增填写项“{}”。", label.zh),
                format!("{en} now asks for {}.", label.en),
            ),
            Some(old) if old.required != use_.required => say(
                format!(
                    "“{zh}”的“{}”改为{}。",
                    label.zh,
                    if use_.required { "必填" } else { "选填" }
                ),
                format!(
                    "{en}: {} is now {}.",
                    label.en,
                    if use_.required {
                        "required"
                    } else {
                        "optional"
                    }
                ),
            ),
            Some(old) if *old != *use_ => say(
                format!("“{zh}”的“{}”填写要求有变化。", label.zh),
                format!("{en}: what {} accepts has changed.", label.en),
            ),
            Some(_) => {}
        }
    }
    for key in fields_before
        .keys()
        .filter(|k| !fields_after.contains_key(*k))
    {
        let label = field_name(before, key).unwrap_or_else(|| Text::new(*key, *key));
        say(
            format!("“{zh}”不再需要填写“{}”。", label.zh),
            format!("{en} no longer asks for {}.", label.en),
        );
    }
    let material_name = |c: &Catalog, key: &str| c.material(key).map(|m| m.name.clone());
    let (had, has) = (
        keyed_materials(&was.materials),
        keyed_materials(&now.materials),
    );
    for (key, use_) in &has {
        let name = material_name(after, key).unwrap_or_else(|| Text::new(*key, *key));
        match had.get(key) {
            None => say(
                format!("“{zh}”新增材料“{}”。", name.zh),
                format!("{en} now needs {}.", name.en),
            ),
            Some(old) if old.required != use_.required => say(
                format!(
                    "“{zh}”的材料“{}”改为{}。",
                    name.zh,
                    if use_.required { "必交" } else { "选交" }
                ),
                format!(
                    "{en}: {} is now {}.",
                    name.en,
                    if use_.required {
                        "required"
                    } else {
                        "optional"
                    }
                ),
            ),
            Some(_) => {}
        }
    }
    for key in had.keys().filter(|k| !has.contains_key(*k)) {
        let name = material_name(before, key).unwrap_or_else(|| Text::new(*key, *key));
        say(
            format!("“{zh}”不再需要材料“{}”。", name.zh),
            format!("{en} no longer needs {}.", name.en),
        );
    }
    if was.requires != now.requires || was.excludes != now.excludes {
        say(
            format!("“{zh}”与其他事项之间的前置或互斥规则有变化。"),
            format!("{en}: the rules linking it to other items have changed."),
        );
    }
}

fn keyed_fields(uses: &[FieldUse]) -> BTreeMap<&str, &FieldUse> {
    uses.iter().map(|u| (u.key.as_str(), u)).collect()
}

fn keyed_materials(uses: &[MaterialUse]) -> BTreeMap<&str, &MaterialUse> {
    uses.iter().map(|u| (u.key.as_str(), u)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::engine::test_support::seed;

    #[test]
    fn the_same_catalog_has_no_changes() {
        assert!(changes(&seed(), &seed()).is_empty());
    }

    #[test]
    fn a_change_of_committed_days_names_the_item_and_both_figures() {
        let before = seed();
        let mut after = seed();
        let item = &mut after.items[0];
        let was = item.committed_days;
        item.committed_days = was + 3;
        let id = item.id.clone();
        let found = changes(&before, &after);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].item.as_deref(), Some(id.as_str()));
        assert!(found[0]
            .what
            .en
            .contains(&format!("from {was} to {} working days", was + 3)));
        assert!(found[0].touches(&[id]));
        assert!(!found[0].touches(&["someone-else".to_string()]));
    }

    #[test]
    fn a_withdrawn_item_a_material_made_optional_and_a_dropped_field_are_each_told() {
        let before = seed();
        let mut after = seed();
        let gone = after.items.remove(1);
        let flipped = &mut after.items[0].materials[0];
        flipped.required = !flipped.required;
        let now = if flipped.required {
            "is now required"
        } else {
            "is now optional"
        };
        let dropped = after.items[2].fields.remove(0);
        let found = changes(&before, &after);
        let said = |id: &str, en: &str| {
            found
                .iter()
                .any(|c| c.item.as_deref() == Some(id) && c.what.en.contains(en))
        };
        assert!(said(&gone.id, "withdrawn"));
        assert!(said(&after.items[0].id, now), "{found:?}");
        assert!(
            said(&after.items[2].id, "no longer asks for"),
            "{found:?} {dropped:?}"
        );
    }
}
