//! Demands: the public list and pages, raising and editing for one's own organization,
//! co-signing, the chair's status changes, following, raising a topic from a demand, and an
//! organization's dashboard. Who sees what is `Visibility`; who moves what is the transition
//! table in the domain, checked again by the store.

use gremium::domain::account::OrganizationLink;
use gremium::domain::demands::{
    Breakdown, Category, Cosignature, Demand, DemandEvent, DemandInput, DemandStatus, Similar,
};
use gremium::domain::organization::OrganizationRef;
use gremium::domain::page::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
use crate::query::demands::DemandQuery;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail, refusal as refusal_at},
    gremium::domain::account::Principal,
    gremium::domain::demands::{Standing, Visibility, next_statuses},
    gremium::domain::form::FormErrors,
    gremium::store::{Db, committees, demands, organizations},
    gremium::usecases::{self, demands::Refusal},
};

mod dashboard;
mod workflow;

pub use dashboard::{
    FollowUpsDue, LoadCategories, LoadDashboard, MarkDashboardSeen, OrganizationDashboard,
    SaveCategory, follow_ups_due, load_categories, load_dashboard, mark_dashboard_seen,
    save_category,
};
pub use workflow::{
    ChangeDemandStatus, CosignDemand, FollowDemand, RaiseTopic, WithdrawCosignature,
    change_demand_status, cosign_demand, follow_demand, raise_topic, withdraw_cosignature,
};

/// What the reader may see, and whether they run the review (a chair of the committee or an
/// admin).
#[cfg(feature = "ssr")]
pub(crate) async fn reader(db: &Db) -> Result<(Option<Principal>, Visibility, bool), AppError> {
    let principal = auth::current().await?;
    let committee = committees::default_id(db).await?;
    let visibility = Visibility::of(principal.as_ref(), committee);
    let chair = principal
        .as_ref()
        .is_some_and(|p| p.may_manage_committee(committee));
    Ok((principal, visibility, chair))
}

/// A representative: 401 for the public, 403 for people without an organization.
#[cfg(feature = "ssr")]
async fn representative() -> Result<(Principal, OrganizationLink), AppError> {
    let principal = auth::require(|p| p.organization.is_some()).await?;
    let organization = principal.organization.clone().ok_or(AppError::Forbidden)?;
    Ok((principal, organization))
}

/// The demand if the reader may see it (the core decides); 404 otherwise, so an internal
/// demand is not told apart from a missing one.
#[cfg(feature = "ssr")]
async fn visible(
    db: &Db,
    reader: &gremium::domain::visibility::Reader,
    id: i64,
) -> Result<Demand, AppError> {
    usecases::demands::get(db, reader, id)
        .await
        .map_err(auth::not_found)
}

