//! Slows down guessing. A resume code opens someone's draft, a tracking number someone's
//! progress, a one-time code or a password someone's account: one limiter guards every lookup by
//! token or code. (Draft handles in links need no allowance: they open nothing without the
//! owner's session.) Failures are counted per client address and kind in fixed windows, in the
//! database — so every instance on one PostgreSQL database counts the same attempts, and memory
//! holds nothing per client. Each attempt is counted before its lookup and given back when it
//! succeeds, so concurrent guesses cannot slip past together. Old windows are swept with expired
//! sessions.

use sqlx::Row;

use crate::db::Db;

/// The kinds of lookup, each with its own allowance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    ResumeCode,
    TrackingNumber,
    /// Starting a sign-in by mobile number (each start sends a code), per client address:
    /// generous, since many people may share one address (an office, a carrier's NAT).
    SignInStart,
    /// Starting a sign-in, per mobile number (keyed hash): nobody's phone is flooded.
    SignInNumber,
    SignInCode,
    StaffPassword,
}

impl Scope {
    pub const ALL: [Scope; 6] = [
        Scope::SignInNumber,
        Scope::ResumeCode,
        Scope::TrackingNumber,
        Scope::SignInStart,
        Scope::SignInCode,
        Scope::StaffPassword,
    ];

    fn code(self) -> &'static str {
        match self {
            Scope::ResumeCode => "resume",
            Scope::TrackingNumber => "tracking",
            Scope::SignInStart => "sign_in_start",
            Scope::SignInNumber => "sign_in_number",
            Scope::SignInCode => "sign_in_code",
            Scope::StaffPassword => "staff_password",
        }
    }

    /// Failures allowed per window before the client must wait.
    pub fn allowed(self) -> i64 {
        match self {
            Scope::ResumeCode | Scope::SignInCode | Scope::StaffPassword => 10,
            Scope::SignInStart => 30,
            Scope::SignInNumber => 5,
            Scope::TrackingNumber => 20,
        }
    }
}

/// Ten minutes: a person who mistyped waits briefly; a guesser gets a few dozen tries an hour.
pub const WINDOW_MILLIS: i64 = 10 * 60_000;

#[derive(Clone, Debug)]
pub struct Limiter {
    db: Db,
}

impl Limiter {
    pub fn new(db: Db) -> Limiter {
        Limiter { db }
    }

    /// Counts this attempt by `client` and says whether it may go ahead: at most
    /// [`Scope::allowed`] per window. Counted *before* the lookup, in the one statement that
    /// reads the count, so a burst of concurrent guesses (on one instance or several) cannot all
    /// pass a check none of them has counted yet; over the allowance even the right code is not
    /// looked up. An attempt that succeeds gives its count back ([`Limiter::succeeded`]): what
    /// the allowance limits is failures.
    pub async fn admit(&self, scope: Scope, client: &str, now: i64) -> Result<bool, sqlx::Error> {
        let row = sqlx::query(
            "INSERT INTO lookup_failures (scope, client, window_start, failures) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (scope, client) DO UPDATE SET \
             failures = CASE WHEN $3 - lookup_failures.window_start >= $4 THEN 1 ELSE lookup_failures.failures + 1 END, \
             window_start = CASE WHEN $3 - lookup_failures.window_start >= $4 THEN $3 ELSE lookup_failures.window_start END \
             RETURNING failures",
        )
        .bind(scope.code())
        .bind(client)
        .bind(now)
        .bind(WINDOW_MILLIS)
        .fetch_one(&self.db.writer)
        .await?;
        let counted: i64 = row.try_get("failures")?;
        Ok(counted <= scope.allowed())
    }

    /// The attempt [`Limiter::admit`] counted succeeded: it is not a failure.
    pub async fn succeeded(&self, scope: Scope, client: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE lookup_failures SET failures = failures - 1 \
             WHERE scope = $1 AND client = $2 AND failures > 0",
        )
        .bind(scope.code())
        .bind(client)
        .execute(&self.db.writer)
        .await
        .map(|_| ())
    }

    /// Drops finished windows.
    pub async fn sweep(&self, now: i64) -> Result<u64, sqlx::Error> {
        sqlx::query("DELETE FROM lookup_failures WHERE window_start < $1")
            .bind(now - WINDOW_MILLIS)
            .execute(&self.db.writer)
            .await
            .map(|r| r.rows_affected())
    }
}
