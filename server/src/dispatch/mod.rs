//! Dispatch: every part reaches its department, once. Submission writes an outbox row per part
//! in its own transaction; the dispatcher on each instance claims due rows for a lease, delivers
//! them and records the outcome. A department without an active receiver is served by the
//! product's own queue: the part is already there, so its entry is marked delivered in the
//! transaction that writes it and the dispatcher never sees it. A department that runs
//! its own system gets a signed webhook (see `signature`), retried with exponential back-off and
//! jitter up to a cap of attempts, then kept as a dead letter for an administrator.
//!
//! Delivery is at least once, with an idempotency key per part and destination: a receiver
//! that answered 2xx is never sent the part again while instances live; if an instance is killed
//! between the receiver's answer and the mark, the part is sent again after the lease, with the
//! same key, for the receiver to recognise (the reference receiver does).

pub mod admin;
pub mod callback;
pub mod payload;
pub mod receiver;
pub mod signature;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::backend::AppBackend;
use crate::clock::now_millis;

/// How the dispatcher paces itself. Defaults suit a city; tests and drills shorten them.
#[derive(Clone, Debug)]
pub struct DispatchConfig {
    /// Names this process in claims (random per start).
    pub instance: String,
    /// How often to look for due entries when nothing woke the dispatcher (other instances'
    /// submissions, retries coming due).
    pub poll: Duration,
    /// How long a claim holds: longer than a delivery's timeout, so a live instance never loses
    /// an entry it is still delivering.
    pub lease: Duration,
    /// How long a receiver may take to answer.
    pub timeout: Duration,
    /// The first retry's delay; each further retry doubles it, up to `retry_max`.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// Attempts before an entry becomes a dead letter.
    pub max_attempts: i64,
    /// Deliveries in flight at once.
    pub concurrency: i64,
}

impl Default for DispatchConfig {
    fn default() -> Self {
        DispatchConfig {
            instance: format!("{}-{}", std::process::id(), crate::crypto::new_token()),
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(60),
            timeout: Duration::from_secs(10),
            retry_base: Duration::from_secs(5),
            retry_max: Duration::from_secs(60 * 60),
            max_attempts: 12,
            concurrency: 8,
        }
    }
}

impl DispatchConfig {
    /// The default, changed by `YIJIAN_DISPATCH_POLL_MS`, `…_LEASE_MS`, `…_TIMEOUT_MS`,
    /// `…_RETRY_BASE_MS`, `…_RETRY_MAX_MS`, `…_MAX_ATTEMPTS` and `…_CONCURRENCY`.
    pub fn from_env() -> Result<DispatchConfig, String> {
        let mut c = DispatchConfig::default();
        let number = |name: &str| -> Result<Option<u64>, String> {
            match std::env::var(name).ok().filter(|v| !v.trim().is_empty()) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse::<u64>()
                    .map(Some)
                    .map_err(|_| format!("{name} is not a whole number: {v}")),
            }
        };
        let ms = Duration::from_millis;
        if let Some(v) = number("YIJIAN_DISPATCH_POLL_MS")? {
            c.poll = ms(v.max(10));
        }
        if let Some(v) = number("YIJIAN_DISPATCH_LEASE_MS")? {
            c.lease = ms(v);
        }
        if let Some(v) = number("YIJIAN_DISPATCH_TIMEOUT_MS")? {
            c.timeout = ms(v);
        }
        if let Some(v) = number("YIJIAN_DISPATCH_RETRY_BASE_MS")? {
            c.retry_base = ms(v);
        }
        if let Some(v) = number("YIJIAN_DISPATCH_RETRY_MAX_MS")? {
            c.retry_max = ms(v);
        }
        if let Some(v) = number("YIJIAN_DISPATCH_MAX_ATTEMPTS")? {
            c.max_attempts = v.max(1) as i64;
        }
        if let Some(v) = number("YIJIAN_DISPATCH_CONCURRENCY")? {
            c.concurrency = v.clamp(1, 256) as i64;
        }
        if c.lease <= c.timeout {
            return Err("YIJIAN_DISPATCH_LEASE_MS must be longer than the delivery timeout".into());
        }
        Ok(c)
    }

    /// The delay before the attempt after `attempts` failed ones: doubling from `retry_base`,
    /// capped at `retry_max`, then between half and all of it at random ("equal jitter"), so
    /// entries that failed together do not all come back together.
    pub fn backoff(&self, attempts: i64, unit_random: f64) -> Duration {
        let doublings = (attempts.max(1) - 1).min(30) as u32;
        let full = self
            .retry_base
            .saturating_mul(2u32.saturating_pow(doublings))
            .min(self.retry_max);
        full.mul_f64(0.5 + 0.5 * unit_random.clamp(0.0, 1.0))
    }
}

