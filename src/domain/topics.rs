//! Topics (Themen): what members bring to a meeting, from submission through the chair's triage
//! (accept, defer, reject, merge) to an agenda item. No I/O here.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::calendar::{optional_text, parse_url};
use super::form::{FormErrors, Problem, required_text};

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const PRESENTER_MAX: usize = 200;
pub const REASON_MAX: usize = 2_000;
/// Attachments are links, one per line.
pub const LINKS_MAX: usize = 20;
/// A whole meeting day.
pub const MINUTES_MAX: u32 = 480;

/// Where a topic stands in triage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TopicState {
    /// Waiting for the chair; the submitter may still edit or withdraw it.
    Submitted,
    /// On the agenda of its meeting.
    Accepted,
    /// Refused, with a reason the submitter sees.
    Rejected,
    /// Folded into another topic.
    Merged,
    /// Taken back by the submitter.
    Withdrawn,
}

impl TopicState {
    pub const ALL: [Self; 5] = [
        Self::Submitted,
        Self::Accepted,
        Self::Rejected,
        Self::Merged,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Merged => "merged",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Only untriaged topics can be edited, withdrawn or triaged.
    pub fn is_open(self) -> bool {
        self == Self::Submitted
    }
}

/// What someone does to a topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TopicAction {
    Edit,
    Withdraw,
    Accept,
    Defer,
    Reject,
    Merge,
}

impl TopicAction {
    pub const ALL: [Self; 6] = [
        Self::Edit,
        Self::Withdraw,
        Self::Accept,
        Self::Defer,
        Self::Reject,
        Self::Merge,
    ];
}

/// How the person acting stands to a topic: its submitter edits and withdraws it, a chair of
/// its committee triages it (one person can be both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TopicRole {
    pub submitter: bool,
    pub chair: bool,
}

/// Why the topic workflow refuses an action, with what was tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TopicRefused {
    /// Only the submitter edits or withdraws; only a chair triages.
    NotYours(TopicAction),
    /// The topic left triage ("Ein Thema im Status „angenommen“ kann nicht mehr zurückgezogen
    /// werden").
    Closed {
        state: TopicState,
        action: TopicAction,
    },
}

impl std::fmt::Display for TopicRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotYours(action) => write!(f, "not permitted to {action:?} this topic"),
            Self::Closed { state, action } => {
                write!(f, "a topic in state {} cannot {action:?}", state.as_str())
            }
        }
    }
}

/// The topic workflow's one transition, for the state alone: the state after `action`. Every
/// change of a topic goes through here, inside the transaction that makes it.
pub fn transition(state: TopicState, action: TopicAction) -> Result<TopicState, TopicRefused> {
    if !state.is_open() {
        return Err(TopicRefused::Closed { state, action });
    }
    Ok(match action {
        TopicAction::Edit | TopicAction::Defer => TopicState::Submitted,
        TopicAction::Withdraw => TopicState::Withdrawn,
        TopicAction::Accept => TopicState::Accepted,
        TopicAction::Reject => TopicState::Rejected,
        TopicAction::Merge => TopicState::Merged,
    })
}

/// Whether `role` may take `action` at all, whatever the state.
pub fn permitted(role: TopicRole, action: TopicAction) -> bool {
    match action {
        TopicAction::Edit | TopicAction::Withdraw => role.submitter,
        TopicAction::Accept | TopicAction::Defer | TopicAction::Reject | TopicAction::Merge => {
            role.chair
        }
    }
}

/// The whole decision for one person: permission first, then the state.
pub fn decide(
    state: TopicState,
    action: TopicAction,
    role: TopicRole,
) -> Result<TopicState, TopicRefused> {
    if !permitted(role, action) {
        return Err(TopicRefused::NotYours(action));
    }
    transition(state, action)
}

/// One entry in a topic's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TopicEventKind {
    Submitted,
    Edited,
    Withdrawn,
    Accepted,
    Deferred,
    Rejected,
    Merged,
    /// Moved on to the next meeting because it was not dealt with (vertagt).
    Retabled,
}

