//! The REST API for demands, version 1 (`/api/v1`): list with the list page's filters, one
//! demand with its timeline, raise, co-sign and withdraw a co-signature for the caller's
//! organization. Reading works without a token (public demands); writing needs a personal API
//! token (`Authorization: Bearer grm_…`, made on the account page) with the scope
//! `bedarfe:schreiben`, and acts for the token owner's organization only. Errors are RFC 9457
//! problem details. Requests are limited per token, and per address without one.
//!
//! The OpenAPI document is generated from these handlers and types (utoipa) and served at
//! `/api/v1/openapi.json`; `/api/v1/docs` renders it as a page.

use std::num::NonZeroU32;
use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRef, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use gremium::domain::account::Principal;
use gremium::domain::api_tokens::Scope;
use gremium::domain::demands::{Demand, DemandEvent, DemandInput, Visibility, status_label};
use gremium::domain::form::{FormErrors, required_text};
use gremium::domain::visibility::Reader;
use gremium::secret::hash_token;
use gremium::store::{Db, StoreError, api_tokens, committees, demands, users};
use gremium::usecases;
use gremium_app::auth::ClientIp;
use gremium_app::query::demands::DemandQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::config::Config;

pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";
pub const DOCS_PATH: &str = "/api/v1/docs";
pub const DEMANDS_PATH: &str = "/api/v1/demands";
pub const DEMAND_PATH: &str = "/api/v1/demands/{id}";
pub const COSIGNATURE_PATH: &str = "/api/v1/demands/{id}/cosignature";

/// Requests per minute and key (token, or address without one).
#[derive(Clone)]
pub struct ApiLimiter(Arc<DefaultKeyedRateLimiter<String>>);

impl ApiLimiter {
    pub fn new(per_minute: u32) -> Self {
        let rate = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self(Arc::new(RateLimiter::keyed(Quota::per_minute(rate))))
    }

    /// Counts one request for `key`. Every so often the keys whose quota has refilled are
    /// dropped, so addresses and tokens seen once do not pile up in memory.
    fn allows(&self, key: String) -> bool {
        let allowed = self.0.check_key(&key).is_ok();
        if self.0.len() > PRUNE_ABOVE {
            self.0.retain_recent();
            self.0.shrink_to_fit();
        }
        allowed
    }
}

/// Limiter keys kept before the ones at full quota are dropped.
const PRUNE_ABOVE: usize = 10_000;

// ---------------------------------------------------------------------------------------------
// Problems (RFC 9457)

/// A problem detail: what went wrong, for people (`title`, `detail`) and programs (`type`,
/// `status`, and `errors` per field).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The fields that were refused, with a code per field (`required`, `too_long` …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub problem: String,
}

fn problem(status: StatusCode, kind: &str, title: &str, detail: Option<String>) -> Response {
    problem_with(status, kind, title, detail, Vec::new())
}

fn problem_with(
    status: StatusCode,
    kind: &str,
    title: &str,
    detail: Option<String>,
    errors: Vec<FieldProblem>,
) -> Response {
    let body = Problem {
        kind: format!("https://gremium.example/probleme/{kind}"),
        title: title.to_owned(),
        status: status.as_u16(),
        detail,
        errors,
    };
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

fn unauthorized() -> Response {
    let mut response = problem(
        StatusCode::UNAUTHORIZED,
        "token-fehlt",
        "Ein gültiger API-Schlüssel wird gebraucht.",
        Some("Authorization: Bearer <Schlüssel>; Schlüssel erstellen Sie unter /konto/api-schluessel.".into()),
    );
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn forbidden(detail: &str) -> Response {
    problem(
        StatusCode::FORBIDDEN,
        "nicht-erlaubt",
        "Das darf dieser Schlüssel nicht.",
        Some(detail.to_owned()),
    )
}

fn not_found() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "nicht-gefunden",
        "Diesen Bedarf gibt es nicht.",
        None,
    )
}

fn failed(error: &StoreError) -> Response {
    tracing::error!(%error, "api");
    problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "serverfehler",
        "Die Anfrage konnte nicht bearbeitet werden.",
        None,
    )
}

