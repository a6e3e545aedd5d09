#![recursion_limit = "256"]
//! The back office over real HTTP on SQLite and PostgreSQL: reviewers move parts through the
//! state machine; every illegal move is refused with a clear code and nothing changes.

mod helpers;

use app::api::SubmitOutcome;
use helpers::*;

/// A submitted work-injury application (five 人社 parts) and its applicant's session.
async fn submitted(app: &TestApp, key: &str) -> (String, String) {
    let (outcome, session) = app
        .submit_as(&WORK_INJURY_SET, &work_injury_answers(), key)
        .await;
    let SubmitOutcome::Accepted { number } = outcome else {
        panic!("refused: {outcome:?}")
    };
    (number, session.expect("session"))
}

/// (status, version, department) of a part as stored.
async fn stored(app: &TestApp, part: &str) -> (String, i64, String) {
    let row: (String, i64, String) =
        sqlx::query_as("SELECT status, version, department_id FROM parts WHERE id = $1")
            .bind(part)
            .fetch_one(&app.db.pool)
            .await
            .expect("part");
    row
}

async fn audit_rows(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM audit_log").await
}

/// Posts a move as the reviewer's form does; returns the status and where the browser goes.
async fn act(
    app: &TestApp,
    cookie: Option<&str>,
    part: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let mut request = app
        .browser()
        .post(format!("{}/staff/parts/{part}", app.base))
        .form(form);
    if let Some(c) = cookie {
        request = request.header("Cookie", c);
    }
    let response = request.send().await.expect("post");
    (response.status().as_u16(), location_if_any(&response))
}

async fn version_of(app: &TestApp, part: &str) -> String {
    stored(app, part).await.1.to_string()
}

#[tokio::test]
async fn a_reviewer_accepts_and_approves_in_order_and_the_applicant_sees_each_step() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (number, applicant) = submitted(&app, "key-back-office-0001").await;
        let reviewer = app.staff("hrss1", "reviewer", Some("hrss")).await;
        let me = Some(reviewer.as_str());
        let determination = part_of(&app, &number, "work_injury_determination").await;
        let appraisal = part_of(&app, &number, "work_capacity_appraisal").await;

        for part in [&determination, &appraisal] {
            let v = version_of(&app, part).await;
            let (status, to) = act(&app, me, part, &[("action", "accept"), ("version", &v)]).await;
            assert_eq!(
                (status, to.as_str()),
                (303, format!("/staff/parts/{part}?done=accept").as_str()),
                "{backend:?}"
            );
        }
        // The appraisal needs the determination's decision: approving it first is refused.
        let v = version_of(&app, &appraisal).await;
        let (_, to) = act(
            &app,
            me,
            &appraisal,
            &[
                ("action", "approve"),
                ("version", &v),
                ("result", "鉴定〔2026〕1号"),
            ],
        )
        .await;
        assert!(to.contains("error=prerequisite"), "{backend:?}: {to}");
        assert_eq!(
            stored(&app, &appraisal).await.0,
            "accepted",
            "{backend:?}: nothing changed"
        );

        let v = version_of(&app, &determination).await;
        let (_, to) = act(
            &app,
            me,
            &determination,
            &[
                ("action", "approve"),
                ("version", &v),
                ("result", "认定〔2026〕7号"),
            ],
        )
        .await;
        assert!(to.ends_with("done=approve"), "{backend:?}: {to}");
        let v = version_of(&app, &appraisal).await;
        let (_, to) = act(
            &app,
            me,
            &appraisal,
            &[
                ("action", "approve"),
                ("version", &v),
                ("result", "鉴定〔2026〕1号"),
            ],
        )
        .await;
        assert!(to.ends_with("done=approve"), "{backend:?}: {to}");
        assert_eq!(stored(&app, &appraisal).await.0, "approved");

        // The applicant reads the steps and the reference; a stranger with the number does not.
        let page = app
            .get_as(&format!("/track/{number}"), Some(&applicant))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("认定〔2026〕7号"),
            "{backend:?}: the applicant sees the reference"
        );
        assert!(
            page.contains("部分办结"),
            "{backend:?}: overall status derived from the parts"
        );
        let stranger = app
            .get_as(&format!("/track/{number}"), None)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            stranger.contains("已办结"),
            "{backend:?}: statuses are public to the number"
        );
        assert!(
            !stranger.contains("认定〔2026〕7号"),
            "{backend:?}: notes are not"
        );

        let notices: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE application_number = $1")
                .bind(&number)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(
            notices, 4,
            "{backend:?}: two accepts and two approvals told the applicant"
        );
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE subject LIKE $1 AND role = 'reviewer'",
        )
        .bind(format!("{number}-%"))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(audited, 4, "{backend:?}: every move audited with the role");
    }
}

