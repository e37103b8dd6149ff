//! SQL for committees, their benches, chairs and memberships.

use chrono::NaiveDate;

use super::sql::{query, query_as, query_scalar};
use super::{Db, StoreError, StoreResult, now};
use crate::domain::account::OrganizationLink;
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::committee::{
    Bench, BenchSeats, ChairRef, CommitteeOverview, Membership, NewMembership, PersonRef,
    arrange_seats,
};

/// The committee the app opens with (the seeded Kommunalgremium, or the first one).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn default_id(db: &Db) -> StoreResult<i64> {
    let id: Option<i64> = query_scalar(
            "SELECT id FROM committees ORDER BY CASE WHEN slug = 'kommunalgremium' THEN 0 ELSE 1 END, id \
             LIMIT 1",
        )
        .fetch_optional(db)
        .await?;
    id.ok_or(StoreError::NotFound)
}

#[tracing::instrument(level = "debug", skip_all, fields(committee_id = ?committee_id), err(level = "debug"))]
pub async fn benches(db: &Db, committee_id: i64) -> StoreResult<Vec<Bench>> {
    let rows: Vec<(i64, String, i32)> = query_as(
        "SELECT id, name, seats FROM benches WHERE committee_id = $1 ORDER BY position, id",
    )
    .bind(committee_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, seats)| Bench {
            id,
            name,
            seats: u32::try_from(seats).unwrap_or(0),
        })
        .collect())
}

type MembershipRow = (
    i64,
    i64,
    i64,
    String,
    Option<i32>,
    Option<i64>,
    NaiveDate,
    Option<NaiveDate>,
);

/// Every membership of a committee, past and present.
#[tracing::instrument(level = "debug", skip_all, fields(committee_id = ?committee_id), err(level = "debug"))]
pub async fn memberships(db: &Db, committee_id: i64) -> StoreResult<Vec<Membership>> {
    let rows: Vec<MembershipRow> = query_as(
            "SELECT m.id, m.bench_id, u.id, u.display_name, m.seat, m.deputy_of, m.valid_from, \
                    m.valid_until \
             FROM memberships m JOIN benches b ON b.id = m.bench_id JOIN users u ON u.id = m.user_id \
             WHERE b.committee_id = $1 ORDER BY b.position, m.seat, m.id",
        )
        .bind(committee_id)
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, bench_id, user_id, name, seat, deputy_of, valid_from, valid_until)| Membership {
                id,
                bench_id,
                person: PersonRef { id: user_id, name },
                seat: seat.and_then(|s| u32::try_from(s).ok()),
                deputy_of,
                valid_from,
                valid_until,
            },
        )
        .collect())
}

/// The members page: the committee, its chairs, and every bench's seats as of `day`.
#[tracing::instrument(level = "debug", skip_all, fields(committee_id = ?committee_id), err(level = "debug"))]
pub async fn overview(
    db: &Db,
    committee_id: i64,
    day: NaiveDate,
) -> StoreResult<CommitteeOverview> {
    type Head = (String, i64, Option<i64>, Option<String>);
    let (head, chairs): (Option<Head>, Vec<(i64, String, bool)>) = {
        let head = query_as(
            "SELECT c.name, c.version, o.id, o.name FROM committees c \
             LEFT JOIN organizations o ON o.id = c.chair_organization_id WHERE c.id = $1",
        )
        .bind(committee_id)
        .fetch_optional(db)
        .await?;
        let chairs = query_as(
            "SELECT u.id, u.display_name, ch.is_deputy FROM committee_chairs ch \
             JOIN users u ON u.id = ch.user_id \
             WHERE ch.committee_id = $1 AND u.disabled_at IS NULL \
             ORDER BY ch.is_deputy, u.display_name",
        )
        .bind(committee_id)
        .fetch_all(db)
        .await?;
        (head, chairs)
    };
    let (name, version, org_id, org_name) = head.ok_or(StoreError::NotFound)?;
    let memberships = memberships(db, committee_id).await?;
    let benches = benches(db, committee_id)
        .await?
        .into_iter()
        .map(|bench| BenchSeats {
            seats: arrange_seats(&bench, &memberships, day),
            bench,
        })
        .collect();
    Ok(CommitteeOverview {
        id: committee_id,
        name,
        version,
        chair_organization: org_id
            .zip(org_name)
            .map(|(id, name)| OrganizationLink { id, name }),
        chairs: chairs
            .into_iter()
            .map(|(id, name, is_deputy)| ChairRef {
                person: PersonRef { id, name },
                is_deputy,
            })
            .collect(),
        benches,
    })
}

/// A bench and the committee it belongs to.
#[tracing::instrument(level = "debug", skip_all, fields(bench_id = ?bench_id), err(level = "debug"))]
pub async fn bench(db: &Db, bench_id: i64) -> StoreResult<(Bench, i64)> {
    let row: Option<(i64, String, i32, i64)> =
        query_as("SELECT id, name, seats, committee_id FROM benches WHERE id = $1")
            .bind(bench_id)
            .fetch_optional(db)
            .await?;
    let (id, name, seats, committee_id) = row.ok_or(StoreError::NotFound)?;
    Ok((
        Bench {
            id,
            name,
            seats: u32::try_from(seats).unwrap_or(0),
        },
        committee_id,
    ))
}

