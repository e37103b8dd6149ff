//! Running a meeting: the chair's screen (attendance with the quorum, live mode with the current
//! item, its time against the plan, notes, decisions and tasks; keyboard shortcuts) and the
//! members' live view that follows the current item. Every action is a plain form, so all of
//! it works without JavaScript; with it, shortcuts, a ticking timer, notes kept in the browser
//! while the connection is lost, and the live view refreshing itself are added.

use gremium::domain::attendance::{AttendanceRow, Presence};
use gremium::domain::decisions::DecisionKind;
use gremium::domain::live::{LiveItem, clock};
use gremium::domain::minutes::MinutesState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::meeting::{FinishMeeting, GoToItem, MeetingView, RecordAttendance, load_meeting};
use crate::components::form::{ConfirmStep, FormAlert, error_text, outcome, problem_text};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::i18n::*;
use crate::islands::shortcuts::ChairShortcuts;

mod follow;
mod item;

use follow::Follow;
pub use follow::LivePage;
use item::ItemPanel;

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
fn Chair(data: MeetingView) -> impl IntoView {
    let i18n = use_i18n();
    let s = data.meeting.clone();
    let heading = format!("{}: {}", t_string!(i18n, chair_title), s.title);
    let live_actions = [
        ServerAction::<GoToItem>::new().value().get_untracked(),
        ServerAction::<FinishMeeting>::new().value().get_untracked(),
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
    let started = data.live.status == gremium::domain::calendar::MeetingStatus::InProgress;
    let next = data.live.next_item();
    let previous = data.live.previous_item();
    let version = data.live.version;
    let meeting = s.id;
    let current = data.live.current_item().cloned();
    let locked = data.minutes != MinutesState::Draft;
    // "?beenden" asks whether to end the meeting (the step before the irreversible one).
    let query = use_query_map();
    let running = started || current.is_some();
    let confirm_finish = move || running && query.read().get("beenden").is_some();
    view! {
        <ChairShortcuts />
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
            <AttendanceTable roster=data.roster.clone() meeting />
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
                        <LiveButton path=GoToItem::PATH meeting version item=Some(item) id="live-previous"
                            label=t_string!(i18n, live_previous).to_string() />
                    })}
                    {next.map(|item| view! {
                        <LiveButton path=GoToItem::PATH meeting version item=Some(item) id="live-next"
                            label=if started || current.is_some() { t_string!(i18n, live_next).to_string() } else { t_string!(i18n, live_begin).to_string() } />
                    })}
                    {(started || current.is_some()).then(|| view! {
                        // Ending is irreversible: the button leads to a confirmation step.
                        <a class="button" id="live-finish" href=format!("/sitzungen/{meeting}/leitung?beenden#beenden")>
                            {t!(i18n, live_finish)}
                        </a>
                    })}
                </div>
                {move || confirm_finish().then(|| view! {
                    <ConfirmStep id="beenden" action=FinishMeeting::PATH
                        question=t_string!(i18n, live_finish_question).to_string()
                        consequence=t_string!(i18n, live_finish_consequence).to_string()
                        confirm=t_string!(i18n, live_finish_confirm).to_string()
                        cancel_href=format!("/sitzungen/{meeting}/leitung")
                        fields=vec![("meeting", meeting.to_string()), ("version", version.to_string())] />
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
                                " " <LiveButton path=GoToItem::PATH meeting version item=Some(item.id) id=""
                                    label=t_string!(i18n, live_call).to_string() title />
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        {current.clone().map(|item| view! {
            <ItemPanel item meeting version decisions=data.decisions.clone() tasks=data.tasks.clone()
                owners=data.owners.clone() demands=data.demands.clone() locked live=true />
        })}
        {(!runnable).then(|| view! {
            <section aria-labelledby="nacharbeit">
                <h2 id="nacharbeit">{t!(i18n, chair_items)}</h2>
                {data.live.items.iter().cloned().map(|item| view! {
                    <ItemPanel item meeting version decisions=data.decisions.clone() tasks=data.tasks.clone()
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
    meeting: i64,
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
            <input type="hidden" name="meeting" value=meeting.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            {item.map(|item| view! { <input type="hidden" name="item" value=item.to_string() /> })}
            <button type="submit" id=(!id.is_empty()).then_some(id) aria-label=name
                class:button--small=id.is_empty()>{label.clone()}</button>
        </form>
    }
}

#[component]
fn AttendanceTable(roster: Vec<AttendanceRow>, meeting: i64) -> impl IntoView {
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
                                        <input type="hidden" name="meeting" value=meeting.to_string() />
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
