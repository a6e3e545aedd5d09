//! Spawns the real server on port 0 with a fresh database: SQLite always, PostgreSQL when
//! `TEST_DATABASE_URL` is set (a new database per test, created on that server).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;

use app::api::SubmitOutcome;
use leptos::config::LeptosOptions;
use server::clock::Clock;
use server::Config;

pub struct TestApp {
    pub base: String,
    pub db: server::db::Db,
    pub client: reqwest::Client,
    /// The running server's backend, for what tests set up directly (staff accounts, sweeps).
    pub backend: std::sync::Arc<server::backend::AppBackend>,
    /// The configuration it runs with (a second instance on the same database takes it).
    pub config: Config,
    /// This test's turn to run a server (see `one_app_at_a_time`).
    _turn: tokio::sync::OwnedMutexGuard<()>,
    /// The SQLite file, when the app runs on SQLite.
    pub sqlite_file: Option<std::path::PathBuf>,
    /// The anonymous visitor's session cookie, once the server gave one: calls made with no
    /// cookie of their own use it, as one browser would.
    pub visitor: std::sync::Mutex<Option<String>>,
    _dir: Option<TempDir>,
}

/// A directory removed when the test ends.
pub struct TempDir(pub std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The databases this run can test: SQLite always, PostgreSQL when configured.
pub fn backends() -> Vec<Backend> {
    let mut list = vec![Backend::Sqlite];
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        list.push(Backend::Postgres);
    }
    list
}

fn unique() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
}

pub async fn database_url(backend: Backend) -> (String, Option<TempDir>) {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("yijian-test-{}", unique()));
            std::fs::create_dir_all(&dir).expect("temp dir");
            (
                format!("sqlite://{}/test.db?mode=rwc", dir.display()),
                Some(TempDir(dir)),
            )
        }
        Backend::Postgres => {
            use sqlx::Connection;
            let admin_url = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
            let name = format!("yijian_test_{}", unique());
            let mut admin = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to PostgreSQL");
            // The name is ours (hex), never user input.
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await
                .expect("create test database");
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .unwrap_or(&admin_url)
                .to_string();
            (format!("{base}/{name}"), None)
        }
    }
}

/// One server at a time in a test process. In service a process runs one app; several Leptos
/// apps rendering at once in one process were seen to leave a page render waiting forever
/// (about one run in three of the access tests, never with one app at a time, never on one
/// app under concurrent load). Each test holds this for as long as its app lives.
async fn one_app_at_a_time() -> tokio::sync::OwnedMutexGuard<()> {
    static LOCK: std::sync::OnceLock<std::sync::Arc<tokio::sync::Mutex<()>>> =
        std::sync::OnceLock::new();
    LOCK.get_or_init(Default::default)
        .clone()
        .lock_owned()
        .await
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// As [`spawn_app`], with a change to the configuration first (e.g. served over HTTPS).
pub async fn spawn_app_with(backend: Backend, change: impl FnOnce(&mut Config)) -> TestApp {
    let turn = one_app_at_a_time().await;
    let (database_url, dir) = database_url(backend).await;
    let mut config = Config::for_tests(
        database_url,
        Clock::Fixed(app::engine::Date::new(2026, 2, 13).expect("date")),
    );
    change(&mut config);
    let options = LeptosOptions::builder()
        .output_name("yijian")
        .site_root("target/site")
        .build();
    let (backend, router) = server::build(&config, options).await.expect("app builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = server::serve(listener, router).await;
    });
    let db = server::db::Db::connect_with(&config.database_url, Some(2))
        .await
        .expect("second connection");
    TestApp {
        base: format!("http://{addr}"),
        db,
        // A page that never finishes is a failure with a message, not a hung test run.
        client: reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("client"),
        backend,
        config,
        sqlite_file: dir.as_ref().map(|d| d.0.join("test.db")),
        visitor: std::sync::Mutex::new(None),
        _turn: turn,
        _dir: dir,
    }
}

/// The whole `Set-Cookie` header a response sends for cookie `name`, if any (a cookie being
/// cleared, `name=;`, does not count).
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&prefix) && !c[prefix.len()..].starts_with(';'))
        .map(String::from)
}

/// The session cookie (`yj_session=…`) a response sets, as a browser would send it back.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    set_cookie(response, "yj_session").and_then(|c| c.split(';').next().map(String::from))
}

impl TestApp {
    /// The cookie to send: the caller's own, else this app's anonymous visitor's.
    pub fn cookie_for(&self, cookie: Option<&str>) -> Option<String> {
        cookie
            .map(String::from)
            .or_else(|| self.visitor.lock().expect("lock").clone())
    }

    /// Keeps the session a response gave the anonymous visitor.
    pub fn remember(&self, cookie: Option<&str>, response: &reqwest::Response) {
        if cookie.is_none() {
            if let Some(c) = session_cookie(response) {
                *self.visitor.lock().expect("lock") = Some(c);
            }
        }
    }