fn invalid(form: &FormErrors) -> Response {
    let errors = form
        .errors
        .iter()
        .map(|e| FieldProblem {
            field: e.field.clone(),
            // A problem with details (`{"demand_move": {…}}`) is named by its key.
            problem: serde_json::to_value(e.problem)
                .ok()
                .and_then(|v| match v {
                    serde_json::Value::String(code) => Some(code),
                    serde_json::Value::Object(map) => map.keys().next().cloned(),
                    _ => None,
                })
                .unwrap_or_default(),
        })
        .collect();
    problem_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        "ungueltige-eingabe",
        "Die Eingabe wurde abgelehnt.",
        None,
        errors,
    )
}

// ---------------------------------------------------------------------------------------------
// Who asks

/// The caller: nobody (public), or a token's person with its scopes. Extracting it reads the
/// bearer token and applies the rate limit; a refusal is the answer to send.
pub struct Caller {
    principal: Option<Principal>,
    scopes: Vec<Scope>,
    ip: Option<ClientIp>,
}

impl<S> FromRequestParts<S> for Caller
where
    Db: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let db = Db::from_ref(state);
        let Some(limiter) = parts.extensions.get::<ApiLimiter>().cloned() else {
            tracing::error!("the API's rate limiter is not installed");
            return Err(failed(&StoreError::NotAllowed));
        };
        let ip = parts.extensions.get::<ClientIp>().cloned();
        caller(&db, &limiter, &parts.headers, ip).await
    }
}

/// Reads the bearer token (if any) and applies the rate limit. `Err` is the answer to send.
async fn caller(
    db: &Db,
    limiter: &ApiLimiter,
    headers: &HeaderMap,
    ip: Option<ClientIp>,
) -> Result<Caller, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").map(str::trim));
    let hash = match token {
        None => None,
        Some(Some(token)) if !token.is_empty() => Some(hash_token(token)),
        Some(_) => return Err(unauthorized()),
    };
    // A known token has its own quota; the public and unknown tokens share their address's,
    // so guessing tokens does not buy fresh quota.
    let found = match &hash {
        Some(hash) => match api_tokens::authenticate(db, hash).await {
            Ok(found) => found,
            Err(error) => return Err(failed(&error)),
        },
        None => None,
    };
    let key = match &found {
        Some((id, ..)) => format!("token:{id}"),
        None => format!("ip:{}", ip.as_ref().map_or("unbekannt", |ip| ip.0.as_str())),
    };
    if !limiter.allows(key) {
        let mut response = problem(
            StatusCode::TOO_MANY_REQUESTS,
            "zu-viele-anfragen",
            "Zu viele Anfragen.",
            Some("Bitte warten Sie eine Minute.".into()),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        return Err(response);
    }
    let (token, user, scopes, stale) = match (hash, found) {
        (None, _) => {
            return Ok(Caller {
                principal: None,
                scopes: vec![Scope::ReadDemands],
                ip,
            });
        }
        (Some(_), None) => return Err(unauthorized()),
        (Some(_), Some(found)) => found,
    };
    if stale {
        // Noted outside the request's path: the answer never waits for the database's writer.
        let db = db.clone();
        tokio::spawn(async move {
            if let Err(error) = api_tokens::note_use(&db, token).await {
                tracing::warn!(%error, token, "cannot note the token's use");
            }
        });
    }
    match users::principal(db, user).await {
        Ok(Some((principal, _))) => Ok(Caller {
            principal: Some(principal),
            scopes,
            ip,
        }),
        Ok(None) => Err(unauthorized()),
        Err(error) => Err(failed(&error)),
    }
}

async fn visibility(db: &Db, caller: &Caller) -> Result<Visibility, Response> {
    let committee = committees::default_id(db).await.map_err(|e| failed(&e))?;
    Ok(Visibility::of(caller.principal.as_ref(), committee))
}

/// A caller that may write: a token with the write scope whose person represents an
/// organization. Yields (principal, organization id).
#[expect(
    clippy::result_large_err,
    reason = "an early answer is a ready response; boxing it adds nothing"
)]
fn writer(caller: &Caller) -> Result<(&Principal, i64), Response> {
    let Some(principal) = &caller.principal else {
        return Err(unauthorized());
    };
    if !caller.scopes.contains(&Scope::WriteDemands) {
        return Err(forbidden(
            "Der Schlüssel hat die Berechtigung „bedarfe:schreiben“ nicht.",
        ));
    }
    let organization = principal.organization.as_ref().ok_or_else(|| {
        forbidden("Nur wer eine Organisation vertritt, reicht ein und zeichnet mit.")
    })?;
    Ok((principal, organization.id))
}

