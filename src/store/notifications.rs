//! SQL for each person's inbox: notifications written by other changes (a published agenda),
//! listed newest first and marked read.

use super::sql::{query, query_as, query_scalar};
use super::{Db, StoreResult, now};
use crate::domain::notification::Notification;
use crate::domain::page::{Page, PageRequest};

#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn list(db: &Db, user_id: i64, page: PageRequest) -> StoreResult<Page<Notification>> {
    let (total, rows): (i64, Vec<Notification>) = {
        let total = query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(db)
            .await?;
        let rows = query_as(
            "SELECT id, at, title, body, link, read_at FROM notifications WHERE user_id = $1 \
             ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(user_id)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(db)
        .await?;
        (total, rows)
    };
    Ok(Page::new(rows, u64::try_from(total).unwrap_or(0), page))
}

#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn unread(db: &Db, user_id: i64) -> StoreResult<i64> {
    Ok(
        query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .fetch_one(db)
            .await?,
    )
}

/// Marks all of a person's notifications read (only their own).
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn mark_all_read(db: &Db, user_id: i64) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(at)
        .bind(user_id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;

    Ok(())
}