#[tokio::test]
async fn every_illegal_move_is_refused_with_a_reason_and_changes_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (number, _) = submitted(&app, "key-back-office-0002").await;
        let citizen = app.sign_in_demo("li-ming").await;
        let reviewer = app.staff("hrss2", "reviewer", Some("hrss")).await;
        let police = app.staff("police2", "reviewer", Some("police")).await;
        let manager = app.staff("manager2", "manager", None).await;
        let window = app.staff("window2", "window", None).await;
        let part = part_of(&app, &number, "unemployment_benefit").await;
        let before = stored(&app, &part).await;
        let audit_before = audit_rows(&app).await;
        let v = before.1.to_string();

        // (what is tried, who tries it, the form sent, what must be said)
        type Case<'a> = (&'a str, Option<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
        let cases: Vec<Case> = vec![
            (
                "approve before accepting",
                Some(&reviewer),
                vec![("action", "approve"), ("version", &v), ("result", "x")],
                "error=not_from_status",
            ),
            (
                "refuse without a reason",
                Some(&reviewer),
                vec![("action", "refuse"), ("version", &v), ("reason", "  ")],
                "error=reason",
            ),
            (
                "correct nothing",
                Some(&reviewer),
                vec![
                    ("action", "request_correction"),
                    ("version", &v),
                    ("reason", "x"),
                ],
                "error=correction",
            ),
            (
                "correct a field the part does not hold",
                Some(&reviewer),
                vec![
                    ("action", "request_correction"),
                    ("version", &v),
                    ("reason", "x"),
                    ("fields", "injury_description"),
                ],
                "error=correction",
            ),
            (
                "transfer to nowhere",
                Some(&reviewer),
                vec![
                    ("action", "transfer"),
                    ("version", &v),
                    ("reason", "x"),
                    ("to", "atlantis"),
                ],
                "error=transfer_to",
            ),
            (
                "transfer to itself",
                Some(&reviewer),
                vec![
                    ("action", "transfer"),
                    ("version", &v),
                    ("reason", "x"),
                    ("to", "hrss"),
                ],
                "error=transfer_to",
            ),
            (
                "an unknown action",
                Some(&reviewer),
                vec![("action", "delete"), ("version", &v)],
                "error=action",
            ),
            (
                "a stale version",
                Some(&reviewer),
                vec![("action", "accept"), ("version", "99")],
                "error=conflict",
            ),
            (
                "no version",
                Some(&reviewer),
                vec![("action", "accept")],
                "error=version",
            ),
        ];
        for (what, cookie, form, expected) in &cases {
            let (status, to) = act(&app, *cookie, &part, form).await;
            assert_eq!(status, 303, "{backend:?}: {what}");
            assert!(to.contains(expected), "{backend:?}: {what}: {to}");
        }
        let long = "长".repeat(501);
        let (_, to) = act(
            &app,
            Some(&reviewer),
            &part,
            &[("action", "refuse"), ("version", &v), ("reason", &long)],
        )
        .await;
        assert!(to.contains("error=too_long"), "{backend:?}: {to}");

        // Who may not act at all: another department, a manager (oversees, does not decide),
        // window staff, a signed-in citizen, nobody.
        for (who, cookie) in [
            ("police", &police),
            ("manager", &manager),
            ("window", &window),
            ("citizen", &citizen),
        ] {
            let (status, _) = act(
                &app,
                Some(cookie),
                &part,
                &[("action", "accept"), ("version", &v)],
            )
            .await;
            assert_eq!(status, 403, "{backend:?}: {who} may not decide a 人社 part");
        }
        let (status, to) = act(&app, None, &part, &[("action", "accept"), ("version", &v)]).await;
        assert_eq!(status, 303, "{backend:?}");
        assert!(to.starts_with("/staff/sign-in"), "{backend:?}: {to}");
        let (status, _) = act(
            &app,
            Some(&reviewer),
            "YJ-20260213-NOSUCHPART-1",
            &[("action", "accept"), ("version", "0")],
        )
        .await;
        assert_eq!(status, 404, "{backend:?}");

        assert_eq!(
            stored(&app, &part).await,
            before,
            "{backend:?}: the part is as it was"
        );
        assert_eq!(
            audit_rows(&app).await,
            audit_before,
            "{backend:?}: nothing was audited as done"
        );

        // A refused part stays refused.
        let (_, to) = act(
            &app,
            Some(&reviewer),
            &part,
            &[
                ("action", "refuse"),
                ("version", &v),
                ("reason", "不符合领取条件"),
            ],
        )
        .await;
        assert!(to.ends_with("done=refuse"), "{backend:?}: {to}");
        let v = version_of(&app, &part).await;
        for action in [
            "accept",
            "approve",
            "refuse",
            "transfer",
            "request_correction",
        ] {
            let (_, to) = act(
                &app,
                Some(&reviewer),
                &part,
                &[
                    ("action", action),
                    ("version", &v),
                    ("result", "x"),
                    ("reason", "x"),
                    ("to", "police"),
                    ("fields", "bank_account"),
                ],
            )
            .await;
            assert!(
                to.contains("error=not_from_status"),
                "{backend:?}: {action} on a refused part: {to}"
            );
        }
        assert_eq!(stored(&app, &part).await.0, "refused");
    }
}

