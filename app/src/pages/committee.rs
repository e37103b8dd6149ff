//! `/gremium`: the committee's members page — benches, seats, who holds them and who
//! deputises — and, for its chairs and admins, the form that adds a membership.

use gremium::domain::committee::{BenchSeats, CommitteeOverview};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::committee::{
    AddBench, AddMembership, MembershipChoices, SetBenchSeats, UpdateCommittee, load_committee,
    load_membership_choices,
};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome, problem_text};
use crate::components::page_title::PageTitle;
use crate::i18n::*;
use gremium::domain::committee::{BENCH_NAME_MAX, COMMITTEE_NAME_MAX};

#[component]
pub fn CommitteePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |()| load_committee());
    let choices = Resource::new(|| (), |()| load_membership_choices());
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let choices = choices.await.ok().flatten();
                        view! { <Overview overview choices /> }.into_any()
                    }
                    Err(error) => view! {
                        <PageTitle text=move || t_string!(i18n, nav_committee).to_string() />
                        <h1>{t!(i18n, nav_committee)}</h1>
                        <AccessNotice error />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: CommitteeOverview, choices: Option<MembershipChoices>) -> impl IntoView {
    let i18n = use_i18n();
    let name = overview.name.clone();
    let manages = choices.is_some();
    let edit = manages.then(|| view! { <CommitteeForm overview=overview.clone() /> });
    let committee_id = overview.id;
    view! {
        <PageTitle text=name.clone() />
        <h1>{name}</h1>
        <dl class="facts">
            {overview.chair_organization.clone().map(|org| view! {
                <dt>{t!(i18n, committee_chair_org)}</dt>
                <dd><a href=format!("/organisationen/{}", org.id)>{org.name}</a></dd>
            })}
            {(!overview.chairs.is_empty()).then(|| view! {
                <dt>{t!(i18n, committee_chairs)}</dt>
                <dd>
                    {overview.chairs.iter().map(|c| {
                        if c.is_deputy {
                            format!("{} ({})", c.person.name, t_string!(i18n, committee_deputy_chair))
                        } else {
                            c.person.name.clone()
                        }
                    }).collect::<Vec<_>>().join(", ")}
                </dd>
            })}
        </dl>
        {overview.benches.into_iter().map(|bench| view! { <BenchTable bench manages /> }).collect_view()}
        {choices.map(|choices| view! { <MembershipForm choices /> })}
        {manages.then(|| view! { <BenchForm committee_id /> })}
        {edit}
    }
}

