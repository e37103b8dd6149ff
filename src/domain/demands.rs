//! Demands (Bedarfe): an IT need raised once by an organization, co-signed by every other
//! organization that shares it, and carried through the committee to a result. The status
//! workflow and who may move it live here; every move is a timeline entry. No I/O here.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::Principal;
use super::calendar::optional_text;
use super::form::{FormErrors, Problem, required_text};
use super::organization::{Designation, OrganizationKind};
use super::topics::parse_links;

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 10_000;
pub const TAGS_MAX: usize = 12;
pub const TAG_MAX: usize = 60;
pub const REASON_MAX: usize = 2_000;
pub const REFERENCE_MAX: usize = 200;

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
    /// A decision of the committee, recorded in a session's minutes.
    Decision,
}

/// The transition table: whether `standing` may move a demand from `from` to `to`.
///
/// The raiser submits a draft and may withdraw it until it is accepted. The chair reviews,
/// accepts, declines, merges and follows the demand through its work. A decision of the
/// committee may set any of the outcomes a session decides on from any open status.
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Low,
    Normal,
    High,
}

impl Urgency {
    pub const ALL: [Self; 3] = [Self::Low, Self::Normal, Self::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == value)
    }
}

/// How co-signatures are broken down: the register's kinds as people name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrgClass {
    Kreis,
    Stadt,
    Gemeinde,
    /// Länder, associations, bodies and providers.
    Other,
}

impl OrgClass {
    pub const ALL: [Self; 4] = [Self::Kreis, Self::Stadt, Self::Gemeinde, Self::Other];

    /// A kreisfreie Stadt counts as a Stadt, although the register files it as a Kreis.
    pub fn of(kind: OrganizationKind, designation: Option<Designation>) -> Self {
        let code = designation.map(|d| d.0);
        match kind {
            OrganizationKind::Kreis if matches!(code, Some(41 | 42)) => Self::Stadt,
            OrganizationKind::Kreis => Self::Kreis,
            OrganizationKind::Gemeinde if matches!(code, Some(61 | 62 | 63 | 67)) => Self::Stadt,
            OrganizationKind::Gemeinde | OrganizationKind::Gemeindeverband => Self::Gemeinde,
            _ => Self::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kreis => "kreis",
            Self::Stadt => "stadt",
            Self::Gemeinde => "gemeinde",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// The demand form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandInput {
    pub title: String,
    pub problem: String,
    pub outcome: String,
    pub category: String,
    pub tags: String,
    pub urgency: String,
    pub links: String,
    pub public: bool,
}

/// A checked demand text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandDraft {
    pub title: String,
    pub problem: String,
    pub outcome: String,
    pub category_id: i64,
    pub tags: Vec<String>,
    pub urgency: Urgency,
    pub links: Vec<String>,
    pub public: bool,
}

fn long_text(value: &str) -> Result<String, Problem> {
    let value = value.trim();
    if value.is_empty() {
        Err(Problem::Required)
    } else if value.chars().count() > TEXT_MAX {
        Err(Problem::TooLong)
    } else {
        Ok(value.replace("\r\n", "\n"))
    }
}

/// Free tags, separated by commas or new lines; duplicates (ignoring case) dropped.
pub fn parse_tags(value: &str) -> Result<Vec<String>, Problem> {
    let mut tags: Vec<String> = Vec::new();
    for tag in value.split([',', '\n', ';']).map(str::trim) {
        if tag.is_empty() || tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            continue;
        }
        if tag.chars().count() > TAG_MAX {
            return Err(Problem::TooLong);
        }
        tags.push(tag.to_owned());
    }
    if tags.len() > TAGS_MAX {
        return Err(Problem::TooLong);
    }
    Ok(tags)
}

