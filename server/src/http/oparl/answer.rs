//! How OParl answers: JSON with CORS, Error objects, objects without empty values, tombstones
//! and paginated lists.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use gremium::domain::oparl::{ListParams, ParamError, SCHEMA, format_date_time, pages};
use gremium::store::oparl::{self, Tombstone, Window};
use gremium::store::{Db, StoreError};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::Urls;

pub(super) fn json_response(status: StatusCode, value: &Value) -> Response {
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

pub(super) fn error(status: StatusCode, message: &str, debug: &str) -> Response {
    json_response(
        status,
        &json!({
            "type": format!("{SCHEMA}Error"),
            "message": message,
            "debug": debug,
        }),
    )
}

pub(super) fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "Dieses Objekt gibt es nicht.",
        "no public object at this URL",
    )
}

pub(super) fn bad_request(problem: &ParamError) -> Response {
    error(StatusCode::BAD_REQUEST, &problem.to_string(), problem.name)
}

pub(super) fn failed(problem: &StoreError) -> Response {
    let status = crate::http::store_status(problem, "oparl");
    if status == StatusCode::SERVICE_UNAVAILABLE {
        return error(
            status,
            "Die Datenbank ist gerade nicht erreichbar. Bitte später noch einmal versuchen.",
            "service unavailable",
        );
    }
    error(
        status,
        "Die Anfrage konnte nicht beantwortet werden.",
        "store error",
    )
}

/// What every OParl object carries: its URL, its type, and when it was created and last
/// modified (never before it was created).
#[derive(Clone, Debug, Serialize)]
pub(super) struct Head {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    created: String,
    modified: String,
}

impl Head {
    pub(super) fn new(
        id: String,
        kind: &str,
        created: DateTime<Utc>,
        modified: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            kind: format!("{SCHEMA}{kind}"),
            created: format_date_time(created),
            modified: format_date_time(modified.max(created)),
        }
    }
}

/// An object that was published and is gone: OParl lists it with `deleted: true`.
#[derive(Serialize)]
struct Deleted {
    #[serde(flatten)]
    head: Head,
    deleted: bool,
}

/// OParl leaves out what has no value: `None`, `Some("")`.
pub(super) fn blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(str::is_empty)
}

/// A typed object as JSON.
pub(super) fn to_json(object: &impl Serialize) -> Value {
    // Only maps with non-string keys fail to serialize; OParl objects have none.
    serde_json::to_value(object).unwrap_or(Value::Null)
}

pub(super) fn tombstone_value(urls: &Urls, kind: &str, stone: &Tombstone) -> Value {
    to_json(&Deleted {
        head: Head::new(
            urls.at(&stone.object),
            kind,
            stone.created_at,
            stone.deleted_at,
        ),
        deleted: true,
    })
}

/// An object with its times, so lists can filter before building pages.
pub(super) struct Entry {
    pub(super) created: DateTime<Utc>,
    pub(super) modified: DateTime<Utc>,
    pub(super) value: Value,
}

pub(super) fn window(params: &ListParams) -> Window {
    Window {
        created_since: params.created_since,
        created_until: params.created_until,
        modified_since: params.modified_since,
        modified_until: params.modified_until,
    }
}

/// One page of a list whose parts are already filtered: `data`, `pagination`, `links`.
pub(super) fn list_page(
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
pub(super) fn entries_page(
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

pub(super) async fn tombstones_of(
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
