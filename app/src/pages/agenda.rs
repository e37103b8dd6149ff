//! The agenda (Tagesordnung) of a meeting: the chair's builder — numbered items, moves by
//! buttons (keyboard) and by drag and drop, edits, the duration check against the meeting's
//! length, publishing — and the published versions with what changed, which everyone who may
//! see the meeting reads. Also the printable invitation.

use gremium::domain::agenda::{AgendaChange, PublishedAgenda, PublishedItem};
use leptos::prelude::*;

use crate::api::agenda::{AgendaView, load_agenda};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::format;
use crate::i18n::*;

mod builder;

use builder::Builder;

#[component]
pub fn AgendaPage() -> impl IntoView {
    let i18n = use_i18n();
    let agenda = route_resource(load_agenda);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match agenda.await {
                    Ok(view_data) => view! { <Agenda data=view_data /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, agenda_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Agenda(data: AgendaView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let s = data.meeting.clone();
    let heading = format!(
        "{}: {} – {}",
        t_string!(i18n, agenda_title),
        s.title,
        format::date(locale, s.starts.date())
    );
    let newest = data.published.first().cloned();
    let older: Vec<PublishedAgenda> = data.published.iter().skip(1).cloned().collect();
    view! {
        <PageTitle text=heading.clone() />
        <p><a href=format!("/sitzungen/{}", s.id)>{t!(i18n, agenda_back)}</a></p>
        <h1>{heading}</h1>
        <p class="muted">{format::span(locale, s.starts, s.ends)}</p>
        {(data.manages && data.editable).then(|| view! { <Builder data=data.clone() /> })}
        {(data.manages && !data.editable).then(|| view! { <p class="notice">{t!(i18n, agenda_closed)}</p> })}
        <section aria-labelledby="veroeffentlicht">
            <h2 id="veroeffentlicht">{t!(i18n, agenda_published)}</h2>
            {match newest {
                None => view! { <p>{t!(i18n, agenda_not_published)}</p> }.into_any(),
                Some(version) => view! {
                    <p class="muted">{version_line(i18n, &version)}</p>
                    <p><a href=format!("/sitzungen/{}/einladung", s.id)>{t!(i18n, invitation_open)}</a></p>
                    <PublishedTable items=version.items.clone() caption=version_line(i18n, &version) />
                    {(!data.changes.is_empty()).then(|| view! {
                        <h3>{t_string!(i18n, agenda_changes, number = version.number - 1).to_string()}</h3>
                        <ul class="changes">
                            {data.changes.iter().map(|c| view! { <li>{change_text(i18n, c)}</li> }).collect_view()}
                        </ul>
                    })}
                }.into_any(),
            }}
            {(!older.is_empty()).then(|| view! {
                <h3>{t!(i18n, agenda_older)}</h3>
                {older.into_iter().map(|v| {
                    let line = version_line(i18n, &v);
                    view! {
                        <details>
                            <summary>{line.clone()}</summary>
                            <PublishedTable items=v.items caption=line />
                        </details>
                    }
                }).collect_view()}
            })}
        </section>
    }
    .into_any()
}

fn version_line(i18n: leptos_i18n::I18nContext<Locale>, version: &PublishedAgenda) -> String {
    let locale = i18n.get_locale_untracked();
    let at = version.published_local;
    // Outside the committee the publisher is not named (see the core's visibility rules).
    if version.published_by.is_empty() {
        return t_string!(
            i18n,
            agenda_version_line_anonymous,
            number = version.number,
            date = format::moment(locale, at)
        )
        .to_string();
    }
    t_string!(
        i18n,
        agenda_version_line,
        number = version.number,
        date = format::moment(locale, at),
        name = version.published_by.clone()
    )
    .to_string()
}

fn change_text(i18n: leptos_i18n::I18nContext<Locale>, change: &AgendaChange) -> String {
    match change {
        AgendaChange::Added(item) => t_string!(
            i18n,
            agenda_change_added,
            number = item.number.clone(),
            title = item.title.clone()
        )
        .to_string(),
        AgendaChange::Removed(item) => t_string!(
            i18n,
            agenda_change_removed,
            number = item.number.clone(),
            title = item.title.clone()
        )
        .to_string(),
        AgendaChange::Renumbered { title, from, to } => t_string!(
            i18n,
            agenda_change_moved,
            title = title.clone(),
            from = from.clone(),
            to = to.clone()
        )
        .to_string(),
        AgendaChange::Changed { before, after } => t_string!(
            i18n,
            agenda_change_changed,
            number = after.number.clone(),
            before = before.title.clone(),
            title = after.title.clone()
        )
        .to_string(),
    }
}

/// A published version as a table: number, item, presenter, minutes.
#[component]
pub fn PublishedTable(items: Vec<PublishedItem>, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let total: u32 = items.iter().map(|i| i.minutes).sum();
    view! {
        <div class="table-scroll">
            <table class="data-table agenda-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, agenda_number)}</th>
                        <th scope="col">{t!(i18n, agenda_item)}</th>
                        <th scope="col">{t!(i18n, topic_field_presenter)}</th>
                        <th scope="col" class="numeric">{t!(i18n, agenda_minutes)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|item| {
                        let sub = item.number.contains('.');
                        view! {
                            <tr class:agenda-sub=sub>
                                <td>{format!("TOP {}", item.number)}</td>
                                <th scope="row">
                                    {item.title.clone()}
                                    {item.late.then(|| view! { " " <span class="badge badge--late">{t!(i18n, topic_late)}</span> })}
                                    {item.retabled.then(|| view! { " " <span class="badge badge--retabled">{t!(i18n, topic_retabled)}</span> })}
                                    {(!item.public).then(|| view! { " " <span class="badge">{t!(i18n, agenda_internal)}</span> })}
                                </th>
                                <td>{item.presenter.clone().unwrap_or_default()}</td>
                                <td class="numeric">{item.minutes}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <td></td>
                        <th scope="row">{t!(i18n, agenda_total)}</th>
                        <td></td>
                        <td class="numeric">{total}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
    .into_any()
}

/// The invitation as a letter to print (print styles hide the frame), with the downloads.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let agenda = route_resource(load_agenda);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match agenda.await {
                    Ok(data) => view! { <Invitation data /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, agenda_invitation_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Invitation(data: AgendaView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let s = data.meeting.clone();
    let heading = format!("{}: {}", t_string!(i18n, agenda_invitation_title), s.title);
    let base = format!("/sitzungen/{}/einladung", s.id);
    view! {
        <PageTitle text=heading.clone() />
        <p class="no-print"><a href=format!("/sitzungen/{}/tagesordnung", s.id)>{t!(i18n, invitation_back)}</a></p>
        <article class="invitation">
            <h1>{heading}</h1>
            <dl class="facts">
                <dt>{t!(i18n, meeting_when)}</dt>
                <dd>{format::span(locale, s.starts, s.ends)}</dd>
                {s.location.clone().map(|place| view! { <dt>{t!(i18n, meeting_location)}</dt><dd>{place}</dd> })}
                {s.video_url.clone().map(|url| view! {
                    <dt>{t!(i18n, meeting_video)}</dt>
                    <dd><a href=url.clone() rel="noopener noreferrer">{url.clone()}</a></dd>
                })}
            </dl>
            {match data.published.first().cloned() {
                Some(version) => view! {
                    <h2>{t!(i18n, agenda_title)}</h2>
                    <p class="muted">{version_line(i18n, &version)}</p>
                    <PublishedTable items=version.items caption=t_string!(i18n, agenda_title).to_string() />
                }.into_any(),
                None => view! { <p class="notice">{t!(i18n, agenda_not_published)}</p> }.into_any(),
            }}
        </article>
        {(!data.published.is_empty()).then(|| view! {
            <ul class="downloads no-print">
                <li><a href=format!("{base}.pdf") download="">{t!(i18n, invitation_pdf)}</a></li>
                <li><a href=format!("{base}.html") download="">{t!(i18n, invitation_html)}</a></li>
            </ul>
            <p class="hint no-print">{t!(i18n, invitation_print_hint)}</p>
        })}
    }
    .into_any()
}
