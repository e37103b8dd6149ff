//! The demand workflow as a typed machine: statuses, who may move a demand where
//! (`transition`, the one place that decides a demand's next status), and the checked input of a
//! move.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{REASON_MAX, REFERENCE_MAX};
use crate::domain::calendar::optional_text;
use crate::domain::form::{FormErrors, Problem, required_text};

/// Where a demand stands. `Draft` is seen only by its organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DemandStatus {
    Draft,
    Submitted,
    InReview,
    Accepted,
    InProgress,
    /// Handed to an external body (IT-Planungsrat, FITKO, a working group, a Land) with its
    /// reference and a date to follow up.
    Forwarded,
    Resolved,
    Declined,
    Merged,
    Withdrawn,
}

impl DemandStatus {
    pub const ALL: [Self; 10] = [
        Self::Draft,
        Self::Submitted,
        Self::InReview,
        Self::Accepted,
        Self::InProgress,
        Self::Forwarded,
        Self::Resolved,
        Self::Declined,
        Self::Merged,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::InReview => "in_review",
            Self::Accepted => "accepted",
            Self::InProgress => "in_progress",
            Self::Forwarded => "forwarded",
            Self::Resolved => "resolved",
            Self::Declined => "declined",
            Self::Merged => "merged",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Finished: nothing moves it any more and nobody co-signs it.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Self::Resolved | Self::Declined | Self::Merged | Self::Withdrawn
        )
    }

    /// Visible to others and open for co-signatures.
    pub fn is_active(self) -> bool {
        self != Self::Draft && !self.is_closed()
    }

    /// The raiser may still change the text (nobody has started working on it).
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::Submitted)
    }
}

/// The German name of a status, for texts stored in German (notifications, exports).
pub fn status_label(status: DemandStatus) -> &'static str {
    match status {
        DemandStatus::Draft => "Entwurf",
        DemandStatus::Submitted => "eingereicht",
        DemandStatus::InReview => "in Prüfung",
        DemandStatus::Accepted => "angenommen",
        DemandStatus::InProgress => "in Bearbeitung",
        DemandStatus::Forwarded => "weitergeleitet",
        DemandStatus::Resolved => "erledigt",
        DemandStatus::Declined => "abgelehnt",
        DemandStatus::Merged => "zusammengeführt",
        DemandStatus::Withdrawn => "zurückgezogen",
    }
}

/// In whose name a status change is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// A representative of the organization that raised the demand.
    Raiser,
    /// A chair of the committee (or an admin): runs the review.
    Chair,
    /// A decision of the committee, recorded in a meeting's minutes.
    Decision,
}

/// The transition table: whether `standing` may move a demand from `from` to `to`.
///
/// The raiser submits a draft and may withdraw it until it is accepted. The chair reviews,
/// accepts, declines, merges and follows the demand through its work. A decision of the
/// committee may set any of the outcomes a meeting decides on from any open status.
pub fn may_move(standing: Standing, from: DemandStatus, to: DemandStatus) -> bool {
    use DemandStatus as S;
    match standing {
        Standing::Raiser => matches!(
            (from, to),
            (S::Draft, S::Submitted) | (S::Submitted | S::InReview, S::Withdrawn)
        ),
        Standing::Chair => matches!(
            (from, to),
            (S::Submitted, S::InReview)
                | (S::Submitted | S::InReview, S::Accepted)
                | (S::Submitted | S::InReview | S::Accepted, S::Merged)
                | (
                    S::Submitted | S::InReview | S::Accepted | S::InProgress | S::Forwarded,
                    S::Declined
                )
                | (S::Accepted | S::Forwarded, S::InProgress)
                | (S::Accepted | S::InProgress, S::Forwarded)
                | (S::Accepted | S::InProgress | S::Forwarded, S::Resolved)
        ),
        Standing::Decision => {
            from.is_active()
                && from != to
                && matches!(
                    to,
                    S::Accepted | S::InProgress | S::Forwarded | S::Resolved | S::Declined
                )
        }
    }
}

/// A status change the workflow refuses, with what was tried: the message names both statuses
/// ("Ein Bedarf im Status „erledigt“ kann nicht auf „angenommen“ gesetzt werden").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRefused {
    pub from: DemandStatus,
    pub to: DemandStatus,
}

