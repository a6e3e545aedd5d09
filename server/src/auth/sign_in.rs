//! Citizen sign-in by mobile number and one-time code. The attempt is bound to the browser that
//! started it (an HttpOnly cookie holding a random attempt id, stored hashed), the code is stored
//! hashed, a few tries per code, a few minutes per code, and both steps go through the limiter.

use app::engine::{validate, Text};
use sqlx::Row;

use crate::crypto::{random_bytes, token_hash};

/// How long a code may be used.
pub const CODE_LIFETIME_MILLIS: i64 = 5 * 60_000;
/// Wrong codes per attempt before it is void.
const TRIES: i64 = 5;

/// Why a sign-in step was refused. Its code travels back to the page, which says it beside the
/// field (`app::pages::account`).
#[derive(Debug, PartialEq)]
pub enum Refusal {
    BadPhone(Text),
    WrongCode,
    Expired,
    Wait,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::BadPhone(_) => "phone",
            Refusal::WrongCode => "code",
            Refusal::Expired => "expired",
            Refusal::Wait => "wait",
        }
    }
}

/// A six-digit code, uniformly drawn.
pub fn new_code() -> String {
    let n = u64::from_le_bytes(random_bytes::<8>()) % 1_000_000;
    format!("{n:06}")
}

/// The number as typed ("138 0013 8000") → 11 digits, if it is a mainland mobile number.
pub fn parse_phone(typed: &str) -> Result<String, Refusal> {
    let digits = validate::normalise_digits(typed);
    validate::mobile(&digits).map_err(Refusal::BadPhone)?;
    Ok(digits)
}

/// "13800138000" → "138****8000".
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "***".into()
    }
}

fn code_hash(attempt: &str, code: &str) -> String {
    token_hash(&format!("{attempt}:{code}"))
}

pub async fn store_attempt(
    db: &crate::db::Db,
    attempt: &str,
    phone_sealed: &str,
    code: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_codes (attempt_hash, phone_sealed, code_hash, tries, expires_at) \
         VALUES ($1, $2, $3, 0, $4)",
    )
    .bind(token_hash(attempt))
    .bind(phone_sealed)
    .bind(code_hash(attempt, code))
    .bind(now + CODE_LIFETIME_MILLIS)
    .execute(&db.writer)
    .await
    .map(|_| ())
}

/// The sealed phone number of a live attempt.
pub async fn attempt_phone(
    db: &crate::db::Db,
    attempt: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT phone_sealed FROM sign_in_codes WHERE attempt_hash = $1 AND expires_at > $2 AND tries < $3",
    )
    .bind(token_hash(attempt))
    .bind(now)
    .bind(TRIES)
    .fetch_optional(&db.pool)
    .await
}

/// Checks a typed code. On success the attempt is used up and its sealed phone returned.
pub async fn check_code(
    db: &crate::db::Db,
    attempt: &str,
    typed: &str,
    now: i64,
) -> Result<Result<String, Refusal>, sqlx::Error> {
    let hash = token_hash(attempt);
    // The try is counted before the code is compared, in the statement that reads it: a burst
    // of concurrent guesses cannot all be compared against a count none of them has raised yet.
    let row = sqlx::query(
        "UPDATE sign_in_codes SET tries = tries + 1 \
         WHERE attempt_hash = $1 AND tries < $2 AND expires_at > $3 \
         RETURNING phone_sealed, code_hash",
    )
    .bind(&hash)
    .bind(TRIES)
    .bind(now)
    .fetch_optional(&db.writer)
    .await?;
    let Some(row) = row else {
        return Ok(Err(Refusal::Expired));
    };
    let typed: String = typed.chars().filter(char::is_ascii_digit).collect();
    let stored: String = row.try_get("code_hash")?;
    if code_hash(attempt, &typed) != stored {
        return Ok(Err(Refusal::WrongCode));
    }
    // Used once: of two requests with the right code, only the one that deletes it signs in.
    let used = sqlx::query("DELETE FROM sign_in_codes WHERE attempt_hash = $1")
        .bind(&hash)
        .execute(&db.writer)
        .await?;
    if used.rows_affected() != 1 {
        return Ok(Err(Refusal::Expired));
    }
    Ok(Ok(row.try_get("phone_sealed")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mobile_number_is_read_as_typed_and_masked_when_shown() {
        assert_eq!(parse_phone(" 138 0013 8000 ").unwrap(), "13800138000");
        assert!(matches!(parse_phone("12345"), Err(Refusal::BadPhone(_))));
        assert_eq!(mask_phone("13800138000"), "138****8000");
    }

    #[test]
    fn codes_have_six_digits() {
        let code = new_code();
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
    }
}
