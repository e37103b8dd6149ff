//! The store: one `Db` handle over SQLite or PostgreSQL, migrations, and one module per entity
//! holding that entity's SQL.
//!
//! SQL text is shared between the two databases wherever it is portable (`$1` placeholders work
//! on both): `sql` runs one query on either database (`query(…).bind(…).fetch_all(db)` reads,
//! `db.begin()` opens a transaction), so each query is written once, as ordinary code. Where the
//! dialects differ (full-text search, upserts), the entity module asks `Db::backend`.
//!
//! SQLite: WAL, `synchronous=FULL`, foreign keys on, a busy timeout, one writer connection whose
//! transactions start with `BEGIN IMMEDIATE`, and a separate read pool. PostgreSQL: one pool.

pub mod agenda;
pub mod api_tokens;
pub mod attendance;
pub mod audit;
pub mod backup;
pub mod committees;
pub mod decisions;
pub mod demands;
pub mod invitations;
pub mod live;
pub mod login_sessions;
pub mod meetings;
pub mod minutes;
pub mod notifications;
pub mod oparl;
pub mod organizations;
pub mod outbox;
pub mod password_resets;
pub mod series;
pub mod sql;
pub mod stored;
pub mod tasks;
pub mod topics;
pub mod totals;
pub mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sql::query;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// Errors of the store. Callers map `NotFound` and `Conflict` to what the user sees; the rest
/// is logged in detail and shown as a generic failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("the record was changed by someone else (version conflict)")]
    Conflict,
    #[error("a record with this key exists already")]
    Duplicate,
    #[error("the change is not allowed in the record's current state")]
    NotAllowed,
    #[error("the seat is taken for that time")]
    SeatTaken,
    #[error("{0}")]
    DemandMove(crate::domain::demands::MoveRefused),
    #[error("{0}")]
    TopicRefused(crate::domain::topics::TopicRefused),
    #[error("{0}")]
    MeetingRefused(crate::domain::calendar::MeetingRefused),
    #[error("{0}")]
    MinutesRefused(crate::domain::minutes::MinutesRefused),
    #[error("{0}")]
    AgendaRefused(crate::domain::agenda::AgendaRefused),
    #[error("the database file is damaged: {0}")]
    Damaged(String),
    #[error("unsupported database URL {0:?}: use sqlite:PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// Whether the database cannot be reached or takes no changes just now (a stopped or
    /// restarting PostgreSQL, a locked or read-only SQLite file): the request may succeed
    /// later, and the reader is told so (503), not shown an internal error.
    pub fn is_unavailable(&self) -> bool {
        let StoreError::Database(error) = self else {
            return false;
        };
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
            sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                // SQLite: BUSY, LOCKED, READONLY, CANTOPEN (extended codes keep the primary
                // code in their low byte). PostgreSQL: connection exceptions (08…), too many
                // connections, shutting down or starting up (57P01–57P03).
                let sqlite = code
                    .parse::<u32>()
                    .is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 8 | 14));
                let postgres = code.starts_with("08")
                    || matches!(code.as_ref(), "53300" | "57P01" | "57P02" | "57P03");
                sqlite || postgres
            }),
            _ => false,
        }
    }
}

/// Which database a `Db` talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database handle; cheap to clone (pools are reference counted).
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite {
        writer: SqlitePool,
        reader: SqlitePool,
    },
    Postgres(PgPool),
}

/// Pool sizes and timeouts; the defaults suit a small server.
#[derive(Clone, Debug)]
pub struct DbOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for DbOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            // With the database gone, a request waits this long before it is told so (503).
            acquire_timeout: Duration::from_secs(3),
        }
    }
}

/// How long SQLite waits for a lock held by another process (the CLI beside a running server).
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Each SQLite connection keeps a page cache of its own (2 MB by default), filled slowly as the
/// file grows and different readers touch different pages: with 9 connections the server's
/// memory was still rising after 10 minutes of `scripts/soak` (144 → 159 MB), with 3 it hardly
/// rose. 1 MB each (negative: KiB) levels off within minutes (152 MB from minute 7); the operating
/// system's file cache holds the rest of the file for all of them at once.
const SQLITE_CACHE_KIB: &str = "-1024";

impl Db {
    /// Connects and brings the schema up to date. A SQLite file and its directory are created
    /// when missing, so a newcomer needs no database server.
    pub async fn connect(url: &str, options: &DbOptions) -> StoreResult<Self> {
        let db = if url.starts_with("sqlite:") {
            Self::connect_sqlite(url, options).await?
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections)
                .acquire_timeout(options.acquire_timeout)
                .connect(url)
                .await?;
            sqlx::migrate!("migrations/postgres").run(&pool).await?;
            Db::Postgres(pool)
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        Ok(db)
    }

    async fn connect_sqlite(url: &str, options: &DbOptions) -> StoreResult<Self> {
        let connect = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .pragma("cache_size", SQLITE_CACHE_KIB);
        if let Some(dir) = connect
            .get_filename()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            create_dir(dir)?;
        }
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect.clone())
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect.read_only(true))
            .await?;
        Ok(Db::Sqlite { writer, reader })
    }

    /// Which database this is (file, or server and name), for what is remembered per database.
    pub fn identity(&self) -> String {
        match self {
            Db::Sqlite { reader, .. } => {
                format!(
                    "sqlite:{}",
                    reader.connect_options().get_filename().display()
                )
            }
            Db::Postgres(pool) => {
                let options = pool.connect_options();
                format!(
                    "postgres://{}:{}/{}",
                    options.get_host(),
                    options.get_port(),
                    options.get_database().unwrap_or_default()
                )
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> StoreResult<()> {
        query("SELECT 1").execute(self).await?;
        Ok(())
    }

    /// Closes every connection; later queries fail (used by tests of the health check).
    pub async fn close(&self) {
        match self {
            Db::Sqlite { writer, reader } => {
                reader.close().await;
                writer.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// The current time, to whole seconds: stored timestamps then compare correctly as text on SQLite.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(0)
}

/// A unique-key violation becomes `Duplicate`; everything else stays a database error.
fn duplicate_or(error: sqlx::Error) -> StoreError {
    match error.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Duplicate,
        _ => StoreError::Database(error),
    }
}

fn create_dir(dir: &Path) -> StoreResult<()> {
    std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
        path: dir.display().to_string(),
        source,
    })
}
