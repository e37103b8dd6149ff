//! The public view of one body from which every OParl object is built. Each object type is
//! built in its own module: `body` (Body, Organization, LegislativeTerm), `people` (Person,
//! Membership), `meeting` (Meeting, AgendaItem, File, Location), `paper` (Paper, Consultation).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use gremium::store::oparl::{Body, ItemRow};

use super::Urls;

pub(super) fn kind_name(kind: &str) -> &'static str {
    match kind {
        "land" => "Land",
        "kreis" => "Kreis",
        "gemeindeverband" => "Gemeindeverband",
        "gemeinde" => "Gemeinde",
        "association" => "Verband",
        "it_service_provider" => "IT-Dienstleister",
        _ => "Einrichtung",
    }
}

pub(super) fn decision_kind(kind: &str) -> &'static str {
    match kind {
        "resolution" => "Beschluss",
        "recommendation" => "Empfehlung",
        "notice" => "Kenntnisnahme",
        _ => "Vertagung",
    }
}

pub(super) fn meeting_state(status: &str) -> &'static str {
    match status {
        "planned" => "terminiert",
        "held" | "minutes_approved" => "durchgeführt",
        _ => "eingeladen",
    }
}

/// Everything of one body the pages below need, with derived facts computed once.
pub(super) struct View<'a> {
    pub(super) urls: &'a Urls,
    pub(super) body: &'a Body,
    /// Public items per meeting, in agenda order, with their printed numbers.
    pub(super) items: BTreeMap<i64, Vec<(&'a ItemRow, String)>>,
    /// Meeting id → when it (or anything it embeds) last changed.
    pub(super) meeting_modified: BTreeMap<i64, DateTime<Utc>>,
    pub(super) consenting: BTreeSet<i64>,
    /// Whether demands are published under this body (the default committee).
    pub(super) holds_demands: bool,
}

impl<'a> View<'a> {
    pub(super) fn new(urls: &'a Urls, body: &'a Body, holds_demands: bool) -> Self {
        let mut items: BTreeMap<i64, Vec<(&ItemRow, String)>> = BTreeMap::new();
        // Items and meetings are read one after the other: an agenda published in between must
        // not bring items of a meeting this view does not hold. The store gives only the public
        // items of each last published version, numbered as published.
        let held: BTreeSet<i64> = body.meetings.iter().map(|m| m.id).collect();
        for item in body.items.iter().filter(|i| held.contains(&i.meeting_id)) {
            items
                .entry(item.meeting_id)
                .or_default()
                .push((item, item.number.clone()));
        }
        let mut meeting_modified = BTreeMap::new();
        for meeting in &body.meetings {
            let mut at = meeting
                .updated_at
                .max(meeting.last_published)
                .max(meeting.minutes_updated.unwrap_or(meeting.updated_at));
            for (item, _) in items.get(&meeting.id).into_iter().flatten() {
                at = at.max(item.created_at);
                for decision in body.decisions.iter().filter(|d| d.item_id == item.id) {
                    at = at.max(decision.updated_at);
                }
            }
            meeting_modified.insert(meeting.id, at);
        }
        Self {
            urls,
            body,
            items,
            meeting_modified,
            consenting: body.persons.iter().map(|p| p.id).collect(),
            holds_demands,
        }
    }

    pub(super) fn committee_id(&self) -> i64 {
        self.body.committee.id
    }

    pub(super) fn body_url(&self) -> String {
        self.urls.at(&format!("body/{}", self.committee_id()))
    }

    pub(super) fn committee_url(&self) -> String {
        self.urls
            .at(&format!("organization/gremium-{}", self.committee_id()))
    }

    pub(super) fn committee_times(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            self.body.committee.created_at,
            self.body.committee.updated_at,
        )
    }
}
