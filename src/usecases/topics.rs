//! Topics: members submit them for a meeting and edit or withdraw them until the chair triages
//! them; the chair accepts, defers, rejects or merges them. Each function checks who may act
//! (the topic workflow, [`decide`]), validates the typed input and hands the change to the
//! store, which decides the workflow again inside its transaction. Topics are the committee's
//! working material: only its members, chairs and admins reach them.

use crate::domain::account::Principal;
use crate::domain::audit::Actor;
use crate::domain::form::{FormErrors, Problem, required_text};
use crate::domain::topics::{
    REASON_MAX, Target, Topic, TopicAction, TopicDraft, TopicEvent, TopicInput, TopicRole,
    TopicState, check_topic, decide,
};
use crate::domain::visibility::Reader;
use crate::store::{Db, StoreError, meetings, now, topics};
use crate::usecases::{Refusal, confirmed};

/// A member of the committee (a chair or admin too): the only people who reach topics.
pub fn member(reader: &Reader) -> Result<&Principal, Refusal> {
    let principal = reader.principal.as_ref().ok_or(Refusal::SignIn)?;
    if principal.may_see_internal(reader.committee) {
        Ok(principal)
    } else {
        Err(Refusal::Forbidden)
    }
}

/// What a member sees on the topics page.
pub struct Overview {
    /// Every topic of meetings to come (the chair's triage board); empty for members.
    pub board: Vec<Topic>,
    /// The reader's own topics.
    pub mine: Vec<Topic>,
    pub manages: bool,
}

#[tracing::instrument(level = "debug", skip_all, fields(user = ?reader.user_id()), err(level = "debug"))]
pub async fn overview(db: &Db, reader: &Reader) -> Result<Overview, Refusal> {
    let principal = member(reader)?;
    let manages = principal.may_manage_committee(reader.committee);
    Ok(Overview {
        board: if manages {
            topics::board(db, reader.committee, now()).await?
        } else {
            Vec::new()
        },
        mine: topics::by_submitter(db, principal.user_id).await?,
        manages,
    })
}

/// One topic of the reader's committee, with what the reader may do with it.
pub struct TopicRead {
    pub topic: Topic,
    pub events: Vec<TopicEvent>,
    /// The submitter, while the topic is untriaged.
    pub may_edit: bool,
    pub manages: bool,
    /// Open topics of the committee this one could be merged into (for a chair, while this
    /// one is open).
    pub merge_targets: Vec<(i64, String)>,
}

#[tracing::instrument(level = "debug", skip_all, fields(topic = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn detail(db: &Db, reader: &Reader, id: i64) -> Result<TopicRead, Refusal> {
    let principal = member(reader)?;
    let topic = match topics::get(db, id).await {
        Ok(topic) if topic.committee_id == reader.committee => topic,
        Ok(_) | Err(StoreError::NotFound) => return Err(Refusal::NotFound),
        Err(other) => return Err(other.into()),
    };
    let manages = principal.may_manage_committee(reader.committee);
    let merge_targets = if manages && topic.state.is_open() {
        topics::board(db, reader.committee, now())
            .await?
            .into_iter()
            .filter(|t| {
                t.id != topic.id && matches!(t.state, TopicState::Submitted | TopicState::Accepted)
            })
            .map(|t| (t.id, t.title))
            .collect()
    } else {
        Vec::new()
    };
    Ok(TopicRead {
        events: topics::events(db, id).await?,
        may_edit: topic.state.is_open() && topic.submitted_by == principal.user_id,
        manages,
        merge_targets,
        topic,
    })
}

/// Resolves the meeting a topic is meant for: "next" is the next meeting members may still
/// submit to (none is fine: the topic waits without one). Refuses cancelled, begun or foreign
/// meetings, and a passed deadline for members — a chair may still add, and the topic is then
/// marked late. Returns the meeting and the late flag.
#[tracing::instrument(level = "debug", skip(db), ret(level = "debug"))]
pub async fn target_meeting(
    db: &Db,
    committee: i64,
    target: Target,
    manages: bool,
) -> Result<(Option<i64>, bool), Problem> {
    let now = now();
    match target {
        Target::Next => {
            let open = meetings::open_for_topics(db, committee, now)
                .await
                .map_err(|_| Problem::NotFound)?;
            Ok((
                open.iter().find(|s| s.deadline_at > now).map(|s| s.id),
                false,
            ))
        }
        Target::Meeting(id) => match meetings::get(db, id).await {
            Ok(s) if s.committee_id != committee => Err(Problem::NotFound),
            Ok(s) if !s.status.is_open() || s.starts_at <= now => Err(Problem::MeetingClosed),
            Ok(s) if s.deadline_at <= now && !manages => Err(Problem::DeadlinePassed),
            Ok(s) => Ok((Some(s.id), s.deadline_at <= now)),
            Err(_) => Err(Problem::NotFound),
        },
    }
}

/// The checked form and its meeting; a refusal keeps everything that was typed.
async fn checked(
    db: &Db,
    committee: i64,
    input: &TopicInput,
    manages: bool,
) -> Result<(TopicDraft, Option<i64>, bool), Refusal> {
    let draft = check_topic(input).map_err(Refusal::Invalid)?;
    match target_meeting(db, committee, draft.target, manages).await {
        Ok((meeting, late)) => Ok((draft, meeting, late)),
        Err(problem) => {
            let mut form = FormErrors::new();
            form.add("meeting", problem);
            Err(Refusal::Invalid(input.keep(form)))
        }
    }
}

