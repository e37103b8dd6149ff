//! OParl 1.1 (read-only, public objects only) at `/oparl/v1/system`: the committee as a Body
//! with its Organizations, People and Memberships (only with consent), Meetings with
//! AgendaItems, Papers (public demands and accepted public topics) with Consultations, Files
//! (invitation, minutes), Locations and LegislativeTerms (session years).
//!
//! Every object has one URL, built here and nowhere else; lists are paginated with the filters
//! carried into every link; objects that were published and are gone answer with
//! `deleted: true` and are listed when `modified_since` is given. Answers are UTF-8 JSON with
//! `Access-Control-Allow-Origin: *`; errors are OParl Error objects.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gremium::domain::demands::{DemandStatus, status_label};
use gremium::domain::oparl::{
    ListParams, ParamError, SCHEMA, cut, format_date, format_date_time, pages,
};
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::oparl::{self, Body, ItemRow, MeetingRow, PaperRow, Tombstone, Window};
use gremium::store::{Db, StoreError};
use serde_json::{Map, Value, json};

use crate::config::Config;

pub const SYSTEM_PATH: &str = "/oparl/v1/system";
pub const BODIES_PATH: &str = "/oparl/v1/bodies";
pub const BODY_PATH: &str = "/oparl/v1/body/{id}";
pub const BODY_LIST_PATH: &str = "/oparl/v1/body/{id}/{list}";
pub const OBJECT_PATH: &str = "/oparl/v1/{kind}/{key}";

/// Open data licence of everything published here: Datenlizenz Deutschland – Namensnennung 2.0.
const LICENSE: &str = "https://www.govdata.de/dl-de/by-2-0";

type Pairs = Vec<(String, String)>;

/// URLs of the interface and of the web pages it links to.
struct Urls {
    web: String,
    root: String,
}

impl Urls {
    fn new(config: &Config) -> Self {
        let web = config.public_url.trim_end_matches('/').to_owned();
        Self {
            root: format!("{web}/oparl/v1"),
            web,
        }
    }

    fn at(&self, path: &str) -> String {
        format!("{}/{path}", self.root)
    }
}

// ---------------------------------------------------------------------------------------------
// Answers

fn json_response(status: StatusCode, value: &Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

fn error(status: StatusCode, message: &str, debug: &str) -> Response {
    json_response(
        status,
        &json!({
            "type": format!("{SCHEMA}Error"),
            "message": message,
            "debug": debug,
        }),
    )
}

fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "Dieses Objekt gibt es nicht.",
        "no public object at this URL",
    )
}

fn bad_request(problem: &ParamError) -> Response {
    error(StatusCode::BAD_REQUEST, &problem.to_string(), problem.name)
}

fn failed(problem: &StoreError) -> Response {
    tracing::error!(error = %problem, "oparl");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Die Anfrage konnte nicht beantwortet werden.",
        "store error",
    )
}

/// An object map without empty values (OParl: leave out null, "" and []).
struct Object(Map<String, Value>);

impl Object {
    fn new(id: String, kind: &str) -> Self {
        let mut map = Map::new();
        map.insert("id".into(), Value::String(id));
        map.insert("type".into(), Value::String(format!("{SCHEMA}{kind}")));
        Self(map)
    }

    fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        let value = value.into();
        let empty = match &value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if !empty {
            self.0.insert(key.into(), value);
        }
        self
    }

    fn opt<T: Into<Value>>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(value) => self.set(key, value),
            None => self,
        }
    }

    /// `created` and `modified`, which every object carries.
    fn times(self, created: DateTime<Utc>, modified: DateTime<Utc>) -> Self {
        self.set("created", format_date_time(created))
            .set("modified", format_date_time(modified.max(created)))
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

fn tombstone_value(urls: &Urls, kind: &str, stone: &Tombstone) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), Value::String(urls.at(&stone.object)));
    map.insert("type".into(), Value::String(format!("{SCHEMA}{kind}")));
    map.insert("created".into(), format_date_time(stone.created_at).into());
    map.insert(
        "modified".into(),
        format_date_time(stone.deleted_at.max(stone.created_at)).into(),
    );
    map.insert("deleted".into(), Value::Bool(true));
    Value::Object(map)
}

/// An object with its times, so lists can filter before building pages.
struct Entry {
    created: DateTime<Utc>,
    modified: DateTime<Utc>,
    value: Value,
}

