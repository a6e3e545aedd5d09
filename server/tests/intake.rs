//! Submissions that arrive together share one transaction (group commit), and still each one is
//! stored whole or not at all, and a retry is answered with the first one's number.

mod helpers;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use helpers::{backends, spawn_app, work_injury_answers, TestApp, WORK_INJURY_SET};
use server::db::Db;
use server::repo::{NewApplication, NewPart, PartEvent};
use server::services::intake::{Intake, NewSubmission, Stored};

/// A well-formed submission of one part for the first item of the loaded catalog.
async fn submission(app: &TestApp, number: &str, key: &str) -> NewSubmission {
    let hash: String = sqlx::query_scalar("SELECT hash FROM catalog_versions LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("catalog");
    let (item, department): (String, String) =
        sqlx::query_as("SELECT id, department_id FROM service_items ORDER BY id LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("item");
    let part = format!("{number}-1");
    NewSubmission {
        application: NewApplication {
            number: number.into(),
            idempotency_key: key.into(),
            catalog_hash: hash,
            items_json: format!("[\"{item}\"]"),
            answers_json: "{}".into(),
            applicant_masked: "李*".into(),
            owner: None,
            applicant_key: None,
            submitted_on: "2026-02-13".into(),
            due_on: "2026-03-13".into(),
            created_at: 1,
            channel: "online",
            entered_by: None,
        },
        parts: vec![NewPart {
            id: part.clone(),
            application_number: number.into(),
            position: 1,
            department_id: department.clone(),
            item_id: item,
            fields_json: "{}".into(),
            materials_json: "[]".into(),
            status: "submitted",
            due_on: "2026-03-13".into(),
            updated_at: 1,
            committed_days: 20,
            depends_on_json: "[]".into(),
        }],
        deliveries: vec![(format!("{part}-dispatch"), part.clone(), department)],
        events: vec![(
            format!("{part}-event"),
            PartEvent {
                part_id: part,
                at: 1,
                on_day: "2026-02-13".into(),
                action: "submit".into(),
                from_status: None,
                to_status: "submitted".into(),
                note: String::new(),
            },
        )],
        draft_token: format!("draft-of-{number}"),
        submitted_by: "anonymous".into(),
        audit_detail: "test".into(),
    }
}

/// An intake with one writer over a database handle of one writer connection, and that
/// connection: while the test holds it, the writer waits and submissions queue up behind it.
async fn held_intake(app: &TestApp) -> (Intake, Db) {
    let db = Db::connect_with(&app.config.database_url, Some(1))
        .await
        .expect("connect");
    let intake = Intake::start_with(db.clone(), Arc::new(tokio::sync::Notify::new()), 1);
    (intake, db)
}

/// Stores the given submissions while the writer is held, so that they queue and are written as
/// one group after a first one that was waiting alone.
async fn store_together(
    app: &TestApp,
    group: Vec<NewSubmission>,
) -> (Vec<Result<Stored, sqlx::Error>>, u64) {
    let (intake, db) = held_intake(app).await;
    let held = db.writer.acquire().await.expect("hold the writer");
    let first = {
        let intake = intake.clone();
        let lone = submission(app, "YJ-FIRST-ALONE", "key-first-alone").await;
        tokio::spawn(async move { intake.store(lone).await })
    };
    // The writer has taken the first one and waits for the connection…
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stores: Vec<_> = group
        .into_iter()
        .map(|s| {
            let intake = intake.clone();
            tokio::spawn(async move { intake.store(s).await })
        })
        .collect();
    // …while the others queue behind it.
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(held);
    assert_eq!(first.await.expect("task").expect("stored"), Stored::Written);
    let mut results = Vec::new();
    for store in stores {
        results.push(store.await.expect("task"));
    }
    (results, intake.transactions())
}

#[tokio::test]
async fn submissions_that_queue_together_are_written_in_one_transaction_each_whole() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut group = Vec::new();
        for n in 0..5 {
            group.push(submission(&app, &format!("YJ-GROUP-{n}"), &format!("key-group-{n}")).await);
        }
        let (results, transactions) = store_together(&app, group).await;
        for result in results {
            assert_eq!(result.expect("stored"), Stored::Written, "{backend:?}");
        }
        assert_eq!(
            transactions, 2,
            "{backend:?}: the first alone, then the five that waited behind it together"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM applications").await,
            6,
            "{backend:?}"
        );
        for (table, part) in [
            ("parts", "id"),
            ("outbox", "part_id"),
            ("part_events", "part_id"),
        ] {
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {table} WHERE {part} LIKE 'YJ-GROUP-%'"
            )))
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
            assert_eq!(n, 5, "{backend:?}: one row in {table} for each part");
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'submit'")
                .await,
            6,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_second_submission_with_the_same_key_in_the_same_group_writes_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let group = vec![
            submission(&app, "YJ-TAP-ONE", "key-double-tap").await,
            submission(&app, "YJ-TAP-TWO", "key-double-tap").await,
        ];
        let (results, transactions) = store_together(&app, group).await;
        let results: Vec<Stored> = results.into_iter().map(|r| r.expect("no error")).collect();
        assert_eq!(
            results,
            vec![Stored::Written, Stored::KeyTaken],
            "{backend:?}"
        );
        assert_eq!(transactions, 2, "{backend:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM parts WHERE application_number = 'YJ-TAP-TWO'")
                .await,
            0,
            "{backend:?}: nothing of the second tap is stored"
        );
    }
}

