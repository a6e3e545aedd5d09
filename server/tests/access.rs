#![recursion_limit = "256"]
//! Who may see what, tried as an attacker would: over real HTTP, on SQLite and PostgreSQL. The
//! authorisation matrix asks every role for every route and server function, on their own and on
//! someone else's records, and prints what each got.

mod helpers;

use std::collections::BTreeMap;

use app::api::SubmitOutcome;
use helpers::*;

/// Everyone the matrix asks, in the order its columns are printed.
const ROLES: [&str; 9] = [
    "anonymous",
    "citizen A",
    "citizen B",
    "window",
    "reviewer hrss",
    "reviewer police",
    "catalog editor",
    "manager",
    "admin",
];

/// 李明's answers for the work-injury set: he is citizen A.
fn li_ming_answers() -> BTreeMap<&'static str, &'static str> {
    let mut a = work_injury_answers();
    a.insert("name", "李明");
    a.insert("id_number", "442000198503120312");
    a.insert("address", "中山市石岐区孙文中路8号");
    a
}

const LI_MING_HOLDS: [&str; 3] = ["id_card", "household_register", "work_injury_determination"];

/// What citizen A made: a submitted application and an open draft.
struct Records {
    number: String,
    draft: String,
    draft_code: String,
    staff_id: String,
}

async fn records_of_citizen_a(app: &TestApp, a: &str) -> Records {
    let answers = li_ming_answers();
    let token = match app
        .save_answers_as(&WORK_INJURY_SET, &answers, Some(a))
        .await
    {
        SubmitOutcome::Saved { draft } => draft,
        other => panic!("{other:?}"),
    };
    let files = required_materials(&WORK_INJURY_SET, &answers, &LI_MING_HOLDS)
        .into_iter()
        .map(|m| (m.clone(), format!("{m}.png"), png(&m)))
        .collect();
    app.upload(&token, files, "continue", Some(a)).await;
    let number = match app
        .submit_draft(&token, "key-matrix-a-00000001", Some(a))
        .await
    {
        SubmitOutcome::Accepted { number } => number,
        other => panic!("{other:?}"),
    };
    let draft = match app
        .save_answers_as(&["unemployment_registration"], &answers, Some(a))
        .await
    {
        SubmitOutcome::Saved { draft } => draft,
        other => panic!("{other:?}"),
    };
    let staff_id: String = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'window'")
        .fetch_one(&app.db.pool)
        .await
        .expect("window staff");
    Records {
        draft_code: app.resume_code(&draft).await,
        number,
        draft,
        staff_id,
    }
}

/// One request as one role: what came back.
struct Reply {
    status: u16,
    location: String,
    body: String,
}

/// Each role calls from its own address (through the trusted proxy header), so one role's
/// refusals never use up another's allowance in the limiter.
async fn send(request: reqwest::RequestBuilder, cookie: Option<&str>, role: usize) -> Reply {
    let request = request.header("X-Forwarded-For", format!("198.51.100.{}", role + 1));
    let request = match cookie {
        Some(c) => request.header("Cookie", c),
        None => request,
    };
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let location = location_if_any(&response);
    Reply {
        status,
        location,
        body: response.text().await.unwrap_or_default(),
    }
}

/// "POST /api/<endpoint>" for every server function and "GET <path>" for every page (up to its
/// first parameter), read from the app's own source, so a new one cannot be left out.
fn every_server_function_and_page() -> Vec<String> {
    let api = include_str!("../../app/src/api/mod.rs");
    let pages = include_str!("../../app/src/app.rs");
    let between = |text: &'static str, open: &'static str, close: &'static str| {
        text.split(open)
            .skip(1)
            .filter_map(move |rest| rest.split(close).next())
    };
    // The whole attribute: a server function that takes its input from the URL is a GET.
    between(api, "#[server(endpoint = \"", ")]")
        .map(|attribute| {
            let endpoint = attribute.split('"').next().unwrap_or(attribute);
            let method = if attribute.contains("GetUrl") {
                "GET"
            } else {
                "POST"
            };
            format!("{method} /api/{endpoint}")
        })
        .chain(between(pages, "path!(\"", "\"").map(|p| {
            let fixed = p.split(':').next().unwrap_or(p);
            format!("GET {fixed}")
        }))
        .collect()
}

