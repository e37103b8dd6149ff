//! Following demands, an organization's dashboard, follow-ups due, and the demands on a
//! meeting's agenda.

use chrono::{DateTime, NaiveDate, Utc};

use super::timeline::{EVENT_SELECT, EventRow, change, seen_sql};
use super::{DemandRow, SELECT};
use crate::domain::demands::{Dashboard, Demand, DemandStatus, ItemDemand, Visibility};
use crate::store::sql::{query, query_as, query_scalar};
use crate::store::stored::Stored;
use crate::store::{Db, StoreResult, now};

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, user = ?user), err(level = "debug"))]
pub async fn is_following(db: &Db, id: i64, user: i64) -> StoreResult<bool> {
    let found: Option<i64> =
        query_scalar("SELECT demand_id FROM demand_follows WHERE demand_id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}

/// Starts or stops following a demand.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(id, user, follow),
    err(level = "debug")
)]
pub async fn set_following(db: &Db, id: i64, user: i64, follow: bool) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    if follow {
        query(
            "INSERT INTO demand_follows (demand_id, user_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(user)
        .execute(&mut tx)
        .await?;
    } else {
        query("DELETE FROM demand_follows WHERE demand_id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .execute(&mut tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Everything `organization` raised or co-signed, and what changed since `user` last looked;
/// records this visit.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(organization, user),
    err(level = "debug")
)]
pub async fn dashboard(
    db: &Db,
    organization: i64,
    user: i64,
    visibility: Visibility,
) -> StoreResult<Dashboard> {
    let at = now();
    // Reading changes nothing: the visit is recorded by `mark_dashboard_seen` (a POST).
    let last_visit: Option<DateTime<Utc>> =
        query_scalar("SELECT seen_at FROM demand_dashboard_visits WHERE user_id = $1")
            .bind(user)
            .fetch_optional(db)
            .await?;
    let since = last_visit.unwrap_or(at - chrono::Duration::days(30));
    let (raised, cosigned, changes): (Vec<DemandRow>, Vec<DemandRow>, Vec<EventRow>) = {
        let raised = query_as(format!(
            "{SELECT} WHERE d.organization_id = $1 ORDER BY d.updated_at DESC, d.id DESC \
                 LIMIT 200"
        ))
        .bind(organization)
        .fetch_all(db)
        .await?;
        // Co-signed demands that became internal (or went back to draft) drop out for
        // those who may no longer see them.
        let cosigned = query_as(format!(
            "{SELECT} JOIN demand_cosignatures c ON c.demand_id = d.id \
                 WHERE c.organization_id = $1 AND {} \
                 ORDER BY d.updated_at DESC, d.id DESC LIMIT 200",
            seen_sql("d", "$2", "$3")
        ))
        .bind(organization)
        .bind(visibility.internal)
        .bind(visibility.organization_id.unwrap_or(0))
        .fetch_all(db)
        .await?;
        let changes = query_as(format!(
            "{EVENT_SELECT} WHERE e.at > $2 AND {} AND e.demand_id IN \
                 (SELECT id FROM demands WHERE organization_id = $1 \
                  UNION SELECT demand_id FROM demand_cosignatures WHERE organization_id = $1) \
                 ORDER BY e.id DESC LIMIT 100",
            seen_sql("dm", "$3", "$4")
        ))
        .bind(organization)
        .bind(since)
        .bind(visibility.internal)
        .bind(visibility.organization_id.unwrap_or(0))
        .fetch_all(db)
        .await?;
        (raised, cosigned, changes)
    };
    Ok(Dashboard {
        raised: raised.into_iter().map(Into::into).collect(),
        cosigned: cosigned.into_iter().map(Into::into).collect(),
        changes: changes
            .into_iter()
            .filter_map(|r| change(visibility, r))
            .collect(),
        last_visit,
    })
}

/// The reader has seen the dashboard's changes: the next visit shows only newer ones.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?user), err(level = "debug"))]
pub async fn mark_dashboard_seen(db: &Db, user: i64) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    query(
        "INSERT INTO demand_dashboard_visits (user_id, seen_at) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at",
    )
    .bind(user)
    .bind(at)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Forwarded demands whose follow-up date has come, oldest date first (for the chair).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn follow_ups_due(db: &Db, today: NaiveDate) -> StoreResult<Vec<Demand>> {
    let rows: Vec<DemandRow> = query_as(format!(
        "{SELECT} WHERE d.status = 'forwarded' AND d.follow_up <= $1 \
             ORDER BY d.follow_up, d.id LIMIT 200"
    ))
    .bind(today)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Demands raised as topics onto a meeting's agenda, per item: what a decision there may move.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn for_meeting(db: &Db, meeting: i64) -> StoreResult<Vec<ItemDemand>> {
    let rows: Vec<(i64, i64, String, Stored<DemandStatus>)> = query_as(
        "SELECT a.id, d.id, d.title, d.status FROM agenda_items a \
             JOIN topics t ON t.id = a.topic_id JOIN demands d ON d.id = t.demand_id \
             WHERE a.meeting_id = $1 ORDER BY a.id, d.id",
    )
    .bind(meeting)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(item_id, demand_id, title, status)| ItemDemand {
            item_id,
            demand_id,
            title,
            status: status.0,
        })
        .collect())
}
