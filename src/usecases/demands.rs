//! Demands: reading one with its co-signatures and timeline as the reader may see it, and
//! ([`changes`]) raising, editing, co-signing and moving one.

use crate::domain::demands::{Cosignature, Demand, DemandEvent};
use crate::domain::visibility::Reader;
use crate::store::{Db, StoreError, StoreResult, demands};

mod changes;

pub use super::Refusal;
pub use changes::{
    cosign, edit, move_field, move_status, raise, representative, withdraw_cosignature,
};

/// The demand if the reader may see it (drafts for their organization, internal ones for
/// insiders); `NotFound` otherwise.
#[tracing::instrument(level = "debug", skip_all, fields(demand = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn get(db: &Db, reader: &Reader, id: i64) -> StoreResult<Demand> {
    let mut demand = demands::get(db, id).await?;
    if !reader.demands().sees(&demand) {
        return Err(StoreError::NotFound);
    }
    // Outside the committee, organizations are named, not the people who acted for them
    // (except one's own colleagues).
    if !reader.insider() && reader.organization() != Some(demand.organization_id) {
        demand.raiser_name.clear();
    }
    Ok(demand)
}

/// A demand's page: the demand, who co-signed, and its timeline — meetings and decisions only
/// where the reader sees them, people's names only inside the committee (and one's own
/// organization's).
pub struct DemandRead {
    pub demand: Demand,
    pub cosignatures: Vec<Cosignature>,
    pub timeline: Vec<DemandEvent>,
}

#[tracing::instrument(level = "debug", skip_all, fields(demand = id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn detail(db: &Db, reader: &Reader, id: i64) -> StoreResult<DemandRead> {
    let demand = get(db, reader, id).await?;
    let mut cosignatures = demands::cosignatures(db, id).await?;
    let mut timeline = demands::timeline(db, id, reader.demands()).await?;
    if !reader.insider() {
        cosignatures
            .iter_mut()
            .filter(|c| reader.organization() != Some(c.organization_id))
            .for_each(|c| c.signer_name.clear());
        timeline.iter_mut().for_each(|e| e.actor.clear());
    }
    Ok(DemandRead {
        demand,
        cosignatures,
        timeline,
    })
}
