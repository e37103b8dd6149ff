//! Topics (Themen): the member's submission form, the list of one's own topics, the chair's
//! triage board grouped by session, and the topic page with its history, the submitter's edit
//! and withdrawal and the chair's accept / defer / reject / merge. Plain HTML forms throughout,
//! so all of it works without JavaScript.

use gremium::domain::topics::{
    DESCRIPTION_MAX, PRESENTER_MAX, REASON_MAX, TITLE_MAX, Topic, TopicEvent, TopicEventKind,
    TopicState,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::topics::{
    AcceptTopic, DeferTopic, EditTopic, MergeTopic, RejectTopic, SessionOption, SubmitTopic,
    TopicDetail, WithdrawTopic, load_topic, load_topics, topic_form,
};
use crate::components::access::AccessNotice;
use crate::components::form::{
    ConfirmStep, Field, FormAlert, outcome, problem_text, textarea_text,
};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::format;
use crate::i18n::*;
use gremium::domain::form::FormErrors;
use leptos_i18n::I18nContext;

pub fn state_text(i18n: I18nContext<Locale>, state: TopicState) -> String {
    match state {
        TopicState::Submitted => t_string!(i18n, topic_state_submitted),
        TopicState::Accepted => t_string!(i18n, topic_state_accepted),
        TopicState::Rejected => t_string!(i18n, topic_state_rejected),
        TopicState::Merged => t_string!(i18n, topic_state_merged),
        TopicState::Withdrawn => t_string!(i18n, topic_state_withdrawn),
    }
    .to_string()
}

fn event_text(i18n: I18nContext<Locale>, kind: TopicEventKind) -> String {
    match kind {
        TopicEventKind::Submitted => t_string!(i18n, topic_event_submitted),
        TopicEventKind::Edited => t_string!(i18n, topic_event_edited),
        TopicEventKind::Withdrawn => t_string!(i18n, topic_event_withdrawn),
        TopicEventKind::Accepted => t_string!(i18n, topic_event_accepted),
        TopicEventKind::Deferred => t_string!(i18n, topic_event_deferred),
        TopicEventKind::Rejected => t_string!(i18n, topic_event_rejected),
        TopicEventKind::Merged => t_string!(i18n, topic_event_merged),
        TopicEventKind::Retabled => t_string!(i18n, topic_event_retabled),
    }
    .to_string()
}

/// The state, and "late" / "re-tabled" where they apply.
#[component]
fn TopicBadges(topic: Topic) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge--topic-{}", topic.state.as_str())>{state_text(i18n, topic.state)}</span>
        {topic.late.then(|| view! { " " <span class="badge badge--late">{t!(i18n, topic_late)}</span> })}
        {topic.retabled.then(|| view! { " " <span class="badge badge--retabled">{t!(i18n, topic_retabled)}</span> })}
        {(!topic.public).then(|| view! { " " <span class="badge">{t!(i18n, agenda_internal)}</span> })}
    }
}

/// "Monthly video conference, 10.12.2026" or "next possible session".
fn session_label(i18n: I18nContext<Locale>, topic: &Topic) -> String {
    let locale = i18n.get_locale_untracked();
    match &topic.session {
        Some(s) => format!("{}, {}", s.title, format::date(locale, s.starts.date())),
        None => t_string!(i18n, topic_session_next).to_string(),
    }
}

