//! The agenda of a session: the chair's builder (add, edit, remove, order by buttons or drag
//! and drop, mark dealt with, publish), the published versions everyone who sees the session
//! may read, and each person's inbox where the invitation arrives.

use gremium::domain::agenda::{AgendaChange, AgendaItem, PublishedAgenda};
use gremium::domain::calendar::Session;
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
    crate::auth::{self, actor, db, fail, not_found, refusal},
    gremium::domain::account::Principal,
    gremium::domain::agenda::{
        Move, Outcome, check_item, diff, editable as agenda_editable, numbers,
    },
    gremium::domain::calendar::SessionRecord,
    gremium::domain::form::{FormErrors, Problem},
    gremium::domain::page::PageRequest,
    gremium::domain::recurrence::local_view,
    gremium::store::agenda::{self, InvitationNote, Reorder},
    gremium::store::{Db, notifications, sessions},
};

/// One line of the chair's agenda: the item and its number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaRow {
    pub number: String,
    pub item: AgendaItem,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaView {
    pub session: Session,
    pub manages: bool,
    /// The chair may still change the agenda (until the session is held).
    pub editable: bool,
    /// The version every change must name.
    pub version: i64,
    /// The working agenda (chairs only).
    pub rows: Vec<AgendaRow>,
    pub total_minutes: u32,
    pub session_minutes: u32,
    /// Published versions, newest first; internal items only for insiders.
    pub published: Vec<PublishedAgenda>,
    /// What the newest version changed against the one before.
    pub changes: Vec<AgendaChange>,
}

/// The session if the caller may see it.
#[cfg(feature = "ssr")]
pub(crate) async fn visible_session(
    db: &Db,
    id: i64,
) -> Result<(SessionRecord, crate::api::calendar::Viewer), AppError> {
    let viewer = crate::api::calendar::viewer(db).await?;
    let record = gremium::usecases::meetings::session(db, &viewer, id)
        .await
        .map_err(not_found)?;
    Ok((record, viewer))
}

#[server(endpoint = "tagesordnung/laden")]
pub async fn load_agenda(session: i64) -> Result<AgendaView, AppError> {
    let db = db()?;
    let (record, viewer) = visible_session(&db, session).await?;
    let editable = viewer.manages() && agenda_editable(record.status);
    let (items, version) = agenda::items(&db, session).await?;
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
        session_minutes: u32::try_from(length).unwrap_or(0),
        session: local_view(&record, viewer.insider()),
        manages: viewer.manages(),
        editable,
        version,
        rows,
        published,
        changes,
    })
}

/// The session if the caller chairs its committee.
#[cfg(feature = "ssr")]
pub(crate) async fn chaired(db: &Db, session: i64) -> Result<(SessionRecord, Principal), AppError> {
    let record = sessions::get(db, session).await?;
    let principal = auth::require(|p| p.may_manage_committee(record.committee_id)).await?;
    Ok((record, principal))
}

#[cfg(feature = "ssr")]
fn back_to(session: i64) {
    leptos_axum::redirect(&format!("/sitzungen/{session}/tagesordnung"));
}

#[server(endpoint = "tagesordnung/punkt-neu")]
pub async fn add_item(
    session: i64,
    version: i64,
    title: String,
    presenter: String,
    minutes: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let item = check_item(&title, &presenter, &minutes, public.is_some())
        .map_err(|form| fail(AppError::Invalid(form.keep("item", "new"))))?;
    let kept = FormErrors::new()
        .keep("item", "new")
        .keep("title", &title)
        .keep("presenter", &presenter)
        .keep("minutes", &minutes)
        .keep("public", public.as_deref().unwrap_or_default());
    agenda::add(&db, session, version, &item, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, kept, "title"))?;
    crate::notice::tell(Notice::AgendaSaved).await;
    back_to(session);
    Ok(())
}