#[tokio::test]
async fn of_two_reviewers_acting_at_once_one_wins_and_the_other_is_told() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (number, _) = submitted(&app, "key-back-office-0003").await;
        let first = app.staff("hrss3a", "reviewer", Some("hrss")).await;
        let second = app.staff("hrss3b", "reviewer", Some("hrss")).await;
        let part = part_of(&app, &number, "work_injury_rehab").await;
        let v = version_of(&app, &part).await;
        let accept = [("action", "accept"), ("version", v.as_str())];
        let refuse = [
            ("action", "refuse"),
            ("version", v.as_str()),
            ("reason", "材料不全"),
        ];
        let (a, b) = tokio::join!(
            act(&app, Some(&first), &part, &accept),
            act(&app, Some(&second), &part, &refuse)
        );
        let outcomes = [a.1, b.1];
        let won = outcomes.iter().filter(|to| to.contains("done=")).count();
        let told = outcomes
            .iter()
            .filter(|to| to.contains("error=conflict"))
            .count();
        assert_eq!((won, told), (1, 1), "{backend:?}: {outcomes:?}");
        assert_eq!(stored(&app, &part).await.1, 1, "{backend:?}: changed once");
    }
}

#[tokio::test]
async fn a_transfer_moves_the_part_to_the_other_departments_queue() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (number, _) = submitted(&app, "key-back-office-0004").await;
        let hrss = app.staff("hrss4", "reviewer", Some("hrss")).await;
        let police = app.staff("police4", "reviewer", Some("police")).await;
        let part = part_of(&app, &number, "assistive_devices").await;
        let v = version_of(&app, &part).await;
        let (_, to) = act(
            &app,
            Some(&hrss),
            &part,
            &[
                ("action", "transfer"),
                ("version", &v),
                ("to", "police"),
                ("reason", "分错部门"),
            ],
        )
        .await;
        assert!(to.ends_with("done=transfer"), "{backend:?}: {to}");
        assert_eq!(stored(&app, &part).await.2, "police");
        // Now the police reviewer decides it, and the 人社 reviewer no longer may.
        let v = version_of(&app, &part).await;
        let (status, _) = act(
            &app,
            Some(&hrss),
            &part,
            &[("action", "accept"), ("version", &v)],
        )
        .await;
        assert_eq!(status, 403, "{backend:?}");
        let (_, to) = act(
            &app,
            Some(&police),
            &part,
            &[("action", "accept"), ("version", &v)],
        )
        .await;
        assert!(to.ends_with("done=accept"), "{backend:?}: {to}");
    }
}