#[component]
pub fn TopicsPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |()| load_topics());
    view! {
        <PageTitle text=move || t_string!(i18n, topic_title).to_string() />
        <h1>{t!(i18n, topic_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let manages = overview.manages;
                        let mine_empty = overview.mine.is_empty();
                        view! {
                            <p class="lead">{t!(i18n, topic_lead)}</p>
                            <p><a class="button" href="/themen/neu">{t!(i18n, topic_new)}</a></p>
                            {manages.then(|| view! { <TriageBoard topics=overview.board.clone() /> })}
                            <section aria-labelledby="meine-themen">
                                <h2 id="meine-themen">{t!(i18n, topic_mine)}</h2>
                                {mine_empty.then(|| view! { <p>{t!(i18n, topic_mine_none)}</p> })}
                                {(!mine_empty).then(|| view! { <TopicTable topics=overview.mine.clone() caption=t_string!(i18n, topic_mine).to_string() /> })}
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TopicTable(topics: Vec<Topic>, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, topic_field_title)}</th>
                        <th scope="col">{t!(i18n, topic_field_session)}</th>
                        <th scope="col">{t!(i18n, topic_submitter)}</th>
                        <th scope="col" class="numeric">{t!(i18n, topic_field_minutes)}</th>
                        <th scope="col">{t!(i18n, topic_state)}</th>
                    </tr>
                </thead>
                <tbody>
                    {topics.into_iter().map(|topic| {
                        let session = session_label(i18n, &topic);
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/themen/{}", topic.id)>{topic.title.clone()}</a></th>
                                <td>{session}</td>
                                <td>{topic.submitter_name.clone()}</td>
                                <td class="numeric">{topic.minutes}</td>
                                <td><TopicBadges topic=topic.clone() /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The chair's view: every topic of sessions to come, one section per session, open ones first.
#[component]
fn TriageBoard(topics: Vec<Topic>) -> impl IntoView {
    let i18n = use_i18n();
    // Sessions in the order the board query returns them (by date, "next possible" last).
    let mut groups: Vec<(Option<i64>, String, Vec<Topic>)> = Vec::new();
    for topic in topics {
        let key = topic.session.as_ref().map(|s| s.id);
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, list)) => list.push(topic),
            None => {
                let label = session_label(i18n, &topic);
                groups.push((key, label, vec![topic]));
            }
        }
    }
    let empty = groups.is_empty();
    view! {
        <section aria-labelledby="triage">
            <h2 id="triage">{t!(i18n, topic_board)}</h2>
            <p class="hint">{t!(i18n, topic_board_hint)}</p>
            {empty.then(|| view! { <p>{t!(i18n, topic_board_none)}</p> })}
            {groups.into_iter().map(|(key, label, mut list)| {
                list.sort_by_key(|t| (t.state != TopicState::Submitted, t.state != TopicState::Accepted, t.id));
                let open = list.iter().filter(|t| t.state == TopicState::Submitted).count();
                let heading = format!("{label} ({})", t_string!(i18n, topic_board_open, count = open));
                view! {
                    <h3>{heading.clone()}</h3>
                    {key.map(|id| view! {
                        <p><a href=format!("/sitzungen/{id}/tagesordnung")>{t!(i18n, agenda_open)}</a></p>
                    })}
                    <TopicTable topics=list caption=heading />
                }
            }).collect_view()}
        </section>
    }
    .into_any()
}

/// The session choice: the next possible one, or a specific session. Sessions past their
/// deadline are offered only to the chair (the topic is then marked late).
#[component]
fn SessionSelect(
    id: &'static str,
    sessions: Vec<SessionOption>,
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
            <label for=id>{t!(i18n, topic_field_session)}</label>
            <p id=hint_id.clone() class="hint">{t!(i18n, topic_field_session_hint)}</p>
            {problem.map(|p| view! { <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p> })}
            <select id=id name="session" aria-invalid=problem.map(|_| "true")
                aria-describedby=if problem.is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }>
                <option value="next" selected=selected == "next" || selected.is_empty()>{t!(i18n, topic_session_next)}</option>
                {sessions.into_iter().filter(|s| s.open || manages).map(|s| {
                    let value = s.id.to_string();
                    let mut label = format!("{}, {}", s.title, format::span(locale, s.starts, s.ends));
                    if !s.open {
                        label.push_str(&format!(" – {}", t_string!(i18n, topic_session_late)));
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
fn TopicFields(
    prefix: &'static str,
    form: FormErrors,
    topic: Option<Topic>,
    sessions: Vec<SessionOption>,
    manages: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let from_topic = |f: fn(&Topic) -> String| topic.as_ref().map(f).unwrap_or_default();
    let value = |field: &str, default: String| form.value(field).map_or(default, str::to_owned);
    let title = value("title", from_topic(|t| t.title.clone()));
    let description = value("description", from_topic(|t| t.description.clone()));
    let session = value(
        "session",
        topic
            .as_ref()
            .and_then(|t| t.session.as_ref())
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
            "edit-session",
            "edit-presenter",
            "edit-minutes",
            "edit-public",
            "edit-links",
        ]
    } else {
        [
            "topic-title",
            "topic-description",
            "topic-session",
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
        <SessionSelect id=ids[2] sessions selected=session manages problem=form.problem("session") />
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
                    Ok(data) => view! { <NewTopicForm sessions=data.sessions manages=data.manages /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewTopicForm(sessions: Vec<SessionOption>, manages: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SubmitTopic>::new();
    let (error, form) = outcome(action.value().get_untracked());
    view! {
        <p class="hint">{t!(i18n, topic_new_hint)}</p>
        <FormAlert error=error />
        <form class="form" method="post" action=SubmitTopic::PATH novalidate>
            <TopicFields prefix="topic" form topic=None sessions manages />
            <div class="actions"><button type="submit">{t!(i18n, topic_submit)}</button></div>
        </form>
    }
    .into_any()
}

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
fn TopicView(detail: TopicDetail) -> impl IntoView {
    let i18n = use_i18n();
    let topic = detail.topic.clone();
    let open = topic.state.is_open();
    let session = session_label(i18n, &topic);
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
            <dt>{t!(i18n, topic_field_session)}</dt>
            <dd>{match topic.session.as_ref() {
                Some(s) => view! { <a href=format!("/sitzungen/{}", s.id)>{session.clone()}</a> }.into_any(),
                None => view! { {session.clone()} }.into_any(),
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
fn History(events: Vec<TopicEvent>) -> impl IntoView {
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
                            {e.session.clone().map(|s| view! {
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
fn EditTopicForm(detail: TopicDetail) -> impl IntoView {
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
                <TopicFields prefix="edit" form topic=Some(topic.clone()) sessions=detail.sessions.clone() manages=detail.manages />
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
fn Triage(detail: TopicDetail) -> impl IntoView {
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
    let current = topic.session.as_ref().map(|s| s.id);
    let later: Vec<SessionOption> = detail
        .sessions
        .iter()
        .filter(|s| Some(s.id) != current)
        .cloned()
        .collect();
    let defer_problem = defer_form.problem("session");
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
                    <label for="defer-session">{t!(i18n, topic_defer_to)}</label>
                    {defer_problem.map(|p| view! { <p id="defer-session-error" class="field-error">{problem_text(i18n, p)}</p> })}
                    <select id="defer-session" name="session" aria-invalid=defer_problem.map(|_| "true")
                        aria-describedby=defer_problem.map(|_| "defer-session-error")>
                        {later.into_iter().map(|s| {
                            let label = format!("{}, {}", s.title, format::span(locale, s.starts, s.ends));
                            let value = s.id.to_string();
                            let selected = defer_form.value("session") == Some(value.as_str());
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
