//! Meeting, AgendaItem, File (invitation and minutes) and Location objects.

use gremium::domain::oparl::{format_date, format_date_time};
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::oparl::{self, ItemRow, MeetingRow};
use serde_json::Value;

use super::answer::{Entry, Object};
use super::view::{View, decision_kind, meeting_state};

impl View<'_> {
    pub(super) fn meeting_url(&self, id: i64) -> String {
        self.urls.at(&format!("meeting/{id}"))
    }

    pub(super) fn invitation_file(&self, m: &MeetingRow, standalone: bool) -> Value {
        let stem = format!(
            "einladung-{}",
            utc_to_berlin(m.starts_at).format("%Y-%m-%d")
        );
        let download = format!("{}/sitzungen/{}/einladung.pdf", self.urls.web, m.id);
        Object::new(self.urls.at(&format!("file/einladung-{}", m.id)), "File")
            .set("name", format!("Einladung: {}", m.title))
            .set("fileName", format!("{stem}.pdf"))
            .set("mimeType", "application/pdf")
            .set("date", format_date(utc_to_berlin(m.last_published).date()))
            .set("accessUrl", format!("{download}?anzeigen=1"))
            .set("downloadUrl", download)
            .opt("meeting", standalone.then(|| vec![self.meeting_url(m.id)]))
            .times(m.first_published, m.last_published)
            .done()
    }

    pub(super) fn minutes_file(&self, m: &MeetingRow, standalone: bool) -> Option<Value> {
        let finalised = m.minutes_final?;
        let stem = format!(
            "niederschrift-{}",
            utc_to_berlin(m.starts_at).format("%Y-%m-%d")
        );
        let download = format!(
            "{}/sitzungen/{}/niederschrift.pdf?fassung=oeffentlich",
            self.urls.web, m.id
        );
        Some(
            Object::new(
                self.urls.at(&format!("file/niederschrift-{}", m.id)),
                "File",
            )
            .set("name", format!("Niederschrift: {}", m.title))
            .set("fileName", format!("{stem}-oeffentlich.pdf"))
            .set("mimeType", "application/pdf")
            .set("date", format_date(utc_to_berlin(finalised).date()))
            .set("accessUrl", format!("{download}&anzeigen=1"))
            .set("downloadUrl", download)
            .opt("meeting", standalone.then(|| vec![self.meeting_url(m.id)]))
            .times(finalised, m.minutes_updated.unwrap_or(finalised))
            .done(),
        )
    }

    pub(super) fn location(&self, m: &MeetingRow, standalone: bool) -> Option<Value> {
        let place = m.location.clone().filter(|p| !p.trim().is_empty())?;
        Some(
            Object::new(self.urls.at(&format!("location/{}", m.id)), "Location")
                .set("description", place)
                .opt("meetings", standalone.then(|| vec![self.meeting_url(m.id)]))
                .times(m.created_at, m.updated_at)
                .done(),
        )
    }

    pub(super) fn consultation_key(item: &ItemRow) -> Option<String> {
        item.topic_id
            .map(|_| format!("{}-thema", item.id))
            .or_else(|| item.demand_id.map(|_| format!("{}-bedarf", item.id)))
    }

    pub(super) fn agenda_item(
        &self,
        item: &ItemRow,
        number: &str,
        order: usize,
        standalone: bool,
    ) -> Value {
        let decisions: Vec<&oparl::DecisionRow> = self
            .body
            .decisions
            .iter()
            .filter(|d| d.item_id == item.id)
            .collect();
        let result = decisions
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    decision_kind(&d.kind),
                    gremium::domain::decisions::number(&d.period, d.seq)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let result = if result.is_empty() {
            match item.outcome.as_deref() {
                Some("retabled") => "vertagt".to_owned(),
                _ => String::new(),
            }
        } else {
            result
        };
        let text = decisions
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        Object::new(
            self.urls.at(&format!("agenda-item/{}", item.id)),
            "AgendaItem",
        )
        .opt(
            "meeting",
            standalone.then(|| self.meeting_url(item.session_id)),
        )
        .set("number", number)
        .set("order", order)
        .set("name", item.title.clone())
        .set("public", true)
        .opt(
            "consultation",
            Self::consultation_key(item).map(|k| self.urls.at(&format!("consultation/{k}"))),
        )
        .set("result", result)
        .set("resolutionText", text)
        .set(
            "web",
            format!("{}/sitzungen/{}", self.urls.web, item.session_id),
        )
        .times(item.created_at, self.meeting_modified[&item.session_id])
        .done()
    }

    pub(super) fn meeting(&self, m: &MeetingRow, omit_internal: bool) -> Entry {
        let items: Vec<Value> = if omit_internal {
            Vec::new()
        } else {
            self.items
                .get(&m.id)
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(order, (item, number))| self.agenda_item(item, number, order, false))
                .collect()
        };
        let participants: Vec<Value> = self
            .body
            .participants
            .iter()
            .filter(|(session, person)| *session == m.id && self.consenting.contains(person))
            .map(|(_, person)| self.urls.at(&format!("person/{person}")).into())
            .collect();
        let modified = self.meeting_modified[&m.id];
        Entry {
            created: m.created_at,
            modified,
            value: Object::new(self.meeting_url(m.id), "Meeting")
                .set("name", m.title.clone())
                .set("meetingState", meeting_state(&m.status))
                .set("cancelled", m.status == "cancelled")
                .set("start", format_date_time(m.starts_at))
                .set("end", format_date_time(m.ends_at))
                .opt("location", self.location(m, false))
                .set("organization", vec![self.committee_url()])
                .set("participant", participants)
                .set("invitation", self.invitation_file(m, false))
                .opt("resultsProtocol", self.minutes_file(m, false))
                .set("agendaItem", items)
                .set("web", format!("{}/sitzungen/{}", self.urls.web, m.id))
                .times(m.created_at, modified)
                .done(),
        }
    }

    /// All published public items as list entries.
    pub(super) fn agenda_items(&self) -> Vec<Entry> {
        self.items
            .values()
            .flat_map(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(order, (item, number))| Entry {
                        created: item.created_at,
                        modified: self.meeting_modified[&item.session_id],
                        value: self.agenda_item(item, number, order, true),
                    })
            })
            .collect()
    }

    pub(super) fn files(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for m in &self.body.meetings {
            out.push(Entry {
                created: m.first_published,
                modified: m.last_published,
                value: self.invitation_file(m, true),
            });
            if let (Some(file), Some(created)) = (self.minutes_file(m, true), m.minutes_final) {
                out.push(Entry {
                    created,
                    modified: m.minutes_updated.unwrap_or(created),
                    value: file,
                });
            }
        }
        out
    }

    pub(super) fn locations(&self) -> Vec<Entry> {
        self.body
            .meetings
            .iter()
            .filter_map(|m| {
                Some(Entry {
                    created: m.created_at,
                    modified: m.updated_at,
                    value: self.location(m, true)?,
                })
            })
            .collect()
    }
}