/// A writer (see `writer`) on a demand they may see.
async fn writing_on(db: &Db, caller: &Caller, id: i64) -> Result<(Principal, i64), Response> {
    let (principal, organization) = writer(caller)?;
    visible(db, caller, id).await?;
    Ok((principal.clone(), organization))
}

#[expect(
    clippy::result_large_err,
    reason = "an early answer is a ready response; boxing it adds nothing"
)]
fn reader_allowed(caller: &Caller) -> Result<(), Response> {
    if caller.scopes.contains(&Scope::ReadDemands) {
        Ok(())
    } else {
        Err(forbidden(
            "Der Schlüssel hat die Berechtigung „bedarfe:lesen“ nicht.",
        ))
    }
}

fn actor_of(principal: &Principal, caller: &Caller) -> gremium::domain::audit::Actor {
    gremium::domain::audit::Actor {
        user_id: Some(principal.user_id),
        label: format!("{} (API)", principal.email),
        ip: caller.ip.as_ref().map(|ip| ip.0.clone()),
    }
}

// ---------------------------------------------------------------------------------------------
// What crosses the wire

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// A demand.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DemandOut {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub problem: String,
    /// Markdown.
    pub outcome: String,
    pub category: Named,
    pub tags: Vec<String>,
    /// `low`, `normal` or `high`.
    pub urgency: String,
    pub links: Vec<String>,
    pub public: bool,
    /// `draft`, `submitted`, `in_review`, `accepted`, `in_progress`, `forwarded`, `resolved`,
    /// `declined`, `merged` or `withdrawn`.
    pub status: String,
    /// The status in German, as the pages show it.
    pub status_label: String,
    /// The raising organization.
    pub organization: Named,
    /// Organizations that co-signed (the raiser not counted).
    pub cosignatures: i64,
    pub forwarded_to: Option<String>,
    pub reference: Option<String>,
    /// `YYYY-MM-DD`.
    pub follow_up: Option<String>,
    pub decline_reason: Option<String>,
    pub merged_into: Option<i64>,
    /// Send it back to change the demand (not yet offered here).
    pub version: i64,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    /// The demand's page.
    pub url: String,
}

fn demand_out(d: Demand, web: &str) -> DemandOut {
    DemandOut {
        url: format!("{web}/bedarfe/{}", d.id),
        id: d.id,
        title: d.title,
        problem: d.problem,
        outcome: d.outcome,
        category: Named {
            id: d.category.id,
            name: d.category.name,
        },
        tags: d.tags,
        urgency: d.urgency.as_str().to_owned(),
        links: d.links,
        public: d.public,
        status: d.status.as_str().to_owned(),
        status_label: status_label(d.status).to_owned(),
        organization: Named {
            id: d.organization_id,
            name: d.organization_name,
        },
        cosignatures: d.cosignatures,
        forwarded_to: d.forwarded_to,
        reference: d.reference,
        follow_up: d.follow_up.map(|f| f.format("%Y-%m-%d").to_string()),
        decline_reason: d.decline_reason,
        merged_into: d.merged_into,
        version: d.version,
        created_at: d.created_at.to_rfc3339(),
        updated_at: d.updated_at.to_rfc3339(),
    }
}

/// One page of demands.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DemandPage {
    pub items: Vec<DemandOut>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// The next page, absent on the last.
    pub next: Option<String>,
}

/// A timeline entry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventOut {
    /// RFC 3339.
    pub at: String,
    /// `raised`, `edited`, `status`, `cosigned`, `cosign_withdrawn`, `merged_in`, `topic`,
    /// `decision`.
    pub kind: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub comment: Option<String>,
    /// The organization that co-signed or withdrew.
    pub organization: Option<String>,
    pub session: Option<i64>,
    /// The decision's number, e.g. "2026-11/3".
    pub decision: Option<String>,
}

fn event_out(e: DemandEvent) -> EventOut {
    EventOut {
        at: e.at.to_rfc3339(),
        kind: e.kind.as_str().to_owned(),
        from: e.from.map(|s| s.as_str().to_owned()),
        to: e.to.map(|s| s.as_str().to_owned()),
        comment: e.comment,
        organization: e.organization,
        session: e.session.map(|(id, _)| id),
        decision: e.decision.map(|(_, number)| number),
    }
}

