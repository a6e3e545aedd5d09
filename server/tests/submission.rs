#![recursion_limit = "256"]
//! Submitting through the real server function over HTTP, on SQLite and PostgreSQL.

mod helpers;

use std::collections::BTreeMap;

use app::api::SubmitOutcome;
use helpers::*;

#[tokio::test]
async fn a_valid_bundle_is_stored_as_one_application_with_one_part_per_item() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let outcome = app
            .submit(
                &WORK_INJURY_SET,
                &work_injury_answers(),
                "key-valid-bundle-0001",
            )
            .await;
        let SubmitOutcome::Accepted { number } = outcome else {
            panic!("{backend:?}: refused: {outcome:?}")
        };
        assert!(number.starts_with("YJ-20260213-"), "{number}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM applications").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM parts").await,
            5,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox").await,
            5,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'submit'")
                .await,
            1,
            "{backend:?}"
        );
        let hrss = app
            .count("SELECT COUNT(*) FROM parts WHERE department_id = 'hrss'")
            .await;
        assert_eq!(hrss, 5, "{backend:?}: every 人社 item goes to 人社");
    }
}

#[tokio::test]
async fn each_part_holds_only_the_fields_its_item_declares() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let outcome = app
            .submit(
                &WORK_INJURY_SET,
                &work_injury_answers(),
                "key-minimal-fields-01",
            )
            .await;
        assert!(
            matches!(outcome, SubmitOutcome::Accepted { .. }),
            "{backend:?}: {outcome:?}"
        );
        let fields: String =
            sqlx::query_scalar("SELECT fields FROM parts WHERE item_id = 'work_injury_rehab'")
                .fetch_one(&app.db.pool)
                .await
                .expect("rehab part");
        let fields: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&fields).expect("json");
        assert!(fields.contains_key("rehab_institution"), "{fields:?}");
        assert!(
            !fields.contains_key("bank_account"),
            "rehab never sees the bank card: {fields:?}"
        );
        assert!(!fields.contains_key("device_type"), "{fields:?}");
    }
}

#[tokio::test]
async fn the_same_idempotency_key_twice_creates_one_application() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let answers = work_injury_answers();
        let (a, b) = tokio::join!(
            app.submit(&WORK_INJURY_SET, &answers, "key-double-tap-000001"),
            app.submit(&WORK_INJURY_SET, &answers, "key-double-tap-000001"),
        );
        assert_eq!(a, b, "{backend:?}: both taps get the same number");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM applications").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM parts").await,
            5,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn an_empty_required_field_is_refused_with_a_message_for_that_field_and_nothing_stored() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let mut answers = work_injury_answers();
        answers.remove("name");
        answers.insert("phone", "12345");
        let outcome = app
            .submit(&WORK_INJURY_SET, &answers, "key-missing-name-0001")
            .await;
        let SubmitOutcome::Invalid { errors, .. } = outcome else {
            panic!("{backend:?}: accepted")
        };
        assert_eq!(
            errors.get("name").map(|t| t.zh.as_str()),
            Some("此项为必填项"),
            "{errors:?}"
        );
        assert!(
            errors.get("phone").is_some_and(|t| t.en.contains("mobile")),
            "{errors:?}"
        );
        assert_eq!(errors.len(), 2, "only the two bad fields: {errors:?}");
        app.assert_nothing_stored(backend).await;
    }
}

