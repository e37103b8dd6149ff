//! Live mode: the chair takes up an item (the first one begins the meeting), keeps notes on it
//! and ends the meeting. Whether the meeting still allows it is decided by its lifecycle in the
//! store, at the live version the chair saw.

use crate::domain::audit::Actor;
use crate::domain::form::Problem;
use crate::domain::minutes::TEXT_MAX;
use crate::domain::visibility::Reader;
use crate::store::{Db, live};
use crate::usecases::Refusal;
use crate::usecases::agenda::chaired;

#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, item = item, user = ?reader.user_id()), err(level = "debug"))]
pub async fn go_to(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    item: i64,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    Ok(live::go_to(db, meeting, version, item, actor).await?)
}

/// Ends the meeting: it is held, and open topics move on. Irreversible, so only `confirm`ed.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, user = ?reader.user_id()), err(level = "debug"))]
pub async fn finish(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    confirm: bool,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    crate::usecases::confirmed(confirm)?;
    Ok(live::finish(db, meeting, version, actor).await?)
}

#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, item = item, user = ?reader.user_id()), err(level = "debug"))]
pub async fn save_notes(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    item: i64,
    notes: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    if notes.chars().count() > TEXT_MAX {
        return Err(Refusal::at("notes", Problem::TooLong));
    }
    Ok(live::save_notes(db, meeting, version, item, notes.trim(), actor).await?)
}