/// A demand with its timeline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DemandDetail {
    pub demand: DemandOut,
    pub timeline: Vec<EventOut>,
}

/// A new demand, raised for the token owner's organization.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDemand {
    pub title: String,
    pub problem: String,
    pub outcome: String,
    /// A Themenfeld id (see a demand's `category`).
    pub category: i64,
    #[serde(default)]
    pub tags: Vec<String>,
    /// `low`, `normal` or `high`.
    pub urgency: String,
    #[serde(default)]
    pub links: Vec<String>,
    /// Public demands are seen by everyone; internal ones by the committee's people.
    pub public: bool,
    /// Keep it as a draft (seen only by the own organization) instead of submitting it.
    #[serde(default)]
    pub draft: bool,
}

/// A co-signature, always for the token owner's organization (there is no field to name
/// another one; unknown fields are refused).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CosignIn {
    /// Why the organization shares the demand (shown on the demand).
    pub reason: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CosignOut {
    pub demand: i64,
    pub organization: i64,
    /// False when the organization had co-signed already (nothing counted twice).
    pub counted: bool,
    pub cosignatures: i64,
}

/// The list's filters: the same as the list page's URL.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilters {
    /// Search text (German stemming, every word also as a prefix).
    q: Option<String>,
    /// A status, e.g. `submitted`.
    status: Option<String>,
    /// A Themenfeld id.
    kategorie: Option<String>,
    /// A Land (organization id).
    land: Option<String>,
    /// `kreis`, `stadt`, `gemeinde` or `other`.
    art: Option<String>,
    /// Raised or co-signed by this organization (id).
    org: Option<String>,
    /// Raised on or after (`YYYY-MM-DD`).
    von: Option<String>,
    /// Raised on or before (`YYYY-MM-DD`).
    bis: Option<String>,
    /// `neu`, `unterstuetzung` or `relevanz`.
    sortierung: Option<String>,
    /// Page, from 1.
    seite: Option<String>,
}

impl ListFilters {
    fn query(self) -> DemandQuery {
        let clean = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        DemandQuery {
            q: clean(self.q),
            status: clean(self.status),
            kategorie: clean(self.kategorie),
            land: clean(self.land),
            art: clean(self.art),
            org: clean(self.org),
            von: clean(self.von),
            bis: clean(self.bis),
            sortierung: clean(self.sortierung),
            seite: clean(self.seite),
        }
    }
}

fn web(config: &Config) -> String {
    config.public_url.trim_end_matches('/').to_owned()
}

// ---------------------------------------------------------------------------------------------
// Handlers

/// Demands the caller may see, filtered and paginated.
#[utoipa::path(
    get,
    path = "/api/v1/demands",
    tag = "Bedarfe",
    params(ListFilters),
    responses(
        (status = 200, description = "One page of demands", body = DemandPage),
        (status = 400, description = "A filter value is not understood", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The token is unknown or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("token" = []))
)]
pub async fn list(
    State(db): State<Db>,
    State(config): State<Config>,
    caller: Caller,
    Query(filters): Query<ListFilters>,
) -> Response {
    if let Err(response) = reader_allowed(&caller) {
        return response;
    }
    let query = filters.query();
    if let Some(name) = query.invalid() {
        return problem(
            StatusCode::BAD_REQUEST,
            "ungueltiger-filter",
            "Ein Filterwert ist ungültig.",
            Some(format!("Der Wert von „{name}“ wird nicht verstanden.")),
        );
    }
    let visibility = match visibility(&db, &caller).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let page = match demands::list(&db, &query.to_filter(), visibility, query.page_request()).await
    {
        Ok(page) => page,
        Err(error) => return failed(&error),
    };
    let web = web(&config);
    let last = page.total.div_ceil(u64::from(page.per_page.max(1)));
    let next = (u64::from(page.page) < last).then(|| {
        let url = query.url_for_page(page.page + 1);
        let query_part = url.split_once('?').map_or("", |(_, q)| q);
        format!("{web}{DEMANDS_PATH}?{query_part}")
    });
    Json(DemandPage {
        total: page.total,
        page: page.page,
        per_page: page.per_page,
        items: page
            .items
            .into_iter()
            .map(|d| demand_out(d, &web))
            .collect(),
        next,
    })
    .into_response()
}