/// A use case's refusal for the form that asked: kept input, the problem at `field` where the
/// demand's state forbids the change.
#[cfg(feature = "ssr")]
pub(crate) fn refused(refusal: Refusal, kept: FormErrors, field: &str) -> AppError {
    match refusal {
        Refusal::SignIn => fail(AppError::Unauthorized),
        Refusal::Forbidden => fail(AppError::Forbidden),
        Refusal::NotFound => fail(AppError::NotFound),
        Refusal::Invalid(form) => fail(AppError::Invalid(form)),
        Refusal::Store(error) => refusal_at(error, kept, field),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandList {
    pub page: Page<Demand>,
    pub categories: Vec<Category>,
    pub lands: Vec<OrganizationRef>,
    /// The reader represents an organization and may raise demands.
    pub may_raise: bool,
    pub own_organization: Option<OrganizationLink>,
}

// JSON: an empty query encodes to an empty form body, which the server could not tell from a
// missing argument.
#[server(endpoint = "bedarfe/liste", input = Json)]
pub async fn list_demands(query: DemandQuery) -> Result<DemandList, AppError> {
    let db = db()?;
    let (principal, visibility, _) = reader(&db).await?;
    let page = demands::list(&db, &query.to_filter(), visibility, query.page_request()).await?;
    let own_organization = principal.as_ref().and_then(|p| p.organization.clone());
    Ok(DemandList {
        page,
        categories: demands::categories(&db).await?,
        lands: organizations::lands(&db).await?,
        may_raise: own_organization.is_some(),
        own_organization,
    })
}

#[server(endpoint = "bedarfe/aehnliche")]
pub async fn similar_demands(text: String, exclude: Option<i64>) -> Result<Vec<Similar>, AppError> {
    let db = db()?;
    let (_, visibility, _) = reader(&db).await?;
    let text: String = text.chars().take(2_000).collect();
    Ok(demands::similar(&db, &text, visibility, exclude, 5).await?)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandFormData {
    pub categories: Vec<Category>,
    pub organization: OrganizationLink,
}

#[server(endpoint = "bedarfe/formular")]
pub async fn demand_form() -> Result<DemandFormData, AppError> {
    let db = db()?;
    let (_, organization) = representative().await?;
    Ok(DemandFormData {
        categories: demands::categories(&db).await?,
        organization,
    })
}

/// Raises a demand for the caller's organization; `save_draft` keeps it as a draft.
#[server(endpoint = "bedarfe/neu")]
pub async fn raise_demand(
    #[server(flatten)] input: DemandInput,
    save_draft: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = crate::api::calendar::viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    let id = usecases::demands::raise(&db, &reader, &input, save_draft.is_none(), &actor)
        .await
        .map_err(|r| refused(r, input.keep(FormErrors::new()), "title"))?;
    crate::notice::tell(Notice::DemandRaised {
        demand: id,
        draft: save_draft.is_some(),
    })
    .await;
    leptos_axum::redirect(&format!("/bedarfe/{id}"));
    Ok(())
}

/// The raiser's edit of a draft or a submitted demand nobody works on yet.
#[server(endpoint = "bedarfe/aendern")]
pub async fn edit_demand(
    id: i64,
    version: i64,
    #[server(flatten)] input: DemandInput,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = crate::api::calendar::viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    usecases::demands::edit(&db, &reader, id, version, &input, &actor)
        .await
        .map_err(|r| refused(r, input.keep(FormErrors::new()), "title"))?;
    crate::notice::tell(Notice::DemandSaved).await;
    leptos_axum::redirect(&format!("/bedarfe/{id}"));
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandDetail {
    pub demand: Demand,
    /// Problem and outcome rendered from Markdown on the server (raw HTML never passed on).
    pub problem_html: String,
    pub outcome_html: String,
    pub timeline: Vec<DemandEvent>,
    pub cosignatures: Vec<Cosignature>,
    pub breakdown: Breakdown,
    /// The reader's organization, if they represent one.
    pub own_organization: Option<OrganizationLink>,
    /// The reader's organization has co-signed.
    pub signed: bool,
    pub may_cosign: bool,
    pub may_edit: bool,
    pub categories: Vec<Category>,
    /// Status changes the reader may make (the raiser's or the chair's).
    pub next: Vec<DemandStatus>,
    pub signed_in: bool,
    pub following: bool,
    /// The reader may raise a topic for a meeting from it (committee people).
    pub may_raise_topic: bool,
    /// Meetings a topic can be raised for (when `may_raise_topic`).
    pub meetings: Vec<crate::api::topics::MeetingOption>,
    pub today: chrono::NaiveDate,
}

#[server(endpoint = "bedarfe/eintrag")]
pub async fn load_demand(id: i64) -> Result<DemandDetail, AppError> {
    let db = db()?;
    let (principal, _, chair) = reader(&db).await?;
    let committee = committees::default_id(&db).await?;
    let seen = gremium::usecases::demands::detail(
        &db,
        &gremium::domain::visibility::Reader::new(principal.clone(), committee),
        id,
    )
    .await
    .map_err(crate::auth::not_found)?;
    let (demand, cosignatures, timeline) = (seen.demand, seen.cosignatures, seen.timeline);
    let own_organization = principal.as_ref().and_then(|p| p.organization.clone());
    let own_id = own_organization.as_ref().map(|o| o.id);
    let raiser = own_id == Some(demand.organization_id);
    let signed = own_id.is_some_and(|o| cosignatures.iter().any(|c| c.organization_id == o));
    let mut next = Vec::new();
    if chair {
        next.extend(next_statuses(Standing::Chair, demand.status));
    }
    if raiser {
        next.extend(next_statuses(Standing::Raiser, demand.status));
    }
    let committee = committees::default_id(&db).await?;
    let may_raise_topic = principal
        .as_ref()
        .is_some_and(|p| p.may_see_internal(committee))
        && demand.status.is_active();
    let meetings = if may_raise_topic {
        crate::api::topics::meeting_options(&db, committee).await?
    } else {
        Vec::new()
    };
    let following = match &principal {
        Some(p) => demands::is_following(&db, id, p.user_id).await?,
        None => false,
    };
    Ok(DemandDetail {
        problem_html: gremium::domain::markdown::to_html(&demand.problem),
        outcome_html: gremium::domain::markdown::to_html(&demand.outcome),
        timeline,
        breakdown: Breakdown::of(&cosignatures),
        may_cosign: own_id.is_some() && !raiser && !signed && demand.status.is_active(),
        may_edit: raiser && demand.status.is_editable(),
        categories: demands::categories(&db).await?,
        signed_in: principal.is_some(),
        following,
        may_raise_topic,
        meetings,
        today: crate::api::topics::now_local().date(),
        cosignatures,
        own_organization,
        signed,
        next,
        demand,
    })
}
