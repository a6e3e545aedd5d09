#![recursion_limit = "256"]
//! Dispatch over real HTTP on SQLite and PostgreSQL: parts reach their department's own system
//! signed and once, failures are retried with back-off and kept as dead letters, systems report
//! decisions through a signed callback that refuses forgeries and replays, and several
//! instances on one database never deliver a part twice.

mod helpers;

use std::sync::Arc;
use std::time::Duration;

use app::api::{Delivery, SubmitOutcome};
use helpers::*;
use server::dispatch::receiver::{Behaviour, Reference};
use server::dispatch::{signature, DispatchConfig};
use tokio::sync::watch;

const SECRET: &str = "a-shared-secret-of-more-than-32-characters";

/// The reference receiver on a port of its own; returns it and its `/parts` address.
async fn start_receiver() -> (Arc<Reference>, String) {
    let reference = Reference::new(SECRET);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = server::dispatch::receiver::router(reference.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (reference, format!("http://{addr}/parts"))
}

/// Quick pacing for tests: retries in tens of milliseconds, three attempts.
fn quick() -> DispatchConfig {
    DispatchConfig {
        poll: Duration::from_millis(50),
        lease: Duration::from_secs(5),
        timeout: Duration::from_millis(500),
        retry_base: Duration::from_millis(50),
        retry_max: Duration::from_millis(200),
        max_attempts: 3,
        ..DispatchConfig::default()
    }
}

struct Running {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    async fn stop(self) {
        let _ = self.stop.send(true);
        self.task.await.expect("dispatcher ends");
    }
}

fn dispatcher(app: &TestApp, config: DispatchConfig) -> Running {
    let (stop, stopped) = watch::channel(false);
    let task = server::dispatch::spawn(app.backend.clone(), config, app.base.clone(), stopped);
    Running { stop, task }
}

async fn set_receiver(app: &TestApp, department: &str, url: &str) -> String {
    server::services::receivers::save(
        &app.backend,
        None,
        server::services::receivers::ReceiverForm {
            department: department.into(),
            url: url.into(),
            secret: SECRET.into(),
            active: true,
        },
        server::clock::now_millis(),
    )
    .await
    .expect("receiver saved")
}

async fn submitted(app: &TestApp, key: &str) -> String {
    match app
        .submit(&WORK_INJURY_SET, &work_injury_answers(), key)
        .await
    {
        SubmitOutcome::Accepted { number } => number,
        other => panic!("refused: {other:?}"),
    }
}

/// How far each part has got, as the tracking page tells anyone with the number.
async fn deliveries(app: &TestApp, number: &str) -> Vec<Delivery> {
    use app::api::backend::Backend;
    app.backend
        .track(
            &app::api::caller::Caller::Anonymous,
            number,
            "tracking-test",
        )
        .await
        .expect("tracked")
        .expect("found")
        .parts
        .iter()
        .map(|p| p.delivery)
        .collect()
}

/// Waits (up to 20 s) until `sql` counts `want`.
async fn until(app: &TestApp, sql: &'static str, want: i64) {
    for _ in 0..400 {
        if app.count(sql).await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{sql} never reached {want} (now {})", app.count(sql).await);
}

#[tokio::test]
async fn without_a_receiver_parts_are_delivered_to_the_departments_own_queue() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let running = dispatcher(&app, quick());
        let number = submitted(&app, "key-dispatch-queue-0001").await;
        assert_eq!(
            deliveries(&app, &number).await,
            vec![Delivery::Received; 5],
            "{backend:?}: on the departments' desks as soon as it is submitted"
        );
        until(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE delivered_to = 'queue'",
            5,
        )
        .await;
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox WHERE lease_until IS NOT NULL OR attempts <> 1")
                .await,
            0,
            "{backend:?}: delivered on the first attempt, nothing still claimed"
        );
        running.stop().await;
    }
}

