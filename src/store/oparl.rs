//! The OParl read model: what the open-data interface may publish, and nothing else. Public
//! meetings whose agenda was published, their public items with decisions, accepted public
//! topics and public demands as papers, and people only with their consent. A committee is
//! small (hundreds of meetings, thousands of items), so one body is read whole; demands, which
//! run to 100,000, are paged in SQL.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql::{Bind, Value, query_as, query_scalar};
use super::{Db, StoreResult, totals};
use crate::domain::agenda::PublishedItem;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommitteeRow {
    pub id: i64,
    pub name: String,
    pub short_name: Option<String>,
    /// The hosting organization's municipality key (AGS), where it has one.
    pub host_ags: Option<String>,
    pub host_website: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BenchRow {
    pub id: i64,
    pub name: String,
}

/// A person who agreed to publication.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub display_name: String,
    pub organization_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MembershipRow {
    pub id: i64,
    pub user_id: i64,
    pub bench_id: i64,
    pub seat: Option<i32>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A public meeting whose agenda has been published at least once.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub title: String,
    pub format: String,
    pub status: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub first_published: DateTime<Utc>,
    pub last_published: DateTime<Utc>,
    /// Final or approved minutes: when they became final and when they last changed.
    pub minutes_final: Option<DateTime<Utc>>,
    pub minutes_updated: Option<DateTime<Utc>>,
}

/// A public item in the last published agenda of a public meeting: its number and title as
/// published, its decisions and papers from the working row.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    /// The printed number ("2.1") in the published version.
    #[sqlx(skip)]
    pub number: String,
    pub meeting_id: i64,
    pub position: i32,
    pub level: i32,
    pub title: String,
    pub public: bool,
    pub outcome: Option<String>,
    /// The accepted public topic behind the item (a paper), if any.
    pub topic_id: Option<i64>,
    /// The public demand behind that topic (a paper), if any.
    pub demand_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DecisionRow {
    pub item_id: i64,
    pub kind: String,
    pub text: String,
    pub period: String,
    pub seq: i64,
    pub updated_at: DateTime<Utc>,
}

/// A paper: an accepted public topic or a submitted public demand.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PaperRow {
    pub id: i64,
    pub title: String,
    pub text: String,
    /// Demands: the status; topics: "topic".
    pub status: String,
    pub organization_id: Option<i64>,
    pub category: Option<String>,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
}

/// An organization from the register that raised a published paper.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OriginatorRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub ags: Option<String>,
    pub website: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Tombstone {
    /// The path below the OParl root, e.g. "meeting/12".
    pub object: String,
    pub created_at: DateTime<Utc>,
    pub deleted_at: DateTime<Utc>,
}

/// Everything of one committee the interface publishes, but demands.
#[derive(Clone, Debug)]
pub struct Body {
    pub committee: CommitteeRow,
    pub benches: Vec<BenchRow>,
    pub persons: Vec<PersonRow>,
    pub memberships: Vec<MembershipRow>,
    pub meetings: Vec<MeetingRow>,
    pub items: Vec<ItemRow>,
    pub decisions: Vec<DecisionRow>,
    pub topics: Vec<PaperRow>,
    /// (meeting, person) for everyone present or deputising, consenting or not: the caller
    /// names only people in `persons`.
    pub participants: Vec<(i64, i64)>,
}

const COMMITTEES: &str = "SELECT c.id, c.name, c.short_name, o.ags AS host_ags, \
     o.website AS host_website, c.created_at, c.updated_at FROM committees c \
     LEFT JOIN organizations o ON o.id = c.chair_organization_id";

#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn committees(db: &Db) -> StoreResult<Vec<CommitteeRow>> {
    Ok(query_as(format!("{COMMITTEES} ORDER BY c.id"))
        .fetch_all(db)
        .await?)
}