#[tokio::test]
async fn a_correction_stops_the_clock_and_is_shown_to_the_applicant_only() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (number, applicant) = submitted(&app, "key-back-office-0005").await;
        let reviewer = app.staff("hrss5", "reviewer", Some("hrss")).await;
        let part = part_of(&app, &number, "unemployment_benefit").await;
        let v = version_of(&app, &part).await;
        act(
            &app,
            Some(&reviewer),
            &part,
            &[("action", "accept"), ("version", &v)],
        )
        .await;
        let v = version_of(&app, &part).await;
        let (_, to) = act(
            &app,
            Some(&reviewer),
            &part,
            &[
                ("action", "request_correction"),
                ("version", &v),
                ("fields", "bank_account"),
                ("reason", "银行卡号与户名不符"),
            ],
        )
        .await;
        assert!(to.ends_with("done=request_correction"), "{backend:?}: {to}");
        let (clock, correction): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT clock_from, correction FROM parts WHERE id = $1")
                .bind(&part)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(clock, None, "{backend:?}: the clock stopped");
        assert!(correction.unwrap().contains("bank_account"));
        let page = app
            .get_as(&format!("/track/{number}"), Some(&applicant))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("需要您补正材料"),
            "{backend:?}: overall status"
        );
        assert!(
            page.contains("银行卡号与户名不符"),
            "{backend:?}: the applicant reads why"
        );
        let stranger = app
            .get_as(&format!("/track/{number}"), None)
            .await
            .text()
            .await
            .unwrap();
        assert!(!stranger.contains("银行卡号与户名不符"), "{backend:?}");
    }
}

#[tokio::test]
async fn queues_count_filter_and_page_and_only_their_department_opens_them() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (number, _) = submitted(&app, "key-back-office-0006").await;
        let reviewer = app.staff("hrss6", "reviewer", Some("hrss")).await;
        let police = app.staff("police6", "reviewer", Some("police")).await;
        let part = part_of(&app, &number, "work_injury_rehab").await;
        let v = version_of(&app, &part).await;
        act(
            &app,
            Some(&reviewer),
            &part,
            &[("action", "accept"), ("version", &v)],
        )
        .await;

        let page = app
            .get_as("/departments/hrss", Some(&reviewer))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(r#"data-testid="count-submitted">4<"#),
            "{backend:?}"
        );
        assert!(
            page.contains(r#"data-testid="count-accepted">1<"#),
            "{backend:?}"
        );
        assert_eq!(
            page.matches(r#"data-testid="queue-entry""#).count(),
            5,
            "{backend:?}"
        );
        let filtered = app
            .get_as("/departments/hrss?status=accepted", Some(&reviewer))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            filtered.matches(r#"data-testid="queue-entry""#).count(),
            1,
            "{backend:?}"
        );
        let by_item = app
            .get_as("/departments/hrss?item=assistive_devices", Some(&reviewer))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            by_item.matches(r#"data-testid="queue-entry""#).count(),
            1,
            "{backend:?}"
        );

        let response = app.get_as("/departments/hrss", Some(&police)).await;
        assert_eq!(
            response.status(),
            403,
            "{backend:?}: another department's queue"
        );
        let response = app
            .get_as(&format!("/staff/parts/{part}"), Some(&police))
            .await;
        assert_eq!(
            response.status(),
            403,
            "{backend:?}: another department's part"
        );
        let response = app.get_as(&format!("/staff/parts/{part}"), None).await;
        assert_eq!(
            response.status(),
            302,
            "{backend:?}: strangers are sent to sign in"
        );

        let detail = app
            .get_as(&format!("/staff/parts/{part}"), Some(&reviewer))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            detail.contains("中山市工伤康复中心"),
            "{backend:?}: the part's own field"
        );
        assert!(
            !detail.contains("4111111111111111"),
            "{backend:?}: rehab never sees the bank card"
        );
        assert!(
            detail.contains("11010519491231002X"),
            "{backend:?}: the applicant's ID number, for the reviewer"
        );
        // The catalog version it was made under, by name and content hash.
        let hash = server::catalog_store::content_hash(server::config::SEED_CATALOG);
        assert!(
            detail.contains(&format!("2026.11.1 · {}", &hash[..8])),
            "{backend:?}: the catalog version it was made under"
        );
    }
}

