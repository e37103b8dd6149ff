//! Meetings (Sitzungen): the upcoming and past list with search, the month view, the meeting
//! page with the chair's changes, and the form for a one-off meeting. Every form is a plain
//! HTML form, so all of it works without JavaScript.

use gremium::domain::calendar::{MeetingFormat, MeetingStatus};
use leptos::prelude::*;

use crate::api::calendar::{MeetingDetail, load_meeting};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::format;
use crate::i18n::*;
use leptos_i18n::I18nContext;

mod forms;
mod list;

use forms::{CancelForm, ExcuseForm, MoveForm, PlaceForm, StatusForm};
pub use forms::{FormatSelect, NewMeetingPage};
pub use list::{MeetingListPage, MeetingMonthPage};

pub fn format_text(i18n: I18nContext<Locale>, format: MeetingFormat) -> String {
    match format {
        MeetingFormat::Virtual => t_string!(i18n, meeting_format_virtual),
        MeetingFormat::InPerson => t_string!(i18n, meeting_format_in_person),
        MeetingFormat::Hybrid => t_string!(i18n, meeting_format_hybrid),
    }
    .to_string()
}

pub fn status_text(i18n: I18nContext<Locale>, status: MeetingStatus) -> String {
    match status {
        MeetingStatus::Planned => t_string!(i18n, meeting_status_planned),
        MeetingStatus::Invited => t_string!(i18n, meeting_status_invited),
        MeetingStatus::InProgress => t_string!(i18n, meeting_status_in_progress),
        MeetingStatus::Held => t_string!(i18n, meeting_status_held),
        MeetingStatus::MinutesApproved => t_string!(i18n, meeting_status_minutes_approved),
        MeetingStatus::Cancelled => t_string!(i18n, meeting_status_cancelled),
    }
    .to_string()
}

#[component]
fn StatusBadge(status: MeetingStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge--{}", status.as_str())>{status_text(i18n, status)}</span>
    }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let detail = route_resource(load_meeting);
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
fn Meeting(detail: MeetingDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let s = detail.meeting.clone();
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
        {(s.status == MeetingStatus::Cancelled).then(|| view! {
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
            {(detail.manages && s.status != MeetingStatus::Cancelled).then(|| view! {
                <li><a href=format!("/sitzungen/{}/leitung", s.id)>{t!(i18n, meeting_run)}</a></li>
            })}
            {(s.status == MeetingStatus::InProgress).then(|| view! {
                <li><a href=format!("/sitzungen/{}/live", s.id)>{t!(i18n, meeting_follow)}</a></li>
            })}
            {matches!(s.status, MeetingStatus::Held | MeetingStatus::MinutesApproved).then(|| view! {
                <li><a href=format!("/sitzungen/{}/niederschrift", s.id)>{t!(i18n, meeting_minutes)}</a></li>
            })}
        </ul>
        <MeetingAgenda detail=detail.clone() />
        <MeetingOutcome detail=detail.clone() />
        {(detail.member && open).then(|| view! { <ExcuseForm meeting=s.id /> })}
        {(detail.manages && open).then(|| view! {
            <MoveForm meeting=s.clone() />
            <PlaceForm meeting=s.clone() />
            <CancelForm meeting=s.clone() />
        })}
        {(detail.manages && !detail.next.is_empty()).then(|| view! {
            <StatusForm meeting=s.clone() next=detail.next.clone() />
        })}
    }
    .into_any()
}

/// The agenda as the reader may see it, numbered, with presenters, planned minutes, the demands
/// its topics came from and what was decided on each item.
#[component]
fn MeetingAgenda(detail: MeetingDetail) -> impl IntoView {
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

/// Once the meeting is held: its decisions (with the demands they moved) and where the minutes
/// stand.
#[component]
fn MeetingOutcome(detail: MeetingDetail) -> impl IntoView {
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