/// The cells of one row: which roles got the thing.
type Row = (&'static str, Vec<bool>);

#[tokio::test]
async fn the_authorisation_matrix_holds_for_every_role_route_and_record() {
    for backend in backends() {
        let app = spawn_app_with(backend, |c| {
            c.client_ip_header = Some("x-forwarded-for".into());
        })
        .await;
        let mut cookies: Vec<Option<String>> = vec![None];
        cookies.push(Some(app.sign_in_demo("li-ming").await));
        cookies.push(Some(app.sign_in_demo("wang-fang").await));
        cookies.push(Some(app.staff("window", "window", None).await));
        cookies.push(Some(app.staff("rev-hrss", "reviewer", Some("hrss")).await));
        cookies.push(Some(
            app.staff("rev-police", "reviewer", Some("police")).await,
        ));
        cookies.push(Some(app.staff("editor", "catalog_editor", None).await));
        cookies.push(Some(app.staff("manager", "manager", None).await));
        cookies.push(Some(app.staff("root", "admin", None).await));
        let a = cookies[1].clone().expect("citizen A");
        let r = records_of_citizen_a(&app, &a).await;
        // The 人社 reviewer accepts A's part and asks A to correct the address: A has a
        // correction waiting and a notice of it.
        let part = format!("{}-1", r.number);
        for (action, extra) in [
            ("accept", vec![]),
            (
                "request_correction",
                vec![("fields", "address"), ("reason", "地址请写到门牌号")],
            ),
        ] {
            let version: (i64,) = sqlx::query_as("SELECT version FROM parts WHERE id = $1")
                .bind(&part)
                .fetch_one(&app.db.pool)
                .await
                .expect("version");
            let version = version.0.to_string();
            let mut form = vec![("action", action), ("version", version.as_str())];
            form.extend(extra);
            let done = app
                .browser()
                .post(format!("{}/staff/parts/{part}", app.base))
                .header("Cookie", cookies[4].as_deref().expect("reviewer"))
                .form(&form)
                .send()
                .await
                .expect("act");
            assert!(
                location(&done).ends_with(&format!("done={action}")),
                "{action}"
            );
        }
        let base = app.base.clone();
        let client = app.browser();
        let get = |path: String| client.get(format!("{base}{path}"));
        let post = |path: &str, form: Vec<(&str, String)>| {
            client
                .post(format!("{base}{path}"))
                .header("Accept", "application/json")
                .form(&form)
        };

        let mut rows: Vec<Row> = Vec::new();
        macro_rules! row {
            ($name:literal, |$reply:ident| $got:expr, $request:expr) => {{
                let mut cells = Vec::new();
                for (role, cookie) in cookies.iter().enumerate() {
                    let $reply = send($request, cookie.as_deref(), role).await;
                    cells.push($got);
                }
                rows.push(($name, cells));
            }};
        }
        // Citizen A's open draft, by its handle in a link.
        row!(
            "GET /apply?draft=<A's>",
            |x| x.body.contains("孙文中路8号"),
            get(format!("/apply?draft={}", r.draft))
        );
        row!(
            "GET /apply/materials?draft=<A's>",
            |x| x.body.contains(&r.draft_code[..4]) && x.body.contains("上传材料"),
            get(format!("/apply/materials?draft={}", r.draft))
        );
        row!(
            "GET /apply/review?draft=<A's>",
            |x| x.body.contains("核对并提交") && x.body.contains("孙文中路8号"),
            get(format!("/apply/review?draft={}", r.draft))
        );
        row!(
            "POST /api/bundle_context <A's draft>",
            |x| x.body.contains("孙文中路8号"),
            post("/api/bundle_context", vec![("draft", r.draft.clone())])
        );
        row!(
            "POST /api/my_drafts (lists A's)",
            |x| x.body.contains(&r.draft),
            post("/api/my_drafts", vec![])
        );
        row!(
            "GET / (lists A's drafts)",
            |x| x.body.contains(&r.draft),
            get("/".into())
        );
        // A key that is not well formed: the owner is told the form expired, anyone else that
        // there is no such draft — and nothing is stored for anyone.
        row!(
            "POST /api/submit_application <A's draft>",
            |x| x.status == 200 && !x.body.contains("找不到这份申请草稿"),
            post(
                "/api/submit_application",
                vec![
                    ("draft", r.draft.clone()),
                    ("idempotency_key", "not a key".into())
                ]
            )
        );
        // Citizen A's submitted application.
        row!(
            "GET /receipt/<A's>",
            |x| x.status == 200 && x.body.contains("申请已提交"),
            get(format!("/receipt/{}", r.number))
        );
        row!(
            "POST /api/receipt <A's>",
            |x| x.status == 200 && x.body.contains(&r.number),
            post("/api/receipt", vec![("number", r.number.clone())])
        );
        row!(
            "GET /track/<A's> (status only)",
            |x| x.status == 200 && x.body.contains("办理进度"),
            get(format!("/track/{}", r.number))
        );
        // Department queues.
        row!(
            "GET /departments",
            |x| x.status == 200 && x.body.contains("/departments/"),
            get("/departments".into())
        );
        row!(
            "GET /departments/hrss",
            |x| x.status == 200 && x.body.contains("data-testid=\"queue-counts\""),
            get("/departments/hrss".into())
        );
        row!(
            "POST /api/department_queue hrss",
            |x| x.status == 200 && x.body.contains("entries"),
            post("/api/department_queue", vec![("id", "hrss".into())])
        );
        row!(
            "GET /departments/police",
            |x| x.status == 200 && x.body.contains("data-testid=\"queue-counts\""),
            get("/departments/police".into())
        );
        // Staff accounts.
        row!(
            "GET /staff/accounts",
            |x| x.status == 200 && x.body.contains("data-testid=\"staff-account\""),
            get("/staff/accounts".into())
        );
        row!(
            "POST /api/staff_accounts",
            |x| x.status == 200 && x.body.contains("username"),
            post("/api/staff_accounts", vec![])
        );
        row!(
            "POST /staff/accounts (add)",
            |x| x.location == "/staff/accounts?added=1",
            post(
                "/staff/accounts",
                vec![
                    (
                        "username",
                        format!("new{}", &uuid::Uuid::new_v4().simple().to_string()[..8])
                    ),
                    ("name", "新人".into()),
                    ("role", "window".into()),
                    ("department", String::new()),
                    ("password", "a long enough password".into())
                ]
            )
        );
        row!(
            "POST /staff/accounts/<id>/active",
            |x| x.location == "/staff/accounts?changed=1",
            post(
                &format!("/staff/accounts/{}/active", app::api::encode(&r.staff_id)),
                vec![("active", "1".into())]
            )
        );
        row!(
            "POST /api/track_application <A's>",
            |x| x.status == 200 && x.body.contains(&r.number),
            post("/api/track_application", vec![("number", r.number.clone())])
        );
        row!(
            "GET /staff (desk)",
            |x| x.status == 200 && x.body.contains("data-testid=\"staff-who\""),
            get("/staff".into())
        );
        // Dispatch: where departments' parts go is for administrators only.
        row!(
            "GET /staff/dispatch",
            |x| x.status == 200 && x.body.contains("action=\"/staff/dispatch/receivers\""),
            get("/staff/dispatch".into())
        );
        row!(
            "POST /api/dispatch_overview",
            |x| x.status == 200 && x.body.contains("dead_letters"),
            post("/api/dispatch_overview", vec![])
        );
        row!(
            "POST /staff/dispatch/receivers",
            |x| x.location.starts_with("/staff/dispatch?saved="),
            post(
                "/staff/dispatch/receivers",
                vec![
                    ("department", "hrss".into()),
                    ("url", "https://hrss.example.gov.cn/parts".into()),
                    (
                        "secret",
                        "a-shared-secret-of-more-than-32-characters".into()
                    ),
                    ("active", "on".into())
                ]
            )
        );
        row!(
            "POST /staff/dispatch/<id>/redeliver",
            |x| x.location.contains("redeliver_error=gone"),
            post("/staff/dispatch/no-such-entry/redeliver", vec![])
        );
        row!(
            "POST /api/my_applications (lists A's)",
            |x| x.body.contains(&r.number),
            post("/api/my_applications", vec![])
        );
        row!(
            "POST /api/notifications (A's)",
            |x| x.body.contains(&r.number),
            post("/api/notifications", vec![])
        );
        row!(
            "POST /resume <A's code>",
            |x| x.location.starts_with("/apply?"),
            post("/resume", vec![("code", r.draft_code.clone())])
        );
        // Staff pages and what they read.
        row!(
            "POST /api/staff_me",
            |x| x.status == 200 && x.body.contains("\"role\""),
            post("/api/staff_me", vec![])
        );
        row!(
            "POST /api/staff_self",
            |x| x.status == 200 && x.body.contains("\"role\""),
            post("/api/staff_self", vec![])
        );
        row!(
            "POST /api/list_departments",
            |x| x.status == 200 && x.body.contains("\"id\""),
            post("/api/list_departments", vec![])
        );
        row!(
            "GET /staff/preview",
            |x| x.status == 200 && x.body.contains("preview-choose"),
            get("/staff/preview".into())
        );
        row!(
            "GET /staff/statistics",
            |x| x.status == 200 && x.body.contains("data-testid=\"csv-link\""),
            get("/staff/statistics".into())
        );
        row!(
            "POST /api/dashboard",
            |x| x.status == 200 && x.body.contains("\"applications\""),
            post("/api/dashboard", vec![])
        );
        row!(
            "GET /staff/statistics.csv",
            |x| x.status == 200 && x.body.lines().count() > 1,
            get("/staff/statistics.csv".into())
        );
        row!(
            "GET /staff/password",
            |x| x.status == 200 && x.body.contains("action=\"/staff/password\""),
            get("/staff/password".into())
        );
        // A wrong current password: whoever may change one reaches the check (nothing changes).
        row!(
            "POST /staff/password",
            |x| x.location == "/staff/password?error=current",
            post(
                "/staff/password",
                vec![
                    ("current", "not my password".into()),
                    ("password", "a new long password".into()),
                    ("confirm", "a new long password".into())
                ]
            )
        );
        // Finding A's applications by A's ID number (posted; the results named by its hash).
        row!(
            "POST /staff/find <A's ID number>",
            |x| x.location.starts_with("/staff/find?key="),
            post(
                "/staff/find",
                vec![("id_number", "442000198503120312".into())]
            )
        );
        let a_key = app.backend.keys().index("442000198503120312");
        row!(
            "GET /staff/find?key=<A's>",
            |x| x.status == 200 && x.body.contains(&r.number),
            get(format!("/staff/find?key={a_key}"))
        );
        row!(
            "POST /api/find_by_applicant <A's>",
            |x| x.status == 200 && x.body.contains(&r.number),
            post("/api/find_by_applicant", vec![("key", a_key.clone())])
        );
        // The catalog in use, to keep as a workbook: its editors and administrators.
        row!(
            "GET /staff/catalog",
            |x| x.status == 200 && x.body.contains("data-testid=\"catalog-counts\""),
            get("/staff/catalog".into())
        );
        row!(
            "POST /api/catalog_summary",
            |x| x.status == 200 && x.body.contains("\"items\":31"),
            post("/api/catalog_summary", vec![])
        );
        row!(
            "GET /staff/catalog/catalog.xlsx",
            |x| x.status == 200 && x.body.starts_with("PK"),
            get("/staff/catalog/catalog.xlsx".into())
        );
        // The editors' draft: each change is decided for editors and administrators only.
        row!(
            "POST /staff/catalog/draft/start",
            |x| x.location == "/staff/catalog?started=1#draft",
            post("/staff/catalog/draft/start", vec![])
        );
        row!(
            "POST /api/catalog_draft",
            |x| x.status == 200 && x.body.contains("\"based_on\""),
            post("/api/catalog_draft", vec![])
        );
        // Browsing the draft catalog (the draft preview's picker) is theirs too.
        row!(
            "GET /api/browse?catalog=draft",
            |x| x.status == 200 && x.body.contains("工伤康复"),
            get("/api/browse?catalog=draft&q=%E5%B7%A5%E4%BC%A4".into())
        );
        row!(
            "GET /picker?for=draft",
            |x| x.status == 200
                && x.body.contains("工伤康复")
                && x.body.contains(r#"name="catalog" value="draft""#),
            get("/picker?for=draft&q=%E5%B7%A5%E4%BC%A4".into())
        );
        row!(
            "POST /staff/catalog/draft/change",
            |x| x.location.contains("saved=1"),
            post(
                "/staff/catalog/draft/change",
                vec![
                    ("item", "work_injury_rehab".into()),
                    ("name_zh", "工伤康复待遇申请".into()),
                    ("name_en", "Work-injury rehabilitation benefits".into()),
                    ("department", "hrss".into()),
                    ("committed_days", "7".into()),
                    ("statutory_days", String::new())
                ]
            )
        );
        row!(
            "POST /staff/catalog/draft/upload (a broken file)",
            |x| x.status == 422 && x.body.contains("upload-problems"),
            client
                .post(format!("{base}/staff/catalog/draft/upload"))
                .multipart(reqwest::multipart::Form::new().part(
                    "file",
                    reqwest::multipart::Part::bytes(b"{}".to_vec()).file_name("broken.json")
                ))
        );
        // The first to publish takes the draft; the next finds none (both reached the decision).
        row!(
            "POST /staff/catalog/draft/publish",
            |x| x.location == "/staff/catalog?published=1"
                || x.location == "/staff/catalog?error=no-draft#draft",
            post(
                "/staff/catalog/draft/publish",
                vec![("version", "matrix-1".into())]
            )
        );
        row!(
            "POST /staff/catalog/draft/discard",
            |x| x.location == "/staff/catalog?discarded=1",
            post("/staff/catalog/draft/discard", vec![])
        );
        // The working-day calendar: every department's deadlines are counted on it.
        row!(
            "GET /staff/calendar",
            |x| x.status == 200 && x.body.contains("action=\"/staff/calendar\""),
            get("/staff/calendar".into())
        );
        row!(
            "POST /api/calendar_overview",
            |x| x.status == 200 && x.body.contains("2026-10-01"),
            post("/api/calendar_overview", vec![])
        );
        row!(
            "POST /staff/calendar (a year)",
            |x| x.location == "/staff/calendar?saved=2030",
            post(
                "/staff/calendar",
                vec![
                    ("year", "2030".into()),
                    ("holidays", "2030-01-01".into()),
                    ("workdays", String::new())
                ]
            )
        );
        row!(
            "GET /staff/calendar/calendar.json",
            |x| x.status == 200 && x.body.contains("\"years\""),
            get("/staff/calendar/calendar.json".into())
        );
        row!(
            "POST /staff/calendar/import (a broken file)",
            |x| x.status == 422 && x.body.contains("upload-problems"),
            client
                .post(format!("{base}/staff/calendar/import"))
                .multipart(reqwest::multipart::Form::new().part(
                    "file",
                    reqwest::multipart::Part::bytes(b"{}".to_vec()).file_name("broken.json")
                ))
        );
        // Pages anyone may open: they hold nobody's data.
        let form_page = "/apply?items=unemployment_registration";
        for path in [
            "/sign-in",
            "/sign-in/verify",
            "/staff/sign-in",
            "/resume",
            "/track",
            form_page,
        ] {
            let mut cells = Vec::new();
            for (role, cookie) in cookies.iter().enumerate() {
                let x = send(get(path.into()), cookie.as_deref(), role).await;
                cells.push(x.status == 200);
            }
            rows.push((
                match path {
                    "/sign-in" => "GET /sign-in (public)",
                    "/sign-in/verify" => "GET /sign-in/verify (public)",
                    "/staff/sign-in" => "GET /staff/sign-in (public)",
                    "/resume" => "GET /resume (public)",
                    "/track" => "GET /track (public)",
                    _ => "GET /apply?items=… (public)",
                },
                cells,
            ));
        }
        row!(
            "GET /api/browse?q=… (public)",
            |x| x.status == 200,
            get("/api/browse?q=%E5%A4%B1%E4%B8%9A".into())
        );
        row!(
            "GET /picker?for=apply&q=… (public)",
            |x| x.status == 200 && x.body.contains("失业保险金申领"),
            get("/picker?for=apply&q=%E5%A4%B1%E4%B8%9A".into())
        );
        // The form island's catalog slice: the published catalog, for anyone.
        let slice = app
            .form_catalog_address("/apply?items=unemployment_registration")
            .await;
        row!(
            "GET /form-catalog/<version>?items=… (public)",
            |x| x.status == 200,
            get(slice.clone())
        );
        row!(
            "POST /api/demo_applicants (development)",
            |x| x.status == 200,
            post("/api/demo_applicants", vec![])
        );
        row!(
            "POST /api/pending_sign_in (none started)",
            |x| x.status == 200 && x.body.trim() == "null",
            post("/api/pending_sign_in", vec![])
        );
        // Departments' systems: only with a valid signature, never with a session.
        row!(
            "POST /dispatch/callback (unsigned)",
            |x| x.status < 400,
            client
                .post(format!("{base}/dispatch/callback"))
                .header("Content-Type", "application/json")
                .body(format!("{{\"part\":\"{part}\",\"status\":\"approved\"}}"))
        );
        row!(
            "GET /dispatch/files/<A's part> (unsigned)",
            |x| x.status == 200,
            get(format!("/dispatch/files/{part}/labour_contract"))
        );
        // A's application as a department works it.
        row!(
            "GET /staff/parts/<A's 人社 part>",
            |x| x.status == 200 && x.body.contains("data-testid=\"part-fields\""),
            get(format!("/staff/parts/{part}"))
        );
        row!(
            "POST /api/part_detail <A's 人社 part>",
            |x| x.status == 200 && x.body.contains("\"fields\""),
            post("/api/part_detail", vec![("id", part.clone())])
        );
        // A stale version: whoever may decide reaches the version check (and changes nothing).
        row!(
            "POST /staff/parts/<A's 人社 part> (decide)",
            |x| x.location.contains("error=conflict"),
            client
                .post(format!("{base}/staff/parts/{part}"))
                .form(&[("action", "accept"), ("version", "99")])
        );
        row!(
            "GET /staff/parts/<A's 人社 part>/files/<key>",
            |x| x.status == 200 && x.body.contains("PNG"),
            get(format!("/staff/parts/{part}/files/labour_contract"))
        );
        row!(
            "GET /corrections/<A's part>",
            |x| x.status == 200 && x.body.contains("地址请写到门牌号"),
            get(format!("/corrections/{part}"))
        );
        row!(
            "POST /api/correction <A's part>",
            |x| x.status == 200 && x.body.contains("地址请写到门牌号"),
            post("/api/correction", vec![("part", part.clone())])
        );
        // An empty answer: only A reaches the check (and is shown what to fix).
        row!(
            "POST /corrections/<A's part>",
            |x| x.location.ends_with("#problems"),
            client
                .post(format!("{base}/corrections/{part}"))
                .multipart(reqwest::multipart::Form::new().text("answers[address]", ""))
        );
        // A file for A's draft: taken only from A; anyone else is sent away before it is read.
        row!(
            "POST /apply/materials <A's draft>",
            |x| x.location.starts_with("/apply/materials?draft=")
                || x.location.starts_with("/apply/review?draft="),
            client.post(format!("{base}/apply/materials")).multipart(
                reqwest::multipart::Form::new()
                    .text("draft", r.draft.clone())
                    .text("intent", "upload")
                    .part(
                        "material:termination_proof",
                        reqwest::multipart::Part::bytes(png("matrix")).file_name("t.png")
                    )
            )
        );
        // Answers posted with A's draft handle: they land in A's draft only for A (anyone else
        // gets a draft of their own). Last but one: it changes A's draft.
        row!(
            "POST /api/save_answers <A's handle>",
            |x| x.status == 200 && x.body.contains(&r.draft),
            client.post(format!("{base}/api/save_answers")).form(&[
                ("items", "unemployment_registration"),
                ("draft", r.draft.as_str()),
                ("intent", "autosave"),
                ("answers[address]", "中山市石岐区孙文中路8号")
            ])
        );
        // Last: it makes the counter account's password one-time.
        row!(
            "POST /staff/accounts/<id>/password",
            |x| x.location == "/staff/accounts?changed=1",
            post(
                &format!("/staff/accounts/{}/password", app::api::encode(&r.staff_id)),
                vec![("password", "handed over in person".into())]
            )
        );

        let expected: BTreeMap<&str, &str> = BTreeMap::from([
            // anon, A, B, window, rev hrss, rev police, editor, manager, admin
            ("GET /apply?draft=<A's>", ".A......."),
            ("GET /apply/materials?draft=<A's>", ".A......."),
            ("GET /apply/review?draft=<A's>", ".A......."),
            ("POST /api/bundle_context <A's draft>", ".A......."),
            ("POST /api/my_drafts (lists A's)", ".A......."),
            ("GET / (lists A's drafts)", ".A......."),
            ("POST /api/submit_application <A's draft>", ".A......."),
            ("GET /receipt/<A's>", ".A......."),
            ("POST /api/receipt <A's>", ".A......."),
            ("GET /track/<A's> (status only)", "AAAAAAAAA"),
            ("GET /departments", "....AA.AA"),
            ("GET /departments/hrss", "....A..AA"),
            ("POST /api/department_queue hrss", "....A..AA"),
            ("GET /departments/police", ".....A.AA"),
            ("GET /staff/accounts", "........A"),
            ("POST /api/staff_accounts", "........A"),
            ("POST /staff/accounts (add)", "........A"),
            ("POST /staff/accounts/<id>/active", "........A"),
            ("POST /api/track_application <A's>", "AAAAAAAAA"),
            ("GET /staff (desk)", "...AAAAAA"),
            ("GET /staff/dispatch", "........A"),
            ("POST /api/dispatch_overview", "........A"),
            ("POST /staff/dispatch/receivers", "........A"),
            ("POST /staff/dispatch/<id>/redeliver", "........A"),
            ("GET /staff/calendar", "........A"),
            ("GET /staff/catalog", "......A.A"),
            ("POST /api/catalog_summary", "......A.A"),
            ("GET /staff/catalog/catalog.xlsx", "......A.A"),
            ("POST /staff/catalog/draft/start", "......A.A"),
            ("POST /api/catalog_draft", "......A.A"),
            ("GET /api/browse?catalog=draft", "......A.A"),
            ("GET /picker?for=draft", "......A.A"),
            ("POST /staff/catalog/draft/change", "......A.A"),
            (
                "POST /staff/catalog/draft/upload (a broken file)",
                "......A.A",
            ),
            ("POST /staff/catalog/draft/publish", "......A.A"),
            ("POST /staff/catalog/draft/discard", "......A.A"),
            ("POST /api/calendar_overview", "........A"),
            ("POST /staff/calendar (a year)", "........A"),
            ("GET /staff/calendar/calendar.json", "........A"),
            ("POST /staff/calendar/import (a broken file)", "........A"),
            ("POST /api/my_applications (lists A's)", ".A......."),
            ("POST /api/notifications (A's)", ".A......."),
            ("POST /resume <A's code>", ".A......."),
            ("POST /api/staff_me", "...AAAAAA"),
            ("POST /api/staff_self", "...AAAAAA"),
            ("GET /sign-in/verify (public)", "AAAAAAAAA"),
            ("POST /api/list_departments", "....AA.AA"),
            ("GET /staff/preview", "...AAAAAA"),
            ("GET /staff/statistics", ".......AA"),
            ("POST /api/dashboard", ".......AA"),
            ("GET /staff/statistics.csv", ".......AA"),
            ("GET /staff/password", "...AAAAAA"),
            ("POST /staff/password", "...AAAAAA"),
            ("POST /staff/find <A's ID number>", "...AAA.AA"),
            ("GET /staff/find?key=<A's>", "...AA..AA"),
            ("POST /api/find_by_applicant <A's>", "...AA..AA"),
            ("GET /sign-in (public)", "AAAAAAAAA"),
            ("GET /staff/sign-in (public)", "AAAAAAAAA"),
            ("GET /resume (public)", "AAAAAAAAA"),
            ("GET /track (public)", "AAAAAAAAA"),
            ("GET /apply?items=… (public)", "AAAAAAAAA"),
            ("GET /api/browse?q=… (public)", "AAAAAAAAA"),
            ("GET /picker?for=apply&q=… (public)", "AAAAAAAAA"),
            ("GET /form-catalog/<version>?items=… (public)", "AAAAAAAAA"),
            ("POST /api/demo_applicants (development)", "AAAAAAAAA"),
            ("POST /api/pending_sign_in (none started)", "AAAAAAAAA"),
            ("POST /dispatch/callback (unsigned)", "........."),
            ("GET /dispatch/files/<A's part> (unsigned)", "........."),
            ("GET /staff/parts/<A's 人社 part>", "....A..AA"),
            ("POST /api/part_detail <A's 人社 part>", "....A..AA"),
            ("POST /staff/parts/<A's 人社 part> (decide)", "....A...."),
            ("GET /staff/parts/<A's 人社 part>/files/<key>", "....A..AA"),
            ("GET /corrections/<A's part>", ".A......."),
            ("POST /api/correction <A's part>", ".A......."),
            ("POST /corrections/<A's part>", ".A......."),
            ("POST /apply/materials <A's draft>", ".A......."),
            ("POST /api/save_answers <A's handle>", ".A......."),
            ("POST /staff/accounts/<id>/password", "........A"),
        ]);
        println!("\nAuthorisation matrix on {backend:?} (✓ got it, · refused):");
        println!("{:<52} {}", "", ROLES.map(|r| format!("{r:>16}")).join(""));
        let mut wrong = Vec::new();
        for (name, cells) in &rows {
            println!(
                "{name:<52} {}",
                cells
                    .iter()
                    .map(|c| format!("{:>16}", if *c { "✓" } else { "·" }))
                    .collect::<String>()
            );
            let got: String = cells.iter().map(|c| if *c { 'A' } else { '.' }).collect();
            if expected.get(name) != Some(&got.as_str()) {
                wrong.push(format!(
                    "{name}: expected {:?}, got {got}",
                    expected.get(name)
                ));
            }
        }
        assert!(wrong.is_empty(), "{backend:?}:\n{}", wrong.join("\n"));
        // Nothing escapes the matrix: every server function and every page has a row.
        let names: Vec<&str> = rows.iter().map(|(name, _)| *name).collect();
        let missing: Vec<String> = every_server_function_and_page()
            .into_iter()
            .filter(|route| !names.iter().any(|n| n.starts_with(route.as_str())))
            .collect();
        assert!(missing.is_empty(), "not in the matrix: {missing:?}");
        // Nobody's attempt stored anything.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM applications").await,
            1,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_refused_page_says_why_and_where_to_sign_in() {
    let app = spawn_app(Backend::Sqlite).await;
    let stranger = app.get_as("/departments/hrss", None).await;
    assert_eq!(stranger.status(), 302);
    assert_eq!(
        location(&stranger),
        "/staff/sign-in?next=%2Fdepartments%2Fhrss",
        "please sign in, and come back here"
    );
    let citizen = app.sign_in_demo("li-ming").await;
    let refused = app.get_as("/departments/hrss", Some(&citizen)).await;
    assert_eq!(refused.status(), 403);
    let page = refused.text().await.expect("html");
    // In the reader's language (Chinese unless English was chosen), and only that one.
    assert!(
        page.contains("您无权查看此页面") && !page.contains("You are not allowed to see this page"),
        "a clear page in one language"
    );
}

#[tokio::test]
async fn a_hand_made_identity_cookie_gives_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for forged in [
            "applicant=li-ming",
            "yj_session=li-ming",
            "yj_session=AAAAAAAAAAAAAAAAAAAAAA",
        ] {
            let reply = app
                .browser()
                .post(format!("{}/api/bundle_context", app.base))
                .header("Cookie", forged)
                .form(&[("items[0]", "unemployment_registration")])
                .send()
                .await
                .expect("context");
            let body = reply.text().await.expect("body");
            assert!(
                body.contains("unemployment_registration"),
                "{backend:?}: a real reply: {body}"
            );
            assert!(
                !body.contains("442000198503120312") && !body.contains("李明"),
                "{backend:?}: {forged} must not prefill anyone: {body}"
            );
            let queue = app.get_as("/departments/hrss", Some(forged)).await;
            assert_eq!(queue.status(), 302, "{backend:?}: {forged}");
        }
    }
}

#[tokio::test]
async fn two_people_signed_in_as_the_same_demo_identity_do_not_see_each_others_drafts() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let first = app.sign_in_demo("li-ming").await;
        let second = app.sign_in_demo("li-ming").await;
        let token = match app
            .save_answers_as(
                &["unemployment_registration"],
                &li_ming_answers(),
                Some(&first),
            )
            .await
        {
            SubmitOutcome::Saved { draft } => draft,
            other => panic!("{other:?}"),
        };
        let home = app
            .get_as("/", Some(&second))
            .await
            .text()
            .await
            .expect("html");
        assert!(
            !home.contains(&token),
            "{backend:?}: not listed for the other visitor"
        );
        let form = app
            .get_as(&format!("/apply?draft={token}"), Some(&second))
            .await
            .text()
            .await
            .expect("html");
        assert!(
            !form.contains("孙文中路8号"),
            "{backend:?}: nor opened by its link"
        );
        let mine = app
            .get_as("/", Some(&first))
            .await
            .text()
            .await
            .expect("html");
        assert!(
            mine.contains(&token),
            "{backend:?}: the one who typed it has it"
        );
    }
}

