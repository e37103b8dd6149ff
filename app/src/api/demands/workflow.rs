//! Server functions that move a demand or act on it: co-signing, status, following, raising
//! a topic from it.

use gremium::domain::demands::TransitionInput;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{refused, visible};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::api::calendar::viewer,
    crate::auth::{self, actor, db, fail},
    gremium::domain::form::{FormErrors, Problem},
    gremium::store::{StoreError, committees, demands, topics},
    gremium::usecases::{self, demands::Refusal},
};

/// Co-signs for the caller's own organization (never another's). Signing twice is harmless.
#[server(endpoint = "bedarfe/mitzeichnen")]
pub async fn cosign_demand(id: i64, reason: String) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    usecases::demands::cosign(&db, &reader, id, &reason, &actor)
        .await
        .map_err(|refusal| match refusal {
            Refusal::Store(StoreError::NotAllowed) => {
                let mut form = FormErrors::new();
                form.add("reason", Problem::CannotCosign);
                fail(AppError::Invalid(form.keep("reason", &reason)))
            }
            other => refused(other, FormErrors::new().keep("reason", &reason), "reason"),
        })?;
    let organization = reader
        .principal
        .as_ref()
        .and_then(|p| p.organization.as_ref())
        .map(|o| o.name.clone())
        .unwrap_or_default();
    crate::notice::tell(Notice::Cosigned { organization }).await;
    leptos_axum::redirect(&format!("/bedarfe/{id}"));
    Ok(())
}

#[server(endpoint = "bedarfe/mitzeichnung-zurueckziehen")]
pub async fn withdraw_cosignature(id: i64) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    usecases::demands::withdraw_cosignature(&db, &reader, id, &actor)
        .await
        .map_err(|r| refused(r, FormErrors::new(), "reason"))?;
    crate::notice::tell(Notice::CosignatureWithdrawn).await;
    leptos_axum::redirect(&format!("/bedarfe/{id}"));
    Ok(())
}

/// A status change by the chair, or the raiser's submit and withdraw, at the version shown.
#[server(endpoint = "bedarfe/status")]
pub async fn change_demand_status(
    id: i64,
    version: i64,
    #[server(flatten)] input: TransitionInput,
) -> Result<(), AppError> {
    let db = db()?;
    let reader = viewer(&db).await?;
    let actor = actor(reader.principal.as_ref(), "");
    let today = crate::api::topics::now_local().date();
    let transition =
        usecases::demands::move_status(&db, &reader, id, version, &input, today, &actor)
            .await
            .map_err(|r| {
                let field = usecases::demands::move_field(&input);
                refused(r, input.keep(FormErrors::new()), field)
            })?;
    crate::mail::wake();
    crate::notice::tell(Notice::DemandMoved {
        demand: id,
        to: transition.to,
    })
    .await;
    leptos_axum::redirect(&format!("/bedarfe/{id}"));
    Ok(())
}

#[server(endpoint = "bedarfe/folgen")]
pub async fn follow_demand(id: i64, follow: bool) -> Result<(), AppError> {
    let db = db()?;
    let principal = auth::require_user().await?;
    visible(&db, &viewer(&db).await?, id).await?;
    demands::set_following(&db, id, principal.user_id, follow).await?;
    crate::notice::tell(Notice::Following(follow)).await;
    leptos_axum::redirect(&format!("/bedarfe/{id}"));
    Ok(())
}

/// Raises a topic from the demand for a meeting ("next": the next open one) — committee
/// members and chairs; the demand's timeline notes it, and the topic page opens for triage.
#[server(endpoint = "bedarfe/als-thema")]
pub async fn raise_topic(id: i64, meeting: Option<String>) -> Result<(), AppError> {
    let db = db()?;
    let committee = committees::default_id(&db).await?;
    let principal = auth::require(|p| p.may_see_internal(committee)).await?;
    let demand = visible(&db, &viewer(&db).await?, id).await?;
    if !demand.status.is_active() {
        return Err(fail(AppError::Invalid(FormErrors::new())));
    }
    let manages = principal.may_manage_committee(committee);
    let target = match meeting.as_deref().map(str::parse::<i64>) {
        Some(Ok(meeting)) => gremium::domain::topics::Target::Meeting(meeting),
        _ => gremium::domain::topics::Target::Next,
    };
    let (meeting, late) =
        gremium::usecases::topics::target_meeting(&db, committee, target, manages)
            .await
            .map_err(|problem| {
                let mut form = FormErrors::new();
                form.add("meeting", problem);
                fail(AppError::Invalid(form))
            })?;
    let draft = gremium::domain::topics::TopicDraft {
        title: demand
            .title
            .chars()
            .take(gremium::domain::topics::TITLE_MAX)
            .collect(),
        description: format!(
            "Bedarf #{id} von {}: [{}](/bedarfe/{id})\n\n{}",
            demand.organization_name, demand.title, demand.problem
        )
        .chars()
        .take(gremium::domain::topics::DESCRIPTION_MAX)
        .collect(),
        target,
        presenter: Some(principal.display_name.clone()),
        minutes: 15,
        public: demand.public,
        links: Vec::new(),
    };
    let actor = actor(Some(&principal), "");
    let topic = topics::create(&db, committee, &draft, meeting, late, &actor).await?;
    demands::link_topic(&db, id, topic, meeting, &actor).await?;
    crate::notice::tell(Notice::TopicRaised).await;
    leptos_axum::redirect(&format!("/themen/{topic}"));
    Ok(())
}
