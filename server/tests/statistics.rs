#![recursion_limit = "256"]
//! The managers' dashboard over real HTTP on SQLite and PostgreSQL: a known set of applications
//! and decisions, and the figures must be exactly what happened. Only managers and
//! administrators get the page, the server function or the CSV.

mod helpers;

use app::api::{Dashboard, ReasonKind, StatusCounts, SubmitOutcome};
use helpers::*;

const REFUSAL: &str = "康复机构不在协议机构名单内";
const CORRECTION: &str = "辅助器具类型与医院诊断证明不一致";

async fn submitted(app: &TestApp, key: &str) -> String {
    let (outcome, _) = app
        .submit_as(&WORK_INJURY_SET, &work_injury_answers(), key)
        .await;
    let SubmitOutcome::Accepted { number } = outcome else {
        panic!("refused: {outcome:?}")
    };
    number
}

async fn execute(app: &TestApp, sql: &'static str, a: &str, b: &str) {
    sqlx::query(sql)
        .bind(a)
        .bind(b)
        .execute(&app.db.pool)
        .await
        .expect(sql);
}

/// A reviewer's move, as the part page's form posts it; it must succeed.
async fn act(app: &TestApp, reviewer: &str, part: &str, form: &[(&str, &str)]) {
    let version: i64 = sqlx::query_scalar("SELECT version FROM parts WHERE id = $1")
        .bind(part)
        .fetch_one(&app.db.pool)
        .await
        .expect("version");
    let version = version.to_string();
    let mut pairs = vec![("version", version.as_str())];
    pairs.extend_from_slice(form);
    let response = app
        .browser()
        .post(format!("{}/staff/parts/{part}", app.base))
        .header("Cookie", reviewer)
        .form(&pairs)
        .send()
        .await
        .expect("post");
    let to = location(&response);
    assert!(to.contains("?done="), "{form:?} on {part}: {to}");
}

/// The applications and moves every test here starts from:
/// - A (5 parts): determination and appraisal accepted and approved, rehab refused, devices
///   sent back for correction, benefit accepted;
/// - B (5 parts): determination accepted, the rest waiting; its benefit part is due within two
///   working days;
/// - C: submitted before the period (moved back to 10 January); its determination is overdue.
struct Seed {
    a: String,
}

async fn seed(app: &TestApp) -> Seed {
    let a = submitted(app, "key-statistics-0001").await;
    let b = submitted(app, "key-statistics-0002").await;
    let c = submitted(app, "key-statistics-0003").await;
    // Time cannot pass under the fixed test clock (13 February 2026), so the past is written in.
    execute(
        app,
        "UPDATE applications SET submitted_on = $1 WHERE number = $2",
        "2026-01-10",
        &c,
    )
    .await;
    execute(
        app,
        "UPDATE parts SET due_on = $1 WHERE application_number = $2 AND item_id = 'work_injury_determination'",
        "2026-02-10",
        &c,
    )
    .await;
    // The 14th is a make-up working day and the Spring Festival holiday runs 15–23 February:
    // the 24th is the second working day after the 13th.
    execute(
        app,
        "UPDATE parts SET due_on = $1 WHERE application_number = $2 AND item_id = 'unemployment_benefit'",
        "2026-02-24",
        &b,
    )
    .await;

    let reviewer = app.staff("stats-hrss", "reviewer", Some("hrss")).await;
    let part = |number: &str, item: &'static str| {
        let number = number.to_string();
        async move { part_of(app, &number, item).await }
    };
    let determination = part(&a, "work_injury_determination").await;
    let appraisal = part(&a, "work_capacity_appraisal").await;
    for p in [&determination, &appraisal] {
        act(app, &reviewer, p, &[("action", "accept")]).await;
    }
    act(
        app,
        &reviewer,
        &determination,
        &[("action", "approve"), ("result", "认定〔2026〕7号")],
    )
    .await;
    act(
        app,
        &reviewer,
        &appraisal,
        &[("action", "approve"), ("result", "鉴定〔2026〕1号")],
    )
    .await;
    act(
        app,
        &reviewer,
        &part(&a, "work_injury_rehab").await,
        &[("action", "refuse"), ("reason", REFUSAL)],
    )
    .await;
    // Newest first needs two distinct moments.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    act(
        app,
        &reviewer,
        &part(&a, "assistive_devices").await,
        &[
            ("action", "request_correction"),
            ("fields", "device_type"),
            ("reason", CORRECTION),
        ],
    )
    .await;
    act(
        app,
        &reviewer,
        &part(&a, "unemployment_benefit").await,
        &[("action", "accept")],
    )
    .await;
    act(
        app,
        &reviewer,
        &part(&b, "work_injury_determination").await,
        &[("action", "accept")],
    )
    .await;
    Seed { a }
}

