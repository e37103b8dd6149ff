//! `/sitzungen/serien`: the committee's meeting series, and for its chairs the forms that create
//! and change them. Saving a series regenerates its future meetings; meetings with content or
//! changed one by one are left alone.

use gremium::domain::calendar::{PLACE_MAX, Recurrence, Series, SeriesInput, TITLE_MAX};
use gremium::domain::form::FormErrors;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_i18n::I18nContext;

use super::meetings::{FormatSelect, format_text};
use crate::api::calendar::{CreateSeries, UpdateSeries, list_series, load_series};
use crate::components::access::AccessNotice;
use crate::components::form::{Field, FormAlert, outcome, problem_text, textarea_text};
use crate::components::page_title::PageTitle;
use crate::components::routed::{RefusedPage, route_resource};
use crate::format;
use crate::i18n::*;

fn ordinal(i18n: I18nContext<Locale>, nth: i8) -> String {
    match nth {
        -1 => t_string!(i18n, series_nth_last).to_string(),
        n => format!("{n}."),
    }
}

/// "2. Mi. jedes Monats, außer Mai, November" — the rule in words.
fn describe(i18n: I18nContext<Locale>, series: &Series) -> String {
    let locale = i18n.get_locale_untracked();
    match &series.draft.recurrence {
        Recurrence::MonthlyByWeekday {
            interval,
            nth,
            weekday,
            skip_months,
        } => {
            let nth = ordinal(i18n, *nth);
            let weekday = format::weekday(locale, usize::from(*weekday));
            let mut text = if *interval == 1 {
                t_string!(i18n, series_rule_every_month, nth = nth, weekday = weekday).to_string()
            } else {
                t_string!(
                    i18n,
                    series_rule_monthly,
                    nth = nth,
                    weekday = weekday,
                    interval = *interval
                )
                .to_string()
            };
            if !skip_months.is_empty() {
                let months = skip_months
                    .iter()
                    .map(|m| format::month_name(locale, u32::from(*m)))
                    .collect::<Vec<_>>()
                    .join(", ");
                text.push_str(&t_string!(i18n, series_rule_except, months = months).to_string());
            }
            text
        }
        Recurrence::Dates(dates) => dates
            .iter()
            .map(|d| format::date(locale, *d))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[component]
pub fn SeriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |()| list_series());
    view! {
        <PageTitle text=move || t_string!(i18n, series_title).to_string() />
        <p><a href="/sitzungen">{t!(i18n, meeting_back)}</a></p>
        <h1>{t!(i18n, series_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let manages = overview.manages;
                        view! {
                            <table class="data-table">
                                <caption class="visually-hidden">{t!(i18n, series_title)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, series_name)}</th>
                                        <th scope="col">{t!(i18n, series_rule)}</th>
                                        <th scope="col">{t!(i18n, series_time)}</th>
                                        <th scope="col">{t!(i18n, meeting_format)}</th>
                                        <th scope="col">{t!(i18n, series_upcoming)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {overview.series.into_iter().map(|s| {
                                        let name = s.draft.title.clone();
                                        let time = format!(
                                            "{}–{}",
                                            s.draft.start_time.format("%H:%M"),
                                            s.draft.end_time().format("%H:%M")
                                        );
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    {if manages {
                                                        view! { <a href=format!("/sitzungen/serien/{}", s.id)>{name}</a> }.into_any()
                                                    } else {
                                                        name.into_any()
                                                    }}
                                                </th>
                                                <td>{describe(i18n, &s)}</td>
                                                <td>{time}</td>
                                                <td>{format_text(i18n, s.draft.format)}</td>
                                                <td>{s.upcoming}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {manages.then(|| view! { <NewSeries /> })}
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
fn NewSeries() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateSeries>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let input = if form.input.is_empty() {
        SeriesInput {
            format: "virtual".into(),
            rule: "monthly".into(),
            interval: "1".into(),
            nth: "2".into(),
            weekday: "2".into(),
            start_time: "10:00".into(),
            end_time: "12:00".into(),
            deadline_days: "7".into(),
            public: true,
            ..SeriesInput::default()
        }
    } else {
        input_from(&form)
    };
    view! {
        <section aria-labelledby="serie-neu">
            <h2 id="serie-neu">{t!(i18n, series_new)}</h2>
            <FormAlert error=error />
            <form class="form" method="post" action=CreateSeries::PATH novalidate>
                <SeriesFields input form />
                <div class="actions"><button type="submit">{t!(i18n, series_create)}</button></div>
            </form>
        </section>
    }
    .into_any()
}

/// The typed values a refused form came back with.
fn input_from(form: &FormErrors) -> SeriesInput {
    let v = |field: &str| form.value(field).unwrap_or_default().to_owned();
    SeriesInput {
        title: v("title"),
        format: v("format"),
        rule: v("rule"),
        interval: v("interval"),
        nth: v("nth"),
        weekday: v("weekday"),
        skip_months: v("skip_months"),
        dates: v("dates"),
        first_date: v("first_date"),
        until: v("until"),
        start_time: v("start_time"),
        end_time: v("end_time"),
        video_url: v("video_url"),
        location: v("location"),
        deadline_days: v("deadline_days"),
        public: !v("public").is_empty(),
    }
}

#[component]
fn SeriesFields(input: SeriesInput, form: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let monthly = input.rule != "dates";
    let select_problem = |field: &str| form.problem(field);
    let nth_problem = select_problem("nth");
    let dates_problem = select_problem("dates");
    view! {
        <Field id="series-title" name="title" required=true
            label=t_string!(i18n, series_name).to_string()
            value=input.title.clone() maxlength=TITLE_MAX as u32 problem=form.problem("title") />
        <FormatSelect id="series-format" selected=input.format.clone() />
        <fieldset class="field">
            <legend>{t!(i18n, series_rule)}</legend>
            <div class="field--check">
                <input id="rule-monthly" type="radio" name="rule" value="monthly" checked=monthly />
                <label for="rule-monthly">{t!(i18n, series_rule_kind_monthly)}</label>
            </div>
            <div class="field--check">
                <input id="rule-dates" type="radio" name="rule" value="dates" checked=!monthly />
                <label for="rule-dates">{t!(i18n, series_rule_kind_dates)}</label>
            </div>
        </fieldset>
        <div class="field" class:field--error=nth_problem.is_some()>
            <label for="series-nth">{t!(i18n, series_nth)}</label>
            {nth_problem.map(|p| view! { <p id="series-nth-error" class="field-error">{problem_text(i18n, p)}</p> })}
            <select id="series-nth" name="nth" aria-invalid=nth_problem.map(|_| "true")
                aria-describedby=nth_problem.map(|_| "series-nth-error")>
                {[1i8, 2, 3, 4, -1].into_iter().map(|n| view! {
                    <option value=n.to_string() selected=input.nth == n.to_string()>{ordinal(i18n, n)}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="series-weekday">{t!(i18n, series_weekday)}</label>
            <select id="series-weekday" name="weekday">
                {(0u8..7).map(|d| view! {
                    <option value=d.to_string() selected=input.weekday == d.to_string()>
                        {format::weekday(locale, usize::from(d))}
                    </option>
                }).collect_view()}
            </select>
        </div>
        <Field id="series-interval" name="interval" kind="number"
            label=t_string!(i18n, series_interval).to_string()
            hint=t_string!(i18n, series_interval_hint).to_string()
            value=input.interval.clone() problem=form.problem("interval") />
        <Field id="series-skip" name="skip_months"
            label=t_string!(i18n, series_skip).to_string()
            hint=t_string!(i18n, series_skip_hint).to_string()
            value=input.skip_months.clone() maxlength=40 problem=form.problem("skip_months") />
        <div class="field" class:field--error=dates_problem.is_some()>
            <label for="series-dates">{t!(i18n, series_dates)}</label>
            <p id="series-dates-hint" class="hint">{t!(i18n, series_dates_hint)}</p>
            {dates_problem.map(|p| view! { <p id="series-dates-error" class="field-error">{problem_text(i18n, p)}</p> })}
            <textarea id="series-dates" name="dates" rows="3"
                aria-invalid=dates_problem.map(|_| "true")
                aria-describedby=if dates_problem.is_some() { "series-dates-hint series-dates-error" } else { "series-dates-hint" }>
                {textarea_text(&input.dates.clone())}
            </textarea>
        </div>
        <Field id="series-first" name="first_date" kind="date"
            label=t_string!(i18n, series_first_date).to_string()
            hint=t_string!(i18n, series_first_date_hint).to_string()
            value=input.first_date.clone() problem=form.problem("first_date") />
        <Field id="series-until" name="until" kind="date"
            label=t_string!(i18n, series_until).to_string()
            value=input.until.clone() problem=form.problem("until") />
        <Field id="series-start" name="start_time" kind="time" required=true
            label=t_string!(i18n, meeting_start).to_string()
            value=input.start_time.clone() problem=form.problem("start_time") />
        <Field id="series-end" name="end_time" kind="time" required=true
            label=t_string!(i18n, meeting_end).to_string()
            value=input.end_time.clone() problem=form.problem("end_time") />
        <Field id="series-video" name="video_url" kind="url"
            label=t_string!(i18n, meeting_video).to_string()
            value=input.video_url.clone() maxlength=PLACE_MAX as u32 problem=form.problem("video_url") />
        <Field id="series-location" name="location"
            label=t_string!(i18n, meeting_location).to_string()
            value=input.location.clone() maxlength=PLACE_MAX as u32 problem=form.problem("location") />
        <Field id="series-deadline" name="deadline_days" kind="number" required=true
            label=t_string!(i18n, series_deadline_days).to_string()
            hint=t_string!(i18n, series_deadline_days_hint).to_string()
            value=input.deadline_days.clone() problem=form.problem("deadline_days") />
        <div class="field field--check">
            <input id="series-public" type="checkbox" name="public" value="on" checked=input.public />
            <label for="series-public">{t!(i18n, meeting_public_field)}</label>
        </div>
    }
    .into_any()
}

#[component]
pub fn SeriesEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let found = route_resource(load_series);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(series) => view! { <EditSeries series /> }.into_any(),
                    Err(error) => view! { <RefusedPage title=t_string!(i18n, series_title).to_string() error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditSeries(series: Series) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateSeries>::new();
    let (error, form) = outcome(action.value().get_untracked());
    let input = if form.input.is_empty() {
        SeriesInput::from_draft(&series.draft)
    } else {
        input_from(&form)
    };
    let title = series.draft.title.clone();
    view! {
        <PageTitle text=title.clone() />
        <p><a href="/sitzungen/serien">{t!(i18n, series_back)}</a></p>
        <h1>{title}</h1>
        <p class="hint">{t!(i18n, series_edit_hint)}</p>
        <FormAlert error=error />
        <form class="form" method="post" action=UpdateSeries::PATH novalidate>
            <input type="hidden" name="id" value=series.id.to_string() />
            <input type="hidden" name="version" value=series.version.to_string() />
            <SeriesFields input form />
            <div class="actions"><button type="submit">{t!(i18n, series_save)}</button></div>
        </form>
    }
    .into_any()
}
