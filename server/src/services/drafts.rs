//! Drafts on the server: the no-JavaScript round trip, uploaded materials and resume codes.
//!
//! A draft belongs to the session subject that made it. Links name it by a handle (random, and
//! useless without that session); its resume code — the one secret that opens it elsewhere — is
//! never in a URL, is stored hashed for lookup and sealed for showing to its owner. Sensitive
//! answers (ID numbers, bank accounts) are sealed at rest.

use std::collections::{BTreeMap, BTreeSet};

use app::api::backend::BackendError;
use app::api::{Draft, UploadedFile};

use crate::crypto::{new_token, random_bytes, token_hash, Keys};
use crate::db::Db;
use crate::repo;
use crate::services::{json, storage};

/// Thirty days: long enough to gather documents, short enough not to hoard personal data.
const LIFETIME_MILLIS: i64 = 30 * 24 * 3_600_000;
/// A draft is a form's worth of answers; anything larger is not a citizen typing.
const MAX_BYTES: usize = 64 * 1024;
/// Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LEN: usize = 16;

/// A new resume code: 16 characters of 32, 80 random bits (each character takes five bits of
/// one random byte; 256 is a multiple of 32, so every character is equally likely).
pub fn new_code() -> String {
    random_bytes::<CODE_LEN>()
        .iter()
        .map(|b| ALPHABET[(*b as usize) % 32] as char)
        .collect()
}