#[server(endpoint = "tagesordnung/punkt-aendern")]
pub async fn edit_item(
    session: i64,
    version: i64,
    item: i64,
    title: String,
    presenter: String,
    minutes: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let id = item.to_string();
    let draft = check_item(&title, &presenter, &minutes, public.is_some())
        .map_err(|form| fail(AppError::Invalid(form.keep("item", &id))))?;
    let kept = FormErrors::new()
        .keep("item", &id)
        .keep("title", &title)
        .keep("presenter", &presenter)
        .keep("minutes", &minutes)
        .keep("public", public.as_deref().unwrap_or_default());
    agenda::edit(
        &db,
        session,
        version,
        item,
        &draft,
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| refusal(e, kept, "title"))?;
    crate::notice::tell(Notice::AgendaSaved).await;
    back_to(session);
    Ok(())
}

#[server(endpoint = "tagesordnung/punkt-entfernen")]
pub async fn remove_item(session: i64, version: i64, item: i64) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    agenda::remove(&db, session, version, item, &actor(Some(&principal), ""))
        .await
        .map_err(|e| refusal(e, FormErrors::new().keep("item", &item.to_string()), "item"))?;
    crate::notice::tell(Notice::AgendaSaved).await;
    back_to(session);
    Ok(())
}

/// One step of the keyboard-accessible reordering: up, down, indent, outdent.
#[server(endpoint = "tagesordnung/verschieben")]
pub async fn move_item(
    session: i64,
    version: i64,
    item: i64,
    action: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let mut form = FormErrors::new().keep("item", &item.to_string());
    let Some(step) = Move::parse(&action) else {
        form.add("item", Problem::Required);
        return Err(fail(AppError::Invalid(form)));
    };
    agenda::reorder(
        &db,
        session,
        version,
        &Reorder::Move(item, step),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| refusal(e, form, "item"))?;
    crate::notice::tell(Notice::AgendaSaved).await;
    back_to(session);
    Ok(())
}

/// Drag and drop: puts the item before another one (or last when `before` is empty).
#[server(endpoint = "tagesordnung/ordnen")]
pub async fn drop_item(
    session: i64,
    version: i64,
    item: i64,
    before: Option<i64>,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let form = FormErrors::new().keep("item", &item.to_string());
    agenda::reorder(
        &db,
        session,
        version,
        &Reorder::Drop(item, before),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| refusal(e, form, "item"))?;
    crate::notice::tell(Notice::AgendaSaved).await;
    back_to(session);
    Ok(())
}

/// Marks an item dealt with, or open again; open topic items are re-tabled when the session is
/// held or cancelled.
#[server(endpoint = "tagesordnung/behandelt")]
pub async fn mark_item(
    session: i64,
    version: i64,
    item: i64,
    handled: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = chaired(&db, session).await?;
    let outcome = (handled == "true").then_some(Outcome::Handled);
    agenda::set_outcome(
        &db,
        session,
        version,
        item,
        outcome,
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| refusal(e, FormErrors::new().keep("item", &item.to_string()), "item"))?;
    crate::notice::tell(Notice::AgendaSaved).await;
    back_to(session);
    Ok(())
}

/// The invitation as plain text: date, place or link, and the agenda.
#[cfg(feature = "ssr")]
fn invitation(record: &SessionRecord, items: &[AgendaItem], link: &str) -> InvitationNote {
    let starts = gremium::domain::recurrence::utc_to_berlin(record.starts_at);
    let ends = gremium::domain::recurrence::utc_to_berlin(record.ends_at);
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

/// Publishes the agenda as a new version, invites the committee (inbox, and e-mail when SMTP
/// is configured) and moves a planned session to "invited".
#[server(endpoint = "tagesordnung/veroeffentlichen")]
pub async fn publish_agenda(session: i64, version: i64) -> Result<(), AppError> {
    let db = db()?;
    let (record, principal) = chaired(&db, session).await?;
    let (items, _) = agenda::items(&db, session).await?;
    let link = format!("/sitzungen/{session}/tagesordnung");
    let note = invitation(&record, &items, &link);
    let mail = use_context::<crate::mail::MailContext>().ok_or(AppError::Internal)?;
    let body = mail.enabled.then(|| {
        format!(
            "{}\n\nDie Tagesordnung und die Einladung zum Drucken:",
            note.body
        )
    });
    let (published, _) = agenda::publish(
        &db,
        session,
        version,
        &note,
        body.as_deref(),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| refusal(e, FormErrors::new(), "publish"))?;
    (mail.wake)();
    crate::notice::tell(Notice::AgendaPublished { version: published }).await;
    back_to(session);
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