#[tokio::test]
async fn after_sign_out_the_session_opens_nothing_even_if_the_cookie_is_kept() {
    let app = spawn_app(Backend::Sqlite).await;
    let reviewer = app.staff("rev", "reviewer", Some("hrss")).await;
    assert_eq!(
        app.get_as("/departments/hrss", Some(&reviewer))
            .await
            .status(),
        200
    );
    let out = app
        .browser()
        .post(format!("{}/sign-out", app.base))
        .header("Cookie", &reviewer)
        .send()
        .await
        .expect("sign out");
    assert_eq!(out.status(), 303);
    let clear = out
        .headers()
        .get("clear-site-data")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        clear.contains("storage"),
        "the browser drops local drafts: {clear}"
    );
    assert_eq!(
        app.get_as("/departments/hrss", Some(&reviewer))
            .await
            .status(),
        302,
        "the old cookie is a stranger's now"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions WHERE kind = 'staff'")
            .await,
        0
    );
}

#[tokio::test]
async fn switching_off_a_staff_account_ends_its_sessions_at_once() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = app.staff("root", "admin", None).await;
    let reviewer = app.staff("rev", "reviewer", Some("hrss")).await;
    let id: String = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'rev'")
        .fetch_one(&app.db.pool)
        .await
        .expect("id");
    let reply = app
        .browser()
        .post(format!(
            "{}/staff/accounts/{}/active",
            app.base,
            app::api::encode(&id)
        ))
        .header("Cookie", &admin)
        .form(&[("active", "0")])
        .send()
        .await
        .expect("switch off");
    assert_eq!(location(&reply), "/staff/accounts?changed=1");
    assert_eq!(
        app.get_as("/departments/hrss", Some(&reviewer))
            .await
            .status(),
        302
    );
    let audit = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'staff_deactivate'")
        .await;
    assert_eq!(audit, 1, "who switched whom off is audited");
}

