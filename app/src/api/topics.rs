//! Topics: members submit them for a meeting, edit or withdraw them until the chair triages
//! them, and the chair accepts, defers, rejects or merges them. Topics are the committee's
//! working material: only its members, chairs and admins see them.

use chrono::NaiveDateTime;
use gremium::domain::topics::{Topic, TopicEvent, TopicInput};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{actor, confirmed, db, refused},
    gremium::domain::form::FormErrors,
    gremium::domain::recurrence::utc_to_berlin,
    gremium::domain::visibility::Reader,
    gremium::store::{Db, meetings},
    gremium::usecases,
};

/// A meeting a topic can be meant for, as a select list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingOption {
    pub id: i64,
    pub title: String,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub deadline: NaiveDateTime,
    /// Whether members may still submit (the deadline has not passed).
    pub open: bool,
}

#[cfg(feature = "ssr")]
pub(crate) fn now_local() -> NaiveDateTime {
    utc_to_berlin(gremium::store::now())
}

#[cfg(feature = "ssr")]
pub(crate) async fn meeting_options(
    db: &Db,
    committee: i64,
) -> Result<Vec<MeetingOption>, AppError> {
    let now = gremium::store::now();
    Ok(meetings::open_for_topics(db, committee, now)
        .await?
        .into_iter()
        .map(|s| MeetingOption {
            id: s.id,
            title: s.title,
            starts: utc_to_berlin(s.starts_at),
            ends: utc_to_berlin(s.ends_at),
            deadline: utc_to_berlin(s.deadline_at),
            open: s.deadline_at > now,
        })
        .collect())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicsOverview {
    /// Every topic of meetings to come (the chair's triage board); empty for members.
    pub board: Vec<Topic>,
    /// The reader's own topics.
    pub mine: Vec<Topic>,
    pub meetings: Vec<MeetingOption>,
    pub manages: bool,
}

#[server(endpoint = "themen/liste")]
pub async fn load_topics() -> Result<TopicsOverview, AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let overview = usecases::topics::overview(&db, &reader)
        .await
        .map_err(|r| refused(r, FormErrors::new(), ""))?;
    Ok(TopicsOverview {
        board: overview.board,
        mine: overview.mine,
        meetings: meeting_options(&db, reader.committee).await?,
        manages: overview.manages,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicFormData {
    pub meetings: Vec<MeetingOption>,
    pub manages: bool,
    pub now: NaiveDateTime,
}

#[server(endpoint = "themen/formular")]
pub async fn topic_form() -> Result<TopicFormData, AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let manages = usecases::topics::member(&reader)
        .map_err(|r| refused(r, FormErrors::new(), ""))?
        .may_manage_committee(reader.committee);
    Ok(TopicFormData {
        meetings: meeting_options(&db, reader.committee).await?,
        manages,
        now: now_local(),
    })
}

/// The reader of a topic server function: the default committee and whoever is signed in.
#[cfg(feature = "ssr")]
async fn reader(db: &Db) -> Result<Reader, AppError> {
    crate::api::calendar::viewer(db).await
}

#[server(endpoint = "themen/neu")]
pub async fn submit_topic(#[server(flatten)] input: TopicInput) -> Result<(), AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let id = usecases::topics::submit(&db, &reader, &input, &actor(reader.principal.as_ref(), ""))
        .await
        .map_err(|r| refused(r, input.keep(FormErrors::new()), "title"))?;
    crate::notice::tell(Notice::TopicSubmitted).await;
    leptos_axum::redirect(&format!("/themen/{id}"));
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicDetail {
    pub topic: Topic,
    /// The description rendered from Markdown on the server (raw HTML is never passed on).
    pub description_html: String,
    pub events: Vec<TopicEvent>,
    /// The submitter, while the topic is untriaged.
    pub may_edit: bool,
    pub manages: bool,
    pub meetings: Vec<MeetingOption>,
    /// Topics this one could be merged into.
    pub merge_targets: Vec<(i64, String)>,
}

#[server(endpoint = "themen/eintrag")]
pub async fn load_topic(id: i64) -> Result<TopicDetail, AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let read = usecases::topics::detail(&db, &reader, id)
        .await
        .map_err(|r| refused(r, FormErrors::new(), ""))?;
    Ok(TopicDetail {
        description_html: gremium::domain::markdown::to_html(&read.topic.description),
        events: read.events,
        may_edit: read.may_edit,
        manages: read.manages,
        meetings: meeting_options(&db, reader.committee).await?,
        merge_targets: read.merge_targets,
        topic: read.topic,
    })
}

#[server(endpoint = "themen/aendern")]
pub async fn edit_topic(
    id: i64,
    version: i64,
    #[server(flatten)] input: TopicInput,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    usecases::topics::edit(&db, &reader, id, version, &input, &actor)
        .await
        .map_err(|r| refused(r, input.keep(FormErrors::new()), "title"))?;
    crate::notice::tell(Notice::TopicSaved).await;
    leptos_axum::redirect(&format!("/themen/{id}"));
    Ok(())
}

#[server(endpoint = "themen/zurueckziehen")]
pub async fn withdraw_topic(
    id: i64,
    version: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let confirmed = confirmed(confirm.as_deref());
    let actor = actor(reader.principal.as_ref(), "");
    usecases::topics::withdraw(&db, &reader, id, version, confirmed, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new(), "withdraw"))?;
    crate::notice::tell(Notice::TopicWithdrawn).await;
    leptos_axum::redirect(&format!("/themen/{id}"));
    Ok(())
}

#[server(endpoint = "themen/annehmen")]
pub async fn accept_topic(id: i64, version: i64) -> Result<(), AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let kept = FormErrors::new().keep("id", &id.to_string());
    let actor = actor(reader.principal.as_ref(), "");
    usecases::topics::accept(&db, &reader, id, version, &actor)
        .await
        .map_err(|r| refused(r, kept, "accept"))?;
    crate::notice::tell(Notice::TopicAccepted).await;
    leptos_axum::redirect("/themen");
    Ok(())
}