/// One demand with its timeline.
#[utoipa::path(
    get,
    path = "/api/v1/demands/{id}",
    tag = "Bedarfe",
    params(("id" = i64, Path, description = "The demand's number")),
    responses(
        (status = 200, description = "The demand", body = DemandDetail),
        (status = 404, description = "No such demand, or not for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The token is unknown or revoked", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("token" = []))
)]
pub async fn get(
    State(db): State<Db>,
    State(config): State<Config>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Response {
    if let Err(response) = reader_allowed(&caller) {
        return response;
    }
    let committee = match committees::default_id(&db).await {
        Ok(id) => id,
        Err(error) => return failed(&error),
    };
    let reader = Reader::new(caller.principal.clone(), committee);
    let seen = match usecases::demands::detail(&db, &reader, id).await {
        Ok(seen) => seen,
        Err(StoreError::NotFound) => return not_found(),
        Err(error) => return failed(&error),
    };
    Json(DemandDetail {
        demand: demand_out(seen.demand, &web(&config)),
        timeline: seen.timeline.into_iter().map(event_out).collect(),
    })
    .into_response()
}

async fn visible(db: &Db, caller: &Caller, id: i64) -> Result<Demand, Response> {
    let committee = committees::default_id(db).await.map_err(|e| failed(&e))?;
    let reader = Reader::new(caller.principal.clone(), committee);
    match usecases::demands::get(db, &reader, id).await {
        Ok(demand) => Ok(demand),
        Err(StoreError::NotFound) => Err(not_found()),
        Err(error) => Err(failed(&error)),
    }
}

/// Raises a demand for the token owner's organization.
#[utoipa::path(
    post,
    path = "/api/v1/demands",
    tag = "Bedarfe",
    request_body = NewDemand,
    responses(
        (status = 201, description = "Raised; `Location` names it", body = DemandOut),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not write, or its person represents no organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused input, per field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn raise(
    State(db): State<Db>,
    State(config): State<Config>,
    caller: Caller,
    body: Result<Json<NewDemand>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let (principal, organization) = match writer(&caller) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Json(new) = match body {
        Ok(body) => body,
        Err(rejection) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "ungueltiges-json",
                "Der Inhalt ist kein gültiges JSON für einen Bedarf.",
                Some(rejection.body_text()),
            );
        }
    };
    let input = DemandInput {
        title: new.title,
        problem: new.problem,
        outcome: new.outcome,
        category: new.category.to_string(),
        tags: new.tags.join(", "),
        urgency: new.urgency,
        links: new.links.join("\n"),
        public: new.public,
    };
    let categories: Vec<i64> = match demands::categories(&db).await {
        Ok(list) => list.into_iter().map(|c| c.id).collect(),
        Err(error) => return failed(&error),
    };
    let draft = match input.check(&categories) {
        Ok(draft) => draft,
        Err(form) => return invalid(&form),
    };
    let actor = actor_of(principal, &caller);
    let id = match demands::create(&db, organization, &draft, !new.draft, &actor).await {
        Ok(id) => id,
        Err(error) => return failed(&error),
    };
    let web = web(&config);
    match demands::get(&db, id).await {
        Ok(demand) => {
            let mut response =
                (StatusCode::CREATED, Json(demand_out(demand, &web))).into_response();
            if let Ok(location) = HeaderValue::from_str(&format!("{web}{DEMANDS_PATH}/{id}")) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        Err(error) => failed(&error),
    }
}

/// Co-signs the demand for the token owner's organization; twice counts once.
#[utoipa::path(
    put,
    path = "/api/v1/demands/{id}/cosignature",
    tag = "Bedarfe",
    params(("id" = i64, Path, description = "The demand's number")),
    request_body = CosignIn,
    responses(
        (status = 200, description = "Co-signed (or already co-signed)", body = CosignOut),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not write, or its person represents no organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such demand, or not for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The demand takes no co-signatures (closed, or the own organization's)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused input, per field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn cosign(
    State(db): State<Db>,
    caller: Caller,
    Path(id): Path<i64>,
    body: Result<Json<CosignIn>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let (principal, organization) = match writing_on(&db, &caller, id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Json(input) = match body {
        Ok(body) => body,
        Err(rejection) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "ungueltiges-json",
                "Der Inhalt ist kein gültiges JSON.",
                Some(rejection.body_text()),
            );
        }
    };
    let reason = match required_text(&input.reason, gremium::domain::demands::REASON_MAX) {
        Ok(reason) => reason,
        Err(p) => {
            let mut form = FormErrors::new();
            form.add("reason", p);
            return invalid(&form);
        }
    };
    let actor = actor_of(&principal, &caller);
    let counted = match demands::cosign(&db, id, organization, &reason, &actor).await {
        Ok(counted) => counted,
        Err(StoreError::NotAllowed) => return closed(),
        Err(error) => return failed(&error),
    };
    cosign_answer(&db, id, organization, counted).await
}

fn closed() -> Response {
    problem(
        StatusCode::CONFLICT,
        "keine-mitzeichnung",
        "Dieser Bedarf nimmt keine Mitzeichnung an.",
        Some(
            "Er ist abgeschlossen, ein Entwurf, oder Ihre Organisation hat ihn eingereicht.".into(),
        ),
    )
}

async fn cosign_answer(db: &Db, id: i64, organization: i64, counted: bool) -> Response {
    match demands::get(db, id).await {
        Ok(demand) => Json(CosignOut {
            demand: id,
            organization,
            counted,
            cosignatures: demand.cosignatures,
        })
        .into_response(),
        Err(error) => failed(&error),
    }
}

/// Withdraws the organization's co-signature.
#[utoipa::path(
    delete,
    path = "/api/v1/demands/{id}/cosignature",
    tag = "Bedarfe",
    params(("id" = i64, Path, description = "The demand's number")),
    responses(
        (status = 200, description = "Withdrawn (`counted` false: there was none)", body = CosignOut),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not write, or its person represents no organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such demand, or not for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The demand is closed", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn withdraw(State(db): State<Db>, caller: Caller, Path(id): Path<i64>) -> Response {
    let (principal, organization) = match writing_on(&db, &caller, id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let actor = actor_of(&principal, &caller);
    let removed = match demands::withdraw_cosignature(&db, id, organization, &actor).await {
        Ok(removed) => removed,
        Err(StoreError::NotAllowed) => return closed(),
        Err(error) => return failed(&error),
    };
    cosign_answer(&db, id, organization, removed).await
}

// ---------------------------------------------------------------------------------------------
// The document

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gremium – REST-Schnittstelle für Bedarfe",
        version = "1.0.0",
        description = "Bedarfe lesen, einreichen und mitzeichnen. Lesen geht ohne Schlüssel (öffentliche Bedarfe); Schreiben braucht einen persönlichen API-Schlüssel mit der Berechtigung `bedarfe:schreiben` und handelt für die Organisation seiner Person. Fehler sind Problem Details nach RFC 9457."
    ),
    paths(list, get, raise, cosign, withdraw),
    components(schemas(Problem, FieldProblem, DemandOut, Named, DemandPage, EventOut, DemandDetail, NewDemand, CosignIn, CosignOut)),
    modifiers(&TokenScheme),
    tags((name = "Bedarfe", description = "IT-Bedarfe der Kommunen"))
)]
pub struct ApiDoc;

struct TokenScheme;

impl utoipa::Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "token",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(
                            "Persönlicher API-Schlüssel (grm_…) aus /konto/api-schluessel",
                        ))
                        .build(),
                ),
            );
        }
    }
}

/// The OpenAPI document with this server's address.
pub fn document(public_url: &str) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![utoipa::openapi::Server::new(
        public_url.trim_end_matches('/'),
    )]);
    doc
}

pub async fn openapi(State(config): State<Config>) -> Response {
    let mut response = Json(document(&config.public_url)).into_response();
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// The readable documentation: the OpenAPI document as a page (no scripts, no downloads).
pub async fn docs(State(config): State<Config>) -> Response {
    let doc = serde_json::to_value(document(&config.public_url)).unwrap_or_default();
    let mut response = crate::http::api_docs::render(&doc).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // No scripts at all; the page's own inline styles may apply (the app's default policy
    // would block them).
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; \
             base-uri 'none'; form-action 'none'",
        ),
    );
    response
}
