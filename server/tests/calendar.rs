#![recursion_limit = "256"]
//! The working-day calendar kept by administrators, over real HTTP on SQLite and PostgreSQL: a
//! year's notice is checked whole (nothing stored while a line is wrong), stored with its audit
//! entry, used at once — running deadlines recounted, dates no longer provisional — and never
//! overwritten by the notices the product ships with.

mod helpers;

use app::api::SubmitOutcome;
use app::engine::calendar::{CalendarYear, DayRange};
use app::engine::Date;
use helpers::*;

/// A notice for 2027 typed for these tests: New Year's Day to the Sunday after, and Saturday
/// 9 January a make-up working day (so a count through early January ends a day sooner).
const HOLIDAYS: &str = "2027-01-01..2027-01-03\r\n2027-02-05..2027-02-11\r\n";
const WORKDAYS: &str = "2027-01-09";

async fn post_notice(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .browser()
        .post(format!("{}/staff/calendar", app.base))
        .header("Cookie", cookie)
        .form(form)
        .send()
        .await
        .expect("post");
    (response.status().as_u16(), location_if_any(&response))
}

async fn due_of(app: &TestApp, part: &str) -> String {
    sqlx::query_scalar("SELECT due_on FROM parts WHERE id = $1")
        .bind(part)
        .fetch_one(&app.db.pool)
        .await
        .expect("part")
}

