//! Topics (Themen): the member's submission form, the list of one's own topics, the chair's
//! triage board grouped by meeting, and the topic page with its history, the submitter's edit
//! and withdrawal and the chair's accept / defer / reject / merge. Plain HTML forms throughout,
//! so all of it works without JavaScript.

use gremium::domain::topics::{Topic, TopicEventKind, TopicState};
use leptos::prelude::*;

use crate::api::topics::load_topics;
use crate::components::access::AccessNotice;
use crate::components::page_title::PageTitle;
use crate::format;
use crate::i18n::*;
use leptos_i18n::I18nContext;

mod detail;
mod form;

pub use detail::TopicPage;
pub use form::NewTopicPage;

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

/// "Monthly video conference, 10.12.2026" or "next possible meeting".
fn meeting_label(i18n: I18nContext<Locale>, topic: &Topic) -> String {
    let locale = i18n.get_locale_untracked();
    match &topic.meeting {
        Some(s) => format!("{}, {}", s.title, format::date(locale, s.starts.date())),
        None => t_string!(i18n, topic_meeting_next).to_string(),
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
                        <th scope="col">{t!(i18n, topic_field_meeting)}</th>
                        <th scope="col">{t!(i18n, topic_submitter)}</th>
                        <th scope="col" class="numeric">{t!(i18n, topic_field_minutes)}</th>
                        <th scope="col">{t!(i18n, topic_state)}</th>
                    </tr>
                </thead>
                <tbody>
                    {topics.into_iter().map(|topic| {
                        let meeting = meeting_label(i18n, &topic);
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/themen/{}", topic.id)>{topic.title.clone()}</a></th>
                                <td>{meeting}</td>
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

/// The chair's view: every topic of meetings to come, one section per meeting, open ones first.
#[component]
fn TriageBoard(topics: Vec<Topic>) -> impl IntoView {
    let i18n = use_i18n();
    // Meetings in the order the board query returns them (by date, "next possible" last).
    let mut groups: Vec<(Option<i64>, String, Vec<Topic>)> = Vec::new();
    for topic in topics {
        let key = topic.meeting.as_ref().map(|s| s.id);
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, list)) => list.push(topic),
            None => {
                let label = meeting_label(i18n, &topic);
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
