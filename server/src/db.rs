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
    pub pool: AnyPool,
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
        Ok(Db { pool, kind })
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.kind {
            Kind::Sqlite => SQLITE.run(&self.pool).await,
            Kind::Postgres => POSTGRES.run(&self.pool).await,
        }
    }
}
