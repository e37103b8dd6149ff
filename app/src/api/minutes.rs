//! The minutes (Niederschrift) of a meeting — the draft built from the meeting, its opening and
//! closing text, making it final and its approval by a later meeting — and each decision's
//! stable page.

use gremium::domain::calendar::Meeting;
use gremium::domain::decisions::{Decision, DemandMove};
use gremium::domain::minutes::{MinutesDocument, MinutesState};
use gremium::domain::tasks::Task;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::api::agenda::{acting, visible_meeting},
    crate::auth::{confirmed, db, fail, not_found, refused},
    gremium::domain::form::FormErrors,
    gremium::domain::recurrence::local_view,
    gremium::store::{StoreError, meetings},
    gremium::usecases,
};

/// A later meeting that may approve the minutes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approver {
    pub id: i64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MinutesView {
    pub meeting: Meeting,
    pub manages: bool,
    pub state: MinutesState,
    pub version: i64,
    pub opening: String,
    pub closing: String,
    /// The document: frozen once final, otherwise as the meeting stands; internal items only
    /// for insiders.
    pub document: MinutesDocument,
    /// The meeting may have final minutes (it was held).
    pub held: bool,
    /// Later meetings of the committee (for the approval).
    pub approvers: Vec<Approver>,
    pub approved_in: Option<i64>,
}

#[server(endpoint = "niederschrift/laden")]
pub async fn load_minutes(meeting: i64) -> Result<MinutesView, AppError> {
    let db = db()?;
    let (record, viewer) = visible_meeting(&db, meeting).await?;
    let read = match gremium::usecases::minutes::read(&db, &viewer, &record, false).await {
        Ok(read) => read,
        // Drafts are the chair's working copy; members and the public read final minutes.
        Err(StoreError::NotAllowed) => {
            return Err(fail(if viewer.principal.is_some() {
                AppError::Forbidden
            } else {
                AppError::NotFound
            }));
        }
        Err(other) => return Err(other.into()),
    };
    let (stored, document) = (read.record, read.document);
    let approvers = if viewer.manages() && stored.state == MinutesState::Final {
        meetings::between(
            &db,
            Some(record.committee_id),
            record.starts_at + chrono::Duration::minutes(1),
            record.starts_at + chrono::Duration::days(400),
            false,
        )
        .await?
        .into_iter()
        .filter(|s| s.status != gremium::domain::calendar::MeetingStatus::Cancelled)
        .map(|s| Approver {
            id: s.id,
            label: format!(
                "{} ({})",
                s.title,
                gremium::domain::recurrence::utc_to_berlin(s.starts_at).format("%d.%m.%Y")
            ),
        })
        .collect()
    } else {
        Vec::new()
    };
    Ok(MinutesView {
        held: matches!(
            record.status,
            gremium::domain::calendar::MeetingStatus::Held
                | gremium::domain::calendar::MeetingStatus::MinutesApproved
        ),
        meeting: local_view(&record, viewer.insider()),
        manages: viewer.manages(),
        state: stored.state,
        version: stored.version,
        opening: stored.opening,
        closing: stored.closing,
        document,
        approvers,
        approved_in: stored.approved_in,
    })
}

#[cfg(feature = "ssr")]
fn back_to(meeting: i64) {
    leptos_axum::redirect(&format!("/sitzungen/{meeting}/niederschrift"));
}

#[server(endpoint = "niederschrift/speichern")]
pub async fn save_minutes(
    meeting: i64,
    version: i64,
    opening: String,
    closing: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let kept = FormErrors::new()
        .keep("opening", &opening)
        .keep("closing", &closing);
    usecases::minutes::save(&db, &reader, meeting, version, &opening, &closing, &actor)
        .await
        .map_err(|r| refused(r, kept, "opening"))?;
    crate::notice::tell(Notice::MinutesSaved).await;
    back_to(meeting);
    Ok(())
}

#[server(endpoint = "niederschrift/endgueltig")]
pub async fn finalise_minutes(
    meeting: i64,
    version: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let confirmed = confirmed(confirm.as_deref());
    usecases::minutes::finalise(&db, &reader, meeting, version, confirmed, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new(), "finalise"))?;
    crate::notice::tell(Notice::MinutesFinal).await;
    back_to(meeting);
    Ok(())
}

#[server(endpoint = "niederschrift/genehmigen")]
pub async fn approve_minutes(meeting: i64, version: i64, approving: i64) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let kept = FormErrors::new().keep("approving", &approving.to_string());
    usecases::minutes::approve(&db, &reader, meeting, version, approving, &actor)
        .await
        .map_err(|r| refused(r, kept, "approving"))?;
    crate::notice::tell(Notice::MinutesApproved).await;
    back_to(meeting);
    Ok(())
}

/// A decision's stable page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    pub decision: Decision,
    pub meeting: Meeting,
    pub item_number: String,
    pub item_title: String,
    /// The demands it moved, from what to what (those the reader sees).
    pub moves: Vec<DemandMove>,
    pub tasks: Vec<Task>,
}

#[server(endpoint = "beschluesse/laden")]
pub async fn load_decision(id: i64) -> Result<DecisionView, AppError> {
    let db = db()?;
    let viewer = crate::api::calendar::viewer(&db).await?;
    let read = gremium::usecases::meetings::decision(&db, &viewer, id)
        .await
        .map_err(not_found)?;
    Ok(DecisionView {
        item_number: read.item.number,
        item_title: read.item.title,
        meeting: local_view(&read.meeting, viewer.insider()),
        decision: read.decision,
        moves: read.moves,
        tasks: read.tasks,
    })
}
