//! SQL for decisions: recording one on an agenda item with its number, changing it while the
//! minutes are a draft, and reading them per meeting or by their stable id.

use chrono::{DateTime, Utc};

use super::demands::{MoveBy, move_demand};
use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::calendar::MeetingStatus;
use crate::domain::decisions::{Decision, DecisionDraft, DecisionKind, Votes, number, period};
use crate::domain::demands::Transition;
use crate::domain::minutes::{MinutesState, may_edit};
use crate::domain::recurrence::utc_to_berlin;

type DecisionRow = (
    i64,
    i64,
    i64,
    String,
    i64,
    Stored<DecisionKind>,
    String,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    i64,
);

const COLUMNS: &str = "d.id, d.meeting_id, d.item_id, d.period, d.seq, d.kind, d.text, \
                       d.votes_yes, d.votes_no, d.votes_abstain, d.version";

fn decision(row: DecisionRow) -> Decision {
    let (id, meeting_id, item_id, period, seq, kind, text, yes, no, abstain, version) = row;
    let count = |v: Option<i32>| v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
    Decision {
        id,
        meeting_id,
        item_id,
        number: number(&period, seq),
        kind: kind.0,
        text,
        votes: yes.map(|_| Votes {
            yes: count(yes),
            no: count(no),
            abstain: count(abstain),
        }),
        version,
    }
}

fn vote(votes: Option<Votes>, pick: fn(Votes) -> u32) -> Option<i32> {
    votes.map(|v| i32::try_from(pick(v)).unwrap_or(i32::MAX))
}

/// Decisions may be recorded while the meeting runs or once it was held, until the minutes are
/// final. Yields the meeting's committee and start.
async fn decisions_open(tx: &mut Tx, meeting: i64) -> StoreResult<(i64, DateTime<Utc>)> {
    type Row = (
        i64,
        Stored<MeetingStatus>,
        DateTime<Utc>,
        Option<Stored<MinutesState>>,
    );
    let row: Option<Row> = query_as(
        "SELECT s.committee_id, s.status, s.starts_at, m.state FROM meetings s \
             LEFT JOIN minutes m ON m.meeting_id = s.id WHERE s.id = $1",
    )
    .bind(meeting)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(match row {
        None => return Err(StoreError::NotFound),
        Some((committee, status, starts_at, minutes)) => {
            let running = matches!(status.0, MeetingStatus::InProgress | MeetingStatus::Held);
            if !running {
                return Err(StoreError::NotAllowed);
            }
            may_edit(minutes.map(|m| m.0)).map_err(StoreError::MinutesRefused)?;
            (committee, starts_at)
        }
    })
}

/// Records a decision on `item` and gives it the next number of the meeting's month.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting, item = ?item), err(level = "debug"))]
pub async fn create(
    db: &Db,
    meeting: i64,
    item: i64,
    draft: &DecisionDraft,
    demand: Option<(i64, &Transition)>,
    actor: &Actor,
) -> StoreResult<Decision> {
    let at = now();
    let mut tx = db.begin().await?;
    let (committee, starts_at) = decisions_open(&mut tx, meeting).await?;
    let on_agenda: Option<i64> =
        query_scalar("SELECT id FROM agenda_items WHERE id = $1 AND meeting_id = $2")
            .bind(item)
            .bind(meeting)
            .fetch_optional(&mut tx)
            .await?;
    if on_agenda.is_none() {
        return Err(StoreError::NotFound);
    }
    // Serialises numbering per committee on PostgreSQL (a row lock); SQLite's single
    // writer does already.
    query("UPDATE committees SET quorum_percent = quorum_percent WHERE id = $1")
        .bind(committee)
        .execute(&mut tx)
        .await?;
    let period = period(utc_to_berlin(starts_at).date());
    let seq: i64 = query_scalar(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM decisions WHERE committee_id = $1 AND period = $2",
    )
    .bind(committee)
    .bind(&period)
    .fetch_one(&mut tx)
    .await?;
    let id: i64 = query_scalar(
        "INSERT INTO decisions (meeting_id, item_id, committee_id, period, seq, kind, text, \
             votes_yes, votes_no, votes_abstain, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(meeting)
    .bind(item)
    .bind(committee)
    .bind(&period)
    .bind(seq)
    .bind(draft.kind.as_str())
    .bind(&draft.text)
    .bind(vote(draft.votes, |v| v.yes))
    .bind(vote(draft.votes, |v| v.no))
    .bind(vote(draft.votes, |v| v.abstain))
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    // The hook for demands: the decision moves the demand it names, in the same
    // transaction, and the demand's timeline cites the decision and its meeting.
    if let Some((demand, transition)) = demand {
        move_demand(
            &mut tx,
            demand,
            MoveBy::Decision {
                decision: id,
                meeting,
            },
            transition,
            actor,
            at,
        )
        .await?;
        query(
            "INSERT INTO decision_demands (decision_id, demand_id, to_status, forwarded_to, \
                 reference, follow_up, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(demand)
        .bind(transition.to.as_str())
        .bind(&transition.body)
        .bind(&transition.reference)
        .bind(transition.follow_up)
        .bind(&transition.reason)
        .execute(&mut tx)
        .await?;
    }
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::DECISION_RECORDED,
            object: format!("decision:{id}"),
            summary: format!("{} {}", draft.kind.as_str(), number(&period, seq)),
        },
    )
    .await?;
    let id: i64 = id;
    tx.commit().await?;

    get(db, id).await
}

