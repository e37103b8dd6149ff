//! The forms that change a meeting: moving it, format and place, cancelling, its status, a
//! new meeting, and a member's apology.

use gremium::domain::calendar::{
    Meeting, MeetingFormat, MeetingStatus, PLACE_MAX, REASON_MAX, TITLE_MAX,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{format_text, status_text};
use crate::api::calendar::{AddMeeting, CancelMeeting, ChangePlace, MoveMeeting, SetMeetingStatus};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome, problem_text, textarea_text};
use crate::components::page_title::PageTitle;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::pages::not_found::set_status;

#[component]
pub(super) fn MoveForm(meeting: Meeting) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<MoveMeeting>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let value = |field: &str, default: String| form.value(field).map_or(default, str::to_owned);
    view! {
        <section aria-labelledby="verschieben">
            <h2 id="verschieben">{t!(i18n, meeting_move_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=MoveMeeting::PATH novalidate>
                <input type="hidden" name="id" value=meeting.id.to_string() />
                <input type="hidden" name="version" value=meeting.version.to_string() />
                <Field id="move-date" name="date" kind="date" required=true
                    label=t_string!(i18n, meeting_date).to_string()
                    value=value("date", meeting.starts.format("%Y-%m-%d").to_string())
                    problem=form.problem("date") />
                <Field id="move-start" name="start_time" kind="time" required=true
                    label=t_string!(i18n, meeting_start).to_string()
                    value=value("start_time", format::time(meeting.starts))
                    problem=form.problem("start_time") />
                <Field id="move-end" name="end_time" kind="time" required=true
                    label=t_string!(i18n, meeting_end).to_string()
                    value=value("end_time", format::time(meeting.ends))
                    problem=form.problem("end_time") />
                <Field id="move-deadline" name="deadline" kind="date" required=true
                    label=t_string!(i18n, meeting_deadline_date).to_string()
                    hint=t_string!(i18n, meeting_deadline_hint).to_string()
                    value=value("deadline", meeting.deadline.format("%Y-%m-%d").to_string())
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
                {MeetingFormat::ALL.into_iter().map(|f| view! {
                    <option value=f.as_str() selected=selected == f.as_str()>{format_text(i18n, f)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub(super) fn PlaceForm(meeting: Meeting) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePlace>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let format = form
        .value("format")
        .map_or(meeting.format.as_str().to_owned(), str::to_owned);
    let video = form
        .value("video_url")
        .map_or(meeting.video_url.clone().unwrap_or_default(), str::to_owned);
    let place = form
        .value("location")
        .map_or(meeting.location.clone().unwrap_or_default(), str::to_owned);
    view! {
        <section aria-labelledby="ort">
            <h2 id="ort">{t!(i18n, meeting_place_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=ChangePlace::PATH novalidate>
                <input type="hidden" name="id" value=meeting.id.to_string() />
                <input type="hidden" name="version" value=meeting.version.to_string() />
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
pub(super) fn CancelForm(meeting: Meeting) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CancelMeeting>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let problem = form.problem("reason");
    view! {
        <section aria-labelledby="absagen">
            <h2 id="absagen">{t!(i18n, meeting_cancel_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=CancelMeeting::PATH novalidate>
                <input type="hidden" name="id" value=meeting.id.to_string() />
                <input type="hidden" name="version" value=meeting.version.to_string() />
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
pub(super) fn StatusForm(meeting: Meeting, next: Vec<MeetingStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetMeetingStatus>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let problem = form.problem("status");
    view! {
        <section aria-labelledby="status">
            <h2 id="status">{t!(i18n, meeting_status_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=SetMeetingStatus::PATH novalidate>
                <input type="hidden" name="id" value=meeting.id.to_string() />
                <input type="hidden" name="version" value=meeting.version.to_string() />
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

/// The form for a one-off meeting; only for the committee's chairs and admins.
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
pub(super) fn NewMeetingForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddMeeting>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let value = |field: &str| form.value(field).unwrap_or_default().to_owned();
    let public = form.value("public").is_none_or(|v| !v.is_empty());
    view! {
        <p class="hint">{t!(i18n, meeting_add_hint)}</p>
        <FormAlert error=error />
        <form class="form" method="post" action=AddMeeting::PATH novalidate>
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

/// A member sends apologies for the meeting in advance.
#[component]
pub(super) fn ExcuseForm(meeting: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<crate::api::meeting::Excuse>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let problem = form.problem("note");
    view! {
        <form method="post" action=crate::api::meeting::Excuse::PATH class="form">
            <FormAlert error />
            <input type="hidden" name="meeting" value=meeting.to_string() />
            <Field id="excuse-note" name="note" label=t_string!(i18n, meeting_excuse_note).to_string()
                value=form.value("note").unwrap_or_default().to_owned() problem maxlength=300 />
            <div class="actions"><button type="submit">{t!(i18n, meeting_excuse)}</button></div>
        </form>
    }
}
