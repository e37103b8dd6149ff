//! OParl 1.1 (read-only, public objects only) at `/oparl/v1/system`: the committee as a Body
//! with its Organizations, People and Memberships (only with consent), Meetings with
//! AgendaItems, Papers (public demands and accepted public topics) with Consultations, Files
//! (invitation, minutes), Locations and LegislativeTerms (meeting years).
//!
//! Each object type is a serde struct beside the code that builds it (`body`, `people`,
//! `meeting`, `paper`; `System` here), and what OParl says to leave out when empty is declared
//! on its fields. Every object has one URL, built here and nowhere else; lists are paginated with the filters
//! carried into every link; objects that were published and are gone answer with
//! `deleted: true` and are listed when `modified_since` is given. Answers are UTF-8 JSON with
//! `Access-Control-Allow-Origin: *`; errors are OParl Error objects.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use gremium::domain::oparl::{ListParams, ParamError, SCHEMA, cut};
use gremium::store::oparl::{self, Body, PaperRow};
use gremium::store::{Db, StoreError};
use serde::Serialize;
use serde_json::Value;

use crate::config::Config;

mod answer;
mod body;
mod meeting;
mod paper;
mod people;
mod view;

use answer::{
    Entry, Head, bad_request, entries_page, failed, json_response, list_page, not_found, to_json,
    tombstone_value, tombstones_of, window,
};
use view::View;

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
    let value = to_json(&System {
        head: Head::new(urls.at("system"), "System", created, modified),
        oparl_version: SCHEMA,
        name: "Gremium",
        body: urls.at("bodies"),
        license: LICENSE,
        website: urls.web.clone(),
        web: urls.web.clone(),
    });
    json_response(StatusCode::OK, &value)
}

/// OParl `System`: the entry point, naming the list of bodies.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct System {
    #[serde(flatten)]
    head: Head,
    oparl_version: &'static str,
    name: &'static str,
    body: String,
    license: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    website: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    web: String,
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
                        value: to_json(&view.membership(m, true)),
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
                    value: to_json(&view.term(year, created, modified, true)),
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
                .map(|m| to_json(&view.membership(m, true)))
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
                    .map(|(order, (item, number))| {
                        to_json(&view.agenda_item(item, number, order, true))
                    })
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
                    "thema" => i
                        .topic_id
                        .map(|t| to_json(&view.consultation(i, "thema", t, true))),
                    "bedarf" if view.holds_demands => i
                        .demand_id
                        .map(|d| to_json(&view.consultation(i, "bedarf", d, true))),
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
                    Some(to_json(&view.invitation_file(m, true)))
                } else {
                    view.minutes_file(m, true).map(|f| to_json(&f))
                }
            })
        }
        "location" => canonical_id(key).and_then(|id| {
            body.meetings
                .iter()
                .find(|m| m.id == id)
                .and_then(|m| view.location(m, true))
                .map(|l| to_json(&l))
        }),
        "legislative-term" => {
            let wanted = view.urls.at(&format!("legislative-term/{key}"));
            view.terms()
                .into_iter()
                .map(|(year, created, modified)| to_json(&view.term(year, created, modified, true)))
                .find(|v| v["id"] == wanted.as_str())
        }
        _ => None,
    };
    Ok(value)
}