#[tokio::test]
async fn a_parts_file_is_served_to_its_department_as_an_attachment_and_the_view_is_audited() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (number, _) = submitted(&app, "key-back-office-0007").await;
        let citizen = app.sign_in_demo("li-ming").await;
        let reviewer = app.staff("hrss7", "reviewer", Some("hrss")).await;
        let police = app.staff("police7", "reviewer", Some("police")).await;
        let part = part_of(&app, &number, "work_injury_determination").await;
        let materials: String = sqlx::query_scalar("SELECT materials FROM parts WHERE id = $1")
            .bind(&part)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let list: Vec<serde_json::Value> = serde_json::from_str(&materials).unwrap();
        let key = list
            .iter()
            .find(|m| m["source"] == "upload")
            .and_then(|m| m["key"].as_str())
            .expect("an uploaded material")
            .to_string();
        let path = format!("/staff/parts/{part}/files/{key}");
        let response = app.get_as(&path, Some(&reviewer)).await;
        assert_eq!(response.status(), 200, "{backend:?}");
        assert_eq!(response.headers()["content-type"], "image/png");
        let disposition = response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        let cache = response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(cache.contains("no-store"), "{cache}");
        assert_eq!(
            response.bytes().await.unwrap().as_ref(),
            png(&key).as_slice()
        );
        for (who, cookie) in [
            ("police", Some(police.as_str())),
            ("citizen", Some(citizen.as_str())),
        ] {
            let status = app.get_as(&path, cookie).await.status();
            assert_eq!(status, 403, "{backend:?}: {who}");
        }
        assert_eq!(
            app.get_as(&path, None).await.status(),
            303,
            "{backend:?}: sign in first"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'file_view'")
                .await,
            1,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn the_audit_log_and_part_history_cannot_be_changed_or_deleted_even_with_sql() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        submitted(&app, "key-back-office-0008").await;
        for sql in [
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
            "UPDATE part_events SET note = 'rewritten'",
            "DELETE FROM part_events",
        ] {
            let result = sqlx::query(sql).execute(&app.db.pool).await;
            assert!(
                result.is_err(),
                "{backend:?}: {sql} must be refused by the database"
            );
        }
        assert!(app.count("SELECT COUNT(*) FROM audit_log").await > 0);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM part_events").await,
            5,
            "{backend:?}"
        );
    }
}

/// Posts the correction form as the browser does (multipart, no JavaScript needed).
async fn send_correction(
    app: &TestApp,
    cookie: &str,
    part: &str,
    values: &[(&str, &str)],
    files: &[(&str, &str, Vec<u8>)],
) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in values {
        form = form.text(format!("answers[{k}]"), v.to_string());
    }
    for (material, name, bytes) in files {
        form = form.part(
            format!("material:{material}"),
            reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()),
        );
    }
    let response = app
        .browser()
        .post(format!("{}/corrections/{part}", app.base))
        .header("Cookie", cookie)
        .multipart(form)
        .send()
        .await
        .expect("post");
    (response.status().as_u16(), location_if_any(&response))
}

