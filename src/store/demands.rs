//! SQL for demands: raising and editing, the list with full-text search and filters, similar
//! demands, co-signatures (one per organization), the status workflow with its timeline,
//! merging, following, and an organization's dashboard. Every change writes a timeline entry
//! and an audit entry in the same transaction, and status changes check the demand's version.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{Tx, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::demands::{
    Category, Demand, DemandDraft, DemandStatus, EventKind, OrgClass, Urgency,
};
use crate::domain::organization::{Designation, OrganizationKind};
use crate::domain::recurrence::utc_to_berlin;
use crate::domain::search;

mod cosign;
mod following;
mod list;
mod timeline;
mod workflow;

pub use cosign::{cosign, cosignatures, withdraw_cosignature};
pub use following::{
    dashboard, follow_ups_due, for_meeting, is_following, mark_dashboard_seen, set_following,
};
pub use list::{export, list, similar};
pub use timeline::{PublicChange, digest, moved_by, moved_in, public_changes, timeline};
use workflow::{Entry, demand_event};
pub(crate) use workflow::{MoveBy, follower_sees, move_demand};
pub use workflow::{link_topic, transition};

#[derive(sqlx::FromRow)]
struct DemandRow {
    id: i64,
    title: String,
    problem: String,
    outcome: String,
    category_id: i64,
    category_name: String,
    tags: String,
    urgency: Stored<Urgency>,
    links: String,
    public: bool,
    status: Stored<DemandStatus>,
    organization_id: i64,
    organization_name: String,
    raised_by: i64,
    raiser_name: String,
    cosign_count: i32,
    forwarded_to: Option<String>,
    reference: Option<String>,
    follow_up: Option<NaiveDate>,
    decline_reason: Option<String>,
    merged_into: Option<i64>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT d.id, d.title, d.problem, d.outcome, d.category_id, \
     k.name AS category_name, d.tags, d.urgency, d.links, d.public, d.status, d.organization_id, \
     o.name AS organization_name, d.raised_by, u.display_name AS raiser_name, d.cosign_count, \
     d.forwarded_to, d.reference, d.follow_up, d.decline_reason, d.merged_into, d.version, \
     d.created_at, d.updated_at \
     FROM demands d JOIN demand_categories k ON k.id = d.category_id \
     JOIN organizations o ON o.id = d.organization_id JOIN users u ON u.id = d.raised_by";

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl From<DemandRow> for Demand {
    fn from(row: DemandRow) -> Self {
        Demand {
            id: row.id,
            title: row.title,
            problem: row.problem,
            outcome: row.outcome,
            category: Category {
                id: row.category_id,
                name: row.category_name,
            },
            tags: lines(&row.tags),
            urgency: row.urgency.0,
            links: lines(&row.links),
            public: row.public,
            status: row.status.0,
            organization_id: row.organization_id,
            organization_name: row.organization_name,
            raised_by: row.raised_by,
            raiser_name: row.raiser_name,
            cosignatures: i64::from(row.cosign_count),
            forwarded_to: row.forwarded_to,
            reference: row.reference,
            follow_up: row.follow_up,
            decline_reason: row.decline_reason,
            merged_into: row.merged_into,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
            created_local: utc_to_berlin(row.created_at),
        }
    }
}

fn search_document(draft: &DemandDraft) -> String {
    search::document(&[
        &draft.title,
        &draft.problem,
        &draft.outcome,
        &draft.tags.join(" "),
    ])
}

#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn categories(db: &Db) -> StoreResult<Vec<Category>> {
    let rows: Vec<(i64, String)> =
        query_as("SELECT id, name FROM demand_categories ORDER BY position, id")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Category { id, name })
        .collect())
}

