//! The REST API for demands, version 1 (`/api/v1`): list with the list page's filters, one
//! demand with its timeline, raise, co-sign and withdraw a co-signature for the caller's
//! organization. Reading works without a token (public demands); writing needs a personal API
//! token (`Authorization: Bearer grm_…`, made on the account page) with the scope
//! `bedarfe:schreiben`, and acts for the token owner's organization only. Errors are RFC 9457
//! problem details. Requests are limited per token, and per address without one.
//!
//! The OpenAPI document is generated from these handlers and types (utoipa) and served at
//! `/api/v1/openapi.json`; `/api/v1/docs` renders it as a page.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gremium::domain::demands::DemandInput;
use gremium::domain::visibility::Reader;
use gremium::store::{Db, StoreError, committees, demands};
use gremium::usecases;
use utoipa::OpenApi;

use crate::config::Config;

mod caller;
mod problem;
mod views;

pub use caller::{ApiLimiter, Caller};
use caller::{actor_of, reader_allowed, visibility, writer};
pub use problem::{FieldProblem, Problem};
use problem::{failed, not_found, problem, refused};
pub use views::{
    CosignIn, CosignOut, DemandDetail, DemandOut, DemandPage, EventOut, ListFilters, Named,
    NewDemand,
};
use views::{demand_out, event_out};

pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";
pub const DOCS_PATH: &str = "/api/v1/docs";
pub const DEMANDS_PATH: &str = "/api/v1/demands";
pub const DEMAND_PATH: &str = "/api/v1/demands/{id}";
pub const COSIGNATURE_PATH: &str = "/api/v1/demands/{id}/cosignature";

fn web(config: &Config) -> String {
    config.public_url.trim_end_matches('/').to_owned()
}

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
    let reader = match writer(&db, &caller).await {
        Ok(reader) => reader,
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
    let actor = actor_of(&reader, &caller);
    let id = match usecases::demands::raise(&db, &reader, &input, !new.draft, &actor).await {
        Ok(id) => id,
        Err(refusal) => return refused(&refusal),
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
    let reader = match writer(&db, &caller).await {
        Ok(reader) => reader,
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
    let actor = actor_of(&reader, &caller);
    let counted = match usecases::demands::cosign(&db, &reader, id, &input.reason, &actor).await {
        Ok(counted) => counted,
        Err(refusal) => return refused(&refusal),
    };
    cosign_answer(&db, &reader, id, counted).await
}

async fn cosign_answer(db: &Db, reader: &Reader, id: i64, counted: bool) -> Response {
    let organization = reader.organization().unwrap_or_default();
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
    let reader = match writer(&db, &caller).await {
        Ok(reader) => reader,
        Err(response) => return response,
    };
    let actor = actor_of(&reader, &caller);
    let removed = match usecases::demands::withdraw_cosignature(&db, &reader, id, &actor).await {
        Ok(removed) => removed,
        Err(refusal) => return refused(&refusal),
    };
    cosign_answer(&db, &reader, id, removed).await
}

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