#[server(endpoint = "themen/vertagen")]
pub async fn defer_topic(id: i64, version: i64, meeting: String) -> Result<(), AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let kept = FormErrors::new()
        .keep("id", &id.to_string())
        .keep("meeting", &meeting);
    let actor = actor(reader.principal.as_ref(), "");
    usecases::topics::defer(&db, &reader, id, version, &meeting, &actor)
        .await
        .map_err(|r| refused(r, kept, "meeting"))?;
    crate::notice::tell(Notice::TopicDeferred).await;
    leptos_axum::redirect("/themen");
    Ok(())
}

#[server(endpoint = "themen/ablehnen")]
pub async fn reject_topic(
    id: i64,
    version: i64,
    reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let kept = FormErrors::new()
        .keep("id", &id.to_string())
        .keep("reason", &reason);
    let confirmed = confirmed(confirm.as_deref());
    let actor = actor(reader.principal.as_ref(), "");
    usecases::topics::reject(&db, &reader, id, version, &reason, confirmed, &actor)
        .await
        .map_err(|r| refused(r, kept, "reason"))?;
    crate::notice::tell(Notice::TopicRejected).await;
    leptos_axum::redirect("/themen");
    Ok(())
}

#[server(endpoint = "themen/zusammenfuehren")]
pub async fn merge_topic(
    id: i64,
    version: i64,
    into: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = reader(&db).await?;
    let kept = FormErrors::new()
        .keep("id", &id.to_string())
        .keep("into", &into);
    let confirmed = confirmed(confirm.as_deref());
    let actor = actor(reader.principal.as_ref(), "");
    usecases::topics::merge(&db, &reader, id, version, &into, confirmed, &actor)
        .await
        .map_err(|r| refused(r, kept, "into"))?;
    crate::notice::tell(Notice::TopicMerged).await;
    leptos_axum::redirect("/themen");
    Ok(())
}
