//! The demand list: filters and full-text search built into one WHERE clause, the CSV export
//! and similar demands while typing.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{DemandRow, SELECT};
use crate::domain::demands::{Demand, DemandFilter, DemandSort, DemandStatus, Similar, Visibility};
use crate::domain::page::{Page, PageRequest};
use crate::domain::search::{self, Match};
use crate::store::sql::{Bind, Value, query_as, query_scalar};
use crate::store::stored::Stored;
use crate::store::{Backend, Db, StoreResult, totals};

/// The WHERE clause (and search join) of a filtered list, with its values; placeholders are
/// numbered from `$1`.
pub(super) struct Built {
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

pub(super) fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// What a reader may see: submitted public demands, internal ones for committee people, and
/// everything (drafts too) of their own organization.
pub(super) fn visible(built: &mut Built, visibility: Visibility) {
    let internal = built.push(visibility.internal);
    let own = built.push(visibility.organization_id.unwrap_or(0));
    built.conditions.push(format!(
        "((d.status <> 'draft' AND (d.public OR {internal})) OR d.organization_id = {own})"
    ));
}

pub(super) fn build(backend: Backend, filter: &DemandFilter, visibility: Visibility) -> Built {
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

/// One page of the demand list with its total. The page's numbers come first from the
/// demands table alone (an index walk, however deep the page), then only those rows are read
/// with their names; the total is remembered until the next change (`store::totals`).
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
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
    let total = totals::count(db, &count_sql, &built.binds).await?;
    let ids_sql = format!(
        "SELECT d.id FROM demands d{filtered} ORDER BY {order} LIMIT {} OFFSET {}",
        page.limit(),
        page.offset()
    );
    let ids: Vec<i64> = query_scalar(&ids_sql)
        .bind_all(&built.binds)
        .fetch_all(db)
        .await?;
    Ok(Page::new(
        by_ids(db, &ids).await?,
        u64::try_from(total).unwrap_or(0),
        page,
    ))
}

/// The demands with these numbers, in this order.
async fn by_ids(db: &Db, ids: &[i64]) -> StoreResult<Vec<Demand>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!("{SELECT} WHERE d.id IN ({})", placeholders.join(", "));
    let mut found = query_as::<DemandRow>(&sql);
    for id in ids {
        found = found.bind(*id);
    }
    let mut rows = found.fetch_all(db).await?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Every demand of a filtered list, for the CSV export (at most `limit`).
#[tracing::instrument(level = "debug", skip_all, fields(limit = ?limit), err(level = "debug"))]
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

/// A text as an SQL string literal. Only for text made of search terms (letters and digits,
/// see `search::terms`); the quote is doubled all the same.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\0', "").replace('\'', "''"))
}

/// How many of the newest demands sharing a term with the typed text are ranked for "similar".
/// Ranking every match cost 50–150 ms at 100,000 demands (a common word matches half of
/// them); a duplicate is most likely among the recent ones, and ranking these is a few ms.
const CANDIDATES: i64 = 2_000;

/// Demands that share terms with `text`, best first among the newest [`CANDIDATES`] that share
/// one: open ones and decided ones, never drafts, withdrawn or merged ones.
#[tracing::instrument(level = "debug", skip_all, fields(limit = ?limit), err(level = "debug"))]
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
    // The meeting that decided, only where the reader sees both it and the decision's item.
    let internal = built.push(visibility.internal);
    let decided = format!(
        "FROM decision_demands dd JOIN decisions de ON de.id = dd.decision_id \
         JOIN meetings s ON s.id = de.meeting_id JOIN agenda_items ai ON ai.id = de.item_id \
         WHERE dd.demand_id = d.id AND ((s.public AND ai.public) OR {internal})"
    );
    let (from, order) = match db.backend() {
        Backend::Sqlite => {
            let q = built.push(search::fts5_query(&terms, Match::Any));
            (
                format!(
                    "(SELECT fid, rank FROM (SELECT rowid AS fid, bm25(demand_fts) AS rank \
                     FROM demand_fts WHERE demand_fts MATCH {q} ORDER BY rowid DESC \
                     LIMIT {CANDIDATES}) ORDER BY rank LIMIT 200) f JOIN demands d ON d.id = f.fid"
                ),
                "f.rank".to_owned(),
            )
        }
        Backend::Postgres => {
            // Written into the statement, not bound: with a parameter, PostgreSQL soon plans
            // once for any text and guesses few matches, then fetches all 58,000 rows a common
            // word matches (47 ms) instead of walking the newest ones (5 ms).
            let q = literal(&search::tsquery(&terms, Match::Any));
            (
                format!(
                    "(SELECT id FROM demands WHERE search @@ to_tsquery('simple', {q}) \
                     ORDER BY id DESC LIMIT {CANDIDATES}) c JOIN demands d ON d.id = c.id"
                ),
                format!("ts_rank(d.search, to_tsquery('simple', {q})) DESC"),
            )
        }
    };
    let sql = format!(
        "SELECT d.id, d.title, d.status, d.cosign_count, \
         (SELECT s.id {decided} ORDER BY s.starts_at DESC LIMIT 1) AS meeting_id, \
         (SELECT s.title {decided} ORDER BY s.starts_at DESC LIMIT 1) AS meeting_title \
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
            |(id, title, status, count, meeting, meeting_title)| Similar {
                id,
                title,
                status: status.0,
                cosignatures: i64::from(count),
                decided_in: meeting.zip(meeting_title),
            },
        )
        .collect())
}