#[tokio::test]
async fn an_administrator_enters_next_years_notice_and_deadlines_follow_it_at_once() {
    for backend in backends() {
        let app = spawn_app_with(backend, |c| {
            c.clock = server::clock::Clock::Fixed(Date::new(2026, 12, 28).expect("date"));
        })
        .await;
        let (outcome, _) = app
            .submit_as(
                &WORK_INJURY_SET,
                &work_injury_answers(),
                "key-calendar-0001",
            )
            .await;
        let SubmitOutcome::Accepted { number } = outcome else {
            panic!("{outcome:?}")
        };
        // Accepted on Monday 28 December 2026: 15 working days on the provisional 2027.
        let reviewer = app.staff("cal-reviewer", "reviewer", Some("hrss")).await;
        let part = part_of(&app, &number, "work_injury_determination").await;
        let version: i64 = sqlx::query_scalar("SELECT version FROM parts WHERE id = $1")
            .bind(&part)
            .fetch_one(&app.db.pool)
            .await
            .expect("version");
        let accepted = app
            .browser()
            .post(format!("{}/staff/parts/{part}", app.base))
            .header("Cookie", &reviewer)
            .form(&[("action", "accept"), ("version", &version.to_string())])
            .send()
            .await
            .expect("accept");
        assert_eq!(accepted.status(), 303, "{backend:?}");
        assert_eq!(due_of(&app, &part).await, "2027-01-19", "{backend:?}");
        // Still waiting, untouched since submission: 7 and 10 working days from 28 December.
        let rehab = part_of(&app, &number, "work_injury_rehab").await;
        let devices = part_of(&app, &number, "assistive_devices").await;
        let (rehab_due, devices_due) = (due_of(&app, &rehab).await, due_of(&app, &devices).await);
        // (Rehabilitation waits for the determination: 15 + 7 working days.)
        assert_eq!(
            (rehab_due.as_str(), devices_due.as_str()),
            ("2027-01-28", "2027-03-18"),
            "{backend:?}"
        );
        let page = |cookie: String| {
            let app = &app;
            let part = part.clone();
            async move {
                app.get_as(&format!("/staff/parts/{part}"), Some(&cookie))
                    .await
                    .text()
                    .await
                    .unwrap_or_default()
            }
        };
        assert!(page(reviewer.clone()).await.contains("provisional-due"));

        let admin = app.staff("cal-admin", "admin", None).await;
        let audits = app.count("SELECT COUNT(*) FROM audit_log").await;
        // Wrong lines: every one reported, with what was typed, and nothing stored.
        let (status, to) = post_notice(
            &app,
            &admin,
            &[
                ("year", "2027"),
                ("holidays", "2027-01-01..2027-01-03\n2027-13-01"),
                ("workdays", "2027-01-06"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        assert!(
            to.starts_with("/staff/calendar?errors=holidays:2:not-a-date,workdays:1:not-a-weekend&year=2027&holidays="),
            "{backend:?}: {to}"
        );
        let refused = app
            .get_as(&to, Some(&admin))
            .await
            .text()
            .await
            .unwrap_or_default();
        assert!(
            refused.contains("第2行：不是日期或日期范围") && refused.contains("2027-13-01"),
            "{backend:?}: the message beside the box, what was typed kept"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM calendar_years WHERE year = 2027")
                .await,
            0,
            "{backend:?}"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audits);
        // A reviewer may not change the calendar.
        let (status, _) = post_notice(
            &app,
            &reviewer,
            &[
                ("year", "2027"),
                ("holidays", HOLIDAYS),
                ("workdays", WORKDAYS),
            ],
        )
        .await;
        assert_eq!(status, 403, "{backend:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM calendar_years WHERE year = 2027")
                .await,
            0
        );

        // The devices part is sent on to another department before acceptance: its count, from
        // the day it was handed in, goes with it and is recounted all the same.
        let version: i64 = sqlx::query_scalar("SELECT version FROM parts WHERE id = $1")
            .bind(&devices)
            .fetch_one(&app.db.pool)
            .await
            .expect("version");
        let moved = app
            .browser()
            .post(format!("{}/staff/parts/{devices}", app.base))
            .header("Cookie", &reviewer)
            .form(&[
                ("action", "transfer"),
                ("version", &version.to_string()),
                ("to", "medical_insurance"),
                ("reason", "辅助器具由民政部门配置。"),
            ])
            .send()
            .await
            .expect("transfer");
        assert_eq!(moved.status(), 303, "{backend:?}");
        assert_eq!(
            sqlx::query_scalar::<_, String>("SELECT department_id FROM parts WHERE id = $1")
                .bind(&devices)
                .fetch_one(&app.db.pool)
                .await
                .expect("part"),
            "medical_insurance",
            "{backend:?}"
        );

        // Right: stored, audited, and the deadlines counted so far recounted on it.
        let (_, to) = post_notice(
            &app,
            &admin,
            &[
                ("year", " 2027 "),
                ("holidays", HOLIDAYS),
                ("workdays", WORKDAYS),
            ],
        )
        .await;
        assert_eq!(to, "/staff/calendar?saved=2027", "{backend:?}");
        assert_eq!(due_of(&app, &part).await, "2027-01-18", "{backend:?}");
        // Waiting parts too: a day sooner through 9 January; the devices' count also runs
        // through the notice's longer Spring Festival (5–11 February) and ends two days later.
        assert_eq!(
            (due_of(&app, &rehab).await, due_of(&app, &devices).await),
            ("2027-01-27".to_string(), "2027-03-22".to_string()),
            "{backend:?}"
        );
        let (actor, detail): (String, String) = sqlx::query_as(
            "SELECT actor, detail FROM audit_log WHERE action = 'calendar_save' AND subject = 'calendar:2027'",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("audited");
        assert!(actor.ends_with("(admin)"), "{actor}");
        assert!(
            detail.contains("2027-01-09")
                && detail.contains("before nothing")
                && detail.contains("deadlines recounted: 4"),
            "{detail}"
        );
        assert!(
            !page(reviewer.clone()).await.contains("provisional-due"),
            "{backend:?}: 2027 is no longer provisional"
        );
        let listed = app
            .get_as("/staff/calendar?year=2027", Some(&admin))
            .await
            .text()
            .await
            .unwrap_or_default();
        assert!(
            listed.contains("data-year=\"2027\"") && listed.contains(">2027-01-09</textarea>"),
            "{backend:?}: listed, and the change link fills the form"
        );

        // The shipped notices never overwrite a year an administrator entered.
        let shipped = CalendarYear {
            year: 2027,
            holidays: vec![DayRange::parse("2027-01-01").expect("day")],
            workdays: vec![],
        };
        server::services::calendar::seed(&app.db, &[shipped], 0)
            .await
            .expect("seed");
        let years = server::services::calendar::load(&app.db)
            .await
            .expect("load");
        let kept = years.iter().find(|y| y.year == 2027).expect("2027");
        assert_eq!(kept.workdays.len(), 1, "{backend:?}");
        assert!(
            years.iter().any(|y| y.year == 2026),
            "the shipped 2026 is there"
        );
    }
}

#[tokio::test]
async fn a_city_runs_on_its_own_catalog_file_without_a_rebuild() {
    // The seed with one item's committed days changed, as a city would edit its item list.
    let dir = tempfile_dir("catalog-json");
    let file = dir.join("catalog.json");
    let mut catalog: serde_json::Value =
        serde_json::from_str(server::config::SEED_CATALOG).expect("seed");
    catalog["version"] = "2026.12-city".into();
    for item in catalog["items"].as_array_mut().expect("items") {
        if item["id"] == "unemployment_benefit" {
            item["committed_days"] = 9.into();
        }
    }
    std::fs::write(&file, catalog.to_string()).expect("write");
    let app = spawn_app_with(Backend::Sqlite, |c| c.catalog_file = Some(file.clone())).await;
    assert_eq!(
        app.backend
            .catalog()
            .item("unemployment_benefit")
            .map(|i| i.committed_days),
        Some(9)
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM catalog_versions WHERE version = '2026.12-city'")
            .await,
        1,
        "stored as a version, as the seed is"
    );
    drop(app);
    // A file that is not there, not a catalog, or a catalog with a broken reference: the
    // server does not start on it.
    let mut dangling: serde_json::Value =
        serde_json::from_str(server::config::SEED_CATALOG).expect("seed");
    dangling["items"][0]["department"] = "no_such_department".into();
    for bad in [
        dir.join("missing.json"),
        {
            let broken = dir.join("broken.json");
            std::fs::write(&broken, "{\"version\": 1}").expect("write");
            broken
        },
        {
            let broken = dir.join("dangling.json");
            std::fs::write(&broken, dangling.to_string()).expect("write");
            broken
        },
    ] {
        let (url, _keep) = database_url(Backend::Sqlite).await;
        let mut config = server::config::Config::for_tests(
            url,
            server::clock::Clock::Fixed(Date::new(2026, 2, 13).expect("date")),
        );
        config.catalog_file = Some(bad.clone());
        let refused = server::start(&config).await.err();
        assert!(refused.is_some(), "{}", bad.display());
        if bad.ends_with("dangling.json") {
            let message = format!("{:?}", refused);
            assert!(message.contains("items[0].department"), "{message}");
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_city_runs_on_its_item_list_kept_as_a_workbook_and_the_operator_checks_one_first() {
    let dir = tempfile_dir("catalog-workbook");
    let mut catalog = app::engine::Catalog::from_json(server::config::SEED_CATALOG).expect("seed");
    catalog.version = "2026.12-workbook".into();
    for item in catalog
        .items
        .iter_mut()
        .filter(|i| i.id == "unemployment_benefit")
    {
        item.committed_days = 6;
    }
    let file = dir.join("item-list.xlsx");
    std::fs::write(&file, server::workbook::export(&catalog).expect("export")).expect("write");
    // The operator checks the file, then runs the server on it: no rebuild, no JSON.
    let config = server::config::Config::for_tests(
        String::new(),
        server::clock::Clock::Fixed(Date::new(2026, 2, 13).expect("date")),
    );
    let check = |path: &std::path::Path| {
        let args = ["check".to_string(), path.display().to_string()];
        let config = &config;
        async move { server::catalog_command(config, &args).await }
    };
    assert_eq!(check(&file).await, 0, "a sound workbook passes the check");
    let app = spawn_app_with(Backend::Sqlite, |c| c.catalog_file = Some(file.clone())).await;
    assert_eq!(
        app.backend
            .catalog()
            .item("unemployment_benefit")
            .map(|i| i.committed_days),
        Some(6)
    );
    drop(app);
    // A workbook with a broken reference fails the check, and the server does not start on it.
    catalog.items[0].department = "no_such_department".into();
    let broken = dir.join("broken-list.xlsx");
    std::fs::write(&broken, server::workbook::export(&catalog).expect("export")).expect("write");
    assert_eq!(check(&broken).await, 1);
    let (url, _keep) = database_url(Backend::Sqlite).await;
    let mut refused = server::config::Config::for_tests(
        url,
        server::clock::Clock::Fixed(Date::new(2026, 2, 13).expect("date")),
    );
    refused.catalog_file = Some(broken);
    let message = format!("{:?}", server::start(&refused).await.err());
    assert!(
        message.contains("row 2") && message.contains("department"),
        "{message}"
    );
    // The catalog in use comes out as a workbook that checks clean.
    let exported = dir.join("exported.xlsx");
    let args = ["export".to_string(), exported.display().to_string()];
    assert_eq!(server::catalog_command(&config, &args).await, 0);
    assert_eq!(check(&exported).await, 0);
    let _ = std::fs::remove_dir_all(dir);
}

/// A directory of the test's own (tests run in parallel and each removes its own).
fn tempfile_dir(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("yijian-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

async fn import(app: &TestApp, cookie: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("notices.json"),
    );
    app.browser()
        .post(format!("{}/staff/calendar/import", app.base))
        .header("Cookie", cookie)
        .multipart(form)
        .send()
        .await
        .expect("import")
}

#[tokio::test]
async fn an_administrator_imports_a_file_of_notices_checked_whole_and_exports_them_again() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.staff("cal-import", "admin", None).await;
        let stored = |year: i64| {
            let app = &app;
            async move {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM calendar_years WHERE year = $1")
                    .bind(year)
                    .fetch_one(&app.db.pool)
                    .await
                    .expect("count")
            }
        };
        // 2027 is right; 2028 has a line that is not a date and a weekday "make-up" day: each
        // is named, by year, box and line, and neither year is stored.
        let file = serde_json::json!({"years": [
            {"year": 2027, "holidays": ["2027-01-01..2027-01-03", "2027-02-05..2027-02-11"], "workdays": ["2027-01-09"]},
            {"year": 2028, "holidays": ["2028-01-01", "2028-13-40"], "workdays": ["2028-01-04"]},
        ]});
        let audits = app.count("SELECT COUNT(*) FROM audit_log").await;
        let refused = import(&app, &admin, file.to_string().into_bytes()).await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let page = refused.text().await.expect("page");
        assert!(
            page.contains("2028年放假：第2行：不是日期或日期范围")
                && page.contains("2028年调休上班：第1行：不是周六或周日"),
            "{backend:?}: {page}"
        );
        assert_eq!(
            (stored(2027).await, stored(2028).await),
            (0, 0),
            "{backend:?}"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audits);
        // Not JSON at all, a file over 1 MB, a thousand years, and a reviewer's upload: refused,
        // nothing stored.
        let big = import(&app, &admin, vec![b' '; 2 * 1024 * 1024]).await;
        assert!(big.status().as_u16() < 500, "{backend:?}: {}", big.status());
        let thousand: Vec<serde_json::Value> = (2000..3000)
            .map(|y| serde_json::json!({"year": y, "holidays": [format!("{y}-01-01")]}))
            .collect();
        let many = import(&app, &admin, serde_json::to_vec(&thousand).expect("json")).await;
        assert_eq!(many.status(), 422, "{backend:?}");
        assert_eq!(
            import(&app, &admin, b"PK\x03\x04".to_vec()).await.status(),
            422
        );
        let reviewer = app.staff("cal-import-rev", "reviewer", Some("hrss")).await;
        let file = serde_json::json!([{"year": "2027", "holidays": ["2027-01-01..2027-01-03"], "workdays": []}]);
        assert_eq!(
            import(&app, &reviewer, file.to_string().into_bytes())
                .await
                .status(),
            403,
            "{backend:?}"
        );
        assert_eq!(stored(2027).await, 0, "{backend:?}");

        // Right: stored, audited with where it came from, and exported again as it was.
        let accepted = import(&app, &admin, file.to_string().into_bytes()).await;
        assert_eq!(
            location_if_any(&accepted),
            "/staff/calendar?imported=2027",
            "{backend:?}"
        );
        assert_eq!(stored(2027).await, 1, "{backend:?}");
        let detail: String = sqlx::query_scalar(
            "SELECT detail FROM audit_log WHERE action = 'calendar_save' AND subject = 'calendar:2027'",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("audited");
        assert!(detail.contains("by file notices.json"), "{detail}");
        let exported = app
            .get_as("/staff/calendar/calendar.json", Some(&admin))
            .await
            .text()
            .await
            .expect("export");
        assert!(
            exported.contains("\"2027-01-01..2027-01-03\""),
            "{exported}"
        );
        let again = import(&app, &admin, exported.into_bytes()).await;
        assert!(
            location_if_any(&again).starts_with("/staff/calendar?imported=2025,2026,2027"),
            "{backend:?}: the export imports as it is"
        );
        assert_eq!(
            app.get_as("/staff/calendar/calendar.json", Some(&reviewer))
                .await
                .status(),
            403
        );
    }
}
