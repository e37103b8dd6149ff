//! Paper (public demands and accepted public topics) and Consultation objects.

use chrono::DateTime;
use gremium::domain::demands::{DemandStatus, status_label};
use gremium::domain::oparl::format_date;
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::oparl::{ItemRow, PaperRow};
use serde::Serialize;
use serde_json::Value;

use super::Urls;
use super::answer::{Entry, Head, to_json};
use super::view::View;

impl View<'_> {
    pub(super) fn paper_url(kind: &str, id: i64, urls: &Urls) -> String {
        urls.at(&format!("paper/{kind}-{id}"))
    }

    /// Items where the paper was treated: (item, its consultation key).
    pub(super) fn treated(&self, kind: &str, id: i64) -> Vec<&ItemRow> {
        self.items
            .values()
            .flatten()
            .map(|(item, _)| *item)
            .filter(|item| match kind {
                "thema" => item.topic_id == Some(id),
                _ => item.demand_id == Some(id),
            })
            .collect()
    }

    pub(super) fn consultation(
        &self,
        item: &ItemRow,
        kind: &str,
        paper: i64,
        standalone: bool,
    ) -> Consultation {
        let key = format!("{}-{kind}", item.id);
        let authoritative = self
            .body
            .decisions
            .iter()
            .any(|d| d.item_id == item.id && d.kind == "resolution");
        Consultation {
            head: Head::new(
                self.urls.at(&format!("consultation/{key}")),
                "Consultation",
                item.created_at,
                self.meeting_modified[&item.meeting_id],
            ),
            paper: standalone.then(|| Self::paper_url(kind, paper, self.urls)),
            agenda_item: self.urls.at(&format!("agenda-item/{}", item.id)),
            meeting: self.meeting_url(item.meeting_id),
            organization: vec![self.committee_url()],
            authoritative,
            role: "Beratung",
        }
    }

    /// Consultations as list entries: one per item with a topic paper, one per item with a
    /// demand paper.
    pub(super) fn consultations(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for (item, _) in self.items.values().flatten() {
            let modified = self.meeting_modified[&item.meeting_id];
            if let Some(topic) = item.topic_id {
                out.push(Entry {
                    created: item.created_at,
                    modified,
                    value: to_json(&self.consultation(item, "thema", topic, true)),
                });
            }
            if let Some(demand) = item.demand_id.filter(|_| self.holds_demands) {
                out.push(Entry {
                    created: item.created_at,
                    modified,
                    value: to_json(&self.consultation(item, "bedarf", demand, true)),
                });
            }
        }
        out
    }

    pub(super) fn paper(&self, row: &PaperRow, kind: &str) -> Value {
        let treated = self.treated(kind, row.id);
        let modified = treated
            .iter()
            .map(|i| self.meeting_modified[&i.meeting_id])
            .fold(row.modified_at, DateTime::max);
        let (paper_type, reference, web, status) = if kind == "thema" {
            (
                "Thema",
                format!("Thema {}", row.id),
                format!("{}/themen/{}", self.urls.web, row.id),
                None,
            )
        } else {
            (
                "Bedarf",
                format!("Bedarf {}", row.id),
                format!("{}/bedarfe/{}", self.urls.web, row.id),
                DemandStatus::parse(&row.status).map(status_label),
            )
        };
        to_json(&Paper {
            head: Head::new(
                Self::paper_url(kind, row.id, self.urls),
                "Paper",
                row.created_at,
                modified,
            ),
            body: self.body_url(),
            name: row.title.clone(),
            reference,
            date: format_date(utc_to_berlin(row.created_at).date()),
            paper_type,
            originator_organization: row
                .organization_id
                .map(|o| vec![self.urls.at(&format!("organization/org-{o}"))])
                .unwrap_or_default(),
            consultation: treated
                .iter()
                .map(|item| self.consultation(item, kind, row.id, false))
                .collect(),
            keyword: row.category.iter().cloned().collect(),
            status,
            web,
        })
    }
}

/// OParl `Paper`: a public demand or an accepted public topic, with where it was treated.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Paper {
    #[serde(flatten)]
    head: Head,
    body: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    reference: String,
    date: String,
    paper_type: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    originator_organization: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    consultation: Vec<Consultation>,
    /// The demand's category.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keyword: Vec<String>,
    /// A demand's status, in German; OParl allows extra properties with a prefix.
    #[serde(rename = "gremium:status", skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    web: String,
}

/// OParl `Consultation`: a paper treated under an agenda item.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Consultation {
    #[serde(flatten)]
    head: Head,
    /// Only where the consultation stands alone (not embedded in its paper).
    #[serde(skip_serializing_if = "Option::is_none")]
    paper: Option<String>,
    agenda_item: String,
    meeting: String,
    organization: Vec<String>,
    authoritative: bool,
    role: &'static str,
}
