//! The document shell, the router and the routes.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::layout::Layout;
use crate::i18n::*;
use crate::islands::loader::IslandScripts;
use crate::pages::account::{AccountPage, CalendarLinkPage, SessionsPage};
use crate::pages::admin::{AuditPage, InvitePage, MailPage, PeoplePage};
use crate::pages::agenda::{AgendaPage, InvitationPage as AgendaInvitationPage};
use crate::pages::chair::{ChairPage, LivePage};
use crate::pages::committee::CommitteePage;
use crate::pages::demands::{
    CategoriesPage, DashboardPage, DemandListPage, DemandPage, NewDemandPage,
};
use crate::pages::home::HomePage;
use crate::pages::inbox::InboxPage;
use crate::pages::meetings::{MeetingListPage, MeetingMonthPage, MeetingPage, NewMeetingPage};
use crate::pages::minutes::{DecisionPage, MinutesPage, TasksPage};
use crate::pages::not_found::NotFoundPage;
use crate::pages::organizations::{OrganizationDetailPage, OrganizationListPage};
use crate::pages::series::{SeriesEditPage, SeriesPage};
use crate::pages::sign_in::{ForgotPasswordPage, InvitationPage, LoginPage, ResetPasswordPage};
use crate::pages::tokens::TokensPage;
use crate::pages::topics::{NewTopicPage, TopicPage, TopicsPage};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <IslandScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider ssr_lang_header_getter=german_unless_chosen()>
            <Head />
            <Router>
                <Layout>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/organisationen") view=OrganizationListPage ssr=SsrMode::Async />
                        <Route
                            path=path!("/organisationen/:id")
                            view=OrganizationDetailPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/anmelden") view=LoginPage ssr=SsrMode::Async />
                        <Route path=path!("/einladung") view=InvitationPage ssr=SsrMode::Async />
                        <Route path=path!("/passwort/vergessen") view=ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/passwort/neu") view=ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/konto") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/konto/sitzungen") view=SessionsPage ssr=SsrMode::Async />
                        <Route path=path!("/konto/kalender") view=CalendarLinkPage ssr=SsrMode::Async />
                        <Route path=path!("/konto/api-schluessel") view=TokensPage ssr=SsrMode::Async />
                        <Route path=path!("/gremium") view=CommitteePage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen") view=MeetingListPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/monat") view=MeetingMonthPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/neu") view=NewMeetingPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/serien") view=SeriesPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/serien/:id") view=SeriesEditPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/:id") view=MeetingPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/:id/tagesordnung") view=AgendaPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/:id/einladung") view=AgendaInvitationPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/:id/leitung") view=ChairPage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/:id/live") view=LivePage ssr=SsrMode::Async />
                        <Route path=path!("/sitzungen/:id/niederschrift") view=MinutesPage ssr=SsrMode::Async />
                        <Route path=path!("/beschluesse/:id") view=DecisionPage ssr=SsrMode::Async />
                        <Route path=path!("/aufgaben") view=TasksPage ssr=SsrMode::Async />
                        <Route path=path!("/bedarfe") view=DemandListPage ssr=SsrMode::Async />
                        <Route path=path!("/bedarfe/neu") view=NewDemandPage ssr=SsrMode::Async />
                        <Route path=path!("/bedarfe/:id") view=DemandPage ssr=SsrMode::Async />
                        <Route path=path!("/unsere-bedarfe") view=DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("/themen") view=TopicsPage ssr=SsrMode::Async />
                        <Route path=path!("/themen/neu") view=NewTopicPage ssr=SsrMode::Async />
                        <Route path=path!("/themen/:id") view=TopicPage ssr=SsrMode::Async />
                        <Route path=path!("/eingang") view=InboxPage ssr=SsrMode::Async />
                        <Route path=path!("/admin") view=PeoplePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/personen") view=PeoplePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/einladen") view=InvitePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/protokoll") view=AuditPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/e-mail") view=MailPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/themenfelder") view=CategoriesPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// The interface is German unless the reader picked English with the language switch (a
/// cookie): a German public body's default must not depend on the browser's settings.
fn german_unless_chosen() -> leptos_i18n::context::UseLocalesOptions {
    leptos_i18n::context::UseLocalesOptions::default()
        .ssr_lang_header_getter(|| Some("de".to_owned()))
}

/// Stylesheet, icon and the default title.
#[component]
fn Head() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Link rel="stylesheet" id="leptos" href="/pkg/gremium.css" />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Meta name="description" content=move || t_string!(i18n, app_tagline).to_string() />
        <Title formatter=|title: String| {
            if title.is_empty() { "Gremium".to_owned() } else { format!("{title} – Gremium") }
        } />
    }
}
