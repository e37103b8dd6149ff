//! Changing demands: raising, editing, co-signing and moving one, for whoever asks — a person
//! in a browser or a token on the REST API. Each function checks who may act, validates the
//! typed input and hands the change to the store; the adapters only say the answer their way.

use chrono::NaiveDate;

use super::get;
use crate::domain::account::{OrganizationLink, Principal};
use crate::domain::audit::Actor;
use crate::domain::demands::{
    Demand, DemandInput, DemandStatus, REASON_MAX, Standing, Transition, TransitionInput, may_move,
};
use crate::domain::form::{FormErrors, required_text};
use crate::domain::visibility::Reader;
use crate::store::{Db, StoreError, demands};
use crate::usecases::Refusal;

/// The organization the reader acts for: only its representatives raise and co-sign.
pub fn representative(reader: &Reader) -> Result<(&Principal, &OrganizationLink), Refusal> {
    let principal = reader.principal.as_ref().ok_or(Refusal::SignIn)?;
    let organization = principal.organization.as_ref().ok_or(Refusal::Forbidden)?;
    Ok((principal, organization))
}

/// Raises a demand for the reader's organization: submitted, or kept as a draft when `submit`
/// is false. Returns its number.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?reader.user_id(), submit), err(level = "debug"))]
pub async fn raise(
    db: &Db,
    reader: &Reader,
    input: &DemandInput,
    submit: bool,
    actor: &Actor,
) -> Result<i64, Refusal> {
    let (_, organization) = representative(reader)?;
    let draft = input
        .check(&category_ids(db).await?)
        .map_err(Refusal::Invalid)?;
    Ok(demands::create(db, organization.id, &draft, submit, actor).await?)
}

/// The raiser's edit of their organization's demand at the version they saw; the store
/// refuses it once someone works on the demand.
#[tracing::instrument(level = "debug", skip_all, fields(demand = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn edit(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    input: &DemandInput,
    actor: &Actor,
) -> Result<(), Refusal> {
    let (_, organization) = representative(reader)?;
    let demand = seen(db, reader, id).await?;
    if demand.organization_id != organization.id {
        return Err(Refusal::Forbidden);
    }
    let draft = input
        .check(&category_ids(db).await?)
        .map_err(Refusal::Invalid)?;
    Ok(demands::update(db, id, version, &draft, actor).await?)
}

/// Co-signs a visible demand for the reader's own organization (never another's), with a
/// reason. `Ok(false)`: it had co-signed already. The store refuses (`NotAllowed`) the own
/// organization's demand and closed ones.
#[tracing::instrument(level = "debug", skip_all, fields(demand = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn cosign(
    db: &Db,
    reader: &Reader,
    id: i64,
    reason: &str,
    actor: &Actor,
) -> Result<bool, Refusal> {
    let (_, organization) = representative(reader)?;
    seen(db, reader, id).await?;
    let reason = required_text(reason, REASON_MAX).map_err(|problem| {
        let mut form = FormErrors::new();
        form.add("reason", problem);
        Refusal::Invalid(form.keep("reason", reason))
    })?;
    Ok(demands::cosign(db, id, organization.id, &reason, actor).await?)
}

/// Withdraws the reader's organization's co-signature from a visible demand. `Ok(false)`:
/// there was none.
#[tracing::instrument(level = "debug", skip_all, fields(demand = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn withdraw_cosignature(
    db: &Db,
    reader: &Reader,
    id: i64,
    actor: &Actor,
) -> Result<bool, Refusal> {
    let (_, organization) = representative(reader)?;
    seen(db, reader, id).await?;
    Ok(demands::withdraw_cosignature(db, id, organization.id, actor).await?)
}

/// Moves a visible demand to another status at the version shown: the raiser's own moves
/// (submit, withdraw) in the raiser's name, everything else only by the committee's chair.
/// Who may move what where is `may_move`, checked again by the store in the transaction.
#[tracing::instrument(level = "debug", skip_all, fields(demand = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn move_status(
    db: &Db,
    reader: &Reader,
    id: i64,
    version: i64,
    input: &TransitionInput,
    today: NaiveDate,
    actor: &Actor,
) -> Result<Transition, Refusal> {
    let principal = reader.principal.as_ref().ok_or(Refusal::SignIn)?;
    let demand = seen(db, reader, id).await?;
    let raiser = principal
        .organization
        .as_ref()
        .is_some_and(|o| o.id == demand.organization_id);
    let chair = principal.may_manage_committee(reader.committee);
    // Permission before validation: others learn nothing about what the form would need.
    if !raiser && !chair {
        return Err(Refusal::Forbidden);
    }
    let transition = input.check(today).map_err(Refusal::Invalid)?;
    let standing = if raiser && may_move(Standing::Raiser, demand.status, transition.to) {
        Standing::Raiser
    } else if chair {
        Standing::Chair
    } else {
        Standing::Raiser
    };
    demands::transition(db, id, version, &transition, standing, actor).await?;
    Ok(transition)
}

/// Where a refused move belongs on the form: a merge at its target, anything else at the
/// status.
pub fn move_field(input: &TransitionInput) -> &'static str {
    match DemandStatus::parse(input.to.trim()) {
        Some(DemandStatus::Merged) => "merge_into",
        _ => "to",
    }
}

/// The demand if the reader sees it, with a missing one told apart from the store's refusals.
async fn seen(db: &Db, reader: &Reader, id: i64) -> Result<Demand, Refusal> {
    get(db, reader, id).await.map_err(Refusal::about)
}

async fn category_ids(db: &Db) -> Result<Vec<i64>, StoreError> {
    Ok(demands::categories(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}