/// Reads one committee's published objects; `None` if there is no such committee.
#[tracing::instrument(level = "debug", skip_all, fields(committee = ?committee), err(level = "debug"))]
pub async fn body(db: &Db, committee: i64) -> StoreResult<Option<Body>> {
    let body = {
        let Some(row): Option<CommitteeRow> = query_as(format!("{COMMITTEES} WHERE c.id = $1"))
            .bind(committee)
            .fetch_optional(db)
            .await?
        else {
            return Ok(None);
        };
        let benches =
            query_as("SELECT id, name FROM benches WHERE committee_id = $1 ORDER BY position, id")
                .bind(committee)
                .fetch_all(db)
                .await?;
        let persons = query_as(
            "SELECT u.id, u.display_name, u.organization_id, u.created_at, u.updated_at \
             FROM users u WHERE u.publish_consent = $2 AND u.disabled_at IS NULL AND EXISTS \
             (SELECT 1 FROM memberships m JOIN benches b ON b.id = m.bench_id \
              WHERE m.user_id = u.id AND b.committee_id = $1) ORDER BY u.id",
        )
        .bind(committee)
        .bind(true)
        .fetch_all(db)
        .await?;
        let memberships = query_as(
            "SELECT m.id, m.user_id, m.bench_id, m.seat, m.valid_from, m.valid_until, \
             m.created_at, m.updated_at FROM memberships m JOIN benches b ON b.id = m.bench_id \
             JOIN users u ON u.id = m.user_id WHERE b.committee_id = $1 \
             AND u.publish_consent = $2 AND u.disabled_at IS NULL ORDER BY m.id",
        )
        .bind(committee)
        .bind(true)
        .fetch_all(db)
        .await?;
        let meetings = query_as(
            "SELECT s.id, s.title, s.format, s.status, s.starts_at, s.ends_at, s.location, \
             s.created_at, s.updated_at, v.first_published, v.last_published, \
             mi.finalised_at AS minutes_final, \
             CASE WHEN mi.state = 'draft' THEN NULL ELSE mi.updated_at END AS minutes_updated \
             FROM meetings s JOIN (SELECT meeting_id, MIN(published_at) AS first_published, \
             MAX(published_at) AS last_published FROM agenda_versions GROUP BY meeting_id) v \
             ON v.meeting_id = s.id LEFT JOIN minutes mi ON mi.meeting_id = s.id \
             WHERE s.committee_id = $1 AND s.public = $2 ORDER BY s.id",
        )
        .bind(committee)
        .bind(true)
        .fetch_all(db)
        .await?;
        let working: Vec<ItemRow> = query_as(
            "SELECT i.id, i.meeting_id, i.position, i.level, i.title, i.public, i.outcome, \
             CASE WHEN t.public = $2 AND t.state = 'accepted' THEN t.id END AS topic_id, \
             CASE WHEN t.public = $2 AND t.state = 'accepted' AND d.public = $2 \
             AND d.status <> 'draft' THEN d.id END AS demand_id, i.created_at \
             FROM agenda_items i JOIN meetings s ON s.id = i.meeting_id \
             LEFT JOIN topics t ON t.id = i.topic_id LEFT JOIN demands d ON d.id = t.demand_id \
             WHERE s.committee_id = $1 AND s.public = $2 \
             AND EXISTS (SELECT 1 FROM agenda_versions v WHERE v.meeting_id = s.id) \
             ORDER BY i.meeting_id, i.position, i.id",
        )
        .bind(committee)
        .bind(true)
        .fetch_all(db)
        .await?;
        let decisions = query_as(
            "SELECT de.item_id, de.kind, de.text, de.period, de.seq, de.updated_at \
             FROM decisions de JOIN meetings s ON s.id = de.meeting_id \
             WHERE s.committee_id = $1 AND s.public = $2 ORDER BY de.item_id, de.seq",
        )
        .bind(committee)
        .bind(true)
        .fetch_all(db)
        .await?;
        // The newest published version of each public meeting: what the public may read.
        let versions: Vec<(i64, String)> = query_as(
            "SELECT v.meeting_id, v.items FROM agenda_versions v \
             JOIN meetings s ON s.id = v.meeting_id WHERE s.committee_id = $1 AND s.public = $2 \
             AND v.number = (SELECT MAX(w.number) FROM agenda_versions w \
             WHERE w.meeting_id = v.meeting_id) ORDER BY v.meeting_id",
        )
        .bind(committee)
        .bind(true)
        .fetch_all(db)
        .await?;
        let items = published(working, &versions);
        let mut topics: Vec<PaperRow> = query_as(
            "SELECT t.id, t.title, t.description AS text, 'topic' AS status, \
             u.organization_id, NULL AS category, t.created_at, t.updated_at AS modified_at \
             FROM topics t JOIN users u ON u.id = t.submitted_by \
             WHERE t.committee_id = $1 AND t.public = $2 AND t.state = 'accepted' ORDER BY t.id",
        )
        .bind(committee)
        .bind(true)
        .fetch_all(db)
        .await?;
        let participants = query_as(
            "SELECT a.meeting_id, m.user_id FROM attendance a \
             JOIN memberships m ON m.id = COALESCE(a.represented_by, a.membership_id) \
             JOIN meetings s ON s.id = a.meeting_id WHERE s.committee_id = $1 \
             AND a.presence IN ('present', 'represented') ORDER BY a.meeting_id, m.user_id",
        )
        .bind(committee)
        .fetch_all(db)
        .await?;
        // A public topic is a paper only where it was published (on a public item of the last
        // published agenda of a public meeting); elsewhere it stays internal.
        topics.retain(|t| items.iter().any(|i| i.topic_id == Some(t.id)));
        Some(Body {
            committee: row,
            participants,
            benches,
            persons,
            memberships,
            meetings,
            items,
            decisions,
            topics,
        })
    };
    Ok(body)
}

