//! `/bedarfe/:id`: the demand with its status, co-signatures (by Land and kind), the forms the
//! reader may use (co-sign for their organization, status change, edit, follow, raise as a
//! topic) and the timeline. Every form is a plain POST that works without JavaScript.

use gremium::domain::demands::{DemandEvent, DemandStatus, EventKind, REASON_MAX, REFERENCE_MAX};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_i18n::I18nContext;

use super::form::DemandFields;
use super::labels::{StatusBadge, class_text, status_text, urgency_text};
use crate::api::demands::{
    ChangeDemandStatus, CosignDemand, DemandDetail, EditDemand, FollowDemand, RaiseTopic,
    WithdrawCosignature, load_demand,
};
use crate::components::form::{Field, FormAlert, outcome, problem_text, textarea_text};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::format;
use crate::i18n::*;

#[component]
pub fn DemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let detail = route_resource(load_demand);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <DemandView detail /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, demand_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DemandView(detail: DemandDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let demand = detail.demand.clone();
    let due = demand.follow_up_due(detail.today);
    view! {
        <PageTitle text=demand.title.clone() />
        <p><a href="/bedarfe">{t!(i18n, demand_back)}</a></p>
        <h1>{demand.title.clone()}</h1>
        <p>
            <StatusBadge status=demand.status /> " "
            <span class="muted">{format!("#{}", demand.id)}</span>
        </p>
        {due.then(|| view! { <p class="notice notice--warning" role="status">{t!(i18n, demand_follow_up_due)}</p> })}
        {demand.merged_into.map(|into| view! {
            <p class="notice">{t!(i18n, demand_merged_notice)} " "
                <a href=format!("/bedarfe/{into}")>{format!("#{into}")}</a></p>
        })}
        <dl class="facts">
            <dt>{t!(i18n, demand_raised_by)}</dt>
            <dd>
                {demand.organization_name.clone()}
                {(!demand.raiser_name.is_empty()).then(|| format!(" ({})", demand.raiser_name))}
            </dd>
            <dt>{t!(i18n, demand_raised_on)}</dt>
            <dd>{format::date(locale, demand.created_local.date())}</dd>
            <dt>{t!(i18n, demand_field_category)}</dt>
            <dd>{demand.category.name.clone()}</dd>
            <dt>{t!(i18n, demand_field_urgency)}</dt>
            <dd>{urgency_text(i18n, demand.urgency)}</dd>
            {(!demand.tags.is_empty()).then(|| view! {
                <dt>{t!(i18n, demand_field_tags)}</dt>
                <dd>{demand.tags.join(", ")}</dd>
            })}
            <dt>{t!(i18n, meeting_visibility)}</dt>
            <dd>{if demand.public { t_string!(i18n, meeting_public) } else { t_string!(i18n, agenda_internal) }}</dd>
            {demand.forwarded_to.clone().map(|body| view! {
                <dt>{t!(i18n, demand_field_body)}</dt>
                <dd>{body}</dd>
            })}
            {demand.reference.clone().map(|r| view! {
                <dt>{t!(i18n, demand_field_reference)}</dt>
                <dd>{r}</dd>
            })}
            {demand.follow_up.map(|d| view! {
                <dt>{t!(i18n, demand_field_follow_up)}</dt>
                <dd>{format::date(locale, d)}</dd>
            })}
            {demand.decline_reason.clone().map(|r| view! {
                <dt>{t!(i18n, demand_field_reason)}</dt>
                <dd>{r}</dd>
            })}
        </dl>
        <h2>{t!(i18n, demand_field_problem)}</h2>
        // Rendered from Markdown on the server; raw HTML in it is shown as text, never run.
        <div class="markdown" inner_html=detail.problem_html.clone()></div>
        <h2>{t!(i18n, demand_field_outcome)}</h2>
        <div class="markdown" inner_html=detail.outcome_html.clone()></div>
        {(!demand.links.is_empty()).then(|| view! {
            <h2>{t!(i18n, topic_field_links)}</h2>
            <ul>
                {demand.links.iter().map(|l| view! { <li><a href=l.clone() rel="noopener noreferrer">{l.clone()}</a></li> }).collect_view()}
            </ul>
        })}
        <Signatures detail=detail.clone() />
        <Actions detail=detail.clone() />
        {(!detail.next.is_empty()).then(|| view! { <StatusForm detail=detail.clone() /> })}
        {detail.may_edit.then(|| view! { <EditForm detail=detail.clone() /> })}
        <Timeline events=detail.timeline.clone() />
    }
    .into_any()
}