#[tokio::test]
async fn the_applicant_answers_a_correction_for_that_part_alone_and_it_returns_to_its_reviewer() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (number, applicant) = submitted(&app, "key-back-office-0009").await;
        let reviewer = app.staff("hrss9", "reviewer", Some("hrss")).await;
        let part = part_of(&app, &number, "unemployment_benefit").await;
        let other = part_of(&app, &number, "work_injury_rehab").await;
        let other_before: (String, String) =
            sqlx::query_as("SELECT fields, materials FROM parts WHERE id = $1")
                .bind(&other)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let v = version_of(&app, &part).await;
        act(
            &app,
            Some(&reviewer),
            &part,
            &[("action", "accept"), ("version", &v)],
        )
        .await;
        let v = version_of(&app, &part).await;
        let (_, to) = act(
            &app,
            Some(&reviewer),
            &part,
            &[
                ("action", "request_correction"),
                ("version", &v),
                ("reason", "银行卡号有误，解除劳动合同证明不清晰"),
                ("fields", "bank_account"),
                ("materials", "termination_proof"),
            ],
        )
        .await;
        assert!(to.ends_with("done=request_correction"), "{backend:?}: {to}");

        // The page asks for exactly what was requested.
        let page = app
            .get_as(&format!("/corrections/{part}"), Some(&applicant))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(r#"name="answers[bank_account]""#),
            "{backend:?}"
        );
        assert!(
            page.contains(r#"name="material:termination_proof""#),
            "{backend:?}"
        );
        assert!(
            !page.contains(r#"name="answers[name]""#),
            "{backend:?}: nothing else is asked again"
        );

        // Someone else cannot answer it, nor see it.
        let stranger = app.open_session().await;
        // (Sent back to the part's page, which refuses them in their language.)
        let (status, to) = send_correction(
            &app,
            &stranger,
            &part,
            &[("bank_account", "6222020200112233446")],
            &[],
        )
        .await;
        assert_eq!(
            (status, to),
            (303, format!("/corrections/{part}")),
            "{backend:?}"
        );
        assert_eq!(
            app.get_as(&format!("/corrections/{part}"), Some(&stranger))
                .await
                .status(),
            403,
            "{backend:?}"
        );

        // A wrong card number and no file: kept, with messages, nothing moved.
        let (_, to) =
            send_correction(&app, &applicant, &part, &[("bank_account", "123")], &[]).await;
        assert_eq!(to, format!("/corrections/{part}#problems"), "{backend:?}");
        assert_eq!(stored(&app, &part).await.0, "correction_requested");
        let page = app
            .get_as(&format!("/corrections/{part}"), Some(&applicant))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(r#"value="123""#),
            "{backend:?}: what was typed is kept"
        );
        assert!(
            page.contains("请上传"),
            "{backend:?}: the missing file is named"
        );

        // The right answer: the part goes back to its reviewer with the clock running again.
        let proof = png("new termination proof");
        let (_, to) = send_correction(
            &app,
            &applicant,
            &part,
            &[("bank_account", "6222020200112233446")],
            &[("termination_proof", "证明.png", proof.clone())],
        )
        .await;
        assert_eq!(to, format!("/track/{number}?corrected=1"), "{backend:?}");
        let (status, clock): (String, Option<String>) =
            sqlx::query_as("SELECT status, clock_from FROM parts WHERE id = $1")
                .bind(&part)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(
            (status.as_str(), clock.as_deref()),
            ("accepted", Some("2026-02-13")),
            "{backend:?}"
        );
        let detail = app
            .get_as(&format!("/staff/parts/{part}"), Some(&reviewer))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            detail.contains("6222020200112233446"),
            "{backend:?}: the reviewer sees the corrected value"
        );
        assert!(detail.contains("证明.png"), "{backend:?}: and the new file");
        let other_after: (String, String) =
            sqlx::query_as("SELECT fields, materials FROM parts WHERE id = $1")
                .bind(&other)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(
            other_before, other_after,
            "{backend:?}: no other part was touched"
        );
        let fields: String = sqlx::query_scalar("SELECT fields FROM parts WHERE id = $1")
            .bind(&part)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert!(
            !fields.contains("6222020200112233446"),
            "{backend:?}: the card number is sealed at rest"
        );
        // Answering again does nothing: there is no correction waiting.
        let (_, to) = send_correction(
            &app,
            &applicant,
            &part,
            &[("bank_account", "6222020200112233446")],
            &[],
        )
        .await;
        assert_eq!(to, format!("/corrections/{part}"), "{backend:?}");
    }
}

