//! A meeting's lifecycle as a typed machine: its status and which actions each status allows.

use serde::{Deserialize, Serialize};

/// planned → invited (agenda published) → in progress → held → minutes approved; a meeting that
/// has not begun can be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    Invited,
    InProgress,
    Held,
    MinutesApproved,
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [Self; 6] = [
        Self::Planned,
        Self::Invited,
        Self::InProgress,
        Self::Held,
        Self::MinutesApproved,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Invited => "invited",
            Self::InProgress => "in_progress",
            Self::Held => "held",
            Self::MinutesApproved => "minutes_approved",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The statuses this one may move to. Steps go forward one at a time (a meeting can be
    /// held without a published agenda); only a meeting that has not begun can be cancelled.
    pub fn next(self) -> &'static [Self] {
        match self {
            Self::Planned => &[Self::Invited, Self::InProgress, Self::Held, Self::Cancelled],
            Self::Invited => &[Self::InProgress, Self::Held, Self::Cancelled],
            Self::InProgress => &[Self::Held],
            Self::Held => &[Self::MinutesApproved],
            Self::MinutesApproved | Self::Cancelled => &[],
        }
    }

    pub fn may_become(self, next: Self) -> bool {
        self.next().contains(&next)
    }

    /// Whether the date, place or link may still change.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Planned | Self::Invited)
    }
}

/// What a chair does to a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingAction {
    /// A new date and time.
    Reschedule,
    /// Format, video link and place.
    ChangePlace,
    Cancel,
    /// One step along the status path (planned → invited → in progress → held → minutes
    /// approved).
    Advance(MeetingStatus),
}

/// A change the meeting lifecycle refuses, with what was tried ("Eine Sitzung im Status
/// „abgehalten“ kann nicht mehr verlegt werden").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRefused {
    pub status: MeetingStatus,
    pub action: MeetingAction,
}

impl std::fmt::Display for MeetingRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a meeting with status {} cannot take {:?}",
            self.status.as_str(),
            self.action
        )
    }
}

/// The meeting lifecycle's one transition: the status after `action`, or the refusal. Date,
/// place and link change only before the meeting begins; cancelling is a step of its own.
pub fn transition(
    status: MeetingStatus,
    action: MeetingAction,
) -> Result<MeetingStatus, MeetingRefused> {
    let allowed = match action {
        MeetingAction::Reschedule | MeetingAction::ChangePlace => status.is_open(),
        MeetingAction::Cancel => status.may_become(MeetingStatus::Cancelled),
        MeetingAction::Advance(MeetingStatus::Cancelled) => false,
        MeetingAction::Advance(next) => status.may_become(next),
    };
    match (allowed, action) {
        (false, _) => Err(MeetingRefused { status, action }),
        (true, MeetingAction::Reschedule | MeetingAction::ChangePlace) => Ok(status),
        (true, MeetingAction::Cancel) => Ok(MeetingStatus::Cancelled),
        (true, MeetingAction::Advance(next)) => Ok(next),
    }
}
