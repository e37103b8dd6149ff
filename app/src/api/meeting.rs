//! Running a meeting: attendance and quorum, live mode (current item, time, notes), decisions
//! with their votes, tasks from decisions, and each owner's task list. The chair drives; members
//! follow the live view and may excuse themselves in advance.

use gremium::domain::attendance::{AttendanceRow, Quorum};
use gremium::domain::calendar::Meeting;
use gremium::domain::decisions::{Decision, DecisionForm, DemandMoveFields};
use gremium::domain::demands::ItemDemand;
use gremium::domain::live::LiveState;
use gremium::domain::minutes::MinutesState;
use gremium::domain::tasks::Task;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::api::agenda::{acting, visible_meeting},
    crate::auth::{confirmed, db, refused},
    gremium::domain::attendance::quorum,
    gremium::domain::form::FormErrors,
    gremium::domain::recurrence::local_view,
    gremium::store::attendance,
    gremium::store::minutes,
    gremium::usecases::{self, attendance::AttendanceInput, decisions::DecisionInput},
};

mod task_fns;

pub use task_fns::{
    AddTask, LoadTasks, SetTaskStatus, TaskList, TaskReminder, TaskSummary, add_task, load_tasks,
    set_task_status, task_summary,
};

/// A person or organization a task can be given to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChoice {
    /// "user:7" or "org:12".
    pub key: String,
    pub label: String,
}

/// Everything the chair's screen and the members' live view show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub manages: bool,
    pub live: LiveState,
    /// The roster with what was recorded (chairs see everyone, members their own rows).
    pub roster: Vec<AttendanceRow>,
    pub quorum: Quorum,
    pub decisions: Vec<Decision>,
    /// Demands on the agenda (as items' topics) that a decision may move; for the chair.
    pub demands: Vec<ItemDemand>,
    pub tasks: Vec<Task>,
    pub owners: Vec<OwnerChoice>,
    pub minutes: MinutesState,
    /// The caller may excuse themself (a member, before the meeting begins).
    pub may_excuse: bool,
}

#[server(endpoint = "sitzung/laden")]
pub async fn load_meeting(meeting: i64) -> Result<MeetingView, AppError> {
    let db = db()?;
    let (record, viewer) = visible_meeting(&db, meeting).await?;
    let seen = gremium::usecases::meetings::meeting(&db, &viewer, &record).await?;
    let (live, decisions, tasks) = (seen.live, seen.decisions, seen.tasks);
    let (mut roster, percent) = attendance::roster(&db, meeting).await?;
    let quorum = quorum(&roster, percent);
    let me = viewer.principal.as_ref().map(|p| p.user_id);
    let may_excuse = record.status.is_open() && roster.iter().any(|r| Some(r.user_id) == me);
    if !viewer.manages() {
        roster.retain(|r| Some(r.user_id) == me);
    }
    let mut owners: Vec<OwnerChoice> = Vec::new();
    if viewer.manages() {
        for row in &roster {
            owners.push(OwnerChoice {
                key: format!("user:{}", row.user_id),
                label: row.name.clone(),
            });
        }
        for row in &roster {
            if let (Some(id), Some(name)) = (row.organization_id, &row.organization) {
                let key = format!("org:{id}");
                if !owners.iter().any(|o| o.key == key) {
                    owners.push(OwnerChoice {
                        key,
                        label: name.clone(),
                    });
                }
            }
        }
    }
    let demands = if viewer.manages() {
        gremium::store::demands::for_meeting(&db, meeting)
            .await?
            .into_iter()
            .filter(|d| d.status.is_active())
            .collect()
    } else {
        Vec::new()
    };
    Ok(MeetingView {
        demands,
        meeting: local_view(&record, viewer.insider()),
        manages: viewer.manages(),
        live,
        roster,
        quorum,
        decisions,
        tasks,
        owners,
        minutes: minutes::get(&db, meeting).await?.state,
        may_excuse,
    })
}

#[cfg(feature = "ssr")]
fn back_to(meeting: i64) {
    leptos_axum::redirect(&format!("/sitzungen/{meeting}/leitung"));
}

/// The chair records one person's presence. `seen` is the presence the form showed, so a
/// change someone else made meanwhile is not overwritten.
#[server(endpoint = "sitzung/anwesenheit")]
pub async fn record_attendance(
    meeting: i64,
    membership: i64,
    seen: String,
    presence: String,
    deputy: Option<String>,
    note: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let input = AttendanceInput {
        membership,
        seen,
        presence,
        deputy,
        note,
    };
    usecases::attendance::record(&db, &reader, meeting, &input, &actor)
        .await
        .map_err(|r| refused(r, input.keep(FormErrors::new()), &input.field()))?;
    crate::notice::tell(Notice::AttendanceSaved).await;
    back_to(meeting);
    Ok(())
}

/// A member excuses themself before the meeting.
#[server(endpoint = "sitzung/entschuldigen")]
pub async fn excuse(meeting: i64, note: String) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    usecases::attendance::excuse(&db, &reader, meeting, &note, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new().keep("note", &note), "note"))?;
    crate::notice::tell(Notice::Excused).await;
    leptos_axum::redirect(&format!("/sitzungen/{meeting}"));
    Ok(())
}

/// Live mode: take up an item (the first one begins the meeting).
#[server(endpoint = "sitzung/punkt")]
pub async fn go_to_item(meeting: i64, version: i64, item: i64) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    usecases::live::go_to(&db, &reader, meeting, version, item, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new(), "live"))?;
    back_to(meeting);
    Ok(())
}

/// Live mode: end the meeting (it is held; open topics move on). Irreversible, so only with
/// `confirm=yes`, which the chair page's confirmation step sends.
#[server(endpoint = "sitzung/beenden")]
pub async fn finish_meeting(
    meeting: i64,
    version: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let confirmed = confirmed(confirm.as_deref());
    usecases::live::finish(&db, &reader, meeting, version, confirmed, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new(), "live"))?;
    crate::notice::tell(Notice::MeetingEnded).await;
    back_to(meeting);
    Ok(())
}

/// Live mode: the notes on one item.
#[server(endpoint = "sitzung/notizen")]
pub async fn save_notes(
    meeting: i64,
    version: i64,
    item: i64,
    notes: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let kept = FormErrors::new()
        .keep("item", &item.to_string())
        .keep("notes", &notes);
    usecases::live::save_notes(&db, &reader, meeting, version, item, &notes, &actor)
        .await
        .map_err(|r| refused(r, kept, "notes"))?;
    crate::notice::tell(Notice::NotesSaved).await;
    back_to(meeting);
    Ok(())
}

/// A decision on an item; votes are checked against the seats present or represented. It may
/// name a demand on the agenda and the status it moves to (the meeting's hook into demands).
#[server(endpoint = "beschluesse/neu")]
pub async fn record_decision(
    meeting: i64,
    item: i64,
    #[server(flatten)] decision: DecisionForm,
    #[server(flatten)] demand: DemandMoveFields,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let input = DecisionInput::from_form(decision, demand);
    let kept = input.keep(FormErrors::new().keep("item", &item.to_string()));
    let field = if input.demand.is_some() { "to" } else { "text" };
    let decision = usecases::decisions::record(&db, &reader, meeting, item, &input, &actor)
        .await
        .map_err(|r| refused(r, kept, field))?;
    if input.demand.is_some() {
        crate::mail::wake();
    }
    crate::notice::tell(Notice::DecisionRecorded {
        number: decision.number,
        moved: gremium::store::demands::moved_by(&db, decision.id).await?,
    })
    .await;
    back_to(meeting);
    Ok(())
}
