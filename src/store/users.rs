//! SQL for people: accounts, the roles loaded for each request, and failed sign-ins.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{query, query_as, query_scalar};
use super::{Db, StoreError, StoreResult, duplicate_or, now};
use crate::domain::account::{OrganizationLink, Principal, UserSummary};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::committee::PersonRef;
use crate::domain::page::{Page, PageRequest};

mod login;
mod preferences;

pub use login::{
    LoginRecord, login_failures, login_record, record_login_failure, record_login_success,
};
pub use preferences::{
    DigestReader, by_calendar_token, calendar_token_since, claim_digest, consenting,
    digest_readers, preferences, reset_calendar_token, set_preferences,
};

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    pub organization_id: Option<i64>,
}

pub(super) const INSERT_USER: &str = "INSERT INTO users \
    (email, display_name, password_hash, is_admin, organization_id, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";

/// Creates an account (the first admin, from the command line). `Duplicate` when the address
/// is taken.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn create(db: &Db, user: &NewUser<'_>, actor: &Actor) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    let id: i64 = query_scalar(INSERT_USER)
        .bind(user.email)
        .bind(user.display_name)
        .bind(user.password_hash)
        .bind(user.is_admin)
        .bind(user.organization_id)
        .bind(at)
        .fetch_one(&mut tx)
        .await
        .map_err(duplicate_or)?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::USER_CREATED,
            object: format!("user:{id}"),
            summary: format!(
                "{} ({})",
                user.email,
                if user.is_admin { "admin" } else { "user" }
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A signed-in person with their roles, and the password hash that ties sessions to the
/// current password. `None` when the account is missing or disabled: its sessions end.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn principal(db: &Db, user_id: i64) -> StoreResult<Option<(Principal, String)>> {
    type UserRow = (String, String, String, bool, Option<i64>, Option<String>);
    let today: NaiveDate = Utc::now().date_naive();
    let loaded: Option<(UserRow, Vec<i64>, Vec<i64>)> = {
        let row: Option<UserRow> = query_as(
            "SELECT u.email, u.display_name, u.password_hash, u.is_admin, o.id, o.name \
             FROM users u LEFT JOIN organizations o ON o.id = u.organization_id \
             WHERE u.id = $1 AND u.disabled_at IS NULL",
        )
        .bind(user_id)
        .fetch_optional(db)
        .await?;
        match row {
            None => None,
            Some(row) => {
                let chair_of: Vec<i64> = query_scalar(
                    "SELECT committee_id FROM committee_chairs WHERE user_id = $1 \
                     ORDER BY committee_id",
                )
                .bind(user_id)
                .fetch_all(db)
                .await?;
                let member_of: Vec<i64> = query_scalar(
                    "SELECT DISTINCT b.committee_id FROM memberships m \
                     JOIN benches b ON b.id = m.bench_id \
                     WHERE m.user_id = $1 AND m.valid_from <= $2 \
                       AND (m.valid_until IS NULL OR m.valid_until >= $2) \
                     ORDER BY b.committee_id",
                )
                .bind(user_id)
                .bind(today)
                .fetch_all(db)
                .await?;
                Some((row, chair_of, member_of))
            }
        }
    };
    Ok(loaded.map(
        |(
            (email, display_name, password_hash, is_admin, org_id, org_name),
            chair_of,
            member_of,
        )| {
            let organization = org_id
                .zip(org_name)
                .map(|(id, name)| OrganizationLink { id, name });
            (
                Principal {
                    user_id,
                    email,
                    display_name,
                    is_admin,
                    chair_of,
                    member_of,
                    organization,
                },
                password_hash,
            )
        },
    ))
}

/// Replaces the password hash (change or reset); the old hash no longer matches any session,
/// and the person's API tokens end with it.
#[tracing::instrument(level = "debug", skip_all, fields(user_id = ?user_id), err(level = "debug"))]
pub async fn set_password(
    db: &Db,
    user_id: i64,
    password_hash: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let done = query(
        "UPDATE users SET password_hash = $1, updated_at = $2, version = version + 1 \
             WHERE id = $3",
    )
    .bind(password_hash)
    .bind(at)
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    // A token made with the old password must not outlive it.
    query(super::api_tokens::REVOKE_ALL)
        .bind(at)
        .bind(user_id)
        .execute(&mut tx)
        .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::PASSWORD_CHANGED,
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Disables or re-enables an account. A disabled account cannot sign in and its sessions end.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(user_id, disabled),
    err(level = "debug")
)]
pub async fn set_disabled(db: &Db, user_id: i64, disabled: bool, actor: &Actor) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let done = query(
        "UPDATE users SET disabled_at = $1, updated_at = $2, version = version + 1 \
             WHERE id = $3",
    )
    .bind(disabled.then_some(at))
    .bind(at)
    .bind(user_id)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: if disabled {
                action::USER_DISABLED
            } else {
                action::USER_ENABLED
            },
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn list(db: &Db, page: PageRequest) -> StoreResult<Page<UserSummary>> {
    type Row = (
        i64,
        String,
        String,
        bool,
        Option<String>,
        Option<DateTime<Utc>>,
    );
    let (total, rows): (i64, Vec<Row>) = {
        let total = query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(db)
            .await?;
        let rows = query_as(
            "SELECT u.id, u.email, u.display_name, u.is_admin, o.name, u.disabled_at \
             FROM users u LEFT JOIN organizations o ON o.id = u.organization_id \
             ORDER BY u.display_name, u.id LIMIT $1 OFFSET $2",
        )
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(db)
        .await?;
        (total, rows)
    };
    let items = rows
        .into_iter()
        .map(
            |(id, email, display_name, is_admin, organization, disabled_at)| UserSummary {
                id,
                email,
                display_name,
                is_admin,
                organization,
                disabled: disabled_at.is_some(),
            },
        )
        .collect();
    Ok(Page::new(items, u64::try_from(total).unwrap_or(0), page))
}

/// Every enabled person, for choosing members.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn people(db: &Db) -> StoreResult<Vec<PersonRef>> {
    let rows: Vec<(i64, String)> = query_as(
        "SELECT id, display_name FROM users WHERE disabled_at IS NULL \
             ORDER BY display_name, id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| PersonRef { id, name })
        .collect())
}

#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn count(db: &Db) -> StoreResult<u64> {
    let n: i64 = query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}