impl DemandInput {
    /// Checks every field against the known category ids; errors keep what was typed.
    pub fn check(&self, categories: &[i64]) -> Result<DemandDraft, FormErrors> {
        let mut errors = FormErrors::new();
        let title = errors.check("title", required_text(&self.title, TITLE_MAX));
        let problem = errors.check("problem", long_text(&self.problem));
        let outcome = errors.check("outcome", long_text(&self.outcome));
        let category = errors.check(
            "category",
            self.category
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|id| categories.contains(id))
                .ok_or(Problem::Required),
        );
        let tags = errors.check("tags", parse_tags(&self.tags));
        let urgency = errors.check(
            "urgency",
            Urgency::parse(self.urgency.trim()).ok_or(Problem::Required),
        );
        let links = errors.check("links", parse_links(&self.links));
        match (title, problem, outcome, category, tags, urgency, links) {
            (
                Some(title),
                Some(problem),
                Some(outcome),
                Some(category_id),
                Some(tags),
                Some(urgency),
                Some(links),
            ) => Ok(DemandDraft {
                title,
                problem,
                outcome,
                category_id,
                tags,
                urgency,
                links,
                public: self.public,
            }),
            _ => Err(self.keep(errors)),
        }
    }

    pub fn keep(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("title", &self.title)
            .keep("problem", &self.problem)
            .keep("outcome", &self.outcome)
            .keep("category", &self.category)
            .keep("tags", &self.tags)
            .keep("urgency", &self.urgency)
            .keep("links", &self.links)
            .keep("public", if self.public { "on" } else { "" })
    }
}

/// A status change as typed (the chair's form, or the demand part of a decision).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionInput {
    pub to: String,
    pub comment: String,
    /// Forwarded: the body it goes to.
    pub body: String,
    /// Forwarded: that body's reference (Aktenzeichen).
    pub reference: String,
    /// Forwarded: when to ask again (YYYY-MM-DD).
    pub follow_up: String,
    /// Declined: why.
    pub reason: String,
    /// Merged: the demand it goes into.
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub name: String,
}

/// One demand as lists and its page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demand {
    pub id: i64,
    pub title: String,
    pub problem: String,
    pub outcome: String,
    pub category: Category,
    pub tags: Vec<String>,
    pub urgency: Urgency,
    pub links: Vec<String>,
    pub public: bool,
    pub status: DemandStatus,
    pub organization_id: i64,
    pub organization_name: String,
    pub raised_by: i64,
    pub raiser_name: String,
    /// Organizations that co-signed (the raiser not counted).
    pub cosignatures: i64,
    pub forwarded_to: Option<String>,
    pub reference: Option<String>,
    pub follow_up: Option<NaiveDate>,
    pub decline_reason: Option<String>,
    pub merged_into: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `created_at` in German local time, for display.
    pub created_local: NaiveDateTime,
}

impl Demand {
    /// Forwarded and the follow-up date has come: the chair should ask the body again.
    pub fn follow_up_due(&self, today: NaiveDate) -> bool {
        self.status == DemandStatus::Forwarded && self.follow_up.is_some_and(|d| d <= today)
    }
}

/// One co-signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cosignature {
    pub organization_id: i64,
    pub organization_name: String,
    pub land_name: Option<String>,
    pub class: OrgClass,
    pub reason: String,
    pub signer_name: String,
    pub at: DateTime<Utc>,
}

/// Co-signatures counted by Land and by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// (Land, count), most first; `None` for organizations outside the register.
    pub by_land: Vec<(Option<String>, i64)>,
    pub by_class: Vec<(OrgClass, i64)>,
}

impl Breakdown {
    pub fn of(signatures: &[Cosignature]) -> Self {
        let mut by_land: Vec<(Option<String>, i64)> = Vec::new();
        let mut by_class: Vec<(OrgClass, i64)> = Vec::new();
        for s in signatures {
            match by_land.iter_mut().find(|(l, _)| *l == s.land_name) {
                Some((_, n)) => *n += 1,
                None => by_land.push((s.land_name.clone(), 1)),
            }
            match by_class.iter_mut().find(|(c, _)| *c == s.class) {
                Some((_, n)) => *n += 1,
                None => by_class.push((s.class, 1)),
            }
        }
        by_land.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        by_class.sort();
        Self { by_land, by_class }
    }
}

/// What a timeline entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Raised,
    Edited,
    Status,
    Cosigned,
    CosignWithdrawn,
    /// Another demand was merged into this one.
    MergedIn,
    /// Raised as a topic for a session.
    Topic,
    /// A decision of a session named this demand.
    Decision,
}

