//! The status workflow: moving a demand (by a person or a decision), merging, the timeline
//! entry every change writes and the followers it tells.

use chrono::{DateTime, Utc};

use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::demands::{
    DemandStatus, EventKind, Standing, Transition, transition as transition_of,
};
use crate::domain::outbox::MailKind;
use crate::store::sql::{Tx, query, query_as, query_scalar};
use crate::store::stored::Stored;
use crate::store::{Db, StoreError, StoreResult, now};

/// What a timeline entry carries besides its kind; what a kind does not carry stays `None`.
#[derive(Default)]
pub(super) struct Entry<'a> {
    pub(super) from: Option<DemandStatus>,
    pub(super) to: Option<DemandStatus>,
    pub(super) comment: Option<&'a str>,
    pub(super) organization: Option<i64>,
    pub(super) meeting: Option<i64>,
    pub(super) decision: Option<i64>,
    pub(super) other: Option<i64>,
}

/// Writes one timeline entry inside the open transaction.
pub(super) async fn demand_event(
    tx: &mut Tx,
    demand: i64,
    actor: &Actor,
    at: DateTime<Utc>,
    kind: EventKind,
    entry: Entry<'_>,
) -> StoreResult<()> {
    query(
        "INSERT INTO demand_events (demand_id, at, actor_id, actor_label, kind, from_status, \
         to_status, comment, organization_id, meeting_id, decision_id, other_demand_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(demand)
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.label)
    .bind(kind.as_str())
    .bind(entry.from.map(|s| s.as_str()))
    .bind(entry.to.map(|s| s.as_str()))
    .bind(entry.comment)
    .bind(entry.organization)
    .bind(entry.meeting)
    .bind(entry.decision)
    .bind(entry.other)
    .execute(tx)
    .await?;
    Ok(())
}

/// Tells every follower of `$demand` but the actor, in their inbox.
pub(super) async fn notify_followers(
    tx: &mut Tx,
    demand: i64,
    actor: &Actor,
    at: DateTime<Utc>,
    title: &str,
    body: &str,
) -> StoreResult<()> {
    query(format!(
        "INSERT INTO notifications (user_id, at, title, body, link) \
                 SELECT f.user_id, $2, $3, $4, $5 FROM demand_follows f \
                 JOIN users u ON u.id = f.user_id JOIN demands dm ON dm.id = f.demand_id \
                 WHERE f.demand_id = $1 AND f.user_id <> $6 AND {}",
        crate::store::demands::follower_sees("$7")
    ))
    .bind(demand)
    .bind(at)
    .bind(title)
    .bind(body)
    .bind(format!("/bedarfe/{}", demand))
    .bind(actor.user_id.unwrap_or(0))
    .bind(crate::domain::recurrence::berlin_today(at))
    .execute(&mut *tx)
    .await?;

    Ok(())
}