#[tokio::test]
async fn one_bad_submission_in_a_group_fails_alone_and_the_others_are_stored() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut bad = submission(&app, "YJ-BAD", "key-bad").await;
        // Two parts with one id: the database refuses the part rows.
        let twin = NewPart {
            position: 2,
            ..submission(&app, "YJ-BAD", "key-bad").await.parts.remove(0)
        };
        bad.parts.push(twin);
        let group = vec![
            submission(&app, "YJ-GOOD-1", "key-good-1").await,
            bad,
            submission(&app, "YJ-GOOD-2", "key-good-2").await,
        ];
        let (results, _) = store_together(&app, group).await;
        assert!(matches!(results[0], Ok(Stored::Written)), "{backend:?}");
        assert!(results[1].is_err(), "{backend:?}: the bad one is refused");
        assert!(matches!(results[2], Ok(Stored::Written)), "{backend:?}");
        let stored: BTreeSet<String> = sqlx::query_scalar("SELECT number FROM applications")
            .fetch_all(&app.db.pool)
            .await
            .expect("numbers")
            .into_iter()
            .collect();
        assert_eq!(
            stored,
            ["YJ-FIRST-ALONE", "YJ-GOOD-1", "YJ-GOOD-2"]
                .map(String::from)
                .into(),
            "{backend:?}: nothing of the bad one, all of the others"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM parts WHERE application_number = 'YJ-BAD'")
                .await,
            0,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn many_citizens_submitting_at_once_each_get_their_own_whole_application() {
    for backend in backends() {
        let app = Arc::new(spawn_app(backend).await);
        let mut submitting = tokio::task::JoinSet::new();
        for n in 0..16 {
            let app = app.clone();
            submitting.spawn(async move {
                let key = format!("key-at-once-{n:04}");
                app.submit(&WORK_INJURY_SET, &work_injury_answers(), &key)
                    .await
            });
        }
        let mut numbers = BTreeSet::new();
        while let Some(outcome) = submitting.join_next().await {
            match outcome.expect("task") {
                app::api::SubmitOutcome::Accepted { number } => numbers.insert(number),
                other => panic!("{backend:?}: {other:?}"),
            };
        }
        assert_eq!(numbers.len(), 16, "{backend:?}: sixteen distinct numbers");
        let parts_each = app.count("SELECT COUNT(*) FROM parts").await / 16;
        assert!(parts_each >= 2, "{backend:?}: every item its part");
        assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 16);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM parts").await,
            16 * parts_each
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox").await,
            16 * parts_each
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM drafts").await, 0);
    }
}