/// The published items: for each meeting, the public items of its newest version in that
/// version's order, numbers and titles, joined to their working rows (for decisions, papers and
/// outcomes). An item made internal or deleted since publication is left out (its tombstone
/// tells clients); one added since does not appear before the next publication.
fn published(working: Vec<ItemRow>, versions: &[(i64, String)]) -> Vec<ItemRow> {
    let mut out = Vec::new();
    for (meeting, json) in versions {
        let frozen: Vec<PublishedItem> = match serde_json::from_str(json) {
            Ok(items) => items,
            Err(error) => {
                tracing::error!(meeting, %error, "unreadable published agenda version");
                continue;
            }
        };
        for (position, item) in frozen.into_iter().filter(|i| i.public).enumerate() {
            let Some(row) = working
                .iter()
                .find(|w| w.id == item.item_id && w.meeting_id == *meeting && w.public)
            else {
                continue;
            };
            out.push(ItemRow {
                number: item.number,
                title: item.title,
                position: i32::try_from(position).unwrap_or(i32::MAX),
                ..row.clone()
            });
        }
    }
    out
}

/// Time bounds of a list request (inclusive), on `created` and `modified`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub created_since: Option<DateTime<Utc>>,
    pub created_until: Option<DateTime<Utc>>,
    pub modified_since: Option<DateTime<Utc>>,
    pub modified_until: Option<DateTime<Utc>>,
}

impl Window {
    pub fn contains(&self, created: DateTime<Utc>, modified: DateTime<Utc>) -> bool {
        self.created_since.is_none_or(|t| created >= t)
            && self.created_until.is_none_or(|t| created <= t)
            && self.modified_since.is_none_or(|t| modified >= t)
            && self.modified_until.is_none_or(|t| modified <= t)
    }
}

/// Public demands (not drafts) as papers; `modified` also moves when the demand is put on an
/// agenda, since the paper then lists one more consultation.
const DEMAND_PAPERS: &str = "SELECT * FROM (SELECT d.id, d.title, d.problem AS text, d.status, \
     d.organization_id, c.name AS category, d.created_at, \
     CASE WHEN l.at IS NOT NULL AND l.at > d.updated_at THEN l.at ELSE d.updated_at END \
     AS modified_at FROM demands d JOIN demand_categories c ON c.id = d.category_id \
     LEFT JOIN (SELECT t.demand_id, MAX(i.created_at) AS at FROM agenda_items i \
     JOIN topics t ON t.id = i.topic_id JOIN meetings s ON s.id = i.meeting_id \
     WHERE t.demand_id IS NOT NULL AND s.public = $1 AND i.public = $1 GROUP BY t.demand_id) l \
     ON l.demand_id = d.id WHERE d.public = $1 AND d.status <> 'draft') p \
     WHERE ($2 IS NULL OR p.created_at >= $2) AND ($3 IS NULL OR p.created_at <= $3) \
     AND ($4 IS NULL OR p.modified_at >= $4) AND ($5 IS NULL OR p.modified_at <= $5)";

/// Where a public demand's paper was put on a public agenda (its `modified` moves then).
const ON_AGENDA: &str = "SELECT t.demand_id FROM agenda_items i JOIN topics t ON t.id = i.topic_id \
     JOIN meetings s ON s.id = i.meeting_id \
     WHERE t.demand_id IS NOT NULL AND s.public = $1 AND i.public = $1";

