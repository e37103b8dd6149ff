//! Attendance: the chair records each person's presence (a seat may be represented by its
//! deputy); a member excuses themself before the meeting.

use crate::domain::attendance::Presence;
use crate::domain::audit::Actor;
use crate::domain::form::{FormErrors, Problem};
use crate::domain::visibility::Reader;
use crate::store::attendance::{self, Record};
use crate::store::{Db, StoreError};
use crate::usecases::Refusal;
use crate::usecases::agenda::chaired;

/// The longest note on a person's presence or apology.
pub const NOTE_MAX: usize = 300;

/// One row of the attendance form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttendanceInput {
    pub membership: i64,
    /// The presence the form showed, so a change someone else made meanwhile is not
    /// overwritten.
    pub seen: String,
    pub presence: String,
    /// The deputy's membership, for a represented seat.
    pub deputy: Option<String>,
    pub note: String,
}

impl AttendanceInput {
    /// The field a refusal of this row is shown at.
    pub fn field(&self) -> String {
        format!("presence-{}", self.membership)
    }

    /// The refused form with everything the chair typed.
    pub fn keep(&self, form: FormErrors) -> FormErrors {
        form.keep("membership", &self.membership.to_string())
            .keep("presence", &self.presence)
            .keep("note", &self.note)
    }
}

/// The chair records one person's presence; a deputy who is not the seat's is refused at the
/// row.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, membership = input.membership, user = ?reader.user_id()), err(level = "debug"))]
pub async fn record(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    input: &AttendanceInput,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    let field = input.field();
    let Some(presence) = Presence::parse(&input.presence) else {
        return Err(Refusal::at(&field, Problem::Required));
    };
    let represented_by = input
        .deputy
        .as_deref()
        .filter(|d| !d.is_empty())
        .and_then(|d| d.parse::<i64>().ok())
        .filter(|_| presence == Presence::Represented);
    if presence == Presence::Represented && represented_by.is_none() {
        return Err(Refusal::at(&field, Problem::Required));
    }
    let note = input.note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(Refusal::at(&field, Problem::TooLong));
    }
    let change = Record {
        membership_id: input.membership,
        seen: Presence::parse(&input.seen),
        presence,
        represented_by,
        note: (!note.is_empty()).then(|| note.to_owned()),
    };
    match attendance::record(db, meeting, &change, actor).await {
        Err(StoreError::NotAllowed) if represented_by.is_some() => {
            Err(Refusal::at(&field, Problem::NotADeputy))
        }
        other => Ok(other?),
    }
}

/// A member excuses themself before a meeting they see; `Forbidden` for someone who holds no
/// seat in it.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, user = ?reader.user_id()), err(level = "debug"))]
pub async fn excuse(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    note: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    let principal = reader.principal.as_ref().ok_or(Refusal::SignIn)?;
    super::meetings::record(db, reader, meeting)
        .await
        .map_err(Refusal::about)?;
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(Refusal::at("note", Problem::TooLong));
    }
    let note = (!note.is_empty()).then_some(note);
    attendance::excuse(db, meeting, principal.user_id, note, actor)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => Refusal::Forbidden,
            other => other.into(),
        })
}