#[tokio::test]
async fn cross_site_posts_to_sign_in_save_and_submit_are_refused_with_nothing_changed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let citizen = app.sign_in_demo("li-ming").await;
        let forged = |path: &str| {
            app.browser()
                .post(format!("{}{path}", app.base))
                .header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site")
        };
        let sign_in = forged("/sign-in/demo")
            .form(&[("applicant", "wang-fang")])
            .send()
            .await
            .expect("post");
        assert_eq!(sign_in.status(), 403, "{backend:?}: login CSRF");
        assert!(session_cookie(&sign_in).is_none());
        let save = forged("/api/save_answers")
            .header("Cookie", &citizen)
            .form(&[
                ("items", "unemployment_registration"),
                ("answers[name]", "x"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(save.status(), 403, "{backend:?}");
        let submit = forged("/api/submit_application")
            .header("Cookie", &citizen)
            .form(&[("draft", "x"), ("idempotency_key", "key-csrf-0000000001")])
            .send()
            .await
            .expect("post");
        assert_eq!(submit.status(), 403, "{backend:?}");
        assert!(submit
            .text()
            .await
            .expect("body")
            .contains("跨站请求已被拒绝"));
        // Only the one legitimate sign-in's session exists; nothing else was stored.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM drafts").await,
            0,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM sessions").await,
            1,
            "{backend:?}"
        );
        app.assert_nothing_stored(backend).await;
        // Our own pages' posts pass.
        let own = app
            .browser()
            .post(format!("{}/sign-in/demo", app.base))
            .header("Origin", app.base.clone())
            .header("Sec-Fetch-Site", "same-origin")
            .form(&[("applicant", "wang-fang")])
            .send()
            .await
            .expect("post");
        assert_eq!(own.status(), 303, "{backend:?}");
    }
}

