//! SQL for people: accounts, the roles loaded for each request, and failed sign-ins.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, duplicate_or, now};
use crate::domain::account::{OrganizationLink, Principal, UserSummary};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::committee::PersonRef;
use crate::domain::page::{Page, PageRequest};
use crate::domain::preferences::{DemandMail, Preferences};

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
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::USER_CREATED,
            object: format!("user:{id}"),
            summary: format!(
                "{} ({})",
                user.email,
                if user.is_admin { "admin" } else { "user" }
            ),
        },
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What sign-in needs to know about an address.
pub struct LoginRecord {
    pub id: i64,
    pub password_hash: String,
    pub disabled: bool,
}

pub async fn login_record(db: &Db, email: &str) -> StoreResult<Option<LoginRecord>> {
    let row: Option<(i64, String, Option<DateTime<Utc>>)> =
        query_as("SELECT id, password_hash, disabled_at FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, password_hash, disabled_at)| LoginRecord {
        id,
        password_hash,
        disabled: disabled_at.is_some(),
    }))
}

/// A signed-in person with their roles, and the password hash that ties sessions to the
/// current password. `None` when the account is missing or disabled: its sessions end.
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
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::PASSWORD_CHANGED,
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Disables or re-enables an account. A disabled account cannot sign in and its sessions end.
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
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: if disabled {
                action::USER_DISABLED
            } else {
                action::USER_ENABLED
            },
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

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

pub async fn count(db: &Db) -> StoreResult<u64> {
    let n: i64 = query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Failed sign-ins in a row for an address, and when the last one was.
pub async fn login_failures(
    db: &Db,
    email: &str,
    client: &str,
) -> StoreResult<(u32, Option<DateTime<Utc>>)> {
    let row: Option<(i64, DateTime<Utc>)> = query_as(
        "SELECT failures, last_failure_at FROM login_failures WHERE email = $1 AND client = $2",
    )
    .bind(email)
    .bind(client)
    .fetch_optional(db)
    .await?;
    // Failures older than the window are forgotten: the count starts afresh.
    Ok(match row {
        Some((n, at)) if at > now() - FAILURE_WINDOW => {
            (u32::try_from(n).unwrap_or(u32::MAX), Some(at))
        }
        _ => (0, None),
    })
}

/// How long failed sign-ins are remembered (as long as the longest delay).
const FAILURE_WINDOW: chrono::Duration = chrono::Duration::minutes(15);

/// Counts a failed sign-in (also for unknown addresses) and logs it; returns the new count.
/// `throttled` marks an attempt refused because it came too soon after the previous failure.
pub async fn record_login_failure(
    db: &Db,
    email: &str,
    client: &str,
    throttled: bool,
    actor: &Actor,
) -> StoreResult<u32> {
    let at = now();
    let mut tx = db.begin().await?;
    let failures: i64 = if throttled {
        query_scalar("SELECT failures FROM login_failures WHERE email = $1 AND client = $2")
            .bind(email)
            .bind(client)
            .fetch_optional(&mut tx)
            .await?
            .unwrap_or(0)
    } else {
        query_scalar(
            "INSERT INTO login_failures (email, client, failures, last_failure_at) \
                 VALUES ($1, $2, 1, $3) ON CONFLICT (email, client) DO UPDATE \
                 SET failures = CASE WHEN login_failures.last_failure_at < $4 THEN 1 \
                   ELSE login_failures.failures + 1 END, \
                 last_failure_at = excluded.last_failure_at \
                 RETURNING failures",
        )
        .bind(email)
        .bind(client)
        .bind(at)
        .bind(at - FAILURE_WINDOW)
        .fetch_one(&mut tx)
        .await?
    };
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: if throttled {
                action::LOGIN_THROTTLED
            } else {
                action::LOGIN_FAILED
            },
            object: format!("login:{email}"),
            summary: format!("{failures} failed in a row"),
        },
        at,
    )
    .await?;
    let failures: i64 = failures;
    tx.commit().await?;

    Ok(u32::try_from(failures).unwrap_or(u32::MAX))
}