#[tokio::test]
async fn a_departments_system_receives_each_part_once_signed_with_only_its_own_fields() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (reference, url) = start_receiver().await;
        let receiver = set_receiver(&app, "hrss", &url).await;
        let running = dispatcher(&app, quick());
        let number = submitted(&app, "key-dispatch-webhook-0001").await;
        until(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL",
            5,
        )
        .await;
        let stats = reference.stats();
        assert_eq!(
            (stats.taken, stats.repeated, stats.bad_signatures),
            (5, 0, 0)
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox WHERE delivered_to LIKE 'rcv-%'")
                .await,
            5
        );
        assert!(receiver.starts_with("rcv-"));

        // Each part carries only the fields its item declares, opened (never sealed text).
        let catalog =
            app::engine::Catalog::from_json(server::config::SEED_CATALOG).expect("catalog");
        let rehab = reference
            .bodies()
            .into_iter()
            .find(|b| b["part"]["item"] == "work_injury_rehab")
            .expect("the rehabilitation part arrived");
        assert_eq!(rehab["part"]["application"], number.as_str());
        let item = catalog.item("work_injury_rehab").expect("item");
        let fields = rehab["part"]["fields"].as_object().expect("fields");
        assert!(!fields.is_empty());
        for (key, value) in fields {
            assert!(
                item.fields.iter().any(|f| &f.key == key),
                "{key} is not a field of the rehabilitation item"
            );
            assert!(!value.as_str().unwrap_or_default().starts_with("sealed."));
        }
        assert!(
            fields.get("bank_account").is_none(),
            "the bank card stays with the benefit"
        );

        // Files come as signed links that work without a session, and only as signed.
        let upload = rehab["part"]["materials"]
            .as_array()
            .expect("materials")
            .iter()
            .find(|m| m["source"] == "upload")
            .expect("an uploaded material")
            .clone();
        let link = upload["url"].as_str().expect("url");
        let got = app.browser().get(link).send().await.expect("get");
        assert_eq!(got.status(), 200);
        assert!(got.bytes().await.expect("bytes").starts_with(b"\x89PNG"));
        let forged = link.replace("signature=", "signature=0");
        assert_eq!(
            app.browser()
                .get(&forged)
                .send()
                .await
                .expect("get")
                .status(),
            404
        );
        let other_key = link.replacen(upload["key"].as_str().expect("key"), "id_card_front", 1);
        assert_eq!(
            app.browser()
                .get(&other_key)
                .send()
                .await
                .expect("get")
                .status(),
            404
        );
        // A link the server signed that has expired.
        let part = rehab["part"]["id"].as_str().expect("id");
        let key = upload["key"].as_str().expect("key");
        let expired = server::dispatch::payload::file_link(
            app.backend.keys(),
            &app.base,
            part,
            key,
            1_000_000,
        );
        assert_eq!(
            app.browser()
                .get(&expired)
                .send()
                .await
                .expect("get")
                .status(),
            410
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'file_view' AND actor = 'link:hrss'"
            )
            .await,
            1,
            "{backend:?}: the download is audited"
        );
        running.stop().await;
    }
}

#[tokio::test]
async fn a_failing_system_is_retried_with_back_off_then_kept_as_a_dead_letter_until_sent_again() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (reference, url) = start_receiver().await;
        set_receiver(&app, "hrss", &url).await;
        reference.set(Behaviour::Fail(503));
        let number = submitted(&app, "key-dispatch-dead-0001").await;
        // Before the system confirms, the citizen is told the parts are on their way.
        assert_eq!(
            deliveries(&app, &number).await,
            vec![Delivery::Sending; 5],
            "{backend:?}"
        );
        let running = dispatcher(&app, quick());
        until(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE dead_at IS NOT NULL",
            5,
        )
        .await;
        assert_eq!(
            deliveries(&app, &number).await,
            vec![Delivery::Delayed; 5],
            "{backend:?}: a dead letter is a delay the citizen is told of"
        );
        assert_eq!(
            reference.stats().failed,
            15,
            "three attempts for each of five parts"
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM outbox WHERE attempts = 3 AND last_error LIKE 'HTTP 503%'"
            )
            .await,
            5
        );

        // An administrator sends them again once the system is back.
        reference.set(Behaviour::Accept);
        let admin = app.staff("admin2", "admin", None).await;
        let dead: Vec<String> =
            sqlx::query_scalar("SELECT id FROM outbox WHERE dead_at IS NOT NULL")
                .fetch_all(&app.db.pool)
                .await
                .expect("dead letters");
        for id in &dead {
            let response = app
                .browser()
                .post(format!("{}/staff/dispatch/{id}/redeliver", app.base))
                .header("Cookie", &admin)
                .send()
                .await
                .expect("post");
            assert_eq!(response.status(), 303);
            assert!(location(&response).contains("redelivered="));
        }
        until(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL",
            5,
        )
        .await;
        assert_eq!(
            (reference.stats().taken, reference.stats().repeated),
            (5, 0)
        );
        assert_eq!(
            deliveries(&app, &number).await,
            vec![Delivery::Received; 5],
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'redeliver'")
                .await,
            5
        );
        // Sending again what is no longer dead changes nothing.
        let response = app
            .browser()
            .post(format!("{}/staff/dispatch/{}/redeliver", app.base, dead[0]))
            .header("Cookie", &admin)
            .send()
            .await
            .expect("post");
        assert!(location(&response).contains("redeliver_error=gone"));
        running.stop().await;
    }
}

