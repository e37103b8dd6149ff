//! SQL for the audit log. Writes that change data record their entry in their own transaction
//! (`Tx::audit`); events that change nothing else are recorded here.

use chrono::{DateTime, Utc};

use super::sql::{Tx, query, query_as, query_scalar};
use super::{Db, StoreResult, now};
use crate::domain::audit::{Actor, AuditEntry, AuditFilter, NewAuditEntry};
use crate::domain::page::{Page, PageRequest};
use crate::domain::text::escape_like;

impl Tx {
    /// Writes the audit entry of the change this transaction makes, so the two are committed
    /// together or not at all.
    pub(crate) async fn audit(
        &mut self,
        at: DateTime<Utc>,
        entry: NewAuditEntry<'_>,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO audit_log (at, actor_id, actor_label, action, object, summary, ip) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(at)
        .bind(entry.actor.user_id)
        .bind(&entry.actor.label)
        .bind(entry.action)
        .bind(&entry.object)
        .bind(&entry.summary)
        .bind(&entry.actor.ip)
        .execute(self)
        .await?;
        Ok(())
    }
}

/// Records an event that changes nothing else (sign-out, an ended session, a requested reset).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn record(
    db: &Db,
    action: &'static str,
    object: String,
    summary: String,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action,
            object,
            summary,
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

type Row = (
    i64,
    DateTime<Utc>,
    String,
    String,
    String,
    String,
    Option<String>,
);

/// Newest first, filtered by action and by part of the actor's label.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn list(
    db: &Db,
    filter: &AuditFilter,
    page: PageRequest,
) -> StoreResult<Page<AuditEntry>> {
    let action = filter.action.as_deref().filter(|a| !a.is_empty());
    let actor = filter
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| format!("%{}%", escape_like(&a.to_lowercase())));
    const WHERE: &str = "WHERE ($1 IS NULL OR action = $1) \
        AND ($2 IS NULL OR LOWER(actor_label) LIKE $2 ESCAPE '\\')";
    let count_sql = format!("SELECT COUNT(*) FROM audit_log {WHERE}");
    let list_sql = format!(
        "SELECT id, at, actor_label, action, object, summary, ip FROM audit_log {WHERE} \
         ORDER BY id DESC LIMIT $3 OFFSET $4"
    );
    let (total, rows): (i64, Vec<Row>) = {
        let total = query_scalar(&count_sql)
            .bind(action)
            .bind(&actor)
            .fetch_one(db)
            .await?;
        let rows = query_as(&list_sql)
            .bind(action)
            .bind(&actor)
            .bind(page.limit())
            .bind(page.offset())
            .fetch_all(db)
            .await?;
        (total, rows)
    };
    let items = rows
        .into_iter()
        .map(
            |(id, at, actor_label, action, object, summary, ip)| AuditEntry {
                id,
                at,
                actor_label,
                action,
                object,
                summary,
                ip,
            },
        )
        .collect();
    Ok(Page::new(items, u64::try_from(total).unwrap_or(0), page))
}