    /// Signs in as a demo person through the sign-in form; returns the session cookie.
    pub async fn sign_in_demo(&self, who: &str) -> String {
        let response = self
            .browser()
            .post(format!("{}/sign-in/demo", self.base))
            .form(&[("applicant", who), ("next", "/")])
            .send()
            .await
            .expect("sign in");
        assert_eq!(response.status(), 303);
        session_cookie(&response).expect("a session cookie")
    }

    /// Adds a staff account directly (as `server staff add` would) and signs in with it through
    /// the form; returns the session cookie.
    pub async fn staff(&self, username: &str, role: &str, department: Option<&str>) -> String {
        let password = "a long test password";
        let new = server::auth::staff::NewStaff {
            username: username.into(),
            name: format!("测试{username}"),
            role: role.into(),
            department: department.unwrap_or_default().into(),
            password: password.into(),
        };
        let valid = match new.parse(&self.backend.catalog()) {
            Ok(v) => v,
            Err(e) => panic!("{e:?}"),
        };
        server::auth::staff::add(&self.db, &valid, server::auth::staff::Chosen::ByHolder, 0)
            .await
            .expect("store")
            .expect("username free");
        let response = self
            .browser()
            .post(format!("{}/staff/sign-in", self.base))
            .form(&[
                ("username", username),
                ("password", password),
                ("next", "/staff"),
            ])
            .send()
            .await
            .expect("sign in");
        assert_eq!(location(&response), "/staff", "{username} signs in");
        session_cookie(&response).expect("a session cookie")
    }

    /// GET as the holder of `cookie` (or nobody), without following redirects.
    pub async fn get_as(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.browser().get(format!("{}{path}", self.base));
        if let Some(c) = cookie {
            request = request.header("Cookie", c);
        }
        request.send().await.expect("get")
    }

    /// The address of the form island's catalog slice that a form page names (its preload link).
    pub async fn form_catalog_address(&self, form_page: &str) -> String {
        let html = self
            .get_as(form_page, None)
            .await
            .text()
            .await
            .expect("page");
        html.split("<link rel=\"preload\" href=\"/form-catalog/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(|href| format!("/form-catalog/{}", href.replace("&amp;", "&")))
            .unwrap_or_else(|| panic!("{form_page} names no catalog slice"))
    }

    /// A client that does not follow redirects, so a test can read where the browser would go.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("client")
    }

    /// Step 1: posts the form exactly as the browser's ActionForm does (URL-encoded); the reply is
    /// postcard, as the form island reads it. `cookie` names a demo applicant (`applicant=li-ming`) when given.
    pub async fn save_answers_as(
        &self,
        items: &[&str],
        answers: &BTreeMap<&str, &str>,
        cookie: Option<&str>,
    ) -> SubmitOutcome {
        let mut form: Vec<(String, String)> = vec![
            ("items".into(), items.join(",")),
            ("intent".into(), "continue".into()),
        ];
        for (k, v) in answers {
            form.push((format!("answers[{k}]"), v.to_string()));
        }
        let mut request = self
            .browser()
            .post(format!("{}/api/save_answers", self.base))
            .header("Accept", "application/x-postcard")
            .form(&form);
        if let Some(c) = self.cookie_for(cookie) {
            request = request.header("Cookie", c);
        }
        let response = request.send().await.expect("request");
        self.remember(cookie, &response);
        let status = response.status();
        let body = response.bytes().await.expect("body");
        assert!(status.is_success(), "status {status}: {body:?}");
        postcard::from_bytes(&body).unwrap_or_else(|e| panic!("{e}: {body:?}"))
    }