#[tokio::test]
async fn an_approval_that_produces_a_decision_exempts_the_applicants_next_bundle_from_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // 李明 holds the work-injury determination already, not yet the capacity appraisal.
        let li_ming = app.sign_in_demo("li-ming").await;
        let mut answers = work_injury_answers();
        answers.insert("name", "李明");
        answers.insert("id_number", "442000198503120312");
        let items = ["work_capacity_appraisal"];
        let holds = ["id_card", "household_register", "work_injury_determination"];
        let token = match app.save_answers_as(&items, &answers, Some(&li_ming)).await {
            SubmitOutcome::Saved { draft } => draft,
            other => panic!("{backend:?}: {other:?}"),
        };
        let files = required_materials(&items, &answers, &holds)
            .into_iter()
            .map(|m| (m.clone(), format!("{m}.png"), png(&m)))
            .collect();
        app.upload(&token, files, "continue", Some(&li_ming)).await;
        let SubmitOutcome::Accepted { number } = app
            .submit_draft(&token, "key-back-office-0010", Some(&li_ming))
            .await
        else {
            panic!("{backend:?}: not accepted")
        };
        let held_now = |cookie: String| {
            let app = &app;
            async move {
                let body = app
                    .browser()
                    .post(format!("{}/api/bundle_context", app.base))
                    .header("Accept", "application/json")
                    .header("Cookie", cookie)
                    .form(&[("items[0]", "assistive_devices")])
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                let context: serde_json::Value = serde_json::from_str(&body).unwrap();
                context["held"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            }
        };
        assert!(
            !held_now(li_ming.clone())
                .await
                .contains(&"work_capacity_appraisal".to_string()),
            "{backend:?}"
        );

        let reviewer = app.staff("hrss10", "reviewer", Some("hrss")).await;
        let part = part_of(&app, &number, "work_capacity_appraisal").await;
        let v = version_of(&app, &part).await;
        act(
            &app,
            Some(&reviewer),
            &part,
            &[("action", "accept"), ("version", &v)],
        )
        .await;
        let v = version_of(&app, &part).await;
        let (_, to) = act(
            &app,
            Some(&reviewer),
            &part,
            &[
                ("action", "approve"),
                ("version", &v),
                ("result", "劳鉴〔2026〕3号"),
            ],
        )
        .await;
        assert!(to.ends_with("done=approve"), "{backend:?}: {to}");
        assert!(
            held_now(li_ming.clone())
                .await
                .contains(&"work_capacity_appraisal".to_string()),
            "{backend:?}: now held"
        );
        // Someone else signed in gets nothing of his.
        let wang_fang = app.sign_in_demo("wang-fang").await;
        assert!(
            !held_now(wang_fang)
                .await
                .contains(&"work_capacity_appraisal".to_string()),
            "{backend:?}"
        );
    }
}

/// The materials form as window staff post it: no files, "original seen" ticks.
async fn tick_at_counter(app: &TestApp, cookie: &str, token: &str, keys: &[String]) -> String {
    let mut form = reqwest::multipart::Form::new()
        .text("draft", token.to_string())
        .text("intent", "continue");
    for k in keys {
        form = form.text("counter", k.clone());
    }
    let response = app
        .browser()
        .post(format!("{}/apply/materials", app.base))
        .header("Cookie", cookie)
        .multipart(form)
        .send()
        .await
        .expect("post");
    location(&response)
}

