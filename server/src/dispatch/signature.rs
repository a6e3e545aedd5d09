//! How the product and a department's system trust each other's requests: HMAC-SHA256 under the
//! receiver's shared secret, over the timestamp and the body (`"{timestamp}.{body}"`), so a body
//! cannot be changed nor an old request replayed outside a short window. The same scheme both
//! ways: deliveries we send, callbacks we receive.
//!
//! ```text
//! X-Yijian-Timestamp: 1795862400            (Unix seconds when signed)
//! X-Yijian-Signature: v1=<64 hex digits>     (HMAC-SHA256(secret, "1795862400." + body))
//! ```

use crate::crypto::{hmac_hex, hmac_verify};

pub const TIMESTAMP: &str = "x-yijian-timestamp";
pub const SIGNATURE: &str = "x-yijian-signature";
/// Which receiver a callback comes from (its id, as the administrator's page shows it).
pub const RECEIVER: &str = "x-yijian-receiver";
/// Which server instance sent a delivery (`<pid>-<random>`): for the receiving department's
/// logs and for drills that tell a resend after a crash from a duplicate.
pub const INSTANCE: &str = "x-yijian-instance";
/// The idempotency key of a delivery: one per part and destination, the same on every attempt.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// A signed request older or newer than this is refused (clocks differ by seconds, not minutes).
pub const WINDOW_SECS: i64 = 300;

const VERSION: &str = "v1=";

/// The `X-Yijian-Signature` value for `body` sent at `timestamp`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    format!(
        "{VERSION}{}",
        hmac_hex(secret.as_bytes(), &message(timestamp, body))
    )
}

fn message(timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut m = format!("{timestamp}.").into_bytes();
    m.extend_from_slice(body);
    m
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// A header is missing or not in the documented form.
    Malformed,
    /// Signed too long ago (or in the future): a replay or a wrong clock.
    Stale,
    /// Not signed with this receiver's secret, or the body was changed.
    Mismatch,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::Malformed => "malformed_signature",
            Refused::Stale => "stale_timestamp",
            Refused::Mismatch => "bad_signature",
        }
    }
}

/// Checks a request's timestamp and signature headers against `secret` at `now_secs`.
pub fn verify(
    secret: &str,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now_secs: i64,
) -> Result<(), Refused> {
    let timestamp: i64 = timestamp
        .and_then(|t| t.trim().parse().ok())
        .ok_or(Refused::Malformed)?;
    let signature = signature
        .and_then(|s| s.trim().strip_prefix(VERSION))
        .ok_or(Refused::Malformed)?;
    if (now_secs - timestamp).abs() > WINDOW_SECS {
        return Err(Refused::Stale);
    }
    if hmac_verify(secret.as_bytes(), &message(timestamp, body), signature) {
        Ok(())
    } else {
        Err(Refused::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_862_400;

    #[test]
    fn a_signed_body_verifies_with_the_same_secret_only() {
        let sig = sign("s3cret", NOW, b"{\"a\":1}");
        assert!(sig.starts_with("v1=") && sig.len() == 3 + 64);
        let ts = NOW.to_string();
        assert_eq!(
            verify("s3cret", Some(&ts), Some(&sig), b"{\"a\":1}", NOW),
            Ok(())
        );
        assert_eq!(
            verify("other", Some(&ts), Some(&sig), b"{\"a\":1}", NOW),
            Err(Refused::Mismatch)
        );
    }

    #[test]
    fn a_changed_body_or_timestamp_is_refused() {
        let sig = sign("s3cret", NOW, b"{\"a\":1}");
        let ts = NOW.to_string();
        assert_eq!(
            verify("s3cret", Some(&ts), Some(&sig), b"{\"a\":2}", NOW),
            Err(Refused::Mismatch)
        );
        let later = (NOW + 1).to_string();
        assert_eq!(
            verify("s3cret", Some(&later), Some(&sig), b"{\"a\":1}", NOW),
            Err(Refused::Mismatch)
        );
    }

    #[test]
    fn an_old_request_is_refused_even_with_a_good_signature() {
        let old = NOW - WINDOW_SECS - 1;
        let sig = sign("s3cret", old, b"x");
        assert_eq!(
            verify("s3cret", Some(&old.to_string()), Some(&sig), b"x", NOW),
            Err(Refused::Stale)
        );
    }

    #[test]
    fn missing_or_malformed_headers_are_refused() {
        let sig = sign("s3cret", NOW, b"x");
        let ts = NOW.to_string();
        assert_eq!(
            verify("s3cret", None, Some(&sig), b"x", NOW),
            Err(Refused::Malformed)
        );
        assert_eq!(
            verify("s3cret", Some(&ts), None, b"x", NOW),
            Err(Refused::Malformed)
        );
        assert_eq!(
            verify("s3cret", Some(&ts), Some(&sig[3..]), b"x", NOW),
            Err(Refused::Malformed)
        );
        assert_eq!(
            verify("s3cret", Some(&ts), Some("v1=zz"), b"x", NOW),
            Err(Refused::Mismatch)
        );
    }
}
