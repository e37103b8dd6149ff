//! Changing a meeting's agenda: the chair adds, edits, removes, orders and marks items and
//! publishes the agenda as a new version with the invitation. Who may (a chair of the
//! meeting's committee) is decided here once; whether the meeting still allows it
//! ([`AgendaRefused`](crate::domain::agenda::AgendaRefused)) and the version check are decided
//! by the store inside its transaction.

use crate::domain::account::Principal;
use crate::domain::agenda::{AgendaItem, Move, Outcome, check_item, numbers};
use crate::domain::audit::Actor;
use crate::domain::calendar::MeetingRecord;
use crate::domain::form::{FormErrors, Problem};
use crate::domain::recurrence::utc_to_berlin;
use crate::domain::visibility::Reader;
use crate::store::agenda::{self, InvitationNote, Reorder};
use crate::store::{Db, meetings};
use crate::usecases::Refusal;
use crate::usecases::planning::planner;

/// An agenda item's form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemInput {
    pub title: String,
    pub presenter: String,
    pub minutes: String,
    pub public: bool,
}

impl ItemInput {
    /// The refused form with everything the chair typed.
    pub fn keep(&self, form: FormErrors) -> FormErrors {
        form.keep("title", &self.title)
            .keep("presenter", &self.presenter)
            .keep("minutes", &self.minutes)
            .keep("public", if self.public { "on" } else { "" })
    }
}

/// The meeting and the person, if the reader chairs the meeting's committee (or is an
/// admin): the one rule for every change to a meeting's agenda, attendance, minutes,
/// decisions and tasks.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, user = ?reader.user_id()), err(level = "debug"))]
pub async fn chaired<'r>(
    db: &Db,
    reader: &'r Reader,
    meeting: i64,
) -> Result<(MeetingRecord, &'r Principal), Refusal> {
    let record = meetings::get(db, meeting).await.map_err(Refusal::about)?;
    let principal = planner(reader, record.committee_id)?;
    Ok((record, principal))
}

/// Adds an item at the end (before "Verschiedenes"), at the agenda version the chair saw.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, user = ?reader.user_id()), err(level = "debug"))]
pub async fn add_item(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    input: &ItemInput,
    actor: &Actor,
) -> Result<i64, Refusal> {
    chaired(db, reader, meeting).await?;
    let item = checked(input)?;
    Ok(agenda::add(db, meeting, version, &item, actor).await?)
}

#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, item = item, user = ?reader.user_id()), err(level = "debug"))]
pub async fn edit_item(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    item: i64,
    input: &ItemInput,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    let draft = checked(input)?;
    Ok(agenda::edit(db, meeting, version, item, &draft, actor).await?)
}

#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, item = item, user = ?reader.user_id()), err(level = "debug"))]
pub async fn remove_item(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    item: i64,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    Ok(agenda::remove(db, meeting, version, item, actor).await?)
}

/// One step of the keyboard-accessible reordering (`step` as the form sends it: up, down,
/// indent, outdent).
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, item = item, user = ?reader.user_id()), err(level = "debug"))]
pub async fn move_item(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    item: i64,
    step: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    let Some(step) = Move::parse(step) else {
        return Err(Refusal::at("item", Problem::Required));
    };
    let change = Reorder::Move(item, step);
    Ok(agenda::reorder(db, meeting, version, &change, actor).await?)
}

/// Drag and drop: puts the item before another one, or last.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, item = item, user = ?reader.user_id()), err(level = "debug"))]
pub async fn drop_item(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    item: i64,
    before: Option<i64>,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    let change = Reorder::Drop(item, before);
    Ok(agenda::reorder(db, meeting, version, &change, actor).await?)
}

/// Marks an item dealt with, or open again; open topic items are re-tabled when the meeting
/// is held or cancelled.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, item = item, handled = handled, user = ?reader.user_id()), err(level = "debug"))]
pub async fn mark_item(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    item: i64,
    handled: bool,
    actor: &Actor,
) -> Result<(), Refusal> {
    chaired(db, reader, meeting).await?;
    let outcome = handled.then_some(Outcome::Handled);
    Ok(agenda::set_outcome(db, meeting, version, item, outcome, actor).await?)
}

/// Publishes the agenda as a new version, invites the committee (inbox; e-mail through the
/// outbox when `mail` is on) and moves a planned meeting to "invited". Returns the version's
/// number.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, mail = mail, user = ?reader.user_id()), err(level = "debug"))]
pub async fn publish(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    version: i64,
    mail: bool,
    actor: &Actor,
) -> Result<i64, Refusal> {
    let (record, _) = chaired(db, reader, meeting).await?;
    let (items, _) = agenda::items(db, meeting).await?;
    let note = invitation(
        &record,
        &items,
        &format!("/sitzungen/{meeting}/tagesordnung"),
    );
    let body = mail.then(|| {
        format!(
            "{}\n\nDie Tagesordnung und die Einladung zum Drucken:",
            note.body
        )
    });
    let (published, _) =
        agenda::publish(db, meeting, version, &note, body.as_deref(), actor).await?;
    Ok(published)
}

fn checked(input: &ItemInput) -> Result<crate::domain::agenda::ItemDraft, Refusal> {
    check_item(&input.title, &input.presenter, &input.minutes, input.public)
        .map_err(Refusal::Invalid)
}

/// The invitation as plain text: date, place or link, and the agenda.
fn invitation(record: &MeetingRecord, items: &[AgendaItem], link: &str) -> InvitationNote {
    let starts = utc_to_berlin(record.starts_at);
    let ends = utc_to_berlin(record.ends_at);
    let levels: Vec<u8> = items.iter().map(|i| i.level).collect();
    let mut body = format!(
        "{}, {} – {} Uhr\n",
        starts.format("%d.%m.%Y"),
        starts.format("%H:%M"),
        ends.format("%H:%M")
    );
    if let Some(place) = &record.location {
        body.push_str(&format!("Ort: {place}\n"));
    }
    if let Some(video) = &record.video_url {
        body.push_str(&format!("Videokonferenz: {video}\n"));
    }
    body.push_str("\nTagesordnung\n");
    for (number, item) in numbers(&levels).iter().zip(items) {
        body.push_str(&format!(
            "TOP {number} {} ({} Min.)\n",
            item.title, item.minutes
        ));
    }
    InvitationNote {
        title: format!(
            "Einladung: {} am {}",
            record.title,
            starts.format("%d.%m.%Y")
        ),
        body,
        link: link.to_owned(),
    }
}
