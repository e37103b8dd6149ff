//! The agenda (Tagesordnung) of a session: the chair's builder — numbered items, moves by
//! buttons (keyboard) and by drag and drop, edits, the duration check against the session's
//! length, publishing — and the published versions with what changed, which everyone who may
//! see the session reads. Also the printable invitation.

use gremium::domain::agenda::{AgendaChange, PublishedAgenda, PublishedItem};
use gremium::domain::topics::{PRESENTER_MAX, TITLE_MAX};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::agenda::{
    AddItem, AgendaRow, AgendaView, DropItem, EditItem, MarkItem, MoveItem, PublishAgenda,
    RemoveItem, load_agenda,
};
use crate::components::form::{Field, FormAlert, error_text, outcome, problem_text};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::error::AppError;
use crate::format;
use crate::i18n::*;

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
    let s = data.session.clone();
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

/// The chair's working agenda.
#[component]
fn Builder(data: AgendaView) -> impl IntoView {
    let i18n = use_i18n();
    let session = data.session.id;
    let version = data.version;
    let move_action = ServerAction::<MoveItem>::new();
    let remove_action = ServerAction::<RemoveItem>::new();
    let mark_action = ServerAction::<MarkItem>::new();
    let publish_action = ServerAction::<PublishAgenda>::new();
    let edit_action = ServerAction::<EditItem>::new();
    let drop_action = ServerAction::<DropItem>::new();
    // Refusals of the per-item forms (without JavaScript they come back with the page).
    let refusals: Vec<AppError> = [
        move_action.value().get_untracked().and_then(Result::err),
        remove_action.value().get_untracked().and_then(Result::err),
        mark_action.value().get_untracked().and_then(Result::err),
        publish_action.value().get_untracked().and_then(Result::err),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (edit_error, edit_form) = outcome(edit_action.value().get_untracked());
    let overflow = data.total_minutes > data.session_minutes;
    let summary = t_string!(
        i18n,
        agenda_duration,
        planned = data.total_minutes,
        length = data.session_minutes
    )
    .to_string();
    let published = !data.published.is_empty();
    // Drag and drop (with JavaScript): the dragged item; the server computes the new order.
    let dragged = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(())) = drop_action.value().get() {
            let _ = window().location().reload();
        }
    });
    view! {
        <section aria-labelledby="entwurf">
            <h2 id="entwurf">{t!(i18n, agenda_builder)}</h2>
            <p class="hint">{t!(i18n, agenda_builder_hint)}</p>
            {refusals.into_iter().map(|error| {
                let detail = error.form().and_then(|f| f.errors.first()).map(|e| problem_text(i18n, e.problem));
                view! {
                    <div class="notice notice--error" role="alert">
                        <p>{error_text(i18n, &error)}</p>
                        {detail.map(|d| view! { <p>{d}</p> })}
                    </div>
                }
            }).collect_view()}
            {move || drop_action.value().get().and_then(Result::err).map(|error| view! {
                <div class="notice notice--error" role="alert"><p>{error_text(i18n, &error)}</p></div>
            })}
            <p class:notice=overflow class:notice--error=overflow role="status">
                {summary}
                {overflow.then(|| view! { " " {t!(i18n, agenda_overflow)} })}
            </p>
            <ol class="agenda-builder">
                {data.rows.iter().cloned().map(|row| {
                    let item_id = row.item.id;
                    let kept = edit_form.value("item") == Some(item_id.to_string().as_str());
                    let sub = row.item.level > 0;
                    view! {
                        <li class="agenda-row" class:agenda-sub=sub
                            draggable="true"
                            on:dragstart=move |_| dragged.set(Some(item_id))
                            on:dragover=move |ev| ev.prevent_default()
                            on:drop=move |ev| {
                                ev.prevent_default();
                                if let Some(moving) = dragged.get_untracked().filter(|m| *m != item_id) {
                                    drop_action.dispatch(DropItem { session, version, item: moving, before: Some(item_id) });
                                }
                            }>
                            <ItemRow row session version edit_error=if kept { edit_error.clone() } else { None }
                                edit_form=if kept { edit_form.clone() } else { Default::default() } />
                        </li>
                    }
                }).collect_view()}
            </ol>
            <AddItemForm session version />
            <form class="form" method="post" action=PublishAgenda::PATH>
                <input type="hidden" name="session" value=session.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <p class="hint">{t!(i18n, agenda_publish_hint)}</p>
                <div class="actions">
                    <button type="submit">
                        {if published { t_string!(i18n, agenda_publish_again) } else { t_string!(i18n, agenda_publish) }}
                    </button>
                </div>
            </form>
        </section>
    }
    .into_any()
}