#[tokio::test]
async fn every_kind_of_reply_carries_the_security_headers() {
    let app = spawn_app(Backend::Sqlite).await;
    let citizen = app.sign_in_demo("li-ming").await;
    let replies = [
        ("home page", app.get_as("/", None).await),
        (
            "form page",
            app.get_as("/apply?items=unemployment_registration", Some(&citizen))
                .await,
        ),
        (
            "tracking page",
            app.get_as("/track/YJ-20260101-NOTREAL123", None).await,
        ),
        ("sign-in page", app.get_as("/sign-in", None).await),
        ("catalog search", app.get_as("/api/browse?q=gs", None).await),
        (
            "picker screen",
            app.get_as("/picker?for=apply&q=gs", None).await,
        ),
        ("not found", app.get_as("/no/such/page", None).await),
        (
            "refused page",
            app.get_as("/departments", Some(&citizen)).await,
        ),
        (
            "server function",
            app.browser()
                .post(format!("{}/api/demo_applicants", app.base))
                .send()
                .await
                .expect("post"),
        ),
        (
            "form redirect",
            app.browser()
                .post(format!("{}/sign-in/demo", app.base))
                .form(&[("applicant", "li-ming")])
                .send()
                .await
                .expect("post"),
        ),
        ("health check", app.get_as("/healthz", None).await),
    ];
    for (what, reply) in replies {
        let h = reply.headers();
        let header = |name: &str| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(header("referrer-policy"), "same-origin", "{what}");
        assert_eq!(header("cache-control"), "no-store", "{what}");
        let csp = header("content-security-policy");
        // Only the form page may be framed, and only by this site (the staff preview).
        let ancestors = if what == "form page" {
            "frame-ancestors 'self'"
        } else {
            "frame-ancestors 'none'"
        };
        assert!(csp.contains(ancestors), "{what}: {csp}");
        let frames = if what == "form page" {
            "SAMEORIGIN"
        } else {
            "DENY"
        };
        assert_eq!(header("x-frame-options"), frames, "{what}");
        let html = header("content-type").starts_with("text/html");
        if what == "picker screen" {
            // Markup for the picker to put in place, never a page of its own: nothing in it
            // may run or load.
            assert!(csp.starts_with("default-src 'none'"), "{what}: {csp}");
            let body = reply.text().await.expect("html");
            assert!(
                body.contains("data-region") && !body.contains("<script"),
                "{what}"
            );
        } else if html {
            assert!(
                csp.contains("'nonce-") && csp.contains("'wasm-unsafe-eval'"),
                "{what}: pages let only their own scripts and WebAssembly run: {csp}"
            );
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|s| s.split('\'').next())
                .unwrap_or_default()
                .to_string();
            let body = reply.text().await.expect("html");
            assert!(body.contains("<script"), "{what}: the page has its scripts");
            for script in body.split("<script").skip(1) {
                let tag = script.split('>').next().unwrap_or_default();
                assert!(
                    tag.contains(&format!("nonce=\"{nonce}\"")),
                    "{what}: every script carries the page's nonce: <script{tag}>"
                );
            }
        }
    }
}

#[tokio::test]
async fn over_https_the_session_cookie_is_secure_and_host_only() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.public_origin = Some("https://yijian.example.gov.cn".into())
    })
    .await;
    let reply = app
        .browser()
        .post(format!("{}/sign-in/demo", app.base))
        .form(&[("applicant", "li-ming")])
        .send()
        .await
        .expect("sign in");
    let cookie = set_cookie(&reply, "__Host-yj_session").unwrap_or_default();
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert!(reply.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn the_raw_database_never_holds_a_submitted_id_number_or_bank_account() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let outcome = app
            .submit(
                &WORK_INJURY_SET,
                &work_injury_answers(),
                "key-sealed-00000001",
            )
            .await;
        assert!(
            matches!(outcome, SubmitOutcome::Accepted { .. }),
            "{outcome:?}"
        );
        // A draft in progress holds them too.
        app.save_answers_as(&["unemployment_registration"], &work_injury_answers(), None)
            .await;
        let id_number = "11010519491231002X";
        let bank = "4111111111111111";
        let mut texts: Vec<String> = Vec::new();
        for sql in [
            "SELECT answers FROM applications",
            "SELECT fields FROM parts",
            "SELECT answers FROM drafts",
            "SELECT COALESCE(identity, '') FROM sessions",
        ] {
            let rows: Vec<String> = sqlx::query_scalar(sql)
                .fetch_all(&app.db.pool)
                .await
                .expect("read");
            texts.extend(rows);
        }
        let all = texts.join("\n");
        assert!(all.contains("张三丰"), "{backend:?}: the rows were read");
        assert!(
            !all.contains(id_number) && !all.contains(bank),
            "{backend:?}: {all}"
        );
        if let Some(file) = &app.sqlite_file {
            // The bytes on disk, the write-ahead log included.
            let mut bytes = std::fs::read(file).expect("db file");
            bytes.extend(std::fs::read(file.with_extension("db-wal")).unwrap_or_default());
            let raw = String::from_utf8_lossy(&bytes);
            assert!(!raw.contains(id_number), "the file holds no ID number");
            assert!(!raw.contains(bank), "the file holds no bank account");
        }
        // Staff can still find the application by the number, through its keyed hash.
        let key = app.backend.keys().index(id_number);
        let found: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM applications WHERE applicant_key = $1")
                .bind(key)
                .fetch_one(&app.db.pool)
                .await
                .expect("search");
        assert_eq!(found, 1, "{backend:?}");
    }
}

#[tokio::test]
async fn e_certificates_exempt_only_the_signed_in_persons_own_application() {
    let app = spawn_app(Backend::Sqlite).await;
    let li_ming = app.sign_in_demo("li-ming").await;
    // 李明 applies for someone else: that person's ID card must be handed in.
    let mut for_someone_else = li_ming_answers();
    for_someone_else.insert("id_number", "11010519491231002X");
    let token = match app
        .save_answers_as(
            &["unemployment_registration"],
            &for_someone_else,
            Some(&li_ming),
        )
        .await
    {
        SubmitOutcome::Saved { draft } => draft,
        other => panic!("{other:?}"),
    };
    let page = app
        .get_as(&format!("/apply/materials?draft={token}"), Some(&li_ming))
        .await
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("name=\"material:id_card\""),
        "no exemption for another person"
    );
    let own = match app
        .save_answers_as(
            &["unemployment_registration"],
            &li_ming_answers(),
            Some(&li_ming),
        )
        .await
    {
        SubmitOutcome::Saved { draft } => draft,
        other => panic!("{other:?}"),
    };
    let page = app
        .get_as(&format!("/apply/materials?draft={own}"), Some(&li_ming))
        .await
        .text()
        .await
        .expect("html");
    assert!(
        !page.contains("name=\"material:id_card\""),
        "his own: exempt"
    );
}

#[tokio::test]
async fn the_sweep_forgets_expired_drafts_orphan_files_and_sessions() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = match app
            .save_answers_as(&WORK_INJURY_SET, &work_injury_answers(), None)
            .await
        {
            SubmitOutcome::Saved { draft } => draft,
            other => panic!("{other:?}"),
        };
        app.upload(
            &token,
            vec![("medical_diagnosis".into(), "a.png".into(), png("first"))],
            "upload",
            None,
        )
        .await;
        // Replaced: the first file is no longer referred to.
        app.upload(
            &token,
            vec![("medical_diagnosis".into(), "b.png".into(), png("second"))],
            "upload",
            None,
        )
        .await;
        let now = server::clock::now_millis();
        let hour_later = server::services::retention::sweep(&app.backend, now + 2 * 3_600_000)
            .await
            .expect("sweep");
        assert_eq!(hour_later.uploads, 1, "{backend:?}: the replaced file goes");
        assert_eq!(hour_later.drafts, 0, "{backend:?}: the draft stays for now");
        let month_later = server::services::retention::sweep(&app.backend, now + 31 * 86_400_000)
            .await
            .expect("sweep");
        assert_eq!(month_later.drafts, 1, "{backend:?}");
        for table in ["drafts", "draft_materials", "uploads", "sessions"] {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(&app.db.pool)
                    .await
                    .expect("count");
            assert_eq!(n, 0, "{backend:?}: {table} is empty after the sweep");
        }
    }
}

