//! Co-signatures: one per organization, with the register facts kept beside it.

use chrono::{DateTime, Utc};

use super::org_facts;
use super::workflow::{Entry, demand_event};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::demands::{Cosignature, DemandStatus, EventKind, OrgClass};
use crate::store::sql::{query, query_as};
use crate::store::stored::Stored;
use crate::store::{Db, StoreError, StoreResult, now};

/// Co-signs for `organization`. Returns false if it had signed already (a double click, or a
/// colleague first): nothing is counted twice. The signer follows the demand.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(id, organization),
    err(level = "debug")
)]
pub async fn cosign(
    db: &Db,
    id: i64,
    organization: i64,
    reason: &str,
    actor: &Actor,
) -> StoreResult<bool> {
    let at = now();
    let user = actor.user_id.ok_or(StoreError::NotAllowed)?;
    let mut tx = db.begin().await?;
    let row: Option<(Stored<DemandStatus>, i64)> =
        query_as("SELECT status, organization_id FROM demands WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
    let (status, raiser) = row.ok_or(StoreError::NotFound)?;
    if !status.0.is_active() || raiser == organization {
        return Err(StoreError::NotAllowed);
    }
    let (land, class) = org_facts(&mut tx, organization).await?;
    let inserted = query(
        "INSERT INTO demand_cosignatures (demand_id, organization_id, land_id, class, \
             reason, signed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(organization)
    .bind(land)
    .bind(class.as_str())
    .bind(reason)
    .bind(user)
    .bind(at)
    .execute(&mut tx)
    .await?
    .rows_affected()
        == 1;
    if inserted {
        query("UPDATE demands SET cosign_count = cosign_count + 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(at)
            .execute(&mut tx)
            .await?;
        demand_event(
            &mut tx,
            id,
            actor,
            at,
            EventKind::Cosigned,
            Entry {
                comment: Some(reason),
                organization: Some(organization),
                ..Entry::default()
            },
        )
        .await?;
        query(
            "INSERT INTO demand_follows (demand_id, user_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(user)
        .execute(&mut tx)
        .await?;
        tx.audit(
            at,
            NewAuditEntry {
                actor,
                action: action::DEMAND_COSIGNED,
                object: format!("demand:{id}"),
                summary: format!("organization:{organization}"),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(inserted)
}

/// Takes back `organization`'s co-signature; false if there was none.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(id, organization),
    err(level = "debug")
)]
pub async fn withdraw_cosignature(
    db: &Db,
    id: i64,
    organization: i64,
    actor: &Actor,
) -> StoreResult<bool> {
    let at = now();
    let mut tx = db.begin().await?;
    let removed =
        query("DELETE FROM demand_cosignatures WHERE demand_id = $1 AND organization_id = $2")
            .bind(id)
            .bind(organization)
            .execute(&mut tx)
            .await?
            .rows_affected()
            == 1;
    if removed {
        query("UPDATE demands SET cosign_count = cosign_count - 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(at)
            .execute(&mut tx)
            .await?;
        demand_event(
            &mut tx,
            id,
            actor,
            at,
            EventKind::CosignWithdrawn,
            Entry {
                organization: Some(organization),
                ..Entry::default()
            },
        )
        .await?;
        tx.audit(
            at,
            NewAuditEntry {
                actor,
                action: action::DEMAND_COSIGN_WITHDRAWN,
                object: format!("demand:{id}"),
                summary: format!("organization:{organization}"),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// Every co-signature of a demand, oldest first.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn cosignatures(db: &Db, id: i64) -> StoreResult<Vec<Cosignature>> {
    type Row = (
        i64,
        String,
        Option<String>,
        Stored<OrgClass>,
        String,
        String,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = query_as(
        "SELECT c.organization_id, o.name, l.name, c.class, c.reason, u.display_name, \
             c.created_at FROM demand_cosignatures c \
             JOIN organizations o ON o.id = c.organization_id \
             LEFT JOIN organizations l ON l.id = c.land_id JOIN users u ON u.id = c.signed_by \
             WHERE c.demand_id = $1 ORDER BY c.created_at, o.name",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(organization_id, organization_name, land_name, class, reason, signer_name, at)| {
                Cosignature {
                    organization_id,
                    organization_name,
                    land_name,
                    class: class.0,
                    reason,
                    signer_name,
                    at,
                }
            },
        )
        .collect())
}
