//! Sessions and series: lists, month view, the session page, and the chair's changes. Readers
//! outside the committee see public sessions only and never a video link.

// The series and session forms post one argument per field; the browser-side stubs the
// `server` macro generates do not carry an attribute on the function, hence module-wide.
#![expect(
    clippy::too_many_arguments,
    reason = "one argument per form field: plain HTML forms post them that way"
)]

use chrono::{NaiveDate, NaiveDateTime};
use gremium::domain::calendar::{Series, Session, SessionStatus};
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
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail},
    gremium::domain::calendar::{
        NewSession, PLACE_MAX, REASON_MAX, SeriesInput, SessionFormat, TITLE_MAX, check_series,
        check_session_times, optional_text, parse_url,
    },
    gremium::domain::form::{FormErrors, Problem, required_text},
    gremium::domain::page::PageRequest,
    gremium::domain::recurrence::{berlin_to_utc, local_view, utc_to_berlin, yields_dates},
    gremium::domain::visibility::Reader,
    gremium::store::sessions::{self, SessionQuery, When},
    gremium::store::{Db, StoreError, committees, series, users},
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
pub struct SessionListQuery {
    /// Past sessions (latest first) instead of upcoming ones.
    pub past: bool,
    pub q: Option<String>,
    pub page: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionList {
    pub page: Page<Session>,
    pub manages: bool,
    pub signed_in: bool,
    pub now: NaiveDateTime,
}

#[server(endpoint = "sitzungen/liste", input = Json)]
pub async fn list_sessions(query: SessionListQuery) -> Result<SessionList, AppError> {
    let db = db()?;
    let viewer = viewer(&db).await?;
    let text = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| q.chars().take(200).collect());
    let page = sessions::list(
        &db,
        &SessionQuery {
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
    Ok(SessionList {
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
pub struct SessionDetail {
    pub session: Session,
    pub manages: bool,
    pub now: NaiveDateTime,
    /// The statuses the chair may set next.
    pub next: Vec<SessionStatus>,
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
    /// The minutes' state once there are minutes to speak of (the session is held).
    pub minutes: Option<MinutesState>,
}

#[server(endpoint = "sitzungen/eintrag")]
pub async fn load_session(id: i64) -> Result<SessionDetail, AppError> {
    let db = db()?;
    let viewer = viewer(&db).await?;
    let record = gremium::usecases::meetings::session(&db, &viewer, id)
        .await
        .map_err(auth::not_found)?;
    let seen = gremium::usecases::meetings::meeting(&db, &viewer, &record).await?;
    let item_demands =
        gremium::usecases::meetings::item_demands(&db, &viewer, id, &seen.live.items).await?;
    let item_topics =
        gremium::usecases::meetings::item_topics(&db, &viewer, id, &seen.live.items).await?;
    let minutes = match record.status {
        SessionStatus::Held | SessionStatus::MinutesApproved => {
            Some(gremium::store::minutes::get(&db, id).await?.state)
        }
        _ => None,
    };
    let series_title = match record.series_id {
        Some(series_id) => gremium::usecases::series::title(&db, &viewer, series_id).await?,
        None => None,
    };
    Ok(SessionDetail {
        next: if viewer.manages() {
            record
                .status
                .next()
                .iter()
                .copied()
                .filter(|s| *s != SessionStatus::Cancelled)
                .collect()
        } else {
            Vec::new()
        },
        member: viewer
            .principal
            .as_ref()
            .is_some_and(|p| p.member_of.contains(&record.committee_id)),
        session: local_view(&record, viewer.insider()),
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
    pub sessions: Vec<Session>,
    pub today: NaiveDate,
    pub manages: bool,
    pub signed_in: bool,
}

/// One month of sessions; `month` is "YYYY-MM", the current month when missing or malformed.
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
    let records = sessions::between(
        &db,
        Some(viewer.committee),
        midnight(first),
        midnight(next),
        !viewer.insider(),
    )
    .await?;
    Ok(MonthView {
        first,
        sessions: records
            .iter()
            .map(|s| local_view(s, viewer.insider()))
            .collect(),
        today,
        manages: viewer.manages(),
        signed_in: viewer.principal.is_some(),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesOverview {
    pub series: Vec<Series>,
    pub manages: bool,
    pub today: NaiveDate,
}

#[server(endpoint = "sitzungen/serien")]
pub async fn list_series() -> Result<SeriesOverview, AppError> {
    auth::require_user().await?;
    let db = db()?;
    let viewer = viewer(&db).await?;
    Ok(SeriesOverview {
        series: gremium::usecases::series::list(&db, &viewer, gremium::store::now()).await?,
        manages: viewer.manages(),
        today: now_local().date(),
    })
}

#[server(endpoint = "sitzungen/serie")]
pub async fn load_series(id: i64) -> Result<Series, AppError> {
    let db = db()?;
    let found = series::get(&db, id).await.map_err(auth::not_found)?;
    auth::require(|p| p.may_manage_committee(found.committee_id)).await?;
    Ok(found)
}

/// Checks a series form; also that the rule yields at least one date.
#[cfg(feature = "ssr")]
fn checked_series(
    input: &SeriesInput,
    is_new: bool,
) -> Result<gremium::domain::calendar::SeriesDraft, AppError> {
    let draft = check_series(input, now_local().date(), is_new)
        .map_err(|form| fail(AppError::Invalid(form)))?;
    if !yields_dates(&draft) {
        let mut form = FormErrors::new();
        form.add(
            if matches!(
                draft.recurrence,
                gremium::domain::calendar::Recurrence::Dates(_)
            ) {
                "dates"
            } else {
                "nth"
            },
            Problem::NoDates,
        );
        return Err(fail(AppError::Invalid(input.keep(form))));
    }
    Ok(draft)
}

/// Creates a series and its sessions for the coming twelve months.
#[server(endpoint = "sitzungen/serie-neu")]
pub async fn create_series(
    title: String,
    format: String,
    rule: String,
    interval: String,
    nth: String,
    weekday: String,
    skip_months: String,
    dates: String,
    first_date: String,
    until: String,
    start_time: String,
    end_time: String,
    video_url: String,
    location: String,
    deadline_days: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let committee = committees::default_id(&db).await?;
    let principal = auth::require(|p| p.may_manage_committee(committee)).await?;
    let input = SeriesInput {
        title,
        format,
        rule,
        interval,
        nth,
        weekday,
        skip_months,
        dates,
        first_date,
        until,
        start_time,
        end_time,
        video_url,
        location,
        deadline_days,
        public: public.is_some(),
    };
    let draft = checked_series(&input, true)?;
    let id = series::create(&db, committee, &draft, &actor(Some(&principal), "")).await?;
    sessions::sync_series(&db, id, gremium::store::now()).await?;
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/sitzungen/serien");
    Ok(())
}

/// Saves a changed series against the version it was loaded with, then regenerates its future
/// sessions (those with content or changed one by one stay as they are).
#[server(endpoint = "sitzungen/serie-aendern")]
pub async fn update_series(
    id: i64,
    version: i64,
    title: String,
    format: String,
    rule: String,
    interval: String,
    nth: String,
    weekday: String,
    skip_months: String,
    dates: String,
    first_date: String,
    until: String,
    start_time: String,
    end_time: String,
    video_url: String,
    location: String,
    deadline_days: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let existing = series::get(&db, id).await?;
    let principal = auth::require(|p| p.may_manage_committee(existing.committee_id)).await?;
    let input = SeriesInput {
        title,
        format,
        rule,
        interval,
        nth,
        weekday,
        skip_months,
        dates,
        first_date,
        until,
        start_time,
        end_time,
        video_url,
        location,
        deadline_days,
        public: public.is_some(),
    };
    let draft = checked_series(&input, false)?;
    match series::update(&db, id, version, &draft, &actor(Some(&principal), "")).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => {
            return Err(fail(AppError::Conflict(input.keep(FormErrors::new()))));
        }
        Err(other) => return Err(other.into()),
    }
    sessions::sync_series(&db, id, gremium::store::now()).await?;
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/sitzungen/serien");
    Ok(())
}

/// The session and the principal if they may change it.
#[cfg(feature = "ssr")]
async fn managed_session(
    db: &Db,
    id: i64,
) -> Result<
    (
        gremium::domain::calendar::SessionRecord,
        gremium::domain::account::Principal,
    ),
    AppError,
> {
    let record = sessions::get(db, id).await?;
    let principal = auth::require(|p| p.may_manage_committee(record.committee_id)).await?;
    Ok((record, principal))
}

/// Adds a one-off session (not part of any series).
#[server(endpoint = "sitzungen/neu")]
pub async fn add_session(
    title: String,
    format: String,
    date: String,
    start_time: String,
    end_time: String,
    deadline: String,
    video_url: String,
    location: String,
    public: Option<String>,
) -> Result<(), AppError> {
    let db = db()?;
    let committee = committees::default_id(&db).await?;
    let principal = auth::require(|p| p.may_manage_committee(committee)).await?;
    let mut form = FormErrors::new()
        .keep("title", &title)
        .keep("format", &format)
        .keep("date", &date)
        .keep("start_time", &start_time)
        .keep("end_time", &end_time)
        .keep("deadline", &deadline)
        .keep("video_url", &video_url)
        .keep("location", &location)
        .keep("public", public.as_deref().unwrap_or_default());
    let title = form.check("title", required_text(&title, TITLE_MAX));
    let format = form.check(
        "format",
        SessionFormat::parse(&format).ok_or(Problem::Required),
    );
    let times = check_session_times(
        &mut form,
        &date,
        &start_time,
        &end_time,
        &deadline,
        now_local(),
    );
    let video_url = form.check("video_url", parse_url(&video_url)).flatten();
    let location = form
        .check("location", optional_text(&location, PLACE_MAX))
        .flatten();
    let (Some(title), Some(format), Some(times)) = (title, format, times) else {
        return Err(fail(AppError::Invalid(form)));
    };
    if !form.is_empty() {
        return Err(fail(AppError::Invalid(form)));
    }
    let new = NewSession {
        title,
        format,
        starts_at: berlin_to_utc(times.starts),
        ends_at: berlin_to_utc(times.ends),
        deadline_at: berlin_to_utc(times.deadline),
        video_url,
        location,
        public: public.is_some(),
    };
    let id = sessions::create(&db, committee, &new, &actor(Some(&principal), "")).await?;
    crate::notice::tell(Notice::MeetingCreated).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Moves one session to a new date and time; the old date stays on record.
#[server(endpoint = "sitzungen/verschieben")]
pub async fn move_session(
    id: i64,
    version: i64,
    date: String,
    start_time: String,
    end_time: String,
    deadline: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = managed_session(&db, id).await?;
    let mut form = FormErrors::new()
        .keep("date", &date)
        .keep("start_time", &start_time)
        .keep("end_time", &end_time)
        .keep("deadline", &deadline);
    let Some(times) = check_session_times(
        &mut form,
        &date,
        &start_time,
        &end_time,
        &deadline,
        now_local(),
    ) else {
        return Err(fail(AppError::Invalid(form)));
    };
    sessions::reschedule(
        &db,
        id,
        version,
        berlin_to_utc(times.starts),
        berlin_to_utc(times.ends),
        berlin_to_utc(times.deadline),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| auth::refusal(e, form, "date"))?;
    crate::notice::tell(Notice::MeetingMoved).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Cancels one session; the reason is required and shown to everyone who sees the session.
#[server(endpoint = "sitzungen/absagen")]
pub async fn cancel_session(id: i64, version: i64, reason: String) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = managed_session(&db, id).await?;
    let mut form = FormErrors::new().keep("reason", &reason);
    let Some(reason) = form.check("reason", required_text(&reason, REASON_MAX)) else {
        return Err(fail(AppError::Invalid(form)));
    };
    sessions::cancel(&db, id, version, &reason, &actor(Some(&principal), ""))
        .await
        .map_err(|e| auth::refusal(e, form, "reason"))?;
    crate::notice::tell(Notice::MeetingCancelled).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Changes format, video link or place of one session.
#[server(endpoint = "sitzungen/ort")]
pub async fn change_place(
    id: i64,
    version: i64,
    format: String,
    video_url: String,
    location: String,
) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = managed_session(&db, id).await?;
    let mut form = FormErrors::new()
        .keep("format", &format)
        .keep("video_url", &video_url)
        .keep("location", &location);
    let format = form.check(
        "format",
        SessionFormat::parse(&format).ok_or(Problem::Required),
    );
    let video_url = form.check("video_url", parse_url(&video_url));
    let location = form.check("location", optional_text(&location, PLACE_MAX));
    let (Some(format), Some(video_url), Some(location)) = (format, video_url, location) else {
        return Err(fail(AppError::Invalid(form)));
    };
    sessions::update_place(
        &db,
        id,
        version,
        format,
        video_url.as_deref(),
        location.as_deref(),
        &actor(Some(&principal), ""),
    )
    .await
    .map_err(|e| auth::refusal(e, form, "format"))?;
    crate::notice::tell(Notice::MeetingPlaceChanged).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
}

/// Moves a session along its status path (held, minutes approved …).
#[server(endpoint = "sitzungen/status")]
pub async fn set_session_status(id: i64, version: i64, status: String) -> Result<(), AppError> {
    let db = db()?;
    let (_, principal) = managed_session(&db, id).await?;
    let form = FormErrors::new().keep("status", &status);
    let Some(next) = SessionStatus::parse(&status).filter(|s| *s != SessionStatus::Cancelled)
    else {
        let mut form = form;
        form.add("status", Problem::Required);
        return Err(fail(AppError::Invalid(form)));
    };
    sessions::set_status(&db, id, version, next, &actor(Some(&principal), ""))
        .await
        .map_err(|e| auth::refusal(e, form, "status"))?;
    crate::notice::tell(Notice::MeetingStatus(next)).await;
    leptos_axum::redirect(&format!("/sitzungen/{id}"));
    Ok(())
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
    let session = auth::auth_session().await?;
    let fresh_url: Option<String> = session
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
    let session = auth::auth_session().await?;
    session
        .session
        .insert(FRESH_CALENDAR_URL, format!("{base}/kalender/{token}.ics"))
        .await
        .map_err(|error| {
            tracing::error!(?error, "cannot keep the new calendar link in the session");
            AppError::Internal
        })?;
    leptos_axum::redirect("/konto/kalender");
    Ok(())
}