/// A small form with one button that sends one change of one item.
#[component]
fn ItemButton(
    path: &'static str,
    session: i64,
    version: i64,
    item: i64,
    /// Extra field name and value (the move, or dealt with).
    extra: (&'static str, &'static str),
    label: String,
    /// Names the item for screen readers ("Nach oben: Begrüßung").
    title: String,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    view! {
        <form method="post" action=path class="inline-form">
            <input type="hidden" name="session" value=session.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <input type="hidden" name="item" value=item.to_string() />
            {(!extra.0.is_empty()).then(|| view! { <input type="hidden" name=extra.0 value=extra.1 /> })}
            // The visible label first in the name (WCAG 2.5.3), then the item it acts on.
            <button type="submit" class="button--small" class:button--danger=danger
                aria-label=format!("{label}: {title}")>
                {label.clone()}
            </button>
        </form>
    }
}

#[component]
fn ItemRow(
    row: AgendaRow,
    session: i64,
    version: i64,
    edit_error: Option<AppError>,
    edit_form: gremium::domain::form::FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = row.item.clone();
    let id = item.id;
    let title = item.title.clone();
    let handled = item.outcome == Some(gremium::domain::agenda::Outcome::Handled);
    let edit_open = edit_error.is_some();
    let field = |name: &str| format!("item-{id}-{name}");
    let value = |name: &str, default: String| edit_form.value(name).map_or(default, str::to_owned);
    let title_problem = edit_form.problem("title");
    let minutes_problem = edit_form.problem("minutes");
    let presenter_problem = edit_form.problem("presenter");
    let public = match edit_form.value("public") {
        Some(v) => !v.is_empty(),
        None => item.public,
    };
    view! {
        <div class="agenda-row__head">
            <span class="agenda-row__number">{format!("TOP {}", row.number)}</span>
            <span class="agenda-row__title">
                <strong>{title.clone()}</strong>
                {item.presenter.clone().map(|p| view! { <span class="muted">" · " {p}</span> })}
                <span class="muted">" · " {t_string!(i18n, agenda_minutes_short, minutes = item.minutes).to_string()}</span>
                {item.late.then(|| view! { " " <span class="badge badge--late">{t!(i18n, topic_late)}</span> })}
                {item.retabled.then(|| view! { " " <span class="badge badge--retabled">{t!(i18n, topic_retabled)}</span> })}
                {(!item.public).then(|| view! { " " <span class="badge">{t!(i18n, agenda_internal)}</span> })}
                {handled.then(|| view! { " " <span class="badge badge--held">{t!(i18n, agenda_handled)}</span> })}
                {item.topic_id.map(|t| view! { " " <a href=format!("/themen/{t}")>{t!(i18n, agenda_topic_link)}</a> })}
            </span>
        </div>
        <div class="agenda-row__actions">
            <ItemButton path=MoveItem::PATH session version item=id extra=("action", "up")
                label=t_string!(i18n, agenda_up).to_string() title=title.clone() />
            <ItemButton path=MoveItem::PATH session version item=id extra=("action", "down")
                label=t_string!(i18n, agenda_down).to_string() title=title.clone() />
            {if item.level == 0 {
                view! { <ItemButton path=MoveItem::PATH session version item=id extra=("action", "indent")
                    label=t_string!(i18n, agenda_indent).to_string() title=title.clone() /> }.into_any()
            } else {
                view! { <ItemButton path=MoveItem::PATH session version item=id extra=("action", "outdent")
                    label=t_string!(i18n, agenda_outdent).to_string() title=title.clone() /> }.into_any()
            }}
            <ItemButton path=MarkItem::PATH session version item=id
                extra=("handled", if handled { "false" } else { "true" })
                label=if handled { t_string!(i18n, agenda_mark_open).to_string() } else { t_string!(i18n, agenda_mark_handled).to_string() }
                title=title.clone() />
            <ItemButton path=RemoveItem::PATH session version item=id extra=("", "")
                label=t_string!(i18n, agenda_remove).to_string() title=title.clone() danger=true />
        </div>
        <details open=edit_open>
            <summary aria-label=format!("{}: {title}", t_string!(i18n, agenda_edit))>{t!(i18n, agenda_edit)}</summary>
            <FormAlert error=edit_error />
            <form class="form" method="post" action=EditItem::PATH novalidate>
                <input type="hidden" name="session" value=session.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <input type="hidden" name="item" value=id.to_string() />
                <ItemField id=field("title") name="title" label=t_string!(i18n, agenda_item).to_string()
                    value=value("title", item.title.clone()) problem=title_problem maxlength=TITLE_MAX />
                <ItemField id=field("presenter") name="presenter" label=t_string!(i18n, topic_field_presenter).to_string()
                    value=value("presenter", item.presenter.clone().unwrap_or_default()) problem=presenter_problem maxlength=PRESENTER_MAX />
                <ItemField id=field("minutes") name="minutes" label=t_string!(i18n, agenda_minutes).to_string()
                    value=value("minutes", item.minutes.to_string()) problem=minutes_problem maxlength=3 />
                <div class="field field--check">
                    <input id=field("public") type="checkbox" name="public" value="on" checked=public />
                    <label for=field("public")>{t!(i18n, agenda_public_field)}</label>
                </div>
                <div class="actions"><button type="submit">{t!(i18n, agenda_save)}</button></div>
            </form>
        </details>
    }
    .into_any()
}

