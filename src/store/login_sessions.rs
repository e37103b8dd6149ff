//! Which session belongs to whom. The sessions themselves live in tower-sessions' table; this
//! index lets people see and end their own, and lets disabling an account end all of its.

use chrono::{DateTime, Utc};

use super::sql::{query, query_as, query_scalar};
use super::{Db, StoreResult, now};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionEntry {
    pub session_id: String,
    pub created_at: DateTime<Utc>,
    pub user_agent: String,
}

#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn record(db: &Db, session_id: &str, user_id: i64, user_agent: &str) -> StoreResult<()> {
    let at = now();
    let agent: String = user_agent.chars().take(300).collect();
    let mut tx = db.begin().await?;
    query(
        "INSERT INTO login_sessions (session_id, user_id, created_at, user_agent) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (session_id) DO NOTHING",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(at)
    .bind(&agent)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;

    Ok(())
}

/// A person's sessions, newest first (some may have expired since; callers check).
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn for_user(db: &Db, user_id: i64) -> StoreResult<Vec<SessionEntry>> {
    let rows: Vec<(String, DateTime<Utc>, String)> = query_as(
        "SELECT session_id, created_at, user_agent FROM login_sessions \
             WHERE user_id = $1 ORDER BY created_at DESC, session_id",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(session_id, created_at, user_agent)| SessionEntry {
            session_id,
            created_at,
            user_agent,
        })
        .collect())
}

/// The owner of a session, to check that people end only their own.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn owner(db: &Db, session_id: &str) -> StoreResult<Option<i64>> {
    Ok(
        query_scalar("SELECT user_id FROM login_sessions WHERE session_id = $1")
            .bind(session_id)
            .fetch_optional(db)
            .await?,
    )
}

#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn remove(db: &Db, session_id: &str) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    query("DELETE FROM login_sessions WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;

    Ok(())
}
