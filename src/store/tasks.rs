//! SQL for tasks from decisions (Beschlusskontrolle): creating them, moving their status, and
//! the lists owners and chairs work from.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::decisions::number;
use crate::domain::minutes::{MinutesState, may_edit};
use crate::domain::tasks::{Task, TaskDraft, TaskOwner, TaskStatus};

type TaskRow = (
    i64,
    i64,
    String,
    i64,
    i64,
    String,
    Option<i64>,
    Option<i64>,
    String,
    NaiveDate,
    Stored<TaskStatus>,
    Option<DateTime<Utc>>,
    Option<String>,
    i64,
    Option<bool>,
);

const SELECT: &str = "SELECT t.id, t.decision_id, d.period, d.seq, d.meeting_id, t.title, \
                      t.owner_user_id, t.owner_organization_id, COALESCE(u.display_name, o.name, ''), \
                      t.due_on, t.status, t.done_at, t.done_by, t.version, u.publish_consent \
                      FROM tasks t JOIN decisions d ON d.id = t.decision_id \
                      LEFT JOIN users u ON u.id = t.owner_user_id \
                      LEFT JOIN organizations o ON o.id = t.owner_organization_id";

fn task(row: TaskRow) -> Task {
    let (
        id,
        decision_id,
        period,
        seq,
        meeting_id,
        title,
        user,
        organization,
        owner_label,
        due,
        status,
        done_at,
        done_by,
        version,
        consent,
    ) = row;
    Task {
        id,
        decision_id,
        decision_number: number(&period, seq),
        meeting_id,
        title,
        owner: match (user, organization) {
            (Some(user), _) => TaskOwner::Person(user),
            (None, organization) => TaskOwner::Organization(organization.unwrap_or_default()),
        },
        owner_label,
        owner_public: user.is_none() || consent == Some(true),
        due,
        status: status.0,
        done_at,
        done_by,
        version,
    }
}

/// Adds a task to a decision (whose minutes may still change).
#[tracing::instrument(level = "debug", skip_all, fields(decision = ?decision), err(level = "debug"))]
pub async fn create(db: &Db, decision: i64, draft: &TaskDraft, actor: &Actor) -> StoreResult<i64> {
    let at = now();
    let (user, organization) = match draft.owner {
        TaskOwner::Person(id) => (Some(id), None),
        TaskOwner::Organization(id) => (None, Some(id)),
    };
    let mut tx = db.begin().await?;
    let minutes: Option<(i64, Option<Stored<MinutesState>>)> = query_as(
        "SELECT d.meeting_id, m.state FROM decisions d \
             LEFT JOIN minutes m ON m.meeting_id = d.meeting_id WHERE d.id = $1",
    )
    .bind(decision)
    .fetch_optional(&mut tx)
    .await?;
    match minutes {
        None => return Err(StoreError::NotFound),
        Some((_, state)) => may_edit(state.map(|s| s.0)).map_err(StoreError::MinutesRefused)?,
    }
    let id: i64 = query_scalar(
        "INSERT INTO tasks (decision_id, title, owner_user_id, owner_organization_id, due_on, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(decision)
    .bind(&draft.title)
    .bind(user)
    .bind(organization)
    .bind(draft.due)
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::TASK_CREATED,
            object: format!("task:{id}"),
            summary: draft.title.clone(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves a task's status; "done" records who closed it and when, reopening clears that.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn set_status(
    db: &Db,
    id: i64,
    version: i64,
    status: TaskStatus,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let (done_at, done_by) = if status == TaskStatus::Done {
        (Some(at), Some(actor.label.clone()))
    } else {
        (None, None)
    };
    let mut tx = db.begin().await?;
    let changed = query(
        "UPDATE tasks SET status = $1, done_at = $2, done_by = $3, version = version + 1, \
             updated_at = $4 WHERE id = $5 AND version = $6",
    )
    .bind(status.as_str())
    .bind(done_at)
    .bind(&done_by)
    .bind(at)
    .bind(id)
    .bind(version)
    .execute(&mut tx)
    .await?
    .rows_affected();
    if changed == 0 {
        let exists: Option<i64> = query_scalar("SELECT id FROM tasks WHERE id = $1")
            .bind(id)
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
            action: action::TASK_STATUS,
            object: format!("task:{id}"),
            summary: status.as_str().to_owned(),
        },
    )
    .await?;
    tx.commit().await?;

    Ok(())
}

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn get(db: &Db, id: i64) -> StoreResult<Task> {
    let row: Option<TaskRow> = query_as(format!("{SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(task).ok_or(StoreError::NotFound)
}

/// The tasks of a meeting's decisions, by decision number.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = ?meeting), err(level = "debug"))]
pub async fn for_meeting(db: &Db, meeting: i64) -> StoreResult<Vec<Task>> {
    let rows: Vec<TaskRow> = query_as(format!(
        "{SELECT} WHERE d.meeting_id = $1 ORDER BY d.period, d.seq, t.id"
    ))
    .bind(meeting)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(task).collect())
}

/// A person's tasks: their own and their organization's, open ones first, by due date.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?user), err(level = "debug"))]
pub async fn for_owner(db: &Db, user: i64, organization: Option<i64>) -> StoreResult<Vec<Task>> {
    let rows: Vec<TaskRow> = query_as(format!(
        "{SELECT} WHERE t.owner_user_id = $1 OR t.owner_organization_id = $2 \
             ORDER BY t.status = 'done', t.due_on, t.id"
    ))
    .bind(user)
    .bind(organization)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(task).collect())
}

/// Tasks not done and due before `today` for a committee's decisions, longest overdue first.
#[tracing::instrument(level = "debug", skip_all, fields(committee = ?committee), err(level = "debug"))]
pub async fn overdue(db: &Db, committee: i64, today: NaiveDate) -> StoreResult<Vec<Task>> {
    let rows: Vec<TaskRow> = query_as(format!(
        "{SELECT} WHERE d.committee_id = $1 AND t.status <> 'done' AND t.due_on < $2 \
             ORDER BY t.due_on, t.id"
    ))
    .bind(committee)
    .bind(today)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(task).collect())
}