impl EventKind {
    pub const ALL: [Self; 8] = [
        Self::Raised,
        Self::Edited,
        Self::Status,
        Self::Cosigned,
        Self::CosignWithdrawn,
        Self::MergedIn,
        Self::Topic,
        Self::Decision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Raised => "raised",
            Self::Edited => "edited",
            Self::Status => "status",
            Self::Cosigned => "cosigned",
            Self::CosignWithdrawn => "cosign_withdrawn",
            Self::MergedIn => "merged_in",
            Self::Topic => "topic",
            Self::Decision => "decision",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// One timeline entry: who, when, from → to, and what it refers to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandEvent {
    pub at: DateTime<Utc>,
    pub at_local: NaiveDateTime,
    pub actor: String,
    pub kind: EventKind,
    pub from: Option<DemandStatus>,
    pub to: Option<DemandStatus>,
    pub comment: Option<String>,
    /// The organization that co-signed or withdrew.
    pub organization: Option<String>,
    /// The session (and its title) of a topic or decision entry.
    pub session: Option<(i64, String)>,
    /// The decision's id and number ("2026-11/3").
    pub decision: Option<(i64, String)>,
    /// The other demand of a merge.
    pub other_demand: Option<i64>,
}

/// A demand suggested while someone types a new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Similar {
    pub id: i64,
    pub title: String,
    pub status: DemandStatus,
    pub cosignatures: i64,
    /// The latest session whose decision named it: "already decided in session X".
    pub decided_in: Option<(i64, String)>,
}

/// A change on the dashboard: which demand, and the timeline entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub demand_id: i64,
    pub title: String,
    pub event: DemandEvent,
}

/// An organization's dashboard ("Unsere Bedarfe").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub raised: Vec<Demand>,
    pub cosigned: Vec<Demand>,
    /// Timeline entries of those demands since the reader's last visit, newest first.
    pub changes: Vec<Change>,
    pub last_visit: Option<DateTime<Utc>>,
}

/// A demand on a session's agenda (raised as the topic of an item).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDemand {
    pub item_id: i64,
    pub demand_id: i64,
    pub title: String,
    pub status: DemandStatus,
}

/// Filters of the demand list; every one travels in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandFilter {
    pub query: Option<String>,
    pub status: Option<DemandStatus>,
    pub category_id: Option<i64>,
    pub land_id: Option<i64>,
    pub class: Option<OrgClass>,
    /// Raised or co-signed by this organization.
    pub organization_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub sort: DemandSort,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DemandSort {
    /// Newest first.
    #[default]
    Recent,
    /// Most co-signatures first.
    Support,
    /// Best match first (only with a search text).
    Relevance,
}

impl DemandSort {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recent => "neu",
            Self::Support => "unterstuetzung",
            Self::Relevance => "relevanz",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Recent, Self::Support, Self::Relevance]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// Who sees a demand: public ones everybody once submitted; internal ones committee members,
/// chairs and admins; drafts only the raising organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visibility {
    pub internal: bool,
    pub organization_id: Option<i64>,
}

impl Visibility {
    /// What `principal` (None: the public) sees of the demands of `committee`.
    pub fn of(principal: Option<&Principal>, committee: i64) -> Self {
        Self {
            internal: principal.is_some_and(|p| p.may_see_internal(committee)),
            organization_id: principal.and_then(|p| p.organization.as_ref().map(|o| o.id)),
        }
    }

