//! Running a session: attendance and quorum, live mode (current item, time, notes), decisions
//! with their votes, tasks from decisions, and each owner's task list. The chair drives; members
//! follow the live view and may excuse themselves in advance.

#![expect(
    clippy::too_many_arguments,
    reason = "one argument per form field: plain HTML forms post them that way"
)]

use gremium::domain::attendance::{AttendanceRow, Quorum};
use gremium::domain::calendar::Session;
use gremium::domain::decisions::Decision;
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
    crate::api::agenda::{chaired, visible_session},
    crate::auth::{self, actor, db, fail, refusal},
    gremium::domain::attendance::{Presence, quorum},
    gremium::domain::decisions::DecisionForm,
    gremium::domain::demands::TransitionInput,
    gremium::domain::form::{FormErrors, Problem},
    gremium::domain::recurrence::{berlin_today, local_view},
    gremium::store::attendance::{self, Record},
    gremium::store::{StoreError, decisions, live, minutes},
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
    pub session: Session,
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
    /// The caller may excuse themself (a member, before the session begins).
    pub may_excuse: bool,
}

#[server(endpoint = "sitzung/laden")]
pub async fn load_meeting(session: i64) -> Result<MeetingView, AppError> {
    let db = db()?;
    let (record, viewer) = visible_session(&db, session).await?;
    let seen = gremium::usecases::meetings::meeting(&db, &viewer, &record).await?;
    let (live, decisions, tasks) = (seen.live, seen.decisions, seen.tasks);
    let (mut roster, percent) = attendance::roster(&db, session).await?;
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
        gremium::store::demands::for_session(&db, session)
            .await?
            .into_iter()
            .filter(|d| d.status.is_active())
            .collect()
    } else {
        Vec::new()
    };
    Ok(MeetingView {
        demands,
        session: local_view(&record, viewer.insider()),
        manages: viewer.manages(),
        live,
        roster,
        quorum,
        decisions,
        tasks,
        owners,
        minutes: minutes::get(&db, session).await?.state,
        may_excuse,
    })
}

#[cfg(feature = "ssr")]
fn back_to(session: i64) {
    leptos_axum::redirect(&format!("/sitzungen/{session}/leitung"));
}

/// The chair records one person's presence. `seen` is the presence the form showed, so a
/// change someone else made meanwhile is not overwritten.
#[server(endpoint = "sitzung/anwesenheit")]
pub async fn record_attendance(
    session: i64,
    membership: i64,
    seen: String,
    presence: String,
    deputy: Option<String>,
    note: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let field = format!("presence-{membership}");
    let mut kept = FormErrors::new()
        .keep("membership", &membership.to_string())
        .keep("presence", &presence)
        .keep("note", &note);
    let Some(presence) = Presence::parse(&presence) else {
        kept.add(&field, Problem::Required);
        return Err(fail(AppError::Invalid(kept)));
    };
    let represented_by = deputy
        .as_deref()
        .filter(|d| !d.is_empty())
        .and_then(|d| d.parse::<i64>().ok())
        .filter(|_| presence == Presence::Represented);
    if presence == Presence::Represented && represented_by.is_none() {
        kept.add(&field, Problem::Required);
        return Err(fail(AppError::Invalid(kept)));
    }
    let note = note.trim();
    if note.chars().count() > 300 {
        kept.add(&field, Problem::TooLong);
        return Err(fail(AppError::Invalid(kept)));
    }
    let change = Record {
        membership_id: membership,
        seen: Presence::parse(&seen),
        presence,
        represented_by,
        note: (!note.is_empty()).then(|| note.to_owned()),
    };
    match attendance::record(&db, session, &change, &actor(Some(&principal), "")).await {
        Ok(()) => {}
        Err(StoreError::NotAllowed) if represented_by.is_some() => {
            kept.add(&field, Problem::NotADeputy);
            return Err(fail(AppError::Invalid(kept)));
        }
        Err(other) => return Err(refusal(other, kept, &field)),
    }
    crate::notice::tell(Notice::AttendanceSaved).await;
    back_to(session);
    Ok(())
}

/// A member excuses themself before the session.
#[server(endpoint = "sitzung/entschuldigen")]
pub async fn excuse(session: i64, note: String) -> Result<(), AppError> {
    let db = db()?;
    let principal = auth::require_user().await?;
    visible_session(&db, session).await?;
    let kept = FormErrors::new().keep("note", &note);
    let note = note.trim();
    if note.chars().count() > 300 {
        let mut kept = kept;
        kept.add("note", Problem::TooLong);
        return Err(fail(AppError::Invalid(kept)));
    }
    attendance::excuse(
        &db,
        session,
        principal.user_id,
        (!note.is_empty()).then_some(note),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| match e {
        StoreError::NotFound => fail(AppError::Forbidden),
        other => refusal(other, kept, "note"),
    })?;
    crate::notice::tell(Notice::Excused).await;
    leptos_axum::redirect(&format!("/sitzungen/{session}"));
    Ok(())
}