/// A handle as links carry it: what `crypto::new_token` makes (22 URL-safe characters).
fn valid_handle(handle: &str) -> bool {
    handle.len() == 22
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Seals the sensitive answers for storage.
pub fn seal_answers(
    keys: &Keys,
    sensitive: &BTreeSet<String>,
    answers: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    answers
        .iter()
        .map(|(k, v)| {
            let v = if sensitive.contains(k) && !v.is_empty() {
                keys.seal(v)
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect()
}

/// Opens sealed answers; a value that does not open (another key) is dropped, not guessed.
pub fn open_answers(keys: &Keys, answers: BTreeMap<String, String>) -> BTreeMap<String, String> {
    answers
        .into_iter()
        .filter_map(|(k, v)| {
            if Keys::is_sealed(&v) {
                keys.open(&v).map(|plain| (k, plain))
            } else {
                Some((k, v))
            }
        })
        .collect()
}

/// What drafts need besides the database: the key and which answers it seals.
pub struct Sealing<'a> {
    pub keys: &'a Keys,
    pub sensitive: std::sync::Arc<BTreeSet<String>>,
    /// The catalog version in use, recorded with every save.
    pub catalog_hash: String,
}

/// A code as typed ("abcd-efgh ijkm-npqr", "o" for zero) → the stored token, or none if it cannot be
/// one.
pub fn normalise(code: &str) -> Option<String> {
    let token: String = code
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{3000}'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (token.len() == CODE_LEN && token.bytes().all(|b| ALPHABET.contains(&b))).then_some(token)
}

/// Saves the answers under the draft's own handle when it still exists and belongs to `owner`,
/// otherwise as a new draft of `owner`'s with a new resume code; uploaded materials stay
/// attached. Returns the handle.
pub async fn save(
    db: &Db,
    sealing: &Sealing<'_>,
    draft: Draft,
    owner: &str,
    now: i64,
) -> Result<String, BackendError> {
    let answers = json(&seal_answers(
        sealing.keys,
        &sealing.sensitive,
        &draft.answers,
    ));
    if answers.len() > MAX_BYTES || draft.items.len() > 200 {
        return Err(BackendError::Draft(app::engine::Text::new(
            "填写的内容过多，无法保存。请检查是否误粘贴了大段文字。",
            "Too much to save. Check for a long text pasted by mistake.",
        )));
    }
    let mut conn = db.writer.acquire().await.map_err(storage)?;
    let existing = match valid_handle(&draft.token) {
        true => repo::draft(&mut conn, &draft.token, now)
            .await
            .map_err(storage)?
            .filter(|row| row.owner.as_deref() == Some(owner))
            .map(|_| draft.token.clone()),
        false => None,
    };
    let token = existing.unwrap_or_else(new_token);
    let code = new_code();
    repo::save_draft(
        &mut conn,
        &repo::NewDraft {
            token: &token,
            items: &json(&draft.items),
            answers: &answers,
            errors: &json(&draft.errors),
            problems: &json(&draft.problems),
            owner,
            code_hash: &token_hash(&code),
            code_sealed: &sealing.keys.seal(&code),
            catalog_hash: &sealing.catalog_hash,
            now,
            expires_at: now + LIFETIME_MILLIS,
        },
    )
    .await
    .map_err(storage)?;
    Ok(token)
}

/// A subject's live drafts, newest first: `(handle, items)`.
pub async fn of(
    db: &Db,
    owner: &str,
    now: i64,
) -> Result<Vec<(String, Vec<String>)>, BackendError> {
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let rows = repo::drafts_of(&mut conn, owner, now)
        .await
        .map_err(storage)?;
    Ok(rows
        .into_iter()
        .filter_map(|(token, items)| Some((token, serde_json::from_str(&items).ok()?)))
        .collect())
}

/// The draft with this handle and its owner, if it exists, has not expired and parses;
/// otherwise none (a stale link simply shows an empty form). Whether the caller may see it is
/// the backend's decision.
pub async fn load(
    db: &Db,
    keys: &Keys,
    handle: &str,
    now: i64,
) -> Result<Option<(Draft, Option<String>)>, BackendError> {
    if !valid_handle(handle) {
        return Ok(None);
    }
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let Some((row, files, checked)) = repo::draft_whole(&mut conn, handle, now)
        .await
        .map_err(storage)?
    else {
        return Ok(None);
    };
    drop(conn);
    let materials: BTreeMap<String, UploadedFile> = files
        .into_iter()
        .map(|m| {
            (
                m.material,
                UploadedFile {
                    hash: m.hash,
                    file_name: m.file_name,
                    media_type: m.media_type,
                    size: m.size.max(0) as u64,
                },
            )
        })
        .collect();
    let counter_checked = checked.into_iter().collect();
    let parsed = (|| {
        Some(Draft {
            token: handle.to_string(),
            code: row
                .code_sealed
                .as_deref()
                .and_then(|c| keys.open(c))
                .unwrap_or_default(),
            items: serde_json::from_str(&row.items).ok()?,
            answers: open_answers(keys, serde_json::from_str(&row.answers).ok()?),
            errors: serde_json::from_str(&row.errors).ok()?,
            problems: serde_json::from_str(&row.problems).ok()?,
            materials,
            counter_checked,
            made_under: row.catalog_hash.clone().unwrap_or_default(),
        })
    })();
    Ok(parsed.map(|d| (d, row.owner)))
}

/// The draft a resume code opens: `(handle, owner, items)`.
pub async fn find_by_code(
    db: &Db,
    code: &str,
    now: i64,
) -> Result<Option<(String, Option<String>, Vec<String>)>, BackendError> {
    let Some(code) = normalise(code) else {
        return Ok(None);
    };
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let found = repo::draft_by_code(&mut conn, &token_hash(&code), now)
        .await
        .map_err(storage)?;
    Ok(found.and_then(|(handle, owner, items)| {
        Some((handle, owner, serde_json::from_str(&items).ok()?))
    }))
}

/// Hands a draft to another subject (resumed with its code on another device).
pub async fn give_to(db: &Db, handle: &str, owner: &str) -> Result<(), BackendError> {
    let mut conn = db.writer.acquire().await.map_err(storage)?;
    repo::set_draft_owner(&mut conn, handle, owner)
        .await
        .map_err(storage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resume_code_survives_being_typed_by_hand() {
        let token = new_code();
        assert_eq!(token.len(), 16);
        let typed = format!(
            " {}-{} {}-{} ",
            &token[..4].to_lowercase(),
            &token[4..8],
            &token[8..12],
            &token[12..]
        );
        assert_eq!(normalise(&typed).as_deref(), Some(token.as_str()));
        assert_eq!(
            normalise("oo00-1111-2222-3333").as_deref(),
            Some("0000111122223333")
        );
        assert_eq!(
            normalise("IL00-1111-2222-3333").as_deref(),
            Some("1100111122223333")
        );
    }

    #[test]
    fn sensitive_answers_are_sealed_at_rest_and_open_again() {
        let keys = Keys::random();
        let sensitive = BTreeSet::from(["id_number".to_string()]);
        let answers = BTreeMap::from([
            ("id_number".to_string(), "11010519491231002X".to_string()),
            ("name".to_string(), "张三丰".to_string()),
        ]);
        let sealed = seal_answers(&keys, &sensitive, &answers);
        assert!(!json(&sealed).contains("11010519491231002X"));
        assert_eq!(sealed["name"], "张三丰");
        assert_eq!(open_answers(&keys, sealed.clone()), answers);
        assert!(!open_answers(&Keys::random(), sealed).contains_key("id_number"));
    }

    #[test]
    fn only_handles_that_could_be_ours_reach_the_database() {
        assert!(valid_handle(&new_token()));
        assert!(!valid_handle("ABCD-EFGH-JKMN"));
        assert!(!valid_handle("'; DROP TABLE drafts; --"));
    }

    #[test]
    fn every_character_of_a_resume_code_can_be_any_of_the_32() {
        // Over 4,000 codes each position meets all 32 characters (the chance that a fair one
        // misses any is about 10^-53); a position fed by fixed bits would not.
        let codes: Vec<Vec<u8>> = (0..4000).map(|_| new_code().into_bytes()).collect();
        for position in 0..CODE_LEN {
            let seen: std::collections::BTreeSet<u8> = codes.iter().map(|c| c[position]).collect();
            assert_eq!(seen.len(), 32, "position {position}");
        }
    }

    #[test]
    fn anything_that_cannot_be_a_code_is_refused_before_the_database() {
        assert_eq!(normalise(""), None);
        assert_eq!(normalise("ABCD-EFGH-JKMN"), None);
        assert_eq!(
            normalise("ABCD-EFGH-JKMN-PQRU"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(normalise("'; DROP TABLE drafts; --"), None);
    }
}
