//! Reading a meeting: the meeting itself, its agenda as the reader may see it (working rows or
//! the last published version), the live state, decisions and tasks.

use crate::domain::agenda::PublishedAgenda;
use crate::domain::calendar::MeetingRecord;
use crate::domain::decisions::{Decision, DemandMove};
use crate::domain::demands::ItemDemand;
use crate::domain::live::{LiveItem, LiveState};
use crate::domain::tasks::Task;
use crate::domain::visibility::{AgendaView, Reader, agenda_view, published_items, task_for};
use crate::store::{
    Db, StoreError, StoreResult, agenda, decisions, demands, live, meetings, tasks,
};

/// The meeting if the reader may see it; `NotFound` otherwise, so an internal meeting is not
/// told apart from a missing one.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn record(db: &Db, reader: &Reader, id: i64) -> StoreResult<MeetingRecord> {
    let record = meetings::get(db, id).await?;
    if record.committee_id == reader.committee && reader.sees(record.public) {
        Ok(record)
    } else {
        Err(StoreError::NotFound)
    }
}

/// The published versions the reader may see, newest first, each with only the items the
/// reader may see and without the publisher's account unless the reader is an insider.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = record.id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn published_versions(
    db: &Db,
    reader: &Reader,
    record: &MeetingRecord,
) -> StoreResult<Vec<PublishedAgenda>> {
    let mut versions = agenda::versions(db, record.id).await?;
    if !reader.sees(record.public) {
        return Ok(Vec::new());
    }
    for version in &mut versions {
        version.items.retain(|i| reader.sees(i.public));
        if !reader.sees_publisher() {
            version.published_by = String::new();
        }
    }
    Ok(versions)
}

/// What a reader sees of a meeting while and after it runs.
pub struct Meeting {
    pub live: LiveState,
    pub decisions: Vec<Decision>,
    /// An agenda version has been published.
    pub agenda_published: bool,
    /// What the decisions did to demands, where the reader sees both.
    pub moves: Vec<DemandMove>,
    pub tasks: Vec<Task>,
}

/// The live state, decisions and tasks of a visible meeting. Insiders get the working agenda;
/// everyone else the public items of the last published version (none before the first
/// publication), the decisions on those items, and no tasks. Notes only for those who manage.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = record.id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn meeting(db: &Db, reader: &Reader, record: &MeetingRecord) -> StoreResult<Meeting> {
    let mut state = live::state(db, record.id).await?;
    let mut decided = decisions::for_meeting(db, record.id).await?;
    let mut given = tasks::for_meeting(db, record.id).await?;
    let published = agenda::versions(db, record.id).await?;
    match agenda_view(reader, record.public, !published.is_empty()) {
        AgendaView::Working => {}
        AgendaView::Published => {
            state.items = published_items(&state.items, &published[0].items);
        }
        AgendaView::Hidden => state.items.clear(),
    }
    if !reader.sees_notes() {
        for item in &mut state.items {
            item.notes.clear();
        }
    }
    if state
        .current
        .is_some_and(|c| !state.items.iter().any(|i| i.id == c))
    {
        state.current = None;
    }
    decided.retain(|d| state.items.iter().any(|i| i.id == d.item_id));
    if reader.sees_tasks() {
        given = given.into_iter().map(|t| task_for(reader, t)).collect();
    } else {
        given.clear();
    }
    let moves = visible_moves(
        db,
        reader,
        demands::moved_in(db, record.id).await?,
        &decided,
    )
    .await?;
    Ok(Meeting {
        live: state,
        decisions: decided,
        agenda_published: !published.is_empty(),
        moves,
        tasks: given,
    })
}

/// The demands raised as topics onto the `items` the reader sees, where the reader sees the
/// demand too.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, user = ?reader.user_id()), err(level = "debug"))]
pub async fn item_demands(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    items: &[LiveItem],
) -> StoreResult<Vec<ItemDemand>> {
    let mut seen = Vec::new();
    for linked in demands::for_meeting(db, meeting).await? {
        if items.iter().any(|i| i.id == linked.item_id)
            && sees_demand(db, reader, linked.demand_id).await?
        {
            seen.push(linked);
        }
    }
    Ok(seen)
}

/// The topic each of the `items` came from, as (item, topic) — for readers who see topics.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, user = ?reader.user_id()), err(level = "debug"))]
pub async fn item_topics(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    items: &[LiveItem],
) -> StoreResult<Vec<(i64, i64)>> {
    if !reader.sees_topics() {
        return Ok(Vec::new());
    }
    let (rows, _) = agenda::items(db, meeting).await?;
    Ok(rows
        .into_iter()
        .filter(|row| items.iter().any(|i| i.id == row.id))
        .filter_map(|row| row.topic_id.map(|topic| (row.id, topic)))
        .collect())
}

/// The moves on decisions the reader sees, of demands the reader sees (`usecases::demands`).
async fn visible_moves(
    db: &Db,
    reader: &Reader,
    moves: Vec<DemandMove>,
    decided: &[Decision],
) -> StoreResult<Vec<DemandMove>> {
    let mut seen = Vec::new();
    for m in moves {
        if decided.iter().any(|d| d.id == m.decision_id)
            && sees_demand(db, reader, m.demand_id).await?
        {
            seen.push(m);
        }
    }
    Ok(seen)
}

/// Whether the reader may see demand `id`: `usecases::demands::get` decides.
async fn sees_demand(db: &Db, reader: &Reader, id: i64) -> StoreResult<bool> {
    match super::demands::get(db, reader, id).await {
        Ok(_) => Ok(true),
        Err(StoreError::NotFound) => Ok(false),
        Err(other) => Err(other),
    }
}

/// One decision as its page shows it: its meeting, its item (as the reader sees the agenda)
/// and its tasks, owners named only with consent. `NotFound` where the reader may not see it.
pub struct DecisionRead {
    pub meeting: MeetingRecord,
    pub decision: Decision,
    pub item: LiveItem,
    /// The demands it moved that the reader sees, from what to what.
    pub moves: Vec<DemandMove>,
    pub tasks: Vec<Task>,
}

#[tracing::instrument(level = "debug", skip_all, fields(decision = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn decision(db: &Db, reader: &Reader, id: i64) -> StoreResult<DecisionRead> {
    let decision = decisions::get(db, id).await?;
    let record = record(db, reader, decision.meeting_id).await?;
    let seen = meeting(db, reader, &record).await?;
    let item = seen
        .live
        .items
        .into_iter()
        .find(|i| i.id == decision.item_id)
        .ok_or(StoreError::NotFound)?;
    let tasks = tasks::for_meeting(db, record.id)
        .await?
        .into_iter()
        .filter(|t| t.decision_id == id)
        .map(|t| task_for(reader, t))
        .collect();
    let moves = seen
        .moves
        .into_iter()
        .filter(|m| m.decision_id == id)
        .collect();
    Ok(DecisionRead {
        meeting: record,
        decision,
        item,
        moves,
        tasks,
    })
}
