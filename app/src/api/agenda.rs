//! The agenda of a meeting: the chair's builder (add, edit, remove, order by buttons or drag
//! and drop, mark dealt with, publish), the published versions everyone who sees the meeting
//! may read, and each person's inbox where the invitation arrives.

use gremium::domain::agenda::{AgendaChange, AgendaItem, PublishedAgenda};
use gremium::domain::calendar::Meeting;
#[cfg(feature = "ssr")]
use gremium::domain::notification::Notification;
use gremium::domain::page::Page;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, not_found, refused},
    gremium::domain::agenda::{diff, editable as agenda_editable, numbers},
    gremium::domain::calendar::MeetingRecord,
    gremium::domain::form::FormErrors,
    gremium::domain::page::PageRequest,
    gremium::domain::recurrence::local_view,
    gremium::domain::visibility::Reader,
    gremium::store::agenda,
    gremium::store::{Db, notifications},
    gremium::usecases::{self, agenda::ItemInput},
};

/// One line of the chair's agenda: the item and its number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaRow {
    pub number: String,
    pub item: AgendaItem,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaView {
    pub meeting: Meeting,
    pub manages: bool,
    /// The chair may still change the agenda (until the meeting is held).
    pub editable: bool,
    /// The version every change must name.
    pub version: i64,
    /// The working agenda (chairs only).
    pub rows: Vec<AgendaRow>,
    pub total_minutes: u32,
    pub meeting_minutes: u32,
    /// Published versions, newest first; internal items only for insiders.
    pub published: Vec<PublishedAgenda>,
    /// What the newest version changed against the one before.
    pub changes: Vec<AgendaChange>,
}

/// The meeting if the caller may see it.
#[cfg(feature = "ssr")]
pub(crate) async fn visible_meeting(
    db: &Db,
    id: i64,
) -> Result<(MeetingRecord, crate::api::calendar::Viewer), AppError> {
    let viewer = crate::api::calendar::viewer(db).await?;
    let record = gremium::usecases::meetings::record(db, &viewer, id)
        .await
        .map_err(not_found)?;
    Ok((record, viewer))
}

#[server(endpoint = "tagesordnung/laden")]
pub async fn load_agenda(meeting: i64) -> Result<AgendaView, AppError> {
    let db = db()?;
    let (record, viewer) = visible_meeting(&db, meeting).await?;
    let editable = viewer.manages() && agenda_editable(record.status);
    let (items, version) = agenda::items(&db, meeting).await?;
    let published = gremium::usecases::meetings::published_versions(&db, &viewer, &record).await?;
    let changes = match published.as_slice() {
        [newest, previous, ..] => diff(&previous.items, &newest.items),
        _ => Vec::new(),
    };
    let levels: Vec<u8> = items.iter().map(|i| i.level).collect();
    let rows: Vec<AgendaRow> = if viewer.manages() {
        numbers(&levels)
            .into_iter()
            .zip(items)
            .map(|(number, item)| AgendaRow { number, item })
            .collect()
    } else {
        Vec::new()
    };
    let length = (record.ends_at - record.starts_at).num_minutes();
    Ok(AgendaView {
        total_minutes: rows.iter().map(|r| r.item.minutes).sum(),
        meeting_minutes: u32::try_from(length).unwrap_or(0),
        meeting: local_view(&record, viewer.insider()),
        manages: viewer.manages(),
        editable,
        version,
        rows,
        published,
        changes,
    })
}

#[cfg(feature = "ssr")]
fn back_to(meeting: i64) {
    leptos_axum::redirect(&format!("/sitzungen/{meeting}/tagesordnung"));
}

/// The reader and the actor the audit log names.
#[cfg(feature = "ssr")]
pub(crate) async fn acting(db: &Db) -> Result<(Reader, gremium::domain::audit::Actor), AppError> {
    let reader = crate::api::calendar::viewer(db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    Ok((reader, actor))
}

/// The agenda changed: say so and go back to the agenda.
#[cfg(feature = "ssr")]
async fn saved(meeting: i64) -> Result<(), AppError> {
    crate::notice::tell(Notice::AgendaSaved).await;
    back_to(meeting);
    Ok(())
}

#[server(endpoint = "tagesordnung/punkt-neu")]
pub async fn add_item(
    meeting: i64,
    version: i64,
    title: String,
    presenter: String,
    minutes: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let input = ItemInput {
        title,
        presenter,
        minutes,
        public: public.is_some(),
    };
    let kept = input.keep(FormErrors::new().keep("item", "new"));
    usecases::agenda::add_item(&db, &reader, meeting, version, &input, &actor)
        .await
        .map_err(|r| refused(r, kept, "title"))?;
    saved(meeting).await
}

#[server(endpoint = "tagesordnung/punkt-aendern")]
pub async fn edit_item(
    meeting: i64,
    version: i64,
    item: i64,
    title: String,
    presenter: String,
    minutes: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let input = ItemInput {
        title,
        presenter,
        minutes,
        public: public.is_some(),
    };
    let kept = input.keep(FormErrors::new().keep("item", &item.to_string()));
    usecases::agenda::edit_item(&db, &reader, meeting, version, item, &input, &actor)
        .await
        .map_err(|r| refused(r, kept, "title"))?;
    saved(meeting).await
}

#[server(endpoint = "tagesordnung/punkt-entfernen")]
pub async fn remove_item(meeting: i64, version: i64, item: i64) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let kept = FormErrors::new().keep("item", &item.to_string());
    usecases::agenda::remove_item(&db, &reader, meeting, version, item, &actor)
        .await
        .map_err(|r| refused(r, kept, "item"))?;
    saved(meeting).await
}

