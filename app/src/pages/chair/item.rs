//! The chair's panel for the current agenda item: notes, decisions with their demand moves,
//! and tasks.

use gremium::domain::decisions::{Decision, DecisionKind};
use gremium::domain::form::FormErrors;
use gremium::domain::live::LiveItem;
use gremium::domain::tasks::Task;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{kind_label, time_line};
use crate::api::meeting::{AddTask, RecordDecision, SaveNotes};
use crate::components::form::{FormAlert, outcome, problem_text, textarea_text};
use crate::i18n::*;
use crate::islands::notes::{NotesKeeper, NotesSetup};
use crate::pages::demands::labels::status_text;
use gremium::domain::demands::{DemandStatus, ItemDemand};

/// One item's notes, decisions and tasks: the current item in live mode, every item after the
/// meeting.
#[component]
pub(super) fn ItemPanel(
    item: LiveItem,
    meeting: i64,
    version: i64,
    decisions: Vec<Decision>,
    tasks: Vec<Task>,
    owners: Vec<crate::api::meeting::OwnerChoice>,
    demands: Vec<ItemDemand>,
    locked: bool,
    live: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let notes_action = ServerAction::<SaveNotes>::new();
    let decision_action = ServerAction::<RecordDecision>::new();
    let (notes_error, notes_form) = outcome(notes_action.value().get_untracked());
    let (decision_error, decision_form) = outcome(decision_action.value().get_untracked());
    let id = item.id;
    let mine = |form: &FormErrors| form.value("item") == Some(id.to_string().as_str());
    let notes_error = notes_error.filter(|_| mine(&notes_form));
    let decision_kept = mine(&decision_form);
    let decision_error = decision_error.filter(|_| decision_kept);
    let notes = if notes_error.is_some() {
        notes_form.value("notes").unwrap_or_default().to_owned()
    } else {
        item.notes.clone()
    };
    let heading_id = format!("punkt-{id}");
    let notes_id = if live {
        "live-notes".to_owned()
    } else {
        format!("notes-{id}")
    };
    let storage_key = format!("gremium-notes-{meeting}-{id}");
    let item_decisions: Vec<Decision> = decisions.into_iter().filter(|d| d.item_id == id).collect();
    let value = |name: &str| {
        if decision_kept {
            decision_form.value(name).unwrap_or_default().to_owned()
        } else {
            String::new()
        }
    };
    let decision_problem = |name: &str| {
        if decision_kept {
            decision_form.problem(name)
        } else {
            None
        }
    };
    let prefix = format!("d-{id}");
    let text_problem = decision_problem("text");
    let yes_problem = decision_problem("yes");
    let kind_value = value("kind");
    let item_demands: Vec<ItemDemand> = demands.into_iter().filter(|d| d.item_id == id).collect();
    let demand_fields = (!item_demands.is_empty()).then(|| {
        // The demand the item came from is preselected: a chair who does not look must not
        // record a decision that silently leaves it unchanged.
        let chosen = if decision_kept {
            value("demand")
        } else {
            item_demands.first().map(|d| d.demand_id.to_string()).unwrap_or_default()
        };
        let to = value("to");
        let field = |name: &'static str, label: String, kind: &'static str| {
            let field_id = format!("{prefix}-{name}");
            let problem = decision_problem(name);
            let error_id = format!("{field_id}-error");
            view! {
                <div class="field" class:field--error=problem.is_some()>
                    <label for=field_id.clone()>{label}</label>
                    {problem.map(|p| view! { <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p> })}
                    <input id=field_id name=name type=kind value=value(name)
                        aria-invalid=problem.map(|_| "true") aria-describedby=problem.map(|_| error_id.clone()) />
                </div>
            }
        };
        let to_problem = decision_problem("to");
        view! {
            <fieldset class="demand-move">
                <legend>{t!(i18n, decision_demand_legend)}</legend>
                <p class="hint">{t!(i18n, decision_demand_hint)}</p>
                <p class="hint">{t!(i18n, decision_demand_preselected)}</p>
                <div class="field">
                    <label for=format!("{prefix}-demand")>{t!(i18n, decision_demand)}</label>
                    <select id=format!("{prefix}-demand") name="demand">
                        <option value="">{t!(i18n, decision_demand_none)}</option>
                        {item_demands.iter().map(|d| {
                            let key = d.demand_id.to_string();
                            view! { <option value=key.clone() selected=chosen == key>{format!("#{} {}", d.demand_id, d.title)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:field--error=to_problem.is_some()>
                    <label for=format!("{prefix}-to")>{t!(i18n, demand_new_status)}</label>
                    {to_problem.map(|p| view! { <p id=format!("{prefix}-to-error") class="field-error">{problem_text(i18n, p)}</p> })}
                    <select id=format!("{prefix}-to") name="to" aria-invalid=to_problem.map(|_| "true")
                        aria-describedby=to_problem.map(|_| format!("{prefix}-to-error"))>
                        {[DemandStatus::Accepted, DemandStatus::InProgress, DemandStatus::Forwarded, DemandStatus::Resolved, DemandStatus::Declined]
                            .into_iter().map(|s| view! {
                                <option value=s.as_str() selected=to == s.as_str()>{status_text(i18n, s)}</option>
                            }).collect_view()}
                    </select>
                </div>
                {field("body", t_string!(i18n, demand_field_body).to_string(), "text")}
                {field("reference", t_string!(i18n, demand_field_reference).to_string(), "text")}
                {field("follow_up", t_string!(i18n, demand_field_follow_up).to_string(), "date")}
                {field("reason", t_string!(i18n, demand_field_reason).to_string(), "text")}
            </fieldset>
        }
    });
    let form_id = format!("notes-{id}");
    let keeper = NotesSetup {
        form: form_id.clone(),
        key: storage_key,
        server_notes: item.notes.clone(),
        meeting,
        version,
        item: id,
        restored: t_string!(i18n, notes_restored).to_string(),
        retrying: t_string!(i18n, notes_retrying).to_string(),
    };
    view! {
        <section class="item-panel" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>
                {if live { t_string!(i18n, live_current).to_string() + ": " } else { String::new() }}
                {format!("TOP {} {}", item.number, item.title)}
            </h2>
            <p class="muted">{time_line(i18n, &item)}</p>
            <form method="post" action=SaveNotes::PATH class="form" id=form_id>
                <FormAlert error=notes_error.clone() />
                <NotesKeeper setup=keeper />
                <input type="hidden" name="meeting" value=meeting.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <input type="hidden" name="item" value=id.to_string() />
                <div class="field">
                    <label for=notes_id.clone()>{t_string!(i18n, notes_label, number = item.number.clone()).to_string()}</label>
                    <p class="hint" id=format!("{notes_id}-hint")>{t!(i18n, notes_hint)}</p>
                    <textarea id=notes_id.clone() name="notes" rows="6"
                        readonly=locked aria-describedby=format!("{notes_id}-hint")>{textarea_text(&notes)}</textarea>
                </div>
                {(!locked).then(|| view! {
                    <div class="actions">
                        <button type="submit">{t_string!(i18n, notes_save).to_string()}</button>
                    </div>
                })}
            </form>
            {item_decisions.iter().cloned().map(|d| {
                let decision_tasks: Vec<Task> = tasks.iter().filter(|t| t.decision_id == d.id).cloned().collect();
                view! { <DecisionBlock decision=d tasks=decision_tasks owners=owners.clone() meeting locked /> }
            }).collect_view()}
            {(!locked).then(|| view! {
                <form method="post" action=RecordDecision::PATH class="form decision-form">
                    <h3>{t_string!(i18n, decision_new, number = item.number.clone()).to_string()}</h3>
                    <FormAlert error=decision_error.clone() />
                    <input type="hidden" name="meeting" value=meeting.to_string() />
                    <input type="hidden" name="item" value=id.to_string() />
                    <div class="field">
                        <label for=format!("{prefix}-kind")>{t!(i18n, decision_kind)}</label>
                        <select id=format!("{prefix}-kind") name="kind">
                            {DecisionKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str() selected=kind_value == k.as_str()>{kind_label(i18n, k)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field" class:field--error=text_problem.is_some()>
                        <label for=format!("{prefix}-text")>{t!(i18n, decision_text)}</label>
                        {text_problem.map(|p| view! { <p id=format!("{prefix}-text-error") class="field-error">{problem_text(i18n, p)}</p> })}
                        <textarea id=format!("{prefix}-text") name="text" rows="3" required=true
                            aria-invalid=text_problem.map(|_| "true")
                            aria-describedby=text_problem.map(|_| format!("{prefix}-text-error"))>{textarea_text(&value("text"))}</textarea>
                    </div>
                    <fieldset class="votes" aria-describedby=format!("{prefix}-votes-hint")>
                        <legend>{t!(i18n, decision_votes)}</legend>
                        <p class="hint" id=format!("{prefix}-votes-hint")>{t!(i18n, decision_votes_hint)}</p>
                        {yes_problem.map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
                        {[("yes", t_string!(i18n, decision_yes).to_string()), ("no", t_string!(i18n, decision_no).to_string()), ("abstain", t_string!(i18n, decision_abstain).to_string())]
                            .into_iter().map(|(name, label)| {
                                let field_id = format!("{prefix}-{name}");
                                let problem = decision_problem(name);
                                view! {
                                    <span class="vote-field">
                                        <label for=field_id.clone()>{label}</label>
                                        <input id=field_id name=name type="number" min="0" max="1000" inputmode="numeric"
                                            value=value(name) aria-invalid=problem.map(|_| "true") />
                                    </span>
                                }
                            }).collect_view()}
                    </fieldset>
                    {demand_fields}
                    <div class="actions">
                        <button type="submit">{t_string!(i18n, decision_save).to_string()}</button>
                    </div>
                </form>
            })}
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn DecisionBlock(
    decision: Decision,
    tasks: Vec<Task>,
    owners: Vec<crate::api::meeting::OwnerChoice>,
    meeting: i64,
    locked: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddTask>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let id = decision.id;
    let kept = form.value("decision") == Some(id.to_string().as_str());
    let error = error.filter(|_| kept);
    let value = |name: &str| {
        if kept {
            form.value(name).unwrap_or_default().to_owned()
        } else {
            String::new()
        }
    };
    let problem = |name: &str| if kept { form.problem(name) } else { None };
    let prefix = format!("t-{id}");
    let owner_value = value("owner");
    let (title_problem, owner_problem, due_problem) =
        (problem("title"), problem("owner"), problem("due"));
    view! {
        <div class="decision">
            <h3>
                <a href=format!("/beschluesse/{id}")>{format!("{} {}", kind_label(i18n, decision.kind), decision.number)}</a>
            </h3>
            <p class="prewrap">{decision.text.clone()}</p>
            {decision.votes.map(|v| view! {
                <p>{t_string!(i18n, decision_vote_line, yes = v.yes, no = v.no, abstain = v.abstain).to_string()}</p>
            })}
            {(!tasks.is_empty()).then(|| view! {
                <ul class="task-list">
                    {tasks.into_iter().map(|t| view! {
                        <li>{t.title.clone()} " — " {t.owner_label.clone()} ", "
                            {t_string!(i18n, task_due_on, date = t.due.format("%d.%m.%Y").to_string()).to_string()}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!locked).then(|| view! {
                <details open=kept>
                    <summary>{t_string!(i18n, task_new_for, number = decision.number.clone()).to_string()}</summary>
                    <form method="post" action=AddTask::PATH class="form">
                        <FormAlert error=error.clone() />
                        <input type="hidden" name="meeting" value=meeting.to_string() />
                        <input type="hidden" name="decision" value=id.to_string() />
                        <TaskInput id=format!("{prefix}-title") name="title" label=t_string!(i18n, task_title).to_string()
                            value=value("title") problem=title_problem kind="text" />
                        <div class="field" class:field--error=owner_problem.is_some()>
                            <label for=format!("{prefix}-owner")>{t!(i18n, task_owner)}</label>
                            {owner_problem.map(|p| view! { <p class="field-error" id=format!("{prefix}-owner-error")>{problem_text(i18n, p)}</p> })}
                            <select id=format!("{prefix}-owner") name="owner" aria-invalid=owner_problem.map(|_| "true")
                                aria-describedby=owner_problem.map(|_| format!("{prefix}-owner-error"))>
                                <option value="">{t!(i18n, task_owner_choose)}</option>
                                {owners.iter().map(|o| view! {
                                    <option value=o.key.clone() selected=owner_value == o.key>{o.label.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <TaskInput id=format!("{prefix}-due") name="due" label=t_string!(i18n, task_due).to_string()
                            value=value("due") problem=due_problem kind="date" />
                        <div class="actions">
                            <button type="submit">{t_string!(i18n, task_save).to_string()}</button>
                        </div>
                    </form>
                </details>
            })}
        </div>
    }
    .into_any()
}

/// A labelled input with a dynamic id (the shared `Field` takes static ids).
#[component]
pub(super) fn TaskInput(
    id: String,
    name: &'static str,
    label: String,
    value: String,
    problem: Option<gremium::domain::form::Problem>,
    kind: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--error=problem.is_some()>
            <label for=id.clone()>{label}</label>
            {problem.map(|p| view! { <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p> })}
            <input id=id name=name type=kind value=value required=true
                aria-invalid=problem.map(|_| "true")
                aria-describedby=problem.map(|_| error_id.clone()) />
        </div>
    }
}
