//! Tasks from decisions: the chair gives one on a decision of the meeting; its owner (a
//! person, or anyone of the owning organization) or a chair moves it along; each person reads
//! their own, chairs also the committee's overdue ones.

use chrono::NaiveDate;

use crate::domain::audit::Actor;
use crate::domain::form::Problem;
use crate::domain::recurrence::berlin_today;
use crate::domain::tasks::{Task, TaskForm, TaskOwner, TaskStatus};
use crate::domain::visibility::Reader;
use crate::store::{Db, decisions, now, tasks};
use crate::usecases::Refusal;
use crate::usecases::agenda::chaired;

/// The chair gives a task on `decision`, a decision of `meeting`. Returns the task's number.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, decision = decision, user = ?reader.user_id()), err(level = "debug"))]
pub async fn add(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    decision: i64,
    form: &TaskForm,
    actor: &Actor,
) -> Result<i64, Refusal> {
    chaired(db, reader, meeting).await?;
    let draft = form.check(berlin_today(now())).map_err(Refusal::Invalid)?;
    match decisions::get(db, decision).await {
        Ok(found) if found.meeting_id == meeting => {}
        _ => return Err(Refusal::NotFound),
    }
    Ok(tasks::create(db, decision, &draft, actor).await?)
}

/// Moves a task to `status` (as the form sends it) at the version the person saw: its owner
/// or a chair of the committee.
#[tracing::instrument(level = "debug", skip_all, fields(task = task, user = ?reader.user_id()), err(level = "debug"))]
pub async fn set_status(
    db: &Db,
    reader: &Reader,
    task: i64,
    version: i64,
    status: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    let principal = reader.principal.as_ref().ok_or(Refusal::SignIn)?;
    let Some(status) = TaskStatus::parse(status) else {
        return Err(Refusal::at("task", Problem::Required));
    };
    let found = tasks::get(db, task).await.map_err(Refusal::about)?;
    let owns = match found.owner {
        TaskOwner::Person(id) => id == principal.user_id,
        TaskOwner::Organization(id) => principal.organization.as_ref().is_some_and(|o| o.id == id),
    };
    if !owns && !principal.may_manage_committee(reader.committee) {
        return Err(Refusal::Forbidden);
    }
    Ok(tasks::set_status(db, task, version, status, actor).await?)
}

/// A signed-in person's tasks: their own and their organization's, and for a chair every
/// overdue task of the committee.
pub struct TaskLists {
    pub mine: Vec<Task>,
    /// Empty for everyone but chairs.
    pub overdue: Vec<Task>,
    pub manages: bool,
    pub today: NaiveDate,
}

#[tracing::instrument(level = "debug", skip_all, fields(user = ?reader.user_id()), err(level = "debug"))]
pub async fn lists(db: &Db, reader: &Reader) -> Result<TaskLists, Refusal> {
    let principal = reader.principal.as_ref().ok_or(Refusal::SignIn)?;
    let manages = principal.may_manage_committee(reader.committee);
    let today = berlin_today(now());
    let organization = principal.organization.as_ref().map(|o| o.id);
    Ok(TaskLists {
        mine: tasks::for_owner(db, principal.user_id, organization).await?,
        overdue: if manages {
            tasks::overdue(db, reader.committee, today).await?
        } else {
            Vec::new()
        },
        manages,
        today,
    })
}
