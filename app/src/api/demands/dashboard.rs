//! Server functions for an organization's dashboard, follow-ups and the demand categories.

use gremium::domain::account::OrganizationLink;
use gremium::domain::demands::{Category, Dashboard, Demand};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::{reader, representative};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail},
    gremium::domain::account::Principal,
    gremium::domain::demands::Visibility,
    gremium::domain::form::{FormErrors, Problem, required_text},
    gremium::store::{StoreError, committees, demands},
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationDashboard {
    pub organization: OrganizationLink,
    pub dashboard: Dashboard,
}

/// "Unsere Bedarfe": the caller's organization's demands and what changed since the last visit.
#[server(endpoint = "bedarfe/unsere")]
pub async fn load_dashboard() -> Result<OrganizationDashboard, AppError> {
    let db = db()?;
    let (principal, organization) = representative().await?;
    Ok(OrganizationDashboard {
        dashboard: demands::dashboard(
            &db,
            organization.id,
            principal.user_id,
            Visibility::of(Some(&principal), committees::default_id(&db).await?),
        )
        .await?,
        organization,
    })
}

/// "Gesehen": the dashboard's changes so far are read; the next visit shows only newer ones.
#[server(endpoint = "bedarfe/gesehen")]
pub async fn mark_dashboard_seen() -> Result<(), AppError> {
    let db = db()?;
    let (principal, _) = representative().await?;
    demands::mark_dashboard_seen(&db, principal.user_id).await?;
    leptos_axum::redirect("/unsere-bedarfe");
    Ok(())
}

/// Forwarded demands whose follow-up date has come: the chair asks the body again.
#[server(endpoint = "bedarfe/nachfassen")]
pub async fn follow_ups_due() -> Result<Vec<Demand>, AppError> {
    let db = db()?;
    let (_, _, chair) = reader(&db).await?;
    if !chair {
        return Ok(Vec::new());
    }
    Ok(demands::follow_ups_due(&db, crate::api::topics::now_local().date()).await?)
}

/// The categories for the admin's page.
#[server(endpoint = "bedarfe/themenfelder")]
pub async fn load_categories() -> Result<Vec<Category>, AppError> {
    let db = db()?;
    auth::require(Principal::may_administer).await?;
    Ok(demands::categories(&db).await?)
}

/// Renames a category (`id` given) or adds one (admins). Names are unique.
#[server(endpoint = "bedarfe/themenfeld")]
pub async fn save_category(id: Option<i64>, name: String) -> Result<(), AppError> {
    let db = db()?;
    let principal = auth::require(Principal::may_administer).await?;
    let field = match id {
        Some(id) => format!("name-{id}"),
        None => "name".to_owned(),
    };
    let refuse = |problem: Problem| {
        let mut form = FormErrors::new();
        form.add(&field, problem);
        fail(AppError::Invalid(form.keep(&field, &name)))
    };
    let checked = required_text(&name, 120).map_err(refuse)?;
    match demands::save_category(&db, id, &checked, &actor(Some(&principal), "")).await {
        Ok(_) => {}
        Err(StoreError::Duplicate) => return Err(refuse(Problem::NameTaken)),
        Err(other) => return Err(other.into()),
    }
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/admin/themenfelder");
    Ok(())
}