#[tokio::test]
async fn the_limiter_guards_tracking_numbers_one_time_codes_and_staff_passwords_too() {
    let app = spawn_app(Backend::Sqlite).await;
    // Tracking numbers.
    let (outcome, _) = app
        .submit_as(
            &WORK_INJURY_SET,
            &work_injury_answers(),
            "key-limiter-0000001",
        )
        .await;
    let SubmitOutcome::Accepted { number } = outcome else {
        panic!("{outcome:?}")
    };
    for guess in 0..server::limits::Scope::TrackingNumber.allowed() {
        let page = app
            .page(&format!("/track/YJ-20260213-GUESS{guess:05}"))
            .await;
        assert!(page.contains("找不到该申请"), "guess {guess}");
    }
    let page = app.page(&format!("/track/{number}")).await;
    assert!(
        page.contains("输错次数过多"),
        "even a real number waits now"
    );

    // One-time codes: each wrong code counts, and then even the right one waits.
    let start = app
        .browser()
        .post(format!("{}/sign-in/code", app.base))
        .form(&[("phone", "13800138001"), ("next", "/")])
        .send()
        .await
        .expect("start");
    assert_eq!(location(&start), "/sign-in/verify?next=%2F");
    let attempt = set_cookie(&start, "yj_sign_in")
        .and_then(|c| c.split(';').next().map(String::from))
        .expect("attempt cookie");
    let verify = app
        .get_as("/sign-in/verify", Some(&attempt))
        .await
        .text()
        .await
        .expect("html");
    let code = verify
        .split("data-testid=\"development-code\"")
        .nth(1)
        .and_then(|s| s.split("<strong>").nth(1))
        .and_then(|s| s.split("</strong>").next())
        .expect("the development code is shown")
        .to_string();
    assert_eq!(code.len(), 6);
    let try_code = |typed: String| {
        let app = &app;
        let attempt = attempt.clone();
        async move {
            let reply = app
                .browser()
                .post(format!("{}/sign-in/verify", app.base))
                .header("Cookie", attempt)
                .form(&[("code", typed.as_str()), ("next", "/")])
                .send()
                .await
                .expect("verify");
            (location(&reply), session_cookie(&reply))
        }
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (back, session) = try_code(wrong.to_string()).await;
    assert_eq!(back, "/sign-in/verify?error=code&next=%2F");
    assert!(session.is_none());
    let (home, session) = try_code(code.clone()).await;
    assert_eq!(home, "/", "the right code signs in");
    let session = session.expect("a session");
    let context = app
        .browser()
        .post(format!("{}/api/bundle_context", app.base))
        .header("Cookie", &session)
        .form(&[("items[0]", "unemployment_registration")])
        .send()
        .await
        .expect("context")
        .text()
        .await
        .expect("body");
    assert!(
        context.contains("13800138001"),
        "the verified number is offered as the phone: {context}"
    );
    let (again, _) = try_code(code).await;
    assert!(
        again.starts_with("/sign-in?error=expired"),
        "a code works once: {again}"
    );

    // Codes sent to one number: a few, then that number waits (whoever asks).
    let ask = |phone: &'static str| {
        let app = &app;
        async move {
            let reply = app
                .browser()
                .post(format!("{}/sign-in/code", app.base))
                .form(&[("phone", phone), ("next", "/")])
                .send()
                .await
                .expect("start");
            location(&reply)
        }
    };
    for _ in 0..server::limits::Scope::SignInNumber.allowed() {
        assert_eq!(ask("13900000000").await, "/sign-in/verify?next=%2F");
    }
    assert_eq!(ask("13900000000").await, "/sign-in?error=wait&next=%2F");
    assert_eq!(
        ask("13900000001").await,
        "/sign-in/verify?next=%2F",
        "another number from the same address may still ask"
    );

    // Staff passwords.
    app.staff("rev", "reviewer", Some("hrss")).await;
    for _ in 0..server::limits::Scope::StaffPassword.allowed() {
        let reply = app
            .browser()
            .post(format!("{}/staff/sign-in", app.base))
            .form(&[
                ("username", "rev"),
                ("password", "wrong password!!"),
                ("next", "/staff"),
            ])
            .send()
            .await
            .expect("sign in");
        assert_eq!(
            location(&reply),
            "/staff/sign-in?error=password&next=%2Fstaff"
        );
    }
    let reply = app
        .browser()
        .post(format!("{}/staff/sign-in", app.base))
        .form(&[
            ("username", "rev"),
            ("password", "a long test password"),
            ("next", "/staff"),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(
        location(&reply),
        "/staff/sign-in?error=wait&next=%2Fstaff",
        "the right password waits too"
    );
}

#[tokio::test]
async fn an_administrator_is_made_on_first_run_and_staff_can_be_added_from_the_command_line() {
    let app = spawn_app(Backend::Sqlite).await;
    let admins = app
        .count(
            "SELECT COUNT(*) FROM staff WHERE username = 'admin' AND role = 'admin' AND active = 1",
        )
        .await;
    assert_eq!(admins, 1);
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM staff WHERE username = 'admin'")
            .fetch_one(&app.db.pool)
            .await
            .expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    // A second start makes no second administrator.
    assert_eq!(
        server::auth::staff::ensure_administrator(&app.db, 0)
            .await
            .expect("check"),
        None
    );
}

#[tokio::test]
async fn a_password_an_administrator_set_must_be_replaced_before_anything_else() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = app.staff("root", "admin", None).await;
    app.staff("rev", "reviewer", Some("hrss")).await;
    let id: String = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'rev'")
        .fetch_one(&app.db.pool)
        .await
        .expect("id");
    let post = |path: String, cookie: Option<String>, form: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            let mut request = app
                .browser()
                .post(format!("{}{path}", app.base))
                .form(&form);
            if let Some(c) = cookie {
                request = request.header("Cookie", c);
            }
            request.send().await.expect("post")
        }
    };
    let set = post(
        format!("/staff/accounts/{}/password", app::api::encode(&id)),
        Some(admin.clone()),
        vec![("password", "handed over in person")],
    )
    .await;
    assert_eq!(location(&set), "/staff/accounts?changed=1");
    let signed_in = post(
        "/staff/sign-in".into(),
        None,
        vec![
            ("username", "rev"),
            ("password", "handed over in person"),
            ("next", "/staff"),
        ],
    )
    .await;
    let reviewer = session_cookie(&signed_in).expect("signed in");
    let page = app.get_as("/departments/hrss", Some(&reviewer)).await;
    assert_eq!(page.status(), 303);
    assert_eq!(location(&page), "/staff/password?required=1");
    let call = post(
        "/api/department_queue".into(),
        Some(reviewer.clone()),
        vec![("id", "hrss")],
    )
    .await;
    assert_eq!(call.status(), 403, "nothing else, scripts included");

    let wrong = post(
        "/staff/password".into(),
        Some(reviewer.clone()),
        vec![
            ("current", "not it at all!!"),
            ("password", "my very own secret"),
            ("confirm", "my very own secret"),
        ],
    )
    .await;
    assert_eq!(location(&wrong), "/staff/password?error=current");
    let mismatch = post(
        "/staff/password".into(),
        Some(reviewer.clone()),
        vec![
            ("current", "handed over in person"),
            ("password", "my very own secret"),
            ("confirm", "my very own secreT"),
        ],
    )
    .await;
    assert_eq!(location(&mismatch), "/staff/password?error=mismatch");
    let changed = post(
        "/staff/password".into(),
        Some(reviewer.clone()),
        vec![
            ("current", "handed over in person"),
            ("password", "my very own secret"),
            ("confirm", "my very own secret"),
        ],
    )
    .await;
    assert_eq!(location(&changed), "/staff?password_changed=1");
    let fresh = session_cookie(&changed).expect("a new session");
    assert_ne!(fresh, reviewer);
    assert_eq!(
        app.get_as("/departments/hrss", Some(&fresh)).await.status(),
        200
    );
    assert_eq!(
        app.get_as("/departments/hrss", Some(&reviewer))
            .await
            .status(),
        302,
        "the session of the one-time password is over"
    );
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action IN ('staff_sign_in', 'staff_password', 'staff_password_changed')")
        .await;
    assert!(
        audited >= 4,
        "sign-ins and password changes are audited: {audited}"
    );
}

#[tokio::test]
async fn with_development_sign_in_off_nobody_signs_in_as_a_demo_person_or_sees_a_code() {
    let app = spawn_app_with(Backend::Sqlite, |c| c.development_sign_in = false).await;
    let page = app.page("/sign-in").await;
    assert!(!page.contains("身份办理"), "no demo people offered");
    // Asking for the demo person anyway: refused, no session.
    let response = app
        .browser()
        .post(format!("{}/sign-in/demo", app.base))
        .form(&[("applicant", "li-ming"), ("next", "/")])
        .send()
        .await
        .expect("post");
    assert_eq!(location(&response), "/sign-in?error=unknown");
    assert!(session_cookie(&response).is_none(), "nobody signed in");
    // A code for a number: the page says the service is unavailable, and no code is anywhere.
    let response = app
        .browser()
        .post(format!("{}/sign-in/code", app.base))
        .form(&[("phone", "13800138000"), ("next", "/")])
        .send()
        .await
        .expect("post");
    assert_eq!(location(&response), "/sign-in?error=unavailable");
    let page = app.page("/sign-in/verify").await;
    assert!(!page.contains("development-code"), "no code shown");
}

/// Sends the head of a post and the first piece of its body, then nothing more: the status and
/// `Location` the server answers without the rest, or `None` when it sat waiting for the body.
async fn answer_before_the_body_ends(
    app: &TestApp,
    path: &str,
    cookie: &str,
    content_type: &str,
    first: &[u8],
) -> Option<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host)
        .await
        .expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nSec-Fetch-Site: same-origin\r\n\
         Cookie: {cookie}\r\nContent-Type: {content_type}\r\nContent-Length: 50000000\r\n\r\n",
        app.base
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    stream.write_all(first).await.expect("first piece");
    let mut got = Vec::new();
    let read_head = async {
        let mut buf = [0u8; 4096];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(5), read_head)
        .await
        .ok()?;
    let head = String::from_utf8_lossy(&got).to_string();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let location = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or(l.strip_prefix("Location: "))
        })
        .unwrap_or_default()
        .to_string();
    Some((status, location))
}

#[tokio::test]
async fn an_upload_that_does_not_start_with_its_draft_or_is_not_the_callers_is_refused_unread() {
    let app = spawn_app(Backend::Sqlite).await;
    let a = app.sign_in_demo("li-ming").await;
    let b = app.sign_in_demo("wang-fang").await;
    let draft = match app
        .save_answers_as(&WORK_INJURY_SET, &li_ming_answers(), Some(&a))
        .await
    {
        SubmitOutcome::Saved { draft } => draft,
        other => panic!("{other:?}"),
    };
    let boundary = "XyZ";
    let content_type = format!("multipart/form-data; boundary={boundary}");
    // A "text" field before the draft that never ends: not our form, refused without reading it.
    let endless_text = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nupload upload upload"
    );
    assert_eq!(
        answer_before_the_body_ends(
            &app,
            "/apply/materials",
            &a,
            &content_type,
            endless_text.as_bytes()
        )
        .await,
        Some((303, "/resume?unknown=1".into())),
        "the owner's own post, but the draft does not come first"
    );
    // Someone else's draft, then a file that never ends: sent away before the file is read.
    let endless_file = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"draft\"\r\n\r\n{draft}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"material:termination_proof\"; \
         filename=\"t.png\"\r\nContent-Type: image/png\r\n\r\n\x7fPNG"
    );
    assert_eq!(
        answer_before_the_body_ends(
            &app,
            "/apply/materials",
            &b,
            &content_type,
            endless_file.as_bytes()
        )
        .await,
        Some((303, "/resume?unknown=1".into())),
        "another person's draft"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 0);
}