impl TopicEventKind {
    pub const ALL: [Self; 8] = [
        Self::Submitted,
        Self::Edited,
        Self::Withdrawn,
        Self::Accepted,
        Self::Deferred,
        Self::Rejected,
        Self::Merged,
        Self::Retabled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Edited => "edited",
            Self::Withdrawn => "withdrawn",
            Self::Accepted => "accepted",
            Self::Deferred => "deferred",
            Self::Rejected => "rejected",
            Self::Merged => "merged",
            Self::Retabled => "retabled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// The meeting a topic is for, as lists show it (local time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRef {
    pub id: i64,
    pub title: String,
    pub starts: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: i64,
    pub committee_id: i64,
    /// None: for the next possible meeting, none of which is planned yet.
    pub meeting: Option<MeetingRef>,
    pub title: String,
    /// Markdown as typed.
    pub description: String,
    pub presenter: Option<String>,
    pub minutes: u32,
    pub public: bool,
    pub links: Vec<String>,
    pub state: TopicState,
    /// Added by the chair after the meeting's deadline.
    pub late: bool,
    /// Moved on from an earlier meeting where it was not dealt with.
    pub retabled: bool,
    pub reject_reason: Option<String>,
    pub merged_into: Option<i64>,
    pub submitted_by: i64,
    pub submitter_name: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicEvent {
    pub at: DateTime<Utc>,
    /// `at` in German time, for display (the browser carries no time-zone tables).
    pub at_local: NaiveDateTime,
    pub actor: String,
    pub kind: TopicEventKind,
    /// The meeting the event concerns (the new one for a deferral or re-tabling).
    pub meeting: Option<MeetingRef>,
    pub note: Option<String>,
}

/// Which meeting a topic is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// The next meeting whose deadline has not passed.
    Next,
    Meeting(i64),
}

/// What the topic form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicInput {
    pub title: String,
    pub description: String,
    /// "next" or a meeting id.
    pub meeting: String,
    pub presenter: String,
    pub minutes: String,
    #[serde(default, deserialize_with = "crate::domain::form::checkbox")]
    pub public: bool,
    /// One link per line.
    pub links: String,
}

impl TopicInput {
    /// The refused form with everything the user typed.
    pub fn keep(&self, form: FormErrors) -> FormErrors {
        form.keep("title", &self.title)
            .keep("description", &self.description)
            .keep("meeting", &self.meeting)
            .keep("presenter", &self.presenter)
            .keep("minutes", &self.minutes)
            .keep("public", if self.public { "on" } else { "" })
            .keep("links", &self.links)
    }
}

/// A checked topic, ready to be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicDraft {
    pub title: String,
    pub description: String,
    pub target: Target,
    pub presenter: Option<String>,
    pub minutes: u32,
    pub public: bool,
    pub links: Vec<String>,
}

/// Minutes for an item: a whole number from 1 to a day.
pub fn parse_minutes(value: &str) -> Result<u32, Problem> {
    match value.trim().parse::<u32>() {
        Ok(m @ 1..=MINUTES_MAX) => Ok(m),
        _ => Err(Problem::InvalidNumber),
    }
}

/// Links, one per line; blank lines are ignored.
pub fn parse_links(value: &str) -> Result<Vec<String>, Problem> {
    let mut links = Vec::new();
    for line in value.lines().map(str::trim).filter(|l| !l.is_empty()) {
        links.push(parse_url(line)?.ok_or(Problem::InvalidUrl)?);
    }
    if links.len() > LINKS_MAX {
        return Err(Problem::TooLong);
    }
    Ok(links)
}

/// Checks the topic form; every refused field is reported at once with the input kept.
pub fn check_topic(input: &TopicInput) -> Result<TopicDraft, FormErrors> {
    let mut form = FormErrors::new();
    let title = form.check("title", required_text(&input.title, TITLE_MAX));
    let description = input.description.trim().to_owned();
    if description.chars().count() > DESCRIPTION_MAX {
        form.add("description", Problem::TooLong);
    }
    let target = form.check(
        "meeting",
        match input.meeting.trim() {
            "" | "next" => Ok(Target::Next),
            id => id
                .parse::<i64>()
                .map(Target::Meeting)
                .map_err(|_| Problem::Required),
        },
    );
    let presenter = form
        .check("presenter", optional_text(&input.presenter, PRESENTER_MAX))
        .flatten();
    let minutes = form.check("minutes", parse_minutes(&input.minutes));
    let links = form.check("links", parse_links(&input.links));
    match (title, target, minutes, links) {
        (Some(title), Some(target), Some(minutes), Some(links)) if form.is_empty() => {
            Ok(TopicDraft {
                title,
                description,
                target,
                presenter,
                minutes,
                public: input.public,
                links,
            })
        }
        _ => Err(input.keep(form)),
    }
}

