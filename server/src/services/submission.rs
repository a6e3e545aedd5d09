//! Submitting one application for a whole bundle. The engine runs again here as the authority:
//! nothing the browser computed is trusted. Everything is stored in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use app::api::backend::BackendError;
use app::api::{Draft, SubmitOutcome};
use app::engine::compose::{MaterialStatus, Problem};
use app::engine::part::FileRef;
use app::engine::{
    check, compose, derive, schedule, split, Answers, Bundle, Catalog, ComposeError, Date,
    FieldErrors, Given, PartStatus, Text, WorkingCalendar,
};

use crate::crypto::{random_bytes, Keys};
use crate::db::Db;
use crate::repo;
use crate::services::drafts::seal_answers;
use crate::services::intake::{Intake, NewSubmission, Stored};
use crate::services::{json, materials, storage};

pub struct Env<'a> {
    pub db: &'a Db,
    /// Seals the sensitive answers at rest; indexes the applicant's ID number for staff search.
    pub keys: &'a Keys,
    pub sensitive: &'a BTreeSet<String>,
    /// The session subject submitting: only they see the receipt.
    pub owner: Option<&'a str>,
    /// Window staff entering it at the counter (their id): materials they saw count as given.
    pub at_counter: Option<&'a str>,
    pub catalog: &'a Catalog,
    pub catalog_hash: &'a str,
    pub calendar: &'a WorkingCalendar,
    pub today: Date,
    pub now_millis: i64,
    /// Writes accepted submissions (together with others arriving at the same time).
    pub intake: &'a Intake,
}