#[tokio::test]
async fn a_correction_post_for_someone_elses_part_is_refused_before_its_body_is_read() {
    let app = spawn_app(Backend::Sqlite).await;
    let a = app.sign_in_demo("li-ming").await;
    let b = app.sign_in_demo("wang-fang").await;
    app.staff("window", "window", None).await;
    let r = records_of_citizen_a(&app, &a).await;
    let part = format!("{}-1", r.number);
    let boundary = "XyZ";
    let endless = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"material:bank_card\"; \
         filename=\"c.png\"\r\nContent-Type: image/png\r\n\r\n\x7fPNG"
    );
    let answered = answer_before_the_body_ends(
        &app,
        &format!("/corrections/{part}"),
        &b,
        &format!("multipart/form-data; boundary={boundary}"),
        endless.as_bytes(),
    )
    .await;
    assert_eq!(
        answered,
        Some((303, format!("/corrections/{part}"))),
        "sent back to the part's page, which refuses"
    );
    // What that page tells the stranger: not allowed, and nothing of the application.
    let page = app.get_as(&format!("/corrections/{part}"), Some(&b)).await;
    assert_eq!(page.status(), 403);
    assert!(!page.text().await.unwrap_or_default().contains("李明"));
    // A's own part, with no correction asked: also answered at once, nothing read.
    let own = answer_before_the_body_ends(
        &app,
        &format!("/corrections/{part}"),
        &a,
        &format!("multipart/form-data; boundary={boundary}"),
        endless.as_bytes(),
    )
    .await;
    assert_eq!(own, Some((303, format!("/corrections/{part}"))));
}

#[tokio::test]
async fn walking_someone_elses_receipts_or_corrections_by_number_meets_the_limiter() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let a = app.sign_in_demo("li-ming").await;
        let b = app.sign_in_demo("wang-fang").await;
        app.staff("window", "window", None).await;
        let r = records_of_citizen_a(&app, &a).await;
        let allowed = server::limits::Scope::TrackingNumber.allowed();
        // B walks A's receipt and A's part's correction page, and numbers that do not exist.
        for guess in 0..allowed {
            let path = match guess % 3 {
                0 => format!("/receipt/{}", r.number),
                1 => format!("/corrections/{}-1", r.number),
                _ => format!("/receipt/YJ-20260213-GUESS{guess:05}"),
            };
            let status = app.get_as(&path, Some(&b)).await.status().as_u16();
            assert!(
                status == 403 || status == 404 || status == 200,
                "{backend:?} {path}: {status}"
            );
        }
        let next = app
            .get_as(&format!("/receipt/{}", r.number), Some(&b))
            .await;
        assert_eq!(next.status(), 429, "{backend:?}");
        assert!(next
            .text()
            .await
            .unwrap_or_default()
            .contains("输错次数过多"));
        // The server function is the same lookup, under the same allowance.
        let by_api = app
            .browser()
            .post(format!("{}/api/receipt", app.base))
            .header("Cookie", &b)
            .form(&[("number", r.number.as_str())])
            .send()
            .await
            .expect("api");
        assert_eq!(by_api.status(), 429, "{backend:?}");
    }
}

/// A reviewer's department page, as the holder of `cookie` gets it: 200 while the session
/// lives, a redirect to sign in once it has ended.
async fn department_page_status(app: &TestApp, cookie: &str) -> u16 {
    app.get_as("/departments/hrss", Some(cookie))
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_session_ends_when_left_idle_too_long_and_at_its_absolute_expiry_however_busy() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Idle: the last request was longer ago than the idle lifetime.
        let idle = app.staff("rev-idle", "reviewer", Some("hrss")).await;
        assert_eq!(department_page_status(&app, &idle).await, 200);
        sqlx::query("UPDATE sessions SET idle_until = 1")
            .execute(&app.db.pool)
            .await
            .expect("age the session");
        let ended = app.get_as("/departments/hrss", Some(&idle)).await;
        assert_eq!(ended.status(), 302, "{backend:?}: idle too long");
        let cleared = ended
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.starts_with("yj_session=;") && v.contains("Max-Age=0"));
        assert!(cleared, "{backend:?}: the browser is told to forget it");

        // Absolute: still in use a moment ago, but past the end it was given at sign-in.
        let busy = app.staff("rev-busy", "reviewer", Some("hrss")).await;
        assert_eq!(department_page_status(&app, &busy).await, 200);
        sqlx::query("UPDATE sessions SET expires_at = 1, idle_until = 9000000000000")
            .execute(&app.db.pool)
            .await
            .expect("age the session");
        assert_eq!(
            department_page_status(&app, &busy).await,
            302,
            "{backend:?}: past its absolute expiry"
        );
    }
}

#[tokio::test]
async fn signing_in_gives_a_new_session_id_and_the_one_held_before_opens_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Someone planted this id in the victim's browser before they signed in.
        let planted = app.open_session().await;
        let response = app
            .browser()
            .post(format!("{}/sign-in/demo", app.base))
            .header("Cookie", &planted)
            .form(&[("applicant", "li-ming"), ("next", "/")])
            .send()
            .await
            .expect("sign in");
        let signed_in = session_cookie(&response).expect("a new session");
        assert_ne!(signed_in, planted, "{backend:?}");
        let draft = match app
            .save_answers_as(&WORK_INJURY_SET, &li_ming_answers(), Some(&signed_in))
            .await
        {
            SubmitOutcome::Saved { draft } => draft,
            other => panic!("{other:?}"),
        };
        let path = format!("/apply?draft={draft}");
        let victim = app.get_as(&path, Some(&signed_in)).await;
        assert!(victim
            .text()
            .await
            .unwrap_or_default()
            .contains("孙文中路8号"));
        let planter = app.get_as(&path, Some(&planted)).await;
        assert!(
            !planter
                .text()
                .await
                .unwrap_or_default()
                .contains("孙文中路8号"),
            "{backend:?}: the planted id sees nothing of the signed-in person"
        );
    }
}

#[tokio::test]
async fn server_staff_add_makes_an_account_with_a_one_time_password_in_a_private_data_directory() {
    use std::os::unix::fs::PermissionsExt;
    let data = std::env::temp_dir().join(format!("yijian-cli-{}", uuid::Uuid::new_v4().simple()));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("DATA_DIR", &data)
            .env_remove("DATABASE_URL")
            .env_remove("YIJIAN_STAFF_PASSWORD")
            .env("RUST_LOG", "warn")
            .output()
            .expect("server runs")
    };
    let added = run(&[
        "staff",
        "add",
        "--username",
        "zhang-rev",
        "--name",
        "张审核",
        "--role",
        "reviewer",
        "--department",
        "hrss",
    ]);
    let out = String::from_utf8_lossy(&added.stdout).to_string();
    assert!(
        added.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(out.contains("added zhang-rev"), "{out}");
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .expect("the one-time password is printed once")
        .trim()
        .to_string();
    // Bad input is refused with the reason, nothing stored.
    let refused = run(&[
        "staff",
        "add",
        "--username",
        "x",
        "--name",
        "某人",
        "--role",
        "reviewer",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&refused.stderr).is_empty());

    // The data directory, the database and the key are the owner's alone.
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "data directory");
    assert_eq!(mode(&data.join("yijian.db")), 0o600, "database file");
    for entry in std::fs::read_dir(&data).expect("list") {
        let path = entry.expect("entry").path();
        assert_eq!(
            mode(&path) & 0o077,
            0,
            "{} is the owner's only",
            path.display()
        );
    }

    // The product on that database: the new reviewer signs in and must choose a password first.
    let url = format!("sqlite://{}", data.join("yijian.db").display());
    let app = spawn_app_with(Backend::Sqlite, |c| c.database_url = url).await;
    let signed_in = app
        .browser()
        .post(format!("{}/staff/sign-in", app.base))
        .form(&[
            ("username", "zhang-rev"),
            ("password", password.as_str()),
            ("next", "/staff"),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(location(&signed_in), "/staff");
    let cookie = session_cookie(&signed_in).expect("session");
    assert_eq!(
        location(&app.get_as("/departments/hrss", Some(&cookie)).await),
        "/staff/password?required=1"
    );
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}

/// Starts an upload of a file for `draft` and stops sending part-way, holding the connection.
async fn stalled_upload(app: &TestApp, cookie: &str, draft: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let host = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host)
        .await
        .expect("connect");
    let body = format!(
        "--B\r\nContent-Disposition: form-data; name=\"draft\"\r\n\r\n{draft}\r\n\
         --B\r\nContent-Disposition: form-data; name=\"material:termination_proof\"; \
         filename=\"t.png\"\r\nContent-Type: image/png\r\n\r\n\x7fPNG"
    );
    let head = format!(
        "POST /apply/materials HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
         Sec-Fetch-Site: same-origin\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 9000000\r\n\r\n{body}",
        app.base
    );
    stream.write_all(head.as_bytes()).await.expect("send");
    stream
}