/// Submits a topic for the reader's committee. Returns its number.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?reader.user_id()), err(level = "debug"))]
pub async fn submit(
    db: &Db,
    reader: &Reader,
    input: &TopicInput,
    actor: &Actor,
) -> Result<i64, Refusal> {
    let principal = member(reader)?;
    let manages = principal.may_manage_committee(reader.committee);
    let (draft, meeting, late) = checked(db, reader.committee, input, manages).await?;
    Ok(topics::create(db, reader.committee, &draft, meeting, late, actor).await?)
}

/// The topic and the person taking `action` on it, if the workflow lets them: `NotYours` when
/// it is not theirs to take, `Closed` when the topic has left triage (both as
/// [`StoreError::TopicRefused`], so the adapter names what was tried).
async fn acting(
    db: &Db,
    reader: &Reader,
    id: i64,
    action: TopicAction,
) -> Result<(Topic, Principal), Refusal> {
    let topic = topics::get(db, id).await.map_err(Refusal::about)?;
    let principal = reader.principal.as_ref().ok_or(Refusal::SignIn)?;
    if !principal.may_see_internal(topic.committee_id) {
        return Err(Refusal::Forbidden);
    }
    let role = TopicRole {
        submitter: topic.submitted_by == principal.user_id,
        chair: principal.may_manage_committee(topic.committee_id),
    };
    decide(topic.state, action, role).map_err(StoreError::TopicRefused)?;
    Ok((topic, principal.clone()))
}

/// The submitter's edit of their untriaged topic, at the version they saw.
#[tracing::instrument(level = "debug", skip_all, fields(topic = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn edit(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    input: &TopicInput,
    actor: &Actor,
) -> Result<(), Refusal> {
    let principal = member(reader)?;
    let manages = principal.may_manage_committee(reader.committee);
    let (topic, _) = acting(db, reader, id, TopicAction::Edit).await?;
    if topic.committee_id != reader.committee {
        return Err(Refusal::Forbidden);
    }
    let (draft, meeting, _) = checked(db, reader.committee, input, manages).await?;
    Ok(topics::update(db, id, version, &draft, meeting, actor).await?)
}

/// The submitter takes their untriaged topic back (confirmed: it cannot be undone).
#[tracing::instrument(level = "debug", skip_all, fields(topic = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn withdraw(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    confirm: bool,
    actor: &Actor,
) -> Result<(), Refusal> {
    member(reader)?;
    acting(db, reader, id, TopicAction::Withdraw).await?;
    confirmed(confirm)?;
    Ok(topics::withdraw(db, id, version, actor).await?)
}

/// The chair puts the topic on its meeting's agenda; a topic without a meeting is refused at
/// `accept`. Returns the agenda item's number.
#[tracing::instrument(level = "debug", skip_all, fields(topic = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn accept(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    actor: &Actor,
) -> Result<i64, Refusal> {
    let (topic, _) = acting(db, reader, id, TopicAction::Accept).await?;
    if topic.meeting.is_none() {
        return Err(Refusal::at("accept", Problem::NotFound));
    }
    Ok(topics::accept(db, id, version, actor).await?)
}

/// The chair moves the topic to another open meeting (`to`, as the form sends it), where it
/// waits for triage again.
#[tracing::instrument(level = "debug", skip_all, fields(topic = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn defer(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    to: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    let (topic, _) = acting(db, reader, id, TopicAction::Defer).await?;
    let current = topic.meeting.as_ref().map(|s| s.id);
    let resolved = match to.trim().parse::<i64>().ok() {
        Some(target) if Some(target) != current => {
            target_meeting(db, topic.committee_id, Target::Meeting(target), true).await
        }
        _ => Err(Problem::Required),
    };
    let to = match resolved {
        Ok((Some(to), _)) => to,
        Ok((None, _)) => return Err(Refusal::at("meeting", Problem::Required)),
        Err(problem) => return Err(Refusal::at("meeting", problem)),
    };
    Ok(topics::defer(db, id, version, to, actor).await?)
}

/// The chair refuses the topic with a reason the submitter reads (confirmed).
#[tracing::instrument(level = "debug", skip_all, fields(topic = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn reject(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    reason: &str,
    confirm: bool,
    actor: &Actor,
) -> Result<(), Refusal> {
    acting(db, reader, id, TopicAction::Reject).await?;
    let reason = required_text(reason, REASON_MAX).map_err(|p| Refusal::at("reason", p))?;
    confirmed(confirm)?;
    Ok(topics::reject(db, id, version, &reason, actor).await?)
}

/// The chair folds the topic into another of the same committee (`into`, as the form sends
/// it; confirmed).
#[tracing::instrument(level = "debug", skip_all, fields(topic = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn merge(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    into: &str,
    confirm: bool,
    actor: &Actor,
) -> Result<(), Refusal> {
    let (topic, _) = acting(db, reader, id, TopicAction::Merge).await?;
    let Some(target) = into.trim().parse::<i64>().ok().filter(|t| *t != id) else {
        return Err(Refusal::at("into", Problem::Required));
    };
    match topics::get(db, target).await {
        Ok(t) if t.committee_id == topic.committee_id => {}
        _ => return Err(Refusal::at("into", Problem::NotFound)),
    }
    confirmed(confirm)?;
    Ok(topics::merge(db, id, version, target, actor).await?)
}
