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
    crate::api::agenda::acting,
    crate::api::calendar::viewer,
    crate::auth::{db, refused},
    gremium::domain::form::FormErrors,
    gremium::domain::tasks::TaskForm,
    gremium::usecases,
};

/// A task from a decision.
#[server(endpoint = "aufgaben/neu")]
pub async fn add_task(
    meeting: i64,
    decision: i64,
    title: String,
    owner: String,
    due: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let form = TaskForm { title, owner, due };
    let kept = FormErrors::new()
        .keep("decision", &decision.to_string())
        .keep("title", &form.title)
        .keep("owner", &form.owner)
        .keep("due", &form.due);
    usecases::tasks::add(&db, &reader, meeting, decision, &form, &actor)
        .await
        .map_err(|r| refused(r, kept, "title"))?;
    crate::notice::tell(Notice::TaskAdded).await;
    back_to(meeting);
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
    let reader = viewer(&db).await?;
    let lists = usecases::tasks::lists(&db, &reader)
        .await
        .map_err(|r| refused(r, FormErrors::new(), ""))?;
    Ok(TaskList {
        mine: lists.mine,
        overdue: lists.overdue,
        manages: lists.manages,
        today: lists.today,
    })
}

/// Moves a task along: its owner (person or someone of the organization) or a chair.
#[server(endpoint = "aufgaben/status")]
pub async fn set_task_status(task: i64, version: i64, status: String) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let kept = FormErrors::new().keep("task", &task.to_string());
    usecases::tasks::set_status(&db, &reader, task, version, &status, &actor)
        .await
        .map_err(|r| refused(r, kept, "task"))?;
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
    let reader = viewer(&db).await?;
    if reader.principal.is_none() {
        return Ok(None);
    }
    let lists = usecases::tasks::lists(&db, &reader)
        .await
        .map_err(|r| refused(r, FormErrors::new(), ""))?;
    Ok(Some(TaskReminder {
        mine_overdue: lists
            .mine
            .iter()
            .filter(|t| t.is_overdue(lists.today))
            .count(),
        committee_overdue: lists.manages.then_some(lists.overdue.len()),
    }))
}
