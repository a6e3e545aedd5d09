//! Splitting a bundle into parts: one part per item, routed to the item's department with only
//! what that item declares (data minimisation), its own deadline and the items it must wait for.
//! "Part" means this everywhere: the unit a department decides.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::calendar::Date;
use super::catalog::Catalog;
use super::compose::{Answers, Bundle, MaterialStatus};
use super::timeline::Timeline;

/// A stored file, by its content hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub hash: String,
    pub file_name: String,
    pub media_type: String,
}

/// What the applicant handed in for one material.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    File(FileRef),
    /// Window staff saw the paper original at the counter.
    AtCounter,
}

/// How a part receives one material. Stored as JSON with the part (the tags are the stored form).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum MaterialSource {
    Upload(FileRef),
    /// Held by the applicant as an e-certificate: the department fetches it.
    #[serde(rename = "e_certificate")]
    ECertificate,
    /// Another part of the same application produces it.
    #[serde(rename = "produced")]
    ProducedBy {
        by: String,
    },
    AtCounter,
    /// Optional and not given.
    NotGiven,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartMaterial {
    pub key: String,
    #[serde(flatten)]
    pub source: MaterialSource,
}

/// One part of an application, as the split decides it before anything is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartPlan {
    /// 1-based, in the bundle's item order: the part's id is `<number>-<position>`.
    pub position: u32,
    pub item: String,
    pub department: String,
    /// Only the fields this item declares, with their answers.
    pub fields: BTreeMap<String, String>,
    /// Every material this item declares, and how the department receives it.
    pub materials: Vec<PartMaterial>,
    pub committed_days: u32,
    pub due: Date,
    /// Items of the same application that must be approved before this one.
    pub depends_on: Vec<String>,
}

/// The split: verdict → split → persist. `given` says what was handed in per material key.
pub fn split(
    catalog: &Catalog,
    bundle: &Bundle,
    timeline: &Timeline,
    answers: &Answers,
    given: &BTreeMap<String, Given>,
) -> Vec<PartPlan> {
    let mut plans = Vec::with_capacity(bundle.items.len());
    for (index, item_id) in bundle.item_ids().enumerate() {
        let Some(item) = catalog.item(item_id) else {
            continue;
        };
        let share = bundle
            .routing
            .shares
            .iter()
            .find(|s| s.items.iter().any(|i| i == item_id));
        // A field reaches the part only when the item declares it and the form showed it.
        let fields = item
            .fields
            .iter()
            .filter(|f| share.is_some_and(|s| s.fields.contains(&f.key)))
            .filter_map(|f| answers.get(&f.key).map(|v| (f.key.clone(), v.clone())))
            .collect();
        let materials = item
            .materials
            .iter()
            .map(|m| PartMaterial {
                key: m.key.clone(),
                source: material_source(bundle, given, &m.key),
            })
            .collect();
        let due = timeline
            .steps
            .iter()
            .find(|s| s.item == item_id)
            .map_or(timeline.due, |s| s.due);
        let depends_on = bundle
            .dependencies
            .iter()
            .filter(|(_, after)| after == item_id)
            .map(|(before, _)| before.clone())
            .collect();
        plans.push(PartPlan {
            position: index as u32 + 1,
            item: item_id.to_string(),
            department: item.department.clone(),
            fields,
            materials,
            committed_days: item.committed_days,
            due,
            depends_on,
        });
    }
    plans
}

fn material_source(bundle: &Bundle, given: &BTreeMap<String, Given>, key: &str) -> MaterialSource {
    let status = bundle
        .checklist
        .iter()
        .find(|m| m.key == key)
        .map(|m| &m.status);
    match (status, given.get(key)) {
        (Some(MaterialStatus::ExemptHeld), _) => MaterialSource::ECertificate,
        (Some(MaterialStatus::ExemptProduced { by }), _) => {
            MaterialSource::ProducedBy { by: by.clone() }
        }
        (_, Some(Given::File(file))) => MaterialSource::Upload(file.clone()),
        (_, Some(Given::AtCounter)) => MaterialSource::AtCounter,
        (_, None) => MaterialSource::NotGiven,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calendar::{china_2025_2026, WorkingCalendar};
    use crate::engine::test_support::{answers, held, ids, seed};
    use crate::engine::{compose, derive, schedule};

    #[test]
    fn stored_materials_keep_the_json_shape_older_parts_were_written_in() {
        let produced = PartMaterial {
            key: "injury_determination".into(),
            source: MaterialSource::ProducedBy {
                by: "work_injury_determination".into(),
            },
        };
        assert_eq!(
            serde_json::to_value(&produced).unwrap(),
            serde_json::json!({"key": "injury_determination", "source": "produced", "by": "work_injury_determination"})
        );
        let old = r#"{"key":"id_card","source":"upload","hash":"ab","file_name":"a.jpg","media_type":"image/jpeg"}"#;
        let parsed: PartMaterial = serde_json::from_str(old).unwrap();
        assert!(matches!(parsed.source, MaterialSource::Upload(ref f) if f.hash == "ab"));
        let held: PartMaterial =
            serde_json::from_str(r#"{"key":"id_card","source":"e_certificate"}"#).unwrap();
        assert_eq!(held.source, MaterialSource::ECertificate);
    }

    #[test]
    fn each_item_becomes_one_part_for_its_own_department_that_waits_for_its_prerequisite() {
        let catalog = seed();
        let chosen = ids(&["work_injury_determination", "work_capacity_appraisal"]);
        let given_answers = answers(&[]);
        let bundle = compose(&catalog, &chosen, &given_answers, &held(&[])).unwrap();
        let today = Date::new(2026, 11, 27).unwrap();
        let calendar = WorkingCalendar::from_years(china_2025_2026());
        let timeline = schedule(&catalog, &bundle, &calendar, today);
        let answered = derive(&bundle.form, &given_answers, today);
        let parts = split(&catalog, &bundle, &timeline, &answered, &BTreeMap::new());
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].position, 1);
        assert!(parts[0].depends_on.is_empty());
        assert_eq!(parts[1].depends_on, vec!["work_injury_determination"]);
        assert!(
            parts[1].due > parts[0].due,
            "the dependent part is due later"
        );
        for part in &parts {
            assert_eq!(
                part.department,
                catalog.item(&part.item).unwrap().department
            );
        }
    }
}