/// One step of the keyboard-accessible reordering: up, down, indent, outdent.
#[server(endpoint = "tagesordnung/verschieben")]
pub async fn move_item(
    meeting: i64,
    version: i64,
    item: i64,
    action: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let kept = FormErrors::new().keep("item", &item.to_string());
    usecases::agenda::move_item(&db, &reader, meeting, version, item, &action, &actor)
        .await
        .map_err(|r| refused(r, kept, "item"))?;
    saved(meeting).await
}

/// Drag and drop: puts the item before another one (or last when `before` is empty).
#[server(endpoint = "tagesordnung/ordnen")]
pub async fn drop_item(
    meeting: i64,
    version: i64,
    item: i64,
    before: Option<i64>,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let kept = FormErrors::new().keep("item", &item.to_string());
    usecases::agenda::drop_item(&db, &reader, meeting, version, item, before, &actor)
        .await
        .map_err(|r| refused(r, kept, "item"))?;
    saved(meeting).await
}

/// Marks an item dealt with, or open again; open topic items are re-tabled when the meeting is
/// held or cancelled.
#[server(endpoint = "tagesordnung/behandelt")]
pub async fn mark_item(
    meeting: i64,
    version: i64,
    item: i64,
    handled: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let kept = FormErrors::new().keep("item", &item.to_string());
    let handled = handled == "true";
    usecases::agenda::mark_item(&db, &reader, meeting, version, item, handled, &actor)
        .await
        .map_err(|r| refused(r, kept, "item"))?;
    saved(meeting).await
}

/// Publishes the agenda as a new version, invites the committee (inbox, and e-mail when SMTP
/// is configured) and moves a planned meeting to "invited".
#[server(endpoint = "tagesordnung/veroeffentlichen")]
pub async fn publish_agenda(meeting: i64, version: i64) -> Result<(), AppError> {
    let db = db()?;
    let (reader, actor) = acting(&db).await?;
    let mail = use_context::<crate::mail::MailContext>().ok_or(AppError::Internal)?;
    let published = usecases::agenda::publish(&db, &reader, meeting, version, mail.enabled, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new(), "publish"))?;
    (mail.wake)();
    crate::notice::tell(Notice::AgendaPublished { version: published }).await;
    back_to(meeting);
    Ok(())
}

/// One message as the inbox shows it, its time already in German time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub at: chrono::NaiveDateTime,
    pub title: String,
    pub body: String,
    pub link: String,
    pub unread: bool,
}

impl InboxEntry {
    #[cfg(feature = "ssr")]
    fn from_notification(n: Notification) -> Self {
        Self {
            at: gremium::domain::recurrence::utc_to_berlin(n.at),
            title: n.title,
            body: n.body,
            link: n.link,
            unread: n.read_at.is_none(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub page: Page<InboxEntry>,
    pub unread: i64,
}

#[server(endpoint = "eingang/liste")]
pub async fn load_inbox(page: Option<u32>) -> Result<Inbox, AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let list =
        notifications::list(&db, principal.user_id, PageRequest::new(page, Some(20))).await?;
    Ok(Inbox {
        unread: notifications::unread(&db, principal.user_id).await?,
        page: Page {
            items: list
                .items
                .into_iter()
                .map(InboxEntry::from_notification)
                .collect(),
            total: list.total,
            page: list.page,
            per_page: list.per_page,
        },
    })
}

#[server(endpoint = "eingang/gelesen")]
pub async fn mark_inbox_read() -> Result<(), AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    notifications::mark_all_read(&db, principal.user_id).await?;
    leptos_axum::redirect("/eingang");
    Ok(())
}
