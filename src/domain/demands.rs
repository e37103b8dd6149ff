//! Demands (Bedarfe): an IT need raised once by an organization, co-signed by every other
//! organization that shares it, and carried through the committee to a result. The status
//! workflow and who may move it live here; every move is a timeline entry. No I/O here.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::Principal;
use super::organization::{Designation, OrganizationKind};

mod input;
mod workflow;

pub use input::{DemandDraft, DemandInput, parse_tags};
pub use workflow::{
    DemandStatus, MoveRefused, Standing, Transition, TransitionInput, may_move, next_statuses,
    status_label, transition,
};

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 10_000;
pub const TAGS_MAX: usize = 12;
pub const TAG_MAX: usize = 60;
pub const REASON_MAX: usize = 2_000;
pub const REFERENCE_MAX: usize = 200;

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
    /// Raised as a topic for a meeting.
    Topic,
    /// A decision of a meeting named this demand.
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
    /// The meeting (and its title) of a topic or decision entry.
    pub meeting: Option<(i64, String)>,
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
    /// The latest meeting whose decision named it: "already decided in meeting X".
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

/// A demand on a meeting's agenda (raised as the topic of an item).
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
mod tests;
