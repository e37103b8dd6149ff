//! Meetings and series: lists, month view, the meeting page, and the chair's changes. Readers
//! outside the committee see public meetings only and never a video link.

use chrono::{NaiveDate, NaiveDateTime};
use gremium::domain::calendar::{Meeting, MeetingStatus};
use gremium::domain::decisions::{Decision, DemandMove};
use gremium::domain::demands::ItemDemand;
use gremium::domain::live::LiveItem;
use gremium::domain::minutes::MinutesState;
use gremium::domain::page::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db},
    gremium::domain::page::PageRequest,
    gremium::domain::recurrence::{berlin_to_utc, local_view, utc_to_berlin},
    gremium::domain::visibility::Reader,
    gremium::store::meetings::{self, MeetingQuery, When},
    gremium::store::{Db, committees, users},
};

mod manage;
mod meeting_series;

pub use manage::{
    AddMeeting, CancelMeeting, ChangePlace, MoveMeeting, SetMeetingStatus, add_meeting,
    cancel_meeting, change_place, move_meeting, set_meeting_status,
};
pub use meeting_series::{
    CreateSeries, ListSeries, LoadSeries, SeriesOverview, UpdateSeries, create_series, list_series,
    load_series, update_series,
};

/// The reader of the committee's material; what they see is decided by the core's
/// `gremium::domain::visibility::Reader`, never here.
#[cfg(feature = "ssr")]
pub(crate) type Viewer = Reader;

#[cfg(feature = "ssr")]
pub(crate) async fn viewer(db: &Db) -> Result<Reader, AppError> {
    let committee = committees::default_id(db).await?;
    Ok(Reader::new(auth::current().await?, committee))
}

#[cfg(feature = "ssr")]
fn now_local() -> NaiveDateTime {
    utc_to_berlin(gremium::store::now())
}

/// The list's filters, as they appear in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingListQuery {
    /// Past meetings (latest first) instead of upcoming ones.
    pub past: bool,
    pub q: Option<String>,
    pub page: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingList {
    pub page: Page<Meeting>,
    pub manages: bool,
    pub signed_in: bool,
    pub now: NaiveDateTime,
}