/// Why one attempt did not deliver.
#[derive(Debug)]
struct Failure {
    error: String,
    /// Retrying cannot help (the receiver refused the request as such): dead letter at once.
    permanent: bool,
}

impl Failure {
    fn retry(error: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            permanent: false,
        }
    }
    fn permanent(error: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            permanent: true,
        }
    }
}

/// Where deliveries went, for the log (tests read the database).
pub const OWN_QUEUE: &str = "queue";

struct Dispatcher {
    backend: Arc<AppBackend>,
    config: DispatchConfig,
    base: String,
    client: reqwest::Client,
}

/// Starts the dispatcher. It stops claiming when `stop` turns true, finishes what is in
/// flight, hands back anything it still holds, and ends.
pub fn spawn(
    backend: Arc<AppBackend>,
    config: DispatchConfig,
    base: String,
    stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    let client = reqwest::Client::builder()
        .timeout(config.timeout)
        .connect_timeout(config.timeout)
        // A receiver's redirect is an error to fix in its configuration, not a hop to follow
        // with the part's data.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("yijian-dispatch/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("an HTTP client with these settings builds");
    let dispatcher = Arc::new(Dispatcher {
        backend,
        config,
        base: base.trim_end_matches('/').to_string(),
        client,
    });
    tokio::spawn(dispatcher.run(stop))
}

