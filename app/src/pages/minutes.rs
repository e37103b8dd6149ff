//! The minutes (Niederschrift): the document, the chair's draft text, making it final, the
//! approval by a later meeting and the downloads; a decision's stable page; the task list.

use gremium::domain::decisions::{DecisionKind, DemandMove};
use gremium::domain::minutes::{MinutesDocument, MinutesState, votes_line};
use gremium::domain::tasks::{Task, TaskStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::meeting::{SetTaskStatus, TaskList, load_tasks};
use crate::api::minutes::{
    ApproveMinutes, DecisionView, FinaliseMinutes, MinutesView, SaveMinutes, load_decision,
    load_minutes,
};
use crate::components::access::AccessNotice;
use crate::components::form::{ConfirmStep, FormAlert, outcome, problem_text, textarea_text};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::i18n::*;

#[component]
pub fn MinutesPage() -> impl IntoView {
    let i18n = use_i18n();
    let minutes = route_resource(load_minutes);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match minutes.await {
                    Ok(data) => view! { <Minutes data /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, minutes_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

pub fn state_label(i18n: leptos_i18n::I18nContext<Locale>, state: MinutesState) -> String {
    match state {
        MinutesState::Draft => t_string!(i18n, minutes_draft),
        MinutesState::Final => t_string!(i18n, minutes_final),
        MinutesState::Approved => t_string!(i18n, minutes_approved),
    }
    .to_string()
}

#[component]
fn Minutes(data: MinutesView) -> impl IntoView {
    let i18n = use_i18n();
    let s = data.meeting.clone();
    let heading = format!("{}: {}", t_string!(i18n, minutes_title), s.title);
    let save = ServerAction::<SaveMinutes>::new();
    let (save_error, save_form) = outcome(save.value().get_untracked());
    let (finalise_error, finalise_form) = outcome(
        ServerAction::<FinaliseMinutes>::new()
            .value()
            .get_untracked(),
    );
    // Final minutes cannot change again: the server asks first.
    let ask_finalise = finalise_form.awaits_confirmation();
    let other_errors = [
        finalise_error.map(Err),
        ServerAction::<ApproveMinutes>::new()
            .value()
            .get_untracked(),
    ]
    .into_iter()
    .flatten()
    .find_map(Result::err);
    let other_problem = other_errors
        .as_ref()
        .and_then(|e| e.form())
        .and_then(|f| f.errors.first())
        .map(|e| problem_text(i18n, e.problem));
    let opening = save_form
        .value("opening")
        .map_or(data.opening.clone(), str::to_owned);
    let closing = save_form
        .value("closing")
        .map_or(data.closing.clone(), str::to_owned);
    let opening_problem = save_form.problem("opening");
    let closing_problem = save_form.problem("closing");
    let base = format!("/sitzungen/{}/niederschrift", s.id);
    let draft = data.state == MinutesState::Draft;
    view! {
        <PageTitle text=heading.clone() />
        <p><a href=format!("/sitzungen/{}", s.id)>{t!(i18n, agenda_back)}</a>
            {data.manages.then(|| view! { " · " <a href=format!("/sitzungen/{}/leitung", s.id)>{t!(i18n, chair_open)}</a> })}
        </p>
        <h1>{heading}</h1>
        <p role="status" class="notice">{t_string!(i18n, minutes_state_line, state = state_label(i18n, data.state)).to_string()}</p>
        <FormAlert error=other_errors.clone() />
        {other_problem.map(|p| view! { <p class="field-error">{p}</p> })}
        <p class="downloads">
            <a href=format!("{base}.pdf") download="">{t!(i18n, minutes_pdf)}</a>
            " · " <a href=format!("{base}.html")>{t!(i18n, minutes_html)}</a>
            " · " <a href=format!("{base}.md") download="">{t!(i18n, minutes_markdown)}</a>
            " · " <a href=format!("{base}.pdf?fassung=oeffentlich") download="">{t!(i18n, minutes_public_pdf)}</a>
        </p>
        {(data.manages && draft).then(|| view! {
            <section aria-labelledby="entwurf">
                <h2 id="entwurf">{t!(i18n, minutes_edit)}</h2>
                <p class="hint">{t!(i18n, minutes_edit_hint)}</p>
                <form method="post" action=SaveMinutes::PATH class="form">
                    <FormAlert error=save_error.clone() />
                    <input type="hidden" name="meeting" value=s.id.to_string() />
                    <input type="hidden" name="version" value=data.version.to_string() />
                    <div class="field" class:field--error=opening_problem.is_some()>
                        <label for="minutes-opening">{t!(i18n, minutes_opening)}</label>
                        {opening_problem.map(|p| view! { <p class="field-error" id="minutes-opening-error">{problem_text(i18n, p)}</p> })}
                        <textarea id="minutes-opening" name="opening" rows="4"
                            aria-invalid=opening_problem.map(|_| "true")
                            aria-describedby=opening_problem.map(|_| "minutes-opening-error")>{textarea_text(&opening)}</textarea>
                    </div>
                    <div class="field" class:field--error=closing_problem.is_some()>
                        <label for="minutes-closing">{t!(i18n, minutes_closing)}</label>
                        {closing_problem.map(|p| view! { <p class="field-error" id="minutes-closing-error">{problem_text(i18n, p)}</p> })}
                        <textarea id="minutes-closing" name="closing" rows="4"
                            aria-invalid=closing_problem.map(|_| "true")
                            aria-describedby=closing_problem.map(|_| "minutes-closing-error")>{textarea_text(&closing)}</textarea>
                    </div>
                    <div class="actions"><button type="submit">{t!(i18n, minutes_save)}</button></div>
                </form>
                {(data.held && ask_finalise).then(|| view! {
                    <ConfirmStep id="endgueltig" action=FinaliseMinutes::PATH
                        question=t_string!(i18n, minutes_finalise_question).to_string()
                        consequence=t_string!(i18n, minutes_finalise_hint).to_string()
                        confirm=t_string!(i18n, minutes_finalise_confirm).to_string()
                        cancel_href=base.clone()
                        fields=vec![("meeting", s.id.to_string()), ("version", data.version.to_string())] />
                })}
                {(data.held && !ask_finalise).then(|| view! {
                    <form method="post" action=FinaliseMinutes::PATH class="form">
                        <input type="hidden" name="meeting" value=s.id.to_string() />
                        <input type="hidden" name="version" value=data.version.to_string() />
                        <p class="hint">{t!(i18n, minutes_finalise_hint)}</p>
                        <div class="actions"><button type="submit">{t!(i18n, minutes_finalise)}</button></div>
                    </form>
                })}
                {(!data.held).then(|| view! { <p class="hint">{t!(i18n, minutes_not_held)}</p> })}
            </section>
        })}
        {(data.manages && data.state == MinutesState::Final).then(|| view! {
            <section aria-labelledby="genehmigung">
                <h2 id="genehmigung">{t!(i18n, minutes_approve_title)}</h2>
                {if data.approvers.is_empty() {
                    view! { <p>{t!(i18n, minutes_no_approver)}</p> }.into_any()
                } else {
                    view! {
                        <form method="post" action=ApproveMinutes::PATH class="form">
                            <input type="hidden" name="meeting" value=s.id.to_string() />
                            <input type="hidden" name="version" value=data.version.to_string() />
                            <div class="field">
                                <label for="minutes-approving">{t!(i18n, minutes_approving)}</label>
                                <select id="minutes-approving" name="approving">
                                    {data.approvers.iter().map(|a| view! {
                                        <option value=a.id.to_string()>{a.label.clone()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="actions"><button type="submit">{t!(i18n, minutes_approve)}</button></div>
                        </form>
                    }.into_any()
                }}
            </section>
        })}
        <Document document=data.document.clone() />
    }
    .into_any()
}

/// The minutes as a document (the same structure as the Markdown and PDF exports).
#[component]
pub fn Document(document: MinutesDocument) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="minutes-document" aria-labelledby="niederschrift">
            <h2 id="niederschrift">{format!("Niederschrift: {}", document.meeting_title)}</h2>
            <dl class="facts">
                <dt>"Gremium"</dt><dd>{document.committee.clone()}</dd>
                <dt>"Sitzung"</dt><dd>{document.when.clone()}</dd>
                {document.place.clone().map(|p| view! { <dt>"Ort"</dt><dd>{p}</dd> })}
                <dt>"Stand"</dt><dd>{document.state.german()}</dd>
            </dl>
            {document.approval.clone().map(|a| view! { <p><em>{a}</em></p> })}
            <h3>{t!(i18n, attendance_title)}</h3>
            <ul>
                {document.attendance.iter().map(|a| view! {
                    <li>{a.name.clone()}{a.organization.clone().map(|o| format!(" ({o})"))}": " {a.presence.clone()}</li>
                }).collect_view()}
            </ul>
            <p>{document.quorum.clone()}</p>
            {(!document.opening.is_empty()).then(|| view! { <p class="prewrap">{document.opening.clone()}</p> })}
            {document.items.iter().map(|item| view! {
                <section class="minutes-item">
                    <h3>{format!("{} {}", item.number, item.title)}
                        {(!item.public).then(|| view! { " " <span class="badge">{t!(i18n, agenda_internal)}</span> })}
                    </h3>
                    {(!item.notes.is_empty()).then(|| view! { <p class="prewrap">{item.notes.clone()}</p> })}
                    {item.decisions.iter().map(|d| view! {
                        <div class="decision">
                            <h4>{format!("{} {}", d.kind.german(), d.number)}</h4>
                            <p class="prewrap">{d.text.clone()}</p>
                            {d.votes.map(|v| view! { <p>{format!("Abstimmung: {}", votes_line(v))}</p> })}
                            {(!d.demands.is_empty()).then(|| view! {
                                <p>"Bewegte Bedarfe:"</p>
                                <ul>
                                    {d.demands.iter().map(|m| view! {
                                        <li><a href=format!("/bedarfe/{}", m.id)>{m.line()}</a></li>
                                    }).collect_view()}
                                </ul>
                            })}
                            {(!d.tasks.is_empty()).then(|| view! {
                                <ul>
                                    {d.tasks.iter().map(|t| view! {
                                        <li>{format!("{} — {}, fällig am {}", t.title, t.owner, t.due)}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                        </div>
                    }).collect_view()}
                </section>
            }).collect_view()}
            {(!document.closing.is_empty()).then(|| view! { <p class="prewrap">{document.closing.clone()}</p> })}
        </article>
    }
    .into_any()
}

#[component]
pub fn DecisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let decision = route_resource(load_decision);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match decision.await {
                    Ok(data) => view! { <Decision data /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, decisions_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

pub fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: DecisionKind) -> String {
    match kind {
        DecisionKind::Resolution => t_string!(i18n, decision_resolution),
        DecisionKind::Recommendation => t_string!(i18n, decision_recommendation),
        DecisionKind::Notice => t_string!(i18n, decision_notice),
        DecisionKind::Deferral => t_string!(i18n, decision_deferral),
    }
    .to_string()
}

#[component]
fn Decision(data: DecisionView) -> impl IntoView {
    let i18n = use_i18n();
    let d = data.decision.clone();
    let heading = format!("{} {}", kind_label(i18n, d.kind), d.number);
    view! {
        <PageTitle text=heading.clone() />
        <h1>{heading}</h1>
        <dl class="facts">
            <dt>{t!(i18n, decision_meeting)}</dt>
            <dd><a href=format!("/sitzungen/{}", data.meeting.id)>{data.meeting.title.clone()}</a></dd>
            <dt>{t!(i18n, decision_item)}</dt>
            <dd>{format!("TOP {} {}", data.item_number, data.item_title)}</dd>
        </dl>
        <p class="prewrap">{d.text.clone()}</p>
        {d.votes.map(|v| view! {
            <p>{t_string!(i18n, decision_vote_line, yes = v.yes, no = v.no, abstain = v.abstain).to_string()}</p>
        })}
        {(!data.moves.is_empty()).then(|| view! {
            <h2>{t!(i18n, decision_moved_demands)}</h2>
            <ul>
                {data.moves.iter().map(|m| view! { <li><DemandMoveLine moved=m.clone() /></li> }).collect_view()}
            </ul>
        })}
        {(!data.tasks.is_empty()).then(|| view! {
            <h2>{t!(i18n, tasks_title)}</h2>
            <TaskTable tasks=data.tasks.clone() today=None editable=false caption=t_string!(i18n, tasks_of_decision).to_string() />
        })}
    }
    .into_any()
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let tasks = Resource::new(|| (), |()| load_tasks());
    view! {
        <PageTitle text=move || t_string!(i18n, tasks_title).to_string() />
        <h1>{t!(i18n, tasks_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match tasks.await {
                    Ok(list) => view! { <Tasks list /> }.into_any(),
                    Err(error) => view! { <AccessNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Tasks(list: TaskList) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetTaskStatus>::new();
    let (error, _) = outcome(action.value().get_untracked());
    let late = list
        .mine
        .iter()
        .filter(|t| t.is_overdue(list.today))
        .count();
    view! {
        <FormAlert error />
        {(late > 0).then(|| view! {
            <p class="notice notice--error" role="status">{t_string!(i18n, tasks_overdue_count, count = late).to_string()}</p>
        })}
        <h2>{t!(i18n, tasks_mine)}</h2>
        {if list.mine.is_empty() {
            view! { <p>{t!(i18n, tasks_none)}</p> }.into_any()
        } else {
            view! { <TaskTable tasks=list.mine.clone() today=Some(list.today) editable=true caption=t_string!(i18n, tasks_mine).to_string() /> }.into_any()
        }}
        {list.manages.then(|| view! {
            <h2>{t!(i18n, tasks_overdue)}</h2>
            {if list.overdue.is_empty() {
                view! { <p>{t!(i18n, tasks_none_overdue)}</p> }.into_any()
            } else {
                view! { <TaskTable tasks=list.overdue.clone() today=Some(list.today) editable=true caption=t_string!(i18n, tasks_overdue).to_string() /> }.into_any()
            }}
        })}
    }
    .into_any()
}

fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: TaskStatus) -> String {
    match status {
        TaskStatus::Open => t_string!(i18n, task_open),
        TaskStatus::InProgress => t_string!(i18n, task_in_progress),
        TaskStatus::Done => t_string!(i18n, task_done),
    }
    .to_string()
}

#[component]
fn TaskTable(
    tasks: Vec<Task>,
    today: Option<chrono::NaiveDate>,
    editable: bool,
    caption: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, task_title)}</th>
                        <th scope="col">{t!(i18n, task_decision)}</th>
                        <th scope="col">{t!(i18n, task_owner)}</th>
                        <th scope="col">{t!(i18n, task_due)}</th>
                        <th scope="col">{t!(i18n, task_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {tasks.into_iter().map(|t| {
                        let late = today.is_some_and(|d| t.is_overdue(d));
                        let select_id = format!("task-{}-status", t.id);
                        view! {
                            <tr>
                                <th scope="row">{t.title.clone()}</th>
                                <td><a href=format!("/beschluesse/{}", t.decision_id)>{t.decision_number.clone()}</a></td>
                                <td>{t.owner_label.clone()}</td>
                                <td>
                                    {t.due.format("%d.%m.%Y").to_string()}
                                    {late.then(|| view! { " " <span class="badge badge--late">{t!(i18n, task_overdue)}</span> })}
                                </td>
                                <td>
                                    {if editable {
                                        view! {
                                            <form method="post" action=SetTaskStatus::PATH class="inline-form">
                                                <input type="hidden" name="task" value=t.id.to_string() />
                                                <input type="hidden" name="version" value=t.version.to_string() />
                                                <label for=select_id.clone() class="visually-hidden">
                                                    {t_string!(i18n, task_status_of, title = t.title.clone()).to_string()}
                                                </label>
                                                <select id=select_id name="status">
                                                    {TaskStatus::ALL.into_iter().map(|s| view! {
                                                        <option value=s.as_str() selected=s == t.status>{status_label(i18n, s)}</option>
                                                    }).collect_view()}
                                                </select>
                                                " "
                                                <button type="submit" class="button--small"
                                                    aria-label=format!("{}: {}", t_string!(i18n, task_status_save), t.title)>
                                                    {t!(i18n, task_status_save)}
                                                </button>
                                            </form>
                                        }.into_any()
                                    } else {
                                        view! { <span>{status_label(i18n, t.status)}</span> }.into_any()
                                    }}
                                    {t.done_by.clone().map(|by| view! {
                                        <br /><span class="muted">{t_string!(i18n, task_done_by, name = by).to_string()}</span>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// "Bedarf #10 „Titel“: eingereicht → angenommen", the demand linked.
#[component]
pub fn DemandMoveLine(moved: DemandMove) -> impl IntoView {
    use crate::pages::demands::labels::status_text;
    let i18n = use_i18n();
    view! {
        <a href=format!("/bedarfe/{}", moved.demand_id)>{format!("#{} „{}“", moved.demand_id, moved.title)}</a>
        {format!(": {} → {}", status_text(i18n, moved.from), status_text(i18n, moved.to))}
    }
}
