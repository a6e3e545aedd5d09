//! Slows down guessing. A resume code opens someone's draft (name, ID number, documents), so a
//! client that keeps typing wrong codes is made to wait before any further code is looked up.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong resume codes one client may try per window before it has to wait.
pub const RESUME_FAILURES_ALLOWED: u32 = 10;
/// How long the count of wrong codes is kept.
pub const RESUME_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Beyond this many clients the table drops finished windows, so memory stays bounded.
const TABLE_LIMIT: usize = 100_000;

/// Failed attempts per client address in a fixed window.
pub struct FailedAttempts {
    allowed: u32,
    window: Duration,
    table: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl FailedAttempts {
    pub fn new(allowed: u32, window: Duration) -> Self {
        Self {
            allowed,
            window,
            table: Mutex::new(HashMap::new()),
        }
    }

    /// The limiter for resume codes.
    pub fn for_resume_codes() -> Self {
        Self::new(RESUME_FAILURES_ALLOWED, RESUME_WINDOW)
    }

    /// Whether `client` has used up its wrong attempts for now.
    pub fn must_wait(&self, client: IpAddr, now: Instant) -> bool {
        let table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        table.get(&client).is_some_and(|(start, count)| {
            now.duration_since(*start) < self.window && *count >= self.allowed
        })
    }

    /// Counts one wrong attempt by `client`.
    pub fn failed(&self, client: IpAddr, now: Instant) {
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        if table.len() >= TABLE_LIMIT {
            let window = self.window;
            table.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = table.entry(client).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(last: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, last])
    }

    #[test]
    fn a_client_waits_after_too_many_wrong_codes_and_may_try_again_after_the_window() {
        let limits = FailedAttempts::new(3, Duration::from_secs(60));
        let start = Instant::now();
        for _ in 0..3 {
            assert!(!limits.must_wait(client(1), start));
            limits.failed(client(1), start);
        }
        assert!(limits.must_wait(client(1), start + Duration::from_secs(59)));
        assert!(!limits.must_wait(client(1), start + Duration::from_secs(60)));
        limits.failed(client(1), start + Duration::from_secs(61));
        assert!(
            !limits.must_wait(client(1), start + Duration::from_secs(61)),
            "a new window starts from one"
        );
    }

    #[test]
    fn one_clients_wrong_codes_do_not_hold_up_another() {
        let limits = FailedAttempts::new(1, Duration::from_secs(60));
        let now = Instant::now();
        limits.failed(client(1), now);
        assert!(limits.must_wait(client(1), now));
        assert!(!limits.must_wait(client(2), now));
    }
}
