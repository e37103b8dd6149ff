//! SQL for demands: raising and editing, the list with full-text search and filters, similar
//! demands, co-signatures (one per organization), the status workflow with its timeline,
//! merging, following, and an organization's dashboard. Every change writes a timeline entry
//! and an audit entry in the same transaction, and status changes check the demand's version.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::sql::{Bind, Tx, Value, query, query_as, query_scalar};
use super::stored::Stored;
use super::{Backend, Db, StoreError, StoreResult, now};
use crate::domain::audit::{Actor, NewAuditEntry, action};
use crate::domain::decisions::DemandMove;
use crate::domain::demands::{
    Category, Change, Cosignature, Dashboard, Demand, DemandDraft, DemandEvent, DemandFilter,
    DemandSort, DemandStatus, EventKind, ItemDemand, OrgClass, Similar, Standing, Transition,
    Urgency, Visibility, transition as transition_of,
};
use crate::domain::organization::{Designation, OrganizationKind};
use crate::domain::page::{Page, PageRequest};
use crate::domain::recurrence::utc_to_berlin;
use crate::domain::search::{self, Match};

/// What a timeline entry carries besides its kind; what a kind does not carry stays `None`.
#[derive(Default)]
struct Entry<'a> {
    from: Option<DemandStatus>,
    to: Option<DemandStatus>,
    comment: Option<&'a str>,
    organization: Option<i64>,
    session: Option<i64>,
    decision: Option<i64>,
    other: Option<i64>,
}