impl Dispatcher {
    async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let db = self.backend.db().clone();
        let wake = self.backend.dispatch_wake();
        tracing::info!(instance = %self.config.instance, "dispatcher started");
        loop {
            if *stop.borrow() {
                break;
            }
            let now = now_millis();
            let lease_until = now + self.config.lease.as_millis() as i64;
            match store::claim(
                &db,
                &self.config.instance,
                now,
                lease_until,
                self.config.concurrency,
            )
            .await
            {
                Ok(batch) if !batch.is_empty() => {
                    let batch = self.mark_own_queue(batch).await;
                    let mut flight = tokio::task::JoinSet::new();
                    for (entry, receiver) in batch {
                        flight.spawn(self.clone().settle(entry, receiver));
                    }
                    // Finish every delivery of the batch, even when asked to stop: a delivery
                    // cut off mid-way is one the receiver may or may not have taken.
                    while flight.join_next().await.is_some() {}
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "claiming outbox entries failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(self.config.poll) => {}
                _ = wake.notified() => {}
                _ = stop.changed() => {}
            }
        }
        match store::release(&db, &self.config.instance).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(released = n, "dispatcher handed back its claims"),
            Err(e) => tracing::error!(error = %e, "handing back claims failed"),
        }
        tracing::info!(instance = %self.config.instance, "dispatcher stopped");
    }

    /// Marks at once, in one write, the entries of departments the product's own queue serves
    /// (no outside effect to wait for: the part is already on the department's desk), and
    /// returns the others with their receiver. Entries are normally marked as they are
    /// written (`store::insert_many`); these are the ones whose department's system was switched
    /// off after they were written.
    async fn mark_own_queue(
        &self,
        batch: Vec<store::Claimed>,
    ) -> Vec<(store::Claimed, store::Receiver)> {
        let db = self.backend.db();
        let receivers = async {
            let mut conn = db.pool.acquire().await?;
            store::receivers(&mut conn).await
        }
        .await;
        let receivers = match receivers {
            Ok(r) => r,
            Err(e) => {
                // Nothing marked: the leases run out and the entries come back.
                tracing::error!(error = %e, "reading receivers failed");
                return Vec::new();
            }
        };
        let (outside, own): (Vec<_>, Vec<_>) = batch
            .into_iter()
            .map(|entry| {
                let receiver = receivers
                    .iter()
                    .find(|r| r.active && r.department_id == entry.department_id)
                    .cloned();
                (entry, receiver)
            })
            .partition(|(_, receiver)| receiver.is_some());
        if !own.is_empty() {
            let ids: Vec<&str> = own.iter().map(|(e, _)| e.id.as_str()).collect();
            if let Err(e) =
                store::delivered_all(db, &ids, &self.config.instance, OWN_QUEUE, now_millis()).await
            {
                tracing::error!(error = %e, "marking deliveries to the own queue failed");
            }
        }
        outside
            .into_iter()
            .filter_map(|(entry, receiver)| receiver.map(|r| (entry, r)))
            .collect()
    }

    /// Delivers one entry to its department's system and records the outcome.
    async fn settle(self: Arc<Self>, entry: store::Claimed, receiver: store::Receiver) {
        let db = self.backend.db();
        let instance = &self.config.instance;
        let outcome = self.deliver(&entry, &receiver).await;
        let now = now_millis();
        let written = match outcome {
            Ok(to) => match store::delivered(db, &entry.id, instance, &to, now).await {
                Ok(true) => {
                    tracing::debug!(entry = %entry.id, part = %entry.part_id, to, "delivered");
                    Ok(())
                }
                Ok(false) => {
                    tracing::warn!(entry = %entry.id, "delivered after the lease ran out");
                    Ok(())
                }
                Err(e) => Err(e),
            },
            Err(f) if f.permanent || entry.attempts >= self.config.max_attempts => {
                tracing::warn!(entry = %entry.id, part = %entry.part_id, attempts = entry.attempts,
                    error = %f.error, "delivery given up: dead letter");
                store::dead(db, &entry.id, instance, now, &f.error).await
            }
            Err(f) => {
                let delay = self.config.backoff(entry.attempts, unit_random());
                tracing::info!(entry = %entry.id, attempts = entry.attempts, error = %f.error,
                    retry_in_ms = delay.as_millis() as u64, "delivery failed; will retry");
                store::retry_at(
                    db,
                    &entry.id,
                    instance,
                    now + delay.as_millis() as i64,
                    &f.error,
                )
                .await
            }
        };
        if let Err(e) = written {
            // The lease runs out and another attempt follows: nothing is lost.
            tracing::error!(entry = %entry.id, error = %e, "recording a delivery failed");
        }
    }

    async fn deliver(
        &self,
        entry: &store::Claimed,
        receiver: &store::Receiver,
    ) -> Result<String, Failure> {
        let backend = &self.backend;
        let mut conn = backend
            .db()
            .pool
            .acquire()
            .await
            .map_err(|e| Failure::retry(format!("database: {e}")))?;
        let row = crate::repo::part(&mut conn, &entry.part_id)
            .await
            .map_err(|e| Failure::retry(format!("database: {e}")))?
            .ok_or_else(|| Failure::permanent("the part no longer exists"))?;
        drop(conn);
        let secret = backend.keys().open(&receiver.secret).ok_or_else(|| {
            Failure::permanent("the receiver's secret does not open with this data key")
        })?;
        let now_secs = now_millis() / 1000;
        let body = payload::body(
            &backend.catalog(),
            backend.keys(),
            &payload::Delivery {
                id: &entry.id,
                attempt: entry.attempts,
                row: &row,
                base: &self.base,
                now_secs,
            },
        )
        .map_err(Failure::permanent)?;
        let signature = signature::sign(&secret, now_secs, &body);
        let response = self
            .client
            .post(&receiver.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(signature::IDEMPOTENCY_KEY, &entry.id)
            .header(signature::INSTANCE, &self.config.instance)
            .header(signature::TIMESTAMP, now_secs.to_string())
            .header(signature::SIGNATURE, signature)
            .body(body)
            .send()
            .await
            .map_err(|e| Failure::retry(describe(&e)))?;
        let status = response.status();
        if status.is_success() {
            return Ok(receiver.id.clone());
        }
        let text: String = response
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect();
        let error = format!("HTTP {}: {}", status.as_u16(), text.trim());
        // 4xx says the request itself is wrong (a bad signature, a refused payload): retrying
        // the same request cannot help. Except: timeouts, conflicts, too early, too many.
        let transient = matches!(status.as_u16(), 408 | 409 | 425 | 429);
        if status.is_client_error() && !transient {
            Err(Failure::permanent(error))
        } else {
            Err(Failure::retry(error))
        }
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        e.to_string()
    }
}

/// A number in [0, 1) from the OS random source (jitter need not be secret, but this is at hand).
fn unit_random() -> f64 {
    let bytes = crate::crypto::random_bytes::<8>();
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> DispatchConfig {
        DispatchConfig {
            retry_base: Duration::from_secs(5),
            retry_max: Duration::from_secs(60),
            ..DispatchConfig::default()
        }
    }

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_the_cap() {
        let c = config();
        assert_eq!(c.backoff(1, 1.0), Duration::from_secs(5));
        assert_eq!(c.backoff(2, 1.0), Duration::from_secs(10));
        assert_eq!(c.backoff(3, 1.0), Duration::from_secs(20));
        assert_eq!(c.backoff(5, 1.0), Duration::from_secs(60));
        assert_eq!(c.backoff(40, 1.0), Duration::from_secs(60));
    }

    #[test]
    fn jitter_keeps_at_least_half_of_the_delay() {
        let c = config();
        assert_eq!(c.backoff(2, 0.0), Duration::from_secs(5));
        assert!(c.backoff(2, 0.5) > Duration::from_secs(5));
        let r = unit_random();
        assert!((0.0..1.0).contains(&r));
    }
}
