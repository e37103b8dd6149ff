//! The minutes: drafts are the chair's working copy; everyone else reads final or approved
//! minutes, the public (and whoever asks for it) the public version. The chair writes the
//! opening and closing text, makes the minutes final and records their approval by a later
//! meeting; whether the minutes still allow that is decided by their workflow in the store.

use crate::domain::audit::Actor;
use crate::domain::calendar::MeetingRecord;
use crate::domain::form::{FormErrors, Problem};
use crate::domain::minutes::{MinutesDocument, MinutesState, TEXT_MAX};
use crate::domain::visibility::Reader;
use crate::store::minutes::{self, MinutesRecord};
use crate::store::{Db, StoreError, StoreResult};
use crate::usecases::Refusal;
use crate::usecases::agenda::chaired;

pub struct MinutesRead {
    pub record: MinutesRecord,
    pub document: MinutesDocument,
    /// The document is the public version (internal items out, names only with consent).
    pub public: bool,
}

/// The minutes of a meeting the reader sees (the caller checked that with
/// `meetings::meeting`). `NotAllowed` for a draft the reader may not read; `ask_public` asks
/// for the public version, which everyone outside the committee gets anyway.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting.id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn read(
    db: &Db,
    reader: &Reader,
    meeting: &MeetingRecord,
    ask_public: bool,
) -> StoreResult<MinutesRead> {
    let record = minutes::get(db, meeting.id).await?;
    if record.state == MinutesState::Draft && !reader.manages() {
        return Err(StoreError::NotAllowed);
    }
    let document = match record.document.clone() {
        Some(document) => document,
        None => minutes::document(db, meeting.id).await?,
    };
    let public = ask_public || !reader.insider();
    Ok(MinutesRead {
        record,
        document: if public { document.public() } else { document },
        public,
    })
}

/// The chair saves the opening and closing text at the version they saw.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, user = ?reader.user_id()), err(level = "debug"))]
pub async fn save(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    opening: &str,
    closing: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    let mut form = FormErrors::new();
    for (field, value) in [("opening", opening), ("closing", closing)] {
        if value.chars().count() > TEXT_MAX {
            form.add(field, Problem::TooLong);
        }
    }
    if !form.is_empty() {
        return Err(Refusal::Invalid(form));
    }
    Ok(minutes::save(db, meeting, version, opening.trim(), closing.trim(), actor).await?)
}

/// The chair makes the minutes final (confirmed: final minutes and the meeting's tasks are
/// locked).
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, user = ?reader.user_id()), err(level = "debug"))]
pub async fn finalise(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    confirm: bool,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    crate::usecases::confirmed(confirm)?;
    Ok(minutes::finalise(db, meeting, version, actor).await?)
}

/// The chair records that the meeting `approving` approved these final minutes.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, approving = approving, user = ?reader.user_id()), err(level = "debug"))]
pub async fn approve(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    approving: i64,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    Ok(minutes::approve(db, meeting, version, approving, actor).await?)
}
