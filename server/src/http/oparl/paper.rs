//! Paper (public demands and accepted public topics) and Consultation objects.

use chrono::DateTime;
use gremium::domain::demands::{DemandStatus, status_label};
use gremium::domain::oparl::format_date;
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::oparl::{ItemRow, PaperRow};
use serde_json::Value;

use super::Urls;
use super::answer::{Entry, Object};
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
    ) -> Value {
        let key = format!("{}-{kind}", item.id);
        let authoritative = self
            .body
            .decisions
            .iter()
            .any(|d| d.item_id == item.id && d.kind == "resolution");
        Object::new(self.urls.at(&format!("consultation/{key}")), "Consultation")
            .opt(
                "paper",
                standalone.then(|| Self::paper_url(kind, paper, self.urls)),
            )
            .set(
                "agendaItem",
                self.urls.at(&format!("agenda-item/{}", item.id)),
            )
            .set("meeting", self.meeting_url(item.session_id))
            .set("organization", vec![self.committee_url()])
            .set("authoritative", authoritative)
            .set("role", "Beratung")
            .times(item.created_at, self.meeting_modified[&item.session_id])
            .done()
    }

    /// Consultations as list entries: one per item with a topic paper, one per item with a
    /// demand paper.
    pub(super) fn consultations(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for (item, _) in self.items.values().flatten() {
            let modified = self.meeting_modified[&item.session_id];
            if let Some(topic) = item.topic_id {
                out.push(Entry {
                    created: item.created_at,
                    modified,
                    value: self.consultation(item, "thema", topic, true),
                });
            }
            if let Some(demand) = item.demand_id.filter(|_| self.holds_demands) {
                out.push(Entry {
                    created: item.created_at,
                    modified,
                    value: self.consultation(item, "bedarf", demand, true),
                });
            }
        }
        out
    }

    pub(super) fn paper(&self, row: &PaperRow, kind: &str) -> Value {
        let treated = self.treated(kind, row.id);
        let modified = treated
            .iter()
            .map(|i| self.meeting_modified[&i.session_id])
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
        Object::new(Self::paper_url(kind, row.id, self.urls), "Paper")
            .set("body", self.body_url())
            .set("name", row.title.clone())
            .set("reference", reference)
            .set("date", format_date(utc_to_berlin(row.created_at).date()))
            .set("paperType", paper_type)
            .set(
                "originatorOrganization",
                row.organization_id
                    .map(|o| vec![self.urls.at(&format!("organization/org-{o}"))])
                    .unwrap_or_default(),
            )
            .set(
                "consultation",
                treated
                    .iter()
                    .map(|item| self.consultation(item, kind, row.id, false))
                    .collect::<Vec<_>>(),
            )
            .opt("keyword", row.category.clone().map(|c| vec![c]))
            .opt("gremium:status", status)
            .set("web", web)
            .times(row.created_at, modified)
            .done()
    }
}