#[tokio::test]
async fn only_an_administrator_may_send_a_dead_letter_again_or_change_a_receiver() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let reviewer = app.staff("hrss9", "reviewer", Some("hrss")).await;
        let manager = app.staff("boss", "manager", None).await;
        for cookie in [Some(reviewer.as_str()), Some(manager.as_str()), None] {
            let mut request = app
                .browser()
                .post(format!("{}/staff/dispatch/receivers", app.base))
                .form(&[
                    ("department", "hrss"),
                    ("url", "https://attacker.example/parts"),
                    ("secret", SECRET),
                    ("active", "on"),
                ]);
            if let Some(c) = cookie {
                request = request.header("Cookie", c);
            }
            let response = request.send().await.expect("post");
            assert!(
                response.status() == 403 || location(&response).starts_with("/staff/sign-in"),
                "{backend:?}: {}",
                response.status()
            );
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM receivers").await, 0);
    }
}

#[tokio::test]
async fn a_receiver_is_refused_an_unencrypted_address_or_a_short_secret_and_nothing_is_stored() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.staff("admin3", "admin", None).await;
        let response = app
            .browser()
            .post(format!("{}/staff/dispatch/receivers", app.base))
            .header("Cookie", &admin)
            .form(&[
                ("department", "hrss"),
                ("url", "http://hrss.example.gov.cn/parts"),
                ("secret", "short"),
                ("active", "on"),
            ])
            .send()
            .await
            .expect("post");
        let to = location(&response);
        assert!(to.contains("errors=url,secret"), "{to}");
        assert!(to.contains("url=http"), "what was typed comes back: {to}");
        assert!(!to.contains("short"), "never the secret: {to}");
        assert_eq!(app.count("SELECT COUNT(*) FROM receivers").await, 0);
    }
}

#[tokio::test]
async fn a_system_that_does_not_answer_in_time_is_tried_again_and_receives_the_part_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (reference, url) = start_receiver().await;
        set_receiver(&app, "hrss", &url).await;
        reference.set(Behaviour::Hang);
        let config = DispatchConfig {
            max_attempts: 10,
            timeout: Duration::from_millis(200),
            ..quick()
        };
        let running = dispatcher(&app, config);
        submitted(&app, "key-dispatch-timeout-0001").await;
        until(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE last_error = 'timed out'",
            5,
        )
        .await;
        reference.set(Behaviour::Accept);
        until(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL",
            5,
        )
        .await;
        let stats = reference.stats();
        assert_eq!((stats.taken, stats.repeated), (5, 0), "{backend:?}");
        running.stop().await;
    }
}

#[tokio::test]
async fn a_system_that_refuses_the_request_itself_is_not_retried() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (reference, url) = start_receiver().await;
        set_receiver(&app, "hrss", &url).await;
        reference.set(Behaviour::Fail(422));
        let running = dispatcher(
            &app,
            DispatchConfig {
                max_attempts: 10,
                ..quick()
            },
        );
        submitted(&app, "key-dispatch-4xx-0001").await;
        until(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE dead_at IS NOT NULL",
            5,
        )
        .await;
        assert_eq!(reference.stats().failed, 5, "{backend:?}: one attempt each");
        running.stop().await;
    }
}

#[tokio::test]
async fn stopping_finishes_the_deliveries_in_flight_and_holds_no_claim() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (reference, url) = start_receiver().await;
        set_receiver(&app, "hrss", &url).await;
        reference.set(Behaviour::Slow(Duration::from_millis(300)));
        let running = dispatcher(&app, quick());
        submitted(&app, "key-dispatch-stop-0001").await;
        // Stop while the receiver is still answering.
        for _ in 0..200 {
            if reference.stats().requests > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        running.stop().await;
        let delivered = app
            .count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL")
            .await;
        assert_eq!(delivered as u64, reference.stats().taken, "{backend:?}");
        assert!(delivered >= 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox WHERE lease_until IS NOT NULL")
                .await,
            0,
            "{backend:?}: no claim is left held"
        );
    }
}