/// The dashboard through its server function, as a script would call it.
async fn dashboard(app: &TestApp, cookie: &str) -> Dashboard {
    let response = app
        .browser()
        .post(format!("{}/api/dashboard", app.base))
        .header("Accept", "application/json")
        .header("Cookie", cookie)
        .send()
        .await
        .expect("dashboard");
    let status = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn counts(
    submitted: u64,
    accepted: u64,
    correction: u64,
    approved: u64,
    refused: u64,
) -> StatusCounts {
    StatusCounts {
        submitted,
        accepted,
        correction_requested: correction,
        approved,
        refused,
    }
}

/// (item, received, decided, committed, statutory, overdue, due soon).
type ItemLine<'a> = (&'a str, StatusCounts, u64, u32, Option<u32>, u64, u64);

#[tokio::test]
async fn the_dashboard_counts_exactly_what_happened() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let seed = seed(&app).await;
        let manager = app.staff("stats-manager", "manager", None).await;
        let d = dashboard(&app, &manager).await;

        assert_eq!(
            (d.from.to_string(), d.to.to_string(), d.today.to_string()),
            (
                "2026-01-15".into(),
                "2026-02-13".into(),
                "2026-02-13".into()
            ),
            "{backend:?}: the last 30 days up to the backend's today"
        );
        // C was submitted before the period.
        assert_eq!(d.applications, 2, "{backend:?}");
        assert_eq!(d.per_day.len(), 30, "{backend:?}");
        let busy: Vec<(String, u64)> = d
            .per_day
            .iter()
            .filter(|c| c.applications > 0)
            .map(|c| (c.day.to_string(), c.applications))
            .collect();
        assert_eq!(busy, vec![("2026-02-13".to_string(), 2)], "{backend:?}");
        assert_eq!(d.received, counts(4, 2, 1, 2, 1), "{backend:?}");
        assert_eq!(d.received.total(), 10, "{backend:?}");
        // Decided the day they were accepted: no working days used, all on time.
        assert_eq!(d.timeliness.decided, 3, "{backend:?}");
        assert_eq!(d.timeliness.on_time, 3, "{backend:?}");
        assert_eq!(d.timeliness.on_time_percent, Some(100.0), "{backend:?}");
        assert_eq!(d.timeliness.average_days, Some(0.0), "{backend:?}");
        // C's determination is late whatever the period; B's benefit is due on the 24th.
        assert_eq!((d.overdue, d.due_soon), (1, 1), "{backend:?}");

        let items: Vec<ItemLine> = d
            .items
            .iter()
            .map(|i| {
                (
                    i.item.as_str(),
                    i.received,
                    i.timeliness.decided,
                    i.committed_days,
                    i.statutory_days,
                    i.overdue,
                    i.due_soon,
                )
            })
            .collect();
        assert_eq!(
            items,
            vec![
                (
                    "work_injury_determination",
                    counts(0, 1, 0, 1, 0),
                    1,
                    15,
                    Some(60),
                    1,
                    0
                ),
                (
                    "work_capacity_appraisal",
                    counts(1, 0, 0, 1, 0),
                    1,
                    30,
                    Some(60),
                    0,
                    0
                ),
                ("work_injury_rehab", counts(1, 0, 0, 0, 1), 1, 7, None, 0, 0),
                (
                    "assistive_devices",
                    counts(1, 0, 1, 0, 0),
                    0,
                    10,
                    None,
                    0,
                    0
                ),
                (
                    "unemployment_benefit",
                    counts(1, 1, 0, 0, 0),
                    0,
                    5,
                    Some(10),
                    0,
                    1
                ),
            ],
            "{backend:?}"
        );
        let devices = &d.items[3];
        assert_eq!(devices.timeliness.on_time_percent, None, "{backend:?}");
        assert_eq!(devices.timeliness.average_days, None, "{backend:?}");
        assert_eq!(d.items[0].name.zh, "工伤认定申请");

        assert_eq!(d.departments.len(), 1, "{backend:?}");
        let hrss = &d.departments[0];
        assert_eq!(hrss.id, "hrss");
        assert_eq!(hrss.received, d.received, "{backend:?}");
        assert_eq!(hrss.timeliness, d.timeliness, "{backend:?}");
        assert_eq!((hrss.overdue, hrss.due_soon), (1, 1), "{backend:?}");

        let reasons: Vec<(ReasonKind, &str, &str, &str)> = d
            .reasons
            .iter()
            .map(|r| {
                (
                    r.kind,
                    r.item.zh.as_str(),
                    r.number.as_str(),
                    r.reason.as_str(),
                )
            })
            .collect();
        assert_eq!(
            reasons,
            vec![
                (
                    ReasonKind::Correction,
                    "工伤保险辅助器具配置",
                    seed.a.as_str(),
                    CORRECTION
                ),
                (
                    ReasonKind::Refusal,
                    "工伤康复待遇申请",
                    seed.a.as_str(),
                    REFUSAL
                ),
            ],
            "{backend:?}: newest first"
        );

        // Some history, written in: the determination was decided a day late after 16 working
        // days, the appraisal took 5, and the refusal was made before the period began.
        let determination = part_of(&app, &seed.a, "work_injury_determination").await;
        let appraisal = part_of(&app, &seed.a, "work_capacity_appraisal").await;
        let rehab = part_of(&app, &seed.a, "work_injury_rehab").await;
        execute(
            &app,
            "UPDATE parts SET due_on = $1, days_used = 16 WHERE id = $2",
            "2026-02-12",
            &determination,
        )
        .await;
        sqlx::query("UPDATE parts SET days_used = 5 WHERE id = $1")
            .bind(&appraisal)
            .execute(&app.db.pool)
            .await
            .expect("days used");
        execute(
            &app,
            "UPDATE parts SET decided_on = $1 WHERE id = $2",
            "2026-01-14",
            &rehab,
        )
        .await;
        let d = dashboard(&app, &manager).await;
        assert_eq!(d.timeliness.decided, 2, "{backend:?}");
        assert_eq!(d.timeliness.on_time, 1, "{backend:?}");
        assert_eq!(d.timeliness.on_time_percent, Some(50.0), "{backend:?}");
        assert_eq!(d.timeliness.average_days, Some(10.5), "{backend:?}");
        let determination = &d.items[0].timeliness;
        assert_eq!(
            (determination.on_time_percent, determination.average_days),
            (Some(0.0), Some(16.0)),
            "{backend:?}"
        );
        assert_eq!(d.items[1].timeliness.average_days, Some(5.0), "{backend:?}");
        // Received is counted by submission: the refusal still shows there.
        assert_eq!(d.items[2].received.refused, 1, "{backend:?}");
        assert_eq!(d.items[2].timeliness.decided, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn the_page_shows_the_figures_with_charts_and_their_tables() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        seed(&app).await;
        let admin = app.staff("stats-admin", "admin", None).await;
        let response = app.get_as("/staff/statistics", Some(&admin)).await;
        assert_eq!(response.status(), 200, "{backend:?}");
        let page = response.text().await.expect("html");
        for expected in [
            r#"data-testid="stat-applications">2<"#,
            r#"data-testid="stat-parts">10<"#,
            r#"data-testid="stat-decided">3<"#,
            r#"data-testid="stat-on-time">100.0%<"#,
            r#"data-testid="stat-average-days">0.0<"#,
            r#"data-testid="stat-overdue">1<"#,
            r#"data-testid="stat-due-soon">1<"#,
            // Both charts are images with a title, and their numbers are in tables too.
            r#"role="img""#,
            r#"<title id="daily-title">每日申请量</title>"#,
            r#"<title id="days-title">"#,
            r#"data-testid="daily-table""#,
            r#"data-testid="item-table""#,
            "法定60个工作日 → 承诺15个工作日",
            REFUSAL,
            CORRECTION,
            r#"href="/staff/statistics.csv""#,
        ] {
            assert!(page.contains(expected), "{backend:?}: {expected} in {page}");
        }
        assert_eq!(
            page.matches(r#"data-testid="item-row""#).count(),
            5,
            "{backend:?}"
        );
        assert_eq!(page.matches("<svg ").count(), 2, "{backend:?}");
        // The desk links here for managers and administrators only.
        let desk = app
            .get_as("/staff", Some(&admin))
            .await
            .text()
            .await
            .unwrap();
        assert!(desk.contains(r#"href="/staff/statistics""#), "{backend:?}");
    }
}

#[tokio::test]
async fn only_managers_and_administrators_get_the_page_the_function_or_the_csv() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let people: Vec<(&str, Option<String>)> = vec![
            ("anonymous", None),
            ("citizen", Some(app.sign_in_demo("li-ming").await)),
            (
                "window",
                Some(app.staff("stats-window", "window", None).await),
            ),
            (
                "reviewer",
                Some(app.staff("stats-rev", "reviewer", Some("hrss")).await),
            ),
            (
                "catalog editor",
                Some(app.staff("stats-editor", "catalog_editor", None).await),
            ),
            (
                "manager",
                Some(app.staff("stats-boss", "manager", None).await),
            ),
            ("admin", Some(app.staff("stats-root", "admin", None).await)),
        ];
        let sign_in = "/staff/sign-in?next=%2Fstaff%2Fstatistics";
        for (who, cookie) in &people {
            let cookie = cookie.as_deref();
            let allowed = matches!(*who, "manager" | "admin");
            let page = app.get_as("/staff/statistics", cookie).await;
            let csv = app.get_as("/staff/statistics.csv", cookie).await;
            let mut call = app
                .browser()
                .post(format!("{}/api/dashboard", app.base))
                .header("Accept", "application/json");
            if let Some(c) = cookie {
                call = call.header("Cookie", c);
            }
            let call = call.send().await.expect("call");
            let got = (
                page.status().as_u16(),
                call.status().as_u16(),
                csv.status().as_u16(),
            );
            match (allowed, cookie) {
                (true, _) => assert_eq!(got, (200, 200, 200), "{backend:?}: {who}"),
                (false, None) => {
                    assert_eq!(got, (302, 401, 303), "{backend:?}: {who}");
                    assert_eq!(location(&page), sign_in, "{backend:?}");
                    assert_eq!(location(&csv), sign_in, "{backend:?}");
                }
                (false, Some(_)) => assert_eq!(got, (403, 403, 403), "{backend:?}: {who}"),
            }
            if !allowed {
                let body = csv.text().await.unwrap_or_default();
                assert!(!body.contains("Item id"), "{backend:?}: {who} got figures");
                let body = call.text().await.unwrap_or_default();
                assert!(!body.contains("per_day"), "{backend:?}: {who} got figures");
            }
            if let Some(c) = cookie.filter(|_| *who != "citizen") {
                let desk = app.get_as("/staff", Some(c)).await.text().await.unwrap();
                assert_eq!(
                    desk.contains(r#"href="/staff/statistics""#),
                    allowed,
                    "{backend:?}: {who}'s desk"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_csv_opens_in_a_spreadsheet_in_chinese_and_runs_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let seed = seed(&app).await;
        let manager = app.staff("stats-csv", "manager", None).await;
        let response = app.get_as("/staff/statistics.csv", Some(&manager)).await;
        assert_eq!(response.status(), 200, "{backend:?}");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(header("content-type"), "text/csv; charset=utf-8");
        assert_eq!(
            header("content-disposition"),
            "attachment; filename=\"statistics.csv\""
        );
        let bytes = response.bytes().await.expect("body");
        assert_eq!(
            &bytes[..3],
            b"\xEF\xBB\xBF",
            "{backend:?}: a UTF-8 BOM first"
        );
        let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
        assert!(text.ends_with("\r\n"), "{backend:?}");
        let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(
            lines,
            vec![
                "事项编号 Item id,事项名称 Item,部门 Department,收件 Parts received,已办结 Approved,\
                 不予办理 Refused,未办结 Open,当前超期 Overdue now,按时办结率(%) On-time rate (%),\
                 平均用时(工作日) Average working days,承诺时限(工作日) Committed days,\
                 法定时限(工作日) Statutory days",
                "work_injury_determination,工伤认定申请,人力资源和社会保障局,2,1,0,1,1,100.0,0.0,15,60",
                "work_capacity_appraisal,劳动能力鉴定,人力资源和社会保障局,2,1,0,1,0,100.0,0.0,30,60",
                "work_injury_rehab,工伤康复待遇申请,人力资源和社会保障局,2,0,1,1,0,100.0,0.0,7,",
                "assistive_devices,工伤保险辅助器具配置,人力资源和社会保障局,2,0,0,2,0,,,10,",
                "unemployment_benefit,失业保险金申领,人力资源和社会保障局,2,0,0,2,0,,,5,10",
            ],
            "{backend:?}"
        );

        // An item the catalog no longer holds shows by its stored id: one that a spreadsheet
        // would run as a formula is written as text.
        let formula = "=SUM(1,2)";
        execute(
            &app,
            "INSERT INTO service_items (id, department_id, name_zh, name_en, committed_days) \
             VALUES ($1, $2, 'x', 'x', 1)",
            formula,
            "hrss",
        )
        .await;
        let rehab = part_of(&app, &seed.a, "work_injury_rehab").await;
        execute(
            &app,
            "UPDATE parts SET item_id = $1 WHERE id = $2",
            formula,
            &rehab,
        )
        .await;
        let text = app
            .get_as("/staff/statistics.csv", Some(&manager))
            .await
            .text()
            .await
            .expect("csv");
        assert!(
            text.contains(
                "\r\n\"'=SUM(1,2)\",\"'=SUM(1,2)\",人力资源和社会保障局,1,0,1,0,0,100.0,0.0,0,\r\n"
            ),
            "{backend:?}: {text}"
        );
        assert!(
            !text.contains(",=") && !text.contains("\n="),
            "{backend:?}: no cell starts a formula: {text}"
        );
    }
}
