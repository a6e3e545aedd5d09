//! Who is applying. A city plugs in its unified identity service (统一身份认证) and e-certificate
//! library (电子证照库) behind [`IdentityProvider`]; this build ships a development provider that
//! needs no set-up: sign-in by mobile number with a one-time code shown on the page (in place of
//! an SMS), and the demo people of `catalog/demo_applicants.json` with their e-certificates. What
//! an identity holds is decided here, on the server; a session only points at it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use app::api::caller::Citizen;
use app::api::ApplicantView;
use app::engine::{Catalog, Text};
use async_trait::async_trait;
use serde::Deserialize;

/// The seam for the city's identity service.
#[async_trait]
pub trait IdentityProvider: Send + Sync + 'static {
    /// Sends a one-time code to a mobile number (an SMS in service). `attempt` names this
    /// sign-in, so a development provider can show the code to the browser that asked.
    async fn deliver_code(&self, phone: &str, code: &str, attempt: &str) -> Result<(), String>;
    /// Development only: the code delivered for `attempt`, to show on the page. `None` in
    /// service, where the code goes by SMS only.
    fn development_code(&self, attempt: &str) -> Option<String>;
    /// What the identity service vouches for about the holder of a verified mobile number
    /// (without `subject`, which the caller sets).
    async fn person_with_phone(&self, phone: &str) -> Result<Citizen, String>;
    /// Identities that may be used without a code, for trying the service. Empty in service.
    fn development_identities(&self) -> &[DemoApplicant];
}

/// A city's site before its identity service (统一身份认证) is connected, with development
/// sign-in off: nobody signs in as a citizen (the page says the service is unavailable), nothing
/// is shown or vouched for. Staff sign-in does not depend on it.
pub struct NoIdentityService;

#[async_trait]
impl IdentityProvider for NoIdentityService {
    async fn deliver_code(&self, _phone: &str, _code: &str, _attempt: &str) -> Result<(), String> {
        Err(
            "no identity service is connected (统一身份认证), and development sign-in is off"
                .into(),
        )
    }

    fn development_code(&self, _attempt: &str) -> Option<String> {
        None
    }

    async fn person_with_phone(&self, _phone: &str) -> Result<Citizen, String> {
        Err("no identity service is connected".into())
    }

    fn development_identities(&self) -> &[DemoApplicant] {
        &[]
    }
}

/// Works on a fresh machine with nothing configured.
pub struct DevelopmentIdentities {
    demo: Identities,
    /// Codes "sent", by attempt; bounded, oldest dropped.
    sent: Mutex<HashMap<String, String>>,
}

const SENT_LIMIT: usize = 10_000;

impl DevelopmentIdentities {
    pub fn new(demo: Identities) -> Self {
        Self {
            demo,
            sent: Mutex::new(HashMap::new()),
        }
    }
}

#[async_trait]
impl IdentityProvider for DevelopmentIdentities {
    async fn deliver_code(&self, _phone: &str, code: &str, attempt: &str) -> Result<(), String> {
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        if sent.len() >= SENT_LIMIT {
            sent.clear();
        }
        sent.insert(attempt.to_string(), code.to_string());
        Ok(())
    }

    fn development_code(&self, attempt: &str) -> Option<String> {
        let sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        sent.get(attempt).cloned()
    }

    async fn person_with_phone(&self, phone: &str) -> Result<Citizen, String> {
        // A demo person with this number is that person; anyone else is known by the number only.
        Ok(match self.demo.all().iter().find(|a| a.phone == phone) {
            Some(a) => Citizen {
                demo: false,
                ..a.citizen(String::new())
            },
            None => Citizen {
                subject: String::new(),
                name: String::new(),
                id_number: None,
                phone: Some(phone.to_string()),
                held: Vec::new(),
                demo: false,
            },
        })
    }

    fn development_identities(&self) -> &[DemoApplicant] {
        self.demo.all()
    }
}

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

    /// As `from_json`, dropping the certificates `catalog` does not know instead of refusing.
    pub fn known_to(json: &str, catalog: &Catalog) -> Result<Identities, String> {
        let mut ids: Identities = serde_json::from_str(json).map_err(|e| e.to_string())?;
        for a in &mut ids.applicants {
            a.certificates.retain(|c| catalog.material(c).is_some());
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

    /// This person as a signed-in citizen under `subject`.
    pub fn citizen(&self, subject: String) -> Citizen {
        Citizen {
            subject,
            name: self.name.clone(),
            id_number: Some(self.id_number.clone()),
            phone: Some(self.phone.clone()),
            held: self.certificates.clone(),
            demo: true,
        }
    }
}

/// What the identity service vouches for about a signed-in person, offered as answers.
pub fn prefill(citizen: &Citizen) -> BTreeMap<String, String> {
    [
        ("name", Some(citizen.name.clone()).filter(|n| !n.is_empty())),
        ("id_number", citizen.id_number.clone()),
        ("phone", citizen.phone.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k.to_string(), v?)))
    .collect()
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
