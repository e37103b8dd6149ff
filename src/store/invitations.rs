//! SQL for invitations: a single-use link with an expiry; accepting it creates the account.

use chrono::{DateTime, Utc};

use super::outbox::{self, Letter};
use super::sql::{query, query_as, query_scalar};
use super::users::INSERT_USER;
use super::{Db, StoreError, StoreResult, duplicate_or, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};

pub struct NewInvitation<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub is_admin: bool,
    pub chair_of: Option<i64>,
    pub organization_id: Option<i64>,
    pub token_hash: &'a str,
    pub expires_at: DateTime<Utc>,
}

/// Stores an invitation, and `letter` (the link by e-mail) in the outbox with it. `Duplicate`
/// when an account with that address exists already.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn create(
    db: &Db,
    invitation: &NewInvitation<'_>,
    letter: Option<&Letter>,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    let taken: Option<i64> = query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(invitation.email)
        .fetch_optional(&mut tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Duplicate);
    }
    let id: i64 = query_scalar(
        "INSERT INTO invitations (token_hash, email, display_name, is_admin, chair_of, \
             organization_id, invited_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(invitation.token_hash)
    .bind(invitation.email)
    .bind(invitation.display_name)
    .bind(invitation.is_admin)
    .bind(invitation.chair_of)
    .bind(invitation.organization_id)
    .bind(actor.user_id)
    .bind(at)
    .bind(invitation.expires_at)
    .fetch_one(&mut tx)
    .await?;
    if let Some(letter) = letter {
        outbox::enqueue(&mut tx, at, letter).await?;
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::INVITATION_SENT,
            object: format!("invitation:{id}"),
            summary: invitation.email.to_owned(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An invitation that can still be accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingInvitation {
    pub email: String,
    pub display_name: String,
    pub expires_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn pending(db: &Db, token_hash: &str) -> StoreResult<Option<PendingInvitation>> {
    let row: Option<(String, String, DateTime<Utc>)> = query_as(
        "SELECT email, display_name, expires_at FROM invitations \
             WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(db)
    .await?;
    Ok(
        row.map(|(email, display_name, expires_at)| PendingInvitation {
            email,
            display_name,
            expires_at,
        }),
    )
}

/// Accepts an invitation: marks it used and creates the account with its roles, in one
/// transaction. `NotFound` when the link is unknown, used or expired.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn accept(db: &Db, token_hash: &str, password_hash: &str) -> StoreResult<i64> {
    type Row = (i64, String, String, bool, Option<i64>, Option<i64>);
    let at = now();
    let mut tx = db.begin().await?;
    let row: Option<Row> = query_as(
        "UPDATE invitations SET accepted_at = $2 \
             WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2 \
             RETURNING id, email, display_name, is_admin, chair_of, organization_id",
    )
    .bind(token_hash)
    .bind(at)
    .fetch_optional(&mut tx)
    .await?;
    let Some((invitation_id, email, display_name, is_admin, chair_of, organization_id)) = row
    else {
        return Err(StoreError::NotFound);
    };
    let user_id: i64 = query_scalar(INSERT_USER)
        .bind(&email)
        .bind(&display_name)
        .bind(password_hash)
        .bind(is_admin)
        .bind(organization_id)
        .bind(at)
        .fetch_one(&mut tx)
        .await
        .map_err(duplicate_or)?;
    if let Some(committee_id) = chair_of {
        query(
            "INSERT INTO committee_chairs (committee_id, user_id, is_deputy) VALUES ($1, $2, $3)",
        )
        .bind(committee_id)
        .bind(user_id)
        .bind(false)
        .execute(&mut tx)
        .await?;
    }
    query("UPDATE invitations SET user_id = $1 WHERE id = $2")
        .bind(user_id)
        .bind(invitation_id)
        .execute(&mut tx)
        .await?;
    let actor = Actor {
        user_id: Some(user_id),
        label: email.clone(),
        ip: None,
    };
    tx.audit(
        at,
        NewAuditEntry {
            actor: &actor,
            action: action::INVITATION_ACCEPTED,
            object: format!("user:{user_id}"),
            summary: format!("invitation:{invitation_id}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}
