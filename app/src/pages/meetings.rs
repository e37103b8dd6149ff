//! Sessions (Sitzungen): the upcoming and past list with search, the month view, the session
//! page with the chair's changes, and the form for a one-off session. Every form is a plain
//! HTML form, so all of it works without JavaScript.

use chrono::{Datelike, Duration, NaiveDate};
use gremium::domain::calendar::{
    PLACE_MAX, REASON_MAX, Session, SessionFormat, SessionStatus, TITLE_MAX,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::calendar::{
    AddSession, CancelSession, ChangePlace, MoveSession, SessionDetail, SessionListQuery,
    SetSessionStatus, list_sessions, load_month, load_session,
};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome, problem_text, textarea_text};
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::components::routed::{RefusedPage, route_resource};
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::not_found::set_status;
use leptos_i18n::I18nContext;

pub fn format_text(i18n: I18nContext<Locale>, format: SessionFormat) -> String {
    match format {
        SessionFormat::Virtual => t_string!(i18n, meeting_format_virtual),
        SessionFormat::InPerson => t_string!(i18n, meeting_format_in_person),
        SessionFormat::Hybrid => t_string!(i18n, meeting_format_hybrid),
    }
    .to_string()
}

pub fn status_text(i18n: I18nContext<Locale>, status: SessionStatus) -> String {
    match status {
        SessionStatus::Planned => t_string!(i18n, meeting_status_planned),
        SessionStatus::Invited => t_string!(i18n, meeting_status_invited),
        SessionStatus::InProgress => t_string!(i18n, meeting_status_in_progress),
        SessionStatus::Held => t_string!(i18n, meeting_status_held),
        SessionStatus::MinutesApproved => t_string!(i18n, meeting_status_minutes_approved),
        SessionStatus::Cancelled => t_string!(i18n, meeting_status_cancelled),
    }
    .to_string()
}

#[component]
fn StatusBadge(status: SessionStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge--{}", status.as_str())>{status_text(i18n, status)}</span>
    }
}

/// The links between the calendar's views.
#[component]
fn CalendarNav(manages: bool, signed_in: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="subnav" aria-label=move || t_string!(i18n, meeting_views).to_string()>
            <a href="/sitzungen">{t!(i18n, meeting_upcoming)}</a>
            <a href="/sitzungen?zeit=vergangen">{t!(i18n, meeting_past)}</a>
            <a href="/sitzungen/monat">{t!(i18n, meeting_month_view)}</a>
            {signed_in.then(|| view! {
                <a href="/sitzungen/serien">{t!(i18n, series_title)}</a>
                <a href="/konto/kalender">{t!(i18n, calendar_link_title)}</a>
            })}
            {(!signed_in).then(|| view! {
                <a href="/kalender/oeffentlich.ics">{t!(i18n, calendar_public_feed)}</a>
            })}
            <a href="/beschluesse.atom" type="application/atom+xml">{t!(i18n, decisions_feed)}</a>
            {manages.then(|| view! { <a href="/sitzungen/neu">{t!(i18n, meeting_add)}</a> })}
        </nav>
    }
}

#[component]
pub fn MeetingListPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        SessionListQuery {
            past: params.get("zeit").as_deref() == Some("vergangen"),
            q: params.get("q").filter(|q| !q.trim().is_empty()),
            page: params.get("seite").and_then(|p| p.parse().ok()),
        }
    });
    let list = Resource::new(move || query.get(), list_sessions);
    let initial = query.get_untracked();
    let heading = move || {
        if query.get().past {
            t_string!(i18n, meeting_past).to_string()
        } else {
            t_string!(i18n, meeting_upcoming).to_string()
        }
    };
    view! {
        <PageTitle text=heading />
        <h1>{heading}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => {
                        let query = query.get_untracked();
                        let pages = list.page.page_count();
                        let url = Callback::new(move |page: u32| {
                            let mut pairs = Vec::new();
                            if query.past {
                                pairs.push(("zeit", "vergangen".to_owned()));
                            }
                            if let Some(q) = &query.q {
                                pairs.push(("q", q.clone()));
                            }
                            pairs.push(("seite", page.to_string()));
                            format!("/sitzungen?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
                        });
                        let empty = list.page.items.is_empty();
                        let now = list.now;
                        view! {
                            <CalendarNav manages=list.manages signed_in=list.signed_in />
                            <p class="muted" role="status">
                                {t_string!(i18n, meeting_count, count = list.page.total).to_string()}
                            </p>
                            {empty.then(|| view! { <p>{t!(i18n, meeting_none)}</p> })}
                            <ul class="meeting-list">
                                {list.page.items.into_iter().map(|s| view! { <MeetingItem session=s now /> }).collect_view()}
                            </ul>
                            <Pager page=list.page.page pages url />
                        }.into_any()
                    }
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <form method="get" action="/sitzungen" class="filters" role="search">
            {initial.past.then(|| view! { <input type="hidden" name="zeit" value="vergangen" /> })}
            <div class="field field--wide">
                <label for="meeting-q">{t!(i18n, meeting_search_label)}</label>
                <input id="meeting-q" type="search" name="q" maxlength="200"
                    value=initial.q.clone().unwrap_or_default() />
            </div>
            <div class="actions"><button type="submit">{t!(i18n, meeting_search)}</button></div>
        </form>
    }
}

