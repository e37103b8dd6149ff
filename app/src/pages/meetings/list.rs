//! The meeting list and the month calendar.

use chrono::{Datelike, Duration, NaiveDate};
use gremium::domain::calendar::{Meeting, MeetingStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{StatusBadge, format_text, status_text};
use crate::api::calendar::{MeetingListQuery, list_meetings, load_month};
use crate::components::access::AccessNotice;
use crate::components::page_title::PageTitle;
use crate::components::pager::Pager;
use crate::format;
use crate::i18n::*;

/// The links between the calendar's views.
#[component]
pub(super) fn CalendarNav(manages: bool, signed_in: bool) -> impl IntoView {
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
        MeetingListQuery {
            past: params.get("zeit").as_deref() == Some("vergangen"),
            q: params.get("q").filter(|q| !q.trim().is_empty()),
            page: params.get("seite").and_then(|p| p.parse().ok()),
        }
    });
    let list = Resource::new(move || query.get(), list_meetings);
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
                                {list.page.items.into_iter().map(|s| view! { <MeetingItem meeting=s now /> }).collect_view()}
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
pub(super) fn MeetingItem(meeting: Meeting, now: chrono::NaiveDateTime) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let href = format!("/sitzungen/{}", meeting.id);
    let cancelled = meeting.status == MeetingStatus::Cancelled;
    let deadline_open = !cancelled && meeting.deadline > now && meeting.starts > now;
    view! {
        <li class="meeting" class:meeting--cancelled=cancelled>
            <h2 class="meeting__title">
                <a href=href>{format::span(locale, meeting.starts, meeting.ends)}</a>
            </h2>
            <p>
                {meeting.title.clone()} " · " {format_text(i18n, meeting.format)} " · "
                <StatusBadge status=meeting.status />
            </p>
            {meeting.location.clone().map(|place| view! { <p class="muted">{place}</p> })}
            {meeting.moved_from.map(|from| view! {
                <p class="muted">{t_string!(i18n, meeting_moved_from, date = format::moment(locale, from)).to_string()}</p>
            })}
            {deadline_open.then(|| view! {
                <p class="muted">{t_string!(i18n, meeting_deadline_short, date = format::date(locale, meeting.deadline.date())).to_string()}</p>
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
pub(super) fn MonthGrid(data: crate::api::calendar::MonthView) -> impl IntoView {
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
                            let here: Vec<Meeting> = data.meetings.iter().filter(|s| s.starts.date() == d).cloned().collect();
                            let outside = d.month() != first.month();
                            view! {
                                <td class:month__outside=outside class:month__today=d == today
                                    aria-current=(d == today).then_some("date")>
                                    <span class="month__day">{d.day()}</span>
                                    {(!here.is_empty()).then(|| view! {
                                        <ul>
                                            {here.into_iter().map(|s| {
                                                let cancelled = s.status == MeetingStatus::Cancelled;
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
