//! Body, its Organizations (the committee, its benches and the raising organizations) and
//! LegislativeTerms (meeting years).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gremium::domain::oparl::format_date;
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::oparl::{self};
use serde::Serialize;
use serde_json::Value;

use super::LICENSE;
use super::answer::{Entry, Head, blank, to_json};
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
    ) -> LegislativeTerm {
        LegislativeTerm {
            head: Head::new(
                self.urls
                    .at(&format!("legislative-term/{}-{year}", self.committee_id())),
                "LegislativeTerm",
                created,
                modified,
            ),
            body: standalone.then(|| self.body_url()),
            name: format!("Sitzungsjahr {year}"),
            start_date: NaiveDate::from_ymd_opt(year, 1, 1).map(format_date),
            end_date: NaiveDate::from_ymd_opt(year, 12, 31).map(format_date),
        }
    }

    pub(super) fn body_value(&self, omit_internal: bool) -> Value {
        let c = &self.body.committee;
        let list = |name: &str| format!("{}/{name}", self.body_url());
        let legislative_term = if omit_internal {
            Vec::new()
        } else {
            self.terms()
                .into_iter()
                .map(|(y, cr, m)| self.term(y, cr, m, false))
                .collect()
        };
        to_json(&Body {
            head: Head::new(self.body_url(), "Body", c.created_at, c.updated_at),
            system: self.urls.at("system"),
            name: c.name.clone(),
            short_name: c.short_name.clone(),
            website: self.urls.web.clone(),
            license: LICENSE,
            ags: c
                .host_ags
                .clone()
                .filter(|a| a.len() == 8 && a.bytes().all(|b| b.is_ascii_digit())),
            classification: "Gremium",
            organization: list("organizations"),
            person: list("people"),
            meeting: list("meetings"),
            paper: list("papers"),
            agenda_item: list("agenda-items"),
            consultation: list("consultations"),
            file: list("files"),
            location_list: list("locations"),
            legislative_term_list: list("legislative-terms"),
            membership: list("memberships"),
            web: format!("{}/gremium", self.urls.web),
            legislative_term,
        })
    }

    pub(super) fn memberships_of_bench(&self, bench: i64) -> Vec<String> {
        self.body
            .memberships
            .iter()
            .filter(|m| m.bench_id == bench)
            .map(|m| self.urls.at(&format!("membership/{}", m.id)))
            .collect()
    }

    /// The committee, its benches, and the organizations that raised public papers.
    pub(super) fn organizations(&self, originators: &[oparl::OriginatorRow]) -> Vec<Entry> {
        let (created, modified) = self.committee_times();
        let c = &self.body.committee;
        let committee = Organization {
            head: Head::new(self.committee_url(), "Organization", created, modified),
            body: self.body_url(),
            name: c.name.clone(),
            short_name: c.short_name.clone(),
            organization_type: "Gremium",
            classification: "Gremium",
            sub_organization_of: None,
            membership: self
                .body
                .memberships
                .iter()
                .map(|m| self.urls.at(&format!("membership/{}", m.id)))
                .collect(),
            website: None,
            keyword: Vec::new(),
            web: Some(format!("{}/gremium", self.urls.web)),
        };
        let mut out = vec![Entry {
            created,
            modified,
            value: to_json(&committee),
        }];
        for bench in &self.body.benches {
            let bench = Organization {
                head: Head::new(
                    self.urls.at(&format!("organization/bank-{}", bench.id)),
                    "Organization",
                    created,
                    modified,
                ),
                body: self.body_url(),
                name: bench.name.clone(),
                short_name: None,
                organization_type: "Sonstiges",
                classification: "Bank",
                sub_organization_of: Some(self.committee_url()),
                membership: self.memberships_of_bench(bench.id),
                website: None,
                keyword: Vec::new(),
                web: None,
            };
            out.push(Entry {
                created,
                modified,
                value: to_json(&bench),
            });
        }
        for org in originators {
            let originator = Organization {
                head: Head::new(
                    self.urls.at(&format!("organization/org-{}", org.id)),
                    "Organization",
                    org.created_at,
                    org.updated_at,
                ),
                body: self.body_url(),
                name: org.name.clone(),
                short_name: None,
                organization_type: "Institution",
                classification: kind_name(&org.kind),
                sub_organization_of: None,
                membership: Vec::new(),
                website: org.website.clone(),
                keyword: org.ags.iter().map(|a| format!("AGS {a}")).collect(),
                web: Some(format!("{}/organisationen/{}", self.urls.web, org.id)),
            };
            out.push(Entry {
                created: org.created_at,
                modified: org.updated_at,
                value: to_json(&originator),
            });
        }
        out
    }
}

/// OParl `Body`: the committee, with the URLs of its lists.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    #[serde(flatten)]
    head: Head,
    system: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(skip_serializing_if = "blank")]
    short_name: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    website: String,
    license: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ags: Option<String>,
    classification: &'static str,
    organization: String,
    person: String,
    meeting: String,
    paper: String,
    agenda_item: String,
    consultation: String,
    file: String,
    location_list: String,
    legislative_term_list: String,
    membership: String,
    web: String,
    /// Required by OParl even when empty.
    legislative_term: Vec<LegislativeTerm>,
}

/// OParl `LegislativeTerm`: one calendar year of meetings.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LegislativeTerm {
    #[serde(flatten)]
    head: Head,
    /// Only where the term stands alone (not embedded in its body).
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
}

/// OParl `Organization`: the committee, a bench of it, or an organization that raised a paper.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Organization {
    #[serde(flatten)]
    head: Head,
    body: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(skip_serializing_if = "blank")]
    short_name: Option<String>,
    organization_type: &'static str,
    classification: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_organization_of: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    membership: Vec<String>,
    #[serde(skip_serializing_if = "blank")]
    website: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keyword: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    web: Option<String>,
}