    pub fn sees(&self, demand: &Demand) -> bool {
        let own = self.organization_id == Some(demand.organization_id);
        if demand.status == DemandStatus::Draft {
            own
        } else {
            demand.public || self.internal || own
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DemandStatus as S;

    #[test]
    fn transition_table_per_standing() {
        // The raiser: submit a draft, withdraw until accepted; nothing else.
        assert!(may_move(Standing::Raiser, S::Draft, S::Submitted));
        assert!(may_move(Standing::Raiser, S::InReview, S::Withdrawn));
        assert!(!may_move(Standing::Raiser, S::Accepted, S::Withdrawn));
        assert!(!may_move(Standing::Raiser, S::Submitted, S::Accepted));
        assert!(!may_move(Standing::Raiser, S::Forwarded, S::Resolved));
        // The chair: the review and the work, never a draft or a closed demand.
        assert!(may_move(Standing::Chair, S::Submitted, S::InReview));
        assert!(may_move(Standing::Chair, S::InReview, S::Accepted));
        assert!(may_move(Standing::Chair, S::Accepted, S::Forwarded));
        assert!(may_move(Standing::Chair, S::Forwarded, S::Resolved));
        assert!(!may_move(Standing::Chair, S::Draft, S::Submitted));
        assert!(!may_move(Standing::Chair, S::Submitted, S::Withdrawn));
        assert!(!may_move(Standing::Chair, S::Submitted, S::Forwarded));
        for closed in [S::Resolved, S::Declined, S::Merged, S::Withdrawn] {
            for to in DemandStatus::ALL {
                for standing in [Standing::Raiser, Standing::Chair, Standing::Decision] {
                    assert!(!may_move(standing, closed, to), "{closed:?} → {to:?}");
                }
            }
        }
        // A decision: any outcome from any open status, but not merge or withdraw.
        assert!(may_move(Standing::Decision, S::Submitted, S::Forwarded));
        assert!(!may_move(Standing::Decision, S::Draft, S::Accepted));
        assert!(!may_move(Standing::Decision, S::Accepted, S::Accepted));
        assert!(!may_move(Standing::Decision, S::Accepted, S::Merged));
        assert_eq!(
            next_statuses(Standing::Chair, S::Submitted),
            vec![S::InReview, S::Accepted, S::Declined, S::Merged]
        );
    }

    /// Every (standing × from × to) against the workflow as written down in DESIGN.md: a
    /// change is allowed exactly when it is in this list.
    #[test]
    fn every_status_change_is_allowed_exactly_when_the_workflow_lists_it() {
        let active = [
            S::Submitted,
            S::InReview,
            S::Accepted,
            S::InProgress,
            S::Forwarded,
        ];
        let outcomes = [
            S::Accepted,
            S::InProgress,
            S::Forwarded,
            S::Resolved,
            S::Declined,
        ];
        let mut allowed: Vec<(Standing, S, S)> = vec![
            (Standing::Raiser, S::Draft, S::Submitted),
            (Standing::Raiser, S::Submitted, S::Withdrawn),
            (Standing::Raiser, S::InReview, S::Withdrawn),
            (Standing::Chair, S::Submitted, S::InReview),
            (Standing::Chair, S::Submitted, S::Accepted),
            (Standing::Chair, S::InReview, S::Accepted),
            (Standing::Chair, S::Submitted, S::Merged),
            (Standing::Chair, S::InReview, S::Merged),
            (Standing::Chair, S::Accepted, S::Merged),
            (Standing::Chair, S::Accepted, S::InProgress),
            (Standing::Chair, S::Forwarded, S::InProgress),
            (Standing::Chair, S::Accepted, S::Forwarded),
            (Standing::Chair, S::InProgress, S::Forwarded),
            (Standing::Chair, S::Accepted, S::Resolved),
            (Standing::Chair, S::InProgress, S::Resolved),
            (Standing::Chair, S::Forwarded, S::Resolved),
        ];
        for from in active {
            allowed.push((Standing::Chair, from, S::Declined));
            for to in outcomes.into_iter().filter(|to| *to != from) {
                allowed.push((Standing::Decision, from, to));
            }
        }
        let mut checked = 0;
        for standing in [Standing::Raiser, Standing::Chair, Standing::Decision] {
            for from in DemandStatus::ALL {
                for to in DemandStatus::ALL {
                    let expected = allowed.contains(&(standing, from, to));
                    let result = transition(standing, from, to);
                    assert_eq!(
                        result,
                        if expected {
                            Ok(to)
                        } else {
                            Err(MoveRefused { from, to })
                        },
                        "{standing:?}: {from:?} → {to:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(
            checked,
            3 * DemandStatus::ALL.len() * DemandStatus::ALL.len()
        );
        assert_eq!(
            MoveRefused {
                from: S::Resolved,
                to: S::Accepted
            }
            .to_string(),
            "a demand cannot move from resolved to accepted"
        );
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn forwarding_needs_body_reference_and_a_future_date() {
        let input = TransitionInput {
            to: "forwarded".into(),
            follow_up: "2026-11-01".into(),
            ..Default::default()
        };
        let errors = input.check(today()).unwrap_err();
        assert_eq!(errors.problem("body"), Some(Problem::Required));
        assert_eq!(errors.problem("reference"), Some(Problem::Required));
        assert_eq!(errors.problem("follow_up"), Some(Problem::InPast));
        assert_eq!(errors.value("follow_up"), Some("2026-11-01"));
        let ok = TransitionInput {
            to: "forwarded".into(),
            body: "IT-Planungsrat".into(),
            reference: "ITPLR-2026-17".into(),
            follow_up: "2027-02-01".into(),
            ..Default::default()
        }
        .check(today())
        .unwrap();
        assert_eq!(ok.reference.as_deref(), Some("ITPLR-2026-17"));
    }

    #[test]
    fn declining_needs_a_reason_and_merging_a_target() {
        let declined = TransitionInput {
            to: "declined".into(),
            reason: "  ".into(),
            ..Default::default()
        };
        assert_eq!(
            declined.check(today()).unwrap_err().problem("reason"),
            Some(Problem::Required)
        );
        let merged = TransitionInput {
            to: "merged".into(),
            merge_into: "#12".into(),
            ..Default::default()
        };
        assert_eq!(merged.check(today()).unwrap().merge_into, Some(12));
    }

    #[test]
    fn demand_form_checks_each_field_and_keeps_input() {
        let input = DemandInput {
            title: "".into(),
            problem: "Keine Schnittstelle".into(),
            outcome: "x".repeat(TEXT_MAX + 1),
            category: "99".into(),
            tags: "XÖV, xöv, Fachverfahren".into(),
            urgency: "normal".into(),
            links: "javascript:alert(1)".into(),
            public: true,
        };
        let errors = input.check(&[1, 2]).unwrap_err();
        assert_eq!(errors.problem("title"), Some(Problem::Required));
        assert_eq!(errors.problem("outcome"), Some(Problem::TooLong));
        assert_eq!(errors.problem("category"), Some(Problem::Required));
        assert_eq!(errors.problem("links"), Some(Problem::InvalidUrl));
        assert_eq!(errors.value("problem"), Some("Keine Schnittstelle"));
        assert_eq!(parse_tags("XÖV, xöv, Fachverfahren").unwrap().len(), 2);
    }

    #[test]
    fn kreisfreie_staedte_count_as_staedte() {
        let kreis = OrganizationKind::Kreis;
        assert_eq!(OrgClass::of(kreis, Some(Designation(41))), OrgClass::Stadt);
        assert_eq!(OrgClass::of(kreis, Some(Designation(44))), OrgClass::Kreis);
        let gemeinde = OrganizationKind::Gemeinde;
        assert_eq!(
            OrgClass::of(gemeinde, Some(Designation(63))),
            OrgClass::Stadt
        );
        assert_eq!(
            OrgClass::of(gemeinde, Some(Designation(64))),
            OrgClass::Gemeinde
        );
        assert_eq!(OrgClass::of(OrganizationKind::Body, None), OrgClass::Other);
    }

    #[test]
    fn drafts_are_seen_only_by_their_organization() {
        let demand = |status, public| Demand {
            id: 1,
            title: "t".into(),
            problem: "p".into(),
            outcome: "o".into(),
            category: Category {
                id: 1,
                name: "c".into(),
            },
            tags: vec![],
            urgency: Urgency::Normal,
            links: vec![],
            public,
            status,
            organization_id: 7,
            organization_name: "A".into(),
            raised_by: 1,
            raiser_name: "a".into(),
            cosignatures: 0,
            forwarded_to: None,
            reference: None,
            follow_up: None,
            decline_reason: None,
            merged_into: None,
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            created_local: Utc::now().naive_utc(),
        };
        let public = Visibility {
            internal: false,
            organization_id: None,
        };
        let member = Visibility {
            internal: true,
            organization_id: Some(8),
        };
        let own = Visibility {
            internal: false,
            organization_id: Some(7),
        };
        assert!(!member.sees(&demand(S::Draft, true)));
        assert!(own.sees(&demand(S::Draft, false)));
        assert!(public.sees(&demand(S::Submitted, true)));
        assert!(!public.sees(&demand(S::Submitted, false)));
        assert!(member.sees(&demand(S::Submitted, false)));
    }
}