#[tokio::test]
async fn dates_are_judged_against_the_servers_today_and_each_other_whatever_the_browser_said() {
    let app = spawn_app(Backend::Sqlite).await;
    // The server's today is 2026-02-13.
    let mut answers = work_injury_answers();
    answers.insert("injury_date", "2026-02-14");
    let SubmitOutcome::Invalid { errors, .. } = app
        .submit(&WORK_INJURY_SET, &answers, "key-future-injury-001")
        .await
    else {
        panic!("an injury tomorrow was accepted")
    };
    assert!(
        errors
            .get("injury_date")
            .is_some_and(|t| t.zh.contains("不能晚于今天（2026-02-13）")),
        "{errors:?}"
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    // Road works: a start already past, then a completion before its start.
    for (start, end, key, says) in [
        (
            "2026-01-15",
            "2026-03-01",
            "work_start_date",
            "不能早于今天",
        ),
        (
            "2026-03-10",
            "2026-03-09",
            "work_end_date",
            "不能早于“计划开工日期”",
        ),
    ] {
        let answers = BTreeMap::from([("work_start_date", start), ("work_end_date", end)]);
        let outcome = app
            .save_answers_as(&["road_occupation"], &answers, None)
            .await;
        let SubmitOutcome::Invalid { errors, .. } = outcome else {
            panic!("{start} → {end} accepted")
        };
        assert!(
            errors.get(key).is_some_and(|t| t.zh.contains(says)),
            "{start} → {end}: {errors:?}"
        );
    }
    app.assert_nothing_stored(Backend::Sqlite).await;
    // The pickers offer only the days the rules allow.
    let form = app
        .page("/apply?items=work_injury_determination&items=road_occupation")
        .await;
    let input = |key: &str| {
        form.split(&format!("name=\"answers[{key}]\""))
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        input("injury_date").contains("max=\"2026-02-13\""),
        "{}",
        input("injury_date")
    );
    assert!(input("work_start_date").contains("min=\"2026-02-13\""));
    assert!(!input("work_start_date").contains("max="));
}

#[tokio::test]
async fn an_unknown_item_or_an_empty_selection_is_refused_with_a_clear_message() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let outcome = app
            .submit(
                &["no_such_item"],
                &work_injury_answers(),
                "key-unknown-item-001",
            )
            .await;
        let SubmitOutcome::Invalid { problems, .. } = outcome else {
            panic!("accepted")
        };
        assert!(problems[0].zh.contains("no_such_item"), "{problems:?}");
        let outcome = app
            .submit(&[], &work_injury_answers(), "key-empty-select-001")
            .await;
        let SubmitOutcome::Invalid { problems, .. } = outcome else {
            panic!("accepted")
        };
        assert!(problems[0].en.contains("at least one"), "{problems:?}");
        app.assert_nothing_stored(backend).await;
    }
}

#[tokio::test]
async fn a_bundle_that_breaks_a_rule_is_refused_with_the_reason() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Rehab without a determination (none held, none added).
        let outcome = app
            .submit(
                &["work_injury_rehab"],
                &work_injury_answers(),
                "key-missing-prereq-1",
            )
            .await;
        let SubmitOutcome::Invalid { problems, .. } = outcome else {
            panic!("accepted")
        };
        assert!(
            problems.iter().any(|p| p.zh.contains("工伤认定申请")),
            "{problems:?}"
        );
        app.assert_nothing_stored(backend).await;
    }
}

#[tokio::test]
async fn the_catalog_loads_once_however_often_the_server_starts() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let seed = server::catalog_store::Source::Seed(server::config::SEED_CATALOG);
        let loaded = server::catalog_store::load(&app.db, seed, 1)
            .await
            .expect("reload");
        let again = server::catalog_store::load(&app.db, seed, 2)
            .await
            .expect("reload");
        assert_eq!(loaded.hash, again.hash);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM catalog_versions").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM service_items").await,
            loaded.catalog.items.len() as i64
        );
    }
}

#[tokio::test]
async fn tracking_and_the_department_queue_show_every_part() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let SubmitOutcome::Accepted { number } = app
            .submit(
                &WORK_INJURY_SET,
                &work_injury_answers(),
                "key-tracking-000001",
            )
            .await
        else {
            panic!("refused")
        };
        let page = app.page(&format!("/track/{number}")).await;
        assert_eq!(
            page.matches("data-testid=\"part\"").count(),
            5,
            "{backend:?}: server-rendered tracking page"
        );
        assert!(page.contains("工伤康复待遇申请"));
        let reviewer = app.staff("hrss-reviewer", "reviewer", Some("hrss")).await;
        let manager = app.staff("manager", "manager", None).await;
        let queue = app
            .get_as("/departments/hrss", Some(&reviewer))
            .await
            .text()
            .await
            .expect("html");
        assert_eq!(
            queue.matches("data-testid=\"queue-entry\"").count(),
            5,
            "{backend:?}: five parts in the 人社 queue"
        );
        assert!(queue.contains(&number));
        assert!(
            queue.contains("张**") && !queue.contains("张三丰"),
            "names are masked in queues"
        );
        let other = app
            .get_as("/departments/police", Some(&manager))
            .await
            .text()
            .await
            .expect("html");
        assert!(
            !other.contains("data-testid=\"queue-entry\"") && !other.contains(&number),
            "{backend:?}: police has nothing of it"
        );
    }
}