#[component]
fn Signatures(detail: DemandDetail) -> impl IntoView {
    let i18n = use_i18n();
    let count = detail.cosignatures.len();
    let cosign = ServerAction::<CosignDemand>::new();
    let (error, form) = outcome(cosign.value().get_untracked());
    let reason = form.value("reason").unwrap_or_default().to_owned();
    let reason_problem = form.problem("reason");
    let id = detail.demand.id.to_string();
    view! {
        <section aria-labelledby="mitzeichnungen">
            <h2 id="mitzeichnungen">{t!(i18n, demand_cosignatures)} " (" {count} ")"</h2>
            {(count > 0).then(|| view! {
                <div class="breakdown">
                    <p>
                        <strong>{t!(i18n, demand_by_land)}</strong> ": "
                        {detail.breakdown.by_land.iter().map(|(land, n)| format!("{} {n}", land.clone().unwrap_or_else(|| "–".into()))).collect::<Vec<_>>().join(" · ")}
                    </p>
                    <p>
                        <strong>{t!(i18n, demand_by_class)}</strong> ": "
                        {detail.breakdown.by_class.iter().map(|(class, n)| format!("{} {n}", class_text(i18n, *class))).collect::<Vec<_>>().join(" · ")}
                    </p>
                </div>
                <div class="table-scroll">
                    <table class="data-table">
                        <caption class="visually-hidden">{t!(i18n, demand_cosignatures)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, demand_organization)}</th>
                            <th scope="col">{t!(i18n, org_land_label)}</th>
                            <th scope="col">{t!(i18n, demand_field_cosign_reason)}</th>
                            <th scope="col">{t!(i18n, demand_signed_by)}</th>
                        </tr></thead>
                        <tbody>
                            {detail.cosignatures.iter().map(|c| view! {
                                <tr>
                                    <th scope="row">{c.organization_name.clone()} " "
                                        <span class="muted">{class_text(i18n, c.class)}</span></th>
                                    <td>{c.land_name.clone().unwrap_or_default()}</td>
                                    <td>{c.reason.clone()}</td>
                                    <td>{c.signer_name.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(count == 0).then(|| view! { <p>{t!(i18n, demand_no_cosignatures)}</p> })}
            {detail.may_cosign.then(|| {
                let name = detail.own_organization.clone().map(|o| o.name).unwrap_or_default();
                view! {
                    <FormAlert error=error />
                    <form class="form" method="post" action=CosignDemand::PATH novalidate>
                        <input type="hidden" name="id" value=id.clone() />
                        <div class="field" class:field--error=reason_problem.is_some()>
                            <label for="cosign-reason">{t!(i18n, demand_field_cosign_reason)}</label>
                            {reason_problem.map(|p| view! { <p id="cosign-reason-error" class="field-error">{problem_text(i18n, p)}</p> })}
                            <textarea id="cosign-reason" name="reason" rows="3" maxlength=REASON_MAX.to_string()
                                aria-invalid=reason_problem.map(|_| "true")
                                aria-describedby=reason_problem.map(|_| "cosign-reason-error")>
                                {textarea_text(&reason)}
                            </textarea>
                        </div>
                        <div class="actions">
                            <button type="submit">{t!(i18n, demand_cosign_for, name = name)}</button>
                        </div>
                    </form>
                }
            })}
            {detail.signed.then(|| view! {
                <form method="post" action=WithdrawCosignature::PATH>
                    <input type="hidden" name="id" value=id.clone() />
                    <p>{t!(i18n, demand_signed_notice)} " "
                        <button type="submit" class="button--secondary">{t!(i18n, demand_cosign_withdraw)}</button></p>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// Follow or unfollow; raise a topic for the next meeting.
#[component]
fn Actions(detail: DemandDetail) -> impl IntoView {
    let i18n = use_i18n();
    let id = detail.demand.id.to_string();
    let follow = (!detail.following).to_string();
    view! {
        {detail.signed_in.then(|| view! {
            <form method="post" action=FollowDemand::PATH class="demand-action">
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="follow" value=follow.clone() />
                <button type="submit" class="button--secondary">
                    {if detail.following { t_string!(i18n, demand_unfollow) } else { t_string!(i18n, demand_follow) }}
                </button>
            </form>
        })}
        {detail.may_raise_topic.then(|| {
            let locale = i18n.get_locale_untracked();
            let raise = ServerAction::<RaiseTopic>::new();
            let (error, form) = outcome(raise.value().get_untracked());
            let problem = form.problem("meeting");
            view! {
                <section aria-labelledby="als-thema">
                    <h2 id="als-thema">{t!(i18n, demand_raise_topic)}</h2>
                    <FormAlert error=error />
                    <form method="post" action=RaiseTopic::PATH class="form">
                        <input type="hidden" name="id" value=id.clone() />
                        <div class="field" class:field--error=problem.is_some()>
                            <label for="topic-meeting">{t!(i18n, topic_field_meeting)}</label>
                            {problem.map(|p| view! { <p id="topic-meeting-error" class="field-error">{problem_text(i18n, p)}</p> })}
                            <select id="topic-meeting" name="meeting" aria-invalid=problem.map(|_| "true")
                                aria-describedby=problem.map(|_| "topic-meeting-error")>
                                <option value="next">{t!(i18n, topic_meeting_next)}</option>
                                {detail.meetings.iter().map(|s| view! {
                                    <option value=s.id.to_string()>
                                        {format!("{}, {}", s.title, format::span(locale, s.starts, s.ends))}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="actions">
                            <button type="submit">{t!(i18n, demand_raise_topic_button)}</button>
                        </div>
                    </form>
                </section>
            }
        })}
    }
}

#[component]
fn StatusForm(detail: DemandDetail) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangeDemandStatus>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let demand = detail.demand.clone();
    let kept = |field: &str| form.value(field).unwrap_or_default().to_owned();
    let to = kept("to");
    let to_problem = form.problem("to");
    let needs = |s: DemandStatus| detail.next.contains(&s);
    let text_field = |id: &'static str, name: &'static str, label: String, kind: &'static str| {
        view! {
            <Field id=id name=name label=label kind=kind value=kept(name)
                maxlength=REFERENCE_MAX as u32 problem=form.problem(name) />
        }
    };
    view! {
        <section aria-labelledby="status-aendern">
            <h2 id="status-aendern">{t!(i18n, demand_change_status)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=ChangeDemandStatus::PATH novalidate>
                <input type="hidden" name="id" value=demand.id.to_string() />
                <input type="hidden" name="version" value=demand.version.to_string() />
                <div class="field" class:field--error=to_problem.is_some()>
                    <label for="status-to">{t!(i18n, demand_new_status)}</label>
                    {to_problem.map(|p| view! { <p id="status-to-error" class="field-error">{problem_text(i18n, p)}</p> })}
                    <select id="status-to" name="to" aria-invalid=to_problem.map(|_| "true")
                        aria-describedby=to_problem.map(|_| "status-to-error")>
                        {detail.next.iter().map(|s| view! {
                            <option value=s.as_str() selected=to == s.as_str()>{status_text(i18n, *s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field id="status-comment" name="comment" label=t_string!(i18n, demand_field_comment).to_string()
                    value=kept("comment") maxlength=REASON_MAX as u32 problem=form.problem("comment") />
                {needs(DemandStatus::Forwarded).then(|| view! {
                    <fieldset class="field">
                        <legend>{t!(i18n, demand_forward_legend)}</legend>
                        <p class="hint">{t!(i18n, demand_forward_hint)}</p>
                        {text_field("status-body", "body", t_string!(i18n, demand_field_body).to_string(), "text")}
                        {text_field("status-reference", "reference", t_string!(i18n, demand_field_reference).to_string(), "text")}
                        {text_field("status-follow-up", "follow_up", t_string!(i18n, demand_field_follow_up).to_string(), "date")}
                    </fieldset>
                })}
                {needs(DemandStatus::Declined).then(|| view! {
                    <Field id="status-reason" name="reason" label=t_string!(i18n, demand_field_reason).to_string()
                        hint=t_string!(i18n, demand_reason_hint).to_string()
                        value=kept("reason") maxlength=REASON_MAX as u32 problem=form.problem("reason") />
                })}
                {needs(DemandStatus::Merged).then(|| view! {
                    <Field id="status-merge" name="merge_into" label=t_string!(i18n, demand_field_merge_into).to_string()
                        hint=t_string!(i18n, demand_merge_hint).to_string()
                        value=kept("merge_into") problem=form.problem("merge_into") />
                })}
                <div class="actions"><button type="submit">{t!(i18n, demand_change_status_button)}</button></div>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn EditForm(detail: DemandDetail) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<EditDemand>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let demand = detail.demand.clone();
    let open = error.is_some();
    view! {
        <details class="edit" open=open>
            <summary>{t!(i18n, demand_edit)}</summary>
            <FormAlert error=error />
            <form class="form" method="post" action=EditDemand::PATH novalidate>
                <input type="hidden" name="id" value=demand.id.to_string() />
                <input type="hidden" name="version" value=demand.version.to_string() />
                <DemandFields form demand=Some(demand.clone()) categories=detail.categories.clone() />
                <div class="actions"><button type="submit">{t!(i18n, demand_save)}</button></div>
            </form>
        </details>
    }
    .into_any()
}

fn event_text(i18n: I18nContext<Locale>, event: &DemandEvent) -> String {
    match event.kind {
        EventKind::Raised => t_string!(i18n, demand_event_raised).to_string(),
        EventKind::Edited => t_string!(i18n, demand_event_edited).to_string(),
        EventKind::Status => format!(
            "{} → {}",
            event.from.map(|s| status_text(i18n, s)).unwrap_or_default(),
            event.to.map(|s| status_text(i18n, s)).unwrap_or_default()
        ),
        EventKind::Cosigned => t_string!(i18n, demand_event_cosigned).to_string(),
        EventKind::CosignWithdrawn => t_string!(i18n, demand_event_cosign_withdrawn).to_string(),
        EventKind::MergedIn => t_string!(i18n, demand_event_merged_in).to_string(),
        EventKind::Topic => t_string!(i18n, demand_event_topic).to_string(),
        EventKind::Decision => t_string!(i18n, demand_event_decision).to_string(),
    }
}

/// One timeline entry, as the demand page and the dashboard show it.
#[component]
pub fn EventLine(event: DemandEvent) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let at = event.at_local;
    view! {
        <span class="muted">{format::moment(locale, at)}</span> " · "
        <strong>{event_text(i18n, &event)}</strong>
        {(!event.actor.is_empty()).then(|| format!(" · {}", event.actor))}
        {event.organization.clone().map(|o| view! { " · " {o} })}
        {event.meeting.clone().map(|(id, title)| view! {
            " · " <a href=format!("/sitzungen/{id}")>{title}</a>
        })}
        {event.decision.clone().map(|(id, number)| view! {
            " · " <a href=format!("/beschluesse/{id}")>{t!(i18n, demand_decision_label, number = number)}</a>
        })}
        {event.other_demand.map(|other| view! {
            " · " <a href=format!("/bedarfe/{other}")>{format!("#{other}")}</a>
        })}
        {event.comment.clone().map(|c| view! { <span class="muted">" – " {c}</span> })}
    }
}

#[component]
fn Timeline(events: Vec<DemandEvent>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="zeitleiste">
            <h2 id="zeitleiste">{t!(i18n, demand_timeline)}</h2>
            <ol class="timeline">
                {events.into_iter().map(|event| view! { <li><EventLine event /></li> }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}