impl std::fmt::Display for MoveRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a demand cannot move from {} to {}",
            self.from.as_str(),
            self.to.as_str()
        )
    }
}

/// The demand workflow's one transition: the new status, or the refusal that says what was
/// tried. Every status change — the raiser's, the chair's, a decision's — goes through here.
pub fn transition(
    standing: Standing,
    from: DemandStatus,
    to: DemandStatus,
) -> Result<DemandStatus, MoveRefused> {
    if may_move(standing, from, to) {
        Ok(to)
    } else {
        Err(MoveRefused { from, to })
    }
}

/// The statuses a standing may move a demand to from `from`, in workflow order.
pub fn next_statuses(standing: Standing, from: DemandStatus) -> Vec<DemandStatus> {
    DemandStatus::ALL
        .into_iter()
        .filter(|to| may_move(standing, from, *to))
        .collect()
}

/// A status change as typed (the chair's form, or the demand part of a decision).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionInput {
    pub to: String,
    pub comment: String,
    /// Forwarded: the body it goes to. (The fields of one target status are absent from the
    /// form when another is chosen.)
    #[serde(default)]
    pub body: String,
    /// Forwarded: that body's reference (Aktenzeichen).
    #[serde(default)]
    pub reference: String,
    /// Forwarded: when to ask again (YYYY-MM-DD).
    #[serde(default)]
    pub follow_up: String,
    /// Declined: why.
    #[serde(default)]
    pub reason: String,
    /// Merged: the demand it goes into.
    #[serde(default)]
    pub merge_into: String,
}

/// A checked status change with what its target status requires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub to: DemandStatus,
    pub comment: Option<String>,
    pub body: Option<String>,
    pub reference: Option<String>,
    pub follow_up: Option<NaiveDate>,
    pub reason: Option<String>,
    pub merge_into: Option<i64>,
}

impl TransitionInput {
    /// Checks the fields the target status needs: forwarded needs body, reference and a
    /// follow-up date not in the past; declined a reason; merged the other demand.
    pub fn check(&self, today: NaiveDate) -> Result<Transition, FormErrors> {
        let mut errors = FormErrors::new();
        let to = errors.check(
            "to",
            DemandStatus::parse(self.to.trim()).ok_or(Problem::Required),
        );
        let comment = errors.check("comment", optional_text(&self.comment, REASON_MAX));
        let (mut body, mut reference, mut follow_up, mut reason, mut merge_into) =
            (None, None, None, None, None);
        match to {
            Some(DemandStatus::Forwarded) => {
                body = errors.check("body", required_text(&self.body, REFERENCE_MAX));
                reference =
                    errors.check("reference", required_text(&self.reference, REFERENCE_MAX));
                follow_up = errors.check(
                    "follow_up",
                    match NaiveDate::parse_from_str(self.follow_up.trim(), "%Y-%m-%d") {
                        Err(_) if self.follow_up.trim().is_empty() => Err(Problem::Required),
                        Err(_) => Err(Problem::InvalidDate),
                        Ok(date) if date < today => Err(Problem::InPast),
                        Ok(date) => Ok(date),
                    },
                );
            }
            Some(DemandStatus::Declined) => {
                reason = errors.check("reason", required_text(&self.reason, REASON_MAX));
            }
            Some(DemandStatus::Merged) => {
                merge_into = errors.check(
                    "merge_into",
                    match self.merge_into.trim() {
                        "" => Err(Problem::Required),
                        text => text
                            .trim_start_matches('#')
                            .parse::<i64>()
                            .map_err(|_| Problem::NotFound),
                    },
                );
            }
            _ => {}
        }
        match (to, comment) {
            (Some(to), Some(comment)) if errors.is_empty() => Ok(Transition {
                to,
                comment,
                body,
                reference,
                follow_up,
                reason,
                merge_into,
            }),
            _ => Err(self.keep(errors)),
        }
    }

    pub fn keep(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("to", &self.to)
            .keep("comment", &self.comment)
            .keep("body", &self.body)
            .keep("reference", &self.reference)
            .keep("follow_up", &self.follow_up)
            .keep("reason", &self.reason)
            .keep("merge_into", &self.merge_into)
    }
}