#[tokio::test]
async fn the_home_page_puts_the_life_events_citizens_apply_for_first() {
    use app::api::backend::Backend as _;
    let app = spawn_app(Backend::Sqlite).await;
    let first = |app: &TestApp| {
        app.backend
            .browse(&app::api::CatalogQuery::default(), &[])
            .groups[0]
            .head
            .id
            .clone()
    };
    assert_eq!(
        first(&app),
        "newborn",
        "the catalog's order before anyone applied"
    );
    let (outcome, _) = app
        .submit_as(
            &WORK_INJURY_SET,
            &work_injury_answers(),
            "key-usage-order-0001",
        )
        .await;
    assert!(
        matches!(outcome, SubmitOutcome::Accepted { .. }),
        "{outcome:?}"
    );
    app.backend.refresh_usage().await.expect("usage");
    assert_eq!(
        first(&app),
        "hrss_combo",
        "five parts for the 人社 life event"
    );
    // What the browser receives follows (the picker's reply is postcard: ids are plain bytes).
    let reply = app
        .browser()
        .get(format!("{}/api/browse", app.base))
        .send()
        .await
        .expect("browse")
        .bytes()
        .await
        .unwrap_or_default();
    let at = |id: &[u8]| reply.windows(id.len()).position(|w| w == id);
    let hrss = at(b"hrss_combo").expect("hrss_combo");
    let newborn = at(b"newborn").expect("newborn");
    assert!(hrss < newborn, "hrss_combo comes first");
}

#[tokio::test]
async fn dates_running_into_a_year_without_its_holiday_notice_are_marked_provisional() {
    // Handed in on 28 December 2026: the deadlines run into 2027, whose notice is not loaded.
    let late = spawn_app_with(Backend::Sqlite, |c| {
        c.clock = server::clock::Clock::Fixed(app::engine::Date::new(2026, 12, 28).expect("date"));
    })
    .await;
    let (outcome, session) = late
        .submit_as(
            &WORK_INJURY_SET,
            &work_injury_answers(),
            "key-provisional-0001",
        )
        .await;
    let SubmitOutcome::Accepted { number } = outcome else {
        panic!("{outcome:?}")
    };
    let page = late.page(&format!("/track/{number}")).await;
    assert!(
        page.contains("data-testid=\"provisional-dates\""),
        "tracking says so"
    );
    let receipt = late
        .get_as(&format!("/receipt/{number}"), session.as_deref())
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(receipt.contains("以上日期为暂定"), "the receipt says so");
    // Staff see it too: beside the due date in the department's queue and on the part.
    let reviewer = late.staff("provisional", "reviewer", Some("hrss")).await;
    let queue = late
        .get_as("/departments/hrss", Some(&reviewer))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        queue.contains("data-testid=\"provisional-due\""),
        "the queue marks the due dates"
    );
    let part = part_of(&late, &number, "work_injury_rehab").await;
    let detail = late
        .get_as(&format!("/staff/parts/{part}"), Some(&reviewer))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        detail.contains("data-testid=\"provisional-due\"") && detail.contains("以上日期为暂定"),
        "the part page marks its due date"
    );
    drop(late);
    // In February the same application's dates are all in 2026: nothing is said.
    let early = spawn_app(Backend::Sqlite).await;
    let (outcome, _) = early
        .submit_as(
            &WORK_INJURY_SET,
            &work_injury_answers(),
            "key-provisional-0002",
        )
        .await;
    let SubmitOutcome::Accepted { number } = outcome else {
        panic!("{outcome:?}")
    };
    let page = early.page(&format!("/track/{number}")).await;
    assert!(!page.contains("provisional-dates"));
    let reviewer = early.staff("provisional", "reviewer", Some("hrss")).await;
    let part = part_of(&early, &number, "work_injury_rehab").await;
    let detail = early
        .get_as(&format!("/staff/parts/{part}"), Some(&reviewer))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(detail.contains("part-number") && !detail.contains("provisional-due"));
}