#[component]
fn BenchTable(bench: BenchSeats, manages: bool) -> impl IntoView {
    let i18n = use_i18n();
    let seats_form = manages.then(|| view! { <SeatCountForm bench_id=bench.bench.id name=bench.bench.name.clone() seats=bench.bench.seats /> });
    let heading_id = format!("bank-{}", bench.bench.id);
    let labelled_by = heading_id.clone();
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=heading_id>
                {bench.bench.name.clone()} " "
                <span class="muted">
                    "(" {t_string!(i18n, committee_seats_count, count = bench.bench.seats).to_string()} ")"
                </span>
            </h2>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, committee_seat_col)}</th>
                        <th scope="col">{t!(i18n, committee_holder)}</th>
                        <th scope="col">{t!(i18n, committee_deputies)}</th>
                    </tr>
                </thead>
                <tbody>
                    {bench.seats.into_iter().map(|seat| view! {
                        <tr>
                            <th scope="row">{seat.number}</th>
                            <td>
                                {match seat.holder {
                                    Some(holder) => holder.name.into_any(),
                                    None => view! { <span class="muted">{t!(i18n, committee_vacant)}</span> }.into_any(),
                                }}
                            </td>
                            <td>
                                {seat.deputies.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ")}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {seats_form}
        </section>
    }
}

/// Name and chair organization, saved against the version the page was loaded with.
#[component]
fn CommitteeForm(overview: CommitteeOverview) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateCommittee>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let name = form
        .value("name")
        .map_or(overview.name.clone(), str::to_owned);
    let chair = form.value("chair_organization").map_or_else(
        || {
            overview
                .chair_organization
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_default()
        },
        str::to_owned,
    );
    view! {
        <section aria-labelledby="gremium-bearbeiten">
            <h2 id="gremium-bearbeiten">{t!(i18n, committee_edit_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=UpdateCommittee::PATH novalidate>
                <input type="hidden" name="committee_id" value=overview.id.to_string() />
                <input type="hidden" name="version" value=overview.version.to_string() />
                <Field
                    id="committee-name"
                    name="name"
                    label=t_string!(i18n, committee_name).to_string()
                    value=name
                    required=true
                    maxlength=COMMITTEE_NAME_MAX as u32
                    problem=form.problem("name")
                />
                <Field
                    id="committee-chair"
                    name="chair_organization"
                    label=t_string!(i18n, committee_chair_org_field).to_string()
                    hint=t_string!(i18n, invite_organization_hint).to_string()
                    value=chair
                    maxlength=200
                    problem=form.problem("chair_organization")
                />
                <div class="actions">
                    <button type="submit">{t!(i18n, committee_save)}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn BenchForm(committee_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddBench>::new();
    let (error, form) = outcome(action.value().get_untracked());
    view! {
        <section aria-labelledby="bank-neu">
            <h2 id="bank-neu">{t!(i18n, bench_add_title)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=AddBench::PATH novalidate>
                <input type="hidden" name="committee_id" value=committee_id.to_string() />
                <Field
                    id="bench-name"
                    name="name"
                    label=t_string!(i18n, bench_name).to_string()
                    value=form.value("bench_name").unwrap_or_default().to_owned()
                    required=true
                    maxlength=BENCH_NAME_MAX as u32
                    problem=form.problem("bench_name")
                />
                <Field
                    id="bench-seats"
                    name="seats"
                    kind="number"
                    label=t_string!(i18n, bench_seats).to_string()
                    value=form.value("bench_seats").unwrap_or_default().to_owned()
                    required=true
                    problem=form.problem("bench_seats")
                />
                <div class="actions">
                    <button type="submit">{t!(i18n, bench_add)}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn SeatCountForm(bench_id: i64, name: String, seats: u32) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetBenchSeats>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let field = format!("seats_{bench_id}");
    // The error belongs to this bench only if it names this bench's field.
    let problem = form.problem(&field);
    let error = error.filter(|_| problem.is_some());
    let value = form.value(&field).map_or(seats.to_string(), str::to_owned);
    let id = format!("seats-{bench_id}");
    let error_id = format!("{id}-error");
    view! {
        <FormAlert error=error />
        <form class="form form--inline" method="post" action=SetBenchSeats::PATH novalidate>
            <input type="hidden" name="bench_id" value=bench_id.to_string() />
            <div class="field" class:field--error=problem.is_some()>
                <label for=id.clone()>{t_string!(i18n, bench_seats_of, name = name.clone()).to_string()}</label>
                {problem.map(|p| view! {
                    <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p>
                })}
                <input
                    id=id.clone()
                    name="seats"
                    type="number"
                    min="1"
                    max="100"
                    value=value
                    aria-invalid=problem.map(|_| "true")
                    aria-describedby=problem.map(|_| error_id.clone())
                />
            </div>
            <div class="actions">
                <button type="submit" class="button--secondary">{t!(i18n, bench_seats_save)}</button>
            </div>
        </form>
    }
}

#[component]
fn MembershipForm(choices: MembershipChoices) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddMembership>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let kept = |field: &str| form.value(field).unwrap_or_default().to_owned();
    let person = kept("user_id");
    let bench = kept("bench_id");
    let deputy = kept("deputy_of");
    let today = choices.today.format("%Y-%m-%d").to_string();
    let from = form.value("valid_from").map_or(today, str::to_owned);
    let select_problem = |field: &str| {
        form.problem(field).map(|p| view! {
            <p id=format!("membership-{field}-error") class="field-error">{problem_text(i18n, p)}</p>
        })
    };
    view! {
        <section aria-labelledby="mitgliedschaft">
            <h2 id="mitgliedschaft">{t!(i18n, membership_title)}</h2>
            <FormAlert error=error.clone() />
            <form class="form" method="post" action=AddMembership::PATH novalidate>
                <div class="field">
                    <label for="membership-person">{t!(i18n, membership_person)}</label>
                    <select id="membership-person" name="user_id" required=true>
                        {choices.people.iter().map(|p| {
                            let value = p.id.to_string();
                            let selected = value == person;
                            view! { <option value=value selected=selected>{p.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="membership-bench">{t!(i18n, membership_bench)}</label>
                    <select id="membership-bench" name="bench_id" required=true>
                        {choices.benches.iter().map(|b| {
                            let value = b.id.to_string();
                            let selected = value == bench;
                            view! {
                                <option value=value selected=selected>
                                    {format!("{} ({})", b.name, t_string!(i18n, committee_seats_count, count = b.seats))}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <Field
                    id="membership-seat"
                    name="seat"
                    kind="number"
                    label=t_string!(i18n, membership_seat).to_string()
                    hint=t_string!(i18n, membership_seat_hint).to_string()
                    value=kept("seat")
                    problem=form.problem("seat")
                />
                <div class="field" class:field--error=form.problem("deputy_of").is_some()>
                    <label for="membership-deputy_of">{t!(i18n, membership_deputy_of)}</label>
                    {select_problem("deputy_of")}
                    <select
                        id="membership-deputy_of"
                        name="deputy_of"
                        aria-invalid=form.problem("deputy_of").map(|_| "true")
                        aria-describedby=form.problem("deputy_of").map(|_| "membership-deputy_of-error")
                    >
                        <option value="">{t!(i18n, membership_none)}</option>
                        {choices.holders.iter().map(|(id, label)| {
                            let value = id.to_string();
                            let selected = value == deputy;
                            view! { <option value=value selected=selected>{label.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <Field
                    id="membership-from"
                    name="valid_from"
                    kind="date"
                    label=t_string!(i18n, membership_from).to_string()
                    value=from
                    required=true
                    problem=form.problem("valid_from")
                />
                <Field
                    id="membership-until"
                    name="valid_until"
                    kind="date"
                    label=t_string!(i18n, membership_until).to_string()
                    value=kept("valid_until")
                    problem=form.problem("valid_until")
                />
                <div class="actions">
                    <button type="submit">{t!(i18n, membership_submit)}</button>
                </div>
            </form>
        </section>
    }
}