#[tokio::test]
async fn window_staff_enter_an_application_at_the_counter_with_originals_seen_instead_of_uploads() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let window = app.staff("window11", "window", None).await;
        let items = ["unemployment_benefit"];
        let answers = work_injury_answers();
        let token = match app.save_answers_as(&items, &answers, Some(&window)).await {
            SubmitOutcome::Saved { draft } => draft,
            other => panic!("{backend:?}: {other:?}"),
        };
        let needed = required_materials(&items, &answers, &[]);
        assert!(!needed.is_empty());
        let next = tick_at_counter(&app, &window, &token, &needed).await;
        assert!(
            next.starts_with("/apply/review?draft="),
            "{backend:?}: all seen: {next}"
        );
        let SubmitOutcome::Accepted { number } = app
            .submit_draft(&token, "key-back-office-0011", Some(&window))
            .await
        else {
            panic!("{backend:?}: not accepted")
        };
        let (channel, entered_by): (String, Option<String>) =
            sqlx::query_as("SELECT channel, entered_by FROM applications WHERE number = $1")
                .bind(&number)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(channel, "counter", "{backend:?}");
        assert!(
            entered_by.is_some_and(|s| s.starts_with("staff:") || !s.is_empty()),
            "{backend:?}: who entered it"
        );
        let materials: String =
            sqlx::query_scalar("SELECT materials FROM parts WHERE application_number = $1")
                .bind(&number)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert!(
            materials.contains(r#""source":"at_counter""#),
            "{backend:?}: {materials}"
        );
        // Deciding it tells the applicant by SMS; no notification lands on the staff member's pages.
        let reviewer = app.staff("hrss11", "reviewer", Some("hrss")).await;
        let part = part_of(&app, &number, "unemployment_benefit").await;
        let v = version_of(&app, &part).await;
        let (_, to) = act(
            &app,
            Some(&reviewer),
            &part,
            &[("action", "accept"), ("version", &v)],
        )
        .await;
        assert!(to.ends_with("done=accept"), "{backend:?}: {to}");
        let notices: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE application_number = $1")
                .bind(&number)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(notices, 0, "{backend:?}");

        // The same ticks from anyone but window staff count for nothing.
        let session = app.open_session().await;
        let token = match app.save_answers_as(&items, &answers, Some(&session)).await {
            SubmitOutcome::Saved { draft } => draft,
            other => panic!("{backend:?}: {other:?}"),
        };
        let next = tick_at_counter(&app, &session, &token, &needed).await;
        assert!(
            next.starts_with("/apply/materials?draft="),
            "{backend:?}: still to upload: {next}"
        );
        let outcome = app
            .submit_draft(&token, "key-back-office-0012", Some(&session))
            .await;
        assert!(
            matches!(outcome, SubmitOutcome::Invalid { .. }),
            "{backend:?}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn a_large_queue_is_paged_earliest_deadline_first() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let reviewer = app.staff("hrss13", "reviewer", Some("hrss")).await;
        let hash: String = sqlx::query_scalar("SELECT hash FROM catalog_versions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        // 120 parts due on 120 different days, stored in no particular order.
        for i in 0..120i64 {
            let n = (i * 37) % 120;
            let number = format!("YJ-20260213-P{n:09}");
            let due = app::engine::Date::new(2026, 3, 1)
                .unwrap()
                .add_days(n)
                .to_string();
            sqlx::query(
                "INSERT INTO applications (number, idempotency_key, catalog_hash, items, answers, \
                 applicant_masked, submitted_on, due_on, created_at) VALUES ($1, $2, $3, '[]', '{}', '张*', '2026-02-13', $4, $5)",
            )
            .bind(&number)
            .bind(format!("key-page-{n:09}"))
            .bind(&hash)
            .bind(&due)
            .bind(i)
            .execute(&app.db.pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO parts (id, application_number, position, department_id, item_id, fields, materials, \
                 status, due_on, updated_at) VALUES ($1, $2, 1, 'hrss', 'unemployment_benefit', '{}', '[]', 'submitted', $3, 0)",
            )
            .bind(format!("{number}-1"))
            .bind(&number)
            .bind(&due)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        let first = app
            .get_as("/departments/hrss", Some(&reviewer))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            first.matches(r#"data-testid="queue-entry""#).count(),
            50,
            "{backend:?}"
        );
        assert!(first.contains("第 1 / 3 页"), "{backend:?}");
        let earliest = first
            .find("YJ-20260213-P000000000")
            .expect("the earliest deadline first");
        let next = first.find("YJ-20260213-P000000001").expect("then the next");
        assert!(earliest < next, "{backend:?}");
        let last = app
            .get_as("/departments/hrss?page=3", Some(&reviewer))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            last.matches(r#"data-testid="queue-entry""#).count(),
            20,
            "{backend:?}"
        );
        assert!(last.contains("YJ-20260213-P000000119"), "{backend:?}");
        assert!(!last.contains("YJ-20260213-P000000000"), "{backend:?}");
        let beyond = app
            .get_as("/departments/hrss?page=99", Some(&reviewer))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            beyond.contains("第 3 / 3 页"),
            "{backend:?}: a page past the end shows the last"
        );
        let by_item = app
            .get_as(
                "/departments/hrss?item=unemployment_benefit&status=submitted&page=2",
                Some(&reviewer),
            )
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(
            by_item.matches(r#"data-testid="queue-entry""#).count(),
            50,
            "{backend:?}"
        );
        assert!(
            by_item.contains(r#"data-testid="count-submitted">120<"#),
            "{backend:?}"
        );
    }
}
