//! What an action did, said on the page it leads to. A form post ends in a redirect; the server
//! keeps one notice in the login session (`tell`) and the next page takes it (`take_notice`)
//! and shows it in a live region at the top of the main landmark — with and without
//! JavaScript, and only once.

use gremium::domain::calendar::MeetingStatus;
use gremium::domain::decisions::DemandMove;
use gremium::domain::demands::DemandStatus;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::*;
use crate::islands::announce::Announce;

/// One finished action and what it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// A decision, by its number, with the demands it moved.
    DecisionRecorded {
        number: String,
        moved: Vec<DemandMove>,
    },
    DemandRaised {
        demand: i64,
        draft: bool,
    },
    DemandSaved,
    DemandMoved {
        demand: i64,
        to: DemandStatus,
    },
    Cosigned {
        organization: String,
    },
    CosignatureWithdrawn,
    Following(bool),
    TopicRaised,
    TopicSubmitted,
    TopicSaved,
    TopicWithdrawn,
    TopicAccepted,
    TopicDeferred,
    TopicRejected,
    TopicMerged,
    AgendaPublished {
        version: i64,
    },
    AgendaSaved,
    MeetingCreated,
    MeetingMoved,
    MeetingPlaceChanged,
    MeetingCancelled,
    MeetingStatus(MeetingStatus),
    MeetingEnded,
    Excused,
    AttendanceSaved,
    NotesSaved,
    TaskAdded,
    TaskSaved,
    MinutesSaved,
    MinutesFinal,
    MinutesApproved,
    Saved,
}

/// The session key of the pending notice.
#[cfg(feature = "ssr")]
const KEY: &str = "gremium.notice";

/// Keeps `notice` for the page the form post is redirected to. Only plain form posts: a call
/// from a script shows its own result and must not leave a notice for a later page.
#[cfg(feature = "ssr")]
pub async fn tell(notice: Notice) {
    if !crate::auth::is_form_post() {
        return;
    }
    let Ok(auth) = crate::auth::auth_session().await else {
        return;
    };
    if let Err(error) = auth.session.insert(KEY, notice).await {
        // The action itself succeeded: a lost notice is no reason to fail it.
        tracing::warn!(%error, "could not keep the notice for the next page");
    }
}

/// The pending notice, removed as it is read.
#[server(endpoint = "meldung")]
pub async fn take_notice() -> Result<Option<Notice>, AppError> {
    let auth = crate::auth::auth_session().await?;
    auth.session.remove::<Notice>(KEY).await.map_err(|error| {
        tracing::error!(%error, "could not read the notice");
        AppError::Internal
    })
}

/// The notice's sentence in the reader's language.
pub fn notice_text(i18n: I18nContext<Locale>, notice: &Notice) -> String {
    use crate::pages::demands::labels::status_text;
    let moved = |m: &DemandMove| {
        t_string!(
            i18n,
            notice_demand_now,
            id = m.demand_id,
            to = status_text(i18n, m.to)
        )
        .to_string()
    };
    match notice {
        Notice::DecisionRecorded { number, moved: m } => {
            let head = t_string!(i18n, notice_decision_recorded, number = number.clone());
            if m.is_empty() {
                format!("{head}.")
            } else {
                let list: Vec<String> = m.iter().map(moved).collect();
                format!("{head} – {}.", list.join("; "))
            }
        }
        Notice::DemandRaised {
            demand,
            draft: false,
        } => t_string!(i18n, notice_demand_raised, id = *demand).to_string(),
        Notice::DemandRaised {
            demand,
            draft: true,
        } => t_string!(i18n, notice_demand_drafted, id = *demand).to_string(),
        Notice::DemandSaved => t_string!(i18n, notice_demand_saved).to_string(),
        Notice::DemandMoved { demand, to } => format!(
            "{}.",
            t_string!(
                i18n,
                notice_demand_now,
                id = *demand,
                to = status_text(i18n, *to)
            )
        ),
        Notice::Cosigned { organization } => {
            t_string!(i18n, notice_cosigned, name = organization.clone()).to_string()
        }
        Notice::CosignatureWithdrawn => t_string!(i18n, notice_cosign_withdrawn).to_string(),
        Notice::Following(true) => t_string!(i18n, notice_following).to_string(),
        Notice::Following(false) => t_string!(i18n, notice_unfollowed).to_string(),
        Notice::TopicRaised => t_string!(i18n, notice_topic_raised).to_string(),
        Notice::TopicSubmitted => t_string!(i18n, notice_topic_submitted).to_string(),
        Notice::TopicSaved => t_string!(i18n, notice_topic_saved).to_string(),
        Notice::TopicWithdrawn => t_string!(i18n, notice_topic_withdrawn).to_string(),
        Notice::TopicAccepted => t_string!(i18n, notice_topic_accepted).to_string(),
        Notice::TopicDeferred => t_string!(i18n, notice_topic_deferred).to_string(),
        Notice::TopicRejected => t_string!(i18n, notice_topic_rejected).to_string(),
        Notice::TopicMerged => t_string!(i18n, notice_topic_merged).to_string(),
        Notice::AgendaPublished { version } => {
            t_string!(i18n, notice_agenda_published, version = *version).to_string()
        }
        Notice::AgendaSaved => t_string!(i18n, notice_agenda_saved).to_string(),
        Notice::MeetingCreated => t_string!(i18n, notice_meeting_created).to_string(),
        Notice::MeetingMoved => t_string!(i18n, notice_meeting_moved).to_string(),
        Notice::MeetingPlaceChanged => t_string!(i18n, notice_meeting_place).to_string(),
        Notice::MeetingCancelled => t_string!(i18n, notice_meeting_cancelled).to_string(),
        Notice::MeetingStatus(status) => t_string!(
            i18n,
            notice_meeting_status,
            status = crate::pages::meetings::status_text(i18n, *status)
        )
        .to_string(),
        Notice::MeetingEnded => t_string!(i18n, notice_meeting_ended).to_string(),
        Notice::Excused => t_string!(i18n, notice_excused).to_string(),
        Notice::AttendanceSaved => t_string!(i18n, notice_attendance_saved).to_string(),
        Notice::NotesSaved => t_string!(i18n, notice_notes_saved).to_string(),
        Notice::TaskAdded => t_string!(i18n, notice_task_added).to_string(),
        Notice::TaskSaved => t_string!(i18n, notice_task_saved).to_string(),
        Notice::MinutesSaved => t_string!(i18n, notice_minutes_saved).to_string(),
        Notice::MinutesFinal => t_string!(i18n, notice_minutes_final).to_string(),
        Notice::MinutesApproved => t_string!(i18n, notice_minutes_approved).to_string(),
        Notice::Saved => t_string!(i18n, notice_saved).to_string(),
    }
}

/// The live region with the pending notice, if any. It shows only on the page it was meant
/// for: the next page load has taken it.
#[component]
pub fn NoticeRegion() -> impl IntoView {
    let i18n = use_i18n();
    let notice = Resource::new_blocking(|| (), |()| take_notice());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                notice.await.ok().flatten().map(|notice| {
                    view! { <Announce text=notice_text(i18n, &notice) /> }
                })
            })}
        </Suspense>
    }
}
