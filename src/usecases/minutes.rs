//! Reading the minutes: drafts are the chair's working copy; everyone else reads final or
//! approved minutes, the public (and whoever asks for it) the public version.

use crate::domain::calendar::SessionRecord;
use crate::domain::minutes::{MinutesDocument, MinutesState};
use crate::domain::visibility::Reader;
use crate::store::minutes::{self, MinutesRecord};
use crate::store::{Db, StoreError, StoreResult};

pub struct MinutesRead {
    pub record: MinutesRecord,
    pub document: MinutesDocument,
    /// The document is the public version (internal items out, names only with consent).
    pub public: bool,
}

/// The minutes of a session the reader sees (the caller checked that with
/// `meetings::session`). `NotAllowed` for a draft the reader may not read; `ask_public` asks
/// for the public version, which everyone outside the committee gets anyway.
#[tracing::instrument(level = "debug", skip_all, fields(session = session.id, user = ?reader.user_id()), err(level = "debug"))]
pub async fn read(
    db: &Db,
    reader: &Reader,
    session: &SessionRecord,
    ask_public: bool,
) -> StoreResult<MinutesRead> {
    let record = minutes::get(db, session.id).await?;
    if record.state == MinutesState::Draft && !reader.manages() {
        return Err(StoreError::NotAllowed);
    }
    let document = match record.document.clone() {
        Some(document) => document,
        None => minutes::document(db, session.id).await?,
    };
    let public = ask_public || !reader.insider();
    Ok(MinutesRead {
        record,
        document: if public { document.public() } else { document },
        public,
    })
}
