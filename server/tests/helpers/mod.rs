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

async fn database_url(backend: Backend) -> (String, Option<TempDir>) {
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

pub async fn spawn_app(backend: Backend) -> TestApp {
    let (database_url, dir) = database_url(backend).await;
    let config = Config {
        database_url,
        clock: Clock::Fixed(app::engine::Date::new(2026, 2, 13).expect("date")),
    };
    let options = LeptosOptions::builder()
        .output_name("yijian")
        .site_root("target/site")
        .build();
    let router = server::build(&config, options).await.expect("app builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service()).await;
    });
    let db = server::db::Db::connect(&config.database_url)
        .await
        .expect("second connection");
    TestApp {
        base: format!("http://{addr}"),
        db,
        client: reqwest::Client::new(),
        _dir: dir,
    }
}

impl TestApp {
    /// Posts the form exactly as the browser's ActionForm does (URL-encoded), asking for JSON.
    pub async fn submit(
        &self,
        items: &[&str],
        answers: &BTreeMap<&str, &str>,
        key: &str,
    ) -> SubmitOutcome {
        let mut form: Vec<(String, String)> = vec![
            ("items".into(), items.join(",")),
            ("idempotency_key".into(), key.into()),
        ];
        for (k, v) in answers {
            form.push((format!("answers[{k}]"), v.to_string()));
        }
        let response = self
            .client
            .post(format!("{}/api/submit_application", self.base))
            .header("Accept", "application/json")
            .form(&form)
            .send()
            .await
            .expect("request");
        let status = response.status();
        let body = response.text().await.expect("body");
        assert!(status.is_success(), "status {status}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
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

    pub async fn page(&self, path: &str) -> String {
        self.client
            .get(format!("{}{path}", self.base))
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