/// Writes one timeline entry inside the open transaction.
async fn demand_event(
    tx: &mut Tx,
    demand: i64,
    actor: &Actor,
    at: DateTime<Utc>,
    kind: EventKind,
    entry: Entry<'_>,
) -> StoreResult<()> {
    query(
        "INSERT INTO demand_events (demand_id, at, actor_id, actor_label, kind, from_status, \
         to_status, comment, organization_id, session_id, decision_id, other_demand_id) \
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
    .bind(entry.session)
    .bind(entry.decision)
    .bind(entry.other)
    .execute(tx)
    .await?;
    Ok(())
}

/// Tells every follower of `$demand` but the actor, in their inbox.
async fn notify_followers(
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
    /// A decision, whatever the demand's status is now; the timeline cites it and its session.
    Decision { decision: i64, session: i64 },
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

    fn session(self) -> Option<i64> {
        match self {
            MoveBy::Edit { .. } => None,
            MoveBy::Decision { session, .. } => Some(session),
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
            session: by.session(),
            decision: by.decision(),
            other: transition.merge_into,
            ..Entry::default()
        },
    )
    .await?;
    notify_followers(
        tx,
        id,
        actor,
        at,
        &format!(
            "Bedarf #{id} „{title}“: {}",
            crate::domain::demands::status_label(transition.to)
        ),
        &title,
    )
    .await?;
    super::audit::write(
        tx,
        &NewAuditEntry {
            actor,
            action: if transition.merge_into.is_some() {
                action::DEMAND_MERGED
            } else {
                action::DEMAND_STATUS
            },
            object: format!("demand:{id}"),
            summary: format!("{} → {}", from.as_str(), transition.to.as_str()),
        },
        at,
    )
    .await?;
    Ok(title)
}

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
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::CATEGORY_CHANGED,
            object: format!("category:{id}"),
            summary: name.to_owned(),
        },
        at,
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
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::DEMAND_RAISED,
            object: format!("demand:{id}"),
            summary: draft.title.clone(),
        },
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The raiser's edit while nobody works on the demand yet (draft or submitted).
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
    super::audit::write(
        &mut tx,
        &NewAuditEntry {
            actor,
            action: action::DEMAND_EDITED,
            object: format!("demand:{id}"),
            summary: draft.title.clone(),
        },
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Demand> {
    let row: Option<DemandRow> = query_as(format!("{SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.ok_or(StoreError::NotFound)?.into())
}

/// The WHERE clause (and search join) of a filtered list, with its values; placeholders are
/// numbered from `$1`.
struct Built {
    join: String,
    conditions: Vec<String>,
    binds: Vec<Value>,
    rank: Option<String>,
}

impl Built {
    fn new() -> Self {
        Self {
            join: String::new(),
            conditions: Vec::new(),
            binds: Vec::new(),
            rank: None,
        }
    }

    fn push(&mut self, value: impl Bind) -> String {
        self.binds.push(value.value());
        format!("${}", self.binds.len())
    }
}

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// What a reader may see: submitted public demands, internal ones for committee people, and
/// everything (drafts too) of their own organization.
fn visible(built: &mut Built, visibility: Visibility) {
    let internal = built.push(visibility.internal);
    let own = built.push(visibility.organization_id.unwrap_or(0));
    built.conditions.push(format!(
        "((d.status <> 'draft' AND (d.public OR {internal})) OR d.organization_id = {own})"
    ));
}

fn build(backend: Backend, filter: &DemandFilter, visibility: Visibility) -> Built {
    let mut built = Built::new();
    visible(&mut built, visibility);
    let terms = filter
        .query
        .as_deref()
        .map(search::terms)
        .unwrap_or_default();
    if !terms.is_empty() {
        match backend {
            Backend::Sqlite => {
                let q = built.push(search::fts5_query(&terms, Match::All));
                built.join = format!(
                    " JOIN (SELECT rowid AS fid, rank FROM demand_fts WHERE demand_fts MATCH {q}) \
                     f ON f.fid = d.id"
                );
                built.rank = Some("f.rank".into());
            }
            Backend::Postgres => {
                let q = built.push(search::tsquery(&terms, Match::All));
                built
                    .conditions
                    .push(format!("d.search @@ to_tsquery('simple', {q})"));
                built.rank = Some(format!("ts_rank(d.search, to_tsquery('simple', {q})) DESC"));
            }
        }
    }
    if let Some(status) = filter.status {
        let p = built.push(status.as_str());
        built.conditions.push(format!("d.status = {p}"));
    }
    if let Some(category) = filter.category_id {
        let p = built.push(category);
        built.conditions.push(format!("d.category_id = {p}"));
    }
    if let Some(land) = filter.land_id {
        let p = built.push(land);
        built.conditions.push(format!("d.raiser_land_id = {p}"));
    }
    if let Some(class) = filter.class {
        let p = built.push(class.as_str());
        built.conditions.push(format!("d.raiser_class = {p}"));
    }
    if let Some(org) = filter.organization_id {
        let p = built.push(org);
        // A union of two index lookups; an OR with EXISTS scanned every demand.
        built.conditions.push(format!(
            "d.id IN (SELECT id FROM demands WHERE organization_id = {p} \
             UNION SELECT demand_id FROM demand_cosignatures WHERE organization_id = {p})"
        ));
    }
    if let Some(from) = filter.from {
        let p = built.push(midnight(from));
        built.conditions.push(format!("d.created_at >= {p}"));
    }
    if let Some(until) = filter.until.and_then(|d| d.succ_opt()) {
        let p = built.push(midnight(until));
        built.conditions.push(format!("d.created_at < {p}"));
    }
    built
}

/// One page of the demand list with its total.
pub async fn list(
    db: &Db,
    filter: &DemandFilter,
    visibility: Visibility,
    page: PageRequest,
) -> StoreResult<Page<Demand>> {
    let built = build(db.backend(), filter, visibility);
    let order = match (filter.sort, &built.rank) {
        (DemandSort::Relevance, Some(rank)) => format!("{rank}, d.id DESC"),
        (DemandSort::Support, _) => "d.cosign_count DESC, d.id DESC".to_owned(),
        _ => "d.created_at DESC, d.id DESC".to_owned(),
    };
    let filtered = format!("{} WHERE {}", built.join, built.conditions.join(" AND "));
    let count_sql = format!("SELECT COUNT(*) FROM demands d{filtered}");
    let list_sql = format!(
        "{SELECT}{filtered} ORDER BY {order} LIMIT {} OFFSET {}",
        page.limit(),
        page.offset()
    );
    let (total, rows): (i64, Vec<DemandRow>) = {
        let total = query_scalar(&count_sql)
            .bind_all(&built.binds)
            .fetch_one(db)
            .await?;
        let rows = query_as(&list_sql)
            .bind_all(&built.binds)
            .fetch_all(db)
            .await?;
        (total, rows)
    };
    Ok(Page::new(
        rows.into_iter().map(Into::into).collect(),
        u64::try_from(total).unwrap_or(0),
        page,
    ))
}

/// Every demand of a filtered list, for the CSV export (at most `limit`).
pub async fn export(
    db: &Db,
    filter: &DemandFilter,
    visibility: Visibility,
    limit: i64,
) -> StoreResult<Vec<Demand>> {
    let built = build(db.backend(), filter, visibility);
    let sql = format!(
        "{SELECT}{} WHERE {} ORDER BY d.id LIMIT {limit}",
        built.join,
        built.conditions.join(" AND ")
    );
    let rows: Vec<DemandRow> = query_as(&sql).bind_all(&built.binds).fetch_all(db).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Demands that share terms with `text`, best first: open ones and decided ones, never drafts,
/// withdrawn or merged ones.
pub async fn similar(
    db: &Db,
    text: &str,
    visibility: Visibility,
    exclude: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<Similar>> {
    let mut terms = search::terms(text);
    // The longest words tell most; a pasted essay must not become a huge query.
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    terms.truncate(12);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let mut built = Built::new();
    visible(&mut built, visibility);
    let not = built.push(exclude.unwrap_or(0));
    built.conditions.push(format!(
        "d.status NOT IN ('draft', 'withdrawn', 'merged') AND d.id <> {not}"
    ));
    // The session that decided, only where the reader sees both it and the decision's item.
    let internal = built.push(visibility.internal);
    let decided = format!(
        "FROM decision_demands dd JOIN decisions de ON de.id = dd.decision_id \
         JOIN sessions s ON s.id = de.session_id JOIN agenda_items ai ON ai.id = de.item_id \
         WHERE dd.demand_id = d.id AND ((s.public AND ai.public) OR {internal})"
    );
    let (from, order) = match db.backend() {
        Backend::Sqlite => {
            let q = built.push(search::fts5_query(&terms, Match::Any));
            (
                format!(
                    "(SELECT rowid AS fid, rank FROM demand_fts WHERE demand_fts MATCH {q} \
                     ORDER BY rank LIMIT 200) f JOIN demands d ON d.id = f.fid"
                ),
                "f.rank".to_owned(),
            )
        }
        Backend::Postgres => {
            let q = built.push(search::tsquery(&terms, Match::Any));
            built
                .conditions
                .push(format!("d.search @@ to_tsquery('simple', {q})"));
            (
                "demands d".to_owned(),
                format!("ts_rank(d.search, to_tsquery('simple', {q})) DESC"),
            )
        }
    };
    let sql = format!(
        "SELECT d.id, d.title, d.status, d.cosign_count, \
         (SELECT s.id {decided} ORDER BY s.starts_at DESC LIMIT 1) AS session_id, \
         (SELECT s.title {decided} ORDER BY s.starts_at DESC LIMIT 1) AS session_title \
         FROM {from} WHERE {} ORDER BY {order}, d.id DESC LIMIT {limit}",
        built.conditions.join(" AND ")
    );
    type Row = (
        i64,
        String,
        Stored<DemandStatus>,
        i32,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<Row> = query_as(&sql).bind_all(&built.binds).fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, title, status, count, session, session_title)| Similar {
                id,
                title,
                status: status.0,
                cosignatures: i64::from(count),
                decided_in: session.zip(session_title),
            },
        )
        .collect())
}

/// Co-signs for `organization`. Returns false if it had signed already (a double click, or a
/// colleague first): nothing is counted twice. The signer follows the demand.
pub async fn cosign(
    db: &Db,
    id: i64,
    organization: i64,
    reason: &str,
    actor: &Actor,
) -> StoreResult<bool> {
    let at = now();
    let user = actor.user_id.ok_or(StoreError::NotAllowed)?;
    let mut tx = db.begin().await?;
    let row: Option<(Stored<DemandStatus>, i64)> =
        query_as("SELECT status, organization_id FROM demands WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
    let (status, raiser) = row.ok_or(StoreError::NotFound)?;
    if !status.0.is_active() || raiser == organization {
        return Err(StoreError::NotAllowed);
    }
    let (land, class) = org_facts(&mut tx, organization).await?;
    let inserted = query(
        "INSERT INTO demand_cosignatures (demand_id, organization_id, land_id, class, \
             reason, signed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(organization)
    .bind(land)
    .bind(class.as_str())
    .bind(reason)
    .bind(user)
    .bind(at)
    .execute(&mut tx)
    .await?
    .rows_affected()
        == 1;
    if inserted {
        query("UPDATE demands SET cosign_count = cosign_count + 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(at)
            .execute(&mut tx)
            .await?;
        demand_event(
            &mut tx,
            id,
            actor,
            at,
            EventKind::Cosigned,
            Entry {
                comment: Some(reason),
                organization: Some(organization),
                ..Entry::default()
            },
        )
        .await?;
        query(
            "INSERT INTO demand_follows (demand_id, user_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(user)
        .execute(&mut tx)
        .await?;
        super::audit::write(
            &mut tx,
            &NewAuditEntry {
                actor,
                action: action::DEMAND_COSIGNED,
                object: format!("demand:{id}"),
                summary: format!("organization:{organization}"),
            },
            at,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(inserted)
}

/// Takes back `organization`'s co-signature; false if there was none.
pub async fn withdraw_cosignature(
    db: &Db,
    id: i64,
    organization: i64,
    actor: &Actor,
) -> StoreResult<bool> {
    let at = now();
    let mut tx = db.begin().await?;
    let removed =
        query("DELETE FROM demand_cosignatures WHERE demand_id = $1 AND organization_id = $2")
            .bind(id)
            .bind(organization)
            .execute(&mut tx)
            .await?
            .rows_affected()
            == 1;
    if removed {
        query("UPDATE demands SET cosign_count = cosign_count - 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(at)
            .execute(&mut tx)
            .await?;
        demand_event(
            &mut tx,
            id,
            actor,
            at,
            EventKind::CosignWithdrawn,
            Entry {
                organization: Some(organization),
                ..Entry::default()
            },
        )
        .await?;
        super::audit::write(
            &mut tx,
            &NewAuditEntry {
                actor,
                action: action::DEMAND_COSIGN_WITHDRAWN,
                object: format!("demand:{id}"),
                summary: format!("organization:{organization}"),
            },
            at,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// Every co-signature of a demand, oldest first.
pub async fn cosignatures(db: &Db, id: i64) -> StoreResult<Vec<Cosignature>> {
    type Row = (
        i64,
        String,
        Option<String>,
        Stored<OrgClass>,
        String,
        String,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = query_as(
        "SELECT c.organization_id, o.name, l.name, c.class, c.reason, u.display_name, \
             c.created_at FROM demand_cosignatures c \
             JOIN organizations o ON o.id = c.organization_id \
             LEFT JOIN organizations l ON l.id = c.land_id JOIN users u ON u.id = c.signed_by \
             WHERE c.demand_id = $1 ORDER BY c.created_at, o.name",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(organization_id, organization_name, land_name, class, reason, signer_name, at)| {
                Cosignature {
                    organization_id,
                    organization_name,
                    land_name,
                    class: class.0,
                    reason,
                    signer_name,
                    at,
                }
            },
        )
        .collect())
}

/// A status change by the raiser or the chair, at the version the form showed.
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
pub async fn link_topic(
    db: &Db,
    id: i64,
    topic: i64,
    session: Option<i64>,
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
            session,
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: DateTime<Utc>,
    actor_label: String,
    kind: Stored<EventKind>,
    from_status: Option<Stored<DemandStatus>>,
    to_status: Option<Stored<DemandStatus>>,
    comment: Option<String>,
    organization_name: Option<String>,
    session_id: Option<i64>,
    session_title: Option<String>,
    decision_id: Option<i64>,
    decision_period: Option<String>,
    decision_seq: Option<i64>,
    other_demand_id: Option<i64>,
    demand_id: i64,
    demand_title: String,
    session_public: Option<bool>,
    item_public: Option<bool>,
}

const EVENT_SELECT: &str = "SELECT e.at, COALESCE(au.display_name, e.actor_label) AS actor_label, e.kind, e.from_status, e.to_status, \
     e.comment, o.name AS organization_name, e.session_id, s.title AS session_title, \
     e.decision_id, de.period AS decision_period, de.seq AS decision_seq, e.other_demand_id, \
     e.demand_id, dm.title AS demand_title, s.public AS session_public, ai.public AS item_public \
     FROM demand_events e \
     JOIN demands dm ON dm.id = e.demand_id LEFT JOIN users au ON au.id = e.actor_id LEFT JOIN organizations o ON o.id = e.organization_id \
     LEFT JOIN sessions s ON s.id = e.session_id LEFT JOIN decisions de ON de.id = e.decision_id \
     LEFT JOIN agenda_items ai ON ai.id = de.item_id";

/// The demand's status and its visibility to a reader with `visibility`, as an SQL condition
/// on the demand aliased `alias` (`$internal`, `$own` are the reader's flag and organization).
fn seen_sql(alias: &str, internal: &str, own: &str) -> String {
    format!(
        "(({alias}.status <> 'draft' AND ({alias}.public OR {internal})) \
         OR {alias}.organization_id = {own})"
    )
}

/// An event as `visibility` may see it: a session only if the reader sees that session, a
/// decision only if the reader also sees its item (internal meetings and decision numbers
/// never reach public demands' timelines).
fn event_for(visibility: Visibility, mut row: EventRow) -> Option<DemandEvent> {
    if !visibility.internal {
        if row.session_public != Some(true) {
            row.session_id = None;
            row.decision_id = None;
        }
        if row.item_public != Some(true) {
            row.decision_id = None;
        }
    }
    event(row)
}

fn event(row: EventRow) -> Option<DemandEvent> {
    Some(DemandEvent {
        at: row.at,
        at_local: utc_to_berlin(row.at),
        actor: row.actor_label,
        kind: row.kind.0,
        from: row.from_status.map(|s| s.0),
        to: row.to_status.map(|s| s.0),
        comment: row.comment,
        organization: row.organization_name,
        session: row.session_id.zip(row.session_title),
        decision: row.decision_id.zip(
            row.decision_period
                .zip(row.decision_seq)
                .map(|(p, s)| crate::domain::decisions::number(&p, s)),
        ),
        other_demand: row.other_demand_id,
    })
}

/// The demand's timeline, oldest first.
fn change(visibility: Visibility, row: EventRow) -> Option<Change> {
    let (demand_id, title) = (row.demand_id, row.demand_title.clone());
    Some(Change {
        demand_id,
        title,
        event: event_for(visibility, row)?,
    })
}

/// What a daily-digest reader missed in `[since, until)` on the demands they follow: status
/// changes, decisions, merges and topics, not their own doing; by demand, oldest first.
pub async fn digest(
    db: &Db,
    user: i64,
    visibility: Visibility,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<Change>> {
    // Only demands the reader still sees: one made internal after they followed it drops out.
    let seen = seen_sql("dm", "$4", "$5");
    let rows: Vec<EventRow> = query_as(format!(
            "{EVENT_SELECT} JOIN demand_follows f ON f.demand_id = e.demand_id AND f.user_id = $1 \
             WHERE e.at >= $2 AND e.at < $3 AND (e.actor_id IS NULL OR e.actor_id <> $1) \
             AND {seen} \
             AND e.kind IN ('status', 'decision', 'merged_in', 'topic') ORDER BY e.demand_id, e.id LIMIT 500"
        ))
        .bind(user)
        .bind(since)
        .bind(until)
        .bind(visibility.internal)
        .bind(visibility.organization_id.unwrap_or(0))
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| change(visibility, r))
        .collect())
}

/// The demand's timeline as `visibility` may see it (the caller checked the demand itself).
pub async fn timeline(db: &Db, id: i64, visibility: Visibility) -> StoreResult<Vec<DemandEvent>> {
    let rows: Vec<EventRow> = query_as(format!(
        "{EVENT_SELECT} WHERE e.demand_id = $1 ORDER BY e.id"
    ))
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| event_for(visibility, r))
        .collect())
}

pub async fn is_following(db: &Db, id: i64, user: i64) -> StoreResult<bool> {
    let found: Option<i64> =
        query_scalar("SELECT demand_id FROM demand_follows WHERE demand_id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}

/// Starts or stops following a demand.
pub async fn set_following(db: &Db, id: i64, user: i64, follow: bool) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    if follow {
        query(
            "INSERT INTO demand_follows (demand_id, user_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(user)
        .execute(&mut tx)
        .await?;
    } else {
        query("DELETE FROM demand_follows WHERE demand_id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .execute(&mut tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Everything `organization` raised or co-signed, and what changed since `user` last looked;
/// records this visit.
pub async fn dashboard(
    db: &Db,
    organization: i64,
    user: i64,
    visibility: Visibility,
) -> StoreResult<Dashboard> {
    let at = now();
    // Reading changes nothing: the visit is recorded by `mark_dashboard_seen` (a POST).
    let last_visit: Option<DateTime<Utc>> =
        query_scalar("SELECT seen_at FROM demand_dashboard_visits WHERE user_id = $1")
            .bind(user)
            .fetch_optional(db)
            .await?;
    let since = last_visit.unwrap_or(at - chrono::Duration::days(30));
    let (raised, cosigned, changes): (Vec<DemandRow>, Vec<DemandRow>, Vec<EventRow>) = {
        let raised = query_as(format!(
            "{SELECT} WHERE d.organization_id = $1 ORDER BY d.updated_at DESC, d.id DESC \
                 LIMIT 200"
        ))
        .bind(organization)
        .fetch_all(db)
        .await?;
        // Co-signed demands that became internal (or went back to draft) drop out for
        // those who may no longer see them.
        let cosigned = query_as(format!(
            "{SELECT} JOIN demand_cosignatures c ON c.demand_id = d.id \
                 WHERE c.organization_id = $1 AND {} \
                 ORDER BY d.updated_at DESC, d.id DESC LIMIT 200",
            seen_sql("d", "$2", "$3")
        ))
        .bind(organization)
        .bind(visibility.internal)
        .bind(visibility.organization_id.unwrap_or(0))
        .fetch_all(db)
        .await?;
        let changes = query_as(format!(
            "{EVENT_SELECT} WHERE e.at > $2 AND {} AND e.demand_id IN \
                 (SELECT id FROM demands WHERE organization_id = $1 \
                  UNION SELECT demand_id FROM demand_cosignatures WHERE organization_id = $1) \
                 ORDER BY e.id DESC LIMIT 100",
            seen_sql("dm", "$3", "$4")
        ))
        .bind(organization)
        .bind(since)
        .bind(visibility.internal)
        .bind(visibility.organization_id.unwrap_or(0))
        .fetch_all(db)
        .await?;
        (raised, cosigned, changes)
    };
    Ok(Dashboard {
        raised: raised.into_iter().map(Into::into).collect(),
        cosigned: cosigned.into_iter().map(Into::into).collect(),
        changes: changes
            .into_iter()
            .filter_map(|r| change(visibility, r))
            .collect(),
        last_visit,
    })
}

/// The reader has seen the dashboard's changes: the next visit shows only newer ones.
pub async fn mark_dashboard_seen(db: &Db, user: i64) -> StoreResult<()> {
    let at = now();
    let mut tx = db.begin().await?;
    query(
        "INSERT INTO demand_dashboard_visits (user_id, seen_at) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at",
    )
    .bind(user)
    .bind(at)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;

    Ok(())
}

/// Forwarded demands whose follow-up date has come, oldest date first (for the chair).
pub async fn follow_ups_due(db: &Db, today: NaiveDate) -> StoreResult<Vec<Demand>> {
    let rows: Vec<DemandRow> = query_as(format!(
        "{SELECT} WHERE d.status = 'forwarded' AND d.follow_up <= $1 \
             ORDER BY d.follow_up, d.id LIMIT 200"
    ))
    .bind(today)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The demands `decision` moved, from what to what.
pub async fn moved_by(db: &Db, decision: i64) -> StoreResult<Vec<DemandMove>> {
    moves(db, "e.decision_id = $1", decision).await
}

/// The demands the decisions of `session` moved, in the order they were moved.
pub async fn moved_in(db: &Db, session: i64) -> StoreResult<Vec<DemandMove>> {
    moves(db, "de.session_id = $1", session).await
}

/// Read from the demands' timelines, which keep the status before and after each move.
async fn moves(db: &Db, filter: &str, id: i64) -> StoreResult<Vec<DemandMove>> {
    type Row = (i64, i64, String, Stored<DemandStatus>, Stored<DemandStatus>);
    let rows: Vec<Row> = query_as(format!(
        "SELECT e.decision_id, d.id, d.title, e.from_status, e.to_status \
             FROM demand_events e JOIN demands d ON d.id = e.demand_id \
             JOIN decisions de ON de.id = e.decision_id \
             WHERE {filter} AND e.from_status IS NOT NULL AND e.to_status IS NOT NULL \
             ORDER BY e.id"
    ))
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(decision_id, demand_id, title, from, to)| DemandMove {
            decision_id,
            demand_id,
            title,
            from: from.0,
            to: to.0,
        })
        .collect())
}

/// Demands raised as topics onto a session's agenda, per item: what a decision there may move.
pub async fn for_session(db: &Db, session: i64) -> StoreResult<Vec<ItemDemand>> {
    let rows: Vec<(i64, i64, String, Stored<DemandStatus>)> = query_as(
        "SELECT a.id, d.id, d.title, d.status FROM agenda_items a \
             JOIN topics t ON t.id = a.topic_id JOIN demands d ON d.id = t.demand_id \
             WHERE a.session_id = $1 ORDER BY a.id, d.id",
    )
    .bind(session)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(item_id, demand_id, title, status)| ItemDemand {
            item_id,
            demand_id,
            title,
            status: status.0,
        })
        .collect())
}

/// The e-mail addresses of a demand's followers who want each change by mail (active accounts,
/// not the daily-digest readers), but `except` (the actor).
pub async fn follower_emails(db: &Db, id: i64, except: Option<i64>) -> StoreResult<Vec<String>> {
    Ok(query_scalar(format!(
        "SELECT u.email FROM demand_follows f JOIN users u ON u.id = f.user_id \
                 JOIN demands dm ON dm.id = f.demand_id \
                 WHERE f.demand_id = $1 AND u.disabled_at IS NULL AND u.id <> $2 \
                 AND u.demand_mail = 'sofort' AND {} ORDER BY u.id",
        follower_sees("$3")
    ))
    .bind(id)
    .bind(except.unwrap_or(0))
    .bind(crate::domain::recurrence::berlin_today(now()))
    .fetch_all(db)
    .await?)
}

/// A status change of a public demand, as the public feed shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicChange {
    pub event_id: i64,
    pub demand_id: i64,
    pub title: String,
    pub category: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

/// The newest status changes (including decisions and merges) of public demands, newest first;
/// optionally of one category, or of demands one organization raised or co-signed.
pub async fn public_changes(
    db: &Db,
    category: Option<i64>,
    organization: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<PublicChange>> {
    Ok(query_as(
        "SELECT e.id AS event_id, d.id AS demand_id, d.title, c.name AS category, e.kind, \
             e.from_status, e.to_status, e.comment, e.at FROM demand_events e \
             JOIN demands d ON d.id = e.demand_id \
             JOIN demand_categories c ON c.id = d.category_id \
             WHERE d.public = $1 AND d.status <> 'draft' \
             AND e.kind IN ('status', 'decision', 'merged_in') \
             AND ($2 IS NULL OR d.category_id = $2) \
             AND ($3 IS NULL OR d.organization_id = $3 OR EXISTS (SELECT 1 FROM \
             demand_cosignatures s WHERE s.demand_id = d.id AND s.organization_id = $3)) \
             ORDER BY e.id DESC LIMIT $4",
    )
    .bind(true)
    .bind(category)
    .bind(organization)
    .bind(limit)
    .fetch_all(db)
    .await?)
}
