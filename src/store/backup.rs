//! Backups of a SQLite database: a consistent copy taken while the server runs (`VACUUM INTO`
//! reads one snapshot; writers go on meanwhile), and the check that a copy is whole. PostgreSQL
//! backups are `pg_dump`'s (the server's `backup` command runs it).

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use super::{Db, StoreError, StoreResult};

/// What a backup holds, as its check reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupReport {
    /// The schema version: the last migration applied.
    pub migration: i64,
    pub users: i64,
    pub meetings: i64,
    pub topics: i64,
    pub demands: i64,
    pub decisions: i64,
}

/// Writes a consistent copy of a SQLite database to `path`, which must not exist yet.
/// `NotAllowed` on PostgreSQL (its backups are `pg_dump`'s).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn copy_sqlite(db: &Db, path: &Path) -> StoreResult<()> {
    let Db::Sqlite { reader, .. } = db else {
        return Err(StoreError::NotAllowed);
    };
    sqlx::query("VACUUM INTO $1")
        .bind(path.to_string_lossy().into_owned())
        .execute(reader)
        .await?;
    Ok(())
}

/// Opens a SQLite backup read-only, checks every page of it (`PRAGMA integrity_check`) and
/// counts what it holds. A damaged or foreign file is an error that says what is wrong.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn check_sqlite(path: &Path) -> StoreResult<BackupReport> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite:{}", path.display()))?
        .read_only(true)
        .create_if_missing(false);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&pool)
        .await?;
    if integrity != ["ok"] {
        pool.close().await;
        return Err(StoreError::Damaged(integrity.join("; ")));
    }
    let migration: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&pool)
            .await
            .map_err(|_| StoreError::Damaged("not a Gremium database".to_owned()))?;
    let count = |table: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&pool)
                .await
        }
    };
    let report = BackupReport {
        migration: migration.unwrap_or(0),
        users: count("users").await?,
        meetings: count("meetings").await?,
        topics: count("topics").await?,
        demands: count("demands").await?,
        decisions: count("decisions").await?,
    };
    pool.close().await;
    Ok(report)
}

/// The file a `sqlite:` URL names; `None` for other URLs.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if !url.starts_with("sqlite:") {
        return None;
    }
    SqliteConnectOptions::from_str(url)
        .ok()
        .map(|options| options.get_filename().to_path_buf())
}