/// Live mode: take up an item (the first one begins the session).
#[server(endpoint = "sitzung/punkt")]
pub async fn go_to_item(session: i64, version: i64, item: i64) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    live::go_to(&db, session, version, item, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, FormErrors::new(), "live"))?;
    back_to(session);
    Ok(())
}

/// Live mode: end the session (it is held; open topics move on). Irreversible, so only with
/// `confirm=yes`, which the chair page's confirmation step sends.
#[server(endpoint = "sitzung/beenden")]
pub async fn finish_session(
    session: i64,
    version: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    auth::confirmed(confirm.as_deref(), FormErrors::new())?;
    live::finish(&db, session, version, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, FormErrors::new(), "live"))?;
    crate::notice::tell(Notice::MeetingEnded).await;
    back_to(session);
    Ok(())
}

/// Live mode: the notes on one item.
#[server(endpoint = "sitzung/notizen")]
pub async fn save_notes(
    session: i64,
    version: i64,
    item: i64,
    notes: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let mut kept = FormErrors::new()
        .keep("item", &item.to_string())
        .keep("notes", &notes);
    if notes.chars().count() > gremium::domain::minutes::TEXT_MAX {
        kept.add("notes", Problem::TooLong);
        return Err(fail(AppError::Invalid(kept)));
    }
    live::save_notes(
        &db,
        session,
        version,
        item,
        notes.trim(),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| refusal(e, kept, "notes"))?;
    crate::notice::tell(Notice::NotesSaved).await;
    back_to(session);
    Ok(())
}

/// A decision on an item; votes are checked against the seats present or represented. It may
/// name a demand on the agenda and the status it moves to (the meeting's hook into demands).
#[server(endpoint = "beschluesse/neu")]
pub async fn record_decision(
    session: i64,
    item: i64,
    kind: String,
    text: String,
    yes: String,
    no: String,
    abstain: String,
    demand: Option<String>,
    to: Option<String>,
    body: Option<String>,
    reference: Option<String>,
    follow_up: Option<String>,
    reason: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let (roster, percent) = attendance::roster(&db, session).await?;
    let form = DecisionForm {
        kind,
        text,
        yes,
        no,
        abstain,
    };
    let demand: Option<i64> = demand.as_deref().and_then(|d| d.trim().parse().ok());
    let moves = TransitionInput {
        to: to.unwrap_or_default(),
        body: body.unwrap_or_default(),
        reference: reference.unwrap_or_default(),
        follow_up: follow_up.unwrap_or_default(),
        reason: reason.unwrap_or_default(),
        ..Default::default()
    };
    let kept = moves
        .keep(FormErrors::new())
        .keep("item", &item.to_string())
        .keep("demand", &demand.map(|d| d.to_string()).unwrap_or_default())
        .keep("kind", &form.kind)
        .keep("text", &form.text)
        .keep("yes", &form.yes)
        .keep("no", &form.no)
        .keep("abstain", &form.abstain);
    let mut errors = FormErrors::new();
    let draft = match form.check(quorum(&roster, percent).voting) {
        Ok(draft) => Some(draft),
        Err(refused) => {
            errors = refused;
            None
        }
    };
    let transition = match demand {
        Some(_) => match moves.check(berlin_today(gremium::store::now())) {
            Ok(t) => Some(t),
            Err(refused) => {
                for field in ["to", "body", "reference", "follow_up", "reason"] {
                    if let Some(problem) = refused.problem(field) {
                        errors.add(field, problem);
                    }
                }
                None
            }
        },
        None => None,
    };
    let (Some(draft), true) = (draft, errors.is_empty()) else {
        let mut form = kept.clone();
        for field in [
            "kind",
            "text",
            "yes",
            "no",
            "abstain",
            "to",
            "body",
            "reference",
            "follow_up",
            "reason",
        ] {
            if let Some(problem) = errors.problem(field) {
                form.add(field, problem);
            }
        }
        return Err(fail(AppError::Invalid(form)));
    };
    let hook = demand.zip(transition.as_ref());
    let decision = decisions::create(
        &db,
        session,
        item,
        &draft,
        hook,
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| refusal(e, kept, if hook.is_some() { "to" } else { "text" }))?;
    if demand.is_some() {
        crate::mail::wake();
    }
    crate::notice::tell(Notice::DecisionRecorded {
        number: decision.number,
        moved: gremium::store::demands::moved_by(&db, decision.id).await?,
    })
    .await;
    back_to(session);
    Ok(())
}
