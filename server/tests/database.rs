//! The database layer under a request that goes away: what one caller leaves behind must never
//! reach the next.

mod helpers;

use helpers::backends;
use server::db::Db;

async fn yields(n: usize) {
    for _ in 0..n {
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_request_dropped_while_its_transaction_begins_leaves_no_transaction_open() {
    for backend in backends() {
        let (url, _dir) = helpers::database_url(backend).await;
        // One connection, so every step below reuses the connection a dropped request left.
        let db = Db::connect_with(&url, Some(1)).await.expect("connect");
        let witness = Db::connect_with(&url, Some(1)).await.expect("connect");
        sqlx::query("CREATE TABLE probe (n BIGINT)")
            .execute(&db.pool)
            .await
            .expect("table");
        let rounds: i64 = 300;
        for n in 0..rounds {
            // The client goes away after a varying number of scheduler turns: at some of them
            // the `BEGIN` has been sent and its answer not yet read.
            tokio::select! {
                biased;
                _ = db.begin() => {}
                _ = yields(n as usize % 50) => {}
            }
            // The next request's write, outside any transaction of its own: committed at once.
            sqlx::query("INSERT INTO probe (n) VALUES ($1)")
                .bind(n)
                .execute(&db.pool)
                .await
                .expect("insert");
        }
        let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM probe")
            .fetch_one(&witness.pool)
            .await
            .expect("count");
        assert_eq!(
            seen, rounds,
            "{backend:?}: writes made after a dropped request must be committed, not held in its transaction"
        );
    }
}

#[tokio::test]
async fn on_sqlite_the_log_is_copied_into_the_database_without_the_writer() {
    let (url, dir) = helpers::database_url(helpers::Backend::Sqlite).await;
    let file = dir.as_ref().expect("a SQLite file").0.join("test.db");
    let db = Db::connect(&url).await.expect("connect");
    sqlx::query("CREATE TABLE probe (n BIGINT, filler TEXT)")
        .execute(&db.writer)
        .await
        .expect("table");
    let before = std::fs::metadata(&file).expect("file").len();
    // About 600 KB: less than the writer's own checkpoint threshold (16 MB), so only the
    // checkpoints can move it into the database file.
    for n in 0..300_i64 {
        sqlx::query("INSERT INTO probe (n, filler) VALUES ($1, $2)")
            .bind(n)
            .bind("x".repeat(2000))
            .execute(&db.writer)
            .await
            .expect("insert");
    }
    assert_eq!(
        std::fs::metadata(&file).expect("file").len(),
        before,
        "the rows are in the log, not yet in the database file"
    );
    db.spawn_checkpoints();
    let mut grown = false;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if std::fs::metadata(&file).expect("file").len() > before + 500_000 {
            grown = true;
            break;
        }
    }
    assert!(
        grown,
        "the checkpoints copied the log into the database file"
    );
}
