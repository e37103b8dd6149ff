//! Reading the organization directory.

use gremium::domain::organization::{OrganizationDetail, OrganizationRef, OrganizationSummary};
use gremium::domain::page::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::query::organizations::OrganizationQuery;

#[cfg(feature = "ssr")]
use crate::auth::db;

// JSON, not the form encoding: an empty query (every filter unset) encodes to an empty form body,
// which the server could not tell from a missing argument.
#[server(endpoint = "organisationen/liste", input = Json)]
pub async fn list_organizations(
    query: OrganizationQuery,
) -> Result<Page<OrganizationSummary>, AppError> {
    Ok(gremium::store::organizations::search(&db()?, &query.to_filter()).await?)
}

#[server(endpoint = "organisationen/laender")]
pub async fn list_lands() -> Result<Vec<OrganizationRef>, AppError> {
    Ok(gremium::store::organizations::lands(&db()?).await?)
}

#[server(endpoint = "organisationen/eintrag")]
pub async fn get_organization(id: i64) -> Result<OrganizationDetail, AppError> {
    Ok(gremium::store::organizations::get(&db()?, id).await?)
}