#[component]
fn MeetingItem(session: Session, now: chrono::NaiveDateTime) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let href = format!("/sitzungen/{}", session.id);
    let cancelled = session.status == SessionStatus::Cancelled;
    let deadline_open = !cancelled && session.deadline > now && session.starts > now;
    view! {
        <li class="meeting" class:meeting--cancelled=cancelled>
            <h2 class="meeting__title">
                <a href=href>{format::span(locale, session.starts, session.ends)}</a>
            </h2>
            <p>
                {session.title.clone()} " · " {format_text(i18n, session.format)} " · "
                <StatusBadge status=session.status />
            </p>
            {session.location.clone().map(|place| view! { <p class="muted">{place}</p> })}
            {session.moved_from.map(|from| view! {
                <p class="muted">{t_string!(i18n, meeting_moved_from, date = format::moment(locale, from)).to_string()}</p>
            })}
            {deadline_open.then(|| view! {
                <p class="muted">{t_string!(i18n, meeting_deadline_short, date = format::date(locale, session.deadline.date())).to_string()}</p>
            })}
        </li>
    }
}

#[component]
pub fn MeetingMonthPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let month = Memo::new(move |_| params.read().get("monat"));
    let view_data = Resource::new(move || month.get(), load_month);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(data) => view! { <MonthGrid data /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MonthGrid(data: crate::api::calendar::MonthView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let first = data.first;
    let title = format!(
        "{} {}",
        format::month_name(locale, first.month()),
        first.year()
    );
    let previous = first - Duration::days(1);
    let next = first + Duration::days(32);
    let link = |d: NaiveDate| format!("/sitzungen/monat?monat={}", d.format("%Y-%m"));
    // Weeks from the Monday on or before the first to the Sunday on or after the last day.
    let start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let last = next.with_day(1).unwrap_or(next) - Duration::days(1);
    let mut weeks: Vec<Vec<NaiveDate>> = Vec::new();
    let mut day = start;
    while day <= last || day.weekday() != chrono::Weekday::Mon {
        if day.weekday() == chrono::Weekday::Mon {
            weeks.push(Vec::new());
        }
        if let Some(week) = weeks.last_mut() {
            week.push(day);
        }
        day += Duration::days(1);
    }
    let today = data.today;
    view! {
        <PageTitle text=title.clone() />
        <h1>{title.clone()}</h1>
        <CalendarNav manages=data.manages signed_in=data.signed_in />
        <nav class="pager" aria-label=move || t_string!(i18n, meeting_month_nav).to_string()>
            <a href=link(previous) rel="prev">{t!(i18n, meeting_month_previous)}</a>
            <a href=link(next) rel="next">{t!(i18n, meeting_month_next)}</a>
        </nav>
        <table class="month">
            <caption>{title}</caption>
            <thead>
                <tr>
                    {(0..7).map(|i| view! { <th scope="col">{format::weekday(locale, i)}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {weeks.into_iter().map(|week| view! {
                    <tr>
                        {week.into_iter().map(|d| {
                            let here: Vec<Session> = data.sessions.iter().filter(|s| s.starts.date() == d).cloned().collect();
                            let outside = d.month() != first.month();
                            view! {
                                <td class:month__outside=outside class:month__today=d == today
                                    aria-current=(d == today).then_some("date")>
                                    <span class="month__day">{d.day()}</span>
                                    {(!here.is_empty()).then(|| view! {
                                        <ul>
                                            {here.into_iter().map(|s| {
                                                let cancelled = s.status == SessionStatus::Cancelled;
                                                view! {
                                                    <li class:meeting--cancelled=cancelled>
                                                        <a href=format!("/sitzungen/{}", s.id)>
                                                            {format::time(s.starts)} " " {s.title.clone()}
                                                        </a>
                                                        {cancelled.then(|| view! { " (" {status_text(i18n, s.status)} ")" })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    })}
                                </td>
                            }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let detail = route_resource(load_session);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <Meeting detail /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, meeting_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Meeting(detail: SessionDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let s = detail.session.clone();
    let heading = format!("{} – {}", s.title, format::date(locale, s.starts.date()));
    let days = s.days_to_deadline(detail.now);
    let open = s.status.is_open();
    let deadline_text = if !open || s.starts <= detail.now {
        format::moment(locale, s.deadline)
    } else if s.deadline <= detail.now {
        t_string!(
            i18n,
            meeting_deadline_passed,
            date = format::moment(locale, s.deadline)
        )
        .to_string()
    } else {
        t_string!(
            i18n,
            meeting_deadline_in,
            date = format::moment(locale, s.deadline),
            count = days
        )
        .to_string()
    };
    let ics = format!("/sitzungen/{}/kalender.ics", s.id);
    view! {
        <PageTitle text=heading.clone() />
        <p><a href="/sitzungen">{t!(i18n, meeting_back)}</a></p>
        <h1>{heading}</h1>
        {(s.status == SessionStatus::Cancelled).then(|| view! {
            <div class="notice notice--error" role="status">
                <p>{t!(i18n, meeting_cancelled_notice)}</p>
                {s.cancel_reason.clone().map(|r| view! { <p>{t!(i18n, meeting_reason)} ": " {r}</p> })}
            </div>
        })}
        <dl class="facts">
            <dt>{t!(i18n, meeting_when)}</dt>
            <dd>{format::span(locale, s.starts, s.ends)}</dd>
            {s.moved_from.map(|from| view! {
                <dt>{t!(i18n, meeting_originally)}</dt>
                <dd><del>{format::moment(locale, from)}</del></dd>
            })}
            <dt>{t!(i18n, meeting_format)}</dt>
            <dd>{format_text(i18n, s.format)}</dd>
            {s.video_url.clone().map(|url| view! {
                <dt>{t!(i18n, meeting_video)}</dt>
                <dd><a href=url.clone() rel="noopener noreferrer">{url.clone()}</a></dd>
            })}
            {s.location.clone().map(|place| view! {
                <dt>{t!(i18n, meeting_location)}</dt>
                <dd>{place}</dd>
            })}
            <dt>{t!(i18n, meeting_status)}</dt>
            <dd><StatusBadge status=s.status /></dd>
            <dt>{t!(i18n, meeting_deadline)}</dt>
            <dd>{deadline_text}</dd>
            <dt>{t!(i18n, meeting_visibility)}</dt>
            <dd>{if s.public { t_string!(i18n, meeting_public) } else { t_string!(i18n, meeting_internal) }}</dd>
            {detail.series_title.clone().map(|t| view! {
                <dt>{t!(i18n, meeting_series)}</dt>
                <dd>{t}</dd>
            })}
        </dl>
        <p><a class="button button--secondary" href=ics download="">{t!(i18n, meeting_ics)}</a></p>
        <ul class="link-list">
            <li><a href=format!("/sitzungen/{}/tagesordnung", s.id)>{t!(i18n, agenda_open)}</a></li>
            {(detail.manages && s.status != SessionStatus::Cancelled).then(|| view! {
                <li><a href=format!("/sitzungen/{}/leitung", s.id)>{t!(i18n, meeting_run)}</a></li>
            })}
            {(s.status == SessionStatus::InProgress).then(|| view! {
                <li><a href=format!("/sitzungen/{}/live", s.id)>{t!(i18n, meeting_follow)}</a></li>
            })}
            {matches!(s.status, SessionStatus::Held | SessionStatus::MinutesApproved).then(|| view! {
                <li><a href=format!("/sitzungen/{}/niederschrift", s.id)>{t!(i18n, meeting_minutes)}</a></li>
            })}
        </ul>
        <MeetingAgenda detail=detail.clone() />
        <MeetingOutcome detail=detail.clone() />
        {(detail.member && open).then(|| view! { <ExcuseForm session=s.id /> })}
        {(detail.manages && open).then(|| view! {
            <MoveForm session=s.clone() />
            <PlaceForm session=s.clone() />
            <CancelForm session=s.clone() />
        })}
        {(detail.manages && !detail.next.is_empty()).then(|| view! {
            <StatusForm session=s.clone() next=detail.next.clone() />
        })}
    }
    .into_any()
}

/// The agenda as the reader may see it, numbered, with presenters, planned minutes, the demands
/// its topics came from and what was decided on each item.
#[component]
fn MeetingAgenda(detail: SessionDetail) -> impl IntoView {
    use crate::pages::demands::labels::status_text as demand_status;
    let i18n = use_i18n();
    let draft = !detail.agenda_published && !detail.items.is_empty();
    view! {
        <section aria-labelledby="tagesordnung">
            <h2 id="tagesordnung">{t!(i18n, agenda_open)}</h2>
            {draft.then(|| view! { <p class="hint">{t!(i18n, meeting_agenda_unpublished)}</p> })}
            {detail.items.is_empty().then(|| view! { <p>{t!(i18n, meeting_agenda_none)}</p> })}
            {(!detail.items.is_empty()).then(|| view! {
                <ol class="meeting-agenda">
                    {detail.items.iter().map(|item| {
                        let demands: Vec<_> = detail.item_demands.iter().filter(|d| d.item_id == item.id).cloned().collect();
                        let decisions: Vec<_> = detail.decisions.iter().filter(|d| d.item_id == item.id).cloned().collect();
                        let topic = detail.item_topics.iter().find(|(i, _)| *i == item.id).map(|(_, t)| *t);
                        view! {
                            <li>
                                <span class="meeting-agenda__number">{format!("TOP {}", item.number)}</span> " "
                                <strong>{item.title.clone()}</strong>
                                {(!item.public).then(|| view! { " " <span class="badge">{t!(i18n, agenda_internal)}</span> })}
                                <span class="muted">
                                    {item.presenter.clone().map(|p| format!(" · {p}"))}
                                    {(item.minutes > 0).then(|| format!(" · {}", t_string!(i18n, agenda_minutes_short, minutes = item.minutes)))}
                                </span>
                                {(topic.is_some() || !demands.is_empty() || !decisions.is_empty()).then(|| view! {
                                    <ul class="meeting-agenda__links">
                                        {topic.map(|t| view! {
                                            <li><a href=format!("/themen/{t}")>{format!("{} #{t}", t_string!(i18n, meeting_agenda_topic))}</a></li>
                                        })}
                                        {demands.into_iter().map(|d| view! {
                                            <li>
                                                <a href=format!("/bedarfe/{}", d.demand_id)>{format!("{} #{} „{}“", t_string!(i18n, demand_title), d.demand_id, d.title)}</a>
                                                {format!(" ({})", demand_status(i18n, d.status))}
                                            </li>
                                        }).collect_view()}
                                        {decisions.into_iter().map(|d| view! {
                                            <li>
                                                <a href=format!("/beschluesse/{}", d.id)>{format!("{} {}", crate::pages::minutes::kind_label(i18n, d.kind), d.number)}</a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
        </section>
    }
}

/// Once the session is held: its decisions (with the demands they moved) and where the minutes
/// stand.
#[component]
fn MeetingOutcome(detail: SessionDetail) -> impl IntoView {
    use crate::pages::minutes::{DemandMoveLine, kind_label, state_label};
    let i18n = use_i18n();
    detail.minutes.map(|state| view! {
        <section aria-labelledby="ergebnisse">
            <h2 id="ergebnisse">{t!(i18n, decisions_title)}</h2>
            {detail.decisions.is_empty().then(|| view! { <p>{t!(i18n, meeting_no_decisions)}</p> })}
            {(!detail.decisions.is_empty()).then(|| view! {
                <ul class="meeting-decisions">
                    {detail.decisions.iter().map(|d| {
                        let moves: Vec<_> = detail.moves.iter().filter(|m| m.decision_id == d.id).cloned().collect();
                        let item = detail.items.iter().find(|i| i.id == d.item_id).map(|i| format!("TOP {}", i.number));
                        view! {
                            <li>
                                <a href=format!("/beschluesse/{}", d.id)>{format!("{} {}", kind_label(i18n, d.kind), d.number)}</a>
                                {item.map(|i| format!(" ({i})"))}
                                <p class="prewrap">{d.text.clone()}</p>
                                {(!moves.is_empty()).then(|| view! {
                                    <ul>
                                        {moves.into_iter().map(|m| view! { <li><DemandMoveLine moved=m /></li> }).collect_view()}
                                    </ul>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <p>{t_string!(i18n, minutes_state_line, state = state_label(i18n, state)).to_string()}</p>
        </section>
    })
}

#[component]
fn MoveForm(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<MoveSession>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let value = |field: &str, default: String| form.value(field).map_or(default, str::to_owned);
    view! {
        <section aria-labelledby="verschieben">
            <h2 id="verschieben">{t!(i18n, meeting_move_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=MoveSession::PATH novalidate>
                <input type="hidden" name="id" value=session.id.to_string() />
                <input type="hidden" name="version" value=session.version.to_string() />
                <Field id="move-date" name="date" kind="date" required=true
                    label=t_string!(i18n, meeting_date).to_string()
                    value=value("date", session.starts.format("%Y-%m-%d").to_string())
                    problem=form.problem("date") />
                <Field id="move-start" name="start_time" kind="time" required=true
                    label=t_string!(i18n, meeting_start).to_string()
                    value=value("start_time", format::time(session.starts))
                    problem=form.problem("start_time") />
                <Field id="move-end" name="end_time" kind="time" required=true
                    label=t_string!(i18n, meeting_end).to_string()
                    value=value("end_time", format::time(session.ends))
                    problem=form.problem("end_time") />
                <Field id="move-deadline" name="deadline" kind="date" required=true
                    label=t_string!(i18n, meeting_deadline_date).to_string()
                    hint=t_string!(i18n, meeting_deadline_hint).to_string()
                    value=value("deadline", session.deadline.format("%Y-%m-%d").to_string())
                    problem=form.problem("deadline") />
                <div class="actions"><button type="submit">{t!(i18n, meeting_move)}</button></div>
            </form>
        </section>
    }
    .into_any()
}

/// The format choice, as a select with its label.
#[component]
pub fn FormatSelect(id: &'static str, selected: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{t!(i18n, meeting_format)}</label>
            <select id=id name="format">
                {SessionFormat::ALL.into_iter().map(|f| view! {
                    <option value=f.as_str() selected=selected == f.as_str()>{format_text(i18n, f)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn PlaceForm(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePlace>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let format = form
        .value("format")
        .map_or(session.format.as_str().to_owned(), str::to_owned);
    let video = form
        .value("video_url")
        .map_or(session.video_url.clone().unwrap_or_default(), str::to_owned);
    let place = form
        .value("location")
        .map_or(session.location.clone().unwrap_or_default(), str::to_owned);
    view! {
        <section aria-labelledby="ort">
            <h2 id="ort">{t!(i18n, meeting_place_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=ChangePlace::PATH novalidate>
                <input type="hidden" name="id" value=session.id.to_string() />
                <input type="hidden" name="version" value=session.version.to_string() />
                <FormatSelect id="place-format" selected=format />
                <Field id="place-video" name="video_url" kind="url"
                    label=t_string!(i18n, meeting_video).to_string()
                    value=video maxlength=PLACE_MAX as u32
                    problem=form.problem("video_url") />
                <Field id="place-location" name="location"
                    label=t_string!(i18n, meeting_location).to_string()
                    value=place maxlength=PLACE_MAX as u32
                    problem=form.problem("location") />
                <div class="actions"><button type="submit">{t!(i18n, meeting_place_save)}</button></div>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn CancelForm(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CancelSession>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let problem = form.problem("reason");
    view! {
        <section aria-labelledby="absagen">
            <h2 id="absagen">{t!(i18n, meeting_cancel_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=CancelSession::PATH novalidate>
                <input type="hidden" name="id" value=session.id.to_string() />
                <input type="hidden" name="version" value=session.version.to_string() />
                <div class="field" class:field--error=problem.is_some()>
                    <label for="cancel-reason">{t!(i18n, meeting_reason)}</label>
                    {problem.map(|p| view! { <p id="cancel-reason-error" class="field-error">{problem_text(i18n, p)}</p> })}
                    <textarea id="cancel-reason" name="reason" rows="3" maxlength=REASON_MAX.to_string()
                        aria-invalid=problem.map(|_| "true")
                        aria-describedby=problem.map(|_| "cancel-reason-error")>
                        {textarea_text(form.value("reason").unwrap_or_default())}
                    </textarea>
                </div>
                <div class="actions"><button type="submit" class="button--danger">{t!(i18n, meeting_cancel)}</button></div>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn StatusForm(session: Session, next: Vec<SessionStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetSessionStatus>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let problem = form.problem("status");
    view! {
        <section aria-labelledby="status">
            <h2 id="status">{t!(i18n, meeting_status_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=SetSessionStatus::PATH novalidate>
                <input type="hidden" name="id" value=session.id.to_string() />
                <input type="hidden" name="version" value=session.version.to_string() />
                <div class="field" class:field--error=problem.is_some()>
                    <label for="status-next">{t!(i18n, meeting_status_next)}</label>
                    {problem.map(|p| view! { <p class="field-error">{problem_text(i18n, p)}</p> })}
                    <select id="status-next" name="status">
                        {next.into_iter().map(|s| view! { <option value=s.as_str()>{status_text(i18n, s)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="actions"><button type="submit">{t!(i18n, meeting_status_set)}</button></div>
            </form>
        </section>
    }
    .into_any()
}

/// The form for a one-off session; only for the committee's chairs and admins.
#[component]
pub fn NewMeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let access = Resource::new(|| (), |()| crate::api::calendar::list_series());
    view! {
        <PageTitle text=move || t_string!(i18n, meeting_add).to_string() />
        <h1>{t!(i18n, meeting_add)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match access.await {
                    Ok(overview) if overview.manages => view! { <NewMeetingForm /> }.into_any(),
                    Ok(_) => {
                        set_status(403);
                        view! { <AccessNotice error=AppError::Forbidden /> }.into_any()
                    }
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewMeetingForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddSession>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let value = |field: &str| form.value(field).unwrap_or_default().to_owned();
    let public = form.value("public").is_none_or(|v| !v.is_empty());
    view! {
        <p class="hint">{t!(i18n, meeting_add_hint)}</p>
        <FormAlert error=error />
        <form class="form" method="post" action=AddSession::PATH novalidate>
            <Field id="new-title" name="title" required=true
                label=t_string!(i18n, series_name).to_string()
                value=value("title") maxlength=TITLE_MAX as u32 problem=form.problem("title") />
            <FormatSelect id="new-format" selected=form.value("format").unwrap_or("virtual").to_owned() />
            <Field id="new-date" name="date" kind="date" required=true
                label=t_string!(i18n, meeting_date).to_string()
                value=value("date") problem=form.problem("date") />
            <Field id="new-start" name="start_time" kind="time" required=true
                label=t_string!(i18n, meeting_start).to_string()
                value=value("start_time") problem=form.problem("start_time") />
            <Field id="new-end" name="end_time" kind="time" required=true
                label=t_string!(i18n, meeting_end).to_string()
                value=value("end_time") problem=form.problem("end_time") />
            <Field id="new-deadline" name="deadline" kind="date" required=true
                label=t_string!(i18n, meeting_deadline_date).to_string()
                hint=t_string!(i18n, meeting_deadline_hint).to_string()
                value=value("deadline") problem=form.problem("deadline") />
            <Field id="new-video" name="video_url" kind="url"
                label=t_string!(i18n, meeting_video).to_string()
                value=value("video_url") maxlength=PLACE_MAX as u32 problem=form.problem("video_url") />
            <Field id="new-location" name="location"
                label=t_string!(i18n, meeting_location).to_string()
                value=value("location") maxlength=PLACE_MAX as u32 problem=form.problem("location") />
            <div class="field field--check">
                <input id="new-public" type="checkbox" name="public" value="on" checked=public />
                <label for="new-public">{t!(i18n, meeting_public_field)}</label>
            </div>
            <div class="actions"><button type="submit">{t!(i18n, meeting_add_submit)}</button></div>
        </form>
    }
    .into_any()
}

/// A member sends apologies for the session in advance.
#[component]
fn ExcuseForm(session: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<crate::api::meeting::Excuse>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let problem = form.problem("note");
    view! {
        <form method="post" action=crate::api::meeting::Excuse::PATH class="form">
            <FormAlert error />
            <input type="hidden" name="session" value=session.to_string() />
            <Field id="excuse-note" name="note" label=t_string!(i18n, meeting_excuse_note).to_string()
                value=form.value("note").unwrap_or_default().to_owned() problem maxlength=300 />
            <div class="actions"><button type="submit">{t!(i18n, meeting_excuse)}</button></div>
        </form>
    }
}
