//! One topic: its page, history, the submitter's edit form and the chair's triage.

use gremium::domain::topics::{REASON_MAX, TopicEvent};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::form::TopicFields;
use super::{TopicBadges, event_text, meeting_label};
use crate::api::topics::{
    AcceptTopic, DeferTopic, EditTopic, MeetingOption, MergeTopic, RejectTopic, TopicDetail,
    WithdrawTopic, load_topic,
};
use crate::components::form::{ConfirmStep, FormAlert, outcome, problem_text, textarea_text};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::format;
use crate::i18n::*;

#[component]
pub fn TopicPage() -> impl IntoView {
    let i18n = use_i18n();
    let detail = route_resource(load_topic);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <TopicView detail /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, topic_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub(super) fn TopicView(detail: TopicDetail) -> impl IntoView {
    let i18n = use_i18n();
    let topic = detail.topic.clone();
    let open = topic.state.is_open();
    let meeting = meeting_label(i18n, &topic);
    view! {
        <PageTitle text=topic.title.clone() />
        <p><a href="/themen">{t!(i18n, topic_back)}</a></p>
        <h1>{topic.title.clone()}</h1>
        <p><TopicBadges topic=topic.clone() /></p>
        {topic.reject_reason.clone().map(|reason| view! {
            <div class="notice notice--error" role="status">
                <p>{t!(i18n, topic_rejected_notice)}</p>
                <p>{t!(i18n, meeting_reason)} ": " {reason}</p>
            </div>
        })}
        {topic.merged_into.map(|into| view! {
            <p class="notice">{t!(i18n, topic_merged_notice)} " "
                <a href=format!("/themen/{into}")>{t!(i18n, topic_merged_link)}</a></p>
        })}
        <dl class="facts">
            <dt>{t!(i18n, topic_field_meeting)}</dt>
            <dd>{match topic.meeting.as_ref() {
                Some(s) => view! { <a href=format!("/sitzungen/{}", s.id)>{meeting.clone()}</a> }.into_any(),
                None => view! { {meeting.clone()} }.into_any(),
            }}</dd>
            <dt>{t!(i18n, topic_submitter)}</dt>
            <dd>{topic.submitter_name.clone()}</dd>
            {topic.presenter.clone().map(|p| view! {
                <dt>{t!(i18n, topic_field_presenter)}</dt>
                <dd>{p}</dd>
            })}
            <dt>{t!(i18n, topic_field_minutes)}</dt>
            <dd>{topic.minutes}</dd>
            <dt>{t!(i18n, meeting_visibility)}</dt>
            <dd>{if topic.public { t_string!(i18n, meeting_public) } else { t_string!(i18n, agenda_internal) }}</dd>
        </dl>
        <h2>{t!(i18n, topic_field_description)}</h2>
        // Rendered from Markdown on the server; raw HTML in it is shown as text, never run.
        <div class="markdown" inner_html=detail.description_html.clone()></div>
        {(!topic.links.is_empty()).then(|| view! {
            <h2>{t!(i18n, topic_field_links)}</h2>
            <ul>
                {topic.links.iter().map(|l| view! { <li><a href=l.clone() rel="noopener noreferrer">{l.clone()}</a></li> }).collect_view()}
            </ul>
        })}
        {(detail.manages && open).then(|| view! { <Triage detail=detail.clone() /> })}
        {detail.may_edit.then(|| view! { <EditTopicForm detail=detail.clone() /> })}
        <History events=detail.events.clone() />
    }
    .into_any()
}

#[component]
pub(super) fn History(events: Vec<TopicEvent>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <section aria-labelledby="verlauf">
            <h2 id="verlauf">{t!(i18n, topic_history)}</h2>
            <ol class="timeline">
                {events.into_iter().map(|e| {
                    let at = e.at_local;
                    view! {
                        <li>
                            <span class="muted">{format::moment(locale, at)}</span> " · "
                            <strong>{event_text(i18n, e.kind)}</strong> " · " {e.actor.clone()}
                            {e.meeting.clone().map(|s| view! {
                                " → " <a href=format!("/sitzungen/{}", s.id)>
                                    {format!("{}, {}", s.title, format::date(locale, s.starts.date()))}
                                </a>
                            })}
                            {e.note.clone().map(|n| view! { <span class="muted">" – " {n}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn EditTopicForm(detail: TopicDetail) -> impl IntoView {
    let i18n = use_i18n();
    let edit = ServerAction::<EditTopic>::new();
    let withdraw = ServerAction::<WithdrawTopic>::new();
    let (error, form) = outcome(edit.value().get_untracked());
    let (withdraw_error, withdraw_form) = outcome(withdraw.value().get_untracked());
    let topic = detail.topic.clone();
    let ask_withdraw = withdraw_form.awaits_confirmation().then(|| {
        view! {
            <ConfirmStep id="zurueckziehen" action=WithdrawTopic::PATH
                question=t_string!(i18n, topic_withdraw_question).to_string()
                consequence=t_string!(i18n, topic_withdraw_consequence).to_string()
                confirm=t_string!(i18n, topic_withdraw_confirm).to_string()
                cancel_href=format!("/themen/{}", topic.id)
                fields=vec![("id", topic.id.to_string()), ("version", topic.version.to_string())] />
        }
    });
    let asked = ask_withdraw.is_some();
    view! {
        <section aria-labelledby="bearbeiten">
            <h2 id="bearbeiten">{t!(i18n, topic_edit)}</h2>
            <p class="hint">{t!(i18n, topic_edit_hint)}</p>
            <FormAlert error=error />
            <form class="form" method="post" action=EditTopic::PATH novalidate>
                <input type="hidden" name="id" value=topic.id.to_string() />
                <input type="hidden" name="version" value=topic.version.to_string() />
                <TopicFields prefix="edit" form topic=Some(topic.clone()) meetings=detail.meetings.clone() manages=detail.manages />
                <div class="actions"><button type="submit">{t!(i18n, topic_save)}</button></div>
            </form>
            <FormAlert error=withdraw_error />
            {ask_withdraw}
            {(!asked).then(|| view! {
                <form class="form" method="post" action=WithdrawTopic::PATH>
                    <input type="hidden" name="id" value=topic.id.to_string() />
                    <input type="hidden" name="version" value=topic.version.to_string() />
                    <div class="actions"><button type="submit" class="button--danger">{t!(i18n, topic_withdraw)}</button></div>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// The chair's decisions on an untriaged topic.
#[component]
pub(super) fn Triage(detail: TopicDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let accept = ServerAction::<AcceptTopic>::new();
    let defer = ServerAction::<DeferTopic>::new();
    let reject = ServerAction::<RejectTopic>::new();
    let merge = ServerAction::<MergeTopic>::new();
    let (accept_error, accept_form) = outcome(accept.value().get_untracked());
    let (defer_error, defer_form) = outcome(defer.value().get_untracked());
    let (reject_error, reject_form) = outcome(reject.value().get_untracked());
    let (merge_error, merge_form) = outcome(merge.value().get_untracked());
    let topic = detail.topic.clone();
    let id = topic.id.to_string();
    let version = topic.version.to_string();
    let current = topic.meeting.as_ref().map(|s| s.id);
    let later: Vec<MeetingOption> = detail
        .meetings
        .iter()
        .filter(|s| Some(s.id) != current)
        .cloned()
        .collect();
    let defer_problem = defer_form.problem("meeting");
    let reject_problem = reject_form.problem("reason");
    let merge_problem = merge_form.problem("into");
    let accept_problem = accept_form.problem("accept");
    let has_targets = !detail.merge_targets.is_empty();
    // Rejecting and merging cannot be undone: the server asks first, with the input kept.
    let cancel_href = format!("/themen/{}", topic.id);
    let ask = if reject_form.awaits_confirmation() {
        Some(view! {
            <ConfirmStep id="ablehnen" action=RejectTopic::PATH
                question=t_string!(i18n, topic_reject_question).to_string()
                consequence=t_string!(i18n, topic_reject_consequence).to_string()
                confirm=t_string!(i18n, topic_reject_confirm).to_string()
                cancel_href=cancel_href.clone()
                fields=vec![
                    ("id", id.clone()),
                    ("version", version.clone()),
                    ("reason", reject_form.value("reason").unwrap_or_default().to_owned()),
                ] />
        })
    } else if merge_form.awaits_confirmation() {
        Some(view! {
            <ConfirmStep id="zusammenfuehren" action=MergeTopic::PATH
                question=t_string!(i18n, topic_merge_question).to_string()
                consequence=t_string!(i18n, topic_merge_consequence).to_string()
                confirm=t_string!(i18n, topic_merge_confirm).to_string()
                cancel_href=cancel_href.clone()
                fields=vec![
                    ("id", id.clone()),
                    ("version", version.clone()),
                    ("into", merge_form.value("into").unwrap_or_default().to_owned()),
                ] />
        })
    } else {
        None
    };
    view! {
        <section aria-labelledby="triage-thema">
            <h2 id="triage-thema">{t!(i18n, topic_triage)}</h2>
            {ask}
            <FormAlert error=accept_error />
            {accept_problem.map(|p| view! { <p class="field-error">{problem_text(i18n, p)}</p> })}
            <form class="form form--inline" method="post" action=AcceptTopic::PATH>
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="version" value=version.clone() />
                <div class="actions"><button type="submit">{t!(i18n, topic_accept)}</button></div>
            </form>
            <FormAlert error=defer_error />
            <form class="form form--inline" method="post" action=DeferTopic::PATH novalidate>
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="version" value=version.clone() />
                <div class="field" class:field--error=defer_problem.is_some()>
                    <label for="defer-meeting">{t!(i18n, topic_defer_to)}</label>
                    {defer_problem.map(|p| view! { <p id="defer-meeting-error" class="field-error">{problem_text(i18n, p)}</p> })}
                    <select id="defer-meeting" name="meeting" aria-invalid=defer_problem.map(|_| "true")
                        aria-describedby=defer_problem.map(|_| "defer-meeting-error")>
                        {later.into_iter().map(|s| {
                            let label = format!("{}, {}", s.title, format::span(locale, s.starts, s.ends));
                            let value = s.id.to_string();
                            let selected = defer_form.value("meeting") == Some(value.as_str());
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="actions"><button type="submit">{t!(i18n, topic_defer)}</button></div>
            </form>
            <FormAlert error=reject_error />
            <form class="form" method="post" action=RejectTopic::PATH novalidate>
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="version" value=version.clone() />
                <div class="field" class:field--error=reject_problem.is_some()>
                    <label for="reject-reason">{t!(i18n, topic_reject_reason)}</label>
                    <p id="reject-reason-hint" class="hint">{t!(i18n, topic_reject_hint)}</p>
                    {reject_problem.map(|p| view! { <p id="reject-reason-error" class="field-error">{problem_text(i18n, p)}</p> })}
                    <textarea id="reject-reason" name="reason" rows="3" maxlength=REASON_MAX.to_string()
                        aria-invalid=reject_problem.map(|_| "true")
                        aria-describedby=if reject_problem.is_some() { "reject-reason-hint reject-reason-error" } else { "reject-reason-hint" }>
                        {textarea_text(reject_form.value("reason").unwrap_or_default())}
                    </textarea>
                </div>
                <div class="actions"><button type="submit" class="button--danger">{t!(i18n, topic_reject)}</button></div>
            </form>
            {has_targets.then(|| view! {
                <FormAlert error=merge_error.clone() />
                <form class="form form--inline" method="post" action=MergeTopic::PATH novalidate>
                    <input type="hidden" name="id" value=id.clone() />
                    <input type="hidden" name="version" value=version.clone() />
                    <div class="field" class:field--error=merge_problem.is_some()>
                        <label for="merge-into">{t!(i18n, topic_merge_into)}</label>
                        {merge_problem.map(|p| view! { <p id="merge-into-error" class="field-error">{problem_text(i18n, p)}</p> })}
                        <select id="merge-into" name="into" aria-invalid=merge_problem.map(|_| "true")
                            aria-describedby=merge_problem.map(|_| "merge-into-error")>
                            {detail.merge_targets.iter().map(|(tid, title)| view! {
                                <option value=tid.to_string()>{title.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="actions"><button type="submit">{t!(i18n, topic_merge)}</button></div>
                </form>
            })}
        </section>
    }
    .into_any()
}
