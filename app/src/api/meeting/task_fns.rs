//! Server functions for tasks from decisions: adding one, the lists, status and the reminder.

use gremium::domain::tasks::Task;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::back_to;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::api::agenda::chaired,
    crate::auth::{self, actor, db, fail, refusal},
    gremium::domain::form::{FormErrors, Problem},
    gremium::domain::recurrence::berlin_today,
    gremium::domain::tasks::{TaskForm, TaskStatus},
    gremium::store::{StoreError, decisions, tasks},
};

/// A task from a decision.
#[server(endpoint = "aufgaben/neu")]
pub async fn add_task(
    session: i64,
    decision: i64,
    title: String,
    owner: String,
    due: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let form = TaskForm { title, owner, due };
    let today = berlin_today(gremium::store::now());
    let draft = form.check(today).map_err(|errors| {
        fail(AppError::Invalid(
            errors.keep("decision", &decision.to_string()),
        ))
    })?;
    let found = decisions::get(&db, decision).await;
    if !matches!(&found, Ok(d) if d.session_id == session) {
        return Err(fail(AppError::NotFound));
    }
    let kept = FormErrors::new()
        .keep("decision", &decision.to_string())
        .keep("title", &form.title)
        .keep("owner", &form.owner)
        .keep("due", &form.due);
    tasks::create(&db, decision, &draft, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, kept, "title"))?;
    crate::notice::tell(Notice::TaskAdded).await;
    back_to(session);
    Ok(())
}

/// The tasks page: the caller's own (and their organization's) tasks, and for chairs every
/// overdue task of the committee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskList {
    pub mine: Vec<Task>,
    pub overdue: Vec<Task>,
    pub manages: bool,
    pub today: chrono::NaiveDate,
}

#[server(endpoint = "aufgaben/laden")]
pub async fn load_tasks() -> Result<TaskList, AppError> {
    let db = db()?;
    let principal = auth::require_user().await?;
    let committee = gremium::store::committees::default_id(&db).await?;
    let manages = principal.may_manage_committee(committee);
    let today = berlin_today(gremium::store::now());
    Ok(TaskList {
        mine: tasks::for_owner(
            &db,
            principal.user_id,
            principal.organization.as_ref().map(|o| o.id),
        )
        .await?,
        overdue: if manages {
            tasks::overdue(&db, committee, today).await?
        } else {
            Vec::new()
        },
        manages,
        today,
    })
}

/// Moves a task along: its owner (person or someone of the organization) or a chair.
#[server(endpoint = "aufgaben/status")]
pub async fn set_task_status(task: i64, version: i64, status: String) -> Result<(), AppError> {
    let db = db()?;
    let principal = auth::require_user().await?;
    let kept = FormErrors::new().keep("task", &task.to_string());
    let Some(status) = TaskStatus::parse(&status) else {
        let mut kept = kept;
        kept.add("task", Problem::Required);
        return Err(fail(AppError::Invalid(kept)));
    };
    let found = tasks::get(&db, task).await.map_err(|e| match e {
        StoreError::NotFound => fail(AppError::NotFound),
        other => other.into(),
    })?;
    let committee = gremium::store::committees::default_id(&db).await?;
    let owns = match found.owner {
        gremium::domain::tasks::TaskOwner::Person(id) => id == principal.user_id,
        gremium::domain::tasks::TaskOwner::Organization(id) => {
            principal.organization.as_ref().is_some_and(|o| o.id == id)
        }
    };
    if !owns && !principal.may_manage_committee(committee) {
        return Err(fail(AppError::Forbidden));
    }
    tasks::set_status(&db, task, version, status, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, kept, "task"))?;
    crate::notice::tell(Notice::TaskSaved).await;
    leptos_axum::redirect("/aufgaben");
    Ok(())
}

/// The dashboard's reminder: overdue tasks of the caller (and, for chairs, of the committee).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskReminder {
    pub mine_overdue: usize,
    pub committee_overdue: Option<usize>,
}

/// `None` for the public: the home page asks without requiring a sign-in.
#[server(endpoint = "aufgaben/uebersicht")]
pub async fn task_summary() -> Result<Option<TaskReminder>, AppError> {
    let db = db()?;
    let Some(principal) = auth::current().await? else {
        return Ok(None);
    };
    let committee = gremium::store::committees::default_id(&db).await?;
    let today = berlin_today(gremium::store::now());
    let mine = tasks::for_owner(
        &db,
        principal.user_id,
        principal.organization.as_ref().map(|o| o.id),
    )
    .await?;
    let committee_overdue = if principal.may_manage_committee(committee) {
        Some(tasks::overdue(&db, committee, today).await?.len())
    } else {
        None
    };
    Ok(Some(TaskReminder {
        mine_overdue: mine.iter().filter(|t| t.is_overdue(today)).count(),
        committee_overdue,
    }))
}