fn window(params: &ListParams) -> Window {
    Window {
        created_since: params.created_since,
        created_until: params.created_until,
        modified_since: params.modified_since,
        modified_until: params.modified_until,
    }
}

/// One page of a list whose parts are already filtered: `data`, `pagination`, `links`.
fn list_page(
    urls: &Urls,
    path: &str,
    params: &ListParams,
    total: u64,
    data: Vec<Value>,
) -> Response {
    let last = pages(total, params.limit);
    let link = |page: u64| format!("{}{}", urls.at(path), params.query(page));
    let mut links = Map::new();
    links.insert("first".into(), link(1).into());
    if params.page > 1 {
        links.insert("prev".into(), link((params.page - 1).min(last)).into());
    }
    links.insert("self".into(), link(params.page).into());
    if params.page < last {
        links.insert("next".into(), link(params.page + 1).into());
    }
    links.insert("last".into(), link(last).into());
    json_response(
        StatusCode::OK,
        &json!({
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": params.limit,
                "currentPage": params.page,
                "totalPages": last,
            },
            "links": Value::Object(links),
        }),
    )
}

/// A list held in memory: live objects in the window, then tombstones when asked for.
fn entries_page(
    urls: &Urls,
    path: &str,
    params: &ListParams,
    entries: Vec<Entry>,
    tombstones: Vec<Value>,
) -> Response {
    let within = window(params);
    let mut all: Vec<Value> = entries
        .into_iter()
        .filter(|e| within.contains(e.created, e.modified))
        .map(|e| e.value)
        .collect();
    all.extend(tombstones);
    let total = all.len() as u64;
    let data = all
        .into_iter()
        .skip(usize::try_from(params.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(params.limit).unwrap_or(usize::MAX))
        .collect();
    list_page(urls, path, params, total, data)
}

async fn tombstones_of(
    db: &Db,
    urls: &Urls,
    params: &ListParams,
    kind: &str,
    oparl_type: &str,
) -> Result<Vec<Value>, StoreError> {
    if !params.with_deleted() {
        return Ok(Vec::new());
    }
    let within = window(params);
    Ok(oparl::tombstones(db, kind)
        .await?
        .iter()
        .filter(|s| within.contains(s.created_at, s.deleted_at))
        .map(|s| tombstone_value(urls, oparl_type, s))
        .collect())
}

// ---------------------------------------------------------------------------------------------
// The objects

fn kind_name(kind: &str) -> &'static str {
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

fn decision_kind(kind: &str) -> &'static str {
    match kind {
        "resolution" => "Beschluss",
        "recommendation" => "Empfehlung",
        "notice" => "Kenntnisnahme",
        _ => "Vertagung",
    }
}

fn meeting_state(status: &str) -> &'static str {
    match status {
        "planned" => "terminiert",
        "held" | "minutes_approved" => "durchgeführt",
        _ => "eingeladen",
    }
}

/// Everything of one body the pages below need, with derived facts computed once.
struct View<'a> {
    urls: &'a Urls,
    body: &'a Body,
    /// Public items per session, in agenda order, with their printed numbers.
    items: BTreeMap<i64, Vec<(&'a ItemRow, String)>>,
    /// Meeting id → when it (or anything it embeds) last changed.
    meeting_modified: BTreeMap<i64, DateTime<Utc>>,
    consenting: BTreeSet<i64>,
    /// Whether demands are published under this body (the default committee).
    holds_demands: bool,
}

