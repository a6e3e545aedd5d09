//! What search matches besides the names: the pinyin of each item's Chinese name, generated
//! when the catalog is loaded (with `pinyin`, the data of the python-pinyin project) so no one
//! types it by hand. Characters with no pinyin (letters, digits, punctuation) are kept as they
//! are in the full form, lower-cased, and left out of the initials.

use app::engine::Catalog;
use pinyin::ToPinyin;

/// (initials, full) of `zh`: "工伤康复" → ("gskf", "gongshangkangfu").
pub fn pinyin_of(zh: &str) -> (String, String) {
    let mut initials = String::new();
    let mut full = String::new();
    for (c, p) in zh.chars().zip(zh.to_pinyin()) {
        match p {
            Some(p) => {
                initials.push_str(p.first_letter());
                full.push_str(p.plain());
            }
            None if c.is_alphanumeric() => full.extend(c.to_lowercase()),
            None => {}
        }
    }
    (initials, full)
}

/// Fills every item's pinyin from its Chinese name.
pub fn fill(catalog: &mut Catalog) {
    for item in &mut catalog.items {
        let (initials, full) = pinyin_of(&item.name.zh);
        item.pinyin = initials;
        item.pinyin_full = full;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_name_gives_its_initials_and_full_pinyin() {
        assert_eq!(
            pinyin_of("工伤康复待遇申请"),
            (
                "gskfdysq".to_string(),
                "gongshangkangfudaiyushenqing".to_string()
            )
        );
        // Letters and digits stay in the full form; punctuation goes.
        assert_eq!(
            pinyin_of("《残疾人证》B2"),
            ("cjrz".to_string(), "canjirenzhengb2".to_string())
        );
    }

    #[test]
    fn the_generated_initials_are_those_the_seed_catalog_carried_typed_by_hand() {
        // The catalog's hand-typed initials before they were generated (2026-11-29).
        let typed = [
            ("birth_medical_certificate", "csyxzm"),
            ("vaccination_record", "yfjzdzda"),
            ("birth_registration", "csdjhkdj"),
            ("newborn_medical_insurance", "cxjmybcbdj"),
            ("medical_insurance_premium", "ybfjn"),
            ("social_security_card", "sbksl"),
            ("basic_pension", "jbylbxdysl"),
            ("retiree_medical_insurance", "txryybdyhd"),
            ("housing_fund_withdrawal", "zfgjjtq"),
            ("road_occupation", "zywjcsdlsp"),
            ("road_traffic_safety_review", "slsgjtaqsc"),
            ("highway_works_permit", "glslsgxk"),
            ("business_licence", "yyzz"),
            ("food_business_licence", "spjyxk"),
            ("prepackaged_food_filing", "jxsybzspba"),
            ("outdoor_sign", "hwzpsz"),
            ("drainage_permit", "psxk"),
            ("fire_safety_check", "gzjjcsxfaqjc"),
            ("tobacco_retail_licence", "yczmlsxk"),
            ("water_transfer", "ysgh"),
            ("electricity_transfer", "ydgh"),
            ("gas_transfer", "rqgh"),
            ("broadband_transfer", "kdgh"),
            ("work_injury_determination", "gsrdsq"),
            ("work_capacity_appraisal", "ldnljd"),
            ("work_injury_rehab", "gskfdysq"),
            ("assistive_devices", "gsbxfzqjpz"),
            ("work_injury_medical_reimbursement", "gsylfbx"),
            ("unemployment_registration", "sydj"),
            ("unemployment_benefit", "sybxjsl"),
            ("vocational_training_subsidy", "zypxbt"),
        ];
        let mut catalog = Catalog::from_json(crate::config::SEED_CATALOG).expect("seed");
        fill(&mut catalog);
        for (id, initials) in typed {
            let item = catalog.items.iter().find(|i| i.id == id).expect(id);
            assert_eq!(item.pinyin, initials, "{id} {}", item.name.zh);
        }
    }

    #[test]
    fn the_seed_catalog_gets_pinyin_for_every_item() {
        let mut catalog = Catalog::from_json(crate::config::SEED_CATALOG).expect("seed");
        fill(&mut catalog);
        for item in &catalog.items {
            let chars = item.name.zh.chars().filter(|c| !c.is_ascii()).count();
            assert!(
                item.pinyin.chars().count() >= chars.saturating_sub(2)
                    && !item.pinyin_full.is_empty(),
                "{}: {} / {}",
                item.id,
                item.pinyin,
                item.pinyin_full
            );
        }
    }
}