/// The conditions on `demands d` that put its paper in `window`, with their values from `$1`.
/// Only the bounds that are set become conditions, so each can use its index.
fn in_window(window: &Window) -> (String, Vec<Value>) {
    let mut binds = vec![true.value()];
    let mut conditions = vec!["d.public = $1 AND d.status <> 'draft'".to_owned()];
    let mut push = |value: DateTime<Utc>| {
        binds.push(value.value());
        format!("${}", binds.len())
    };
    if let Some(since) = window.created_since {
        conditions.push(format!("d.created_at >= {}", push(since)));
    }
    if let Some(until) = window.created_until {
        conditions.push(format!("d.created_at <= {}", push(until)));
    }
    // `modified` is the later of the demand's own change and its latest public agenda entry.
    if let Some(since) = window.modified_since {
        let p = push(since);
        // A union of two index lookups: with an OR, both databases walked every demand.
        conditions.push(format!(
            "d.id IN (SELECT id FROM demands WHERE updated_at >= {p} \
             UNION {ON_AGENDA} AND i.created_at >= {p})"
        ));
    }
    if let Some(until) = window.modified_until {
        let p = push(until);
        conditions.push(format!(
            "d.updated_at <= {p} AND d.id NOT IN ({ON_AGENDA} AND i.created_at > {p})"
        ));
    }
    (conditions.join(" AND "), binds)
}

/// How many demand papers lie in the window, and `limit` of them from `offset`, by id. The
/// page's ids come from the demands table alone; only those rows are then read as papers.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn demand_papers(
    db: &Db,
    window: &Window,
    offset: u64,
    limit: u64,
) -> StoreResult<(u64, Vec<PaperRow>)> {
    let (conditions, binds) = in_window(window);
    let count_sql = format!("SELECT COUNT(*) FROM demands d WHERE {conditions}");
    // Remembered until the next change (`store::totals`): a client paging through all papers
    // asks for the same total on every page.
    let total = totals::count(db, &count_sql, &binds).await?;
    let ids: Vec<i64> = if limit == 0 {
        Vec::new()
    } else {
        query_scalar(format!(
            "SELECT d.id FROM demands d WHERE {conditions} ORDER BY d.id LIMIT {} OFFSET {}",
            i64::try_from(limit).unwrap_or(i64::MAX),
            i64::try_from(offset).unwrap_or(i64::MAX)
        ))
        .bind_all(&binds)
        .fetch_all(db)
        .await?
    };
    let rows = if ids.is_empty() {
        Vec::new()
    } else {
        let listed: Vec<String> = ids.iter().map(i64::to_string).collect();
        query_as(format!(
            "{DEMAND_PAPERS} AND p.id IN ({}) ORDER BY p.id",
            listed.join(", ")
        ))
        .bind(true)
        .bind(None::<DateTime<Utc>>)
        .bind(None::<DateTime<Utc>>)
        .bind(None::<DateTime<Utc>>)
        .bind(None::<DateTime<Utc>>)
        .fetch_all(db)
        .await?
    };
    Ok((u64::try_from(total).unwrap_or(0), rows))
}

/// One public demand as a paper.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn demand_paper(db: &Db, id: i64) -> StoreResult<Option<PaperRow>> {
    Ok(query_as(format!("{DEMAND_PAPERS} AND p.id = $6"))
        .bind(true)
        .bind(None::<DateTime<Utc>>)
        .bind(None::<DateTime<Utc>>)
        .bind(None::<DateTime<Utc>>)
        .bind(None::<DateTime<Utc>>)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// The organizations that raised a published paper (public demands, accepted public topics of
/// `committee`), by id.
#[tracing::instrument(level = "debug", skip_all, fields(committee = ?committee), err(level = "debug"))]
pub async fn originators(db: &Db, committee: i64) -> StoreResult<Vec<OriginatorRow>> {
    Ok(query_as(
        "SELECT o.id, o.name, o.kind, o.ags, o.website, o.created_at, o.updated_at \
             FROM organizations o WHERE o.id IN \
             (SELECT organization_id FROM demands WHERE public = $2 AND status <> 'draft' \
              UNION SELECT u.organization_id FROM topics t JOIN users u ON u.id = t.submitted_by \
              WHERE t.committee_id = $1 AND t.public = $2 AND t.state = 'accepted') \
             ORDER BY o.id",
    )
    .bind(committee)
    .bind(true)
    .fetch_all(db)
    .await?)
}

/// Tombstones of one kind ("meeting", "agenda-item", "paper", "person", "membership").
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn tombstones(db: &Db, kind: &str) -> StoreResult<Vec<Tombstone>> {
    Ok(query_as(
        "SELECT object, created_at, deleted_at FROM oparl_deleted WHERE kind = $1 \
             ORDER BY object",
    )
    .bind(kind)
    .fetch_all(db)
    .await?)
}

/// The tombstone at `object` ("meeting/12"), if that object was published and is gone.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn tombstone(db: &Db, object: &str) -> StoreResult<Option<Tombstone>> {
    Ok(
        query_as("SELECT object, created_at, deleted_at FROM oparl_deleted WHERE object = $1")
            .bind(object)
            .fetch_optional(db)
            .await?,
    )
}
