//! Who is applying. A city plugs in its unified identity service (统一身份认证) and e-certificate
//! library (电子证照库); this build ships demo identities from `catalog/demo_applicants.json` so
//! exempt materials can be seen and tested. The browser only ever names an identity (a cookie);
//! what that identity holds is decided here.

use std::collections::BTreeMap;

use app::api::ApplicantView;
use app::engine::{Catalog, Text};
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct DemoApplicant {
    pub id: String,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub story: Text,
    /// Material keys held as e-certificates.
    pub certificates: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Identities {
    applicants: Vec<DemoApplicant>,
}

impl Identities {
    pub fn from_json(json: &str, catalog: &Catalog) -> Result<Identities, String> {
        let ids: Identities = serde_json::from_str(json).map_err(|e| e.to_string())?;
        for a in &ids.applicants {
            if let Some(unknown) = a
                .certificates
                .iter()
                .find(|c| catalog.material(c).is_none())
            {
                return Err(format!("{}: unknown certificate {unknown}", a.id));
            }
        }
        Ok(ids)
    }

    pub fn find(&self, id: &str) -> Option<&DemoApplicant> {
        self.applicants.iter().find(|a| a.id == id)
    }

    pub fn all(&self) -> &[DemoApplicant] {
        &self.applicants
    }
}

impl DemoApplicant {
    pub fn view(&self, catalog: &Catalog) -> ApplicantView {
        ApplicantView {
            id: self.id.clone(),
            name: self.name.clone(),
            story: self.story.clone(),
            certificates: self
                .certificates
                .iter()
                .filter_map(|c| catalog.material(c).map(|m| m.name.clone()))
                .collect(),
        }
    }

    /// What the identity service vouches for, offered as answers.
    pub fn prefill(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("name".to_string(), self.name.clone()),
            ("id_number".to_string(), self.id_number.clone()),
            ("phone".to_string(), self.phone.clone()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> (Catalog, Identities) {
        let catalog = Catalog::from_json(crate::config::SEED_CATALOG).expect("catalog");
        let ids = Identities::from_json(crate::config::DEMO_APPLICANTS, &catalog).expect("ids");
        (catalog, ids)
    }

    #[test]
    fn every_demo_applicant_holds_only_certificates_the_catalog_knows() {
        let (_, ids) = seed();
        assert!(ids.all().len() >= 3);
        assert!(ids.all().iter().all(|a| !a.certificates.is_empty()));
    }

    #[test]
    fn demo_id_numbers_are_valid_so_the_prefilled_form_passes() {
        let (_, ids) = seed();
        for a in ids.all() {
            assert!(
                app::engine::validate::id_number(
                    &a.id_number,
                    app::engine::Date::new(2026, 11, 26).unwrap()
                )
                .is_ok(),
                "{}: {}",
                a.id,
                a.id_number
            );
        }
    }

    #[test]
    fn a_certificate_the_catalog_does_not_know_is_refused() {
        let (catalog, _) = seed();
        let json = r#"{"applicants":[{"id":"x","name":"x","id_number":"1","phone":"1",
            "story":{"zh":"","en":""},"certificates":["no_such_thing"]}]}"#;
        assert!(Identities::from_json(json, &catalog).is_err());
    }
}