#[tokio::test]
async fn two_instances_on_one_database_deliver_every_part_exactly_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (reference, url) = start_receiver().await;
        set_receiver(&app, "hrss", &url).await;
        reference.set(Behaviour::Slow(Duration::from_millis(20)));
        // Everything waiting before either starts, so both find work at once.
        for i in 0..8 {
            submitted(&app, &format!("key-dispatch-two-{i:04}")).await;
        }
        // A second instance: its own pool, the same database and key.
        let second = server::start(&app.config).await.expect("second instance");
        let config = DispatchConfig {
            concurrency: 4,
            ..quick()
        };
        let (stop, stopped) = watch::channel(false);
        let one = server::dispatch::spawn(
            app.backend.clone(),
            DispatchConfig {
                instance: "one".into(),
                ..config.clone()
            },
            app.base.clone(),
            stopped.clone(),
        );
        let two = server::dispatch::spawn(
            second,
            DispatchConfig {
                instance: "two".into(),
                ..config
            },
            app.base.clone(),
            stopped,
        );
        until(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL",
            40,
        )
        .await;
        let _ = stop.send(true);
        one.await.expect("one ends");
        two.await.expect("two ends");
        let stats = reference.stats();
        assert_eq!((stats.taken, stats.repeated), (40, 0), "{backend:?}");
        assert_eq!(stats.requests, 40, "{backend:?}: no part was sent twice");
        assert_eq!(
            app.count("SELECT COUNT(DISTINCT claimed_by) FROM outbox")
                .await,
            2,
            "{backend:?}: both instances delivered"
        );
    }
}

/// A callback as a department's system sends it.
async fn call_back(
    app: &TestApp,
    receiver: &str,
    secret: &str,
    timestamp: i64,
    body: &serde_json::Value,
) -> (u16, serde_json::Value) {
    let body = serde_json::to_vec(body).expect("json");
    let response = app
        .browser()
        .post(format!("{}/dispatch/callback", app.base))
        .header("content-type", "application/json")
        .header(signature::RECEIVER, receiver)
        .header(signature::TIMESTAMP, timestamp.to_string())
        .header(
            signature::SIGNATURE,
            signature::sign(secret, timestamp, &body),
        )
        .body(body)
        .send()
        .await
        .expect("post");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn now_secs() -> i64 {
    server::clock::now_millis() / 1000
}

#[tokio::test]
async fn a_system_reports_decisions_by_signed_callback_recorded_as_done_by_that_system() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let receiver = set_receiver(&app, "hrss", "https://hrss.example.gov.cn/parts").await;
        let number = submitted(&app, "key-dispatch-callback-0001").await;
        let part = part_of(&app, &number, "work_injury_determination").await;

        let accept = serde_json::json!({"part": part, "action": "accept"});
        let (status, body) = call_back(&app, &receiver, SECRET, now_secs(), &accept).await;
        assert_eq!(
            (status, body["status"].as_str()),
            (200, Some("accepted")),
            "{body}"
        );
        let actor: String = sqlx::query_scalar(
            "SELECT actor FROM audit_log WHERE subject = $1 AND action = 'accept'",
        )
        .bind(&part)
        .fetch_one(&app.db.pool)
        .await
        .expect("audited");
        assert_eq!(actor, format!("receiver:{receiver}"));

        // The state machine holds for systems as for reviewers.
        let (status, body) = call_back(&app, &receiver, SECRET, now_secs() + 1, &accept).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (422, Some("illegal_move")),
            "{body}"
        );
        assert!(body["message"]["zh"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));

        let approve =
            serde_json::json!({"part": part, "action": "approve", "result": "认定为工伤"});
        let (status, _) = call_back(&app, &receiver, SECRET, now_secs() + 2, &approve).await;
        assert_eq!(status, 200);
        let stored: String = sqlx::query_scalar("SELECT status FROM parts WHERE id = $1")
            .bind(&part)
            .fetch_one(&app.db.pool)
            .await
            .expect("part");
        assert_eq!(stored, "approved");
    }
}

