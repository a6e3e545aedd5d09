//! A reference receiver: what a department's system does with our deliveries, in a few lines —
//! check the signature, take each idempotency key once, answer 2xx. The tests and the drills
//! start it (`server receiver --listen ADDR`), and it can be told to fail, answer slowly or hang,
//! to prove retries, back-off and dead letters. Bind it to loopback: its control routes are
//! for tests.
//!
//! - `POST /parts`: a delivery. 401 on a bad signature; otherwise as the behaviour says.
//! - `GET /stats`: what it saw, as JSON.
//! - `GET /keys`: each idempotency key taken, with when it was answered 2xx and by which
//!   instance it was sent (`[[milliseconds since the epoch, instance], …]`, every time), for
//!   drills that check nothing was lost or sent twice.
//! - `POST /behaviour?mode=accept|fail|slow|hang[&status=503][&ms=2000]`: how to answer next.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::signature;

/// How the receiver answers deliveries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    Accept,
    /// Answers with this status (and takes nothing).
    Fail(u16),
    /// Waits, then accepts.
    Slow(Duration),
    /// Never answers in time (the sender's timeout ends it).
    Hang,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Every request to `/parts`.
    pub requests: u64,
    pub bad_signatures: u64,
    /// Answered with a failure on purpose.
    pub failed: u64,
    /// Distinct idempotency keys taken.
    pub taken: u64,
    /// Deliveries of a key taken before (answered 2xx again, not taken twice).
    pub repeated: u64,
}

pub struct Reference {
    secret: String,
    behaviour: Mutex<Behaviour>,
    stats: Mutex<Stats>,
    /// When each key was answered 2xx and which instance sent it (every time).
    keys: Mutex<HashMap<String, Vec<(i64, String)>>>,
    /// The bodies taken, in order (tests read what a department received).
    bodies: Mutex<Vec<serde_json::Value>>,
}

impl Reference {
    pub fn new(secret: &str) -> Arc<Reference> {
        Arc::new(Reference {
            secret: secret.to_string(),
            behaviour: Mutex::new(Behaviour::Accept),
            stats: Mutex::default(),
            keys: Mutex::default(),
            bodies: Mutex::default(),
        })
    }

    pub fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().expect("lock") = behaviour;
    }

    pub fn stats(&self) -> Stats {
        self.stats.lock().expect("lock").clone()
    }

    /// The deliveries taken so far.
    pub fn bodies(&self) -> Vec<serde_json::Value> {
        self.bodies.lock().expect("lock").clone()
    }
}

pub fn router(reference: Arc<Reference>) -> Router {
    Router::new()
        .route("/parts", post(take))
        .route("/stats", get(stats))
        .route("/keys", get(keys))
        .route("/behaviour", post(behave))
        .with_state(reference)
}

async fn take(State(r): State<Arc<Reference>>, headers: HeaderMap, body: Bytes) -> Response {
    r.stats.lock().expect("lock").requests += 1;
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let now = crate::clock::now_millis() / 1000;
    if signature::verify(
        &r.secret,
        h(signature::TIMESTAMP),
        h(signature::SIGNATURE),
        &body,
        now,
    )
    .is_err()
    {
        r.stats.lock().expect("lock").bad_signatures += 1;
        return (StatusCode::UNAUTHORIZED, "bad signature").into_response();
    }
    let Some(key) = h(signature::IDEMPOTENCY_KEY).map(String::from) else {
        return (StatusCode::BAD_REQUEST, "no idempotency key").into_response();
    };
    let behaviour = *r.behaviour.lock().expect("lock");
    match behaviour {
        Behaviour::Accept => {}
        Behaviour::Fail(status) => {
            r.stats.lock().expect("lock").failed += 1;
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            return (status, "failing on purpose").into_response();
        }
        Behaviour::Slow(wait) => tokio::time::sleep(wait).await,
        Behaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    }
    let first = {
        let mut keys = r.keys.lock().expect("lock");
        let times = keys.entry(key).or_default();
        let instance = h(signature::INSTANCE).unwrap_or_default().to_string();
        times.push((crate::clock::now_millis(), instance));
        times.len() == 1
    };
    {
        let mut stats = r.stats.lock().expect("lock");
        if first {
            stats.taken += 1;
        } else {
            stats.repeated += 1;
        }
    }
    if first {
        if let Ok(value) = serde_json::from_slice(&body) {
            r.bodies.lock().expect("lock").push(value);
        }
    }
    Json(serde_json::json!({"taken": first})).into_response()
}

async fn stats(State(r): State<Arc<Reference>>) -> Json<Stats> {
    Json(r.stats())
}

async fn keys(State(r): State<Arc<Reference>>) -> Json<HashMap<String, Vec<(i64, String)>>> {
    Json(r.keys.lock().expect("lock").clone())
}

#[derive(Deserialize)]
struct Mode {
    mode: String,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    ms: Option<u64>,
}

async fn behave(State(r): State<Arc<Reference>>, Query(m): Query<Mode>) -> Response {
    let behaviour = match m.mode.as_str() {
        "accept" => Behaviour::Accept,
        "fail" => Behaviour::Fail(m.status.unwrap_or(503)),
        "slow" => Behaviour::Slow(Duration::from_millis(m.ms.unwrap_or(2000))),
        "hang" => Behaviour::Hang,
        _ => return (StatusCode::BAD_REQUEST, "mode: accept, fail, slow or hang").into_response(),
    };
    r.set(behaviour);
    (StatusCode::OK, "ok").into_response()
}