/// Keys are made by the server with the form; anything else is refused rather than trusted.
fn valid_key(key: &str) -> bool {
    (8..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The server's judgement of a set of answers for a selection.
pub enum Verdict {
    /// Nothing to fix: the composed bundle and the answers to keep (only what the form asked or
    /// derived, plus the situational answers).
    Fine { bundle: Bundle, answers: Answers },
    Invalid {
        errors: FieldErrors,
        problems: Vec<Text>,
    },
}

/// Composes, derives and checks again, as the authority: nothing the browser computed is trusted.
pub fn verdict(
    catalog: &Catalog,
    items: &[String],
    given: &Answers,
    held: &BTreeSet<String>,
    today: Date,
) -> Result<Verdict, BackendError> {
    let bundle = match compose(catalog, items, given, held) {
        Ok(b) => b,
        Err(e @ (ComposeError::Empty | ComposeError::UnknownItem(_))) => {
            return Ok(Verdict::Invalid {
                errors: FieldErrors::new(),
                problems: vec![e.message()],
            })
        }
        Err(e) => return Err(BackendError::Selection(e)),
    };
    let name = |id: &str| catalog.item_name(id);
    let problems: Vec<Text> = bundle
        .problems
        .iter()
        .map(|p| match p {
            Problem::MissingPrerequisite {
                item, add, reason, ..
            } => {
                let (a, b) = (name(item), name(add));
                Text::new(
                    format!("{}：{}（可把“{}”加入本次办理）", a.zh, reason.zh, b.zh),
                    format!(
                        "{}: {} (you can add “{}” to this application)",
                        a.en, reason.en, b.en
                    ),
                )
            }
            Problem::Excluded {
                item,
                other,
                reason,
            } => {
                let (a, b) = (name(item), name(other));
                Text::new(
                    format!("“{}”与“{}”不能同时申请：{}", a.zh, b.zh, reason.zh),
                    format!(
                        "“{}” and “{}” cannot be applied for together: {}",
                        a.en, b.en, reason.en
                    ),
                )
            }
        })
        .collect();
    let kept: Answers = given
        .iter()
        .filter(|(k, _)| {
            bundle.form.field(k).is_some_and(|f| f.shown)
                || bundle.questions.iter().any(|q| &q.id == *k)
        })
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect();
    let answers = derive(&bundle.form, &kept, today);
    let errors = check(&bundle, &answers, today);
    if !errors.is_empty() || !problems.is_empty() {
        return Ok(Verdict::Invalid { errors, problems });
    }
    Ok(Verdict::Fine { bundle, answers })
}

/// Required materials that are neither exempt nor handed in (`given` says which are), as
/// messages by material.
pub fn missing_materials(bundle: &Bundle, given: impl Fn(&str) -> bool) -> FieldErrors {
    bundle
        .checklist
        .iter()
        .filter(|m| m.required && m.status == MaterialStatus::Upload && !given(&m.key))
        .map(|m| {
            (
                materials::error_key(&m.key),
                Text::new(
                    format!("请上传“{}”。", m.name.zh),
                    format!("Upload the “{}”.", m.name.en),
                ),
            )
        })
        .collect()
}

/// The application already stored under this key, if any.
pub async fn accepted_for_key(
    env: &Env<'_>,
    idempotency_key: &str,
) -> Result<Option<SubmitOutcome>, BackendError> {
    if !valid_key(idempotency_key) {
        return Ok(None);
    }
    let mut conn = env.db.pool.acquire().await.map_err(storage)?;
    Ok(repo::number_for_key(&mut conn, idempotency_key)
        .await
        .map_err(storage)?
        .map(|number| SubmitOutcome::Accepted { number }))
}

/// Submits a draft: its answers and materials, judged again here. On success the application, one
/// part per item, their outbox rows and the audit entry are stored in one transaction (shared
/// with other submissions arriving at the same time: [`Intake`]), and the draft is removed with
/// them.
pub async fn submit(
    env: &Env<'_>,
    draft: &Draft,
    idempotency_key: &str,
    held: &BTreeSet<String>,
) -> Result<SubmitOutcome, BackendError> {
    if !valid_key(idempotency_key) {
        return Ok(SubmitOutcome::Invalid {
            errors: FieldErrors::new(),
            problems: vec![Text::new(
                "表单已过期，请刷新页面后重新提交。",
                "This form has expired. Reload the page and submit again.",
            )],
        });
    }
    // A retry or double tap after the first was stored finds its draft gone (the caller answers
    // with the stored number); one racing the first is stopped by the key's unique index below.
    let (bundle, answers) =
        match verdict(env.catalog, &draft.items, &draft.answers, held, env.today)? {
            Verdict::Fine { bundle, answers } => (bundle, answers),
            Verdict::Invalid { errors, problems } => {
                return Ok(SubmitOutcome::Invalid { errors, problems })
            }
        };
    let seen_at_counter = |m: &str| env.at_counter.is_some() && draft.counter_checked.contains(m);
    let missing = missing_materials(&bundle, |m| {
        draft.materials.contains_key(m) || seen_at_counter(m)
    });
    if !missing.is_empty() {
        return Ok(SubmitOutcome::Invalid {
            errors: missing,
            problems: Vec::new(),
        });
    }
    let timeline = schedule(env.catalog, &bundle, env.calendar, env.today);
    let number = new_number(env.today);
    let items: Vec<&str> = bundle.item_ids().collect();
    let applicant = mask_name(answers.get("name").map(String::as_str).unwrap_or(""));
    let applicant_key = answers
        .get("id_number")
        .map(|n| env.keys.index(&n.to_ascii_uppercase()));

    let application = repo::NewApplication {
        number: number.clone(),
        idempotency_key: idempotency_key.to_string(),
        catalog_hash: env.catalog_hash.to_string(),
        items_json: json(&items),
        answers_json: json(&seal_answers(env.keys, env.sensitive, &answers)),
        applicant_masked: applicant,
        owner: env.owner.map(str::to_string),
        applicant_key,
        submitted_on: env.today.to_string(),
        due_on: timeline.due.to_string(),
        created_at: env.now_millis,
        channel: if env.at_counter.is_some() {
            "counter"
        } else {
            "online"
        },
        entered_by: env.at_counter.map(str::to_string),
    };
    // One part per item, each to its department with its own deadline, so departments decide in
    // parallel. A part holds only the fields and materials its own item declares.
    let mut given: BTreeMap<String, Given> = draft
        .counter_checked
        .iter()
        .filter(|m| seen_at_counter(m))
        .map(|m| (m.clone(), Given::AtCounter))
        .collect();
    given.extend(draft.materials.iter().map(|(key, file)| {
        (
            key.clone(),
            Given::File(FileRef {
                hash: file.hash.clone(),
                file_name: file.file_name.clone(),
                media_type: file.media_type.clone(),
            }),
        )
    }));
    let parts = split(env.catalog, &bundle, &timeline, &answers, &given);
    let rows: Vec<repo::NewPart> = parts
        .iter()
        .map(|part| repo::NewPart {
            id: format!("{number}-{}", part.position),
            application_number: number.clone(),
            position: part.position as i64,
            department_id: part.department.clone(),
            item_id: part.item.clone(),
            fields_json: json(&seal_answers(env.keys, env.sensitive, &part.fields)),
            materials_json: json(&part.materials),
            status: PartStatus::Submitted.code(),
            due_on: part.due.to_string(),
            updated_at: env.now_millis,
            committed_days: part.committed_days as i64,
            depends_on_json: json(&part.depends_on),
        })
        .collect();
    // The first delivery's id is its idempotency key: one per part.
    let deliveries = rows
        .iter()
        .map(|p| {
            let delivery = format!("{}-dispatch", p.id);
            (delivery, p.id.clone(), p.department_id.clone())
        })
        .collect();
    let events = rows
        .iter()
        .map(|p| {
            let event = repo::PartEvent {
                part_id: p.id.clone(),
                at: env.now_millis,
                on_day: env.today.to_string(),
                action: "submit".into(),
                from_status: None,
                to_status: PartStatus::Submitted.code().into(),
                note: String::new(),
            };
            (crate::crypto::new_token(), event)
        })
        .collect();
    let audit_detail = format!("items={} parts={}", items.join(","), rows.len());
    let position = rows.len();
    let stored = env
        .intake
        .store(NewSubmission {
            application,
            parts: rows,
            deliveries,
            events,
            draft_token: draft.token.clone(),
            submitted_by: env.owner.unwrap_or("anonymous").to_string(),
            audit_detail,
        })
        .await
        .map_err(storage)?;
    if stored == Stored::KeyTaken {
        // The key was used already (a retry, or two taps racing): the first one's number is the
        // answer.
        return accepted_for_key(env, idempotency_key)
            .await?
            .ok_or_else(|| storage(sqlx::Error::RowNotFound));
    }
    tracing::info!(%number, parts = position, "application submitted");
    Ok(SubmitOutcome::Accepted { number })
}

/// Application numbers: unguessable (the number alone opens the tracking page), readable aloud
/// (no I, L, O, U), dated for the counter staff. Ten characters from the operating system's
/// random source, five bits each (256 is a multiple of 32): 50 random bits, on top of the date.
pub fn new_number(today: Date) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let code: String = random_bytes::<10>()
        .iter()
        .map(|b| ALPHABET[(*b as usize) % 32] as char)
        .collect();
    format!(
        "YJ-{:04}{:02}{:02}-{code}",
        today.year(),
        today.month(),
        today.day()
    )
}

/// "张三丰" → "张**": queues show who, not the full name.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_masked_after_its_first_character() {
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name(" Li "), "L*");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn application_numbers_are_dated_and_distinct() {
        let today = Date::new(2026, 11, 26).unwrap();
        let a = new_number(today);
        assert!(a.starts_with("YJ-20261126-"), "{a}");
        assert_eq!(a.len(), "YJ-20261126-".len() + 10);
        assert_ne!(a, new_number(today));
    }

    #[test]
    fn only_well_formed_idempotency_keys_are_accepted() {
        assert!(valid_key("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(!valid_key("short"));
        assert!(!valid_key("has spaces in it"));
    }
}