/// A text field whose id is made at run time (one per agenda item).
#[component]
fn ItemField(
    id: String,
    name: &'static str,
    label: String,
    value: String,
    problem: Option<gremium::domain::form::Problem>,
    maxlength: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--error=problem.is_some()>
            <label for=id.clone()>{label}</label>
            {problem.map(|p| view! { <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p> })}
            <input id=id.clone() name=name type="text" value=value maxlength=maxlength.to_string()
                aria-invalid=problem.map(|_| "true")
                aria-describedby=problem.map(|_| error_id.clone()) />
        </div>
    }
}

#[component]
fn AddItemForm(session: i64, version: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddItem>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let value = |field: &str, default: &str| form.value(field).unwrap_or(default).to_owned();
    let public = form.value("public").is_none_or(|v| !v.is_empty());
    view! {
        <h3 id="punkt-neu">{t!(i18n, agenda_add)}</h3>
        <FormAlert error=error />
        <form class="form" method="post" action=AddItem::PATH novalidate aria-labelledby="punkt-neu">
            <input type="hidden" name="session" value=session.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <Field id="add-title" name="title" required=true
                label=t_string!(i18n, agenda_item).to_string()
                value=value("title", "") maxlength=TITLE_MAX as u32 problem=form.problem("title") />
            <Field id="add-presenter" name="presenter"
                label=t_string!(i18n, topic_field_presenter).to_string()
                value=value("presenter", "") maxlength=PRESENTER_MAX as u32 problem=form.problem("presenter") />
            <Field id="add-minutes" name="minutes" kind="number" required=true
                label=t_string!(i18n, agenda_minutes).to_string()
                value=value("minutes", "10") problem=form.problem("minutes") />
            <div class="field field--check">
                <input id="add-public" type="checkbox" name="public" value="on" checked=public />
                <label for="add-public">{t!(i18n, agenda_public_field)}</label>
            </div>
            <div class="actions"><button type="submit">{t!(i18n, agenda_add_submit)}</button></div>
        </form>
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
    let s = data.session.clone();
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
