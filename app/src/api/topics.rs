//! Topics: members submit them for a session, edit or withdraw them until the chair triages
//! them, and the chair accepts, defers, rejects or merges them. Topics are the committee's
//! working material: only its members, chairs and admins see them.

#![expect(
    clippy::too_many_arguments,
    reason = "one argument per form field: plain HTML forms post them that way"
)]

use chrono::NaiveDateTime;
use gremium::domain::topics::{Topic, TopicEvent};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail, refusal},
    gremium::domain::account::Principal,
    gremium::domain::form::{FormErrors, Problem, required_text},
    gremium::domain::recurrence::utc_to_berlin,
    gremium::domain::topics::{
        self as workflow, REASON_MAX, Target, TopicAction, TopicDraft, TopicInput, TopicRole,
        check_topic,
    },
    gremium::store::{Db, StoreError, committees, sessions, topics},
};

/// A session a topic can be meant for, as a select list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOption {
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

/// A committee member (or chair, or admin): 401 for the public, 403 for others.
#[cfg(feature = "ssr")]
async fn member(db: &Db) -> Result<(Principal, i64), AppError> {
    let committee = committees::default_id(db).await?;
    let principal = auth::require(|p| p.may_see_internal(committee)).await?;
    Ok((principal, committee))
}

#[cfg(feature = "ssr")]
pub(crate) async fn session_options(
    db: &Db,
    committee: i64,
) -> Result<Vec<SessionOption>, AppError> {
    let now = gremium::store::now();
    Ok(sessions::open_for_topics(db, committee, now)
        .await?
        .into_iter()
        .map(|s| SessionOption {
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
    /// Every topic of sessions to come (the chair's triage board); empty for members.
    pub board: Vec<Topic>,
    /// The reader's own topics.
    pub mine: Vec<Topic>,
    pub sessions: Vec<SessionOption>,
    pub manages: bool,
}

#[server(endpoint = "themen/liste")]
pub async fn load_topics() -> Result<TopicsOverview, AppError> {
    let db = db()?;
    let (principal, committee) = member(&db).await?;
    let manages = principal.may_manage_committee(committee);
    Ok(TopicsOverview {
        board: if manages {
            topics::board(&db, committee, gremium::store::now()).await?
        } else {
            Vec::new()
        },
        mine: topics::by_submitter(&db, principal.user_id).await?,
        sessions: session_options(&db, committee).await?,
        manages,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicFormData {
    pub sessions: Vec<SessionOption>,
    pub manages: bool,
    pub now: NaiveDateTime,
}

#[server(endpoint = "themen/formular")]
pub async fn topic_form() -> Result<TopicFormData, AppError> {
    let db = db()?;
    let (principal, committee) = member(&db).await?;
    Ok(TopicFormData {
        sessions: session_options(&db, committee).await?,
        manages: principal.may_manage_committee(committee),
        now: now_local(),
    })
}

/// Resolves the chosen session: "next" is the next session members may still submit to.
/// Refuses cancelled, begun or foreign sessions, and a passed deadline for members (the chair
/// may still add; the topic is then marked late). Returns the session and the late flag.
#[cfg(feature = "ssr")]
pub(crate) async fn target_session(
    db: &Db,
    committee: i64,
    target: Target,
    manages: bool,
) -> Result<(Option<i64>, bool), Problem> {
    let now = gremium::store::now();
    let open = sessions::open_for_topics(db, committee, now)
        .await
        .map_err(|_| Problem::NotFound)?;
    match target {
        Target::Next => Ok((
            open.iter().find(|s| s.deadline_at > now).map(|s| s.id),
            false,
        )),
        Target::Session(id) => match sessions::get(db, id).await {
            Ok(s) if s.committee_id != committee => Err(Problem::NotFound),
            Ok(s) if !s.status.is_open() || s.starts_at <= now => Err(Problem::SessionClosed),
            Ok(s) if s.deadline_at <= now && !manages => Err(Problem::DeadlinePassed),
            Ok(s) => Ok((Some(s.id), s.deadline_at <= now)),
            Err(_) => Err(Problem::NotFound),
        },
    }
}

/// Checks the form and the target session; the refused form carries the input back.
#[cfg(feature = "ssr")]
async fn checked_topic(
    db: &Db,
    committee: i64,
    input: &TopicInput,
    manages: bool,
) -> Result<(TopicDraft, Option<i64>, bool), AppError> {
    let draft = check_topic(input).map_err(|form| fail(AppError::Invalid(form)))?;
    match target_session(db, committee, draft.target, manages).await {
        Ok((session, late)) => Ok((draft, session, late)),
        Err(problem) => {
            let mut form = FormErrors::new();
            form.add("session", problem);
            Err(fail(AppError::Invalid(input.keep(form))))
        }
    }
}

#[server(endpoint = "themen/neu")]
pub async fn submit_topic(
    title: String,
    description: String,
    session: String,
    presenter: String,
    minutes: String,
    public: Option<String>,
    links: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (principal, committee) = member(&db).await?;
    let manages = principal.may_manage_committee(committee);
    let input = TopicInput {
        title,
        description,
        session,
        presenter,
        minutes,
        public: public.is_some(),
        links,
    };
    let (draft, session, late) = checked_topic(&db, committee, &input, manages).await?;
    let id = topics::create(
        &db,
        committee,
        &draft,
        session,
        late,
        &actor(Some(&principal), ""),
    )
    .await?;
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
    pub sessions: Vec<SessionOption>,
    /// Topics this one could be merged into.
    pub merge_targets: Vec<(i64, String)>,
}

#[server(endpoint = "themen/eintrag")]
pub async fn load_topic(id: i64) -> Result<TopicDetail, AppError> {
    let db = db()?;
    let (principal, committee) = member(&db).await?;
    let topic = match topics::get(&db, id).await {
        Ok(topic) if topic.committee_id == committee => topic,
        Ok(_) | Err(StoreError::NotFound) => return Err(fail(AppError::NotFound)),
        Err(other) => return Err(other.into()),
    };
    let manages = principal.may_manage_committee(committee);
    let merge_targets = if manages && topic.state.is_open() {
        topics::board(&db, committee, gremium::store::now())
            .await?
            .into_iter()
            .filter(|t| {
                t.id != topic.id
                    && matches!(
                        t.state,
                        gremium::domain::topics::TopicState::Submitted
                            | gremium::domain::topics::TopicState::Accepted
                    )
            })
            .map(|t| (t.id, t.title))
            .collect()
    } else {
        Vec::new()
    };
    Ok(TopicDetail {
        description_html: gremium::domain::markdown::to_html(&topic.description),
        events: topics::events(&db, id).await?,
        may_edit: topic.state.is_open() && topic.submitted_by == principal.user_id,
        manages,
        sessions: session_options(&db, committee).await?,
        merge_targets,
        topic,
    })
}

/// Whether the caller may take `action` on the topic now, decided by the topic workflow
/// (`gremium::domain::topics::decide`): Forbidden when it is not theirs to take, a message at
/// `field` when the topic has left triage. The store decides again inside its transaction.
#[cfg(feature = "ssr")]
fn check_action(
    topic: &Topic,
    principal: &Principal,
    action: TopicAction,
    form: FormErrors,
    field: &str,
) -> Result<(), AppError> {
    let role = TopicRole {
        submitter: topic.submitted_by == principal.user_id,
        chair: principal.may_manage_committee(topic.committee_id),
    };
    workflow::decide(topic.state, action, role)
        .map(|_| ())
        .map_err(|refused| refusal(StoreError::TopicRefused(refused), form, field))
}

/// The topic if the caller may take a chair's `action` on it (a chair of its committee).
#[cfg(feature = "ssr")]
async fn triaged(
    db: &Db,
    id: i64,
    action: TopicAction,
    form: &FormErrors,
    field: &str,
) -> Result<(Topic, Principal), AppError> {
    let topic = topics::get(db, id).await?;
    let principal = auth::require(|p| p.may_see_internal(topic.committee_id)).await?;
    check_action(&topic, &principal, action, form.clone(), field)?;
    Ok((topic, principal))
}

#[server(endpoint = "themen/aendern")]
pub async fn edit_topic(
    id: i64,
    version: i64,
    title: String,
    description: String,
    session: String,
    presenter: String,
    minutes: String,
    public: Option<String>,
    links: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (principal, committee) = member(&db).await?;
    let topic = topics::get(&db, id).await?;
    if topic.committee_id != committee {
        return Err(fail(AppError::Forbidden));
    }
    let input = TopicInput {
        title,
        description,
        session,
        presenter,
        minutes,
        public: public.is_some(),
        links,
    };
    check_action(
        &topic,
        &principal,
        TopicAction::Edit,
        input.keep(FormErrors::new()),
        "title",
    )?;
    let manages = principal.may_manage_committee(committee);
    let (draft, session, _) = checked_topic(&db, committee, &input, manages).await?;
    topics::update(
        &db,
        id,
        version,
        &draft,
        session,
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| refusal(e, input.keep(FormErrors::new()), "title"))?;
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
    let (principal, _) = member(&db).await?;
    let topic = topics::get(&db, id).await?;
    check_action(
        &topic,
        &principal,
        TopicAction::Withdraw,
        FormErrors::new(),
        "withdraw",
    )?;
    auth::confirmed(confirm.as_deref(), FormErrors::new())?;
    topics::withdraw(&db, id, version, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, FormErrors::new(), "withdraw"))?;
    crate::notice::tell(Notice::TopicWithdrawn).await;
    leptos_axum::redirect(&format!("/themen/{id}"));
    Ok(())
}

#[server(endpoint = "themen/annehmen")]
pub async fn accept_topic(id: i64, version: i64) -> Result<(), AppError> {
    let db = db()?;
    let form = FormErrors::new().keep("id", &id.to_string());
    let (topic, principal) = triaged(&db, id, TopicAction::Accept, &form, "accept").await?;
    if topic.session.is_none() {
        let mut form = form;
        form.add("accept", Problem::NotFound);
        return Err(fail(AppError::Invalid(form)));
    }
    topics::accept(&db, id, version, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, form, "accept"))?;
    crate::notice::tell(Notice::TopicAccepted).await;
    leptos_axum::redirect("/themen");
    Ok(())
}

#[server(endpoint = "themen/vertagen")]
pub async fn defer_topic(id: i64, version: i64, session: String) -> Result<(), AppError> {
    let db = db()?;
    let mut form = FormErrors::new()
        .keep("id", &id.to_string())
        .keep("session", &session);
    let (topic, principal) = triaged(&db, id, TopicAction::Defer, &form, "session").await?;
    let target = session.trim().parse::<i64>().ok();
    let current = topic.session.as_ref().map(|s| s.id);
    let resolved = match target {
        Some(t) if Some(t) != current => {
            target_session(&db, topic.committee_id, Target::Session(t), true).await
        }
        _ => Err(Problem::Required),
    };
    let to = match resolved {
        Ok((Some(to), _)) => to,
        Ok((None, _)) => {
            form.add("session", Problem::Required);
            return Err(fail(AppError::Invalid(form)));
        }
        Err(problem) => {
            form.add("session", problem);
            return Err(fail(AppError::Invalid(form)));
        }
    };
    topics::defer(&db, id, version, to, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, form, "session"))?;
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
    let mut form = FormErrors::new()
        .keep("id", &id.to_string())
        .keep("reason", &reason);
    let (_, principal) = triaged(&db, id, TopicAction::Reject, &form, "reason").await?;
    let Some(reason) = form.check("reason", required_text(&reason, REASON_MAX)) else {
        return Err(fail(AppError::Invalid(form)));
    };
    auth::confirmed(confirm.as_deref(), form.clone())?;
    topics::reject(&db, id, version, &reason, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, form, "reason"))?;
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
    let mut form = FormErrors::new()
        .keep("id", &id.to_string())
        .keep("into", &into);
    let (topic, principal) = triaged(&db, id, TopicAction::Merge, &form, "into").await?;
    let target = into.trim().parse::<i64>().ok().filter(|t| *t != id);
    let Some(target) = target else {
        form.add("into", Problem::Required);
        return Err(fail(AppError::Invalid(form)));
    };
    match topics::get(&db, target).await {
        Ok(t) if t.committee_id == topic.committee_id => {}
        _ => {
            form.add("into", Problem::NotFound);
            return Err(fail(AppError::Invalid(form)));
        }
    }
    auth::confirmed(confirm.as_deref(), form.clone())?;
    topics::merge(&db, id, version, target, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, form, "into"))?;
    crate::notice::tell(Notice::TopicMerged).await;
    leptos_axum::redirect("/themen");
    Ok(())
}