/// Adds a seat holder or a deputy. `SeatTaken` when another holder's time on that seat overlaps;
/// `NotFound` when the deputised membership is not on the same bench.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn add_membership(db: &Db, new: &NewMembership, actor: &Actor) -> StoreResult<i64> {
    let at = now();
    let seat = new.seat.map(i64::from);
    let mut tx = db.begin().await?;
    if let Some(seat) = seat {
        let overlapping: i64 = query_scalar(
            "SELECT COUNT(*) FROM memberships WHERE bench_id = $1 AND seat = $2 \
                 AND (valid_until IS NULL OR valid_until >= $3) \
                 AND ($4 IS NULL OR valid_from <= $4)",
        )
        .bind(new.bench_id)
        .bind(seat)
        .bind(new.valid_from)
        .bind(new.valid_until)
        .fetch_one(&mut tx)
        .await?;
        if overlapping > 0 {
            return Err(StoreError::SeatTaken);
        }
    }
    if let Some(deputy_of) = new.deputy_of {
        let same_bench: Option<i64> = query_scalar(
            "SELECT id FROM memberships WHERE id = $1 AND bench_id = $2 AND seat IS NOT NULL",
        )
        .bind(deputy_of)
        .bind(new.bench_id)
        .fetch_optional(&mut tx)
        .await?;
        if same_bench.is_none() {
            return Err(StoreError::NotFound);
        }
    }
    let id: i64 = query_scalar(
        "INSERT INTO memberships (bench_id, user_id, seat, deputy_of, valid_from, valid_until, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(new.bench_id)
    .bind(new.user_id)
    .bind(seat)
    .bind(if seat.is_some() { None } else { new.deputy_of })
    .bind(new.valid_from)
    .bind(new.valid_until)
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::MEMBERSHIP_ADDED,
            object: format!("membership:{id}"),
            summary: match seat {
                Some(seat) => format!("user:{} bench:{} seat {seat}", new.user_id, new.bench_id),
                None => format!("user:{} bench:{} deputy", new.user_id, new.bench_id),
            },
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Makes a person chair (or deputy chair) of a committee.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(committee_id, user_id, is_deputy),
    err(level = "debug")
)]
pub async fn add_chair(
    db: &Db,
    committee_id: i64,
    user_id: i64,
    is_deputy: bool,
) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    query(
        "INSERT INTO committee_chairs (committee_id, user_id, is_deputy) VALUES ($1, $2, $3) \
             ON CONFLICT (committee_id, user_id) DO UPDATE SET is_deputy = excluded.is_deputy",
    )
    .bind(committee_id)
    .bind(user_id)
    .bind(is_deputy)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Renames a committee or changes its chair organization. `Conflict` when someone saved a newer
/// version in between: nothing is overwritten.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(committee_id, version),
    err(level = "debug")
)]
pub async fn update(
    db: &Db,
    committee_id: i64,
    version: i64,
    name: &str,
    chair_organization_id: Option<i64>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let done = query(
        "UPDATE committees SET name = $1, chair_organization_id = $2, updated_at = $3, \
             version = version + 1 WHERE id = $4 AND version = $5",
    )
    .bind(name)
    .bind(chair_organization_id)
    .bind(at)
    .bind(committee_id)
    .bind(version)
    .execute(&mut tx)
    .await?;
    if done.rows_affected() == 0 {
        let exists: Option<i64> = query_scalar("SELECT id FROM committees WHERE id = $1")
            .bind(committee_id)
            .fetch_optional(&mut tx)
            .await?;
        return Err(if exists.is_some() {
            StoreError::Conflict
        } else {
            StoreError::NotFound
        });
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::COMMITTEE_CHANGED,
            object: format!("committee:{committee_id}"),
            summary: name.to_owned(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Adds a bench at the end. `Duplicate` when the committee has a bench of that name.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(committee_id, seats),
    err(level = "debug")
)]
pub async fn add_bench(
    db: &Db,
    committee_id: i64,
    name: &str,
    seats: u32,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    let position: i64 = query_scalar(
            "SELECT CAST(COALESCE(MAX(position), 0) + 1 AS BIGINT) FROM benches WHERE committee_id = $1",
        )
        .bind(committee_id)
        .fetch_one(&mut tx)
        .await?;
    let id: i64 = query_scalar(
        "INSERT INTO benches (committee_id, name, seats, position) VALUES ($1, $2, $3, $4) \
             RETURNING id",
    )
    .bind(committee_id)
    .bind(name)
    .bind(i64::from(seats))
    .bind(position)
    .fetch_one(&mut tx)
    .await
    .map_err(super::duplicate_or)?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::BENCH_ADDED,
            object: format!("bench:{id}"),
            summary: format!("{name} ({seats})"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a bench's seat count. `SeatTaken` when a current or future seat holder sits on a
/// seat that would no longer exist.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(bench_id, seats),
    err(level = "debug")
)]
pub async fn set_bench_seats(db: &Db, bench_id: i64, seats: u32, actor: &Actor) -> StoreResult<()> {
    let at = now();
    let today = at.date_naive();
    let mut tx = db.begin().await?;
    let occupied: i64 = query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE bench_id = $1 AND seat > $2 \
             AND (valid_until IS NULL OR valid_until >= $3)",
    )
    .bind(bench_id)
    .bind(i64::from(seats))
    .bind(today)
    .fetch_one(&mut tx)
    .await?;
    if occupied > 0 {
        return Err(StoreError::SeatTaken);
    }
    let done = query("UPDATE benches SET seats = $1 WHERE id = $2")
        .bind(i64::from(seats))
        .bind(bench_id)
        .execute(&mut tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::BENCH_CHANGED,
            object: format!("bench:{bench_id}"),
            summary: format!("{seats} seats"),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}
