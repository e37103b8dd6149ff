//! Reading the committee: its chairs, benches and seats, people named as the reader may see them.

use crate::domain::committee::{CommitteeOverview, PersonRef};
use crate::domain::visibility::{NAME_WITHHELD, Reader};
use crate::store::{Db, StoreResult, committees, users};

/// The committee's page: outside the committee, a person is named only with their consent.
#[tracing::instrument(level = "debug", skip_all, fields(user = ?reader.user_id()), err(level = "debug"))]
pub async fn overview(
    db: &Db,
    reader: &Reader,
    today: chrono::NaiveDate,
) -> StoreResult<CommitteeOverview> {
    let mut overview = committees::overview(db, reader.committee, today).await?;
    if !reader.insider() {
        let consenting = users::consenting(db).await?;
        let redact = |person: &mut PersonRef| {
            if !reader.sees_name(Some(person.id), consenting.contains(&person.id)) {
                person.name = NAME_WITHHELD.to_owned();
            }
        };
        overview
            .chairs
            .iter_mut()
            .for_each(|c| redact(&mut c.person));
        for bench in &mut overview.benches {
            for seat in &mut bench.seats {
                seat.holder.iter_mut().for_each(redact);
                seat.deputies.iter_mut().for_each(redact);
            }
        }
    }
    Ok(overview)
}
