//! The chair's agenda builder: items with their move and edit buttons, and adding an item.

use gremium::domain::topics::{PRESENTER_MAX, TITLE_MAX};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::agenda::{
    AddItem, AgendaRow, AgendaView, EditItem, MarkItem, MoveItem, PublishAgenda, RemoveItem,
};
use crate::components::form::{Field, FormAlert, error_text, outcome, problem_text};
use crate::error::AppError;
use crate::i18n::*;
use crate::islands::drag::AgendaDrag;

/// The id of the list that items are dragged in.
const LIST: &str = "agenda-items";

/// The chair's working agenda.
#[component]
pub(super) fn Builder(data: AgendaView) -> impl IntoView {
    let i18n = use_i18n();
    let meeting = data.meeting.id;
    let version = data.version;
    let move_action = ServerAction::<MoveItem>::new();
    let remove_action = ServerAction::<RemoveItem>::new();
    let mark_action = ServerAction::<MarkItem>::new();
    let publish_action = ServerAction::<PublishAgenda>::new();
    let edit_action = ServerAction::<EditItem>::new();
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
    let overflow = data.total_minutes > data.meeting_minutes;
    let summary = t_string!(
        i18n,
        agenda_duration,
        planned = data.total_minutes,
        length = data.meeting_minutes
    )
    .to_string();
    let published = !data.published.is_empty();
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
            <AgendaDrag list=LIST.to_owned() meeting version
                failed=t_string!(i18n, agenda_drop_failed).to_string() />
            <p class:notice=overflow class:notice--error=overflow role="status">
                {summary}
                {overflow.then(|| view! { " " {t!(i18n, agenda_overflow)} })}
            </p>
            <ol class="agenda-builder" id=LIST>
                {data.rows.iter().cloned().map(|row| {
                    let item_id = row.item.id;
                    let kept = edit_form.value("item") == Some(item_id.to_string().as_str());
                    let sub = row.item.level > 0;
                    view! {
                        <li class="agenda-row" class:agenda-sub=sub
                            draggable="true" data-item=item_id.to_string()>
                            <ItemRow row meeting version edit_error=if kept { edit_error.clone() } else { None }
                                edit_form=if kept { edit_form.clone() } else { Default::default() } />
                        </li>
                    }
                }).collect_view()}
            </ol>
            <AddItemForm meeting version />
            <form class="form" method="post" action=PublishAgenda::PATH>
                <input type="hidden" name="meeting" value=meeting.to_string() />
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
pub(super) fn ItemButton(
    path: &'static str,
    meeting: i64,
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
            <input type="hidden" name="meeting" value=meeting.to_string() />
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
pub(super) fn ItemRow(
    row: AgendaRow,
    meeting: i64,
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
            <ItemButton path=MoveItem::PATH meeting version item=id extra=("action", "up")
                label=t_string!(i18n, agenda_up).to_string() title=title.clone() />
            <ItemButton path=MoveItem::PATH meeting version item=id extra=("action", "down")
                label=t_string!(i18n, agenda_down).to_string() title=title.clone() />
            {if item.level == 0 {
                view! { <ItemButton path=MoveItem::PATH meeting version item=id extra=("action", "indent")
                    label=t_string!(i18n, agenda_indent).to_string() title=title.clone() /> }.into_any()
            } else {
                view! { <ItemButton path=MoveItem::PATH meeting version item=id extra=("action", "outdent")
                    label=t_string!(i18n, agenda_outdent).to_string() title=title.clone() /> }.into_any()
            }}
            <ItemButton path=MarkItem::PATH meeting version item=id
                extra=("handled", if handled { "false" } else { "true" })
                label=if handled { t_string!(i18n, agenda_mark_open).to_string() } else { t_string!(i18n, agenda_mark_handled).to_string() }
                title=title.clone() />
            <ItemButton path=RemoveItem::PATH meeting version item=id extra=("", "")
                label=t_string!(i18n, agenda_remove).to_string() title=title.clone() danger=true />
        </div>
        <details open=edit_open>
            <summary aria-label=format!("{}: {title}", t_string!(i18n, agenda_edit))>{t!(i18n, agenda_edit)}</summary>
            <FormAlert error=edit_error />
            <form class="form" method="post" action=EditItem::PATH novalidate>
                <input type="hidden" name="meeting" value=meeting.to_string() />
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
pub(super) fn ItemField(
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
pub(super) fn AddItemForm(meeting: i64, version: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddItem>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let value = |field: &str, default: &str| form.value(field).unwrap_or(default).to_owned();
    let public = form.value("public").is_none_or(|v| !v.is_empty());
    view! {
        <h3 id="punkt-neu">{t!(i18n, agenda_add)}</h3>
        <FormAlert error=error />
        <form class="form" method="post" action=AddItem::PATH novalidate aria-labelledby="punkt-neu">
            <input type="hidden" name="meeting" value=meeting.to_string() />
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