/// A successful sign-in: the failure count of this client address starts over.
pub async fn record_login_success(
    db: &Db,
    user_id: i64,
    email: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    // Only this client's failures: someone else's guesses elsewhere keep their delay.
    query("DELETE FROM login_failures WHERE email = $1 AND client = $2")
        .bind(email)
        .bind(actor.ip.as_deref().unwrap_or_default())
        .execute(&mut tx)
        .await?;
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::LOGIN_SUCCEEDED,
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Replaces a person's calendar-feed link: only the hash of the new token is stored, so the old
/// link stops working at once and the new one is shown only this time.
pub async fn reset_calendar_token(
    db: &Db,
    user_id: i64,
    token_hash: &str,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let done =
        query("UPDATE users SET calendar_token_hash = $1, calendar_token_at = $2 WHERE id = $3")
            .bind(token_hash)
            .bind(at)
            .bind(user_id)
            .execute(&mut tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::CALENDAR_LINK_RESET,
            object: format!("user:{user_id}"),
            summary: String::new(),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// When the person's current calendar link was made, if they have one.
pub async fn calendar_token_since(db: &Db, user_id: i64) -> StoreResult<Option<DateTime<Utc>>> {
    let since: Option<Option<DateTime<Utc>>> =
        query_scalar("SELECT calendar_token_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(since.flatten())
}

/// The (enabled) person a calendar-feed token belongs to.
pub async fn by_calendar_token(db: &Db, token_hash: &str) -> StoreResult<Option<i64>> {
    Ok(
        query_scalar("SELECT id FROM users WHERE calendar_token_hash = $1 AND disabled_at IS NULL")
            .bind(token_hash)
            .fetch_optional(db)
            .await?,
    )
}

/// The person's own settings with the version the form must send back.
pub async fn preferences(db: &Db, user_id: i64) -> StoreResult<Preferences> {
    let row: Option<(Stored<DemandMail>, bool, i64)> =
        query_as("SELECT demand_mail, publish_consent, version FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    let (mail, publish, version) = row.ok_or(StoreError::NotFound)?;
    Ok(Preferences {
        demand_mail: mail.0,
        publish,
        version,
    })
}

/// Saves the person's settings if nothing changed them since the form was shown (`Conflict`
/// otherwise, so a second tab's choice is not silently replaced). Choosing the daily digest
/// starts its window now: what came before was already mailed one by one.
pub async fn set_preferences(
    db: &Db,
    user_id: i64,
    preferences: &Preferences,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let done = query(
        "UPDATE users SET demand_mail = $1, publish_consent = $2, updated_at = $3, \
             version = version + 1, digest_sent_at = CASE WHEN demand_mail <> 'taeglich' \
             AND $1 = 'taeglich' THEN $3 ELSE digest_sent_at END WHERE id = $4 AND version = $5",
    )
    .bind(preferences.demand_mail.as_str())
    .bind(preferences.publish)
    .bind(at)
    .bind(user_id)
    .bind(preferences.version)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict);
    }
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::PREFERENCES_CHANGED,
            object: format!("user:{user_id}"),
            summary: format!(
                "demand_mail={} publish={}",
                preferences.demand_mail.as_str(),
                preferences.publish
            ),
        },
        at,
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Someone who asked for the daily digest of followed demands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestReader {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub last_sent: Option<DateTime<Utc>>,
}

/// Everyone (enabled) who gets the daily digest, with when their last one went out.
pub async fn digest_readers(db: &Db) -> StoreResult<Vec<DigestReader>> {
    let rows: Vec<(i64, String, String, Option<DateTime<Utc>>)> = query_as(
        "SELECT id, email, display_name, digest_sent_at FROM users \
             WHERE demand_mail = 'taeglich' AND disabled_at IS NULL ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, email, display_name, last_sent)| DigestReader {
            user_id,
            email,
            display_name,
            last_sent,
        })
        .collect())
}

/// Marks the digest as sent at `at` — only if `last_sent` is still what the caller read, so two
/// servers (or a restart) never send the same digest twice. Whether this caller won.
pub async fn claim_digest(
    db: &Db,
    user_id: i64,
    last_sent: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = db.begin().await?;
    let done = query(
        "UPDATE users SET digest_sent_at = $1 WHERE id = $2 \
             AND (digest_sent_at = $3 OR (digest_sent_at IS NULL AND $4))",
    )
    .bind(at)
    .bind(user_id)
    .bind(last_sent)
    .bind(last_sent.is_none())
    .execute(&mut tx)
    .await?
    .rows_affected();
    tx.commit().await?;

    Ok(done == 1)
}

/// Everyone who agreed to their name being published (and is not disabled).
pub async fn consenting(db: &Db) -> StoreResult<std::collections::BTreeSet<i64>> {
    let ids: Vec<i64> = query_scalar(
        "SELECT id FROM users WHERE publish_consent = $1 AND disabled_at IS NULL ORDER BY id",
    )
    .bind(true)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().collect())
}
