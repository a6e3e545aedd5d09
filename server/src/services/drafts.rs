//! Drafts on the server: the no-JavaScript round trip, uploaded materials and resume codes.

use std::collections::BTreeMap;

use app::api::backend::BackendError;
use app::api::{Draft, UploadedFile};

use crate::db::Db;
use crate::repo;
use crate::services::{json, storage};

/// Thirty days: long enough to gather documents, short enough not to hoard personal data.
const LIFETIME_MILLIS: i64 = 30 * 24 * 3_600_000;
/// A draft is a form's worth of answers; anything larger is not a citizen typing.
const MAX_BYTES: usize = 64 * 1024;
/// Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LEN: usize = 12;

/// A new resume code: 12 characters, 60 random bits.
pub fn new_token() -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    // Bytes 6 and 8 of a version-4 UUID carry its version and variant bits (byte 6's low five
    // bits are not all random); the other 14 are random, and each character takes 5 bits of one.
    bytes
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 6 && *i != 8)
        .take(CODE_LEN)
        .map(|(_, b)| ALPHABET[(*b as usize) % 32] as char)
        .collect()
}

/// A code as typed ("abcd-efgh ijkm", "o" for zero) → the stored token, or none if it cannot be
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

/// Saves the answers under the draft's own token when it still exists, otherwise under a new one;
/// uploaded materials stay attached; `owner` (a signed-in person) makes it theirs. Returns the
/// token.
pub async fn save(
    db: &Db,
    draft: Draft,
    owner: Option<&str>,
    now: i64,
) -> Result<String, BackendError> {
    let answers = json(&draft.answers);
    if answers.len() > MAX_BYTES || draft.items.len() > 200 {
        return Err(BackendError::Storage("draft too large".into()));
    }
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let existing = match normalise(&draft.token) {
        Some(t) => repo::draft(&mut conn, &t, now)
            .await
            .map_err(storage)?
            .map(|_| t),
        None => None,
    };
    let token = existing.unwrap_or_else(new_token);
    repo::save_draft(
        &mut conn,
        &token,
        &json(&draft.items),
        &answers,
        &json(&draft.errors),
        &json(&draft.problems),
        owner,
        now,
        now + LIFETIME_MILLIS,
    )
    .await
    .map_err(storage)?;
    Ok(token)
}

/// A signed-in person's live drafts, newest first: `(token, items)`.
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

/// The draft for `code`, if it exists, has not expired and parses; otherwise none (a stale link
/// simply shows an empty form).
pub async fn load(db: &Db, code: &str, now: i64) -> Result<Option<Draft>, BackendError> {
    let Some(token) = normalise(code) else {
        return Ok(None);
    };
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    let Some(row) = repo::draft(&mut conn, &token, now).await.map_err(storage)? else {
        return Ok(None);
    };
    let materials: BTreeMap<String, UploadedFile> = repo::draft_materials(&mut conn, &token)
        .await
        .map_err(storage)?
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
    let parsed = (|| {
        Some(Draft {
            token: token.clone(),
            items: serde_json::from_str(&row.items).ok()?,
            answers: serde_json::from_str(&row.answers).ok()?,
            errors: serde_json::from_str(&row.errors).ok()?,
            problems: serde_json::from_str(&row.problems).ok()?,
            materials,
        })
    })();
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resume_code_survives_being_typed_by_hand() {
        let token = new_token();
        assert_eq!(token.len(), 12);
        let typed = format!(
            " {}-{} {} ",
            &token[..4].to_lowercase(),
            &token[4..8],
            &token[8..]
        );
        assert_eq!(normalise(&typed).as_deref(), Some(token.as_str()));
        assert_eq!(normalise("oo00-1111-2222").as_deref(), Some("000011112222"));
        assert_eq!(normalise("IL00-1111-2222").as_deref(), Some("110011112222"));
    }

    #[test]
    fn every_character_of_a_resume_code_can_be_any_of_the_32() {
        // Over 4,000 codes each position meets all 32 characters (the chance that a fair one
        // misses any is about 10^-53); a position fed by a UUID's fixed bits would not.
        let codes: Vec<Vec<u8>> = (0..4000).map(|_| new_token().into_bytes()).collect();
        for position in 0..CODE_LEN {
            let seen: std::collections::BTreeSet<u8> = codes.iter().map(|c| c[position]).collect();
            assert_eq!(seen.len(), 32, "position {position}");
        }
    }

    #[test]
    fn anything_that_cannot_be_a_code_is_refused_before_the_database() {
        assert_eq!(normalise(""), None);
        assert_eq!(normalise("ABCD-EFGH"), None);
        assert_eq!(
            normalise("ABCD-EFGH-JKMU"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(normalise("'; DROP TABLE drafts; --"), None);
    }
}
