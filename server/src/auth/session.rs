//! Server-side sessions. The browser holds a random 128-bit id in an HttpOnly, SameSite=Lax
//! cookie (`Secure` and `__Host-` over HTTPS); the database holds only its SHA-256, the subject
//! that owns what the session makes, and for a citizen what the identity service vouched for,
//! sealed. A session ends when idle too long, at its absolute expiry, or at sign-out (the row is
//! deleted, so a copied cookie opens nothing afterwards). Every sign-in makes a new id.

use app::api::caller::{Caller, Citizen, Role, StaffMember};
use cookie::{Cookie, SameSite};
use sqlx::Row;

use crate::crypto::{new_token, token_hash, Keys};
use crate::db::Db;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Anonymous,
    Citizen,
    Staff,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Anonymous => "anonymous",
            Kind::Citizen => "citizen",
            Kind::Staff => "staff",
        }
    }

    /// (idle, absolute) lifetimes. Staff sessions are short: a counter computer is shared.
    fn lifetimes(self) -> (i64, i64) {
        match self {
            Kind::Anonymous | Kind::Citizen => (4 * HOUR, 24 * HOUR),
            Kind::Staff => (30 * MINUTE, 12 * HOUR),
        }
    }
}

/// How often a session's idle deadline is pushed forward: not on every request (a write each).
const TOUCH_EVERY: i64 = MINUTE;

#[derive(Clone, Debug)]
pub struct Sessions {
    db: Db,
    keys: Keys,
    https: bool,
}

impl Sessions {
    pub fn new(db: Db, keys: Keys, https: bool) -> Sessions {
        Sessions { db, keys, https }
    }

    pub fn cookie_name(&self) -> &'static str {
        if self.https {
            "__Host-yj_session"
        } else {
            "yj_session"
        }
    }

    /// A cookie of ours: HttpOnly, SameSite=Lax, whole site; `Secure` over HTTPS.
    pub fn cookie(&self, name: &str, value: &str, max_age_millis: i64) -> String {
        Cookie::build((name.to_string(), value.to_string()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.https)
            .max_age(cookie::time::Duration::milliseconds(max_age_millis.max(0)))
            .build()
            .to_string()
    }

    /// Tells the browser to drop a cookie.
    pub fn clear(&self, name: &str) -> String {
        self.cookie(name, "", 0)
    }

    async fn open(
        &self,
        kind: Kind,
        subject: &str,
        identity: Option<&Citizen>,
        staff_id: Option<&str>,
        now: i64,
    ) -> Result<String, sqlx::Error> {
        let id = new_token();
        let (idle, absolute) = kind.lifetimes();
        let sealed = identity.map(|c| {
            self.keys
                .seal(&serde_json::to_string(c).unwrap_or_default())
        });
        sqlx::query(
            "INSERT INTO sessions (id_hash, kind, subject, identity, staff_id, created_at, last_seen_at, \
             idle_until, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(token_hash(&id))
        .bind(kind.code())
        .bind(subject)
        .bind(sealed)
        .bind(staff_id)
        .bind(now)
        .bind(now)
        .bind(now + idle)
        .bind(now + absolute)
        .execute(&self.db.writer)
        .await?;
        Ok(self.cookie(self.cookie_name(), &id, absolute))
    }

    /// A session for a visitor who saves something before signing in.
    pub async fn open_anonymous(&self, now: i64) -> Result<(Caller, String), sqlx::Error> {
        let owner = format!("anon:{}", new_token());
        let cookie = self.open(Kind::Anonymous, &owner, None, None, now).await?;
        Ok((Caller::AnonymousWithSession { owner }, cookie))
    }

    pub async fn open_citizen(&self, citizen: &Citizen, now: i64) -> Result<String, sqlx::Error> {
        self.open(Kind::Citizen, &citizen.subject, Some(citizen), None, now)
            .await
    }

    pub async fn open_staff(&self, staff_id: &str, now: i64) -> Result<String, sqlx::Error> {
        self.open(Kind::Staff, staff_id, None, Some(staff_id), now)
            .await
    }

    /// Who holds this session id, if it is live. Pushes the idle deadline forward.
    pub async fn resolve(&self, id: &str, now: i64) -> Result<Option<Caller>, sqlx::Error> {
        let hash = token_hash(id);
        let row = sqlx::query(
            "SELECT s.kind, s.subject, s.identity, s.last_seen_at, st.username, st.display_name, \
             st.role, st.department_id, st.active, st.must_change_password FROM sessions s \
             LEFT JOIN staff st ON st.id = s.staff_id \
             WHERE s.id_hash = $1 AND s.idle_until > $2 AND s.expires_at > $2",
        )
        .bind(&hash)
        .bind(now)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let kind: String = row.try_get("kind")?;
        let subject: String = row.try_get("subject")?;
        let caller = match kind.as_str() {
            "anonymous" => Some(Caller::AnonymousWithSession { owner: subject }),
            "citizen" => row
                .try_get::<Option<String>, _>("identity")?
                .and_then(|sealed| self.keys.open(&sealed))
                .and_then(|json| serde_json::from_str::<Citizen>(&json).ok())
                .map(Caller::Citizen),
            "staff" => {
                // A deactivated account's sessions stop at once, not at their expiry.
                let active: Option<i64> = row.try_get("active")?;
                let role: Option<String> = row.try_get("role")?;
                match (active, role.as_deref().and_then(Role::parse)) {
                    (Some(1), Some(role)) => Some(Caller::Staff(StaffMember {
                        id: subject,
                        username: row
                            .try_get::<Option<String>, _>("username")?
                            .unwrap_or_default(),
                        name: row
                            .try_get::<Option<String>, _>("display_name")?
                            .unwrap_or_default(),
                        role,
                        department: row.try_get("department_id")?,
                        must_change_password: row
                            .try_get::<Option<i64>, _>("must_change_password")?
                            == Some(1),
                    })),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some(caller) = caller else {
            return Ok(None);
        };
        let last_seen: i64 = row.try_get("last_seen_at")?;
        if now - last_seen >= TOUCH_EVERY {
            let idle = match kind.as_str() {
                "staff" => Kind::Staff.lifetimes().0,
                _ => Kind::Citizen.lifetimes().0,
            };
            sqlx::query(
                "UPDATE sessions SET last_seen_at = $1, idle_until = $2 WHERE id_hash = $3",
            )
            .bind(now)
            .bind(now + idle)
            .bind(&hash)
            .execute(&self.db.writer)
            .await?;
        }
        Ok(Some(caller))
    }

    /// Ends a session for good: the row goes, so the cookie opens nothing any more.
    pub async fn revoke(&self, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(token_hash(id))
            .execute(&self.db.writer)
            .await
            .map(|_| ())
    }

    /// Ends every session of a staff member (deactivated, or a new password).
    pub async fn revoke_staff(&self, staff_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE staff_id = $1")
            .bind(staff_id)
            .execute(&self.db.writer)
            .await
            .map(|_| ())
    }
}

/// One cookie's value from a request's headers, parsed by the `cookie` crate.
pub fn read_cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}
