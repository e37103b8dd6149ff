//! Submitting a topic: the shared fields and the new-topic page.

use gremium::domain::topics::{DESCRIPTION_MAX, PRESENTER_MAX, TITLE_MAX, Topic};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::topics::{MeetingOption, SubmitTopic, topic_form};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome, problem_text, textarea_text};
use crate::components::page_title::PageTitle;
use crate::format;
use crate::i18n::*;
use gremium::domain::form::FormErrors;

/// The meeting choice: the next possible one, or a specific meeting. Meetings past their
/// deadline are offered only to the chair (the topic is then marked late).
#[component]
pub(super) fn MeetingSelect(
    id: &'static str,
    meetings: Vec<MeetingOption>,
    selected: String,
    manages: bool,
    #[prop(default = None)] problem: Option<gremium::domain::form::Problem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field" class:field--error=problem.is_some()>
            <label for=id>{t!(i18n, topic_field_meeting)}</label>
            <p id=hint_id.clone() class="hint">{t!(i18n, topic_field_meeting_hint)}</p>
            {problem.map(|p| view! { <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p> })}
            <select id=id name="meeting" aria-invalid=problem.map(|_| "true")
                aria-describedby=if problem.is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }>
                <option value="next" selected=selected == "next" || selected.is_empty()>{t!(i18n, topic_meeting_next)}</option>
                {meetings.into_iter().filter(|s| s.open || manages).map(|s| {
                    let value = s.id.to_string();
                    let mut label = format!("{}, {}", s.title, format::span(locale, s.starts, s.ends));
                    if !s.open {
                        label.push_str(&format!(" – {}", t_string!(i18n, topic_meeting_late)));
                    }
                    view! { <option value=value.clone() selected=selected == value>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

/// The fields of a topic, filled from the kept input or the topic being edited.
#[component]
pub(super) fn TopicFields(
    prefix: &'static str,
    form: FormErrors,
    topic: Option<Topic>,
    meetings: Vec<MeetingOption>,
    manages: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let from_topic = |f: fn(&Topic) -> String| topic.as_ref().map(f).unwrap_or_default();
    let value = |field: &str, default: String| form.value(field).map_or(default, str::to_owned);
    let title = value("title", from_topic(|t| t.title.clone()));
    let description = value("description", from_topic(|t| t.description.clone()));
    let meeting = value(
        "meeting",
        topic
            .as_ref()
            .and_then(|t| t.meeting.as_ref())
            .map_or("next".to_owned(), |s| s.id.to_string()),
    );
    let presenter = value(
        "presenter",
        from_topic(|t| t.presenter.clone().unwrap_or_default()),
    );
    let minutes = value(
        "minutes",
        topic
            .as_ref()
            .map_or("15".to_owned(), |t| t.minutes.to_string()),
    );
    let links = value("links", from_topic(|t| t.links.join("\n")));
    let public = match form.value("public") {
        Some(v) => !v.is_empty(),
        None => topic.as_ref().is_none_or(|t| t.public),
    };
    // Static ids per form: the new form and the edit form never share a page.
    let ids: [&'static str; 7] = if prefix == "edit" {
        [
            "edit-title",
            "edit-description",
            "edit-meeting",
            "edit-presenter",
            "edit-minutes",
            "edit-public",
            "edit-links",
        ]
    } else {
        [
            "topic-title",
            "topic-description",
            "topic-meeting",
            "topic-presenter",
            "topic-minutes",
            "topic-public",
            "topic-links",
        ]
    };
    let description_problem = form.problem("description");
    let links_problem = form.problem("links");
    let description_error = format!("{}-error", ids[1]);
    let description_hint = format!("{}-hint", ids[1]);
    let links_error = format!("{}-error", ids[6]);
    let links_hint = format!("{}-hint", ids[6]);
    view! {
        <Field id=ids[0] name="title" required=true
            label=t_string!(i18n, topic_field_title).to_string()
            value=title maxlength=TITLE_MAX as u32 problem=form.problem("title") />
        <div class="field" class:field--error=description_problem.is_some()>
            <label for=ids[1]>{t!(i18n, topic_field_description)}</label>
            <p id=description_hint.clone() class="hint">{t!(i18n, topic_field_description_hint)}</p>
            {description_problem.map(|p| view! { <p id=description_error.clone() class="field-error">{problem_text(i18n, p)}</p> })}
            <textarea id=ids[1] name="description" rows="8" maxlength=DESCRIPTION_MAX.to_string()
                aria-invalid=description_problem.map(|_| "true")
                aria-describedby=if description_problem.is_some() { format!("{description_hint} {description_error}") } else { description_hint.clone() }>
                {textarea_text(&description)}
            </textarea>
        </div>
        <MeetingSelect id=ids[2] meetings selected=meeting manages problem=form.problem("meeting") />
        <Field id=ids[3] name="presenter"
            label=t_string!(i18n, topic_field_presenter).to_string()
            value=presenter maxlength=PRESENTER_MAX as u32 problem=form.problem("presenter") />
        <Field id=ids[4] name="minutes" kind="number" required=true
            label=t_string!(i18n, topic_field_minutes).to_string()
            hint=t_string!(i18n, topic_field_minutes_hint).to_string()
            value=minutes problem=form.problem("minutes") />
        <div class="field field--check">
            <input id=ids[5] type="checkbox" name="public" value="on" checked=public />
            <label for=ids[5]>{t!(i18n, topic_field_public)}</label>
        </div>
        <div class="field" class:field--error=links_problem.is_some()>
            <label for=ids[6]>{t!(i18n, topic_field_links)}</label>
            <p id=links_hint.clone() class="hint">{t!(i18n, topic_field_links_hint)}</p>
            {links_problem.map(|p| view! { <p id=links_error.clone() class="field-error">{problem_text(i18n, p)}</p> })}
            <textarea id=ids[6] name="links" rows="3"
                aria-invalid=links_problem.map(|_| "true")
                aria-describedby=if links_problem.is_some() { format!("{links_hint} {links_error}") } else { links_hint.clone() }>
                {textarea_text(&links)}
            </textarea>
        </div>
    }
    .into_any()
}

#[component]
pub fn NewTopicPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| topic_form());
    view! {
        <PageTitle text=move || t_string!(i18n, topic_new).to_string() />
        <p><a href="/themen">{t!(i18n, topic_back)}</a></p>
        <h1>{t!(i18n, topic_new)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <NewTopicForm meetings=data.meetings manages=data.manages /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub(super) fn NewTopicForm(meetings: Vec<MeetingOption>, manages: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SubmitTopic>::new();
    let (error, form) = outcome(action.value().get_untracked());
    view! {
        <p class="hint">{t!(i18n, topic_new_hint)}</p>
        <FormAlert error=error />
        <form class="form" method="post" action=SubmitTopic::PATH novalidate>
            <TopicFields prefix="topic" form topic=None meetings manages />
            <div class="actions"><button type="submit">{t!(i18n, topic_submit)}</button></div>
        </form>
    }
    .into_any()
}
