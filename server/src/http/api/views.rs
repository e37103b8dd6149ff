//! The REST API's request and response bodies.

use gremium::domain::demands::{Demand, DemandEvent, status_label};
use gremium_app::query::demands::DemandQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// A demand.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DemandOut {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub problem: String,
    /// Markdown.
    pub outcome: String,
    pub category: Named,
    pub tags: Vec<String>,
    /// `low`, `normal` or `high`.
    pub urgency: String,
    pub links: Vec<String>,
    pub public: bool,
    /// `draft`, `submitted`, `in_review`, `accepted`, `in_progress`, `forwarded`, `resolved`,
    /// `declined`, `merged` or `withdrawn`.
    pub status: String,
    /// The status in German, as the pages show it.
    pub status_label: String,
    /// The raising organization.
    pub organization: Named,
    /// Organizations that co-signed (the raiser not counted).
    pub cosignatures: i64,
    pub forwarded_to: Option<String>,
    pub reference: Option<String>,
    /// `YYYY-MM-DD`.
    pub follow_up: Option<String>,
    pub decline_reason: Option<String>,
    pub merged_into: Option<i64>,
    /// Send it back to change the demand (not yet offered here).
    pub version: i64,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    /// The demand's page.
    pub url: String,
}

pub(super) fn demand_out(d: Demand, web: &str) -> DemandOut {
    DemandOut {
        url: format!("{web}/bedarfe/{}", d.id),
        id: d.id,
        title: d.title,
        problem: d.problem,
        outcome: d.outcome,
        category: Named {
            id: d.category.id,
            name: d.category.name,
        },
        tags: d.tags,
        urgency: d.urgency.as_str().to_owned(),
        links: d.links,
        public: d.public,
        status: d.status.as_str().to_owned(),
        status_label: status_label(d.status).to_owned(),
        organization: Named {
            id: d.organization_id,
            name: d.organization_name,
        },
        cosignatures: d.cosignatures,
        forwarded_to: d.forwarded_to,
        reference: d.reference,
        follow_up: d.follow_up.map(|f| f.format("%Y-%m-%d").to_string()),
        decline_reason: d.decline_reason,
        merged_into: d.merged_into,
        version: d.version,
        created_at: d.created_at.to_rfc3339(),
        updated_at: d.updated_at.to_rfc3339(),
    }
}

/// One page of demands.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DemandPage {
    pub items: Vec<DemandOut>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// The next page, absent on the last.
    pub next: Option<String>,
}

/// A timeline entry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventOut {
    /// RFC 3339.
    pub at: String,
    /// `raised`, `edited`, `status`, `cosigned`, `cosign_withdrawn`, `merged_in`, `topic`,
    /// `decision`.
    pub kind: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub comment: Option<String>,
    /// The organization that co-signed or withdrew.
    pub organization: Option<String>,
    /// The meeting's id. Named `session` on the wire since v1 of the API: renaming it would
    /// break every client that reads it.
    #[serde(rename = "session")]
    pub meeting: Option<i64>,
    /// The decision's number, e.g. "2026-11/3".
    pub decision: Option<String>,
}

pub(super) fn event_out(e: DemandEvent) -> EventOut {
    EventOut {
        at: e.at.to_rfc3339(),
        kind: e.kind.as_str().to_owned(),
        from: e.from.map(|s| s.as_str().to_owned()),
        to: e.to.map(|s| s.as_str().to_owned()),
        comment: e.comment,
        organization: e.organization,
        meeting: e.meeting.map(|(id, _)| id),
        decision: e.decision.map(|(_, number)| number),
    }
}

/// A demand with its timeline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DemandDetail {
    pub demand: DemandOut,
    pub timeline: Vec<EventOut>,
}

/// A new demand, raised for the token owner's organization.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDemand {
    pub title: String,
    pub problem: String,
    pub outcome: String,
    /// A Themenfeld id (see a demand's `category`).
    pub category: i64,
    #[serde(default)]
    pub tags: Vec<String>,
    /// `low`, `normal` or `high`.
    pub urgency: String,
    #[serde(default)]
    pub links: Vec<String>,
    /// Public demands are seen by everyone; internal ones by the committee's people.
    pub public: bool,
    /// Keep it as a draft (seen only by the own organization) instead of submitting it.
    #[serde(default)]
    pub draft: bool,
}

/// A co-signature, always for the token owner's organization (there is no field to name
/// another one; unknown fields are refused).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CosignIn {
    /// Why the organization shares the demand (shown on the demand).
    pub reason: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CosignOut {
    pub demand: i64,
    pub organization: i64,
    /// False when the organization had co-signed already (nothing counted twice).
    pub counted: bool,
    pub cosignatures: i64,
}

/// The list's filters: the same as the list page's URL.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilters {
    /// Search text (German stemming, every word also as a prefix).
    pub(super) q: Option<String>,
    /// A status, e.g. `submitted`.
    pub(super) status: Option<String>,
    /// A Themenfeld id.
    pub(super) kategorie: Option<String>,
    /// A Land (organization id).
    pub(super) land: Option<String>,
    /// `kreis`, `stadt`, `gemeinde` or `other`.
    pub(super) art: Option<String>,
    /// Raised or co-signed by this organization (id).
    pub(super) org: Option<String>,
    /// Raised on or after (`YYYY-MM-DD`).
    pub(super) von: Option<String>,
    /// Raised on or before (`YYYY-MM-DD`).
    pub(super) bis: Option<String>,
    /// `neu`, `unterstuetzung` or `relevanz`.
    pub(super) sortierung: Option<String>,
    /// Page, from 1.
    pub(super) seite: Option<String>,
}

impl ListFilters {
    pub(super) fn query(self) -> DemandQuery {
        let clean = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        DemandQuery {
            q: clean(self.q),
            status: clean(self.status),
            kategorie: clean(self.kategorie),
            land: clean(self.land),
            art: clean(self.art),
            org: clean(self.org),
            von: clean(self.von),
            bis: clean(self.bis),
            sortierung: clean(self.sortierung),
            seite: clean(self.seite),
        }
    }
}
