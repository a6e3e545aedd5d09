//! One pool for either database. SQLite is the embedded default; PostgreSQL is for cities that
//! outgrow one machine. Queries use `$1`-style parameters, which both accept, through sqlx's Any
//! driver, so each repository function is written once and tested on both.

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    /// Reads.
    pub pool: AnyPool,
    /// Every write: transactions ([`Db::begin`]) and single statements alike. On SQLite one
    /// connection of its own: the database takes one writer at a time anyway, and waiting for
    /// this connection (in order, woken when it is free) beats SQLite's busy handler, which
    /// sleeps for growing intervals and retries; nor does another connection's write empty this
    /// one's page cache, so a transaction does not read its indexes back from the file. Hold it
    /// only for the statements: never across a wait for something else, nor while taking it
    /// again ([`Db::begin`], an audit entry), which would wait for itself. On PostgreSQL, `pool`.
    pub writer: AnyPool,
    pub kind: Kind,
}

impl Db {
    /// Connects with the default pool size: 4 connections on SQLite (one writer at a time
    /// anyway), 16 on PostgreSQL.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        Db::connect_with(url, None).await
    }

    /// Connects with at most `max` connections (tests run many servers against one PostgreSQL).
    pub async fn connect_with(url: &str, max: Option<u32>) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres") {
            Kind::Postgres
        } else {
            Kind::Sqlite
        };
        let default = if kind == Kind::Sqlite { 4 } else { 16 };
        let options = AnyPoolOptions::new().max_connections(max.unwrap_or(default));
        let pool = options.connect(url).await?;
        let writer = match kind {
            Kind::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(1)
                    // The WAL is copied into the database by `checkpoints` on a reader connection,
                    // off the writer's path; the writer does it itself only if that falls far
                    // behind (16 MB of WAL instead of SQLite's 4 MB).
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlx::query("PRAGMA wal_autocheckpoint = 4000")
                                .execute(conn)
                                .await
                                .map(|_| ())
                        })
                    })
                    .connect(url)
                    .await?
            }
            Kind::Postgres => pool.clone(),
        };
        if kind == Kind::Sqlite {
            // WAL lets readers (tracking, queues) proceed while a submission writes; foreign keys
            // are off by default in SQLite.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
            sqlx::query("PRAGMA foreign_keys = ON")
                .execute(&pool)
                .await?;
            sqlx::query("PRAGMA busy_timeout = 5000")
                .execute(&pool)
                .await?;
        }
        Ok(Db { pool, writer, kind })
    }

    /// Begins a transaction that a cancelled request cannot leave open. A request future is
    /// dropped when the client goes away (a phone losing signal mid-submission); if that happens
    /// while PostgreSQL's `BEGIN` is in flight, sqlx 0.9.0 returns the connection to the pool
    /// still inside the transaction and nothing ever ends it (transact-rs/sqlx#4393): the next
    /// borrower's writes run inside it and are lost with it. Run in a task of its own, `begin`
    /// always completes; a caller that left drops the finished transaction, which rolls back.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        let pool = self.writer.clone();
        tokio::spawn(async move { pool.begin().await })
            .await
            .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?
    }

    /// On SQLite, copies the write-ahead log into the database file every 100 ms from a reader
    /// connection (`PRAGMA wal_checkpoint(PASSIVE)`: it never waits for the writer nor makes it
    /// wait), so the writer's commits are not held up by the copying and its file syncs. Runs
    /// until the pool closes. Nothing to do on PostgreSQL.
    pub fn spawn_checkpoints(&self) {
        if self.kind != Kind::Sqlite {
            return;
        }
        let pool = self.pool.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_millis(100));
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            while !pool.is_closed() {
                every.tick().await;
                if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await
                {
                    tracing::warn!(error = %e, "checkpoint failed; the writer checkpoints instead");
                }
            }
        });
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.kind {
            Kind::Sqlite => SQLITE.run(&self.pool).await,
            Kind::Postgres => POSTGRES.run(&self.pool).await,
        }
    }
}
