//! The live view for members and guests: the current item, its clock and the decisions so far.

use gremium::domain::decisions::Decision;
use gremium::domain::live::LiveItem;
use leptos::prelude::*;

use super::kind_label;
use crate::api::meeting::{MeetingView, load_meeting};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::i18n::*;
use crate::islands::refresh::Refresh;

/// The id of the region that refreshes itself.
const LIVE_VIEW: &str = "live-view";

/// The members' read-only live view.
#[component]
pub fn LivePage() -> impl IntoView {
    let i18n = use_i18n();
    let meeting = route_resource(load_meeting);
    // With JavaScript the view refreshes itself every ten seconds; without, the reader reloads
    // it with the link (an automatic reload would take control away from them: WCAG 2.2.1).
    view! {
        <Refresh region=LIVE_VIEW.to_owned() seconds=10 />
        <div id=LIVE_VIEW>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match meeting.await {
                    Ok(data) => view! { <Follow data /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, live_title).to_string() error /> }.into_any(),
                }
            })}
        </Transition>
        </div>
    }
}

#[component]
pub(super) fn Follow(data: MeetingView) -> impl IntoView {
    let i18n = use_i18n();
    let s = data.meeting.clone();
    let heading = format!("{}: {}", t_string!(i18n, live_title), s.title);
    let current = data.live.current_item().cloned();
    view! {
        <PageTitle text=heading.clone() />
        <p><a href=format!("/sitzungen/{}", s.id)>{t!(i18n, agenda_back)}</a></p>
        <h1>{heading}</h1>
        <p role="status" class="notice">
            {match &current {
                Some(item) => t_string!(i18n, live_now, number = item.number.clone(), title = item.title.clone()).to_string(),
                None if data.live.status == gremium::domain::calendar::MeetingStatus::InProgress => t_string!(i18n, live_between).to_string(),
                None if data.live.runnable() => t_string!(i18n, live_not_started).to_string(),
                None => t_string!(i18n, live_ended).to_string(),
            }}
        </p>
        <p class="hint">{t!(i18n, live_refresh_hint)} " "
            <a href=format!("/sitzungen/{}/live", s.id)>{t!(i18n, live_refresh)}</a>
        </p>
        <ol class="live-agenda">
            {data.live.items.iter().map(|item| {
                let is_current = Some(item.id) == data.live.current;
                view! {
                    <li class:live-current=is_current aria-current=is_current.then_some("step")>
                        <span class="live-number">{format!("TOP {}", item.number)}</span>
                        " " {item.title.clone()}
                        {is_current.then(|| view! { " " <span class="badge">{t!(i18n, live_current)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <DecisionList decisions=data.decisions.clone() items=data.live.items.clone() />
    }
    .into_any()
}

#[component]
pub(super) fn DecisionList(decisions: Vec<Decision>, items: Vec<LiveItem>) -> impl IntoView {
    let i18n = use_i18n();
    (!decisions.is_empty()).then(|| view! {
        <section aria-labelledby="beschluesse">
            <h2 id="beschluesse">{t!(i18n, decisions_title)}</h2>
            <ul class="decision-list">
                {decisions.into_iter().map(|d| {
                    let item = items.iter().find(|i| i.id == d.item_id).map(|i| format!("TOP {}", i.number)).unwrap_or_default();
                    view! {
                        <li>
                            <a href=format!("/beschluesse/{}", d.id)>{format!("{} {}", kind_label(i18n, d.kind), d.number)}</a>
                            " (" {item} "): " {d.text.clone()}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
