//! The landing page.

use leptos::prelude::*;

use crate::api::demands::follow_ups_due;
use crate::api::meeting::task_summary;
use crate::components::page_title::PageTitle;
use crate::i18n::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let tasks = Resource::new(|| (), |()| task_summary());
    let follow_ups = Resource::new(|| (), |()| follow_ups_due());
    view! {
        <PageTitle text=move || t_string!(i18n, home_title).to_string() />
        <h1>{t!(i18n, home_title)}</h1>
        <p class="lead">{t!(i18n, home_intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                let summary = tasks.await.ok().flatten()?;
                let late = summary.mine_overdue + summary.committee_overdue.unwrap_or(0) > 0;
                Some(view! {
                    <section class="card" aria-labelledby="home-tasks">
                        <h2 id="home-tasks">{t!(i18n, tasks_title)}</h2>
                        <p class:notice=late class:notice--error=late>
                            {t_string!(i18n, home_tasks_line, mine = summary.mine_overdue).to_string()}
                            {summary.committee_overdue.map(|n| view! {
                                " " {t_string!(i18n, home_tasks_committee, count = n).to_string()}
                            })}
                        </p>
                        <p><a href="/aufgaben">{t!(i18n, home_tasks_link)}</a></p>
                    </section>
                })
            })}
        </Suspense>
        <Suspense>
            {move || Suspend::new(async move {
                let due = follow_ups.await.ok().filter(|d| !d.is_empty())?;
                Some(view! {
                    <section class="card" aria-labelledby="home-follow-ups">
                        <h2 id="home-follow-ups">{t!(i18n, home_follow_ups_title)}</h2>
                        <p class="notice notice--warning">{t_string!(i18n, home_follow_ups_line, count = due.len()).to_string()}</p>
                        <ul>
                            {due.into_iter().take(10).map(|d| view! {
                                <li><a href=format!("/bedarfe/{}", d.id)>{d.title}</a>
                                    {d.reference.map(|r| format!(" ({r})"))}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
        <section class="card" aria-labelledby="home-demands">
            <h2 id="home-demands">{t!(i18n, home_demands_title)}</h2>
            <p>{t!(i18n, home_demands_text)}</p>
            <p><a href="/bedarfe">{t!(i18n, home_demands_link)}</a></p>
        </section>
        <section class="card" aria-labelledby="home-meetings">
            <h2 id="home-meetings">{t!(i18n, home_meetings_title)}</h2>
            <p>{t!(i18n, home_meetings_text)}</p>
            <p><a href="/sitzungen">{t!(i18n, home_meetings_link)}</a></p>
        </section>
        <section class="card" aria-labelledby="home-directory">
            <h2 id="home-directory">{t!(i18n, home_directory_title)}</h2>
            <p>{t!(i18n, home_directory_text)}</p>
            <p><a href="/organisationen">{t!(i18n, home_directory_link)}</a></p>
        </section>
    }
}
