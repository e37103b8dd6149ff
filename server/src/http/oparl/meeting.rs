//! Meeting, AgendaItem, File (invitation and minutes) and Location objects.

use gremium::domain::oparl::{format_date, format_date_time};
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::oparl::{self, ItemRow, MeetingRow};
use serde::Serialize;

use super::answer::{Entry, Head, to_json};
use super::view::{View, decision_kind, meeting_state};

impl View<'_> {
    pub(super) fn meeting_url(&self, id: i64) -> String {
        self.urls.at(&format!("meeting/{id}"))
    }

    /// A file or place names its meeting only where it stands alone.
    fn embedding_meeting(&self, id: i64, standalone: bool) -> Vec<String> {
        if standalone {
            vec![self.meeting_url(id)]
        } else {
            Vec::new()
        }
    }

    pub(super) fn invitation_file(&self, m: &MeetingRow, standalone: bool) -> File {
        let stem = format!(
            "einladung-{}",
            utc_to_berlin(m.starts_at).format("%Y-%m-%d")
        );
        let download = format!("{}/sitzungen/{}/einladung.pdf", self.urls.web, m.id);
        File {
            head: Head::new(
                self.urls.at(&format!("file/einladung-{}", m.id)),
                "File",
                m.first_published,
                m.last_published,
            ),
            name: format!("Einladung: {}", m.title),
            file_name: format!("{stem}.pdf"),
            mime_type: "application/pdf",
            date: format_date(utc_to_berlin(m.last_published).date()),
            access_url: format!("{download}?anzeigen=1"),
            download_url: download,
            meeting: self.embedding_meeting(m.id, standalone),
        }
    }

    pub(super) fn minutes_file(&self, m: &MeetingRow, standalone: bool) -> Option<File> {
        let finalised = m.minutes_final?;
        let stem = format!(
            "niederschrift-{}",
            utc_to_berlin(m.starts_at).format("%Y-%m-%d")
        );
        let download = format!(
            "{}/sitzungen/{}/niederschrift.pdf?fassung=oeffentlich",
            self.urls.web, m.id
        );
        Some(File {
            head: Head::new(
                self.urls.at(&format!("file/niederschrift-{}", m.id)),
                "File",
                finalised,
                m.minutes_updated.unwrap_or(finalised),
            ),
            name: format!("Niederschrift: {}", m.title),
            file_name: format!("{stem}-oeffentlich.pdf"),
            mime_type: "application/pdf",
            date: format_date(utc_to_berlin(finalised).date()),
            access_url: format!("{download}&anzeigen=1"),
            download_url: download,
            meeting: self.embedding_meeting(m.id, standalone),
        })
    }

    pub(super) fn location(&self, m: &MeetingRow, standalone: bool) -> Option<Location> {
        let place = m.location.clone().filter(|p| !p.trim().is_empty())?;
        Some(Location {
            head: Head::new(
                self.urls.at(&format!("location/{}", m.id)),
                "Location",
                m.created_at,
                m.updated_at,
            ),
            description: place,
            meetings: self.embedding_meeting(m.id, standalone),
        })
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
    ) -> AgendaItem {
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
        AgendaItem {
            head: Head::new(
                self.urls.at(&format!("agenda-item/{}", item.id)),
                "AgendaItem",
                item.created_at,
                self.meeting_modified[&item.meeting_id],
            ),
            meeting: standalone.then(|| self.meeting_url(item.meeting_id)),
            number: number.to_owned(),
            order,
            name: item.title.clone(),
            public: true,
            consultation: Self::consultation_key(item)
                .map(|k| self.urls.at(&format!("consultation/{k}"))),
            result,
            resolution_text: text,
            web: format!("{}/sitzungen/{}", self.urls.web, item.meeting_id),
        }
    }

    pub(super) fn meeting(&self, m: &MeetingRow, omit_internal: bool) -> Entry {
        let agenda_item = if omit_internal {
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
        let participant = self
            .body
            .participants
            .iter()
            .filter(|(meeting, person)| *meeting == m.id && self.consenting.contains(person))
            .map(|(_, person)| self.urls.at(&format!("person/{person}")))
            .collect();
        let modified = self.meeting_modified[&m.id];
        Entry {
            created: m.created_at,
            modified,
            value: to_json(&Meeting {
                head: Head::new(self.meeting_url(m.id), "Meeting", m.created_at, modified),
                name: m.title.clone(),
                meeting_state: meeting_state(&m.status),
                cancelled: m.status == "cancelled",
                start: format_date_time(m.starts_at),
                end: format_date_time(m.ends_at),
                location: self.location(m, false),
                organization: vec![self.committee_url()],
                participant,
                invitation: self.invitation_file(m, false),
                results_protocol: self.minutes_file(m, false),
                agenda_item,
                web: format!("{}/sitzungen/{}", self.urls.web, m.id),
            }),
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
                        modified: self.meeting_modified[&item.meeting_id],
                        value: to_json(&self.agenda_item(item, number, order, true)),
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
                value: to_json(&self.invitation_file(m, true)),
            });
            if let (Some(file), Some(created)) = (self.minutes_file(m, true), m.minutes_final) {
                out.push(Entry {
                    created,
                    modified: m.minutes_updated.unwrap_or(created),
                    value: to_json(&file),
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
                    value: to_json(&self.location(m, true)?),
                })
            })
            .collect()
    }
}

/// OParl `Meeting`, with its public agenda items, files and place embedded.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meeting {
    #[serde(flatten)]
    head: Head,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    meeting_state: &'static str,
    cancelled: bool,
    start: String,
    end: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    organization: Vec<String>,
    /// People who attended and agreed to be published.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    participant: Vec<String>,
    invitation: File,
    #[serde(skip_serializing_if = "Option::is_none")]
    results_protocol: Option<File>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    agenda_item: Vec<AgendaItem>,
    web: String,
}

/// OParl `AgendaItem`: a public item of a published agenda, with what was decided on it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AgendaItem {
    #[serde(flatten)]
    head: Head,
    /// Only where the item stands alone (not embedded in its meeting).
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    number: String,
    order: usize,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    public: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    consultation: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    result: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    resolution_text: String,
    web: String,
}

/// OParl `File`: the invitation or the public minutes of a meeting, as PDF.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct File {
    #[serde(flatten)]
    head: Head,
    name: String,
    file_name: String,
    mime_type: &'static str,
    date: String,
    access_url: String,
    download_url: String,
    /// Only where the file stands alone (not embedded in its meeting).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    meeting: Vec<String>,
}

/// OParl `Location`: where a meeting takes place, as written by the chair.
#[derive(Serialize)]
pub(super) struct Location {
    #[serde(flatten)]
    head: Head,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    meetings: Vec<String>,
}