/// Whether a member may still submit to a meeting: before its deadline, and the meeting open.
pub fn accepts_submissions(deadline: NaiveDateTime, now: NaiveDateTime) -> bool {
    now < deadline
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state × action × role: the submitter edits and withdraws, a chair triages, and
    /// only an untriaged topic changes.
    #[test]
    fn the_topic_workflow_over_every_state_action_and_role() {
        let roles = [(false, false), (true, false), (false, true), (true, true)]
            .map(|(submitter, chair)| TopicRole { submitter, chair });
        let mut checked = 0;
        for state in TopicState::ALL {
            for action in TopicAction::ALL {
                for role in roles {
                    let by_submitter = matches!(action, TopicAction::Edit | TopicAction::Withdraw);
                    let expected =
                        if (by_submitter && !role.submitter) || (!by_submitter && !role.chair) {
                            Err(TopicRefused::NotYours(action))
                        } else if state != TopicState::Submitted {
                            Err(TopicRefused::Closed { state, action })
                        } else {
                            Ok(match action {
                                TopicAction::Edit | TopicAction::Defer => TopicState::Submitted,
                                TopicAction::Withdraw => TopicState::Withdrawn,
                                TopicAction::Accept => TopicState::Accepted,
                                TopicAction::Reject => TopicState::Rejected,
                                TopicAction::Merge => TopicState::Merged,
                            })
                        };
                    assert_eq!(
                        decide(state, action, role),
                        expected,
                        "{state:?} {action:?} {role:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 5 * 6 * 4);
    }

    fn input() -> TopicInput {
        TopicInput {
            title: "Schnittstelle XÖV".into(),
            description: "Wir brauchen **eine** Schnittstelle.".into(),
            meeting: "next".into(),
            presenter: "Kiel".into(),
            minutes: "20".into(),
            public: true,
            links: "https://example.org/a\n\nhttps://example.org/b\n".into(),
        }
    }

    #[test]
    fn a_complete_topic_is_accepted() {
        let draft = check_topic(&input()).expect("valid");
        assert_eq!(draft.target, Target::Next);
        assert_eq!(draft.minutes, 20);
        assert_eq!(draft.links.len(), 2);
        assert_eq!(draft.presenter.as_deref(), Some("Kiel"));
    }

    #[test]
    fn every_bad_field_is_reported_with_the_input_kept() {
        let bad = TopicInput {
            title: "   ".into(),
            description: "x".repeat(DESCRIPTION_MAX + 1),
            meeting: "morgen".into(),
            presenter: "p".repeat(PRESENTER_MAX + 1),
            minutes: "0".into(),
            public: false,
            links: "javascript:alert(1)".into(),
        };
        let form = check_topic(&bad).expect_err("refused");
        for (field, problem) in [
            ("title", Problem::Required),
            ("description", Problem::TooLong),
            ("meeting", Problem::Required),
            ("presenter", Problem::TooLong),
            ("minutes", Problem::InvalidNumber),
            ("links", Problem::InvalidUrl),
        ] {
            assert_eq!(form.problem(field), Some(problem), "{field}");
        }
        assert_eq!(form.value("links"), Some("javascript:alert(1)"));
        assert_eq!(form.value("minutes"), Some("0"));
    }

    #[test]
    fn minutes_are_bounded() {
        assert_eq!(parse_minutes(" 480 "), Ok(480));
        assert_eq!(parse_minutes("481"), Err(Problem::InvalidNumber));
        assert_eq!(parse_minutes("zehn"), Err(Problem::InvalidNumber));
    }

    #[test]
    fn states_and_events_round_trip() {
        for s in TopicState::ALL {
            assert_eq!(TopicState::parse(s.as_str()), Some(s));
        }
        for k in TopicEventKind::ALL {
            assert_eq!(TopicEventKind::parse(k.as_str()), Some(k));
        }
        assert!(TopicState::Submitted.is_open());
        assert!(!TopicState::Accepted.is_open());
    }
}