#[tokio::test]
async fn a_forged_stale_replayed_or_misdirected_callback_is_refused_and_changes_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let receiver = set_receiver(&app, "hrss", "https://hrss.example.gov.cn/parts").await;
        let police = server::services::receivers::save(
            &app.backend,
            None,
            server::services::receivers::ReceiverForm {
                department: "police".into(),
                url: "https://police.example.gov.cn/parts".into(),
                secret: "another-secret-of-more-than-32-characters".into(),
                active: true,
            },
            server::clock::now_millis(),
        )
        .await
        .expect("saved");
        let number = submitted(&app, "key-dispatch-forged-0001").await;
        let part = part_of(&app, &number, "work_injury_determination").await;
        let accept = serde_json::json!({"part": part, "action": "accept"});
        let events = app.count("SELECT COUNT(*) FROM part_events").await;

        let (status, body) = call_back(
            &app,
            &receiver,
            "a-guessed-secret-that-is-long-enough!!",
            now_secs(),
            &accept,
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("bad_signature"))
        );
        let (status, body) = call_back(&app, &receiver, SECRET, now_secs() - 3600, &accept).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("stale_timestamp"))
        );
        let (status, body) = call_back(&app, "rcv-nobody", SECRET, now_secs(), &accept).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("unknown_receiver"))
        );
        // Another department's system, correctly signed, cannot touch 人社's part.
        let (status, body) = call_back(
            &app,
            &police,
            "another-secret-of-more-than-32-characters",
            now_secs(),
            &accept,
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (404, Some("unknown_part"))
        );
        // A body changed after signing.
        let body_bytes = serde_json::to_vec(&accept).expect("json");
        let ts = now_secs();
        let response = app
            .browser()
            .post(format!("{}/dispatch/callback", app.base))
            .header(signature::RECEIVER, &receiver)
            .header(signature::TIMESTAMP, ts.to_string())
            .header(
                signature::SIGNATURE,
                signature::sign(SECRET, ts, &body_bytes),
            )
            .body(
                serde_json::to_vec(&serde_json::json!({"part": part, "action": "refuse"}))
                    .expect("json"),
            )
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 401);
        // Correctly signed, but not what was agreed: refused with the reason, in both languages.
        let ts = now_secs();
        let garbage = b"accept it please".to_vec();
        let response = app
            .browser()
            .post(format!("{}/dispatch/callback", app.base))
            .header(signature::RECEIVER, &receiver)
            .header(signature::TIMESTAMP, ts.to_string())
            .header(signature::SIGNATURE, signature::sign(SECRET, ts, &garbage))
            .body(garbage)
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 400);
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["error"].as_str(), Some("bad_json"), "{body}");
        assert!(body["message"]["zh"]
            .as_str()
            .is_some_and(|m| m.contains("格式")));
        let dance = serde_json::json!({"part": part, "action": "dance"});
        let (status, body) = call_back(&app, &receiver, SECRET, now_secs(), &dance).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("unknown_action"))
        );
        let rambling =
            serde_json::json!({"part": part, "action": "refuse", "reason": "很".repeat(5000)});
        let (status, body) = call_back(&app, &receiver, SECRET, now_secs(), &rambling).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("too_long")));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM part_events").await,
            events,
            "{backend:?}"
        );

        // The genuine request is taken once; the same request again is a replay.
        let ts = now_secs();
        let (status, _) = call_back(&app, &receiver, SECRET, ts, &accept).await;
        assert_eq!(status, 200);
        let (status, body) = call_back(&app, &receiver, SECRET, ts, &accept).await;
        assert_eq!((status, body["error"].as_str()), (409, Some("replay")));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM part_events").await,
            events + 1
        );
    }
}

#[tokio::test]
async fn a_transfer_delivers_the_part_to_its_new_department() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let number = submitted(&app, "key-dispatch-transfer-0001").await;
        let part = part_of(&app, &number, "work_injury_rehab").await;
        let reviewer = app.staff("hrss5", "reviewer", Some("hrss")).await;
        let version: i64 = sqlx::query_scalar("SELECT version FROM parts WHERE id = $1")
            .bind(&part)
            .fetch_one(&app.db.pool)
            .await
            .expect("version");
        let response = app
            .browser()
            .post(format!("{}/staff/parts/{part}", app.base))
            .header("Cookie", &reviewer)
            .form(&[
                ("action", "transfer"),
                ("version", &version.to_string()),
                ("to", "medical_insurance"),
                ("reason", "属医保部门办理"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 303, "{backend:?}");
        let to_new: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE part_id = $1 AND department_id = 'medical_insurance'",
        )
        .bind(&part)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
        assert_eq!(to_new, 1);
    }
}