    /// Step 2: the materials page's multipart form: `(material, file name, bytes)` per file.
    /// Returns where the server sends the browser.
    pub async fn upload(
        &self,
        token: &str,
        files: Vec<(String, String, Vec<u8>)>,
        intent: &str,
        cookie: Option<&str>,
    ) -> String {
        let mut form = reqwest::multipart::Form::new()
            .text("draft", token.to_string())
            .text("intent", intent.to_string());
        for (material, name, bytes) in files {
            form = form.part(
                format!("material:{material}"),
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        }
        let mut request = self
            .browser()
            .post(format!("{}/apply/materials", self.base))
            .multipart(form);
        if let Some(c) = self.cookie_for(cookie) {
            request = request.header("Cookie", c);
        }
        let response = request.send().await.expect("upload");
        assert_eq!(
            response.status(),
            303,
            "an upload is answered with a redirect"
        );
        location(&response)
    }

    /// Step 3: submits the draft, as the review page's ActionForm does.
    pub async fn submit_draft(
        &self,
        token: &str,
        key: &str,
        cookie: Option<&str>,
    ) -> SubmitOutcome {
        let mut request = self
            .browser()
            .post(format!("{}/api/submit_application", self.base))
            .header("Accept", "application/json")
            .form(&[("draft", token), ("idempotency_key", key)]);
        if let Some(c) = self.cookie_for(cookie) {
            request = request.header("Cookie", c);
        }
        json_outcome(request).await
    }

    /// The whole journey for a new anonymous applicant (a browser of its own): answers, a small
    /// image for every required material, submit. Stops at the first refusal and returns it.
    pub async fn submit(
        &self,
        items: &[&str],
        answers: &BTreeMap<&str, &str>,
        key: &str,
    ) -> SubmitOutcome {
        self.submit_as(items, answers, key).await.0
    }

    /// As [`submit`](Self::submit), also returning the applicant's session cookie.
    pub async fn submit_as(
        &self,
        items: &[&str],
        answers: &BTreeMap<&str, &str>,
        key: &str,
    ) -> (SubmitOutcome, Option<String>) {
        let session = self.open_session().await;
        let me = Some(session.as_str());
        let token = match self.save_answers_as(items, answers, me).await {
            SubmitOutcome::Saved { draft } => draft,
            refused => return (refused, Some(session)),
        };
        let files = required_materials(items, answers, &[])
            .into_iter()
            .map(|m| (m.clone(), format!("{m}.png"), png(&m)))
            .collect();
        let next = self.upload(&token, files, "continue", me).await;
        assert!(next.starts_with("/apply/review?draft="), "{next}");
        (self.submit_draft(&token, key, me).await, Some(session))
    }

    /// The resume code of a draft, as its owner's pages show it.
    pub async fn resume_code(&self, token: &str) -> String {
        server::services::drafts::load(&self.db, self.backend.keys(), token, 0)
            .await
            .ok()
            .flatten()
            .map(|(draft, _)| draft.code)
            .unwrap_or_default()
    }

    /// A fresh anonymous session, as a new browser gets when it first saves something.
    pub async fn open_session(&self) -> String {
        use app::api::backend::Backend;
        let (_, set_cookie) = self
            .backend
            .open_anonymous_session()
            .await
            .expect("session");
        set_cookie.split(';').next().expect("cookie").to_string()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&self.db.pool)
            .await
            .expect("count")
    }

    /// Nothing of a refused submission reached the database.
    pub async fn assert_nothing_stored(&self, backend: Backend) {
        for table in ["applications", "parts", "outbox"] {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(&self.db.pool)
                    .await
                    .expect("count");
            assert_eq!(n, 0, "{backend:?}: {table} must be empty");
        }
    }

    /// A page as this app's anonymous visitor sees it.
    pub async fn page(&self, path: &str) -> String {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(c) = self.cookie_for(None) {
            request = request.header("Cookie", c);
        }
        request
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text")
    }
}

/// Valid answers for the work-injury set (determination, appraisal, rehab, devices, benefit).
pub fn work_injury_answers() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("name", "张三丰"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800138000"),
        ("address", "广东省中山市东区中山四路1号"),
        ("employer_name", "中山市某某制造有限公司"),
        ("employer_credit_code", "91350100M000100Y43"),
        ("injury_date", "2026-01-05"),
        ("injury_place", "车间二号线"),
        (
            "injury_description",
            "操作冲压机时右手被模具压伤，当日由同事送中山市人民医院急诊救治。",
        ),
        ("treating_hospital", "中山市人民医院"),
        ("rehab_institution", "中山市工伤康复中心"),
        ("device_type", "prosthesis"),
        ("last_work_date", "2026-01-31"),
        ("unemployment_reason", "dismissed"),
        ("bank_name", "中国工商银行中山分行"),
        ("bank_account", "4111111111111111"),
    ])
}

pub const WORK_INJURY_SET: [&str; 5] = [
    "work_injury_determination",
    "work_capacity_appraisal",
    "work_injury_rehab",
    "assistive_devices",
    "unemployment_benefit",
];

async fn json_outcome(request: reqwest::RequestBuilder) -> SubmitOutcome {
    let response = request.send().await.expect("request");
    let status = response.status();
    let body = response.text().await.expect("body");
    assert!(status.is_success(), "status {status}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// Where a redirect sends the browser; empty when the reply is not a redirect.
pub fn location_if_any(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string()
}

/// A tiny "photo": the PNG signature and some bytes naming it, so each is distinct.
pub fn png(label: &str) -> Vec<u8> {
    [b"\x89PNG\r\n\x1a\n".as_slice(), label.as_bytes()].concat()
}

/// What the engine says must be uploaded for this selection (required, not exempt).
pub fn required_materials(
    items: &[&str],
    answers: &BTreeMap<&str, &str>,
    held: &[&str],
) -> Vec<String> {
    use app::engine::compose::MaterialStatus;
    let catalog = app::engine::Catalog::from_json(server::config::SEED_CATALOG).expect("catalog");
    let items: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    let answers = answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let held = held.iter().map(|s| s.to_string()).collect();
    app::engine::compose(&catalog, &items, &answers, &held)
        .expect("composes")
        .checklist
        .into_iter()
        .filter(|m| m.required && m.status == MaterialStatus::Upload)
        .map(|m| m.key)
        .collect()
}

/// The id of the part for `item` in application `number`.
pub async fn part_of(app: &TestApp, number: &str, item: &str) -> String {
    sqlx::query_scalar("SELECT id FROM parts WHERE application_number = $1 AND item_id = $2")
        .bind(number)
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .expect("part")
}