/// Renames a category or, with `id` None, adds one at the end (admins).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn save_category(
    db: &Db,
    id: Option<i64>,
    name: &str,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let mut tx = db.begin().await?;
    let id: i64 = match id {
        Some(id) => query_scalar(
            "UPDATE demand_categories SET name = $2, version = version + 1 WHERE id = $1 \
                 RETURNING id",
        )
        .bind(id)
        .bind(name)
        .fetch_optional(&mut tx)
        .await
        .map_err(super::duplicate_or)?
        .ok_or(StoreError::NotFound)?,
        None => query_scalar(
            "INSERT INTO demand_categories (name, position) \
                 SELECT $1, COALESCE(MAX(position), 0) + 1 FROM demand_categories RETURNING id",
        )
        .bind(name)
        .fetch_one(&mut tx)
        .await
        .map_err(super::duplicate_or)?,
    };
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::CATEGORY_CHANGED,
            object: format!("category:{id}"),
            summary: name.to_owned(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The register facts kept with a demand or signature: the organization's Land and class.
async fn org_facts(tx: &mut Tx, org: i64) -> StoreResult<(Option<i64>, OrgClass)> {
    let row: Option<(
        crate::store::stored::Stored<OrganizationKind>,
        Option<i32>,
        Option<i64>,
    )> = query_as("SELECT kind, designation, land_id FROM organizations WHERE id = $1")
        .bind(org)
        .fetch_optional(&mut *tx)
        .await?;
    let (kind, designation, land) = row.ok_or(StoreError::NotFound)?;
    let kind = kind.0;
    let designation = designation
        .and_then(|d| u8::try_from(d).ok())
        .and_then(|d| Designation::for_kind(kind, d));
    let land = if kind == OrganizationKind::Land {
        Some(org)
    } else {
        land
    };
    Ok((land, OrgClass::of(kind, designation)))
}

/// Raises a demand for `organization` (a draft, or submitted at once); the raiser follows it.
#[tracing::instrument(
    level = "debug",
    skip_all,
    fields(organization, submit),
    err(level = "debug")
)]
pub async fn create(
    db: &Db,
    organization: i64,
    draft: &DemandDraft,
    submit: bool,
    actor: &Actor,
) -> StoreResult<i64> {
    let at = now();
    let user = actor.user_id.ok_or(StoreError::NotAllowed)?;
    let status = if submit {
        DemandStatus::Submitted
    } else {
        DemandStatus::Draft
    };
    let mut tx = db.begin().await?;
    let (land, class) = org_facts(&mut tx, organization).await?;
    let id: i64 = query_scalar(
        "INSERT INTO demands (title, problem, outcome, category_id, tags, urgency, links, \
             public, status, organization_id, raised_by, raiser_land_id, raiser_class, \
             search_terms, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
             RETURNING id",
    )
    .bind(&draft.title)
    .bind(&draft.problem)
    .bind(&draft.outcome)
    .bind(draft.category_id)
    .bind(draft.tags.join("\n"))
    .bind(draft.urgency.as_str())
    .bind(draft.links.join("\n"))
    .bind(draft.public)
    .bind(status.as_str())
    .bind(organization)
    .bind(user)
    .bind(land)
    .bind(class.as_str())
    .bind(search_document(draft))
    .bind(at)
    .fetch_one(&mut tx)
    .await?;
    demand_event(
        &mut tx,
        id,
        actor,
        at,
        EventKind::Raised,
        Entry {
            to: Some(status),
            organization: Some(organization),
            ..Entry::default()
        },
    )
    .await?;
    query("INSERT INTO demand_follows (demand_id, user_id) VALUES ($1, $2)")
        .bind(id)
        .bind(user)
        .execute(&mut tx)
        .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::DEMAND_RAISED,
            object: format!("demand:{id}"),
            summary: draft.title.clone(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The raiser's edit while nobody works on the demand yet (draft or submitted).
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id, version = ?version), err(level = "debug"))]
pub async fn update(
    db: &Db,
    id: i64,
    version: i64,
    draft: &DemandDraft,
    actor: &Actor,
) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    let row: Option<(Stored<DemandStatus>, i64)> =
        query_as("SELECT status, version FROM demands WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
    let (status, current) = row.ok_or(StoreError::NotFound)?;
    if current != version {
        return Err(StoreError::Conflict);
    }
    if !status.0.is_editable() {
        return Err(StoreError::NotAllowed);
    }
    query(
        "UPDATE demands SET title = $2, problem = $3, outcome = $4, category_id = $5, \
             tags = $6, urgency = $7, links = $8, public = $9, search_terms = $10, \
             version = version + 1, updated_at = $11 WHERE id = $1",
    )
    .bind(id)
    .bind(&draft.title)
    .bind(&draft.problem)
    .bind(&draft.outcome)
    .bind(draft.category_id)
    .bind(draft.tags.join("\n"))
    .bind(draft.urgency.as_str())
    .bind(draft.links.join("\n"))
    .bind(draft.public)
    .bind(search_document(draft))
    .bind(at)
    .execute(&mut tx)
    .await?;
    demand_event(
        &mut tx,
        id,
        actor,
        at,
        EventKind::Edited,
        Entry { ..Entry::default() },
    )
    .await?;
    tx.audit(
        at,
        NewAuditEntry {
            actor,
            action: action::DEMAND_EDITED,
            object: format!("demand:{id}"),
            summary: draft.title.clone(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn get(db: &Db, id: i64) -> StoreResult<Demand> {
    let row: Option<DemandRow> = query_as(format!("{SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.ok_or(StoreError::NotFound)?.into())
}