/// Changes kind, text or votes; the number stays.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn edit(
    db: &Db,
    id: i64,
    version: i64,
    draft: &DecisionDraft,
    actor: &Actor,
) -> StoreResult<Decision> {
    let at = now();
    let mut tx = db.begin().await?;
    let row: Option<(i64, i64)> =
        query_as("SELECT meeting_id, version FROM decisions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
    let (meeting, current) = row.ok_or(StoreError::NotFound)?;
    decisions_open(&mut tx, meeting).await?;
    if current != version {
        return Err(StoreError::Conflict);
    }
    query(
        "UPDATE decisions SET kind = $1, text = $2, votes_yes = $3, votes_no = $4, \
             votes_abstain = $5, version = version + 1, updated_at = $6 WHERE id = $7",
    )
    .bind(draft.kind.as_str())
    .bind(&draft.text)
    .bind(vote(draft.votes, |v| v.yes))
    .bind(vote(draft.votes, |v| v.no))
    .bind(vote(draft.votes, |v| v.abstain))
    .bind(at)
    .bind(id)
    .execute(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::DECISION_CHANGED,
            object: format!("decision:{id}"),
            summary: draft.kind.as_str().to_owned(),
        },
    )
    .await?;
    tx.commit().await?;

    get(db, id).await
}

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn get(db: &Db, id: i64) -> StoreResult<Decision> {
    let row: Option<DecisionRow> =
        query_as(format!("SELECT {COLUMNS} FROM decisions d WHERE d.id = $1"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    row.map(decision).ok_or(StoreError::NotFound)
}

/// A meeting's decisions in agenda order, then in the order they were taken.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn for_meeting(db: &Db, meeting: i64) -> StoreResult<Vec<Decision>> {
    let rows: Vec<DecisionRow> = query_as(format!(
        "SELECT {COLUMNS} FROM decisions d JOIN agenda_items i ON i.id = d.item_id \
             WHERE d.meeting_id = $1 ORDER BY i.position, d.seq"
    ))
    .bind(meeting)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(decision).collect())
}

/// A decision as the public feed shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicDecision {
    pub id: i64,
    pub period: String,
    pub seq: i64,
    pub kind: String,
    pub text: String,
    pub item_title: String,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The newest decisions on public items of public meetings, newest first.
#[tracing::instrument(level = "debug", skip_all, fields(limit = ?limit), err(level = "debug"))]
pub async fn public_recent(db: &Db, limit: i64) -> StoreResult<Vec<PublicDecision>> {
    Ok(query_as(
        "SELECT d.id, d.period, d.seq, d.kind, d.text, i.title AS item_title, d.meeting_id, \
             s.title AS meeting_title, d.created_at, d.updated_at FROM decisions d \
             JOIN agenda_items i ON i.id = d.item_id JOIN meetings s ON s.id = d.meeting_id \
             WHERE s.public = $1 AND i.public = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2",
    )
    .bind(true)
    .bind(limit)
    .fetch_all(db)
    .await?)
}
