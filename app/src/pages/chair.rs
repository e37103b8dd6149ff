//! Running a session: the chair's screen (attendance with the quorum, live mode with the current
//! item, its time against the plan, notes, decisions and tasks; keyboard shortcuts) and the
//! members' live view that follows the current item. Every action is a plain form, so all of
//! it works without JavaScript; with it, shortcuts, a ticking timer, notes kept in the browser
//! while the connection is lost, and the live view refreshing itself are added.

use gremium::domain::attendance::{AttendanceRow, Presence};
use gremium::domain::decisions::{Decision, DecisionKind};
use gremium::domain::form::FormErrors;
use gremium::domain::live::{LiveItem, clock};
use gremium::domain::minutes::MinutesState;
use gremium::domain::tasks::Task;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::meeting::{
    AddTask, FinishSession, GoToItem, MeetingView, RecordAttendance, RecordDecision, SaveNotes,
    load_meeting,
};
use crate::components::form::{
    ConfirmStep, FormAlert, error_text, outcome, problem_text, textarea_text,
};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::demands::labels::status_text;
use gremium::domain::demands::{DemandStatus, ItemDemand};

#[component]
pub fn ChairPage() -> impl IntoView {
    let i18n = use_i18n();
    let meeting = route_resource(load_meeting);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match meeting.await {
                    Ok(data) if data.manages => view! { <Chair data /> }.into_any(),
                    Ok(data) => view! { <Follow data /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, chair_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The members' read-only live view.
#[component]
pub fn LivePage() -> impl IntoView {
    let i18n = use_i18n();
    let meeting = route_resource(load_meeting);
    // With JavaScript the view refreshes itself every ten seconds; without, the reader reloads
    // it with the link (an automatic reload would take control away from them: WCAG 2.2.1).
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || meeting.refetch(),
            std::time::Duration::from_secs(10),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    view! {
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match meeting.await {
                    Ok(data) => view! { <Follow data /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, live_title).to_string() error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn presence_label(i18n: leptos_i18n::I18nContext<Locale>, presence: Option<Presence>) -> String {
    match presence {
        Some(Presence::Present) => t_string!(i18n, presence_present),
        Some(Presence::Excused) => t_string!(i18n, presence_excused),
        Some(Presence::Absent) => t_string!(i18n, presence_absent),
        Some(Presence::Represented) => t_string!(i18n, presence_represented),
        None => t_string!(i18n, presence_none),
    }
    .to_string()
}

fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: DecisionKind) -> String {
    match kind {
        DecisionKind::Resolution => t_string!(i18n, decision_resolution),
        DecisionKind::Recommendation => t_string!(i18n, decision_recommendation),
        DecisionKind::Notice => t_string!(i18n, decision_notice),
        DecisionKind::Deferral => t_string!(i18n, decision_deferral),
    }
    .to_string()
}

/// "3:20 von 10 Min." for an item.
fn time_line(i18n: leptos_i18n::I18nContext<Locale>, item: &LiveItem) -> String {
    t_string!(
        i18n,
        live_time,
        spent = clock(item.elapsed),
        planned = item.minutes
    )
    .to_string()
}

#[component]
fn Follow(data: MeetingView) -> impl IntoView {
    let i18n = use_i18n();
    let s = data.session.clone();
    let heading = format!("{}: {}", t_string!(i18n, live_title), s.title);
    let current = data.live.current_item().cloned();
    view! {
        <PageTitle text=heading.clone() />
        <p><a href=format!("/sitzungen/{}", s.id)>{t!(i18n, agenda_back)}</a></p>
        <h1>{heading}</h1>
        <p role="status" class="notice">
            {match &current {
                Some(item) => t_string!(i18n, live_now, number = item.number.clone(), title = item.title.clone()).to_string(),
                None if data.live.status == gremium::domain::calendar::SessionStatus::InProgress => t_string!(i18n, live_between).to_string(),
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
fn DecisionList(decisions: Vec<Decision>, items: Vec<LiveItem>) -> impl IntoView {
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

#[component]
fn Chair(data: MeetingView) -> impl IntoView {
    let i18n = use_i18n();
    let s = data.session.clone();
    let heading = format!("{}: {}", t_string!(i18n, chair_title), s.title);
    let live_actions = [
        ServerAction::<GoToItem>::new().value().get_untracked(),
        ServerAction::<FinishSession>::new().value().get_untracked(),
    ];
    let live_error = live_actions.into_iter().flatten().find_map(Result::err);
    let q = data.quorum;
    let quorum_text = t_string!(
        i18n,
        quorum_line,
        voting = q.voting,
        seats = q.seats,
        required = q.required
    )
    .to_string();
    let reached = q.reached();
    let runnable = data.live.runnable();
    let started = data.live.status == gremium::domain::calendar::SessionStatus::InProgress;
    let next = data.live.next_item();
    let previous = data.live.previous_item();
    let version = data.live.version;
    let session = s.id;
    let current = data.live.current_item().cloned();
    let locked = data.minutes != MinutesState::Draft;
    // "?beenden" asks whether to end the session (the step before the irreversible one); with
    // JavaScript the link is a client-side navigation, so the question follows the URL.
    let query = use_query_map();
    let running = started || current.is_some();
    let confirm_finish = move || running && query.read().get("beenden").is_some();
    // Keyboard shortcuts (with JavaScript): Alt+Shift+N next item, Alt+Shift+P previous item,
    // Alt+Shift+E end the session, Alt+Shift+K focus the notes. Each presses the visible button.
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::keydown, |ev| {
            if !(ev.alt_key() && ev.shift_key()) {
                return;
            }
            let target = match ev.code().as_str() {
                "KeyN" => "live-next",
                "KeyP" => "live-previous",
                "KeyE" => "live-finish",
                "KeyK" => "live-notes",
                _ => return,
            };
            if let Some(element) = document().get_element_by_id(target) {
                ev.prevent_default();
                use wasm_bindgen::JsCast;
                if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                    if target == "live-notes" {
                        let _ = element.focus();
                    } else {
                        element.click();
                    }
                }
            }
        });
        on_cleanup(move || handle.remove());
    });
    view! {
        <PageTitle text=heading.clone() />
        <p><a href=format!("/sitzungen/{}", s.id)>{t!(i18n, agenda_back)}</a></p>
        <h1>{heading}</h1>
        <p>
            <a href=format!("/sitzungen/{}/niederschrift", s.id)>{t!(i18n, minutes_open)}</a>
            " · "
            <a href=format!("/sitzungen/{}/live", s.id)>{t!(i18n, live_open)}</a>
        </p>
        {locked.then(|| view! { <p class="notice">{t!(i18n, chair_locked)}</p> })}
        <section aria-labelledby="anwesenheit">
            <h2 id="anwesenheit">{t!(i18n, attendance_title)}</h2>
            <p role="status" class="notice" class:notice--error=!reached>
                {quorum_text}
            </p>
            <AttendanceTable roster=data.roster.clone() session />
        </section>
        <section aria-labelledby="ablauf">
            <h2 id="ablauf">{t!(i18n, live_title)}</h2>
            {live_error.map(|error| view! {
                <div class="notice notice--error" role="alert"><p>{error_text(i18n, &error)}</p></div>
            })}
            {runnable.then(|| view! {
                <p class="hint">{t!(i18n, live_shortcuts)}</p>
                <div class="actions live-controls">
                    {previous.map(|item| view! {
                        <LiveButton path=GoToItem::PATH session version item=Some(item) id="live-previous"
                            label=t_string!(i18n, live_previous).to_string() />
                    })}
                    {next.map(|item| view! {
                        <LiveButton path=GoToItem::PATH session version item=Some(item) id="live-next"
                            label=if started || current.is_some() { t_string!(i18n, live_next).to_string() } else { t_string!(i18n, live_begin).to_string() } />
                    })}
                    {(started || current.is_some()).then(|| view! {
                        // Ending is irreversible: the button leads to a confirmation step.
                        <a class="button" id="live-finish" href=format!("/sitzungen/{session}/leitung?beenden#beenden")>
                            {t!(i18n, live_finish)}
                        </a>
                    })}
                </div>
                {move || confirm_finish().then(|| view! {
                    <ConfirmStep id="beenden" action=FinishSession::PATH
                        question=t_string!(i18n, live_finish_question).to_string()
                        consequence=t_string!(i18n, live_finish_consequence).to_string()
                        confirm=t_string!(i18n, live_finish_confirm).to_string()
                        cancel_href=format!("/sitzungen/{session}/leitung")
                        fields=vec![("session", session.to_string()), ("version", version.to_string())] />
                })}
            })}
            <ol class="live-agenda">
                {data.live.items.iter().map(|item| {
                    let is_current = Some(item.id) == data.live.current;
                    let over = item.overrun();
                    let title = format!("TOP {} {}", item.number, item.title);
                    view! {
                        <li class:live-current=is_current aria-current=is_current.then_some("step")>
                            <span class="live-number">{format!("TOP {}", item.number)}</span>
                            " " {item.title.clone()}
                            " " <span class="muted" class:live-over=over>{time_line(i18n, item)}</span>
                            {over.then(|| view! { " " <span class="badge badge--late">{t!(i18n, live_overrun)}</span> })}
                            {(runnable && !is_current).then(|| view! {
                                " " <LiveButton path=GoToItem::PATH session version item=Some(item.id) id=""
                                    label=t_string!(i18n, live_call).to_string() title />
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        {current.clone().map(|item| view! {
            <ItemPanel item session version decisions=data.decisions.clone() tasks=data.tasks.clone()
                owners=data.owners.clone() demands=data.demands.clone() locked live=true />
        })}
        {(!runnable).then(|| view! {
            <section aria-labelledby="nacharbeit">
                <h2 id="nacharbeit">{t!(i18n, chair_items)}</h2>
                {data.live.items.iter().cloned().map(|item| view! {
                    <ItemPanel item session version decisions=data.decisions.clone() tasks=data.tasks.clone()
                        owners=data.owners.clone() demands=data.demands.clone() locked live=false />
                }).collect_view()}
            </section>
        })}
    }
    .into_any()
}

/// One button of live mode in its own small form.
#[component]
fn LiveButton(
    path: &'static str,
    session: i64,
    version: i64,
    item: Option<i64>,
    id: &'static str,
    label: String,
    /// Names the item for screen readers ("Aufrufen: TOP 2 …").
    #[prop(optional, into)]
    title: Option<String>,
) -> impl IntoView {
    let name = title.map(|t| format!("{label}: {t}"));
    view! {
        <form method="post" action=path class="inline-form">
            <input type="hidden" name="session" value=session.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            {item.map(|item| view! { <input type="hidden" name="item" value=item.to_string() /> })}
            <button type="submit" id=(!id.is_empty()).then_some(id) aria-label=name
                class:button--small=id.is_empty()>{label.clone()}</button>
        </form>
    }
}

#[component]
fn AttendanceTable(roster: Vec<AttendanceRow>, session: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RecordAttendance>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let refused_row = form.value("membership").and_then(|m| m.parse::<i64>().ok());
    let all = roster.clone();
    view! {
        <FormAlert error=error.clone() />
        <div class="table-wrap">
            <table class="data-table">
                <caption>{t!(i18n, attendance_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, attendance_person)}</th>
                        <th scope="col">{t!(i18n, attendance_role)}</th>
                        <th scope="col">{t!(i18n, attendance_status)}</th>
                        <th scope="col">{t!(i18n, attendance_record)}</th>
                    </tr>
                </thead>
                <tbody>
                    {roster.into_iter().map(|row| {
                        let id = row.membership_id;
                        let refused = refused_row == Some(id);
                        let problem = if refused { form.problem(&format!("presence-{id}")) } else { None };
                        let chosen = if refused { form.value("presence").and_then(Presence::parse) } else { row.presence };
                        let note = if refused { form.value("note").unwrap_or_default().to_owned() } else { row.note.clone().unwrap_or_default() };
                        let deputies: Vec<AttendanceRow> = all.iter().filter(|d| d.deputy_of == Some(id)).cloned().collect();
                        let role = match row.seat {
                            Some(seat) => t_string!(i18n, attendance_seat, bench = row.bench.clone(), seat = seat).to_string(),
                            None => t_string!(i18n, attendance_deputy, bench = row.bench.clone()).to_string(),
                        };
                        let select_id = format!("presence-{id}");
                        let note_id = format!("note-{id}");
                        let deputy_id = format!("deputy-{id}");
                        let error_id = format!("presence-{id}-error");
                        let name = row.name.clone();
                        view! {
                            <tr>
                                <th scope="row">
                                    {row.name.clone()}
                                    {row.organization.clone().map(|o| view! { <br /><span class="muted">{o}</span> })}
                                </th>
                                <td>{role}</td>
                                <td>{presence_label(i18n, row.presence)}</td>
                                <td>
                                    <form method="post" action=RecordAttendance::PATH class="attendance-form">
                                        <input type="hidden" name="session" value=session.to_string() />
                                        <input type="hidden" name="membership" value=id.to_string() />
                                        <input type="hidden" name="seen" value=row.presence.map(|p| p.as_str()).unwrap_or_default() />
                                        {problem.map(|p| view! { <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p> })}
                                        <label for=select_id.clone() class="visually-hidden">{t_string!(i18n, attendance_status_of, name = name.clone()).to_string()}</label>
                                        <select id=select_id.clone() name="presence"
                                            aria-invalid=problem.map(|_| "true")
                                            aria-describedby=problem.map(|_| error_id.clone())>
                                            // Unrecorded: nothing is preselected, so no one looks present.
                                            <option value="" selected=chosen.is_none()>{t!(i18n, attendance_choose)}</option>
                                            {Presence::ALL.into_iter()
                                                .filter(|p| *p != Presence::Represented || !deputies.is_empty())
                                                .map(|p| view! {
                                                    <option value=p.as_str() selected=chosen == Some(p)>{presence_label(i18n, Some(p))}</option>
                                                }).collect_view()}
                                        </select>
                                        {(!deputies.is_empty()).then(|| view! {
                                            <label for=deputy_id.clone() class="visually-hidden">{t_string!(i18n, attendance_deputy_of, name = name.clone()).to_string()}</label>
                                            <select id=deputy_id.clone() name="deputy">
                                                <option value="">{t!(i18n, attendance_no_deputy)}</option>
                                                {deputies.iter().map(|d| view! {
                                                    <option value=d.membership_id.to_string() selected=row.represented_by == Some(d.membership_id)>
                                                        {t_string!(i18n, attendance_by, name = d.name.clone()).to_string()}
                                                    </option>
                                                }).collect_view()}
                                            </select>
                                        })}
                                        <label for=note_id.clone() class="visually-hidden">{t_string!(i18n, attendance_note_of, name = name.clone()).to_string()}</label>
                                        <input id=note_id.clone() name="note" type="text" maxlength="300" value=note
                                            placeholder=t_string!(i18n, attendance_note).to_string() />
                                        <button type="submit" class="button--small"
                                            aria-label=format!("{}: {}", t_string!(i18n, attendance_save), name)>
                                            {t!(i18n, attendance_save)}
                                        </button>
                                    </form>
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

/// One item's notes, decisions and tasks: the current item in live mode, every item after the
/// session.
#[component]
fn ItemPanel(
    item: LiveItem,
    session: i64,
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
    let storage_key = format!("gremium-notes-{session}-{id}");
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
    let restored = RwSignal::new(false);
    let notes_ref = NodeRef::<leptos::html::Textarea>::new();
    // With JavaScript: what is typed is kept in the browser until the server has it, so notes
    // survive a lost connection and a reload; they come back into the field with a notice.
    {
        let key = storage_key.clone();
        let server_notes = item.notes.clone();
        Effect::new(move |_| {
            let Some(field) = notes_ref.get() else { return };
            let Ok(Some(storage)) = window().local_storage() else {
                return;
            };
            if let Ok(Some(kept)) = storage.get_item(&key) {
                if kept != server_notes {
                    field.set_value(&kept);
                    restored.set(true);
                } else {
                    let _ = storage.remove_item(&key);
                }
            }
        });
    }
    let keep_locally = {
        let key = storage_key.clone();
        move |ev: leptos::ev::Event| {
            if let Ok(Some(storage)) = window().local_storage() {
                let _ = storage.set_item(&key, &event_target_value(&ev));
            }
        }
    };
    // With JavaScript the notes are sent in the background: a lost connection is retried every
    // few seconds (the text stays in the field and in the browser); success reloads the page.
    let retrying = RwSignal::new(false);
    let refused = RwSignal::new(None::<AppError>);
    let send = move || {
        let notes = notes_ref
            .get_untracked()
            .map(|f| f.value())
            .unwrap_or_default();
        notes_action.dispatch(SaveNotes {
            session,
            version,
            item: id,
            notes,
        });
    };
    {
        let key = storage_key.clone();
        Effect::new(move |_| match notes_action.value().get() {
            Some(Ok(())) => {
                if let Ok(Some(storage)) = window().local_storage() {
                    let _ = storage.remove_item(&key);
                }
                let _ = window().location().reload();
            }
            Some(Err(AppError::ServerFn(_))) => {
                retrying.set(true);
                set_timeout(send, std::time::Duration::from_secs(5));
            }
            Some(Err(other)) => {
                retrying.set(false);
                refused.set(Some(other));
            }
            None => {}
        });
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        send();
    };
    view! {
        <section class="item-panel" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>
                {if live { t_string!(i18n, live_current).to_string() + ": " } else { String::new() }}
                {format!("TOP {} {}", item.number, item.title)}
            </h2>
            <p class="muted">{time_line(i18n, &item)}</p>
            <form method="post" action=SaveNotes::PATH class="form" on:submit=on_submit>
                <FormAlert error=notes_error.clone() />
                {move || restored.get().then(|| view! {
                    <p class="notice" role="status">{t!(i18n, notes_restored)}</p>
                })}
                {move || retrying.get().then(|| view! {
                    <p class="notice notice--error" role="alert">{t!(i18n, notes_retrying)}</p>
                })}
                {move || refused.get().map(|error| view! {
                    <div class="notice notice--error" role="alert"><p>{error_text(i18n, &error)}</p></div>
                })}
                <input type="hidden" name="session" value=session.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <input type="hidden" name="item" value=id.to_string() />
                <div class="field">
                    <label for=notes_id.clone()>{t_string!(i18n, notes_label, number = item.number.clone()).to_string()}</label>
                    <p class="hint" id=format!("{notes_id}-hint")>{t!(i18n, notes_hint)}</p>
                    <textarea id=notes_id.clone() name="notes" rows="6" node_ref=notes_ref
                        readonly=locked aria-describedby=format!("{notes_id}-hint")
                        on:input=keep_locally>{textarea_text(&notes)}</textarea>
                </div>
                {(!locked).then(|| view! {
                    <div class="actions">
                        <button type="submit">{t_string!(i18n, notes_save).to_string()}</button>
                    </div>
                })}
            </form>
            {item_decisions.iter().cloned().map(|d| {
                let decision_tasks: Vec<Task> = tasks.iter().filter(|t| t.decision_id == d.id).cloned().collect();
                view! { <DecisionBlock decision=d tasks=decision_tasks owners=owners.clone() session locked /> }
            }).collect_view()}
            {(!locked).then(|| view! {
                <form method="post" action=RecordDecision::PATH class="form decision-form">
                    <h3>{t_string!(i18n, decision_new, number = item.number.clone()).to_string()}</h3>
                    <FormAlert error=decision_error.clone() />
                    <input type="hidden" name="session" value=session.to_string() />
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
fn DecisionBlock(
    decision: Decision,
    tasks: Vec<Task>,
    owners: Vec<crate::api::meeting::OwnerChoice>,
    session: i64,
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
                        <input type="hidden" name="session" value=session.to_string() />
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
fn TaskInput(
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