/// Puts an e-mail for every follower of `$demand` but the actor who wants each change by mail
/// (and may still see the demand) into the outbox.
pub(super) async fn mail_followers(
    tx: &mut Tx,
    demand: i64,
    actor: &Actor,
    at: DateTime<Utc>,
    subject: &str,
    body: &str,
) -> StoreResult<()> {
    query(format!(
        "INSERT INTO outbox (kind, recipient, subject, body, link, created_at, next_attempt_at) \
             SELECT $2, u.email, $3, $4, $5, $6, $6 FROM demand_follows f \
             JOIN users u ON u.id = f.user_id JOIN demands dm ON dm.id = f.demand_id \
             WHERE f.demand_id = $1 AND u.id <> $7 AND u.disabled_at IS NULL \
               AND u.demand_mail = 'immediate' AND {} ORDER BY u.id",
        crate::store::demands::follower_sees("$8")
    ))
    .bind(demand)
    .bind(MailKind::Notification.as_str())
    .bind(subject)
    .bind(body)
    .bind(format!("/bedarfe/{demand}"))
    .bind(at)
    .bind(actor.user_id.unwrap_or(0))
    .bind(crate::domain::recurrence::berlin_today(at))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Whether the follower `u` may still see the demand `dm` on the day `today` (a placeholder):
/// the rule of `Visibility` in SQL (drafts for the raising organization; internal demands for
/// the committee's members, chairs and admins), so a demand made internal after someone
/// followed it sends them nothing more.
pub(crate) fn follower_sees(today: &str) -> String {
    format!(
        "((dm.status <> 'draft' AND dm.public) \
         OR u.organization_id = dm.organization_id \
         OR (dm.status <> 'draft' AND (u.is_admin \
           OR EXISTS (SELECT 1 FROM committee_chairs cc WHERE cc.user_id = u.id) \
           OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id \
             AND m.valid_from <= {today} AND (m.valid_until IS NULL OR m.valid_until >= {today})))))"
    )
}

/// On whose account a demand moves.
#[derive(Clone, Copy, Debug)]
pub(crate) enum MoveBy {
    /// A person in `standing`, on the version of the demand they saw.
    Edit { version: i64, standing: Standing },
    /// A decision, whatever the demand's status is now; the timeline cites it and its meeting.
    Decision { decision: i64, meeting: i64 },
}

impl MoveBy {
    fn standing(self) -> Standing {
        match self {
            MoveBy::Edit { standing, .. } => standing,
            MoveBy::Decision { .. } => Standing::Decision,
        }
    }

    fn decision(self) -> Option<i64> {
        match self {
            MoveBy::Edit { .. } => None,
            MoveBy::Decision { decision, .. } => Some(decision),
        }
    }

    fn meeting(self) -> Option<i64> {
        match self {
            MoveBy::Edit { .. } => None,
            MoveBy::Decision { meeting, .. } => Some(meeting),
        }
    }
}

/// Moves a demand by `transition`, inside the open transaction: checks the version (a decision
/// moves whatever the status is now) and the transition table, sets what the target status
/// carries, merges co-signers and followers into the target of a merge, writes the timeline and
/// tells the followers. Yields the title.
pub(crate) async fn move_demand(
    tx: &mut Tx,
    id: i64,
    by: MoveBy,
    transition: &Transition,
    actor: &Actor,
    at: DateTime<Utc>,
) -> StoreResult<String> {
    let row: Option<(Stored<DemandStatus>, i64, String)> =
        query_as("SELECT status, version, title FROM demands WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, version, title) = row.ok_or(StoreError::NotFound)?;
    if matches!(by, MoveBy::Edit { version: seen, .. } if seen != version) {
        return Err(StoreError::Conflict);
    }
    let from = status.0;
    transition_of(by.standing(), from, transition.to).map_err(StoreError::DemandMove)?;
    if let Some(target) = transition.merge_into {
        let target_status: Option<Stored<DemandStatus>> =
            query_scalar("SELECT status FROM demands WHERE id = $1")
                .bind(target)
                .fetch_optional(&mut *tx)
                .await?;
        let active = target_status.is_some_and(|s| s.0.is_active());
        if target == id || !active {
            return Err(StoreError::NotFound);
        }
        // The source's raiser and co-signers become co-signers of the target, except the
        // target's own raiser and organizations that signed it already.
        query(
            "INSERT INTO demand_cosignatures (demand_id, organization_id, land_id, class, \
                 reason, signed_by, created_at) \
                 SELECT $1, d.organization_id, d.raiser_land_id, d.raiser_class, $3, \
                 d.raised_by, d.created_at FROM demands d WHERE d.id = $2 \
                 AND d.organization_id <> (SELECT organization_id FROM demands WHERE id = $1) \
                 ON CONFLICT DO NOTHING",
        )
        .bind(target)
        .bind(id)
        // Never the source's problem text: the source may be internal while the target is
        // public (and the text may be longer than a reason may be).
        .bind(format!("Zusammengeführt aus Bedarf #{id}"))
        .execute(&mut *tx)
        .await?;
        query(
            "INSERT INTO demand_cosignatures (demand_id, organization_id, land_id, class, \
                 reason, signed_by, created_at) \
                 SELECT $1, c.organization_id, c.land_id, c.class, \
                 CASE WHEN src.public OR NOT dst.public THEN c.reason ELSE $3 END, c.signed_by, \
                 c.created_at FROM demand_cosignatures c JOIN demands src ON src.id = c.demand_id \
                 JOIN demands dst ON dst.id = $1 WHERE c.demand_id = $2 \
                 AND c.organization_id <> dst.organization_id \
                 ON CONFLICT DO NOTHING",
        )
        .bind(target)
        .bind(id)
        .bind(format!("Zusammengeführt aus Bedarf #{id}"))
        .execute(&mut *tx)
        .await?;
        query(
                "INSERT INTO demand_follows (demand_id, user_id) \
                 SELECT $1, user_id FROM demand_follows WHERE demand_id = $2 ON CONFLICT DO NOTHING",
            )
            .bind(target)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        query(
            "UPDATE demands SET cosign_count = (SELECT COUNT(*) FROM demand_cosignatures \
                 WHERE demand_id = $1), version = version + 1, updated_at = $2 WHERE id = $1",
        )
        .bind(target)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        demand_event(
            tx,
            target,
            actor,
            at,
            EventKind::MergedIn,
            Entry {
                comment: transition.comment.as_deref(),
                other: Some(id),
                ..Entry::default()
            },
        )
        .await?;
    }
    let forwarded = transition.to == DemandStatus::Forwarded;
    query(
        "UPDATE demands SET status = $2, \
             forwarded_to = CASE WHEN $3 THEN $4 ELSE forwarded_to END, \
             reference = CASE WHEN $3 THEN $5 ELSE reference END, \
             follow_up = CASE WHEN $3 THEN $6 ELSE follow_up END, \
             decline_reason = COALESCE($7, decline_reason), \
             merged_into = COALESCE($8, merged_into), \
             version = version + 1, updated_at = $9 WHERE id = $1",
    )
    .bind(id)
    .bind(transition.to.as_str())
    .bind(forwarded)
    .bind(&transition.body)
    .bind(&transition.reference)
    .bind(transition.follow_up)
    .bind(&transition.reason)
    .bind(transition.merge_into)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let comment = transition
        .reason
        .as_deref()
        .or(transition.comment.as_deref())
        .map(str::to_owned)
        .or_else(|| {
            transition
                .reference
                .as_ref()
                .map(|r| format!("{} ({r})", transition.body.as_deref().unwrap_or("")))
        });
    demand_event(
        tx,
        id,
        actor,
        at,
        EventKind::Status,
        Entry {
            from: Some(from),
            to: Some(transition.to),
            comment: comment.as_deref(),
            meeting: by.meeting(),
            decision: by.decision(),
            other: transition.merge_into,
            ..Entry::default()
        },
    )
    .await?;
    let label = crate::domain::demands::status_label(transition.to);
    notify_followers(
        tx,
        id,
        actor,
        at,
        &format!("Bedarf #{id} „{title}“: {label}"),
        &title,
    )
    .await?;
    mail_followers(
        tx,
        id,
        actor,
        at,
        &format!("Bedarf #{id}: {label}"),
        &format!(
            "Der Bedarf „{title}“ ist jetzt: {label}.\n\nSie erhalten diese Nachricht, weil Sie \
             dem Bedarf folgen; auf seiner Seite können Sie das beenden:"
        ),
    )
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: if transition.merge_into.is_some() {
                action::DEMAND_MERGED
            } else {
                action::DEMAND_STATUS
            },
            object: format!("demand:{id}"),
            summary: format!("{} → {}", from.as_str(), transition.to.as_str()),
        },
    )
    .await?;
    Ok(title)
}

/// A status change by the raiser or the chair, at the version the form showed.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn transition(
    db: &Db,
    id: i64,
    version: i64,
    transition: &Transition,
    standing: Standing,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    move_demand(
        &mut tx,
        id,
        MoveBy::Edit { version, standing },
        transition,
        actor,
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Links a topic raised from this demand and notes it on the timeline.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, topic = ?topic), err(level = "debug"))]
pub async fn link_topic(
    db: &Db,
    id: i64,
    topic: i64,
    meeting: Option<i64>,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    query("UPDATE topics SET demand_id = $2 WHERE id = $1")
        .bind(topic)
        .bind(id)
        .execute(&mut tx)
        .await?;
    demand_event(
        &mut tx,
        id,
        actor,
        at,
        EventKind::Topic,
        Entry {
            meeting,
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
