//! The ceilings a submission is measured against (`scripts/submit-bench.sh`): what the HTTP stack
//! alone answers (`GET /bare`), and what one durable single-row INSERT per request costs
//! (`POST /insert`) on the very database the product server is using.
//!
//! The pools come from `server::db::Db::connect_with`, so their sizes and SQLite's pragmas (WAL,
//! busy timeout) are the product's own, and the insert goes through the writer a submission's
//! transaction takes (`Db::writer`: on SQLite one connection, waited for in order); the database is found the way the server finds it
//! (`DATABASE_URL`, else `$DATA_DIR/yijian.db`), with `DATABASE_MAX_CONNECTIONS` honoured the
//! same way. Its rows go to a table of its own, `bench_ceiling`, so no product table is touched.
//!
//! Usage: `cargo run --release --example ceiling -- 127.0.0.1:PORT`

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use server::db::Db;

struct Ceiling {
    db: Db,
    /// Distinct ids without a random source per request (the product's ids are random; a
    /// counter keeps the ceiling's own work as small as an INSERT can be).
    next: AtomicU64,
    /// Names this process's rows, so a second run on the same file never collides.
    run: String,
}

/// A short text body: a row is written, not just a key.
const BODY: &str =
    "ceiling: one durable single-row insert per request, to compare a submission with";

async fn insert(State(c): State<Arc<Ceiling>>) -> (StatusCode, &'static str) {
    let n = c.next.fetch_add(1, Ordering::Relaxed);
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    // One statement outside an explicit transaction: autocommit, so each request waits for its
    // own commit (fsync on PostgreSQL, the WAL on SQLite) exactly as a submission's commit does.
    let result = sqlx::query("INSERT INTO bench_ceiling (id, at, body) VALUES ($1, $2, $3)")
        .bind(format!("{}-{n}", c.run))
        .bind(at)
        .bind(BODY)
        .execute(&c.db.writer)
        .await;
    match result {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            eprintln!("insert failed: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "insert failed")
        }
    }
}

/// The database the product server opens with the same environment (see `server::Config`).
fn database_url() -> String {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    var("DATABASE_URL").unwrap_or_else(|| {
        let dir = var("DATA_DIR").unwrap_or_else(|| "data".into());
        format!("sqlite://{dir}/yijian.db?mode=rwc")
    })
}

#[tokio::main]
async fn main() {
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: ceiling 127.0.0.1:PORT");
        std::process::exit(2);
    };
    let max = std::env::var("DATABASE_MAX_CONNECTIONS")
        .ok()
        .and_then(|n| n.trim().parse().ok());
    let db = match Db::connect_with(&database_url(), max).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("cannot open the database: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = sqlx::query(
        "CREATE TABLE IF NOT EXISTS bench_ceiling \
         (id TEXT PRIMARY KEY, at BIGINT NOT NULL, body TEXT NOT NULL)",
    )
    .execute(&db.writer)
    .await
    {
        eprintln!("cannot create bench_ceiling: {e}");
        std::process::exit(1);
    }
    let state = Arc::new(Ceiling {
        db,
        next: AtomicU64::new(0),
        run: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()),
    });
    let app = Router::new()
        .route("/bare", get(|| async { "ok" }))
        .route("/insert", post(insert))
        .with_state(state);
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}