#[server(endpoint = "sitzungen/liste", input = Json)]
pub async fn list_meetings(query: MeetingListQuery) -> Result<MeetingList, AppError> {
    let db = db()?;
    let viewer = viewer(&db).await?;
    let text = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| q.chars().take(200).collect());
    let page = meetings::list(
        &db,
        &MeetingQuery {
            committee_id: viewer.committee,
            when: if query.past {
                When::Past
            } else {
                When::Upcoming
            },
            text,
            public_only: !viewer.insider(),
            page: PageRequest::new(query.page, Some(20)),
        },
        gremium::store::now(),
    )
    .await?;
    Ok(MeetingList {
        page: Page {
            items: page
                .items
                .iter()
                .map(|s| local_view(s, viewer.insider()))
                .collect(),
            total: page.total,
            page: page.page,
            per_page: page.per_page,
        },
        manages: viewer.manages(),
        signed_in: viewer.principal.is_some(),
        now: now_local(),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub manages: bool,
    pub now: NaiveDateTime,
    /// The statuses the chair may set next.
    pub next: Vec<MeetingStatus>,
    pub series_title: Option<String>,
    /// The caller holds a seat or deputises on the committee (may send apologies).
    pub member: bool,
    /// The agenda as the reader may see it (the working one for insiders, the last published
    /// version for everyone else; none before the first publication).
    pub items: Vec<LiveItem>,
    /// An agenda version has been published.
    pub agenda_published: bool,
    /// Demands raised as the topics of those items.
    pub item_demands: Vec<ItemDemand>,
    /// The topic each item came from, as (item, topic), for readers who see topics.
    pub item_topics: Vec<(i64, i64)>,
    pub decisions: Vec<Decision>,
    pub moves: Vec<DemandMove>,
    /// The minutes' state once there are minutes to speak of (the meeting is held).
    pub minutes: Option<MinutesState>,
}

#[server(endpoint = "sitzungen/eintrag")]
pub async fn load_meeting(id: i64) -> Result<MeetingDetail, AppError> {
    let db = db()?;
    let viewer = viewer(&db).await?;
    let record = gremium::usecases::meetings::record(&db, &viewer, id)
        .await
        .map_err(auth::not_found)?;
    let seen = gremium::usecases::meetings::meeting(&db, &viewer, &record).await?;
    let item_demands =
        gremium::usecases::meetings::item_demands(&db, &viewer, id, &seen.live.items).await?;
    let item_topics =
        gremium::usecases::meetings::item_topics(&db, &viewer, id, &seen.live.items).await?;
    let minutes = match record.status {
        MeetingStatus::Held | MeetingStatus::MinutesApproved => {
            Some(gremium::store::minutes::get(&db, id).await?.state)
        }
        _ => None,
    };
    let series_title = match record.series_id {
        Some(series_id) => gremium::usecases::series::title(&db, &viewer, series_id).await?,
        None => None,
    };
    Ok(MeetingDetail {
        next: if viewer.manages() {
            record
                .status
                .next()
                .iter()
                .copied()
                .filter(|s| *s != MeetingStatus::Cancelled)
                .collect()
        } else {
            Vec::new()
        },
        member: viewer
            .principal
            .as_ref()
            .is_some_and(|p| p.member_of.contains(&record.committee_id)),
        meeting: local_view(&record, viewer.insider()),
        manages: viewer.manages(),
        now: now_local(),
        series_title,
        items: seen.live.items,
        agenda_published: seen.agenda_published,
        item_demands,
        item_topics,
        decisions: seen.decisions,
        moves: seen.moves,
        minutes,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthView {
    /// The first day of the month shown.
    pub first: NaiveDate,
    pub meetings: Vec<Meeting>,
    pub today: NaiveDate,
    pub manages: bool,
    pub signed_in: bool,
}

/// One month of meetings; `month` is "YYYY-MM", the current month when missing or malformed.
#[server(endpoint = "sitzungen/monat")]
pub async fn load_month(month: Option<String>) -> Result<MonthView, AppError> {
    let db = db()?;
    let viewer = viewer(&db).await?;
    let today = now_local().date();
    let first = month
        .as_deref()
        .and_then(|m| NaiveDate::parse_from_str(&format!("{}-01", m.trim()), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Datelike::with_day(&today, 1).unwrap_or(today));
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let midnight = |d: NaiveDate| berlin_to_utc(d.and_time(chrono::NaiveTime::MIN));
    let records = meetings::between(
        &db,
        Some(viewer.committee),
        midnight(first),
        midnight(next),
        !viewer.insider(),
    )
    .await?;
    Ok(MonthView {
        first,
        meetings: records
            .iter()
            .map(|s| local_view(s, viewer.insider()))
            .collect(),
        today,
        manages: viewer.manages(),
        signed_in: viewer.principal.is_some(),
    })
}

/// The personal calendar feed: when its link was made, and the link itself only right after
/// it was made (only its hash is stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarLinkInfo {
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    pub fresh_url: Option<String>,
    pub public_url: String,
}

#[cfg(feature = "ssr")]
const FRESH_CALENDAR_URL: &str = "gremium.calendar_url";

#[server(endpoint = "konto/kalender")]
pub async fn calendar_link() -> Result<CalendarLinkInfo, AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let login = auth::auth_session().await?;
    let fresh_url: Option<String> = login
        .session
        .remove(FRESH_CALENDAR_URL)
        .await
        .ok()
        .flatten();
    let base = use_context::<crate::mail::MailContext>()
        .map(|m| m.public_url)
        .unwrap_or_default();
    Ok(CalendarLinkInfo {
        since: users::calendar_token_since(&db, principal.user_id).await?,
        fresh_url,
        public_url: format!("{base}/kalender/oeffentlich.ics"),
    })
}

/// Makes a new secret feed link; the old one stops working at once.
#[server(endpoint = "konto/kalender-neu")]
pub async fn reset_calendar_link() -> Result<(), AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let (token, hash) = gremium::secret::new_token();
    users::reset_calendar_token(&db, principal.user_id, &hash, &actor(Some(&principal), ""))
        .await?;
    let base = use_context::<crate::mail::MailContext>()
        .map(|m| m.public_url)
        .unwrap_or_default();
    let login = auth::auth_session().await?;
    login
        .session
        .insert(FRESH_CALENDAR_URL, format!("{base}/kalender/{token}.ics"))
        .await
        .map_err(|error| {
            tracing::error!(?error, "cannot keep the new calendar link in the meeting");
            AppError::Internal
        })?;
    leptos_axum::redirect("/konto/kalender");
    Ok(())
}