impl<'a> View<'a> {
    fn new(urls: &'a Urls, body: &'a Body, holds_demands: bool) -> Self {
        let mut items: BTreeMap<i64, Vec<(&ItemRow, String)>> = BTreeMap::new();
        // Items and meetings are read one after the other: an agenda published in between must
        // not bring items of a meeting this view does not hold. The store gives only the public
        // items of each last published version, numbered as published.
        let held: BTreeSet<i64> = body.meetings.iter().map(|m| m.id).collect();
        for item in body.items.iter().filter(|i| held.contains(&i.session_id)) {
            items
                .entry(item.session_id)
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

    fn committee_id(&self) -> i64 {
        self.body.committee.id
    }

    fn body_url(&self) -> String {
        self.urls.at(&format!("body/{}", self.committee_id()))
    }

    fn committee_url(&self) -> String {
        self.urls
            .at(&format!("organization/gremium-{}", self.committee_id()))
    }

    fn committee_times(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            self.body.committee.created_at,
            self.body.committee.updated_at,
        )
    }

    // -- Body and its organizations --------------------------------------------------------

    fn terms(&self) -> Vec<(i32, DateTime<Utc>, DateTime<Utc>)> {
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

    fn term(
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

    fn body_value(&self, omit_internal: bool) -> Value {
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

    fn memberships_of_bench(&self, bench: i64) -> Vec<Value> {
        self.body
            .memberships
            .iter()
            .filter(|m| m.bench_id == bench)
            .map(|m| self.urls.at(&format!("membership/{}", m.id)).into())
            .collect()
    }

    fn organizations(&self, originators: &[oparl::OriginatorRow]) -> Vec<Entry> {
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

    // -- People ----------------------------------------------------------------------------

    fn membership(&self, m: &oparl::MembershipRow, standalone: bool) -> Value {
        Object::new(self.urls.at(&format!("membership/{}", m.id)), "Membership")
            .opt(
                "person",
                standalone.then(|| self.urls.at(&format!("person/{}", m.user_id))),
            )
            .set(
                "organization",
                self.urls.at(&format!("organization/bank-{}", m.bench_id)),
            )
            .set(
                "role",
                if m.seat.is_some() {
                    "Mitglied"
                } else {
                    "Stellvertretung"
                },
            )
            .set("votingRight", m.seat.is_some())
            .set("startDate", format_date(m.valid_from))
            .opt("endDate", m.valid_until.map(format_date))
            .times(m.created_at, m.updated_at)
            .done()
    }

    fn person(&self, p: &oparl::PersonRow, omit_internal: bool) -> Entry {
        let mine: Vec<&oparl::MembershipRow> = self
            .body
            .memberships
            .iter()
            .filter(|m| m.user_id == p.id)
            .collect();
        let modified = mine
            .iter()
            .map(|m| m.updated_at)
            .fold(p.updated_at, DateTime::max);
        let memberships: Vec<Value> = if omit_internal {
            Vec::new()
        } else {
            mine.iter().map(|m| self.membership(m, false)).collect()
        };
        Entry {
            created: p.created_at,
            modified,
            value: Object::new(self.urls.at(&format!("person/{}", p.id)), "Person")
                .set("body", self.body_url())
                .set("name", p.display_name.clone())
                .set("membership", memberships)
                .times(p.created_at, modified)
                .done(),
        }
    }

    // -- Meetings, items, files, locations ------------------------------------------------

    fn meeting_url(&self, id: i64) -> String {
        self.urls.at(&format!("meeting/{id}"))
    }

    fn invitation_file(&self, m: &MeetingRow, standalone: bool) -> Value {
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

    fn minutes_file(&self, m: &MeetingRow, standalone: bool) -> Option<Value> {
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

    fn location(&self, m: &MeetingRow, standalone: bool) -> Option<Value> {
        let place = m.location.clone().filter(|p| !p.trim().is_empty())?;
        Some(
            Object::new(self.urls.at(&format!("location/{}", m.id)), "Location")
                .set("description", place)
                .opt("meetings", standalone.then(|| vec![self.meeting_url(m.id)]))
                .times(m.created_at, m.updated_at)
                .done(),
        )
    }

    fn consultation_key(item: &ItemRow) -> Option<String> {
        item.topic_id
            .map(|_| format!("{}-thema", item.id))
            .or_else(|| item.demand_id.map(|_| format!("{}-bedarf", item.id)))
    }

    fn agenda_item(&self, item: &ItemRow, number: &str, order: usize, standalone: bool) -> Value {
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

    fn meeting(&self, m: &MeetingRow, omit_internal: bool) -> Entry {
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
    fn agenda_items(&self) -> Vec<Entry> {
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

    fn files(&self) -> Vec<Entry> {
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

    fn locations(&self) -> Vec<Entry> {
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

    // -- Papers and consultations ----------------------------------------------------------

    fn paper_url(kind: &str, id: i64, urls: &Urls) -> String {
        urls.at(&format!("paper/{kind}-{id}"))
    }

    /// Items where the paper was treated: (item, its consultation key).
    fn treated(&self, kind: &str, id: i64) -> Vec<&ItemRow> {
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

    fn consultation(&self, item: &ItemRow, kind: &str, paper: i64, standalone: bool) -> Value {
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
    fn consultations(&self) -> Vec<Entry> {
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

    fn paper(&self, row: &PaperRow, kind: &str) -> Value {
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

// ---------------------------------------------------------------------------------------------
// Handlers

async fn load_body(db: &Db, id: i64) -> Result<Option<(Body, bool)>, StoreError> {
    let Some(body) = oparl::body(db, id).await? else {
        return Ok(None);
    };
    let holds_demands = gremium::store::committees::default_id(db).await? == id;
    Ok(Some((body, holds_demands)))
}

fn params(pairs: &Pairs) -> Result<ListParams, ParamError> {
    ListParams::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

pub async fn system(State(db): State<Db>, State(config): State<Config>) -> Response {
    let urls = Urls::new(&config);
    let committees = match oparl::committees(&db).await {
        Ok(list) => list,
        Err(problem) => return failed(&problem),
    };
    let created = committees
        .iter()
        .map(|c| c.created_at)
        .min()
        .unwrap_or_else(Utc::now);
    let modified = committees
        .iter()
        .map(|c| c.updated_at)
        .max()
        .unwrap_or(created);
    let value = Object::new(urls.at("system"), "System")
        .set("oparlVersion", SCHEMA)
        .set("name", "Gremium")
        .set("body", urls.at("bodies"))
        .set("license", LICENSE)
        .set("website", urls.web.clone())
        .set("web", urls.web.clone())
        .times(created, modified)
        .done();
    json_response(StatusCode::OK, &value)
}

pub async fn bodies(
    State(db): State<Db>,
    State(config): State<Config>,
    Query(pairs): Query<Pairs>,
) -> Response {
    let urls = Urls::new(&config);
    let params = match params(&pairs) {
        Ok(p) => p,
        Err(problem) => return bad_request(&problem),
    };
    let committees = match oparl::committees(&db).await {
        Ok(list) => list,
        Err(problem) => return failed(&problem),
    };
    let mut entries = Vec::new();
    for committee in committees {
        match load_body(&db, committee.id).await {
            Ok(Some((body, holds))) => {
                let view = View::new(&urls, &body, holds);
                entries.push(Entry {
                    created: committee.created_at,
                    modified: committee.updated_at,
                    value: view.body_value(params.omit_internal),
                });
            }
            Ok(None) => {}
            Err(problem) => return failed(&problem),
        }
    }
    entries_page(&urls, "bodies", &params, entries, Vec::new())
}

pub async fn body(
    State(db): State<Db>,
    State(config): State<Config>,
    Path(id): Path<String>,
) -> Response {
    let urls = Urls::new(&config);
    let Some(id) = canonical_id(&id) else {
        return not_found();
    };
    match load_body(&db, id).await {
        Ok(Some((body, holds))) => json_response(
            StatusCode::OK,
            &View::new(&urls, &body, holds).body_value(false),
        ),
        Ok(None) => not_found(),
        Err(problem) => failed(&problem),
    }
}

/// A decimal id without sign or leading zeros (one spelling per object).
fn canonical_id(text: &str) -> Option<i64> {
    let id: i64 = text.parse().ok()?;
    (id > 0 && id.to_string() == text).then_some(id)
}

pub async fn body_list(
    State(db): State<Db>,
    State(config): State<Config>,
    Path((id, list)): Path<(String, String)>,
    Query(pairs): Query<Pairs>,
) -> Response {
    let urls = Urls::new(&config);
    let Some(id) = canonical_id(&id) else {
        return not_found();
    };
    let params = match params(&pairs) {
        Ok(p) => p,
        Err(problem) => return bad_request(&problem),
    };
    let (body, holds) = match load_body(&db, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(problem) => return failed(&problem),
    };
    let view = View::new(&urls, &body, holds);
    let path = format!("body/{id}/{list}");
    let result = match list.as_str() {
        "organizations" => match oparl::originators(&db, id).await {
            Ok(originators) => Ok((view.organizations(&originators), Vec::new())),
            Err(problem) => Err(problem),
        },
        "people" => tombstones_of(&db, &urls, &params, "person", "Person")
            .await
            .map(|t| {
                let people = body
                    .persons
                    .iter()
                    .map(|p| view.person(p, params.omit_internal))
                    .collect();
                (people, t)
            }),
        "memberships" => tombstones_of(&db, &urls, &params, "membership", "Membership")
            .await
            .map(|t| {
                let all = body
                    .memberships
                    .iter()
                    .map(|m| Entry {
                        created: m.created_at,
                        modified: m.updated_at,
                        value: view.membership(m, true),
                    })
                    .collect();
                (all, t)
            }),
        "meetings" => tombstones_of(&db, &urls, &params, "meeting", "Meeting")
            .await
            .map(|t| {
                let all = body
                    .meetings
                    .iter()
                    .map(|m| view.meeting(m, params.omit_internal))
                    .collect();
                (all, t)
            }),
        "agenda-items" => tombstones_of(&db, &urls, &params, "agenda-item", "AgendaItem")
            .await
            .map(|t| (view.agenda_items(), t)),
        "consultations" => Ok((view.consultations(), Vec::new())),
        "files" => Ok((view.files(), Vec::new())),
        "locations" => Ok((view.locations(), Vec::new())),
        "legislative-terms" => Ok((
            view.terms()
                .into_iter()
                .map(|(year, created, modified)| Entry {
                    created,
                    modified,
                    value: view.term(year, created, modified, true),
                })
                .collect(),
            Vec::new(),
        )),
        "papers" => return papers(&db, &urls, &view, &params, &path).await,
        _ => return not_found(),
    };
    match result {
        Ok((entries, tombstones)) => entries_page(&urls, &path, &params, entries, tombstones),
        Err(problem) => failed(&problem),
    }
}

/// Papers: public demands (paged in SQL), then accepted public topics, then tombstones.
async fn papers(
    db: &Db,
    urls: &Urls,
    view: &View<'_>,
    params: &ListParams,
    path: &str,
) -> Response {
    let within = window(params);
    let topics: Vec<&PaperRow> = view
        .body
        .topics
        .iter()
        .filter(|t| within.contains(t.created_at, t.modified_at))
        .collect();
    let stones = match tombstones_of(db, urls, params, "paper", "Paper").await {
        Ok(stones) => stones,
        Err(problem) => return failed(&problem),
    };
    let demand_total = if view.holds_demands {
        match oparl::demand_papers(db, &within, 0, 0).await {
            Ok((total, _)) => total,
            Err(problem) => return failed(&problem),
        }
    } else {
        0
    };
    let parts = [demand_total, topics.len() as u64, stones.len() as u64];
    let mut data = Vec::new();
    for (part, offset, count) in cut(&parts, params.offset(), params.limit) {
        let (from, to) = (
            usize::try_from(offset).unwrap_or(usize::MAX),
            usize::try_from(offset + count).unwrap_or(usize::MAX),
        );
        match part {
            0 => match oparl::demand_papers(db, &within, offset, count).await {
                Ok((_, rows)) => data.extend(rows.iter().map(|r| view.paper(r, "bedarf"))),
                Err(problem) => return failed(&problem),
            },
            1 => data.extend(topics[from..to].iter().map(|t| view.paper(t, "thema"))),
            _ => data.extend(stones[from..to].iter().cloned()),
        }
    }
    list_page(urls, path, params, parts.iter().sum(), data)
}

pub async fn object(
    State(db): State<Db>,
    State(config): State<Config>,
    Path((kind, key)): Path<(String, String)>,
) -> Response {
    let urls = Urls::new(&config);
    match find(&db, &urls, &kind, &key).await {
        Ok(Some(value)) => json_response(StatusCode::OK, &value),
        Ok(None) => {
            let (oparl_type, path) = match kind.as_str() {
                "meeting" => ("Meeting", format!("meeting/{key}")),
                "agenda-item" => ("AgendaItem", format!("agenda-item/{key}")),
                "paper" => ("Paper", format!("paper/{key}")),
                "person" => ("Person", format!("person/{key}")),
                "membership" => ("Membership", format!("membership/{key}")),
                _ => return not_found(),
            };
            match oparl::tombstone(&db, &path).await {
                Ok(Some(stone)) => {
                    json_response(StatusCode::OK, &tombstone_value(&urls, oparl_type, &stone))
                }
                Ok(None) => not_found(),
                Err(problem) => failed(&problem),
            }
        }
        Err(problem) => failed(&problem),
    }
}

/// Splits "bank-3" into ("bank", 3), insisting on the canonical spelling of the number.
fn keyed(key: &str, prefixes: &[&'static str]) -> Option<(&'static str, i64)> {
    let (prefix, number) = key.rsplit_once('-')?;
    let prefix = prefixes.iter().find(|p| **p == prefix)?;
    Some((prefix, canonical_id(number)?))
}

/// The live object at `kind/key`, looked for in every body.
async fn find(db: &Db, urls: &Urls, kind: &str, key: &str) -> Result<Option<Value>, StoreError> {
    // Objects named by their committee's id first.
    let committee_of_key = match kind {
        "organization" => keyed(key, &["gremium"]).map(|(_, id)| id),
        "legislative-term" => key.split_once('-').and_then(|(c, _)| canonical_id(c)),
        _ => None,
    };
    let committees: Vec<i64> = match committee_of_key {
        Some(id) => vec![id],
        None => oparl::committees(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect(),
    };
    for committee in committees {
        let Some((body, holds)) = load_body(db, committee).await? else {
            continue;
        };
        let view = View::new(urls, &body, holds);
        if let Some(value) = find_in(db, &view, kind, key).await? {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

async fn find_in(
    db: &Db,
    view: &View<'_>,
    kind: &str,
    key: &str,
) -> Result<Option<Value>, StoreError> {
    let body = view.body;
    let value = match kind {
        "organization" => {
            let Some((prefix, id)) = keyed(key, &["gremium", "bank", "org"]) else {
                return Ok(None);
            };
            let originators = if prefix == "org" {
                oparl::originators(db, body.committee.id).await?
            } else {
                Vec::new()
            };
            let wanted = view.urls.at(&format!("organization/{prefix}-{id}"));
            view.organizations(&originators)
                .into_iter()
                .map(|e| e.value)
                .find(|v| v["id"] == wanted.as_str())
        }
        "person" => canonical_id(key).and_then(|id| {
            body.persons
                .iter()
                .find(|p| p.id == id)
                .map(|p| view.person(p, false).value)
        }),
        "membership" => canonical_id(key).and_then(|id| {
            body.memberships
                .iter()
                .find(|m| m.id == id)
                .map(|m| view.membership(m, true))
        }),
        "meeting" => canonical_id(key).and_then(|id| {
            body.meetings
                .iter()
                .find(|m| m.id == id)
                .map(|m| view.meeting(m, false).value)
        }),
        "agenda-item" => canonical_id(key).and_then(|id| {
            view.items.values().find_map(|items| {
                items
                    .iter()
                    .enumerate()
                    .find(|(_, (item, _))| item.id == id)
                    .map(|(order, (item, number))| view.agenda_item(item, number, order, true))
            })
        }),
        "consultation" => {
            let Some((item, kind)) = key.split_once('-') else {
                return Ok(None);
            };
            let Some(item) = canonical_id(item) else {
                return Ok(None);
            };
            view.items
                .values()
                .flatten()
                .find(|(i, _)| i.id == item)
                .and_then(|(i, _)| match kind {
                    "thema" => i.topic_id.map(|t| view.consultation(i, "thema", t, true)),
                    "bedarf" if view.holds_demands => {
                        i.demand_id.map(|d| view.consultation(i, "bedarf", d, true))
                    }
                    _ => None,
                })
        }
        "paper" => match keyed(key, &["thema", "bedarf"]) {
            Some(("thema", id)) => body
                .topics
                .iter()
                .find(|t| t.id == id)
                .map(|t| view.paper(t, "thema")),
            Some((_, id)) if view.holds_demands => oparl::demand_paper(db, id)
                .await?
                .map(|row| view.paper(&row, "bedarf")),
            _ => None,
        },
        "file" => {
            let Some((prefix, id)) = keyed(key, &["einladung", "niederschrift"]) else {
                return Ok(None);
            };
            body.meetings.iter().find(|m| m.id == id).and_then(|m| {
                if prefix == "einladung" {
                    Some(view.invitation_file(m, true))
                } else {
                    view.minutes_file(m, true)
                }
            })
        }
        "location" => canonical_id(key).and_then(|id| {
            body.meetings
                .iter()
                .find(|m| m.id == id)
                .and_then(|m| view.location(m, true))
        }),
        "legislative-term" => {
            let wanted = view.urls.at(&format!("legislative-term/{key}"));
            view.terms()
                .into_iter()
                .map(|(year, created, modified)| view.term(year, created, modified, true))
                .find(|v| v["id"] == wanted.as_str())
        }
        _ => None,
    };
    Ok(value)
}
