//! Body, its Organizations (the committee, its benches and the raising organizations) and
//! LegislativeTerms (meeting years).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gremium::domain::oparl::format_date;
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::oparl::{self};
use serde_json::Value;

use super::LICENSE;
use super::answer::{Entry, Object};
use super::view::{View, kind_name};

impl View<'_> {
    pub(super) fn terms(&self) -> Vec<(i32, DateTime<Utc>, DateTime<Utc>)> {
        let mut years: BTreeMap<i32, (DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
        for meeting in &self.body.meetings {
            let year = utc_to_berlin(meeting.starts_at).year();
            let modified = self.meeting_modified[&meeting.id];
            let entry = years.entry(year).or_insert((meeting.created_at, modified));
            entry.0 = entry.0.min(meeting.created_at);
            entry.1 = entry.1.max(modified);
        }
        years.into_iter().map(|(y, (c, m))| (y, c, m)).collect()
    }

    pub(super) fn term(
        &self,
        year: i32,
        created: DateTime<Utc>,
        modified: DateTime<Utc>,
        standalone: bool,
    ) -> Value {
        let start = NaiveDate::from_ymd_opt(year, 1, 1);
        let end = NaiveDate::from_ymd_opt(year, 12, 31);
        Object::new(
            self.urls
                .at(&format!("legislative-term/{}-{year}", self.committee_id())),
            "LegislativeTerm",
        )
        .opt("body", standalone.then(|| self.body_url()))
        .set("name", format!("Sitzungsjahr {year}"))
        .opt("startDate", start.map(format_date))
        .opt("endDate", end.map(format_date))
        .times(created, modified)
        .done()
    }

    pub(super) fn body_value(&self, omit_internal: bool) -> Value {
        let c = &self.body.committee;
        let list = |name: &str| format!("{}/{name}", self.body_url());
        let terms: Vec<Value> = if omit_internal {
            Vec::new()
        } else {
            self.terms()
                .into_iter()
                .map(|(y, cr, m)| self.term(y, cr, m, false))
                .collect()
        };
        let mut object = Object::new(self.body_url(), "Body")
            .set("system", self.urls.at("system"))
            .set("name", c.name.clone())
            .opt("shortName", c.short_name.clone())
            .set("website", self.urls.web.clone())
            .set("license", LICENSE)
            .opt(
                "ags",
                c.host_ags
                    .clone()
                    .filter(|a| a.len() == 8 && a.bytes().all(|b| b.is_ascii_digit())),
            )
            .set("classification", "Gremium")
            .set("organization", list("organizations"))
            .set("person", list("people"))
            .set("meeting", list("meetings"))
            .set("paper", list("papers"))
            .set("agendaItem", list("agenda-items"))
            .set("consultation", list("consultations"))
            .set("file", list("files"))
            .set("locationList", list("locations"))
            .set("legislativeTermList", list("legislative-terms"))
            .set("membership", list("memberships"))
            .set("web", format!("{}/gremium", self.urls.web))
            .times(c.created_at, c.updated_at);
        // Required even when empty.
        object
            .0
            .insert("legislativeTerm".into(), Value::Array(terms));
        object.done()
    }

    pub(super) fn memberships_of_bench(&self, bench: i64) -> Vec<Value> {
        self.body
            .memberships
            .iter()
            .filter(|m| m.bench_id == bench)
            .map(|m| self.urls.at(&format!("membership/{}", m.id)).into())
            .collect()
    }

    pub(super) fn organizations(&self, originators: &[oparl::OriginatorRow]) -> Vec<Entry> {
        let (created, modified) = self.committee_times();
        let c = &self.body.committee;
        let mut out = vec![Entry {
            created,
            modified,
            value: Object::new(self.committee_url(), "Organization")
                .set("body", self.body_url())
                .set("name", c.name.clone())
                .opt("shortName", c.short_name.clone())
                .set("organizationType", "Gremium")
                .set("classification", "Gremium")
                .set(
                    "membership",
                    self.body
                        .memberships
                        .iter()
                        .map(|m| Value::from(self.urls.at(&format!("membership/{}", m.id))))
                        .collect::<Vec<_>>(),
                )
                .set("web", format!("{}/gremium", self.urls.web))
                .times(created, modified)
                .done(),
        }];
        for bench in &self.body.benches {
            out.push(Entry {
                created,
                modified,
                value: Object::new(
                    self.urls.at(&format!("organization/bank-{}", bench.id)),
                    "Organization",
                )
                .set("body", self.body_url())
                .set("name", bench.name.clone())
                .set("organizationType", "Sonstiges")
                .set("classification", "Bank")
                .set("subOrganizationOf", self.committee_url())
                .set("membership", self.memberships_of_bench(bench.id))
                .times(created, modified)
                .done(),
            });
        }
        for org in originators {
            out.push(Entry {
                created: org.created_at,
                modified: org.updated_at,
                value: Object::new(
                    self.urls.at(&format!("organization/org-{}", org.id)),
                    "Organization",
                )
                .set("body", self.body_url())
                .set("name", org.name.clone())
                .set("organizationType", "Institution")
                .set("classification", kind_name(&org.kind))
                .opt("website", org.website.clone())
                .opt("keyword", org.ags.clone().map(|a| vec![format!("AGS {a}")]))
                .set(
                    "web",
                    format!("{}/organisationen/{}", self.urls.web, org.id),
                )
                .times(org.created_at, org.updated_at)
                .done(),
            });
        }
        out
    }
}