#[tokio::test]
async fn uploads_read_at_once_are_bounded_and_one_over_the_bound_is_told_to_come_back() {
    let app = spawn_app(Backend::Sqlite).await;
    let a = app.sign_in_demo("li-ming").await;
    let answers = li_ming_answers();
    let draft = match app
        .save_answers_as(&WORK_INJURY_SET, &answers, Some(&a))
        .await
    {
        SubmitOutcome::Saved { draft } => draft,
        other => panic!("{other:?}"),
    };
    let mut held = Vec::new();
    for _ in 0..server::backend::CONCURRENT_UPLOADS {
        held.push(stalled_upload(&app, &a, &draft).await);
    }
    // Let the server take them in.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let material = required_materials(&WORK_INJURY_SET, &answers, &LI_MING_HOLDS)
        .into_iter()
        .next()
        .expect("something to upload");
    let file = || vec![(material.clone(), "p.png".to_string(), png("busy"))];
    let busy = app.upload(&draft, file(), "upload", Some(&a)).await;
    assert!(busy.contains("busy=1"), "{busy}");
    let page = app
        .get_as(&busy, Some(&a))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("data-testid=\"upload-busy\""),
        "the page says so"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM draft_materials").await,
        0,
        "nothing of the refused upload was kept"
    );
    // One stalled upload goes away: its turn is free again.
    drop(held.pop());
    let done = app.upload(&draft, file(), "upload", Some(&a)).await;
    assert!(!done.contains("busy=1"), "{done}");
    assert_eq!(app.count("SELECT COUNT(*) FROM draft_materials").await, 1);
}

#[tokio::test]
async fn staff_find_a_persons_applications_by_id_number_which_never_appears_in_a_link() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let a = app.sign_in_demo("li-ming").await;
        let window = app.staff("window", "window", None).await;
        let r = records_of_citizen_a(&app, &a).await;
        let hrss = app.staff("rev-hrss", "reviewer", Some("hrss")).await;
        let police = app.staff("rev-police", "reviewer", Some("police")).await;
        let editor = app.staff("editor", "catalog_editor", None).await;
        let find = |cookie: Option<String>, typed: &'static str| {
            let app = &app;
            async move {
                let mut request = app
                    .browser()
                    .post(format!("{}/staff/find", app.base))
                    .form(&[("id_number", typed)]);
                if let Some(c) = cookie {
                    request = request.header("Cookie", c);
                }
                let response = request.send().await.expect("find");
                (response.status().as_u16(), location_if_any(&response))
            }
        };
        let li_ming = "442000198503120312";
        let page = |to: String, cookie: String| {
            let app = &app;
            async move {
                app.get_as(&to, Some(&cookie))
                    .await
                    .text()
                    .await
                    .unwrap_or_default()
            }
        };

        // Window staff: every part's status, each linking to tracking, names masked.
        let (_, to) = find(Some(window.clone()), li_ming).await;
        assert!(to.starts_with("/staff/find?key="), "{backend:?}: {to}");
        assert!(!to.contains("44200019850"), "the number is not in the link");
        let found = page(to.clone(), window.clone()).await;
        assert_eq!(
            found.matches("data-testid=\"found-part\"").count(),
            5,
            "{backend:?}"
        );
        assert!(found.contains(&format!("/track/{}", r.number)));
        assert!(
            !found.contains("/staff/parts/"),
            "window staff do not open parts"
        );
        assert!(!found.contains("李明") && found.contains("李*"), "masked");

        // The 人社 reviewer: the same parts, each opening the part.
        let found = page(to.clone(), hrss.clone()).await;
        assert_eq!(
            found.matches("href=\"/staff/parts/").count(),
            5,
            "{backend:?}"
        );
        // A reviewer of another department: nothing of it.
        let found = page(to.clone(), police.clone()).await;
        assert!(found.contains("data-testid=\"found-none\""), "{backend:?}");
        assert!(!found.contains(&r.number));
        // A catalog editor keeps the catalog, not cases; a stranger is sent to sign in.
        assert_eq!(find(Some(editor.clone()), li_ming).await.0, 403);
        assert_eq!(app.get_as(&to, Some(&editor)).await.status(), 403);
        let (status, to_sign_in) = find(None, li_ming).await;
        assert_eq!(status, 303);
        assert!(to_sign_in.starts_with("/staff/sign-in"), "{to_sign_in}");
        assert_eq!(app.get_as(&to, None).await.status(), 302);

        // A mistyped number: said beside the field, nothing searched.
        let (_, to) = find(Some(window.clone()), "44200019850312031X").await;
        assert_eq!(to, "/staff/find?error=invalid#id_number");
        let shown = page("/staff/find?error=invalid".into(), window.clone()).await;
        assert!(shown.contains("身份证号格式不正确"), "{backend:?}");
        assert!(shown.contains("aria-invalid=\"true\""));

        // Every search is audited, by the hash only.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'staff_search_applicant'")
                .await,
            3,
            "{backend:?}: each look at results (window, 人社, police), not the refused ones"
        );
        let audited: Vec<(String,)> = sqlx::query_as("SELECT subject FROM audit_log")
            .fetch_all(&app.db.pool)
            .await
            .expect("audit");
        assert!(audited.iter().all(|(s,)| !s.contains("19850312")));
    }
}

#[tokio::test]
async fn a_refused_form_post_or_file_says_so_in_the_readers_language_alone() {
    let app = spawn_app(Backend::Sqlite).await;
    let citizen = app.sign_in_demo("li-ming").await;
    for (cookie, lang, says, not) in [
        (citizen.clone(), "", "不允许访问", "Not allowed"),
        (
            format!("{citizen}; lang=en"),
            "en",
            "Not allowed",
            "不允许访问",
        ),
    ] {
        for request in [
            app.browser()
                .post(format!("{}/staff/accounts", app.base))
                .form(&[("username", "x")]),
            app.browser()
                .post(format!("{}/staff/find", app.base))
                .form(&[("id_number", "442000198503120312")]),
            app.browser()
                .get(format!("{}/staff/statistics.csv", app.base)),
        ] {
            let reply = request
                .header("Cookie", &cookie)
                .send()
                .await
                .expect("send");
            assert_eq!(reply.status(), 403);
            let kind = reply
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            assert!(kind.starts_with("text/html"), "{kind}");
            let page = reply.text().await.unwrap_or_default();
            let tag = if lang == "en" {
                "lang=\"en\""
            } else {
                "lang=\"zh-CN\""
            };
            assert!(page.contains(tag), "{page}");
            assert!(page.contains(says) && !page.contains(not), "{page}");
        }
    }
}

#[tokio::test]
async fn the_limiter_counts_every_instance_on_one_database_together() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // A second instance of the product on the same database, as behind a load balancer.
        // (Only plain form posts are asked of it: no page renders in two apps at once.)
        let options = leptos::config::LeptosOptions::builder()
            .output_name("yijian")
            .site_root("target/site")
            .build();
        let (_second_backend, router) = server::build(&app.config, options)
            .await
            .expect("a second instance");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let second = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = server::serve(listener, router).await;
        });
        let guess = |base: String| {
            let client = app.browser();
            async move {
                let reply = client
                    .post(format!("{base}/resume"))
                    .form(&[("code", "WRONG-CODE-0000")])
                    .send()
                    .await
                    .expect("resume");
                location(&reply)
            }
        };
        let allowed = server::limits::Scope::ResumeCode.allowed();
        for n in 0..allowed {
            // Half the guesses to each instance.
            let base = if n % 2 == 0 {
                app.base.clone()
            } else {
                second.clone()
            };
            assert_eq!(
                guess(base).await,
                "/resume?unknown=1",
                "{backend:?} guess {n}"
            );
        }
        assert_eq!(
            guess(app.base.clone()).await,
            "/resume?wait=1",
            "{backend:?}"
        );
        assert_eq!(guess(second.clone()).await, "/resume?wait=1", "{backend:?}");
    }
}

#[tokio::test]
async fn a_draft_holds_at_most_sixty_megabytes_of_files_and_a_replaced_file_does_not_count_twice() {
    let app = spawn_app(Backend::Sqlite).await;
    let draft = match app
        .save_answers_as(&WORK_INJURY_SET, &work_injury_answers(), None)
        .await
    {
        SubmitOutcome::Saved { draft } => draft,
        other => panic!("{other:?}"),
    };
    // Nine and a half megabytes each: under the per-file limit, seven are over the quota.
    let big = |label: &str| {
        let mut bytes = png(label);
        bytes.resize(9_500_000, b'.');
        bytes
    };
    let seven = [
        "id_card",
        "labour_contract",
        "medical_diagnosis",
        "accident_evidence",
        "rehab_plan",
        "discharge_summary",
        "termination_proof",
    ];
    let files = |keys: &[&str], label: &str| -> Vec<(String, String, Vec<u8>)> {
        keys.iter()
            .map(|k| {
                (
                    k.to_string(),
                    format!("{k}.png"),
                    big(&format!("{k}{label}")),
                )
            })
            .collect()
    };
    app.upload(&draft, files(&seven[..4], ""), "upload", None)
        .await;
    app.upload(&draft, files(&seven[4..6], ""), "upload", None)
        .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM draft_materials").await, 6);
    // A new version of a file it holds replaces it: still 57 MB.
    app.upload(&draft, files(&seven[..1], " again"), "upload", None)
        .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM draft_materials").await, 6);
    // The seventh would make 66.5 MB: refused beside its field, nothing kept.
    let to = app
        .upload(&draft, files(&seven[6..], ""), "upload", None)
        .await;
    assert!(to.ends_with("#problems"), "{to}");
    assert_eq!(app.count("SELECT COUNT(*) FROM draft_materials").await, 6);
    let page = app.page(&to.replace("#problems", "")).await;
    assert!(page.contains("合计已超过 60 MB"), "the reason is said");
}
