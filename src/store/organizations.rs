//! SQL for organizations: the directory search, the detail page and the register upsert.

use std::collections::HashMap;

use chrono::Utc;

use super::sql::{query, query_as, query_scalar};
use super::stored::Stored;
use super::{Db, StoreError, StoreResult};
use crate::domain::organization::{
    CHILDREN_SHOWN, Designation, NameOrKey, OrganizationDetail, OrganizationFilter,
    OrganizationKind, OrganizationRef, OrganizationSummary,
};
use crate::domain::page::{Page, PageRequest};
use crate::domain::text::{escape_like, fold_for_search};
use crate::register::RegisterRecord;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    name: String,
    short_name: Option<String>,
    kind: Stored<OrganizationKind>,
    designation: Option<i32>,
    ags: Option<String>,
    ars: Option<String>,
    population: Option<i64>,
    land_name: Option<String>,
}

impl SummaryRow {
    fn into_summary(self) -> OrganizationSummary {
        let kind = self.kind.0;
        OrganizationSummary {
            id: self.id,
            name: self.name,
            short_name: self.short_name,
            kind,
            designation: designation(kind, self.designation),
            ags: self.ags,
            ars: self.ars,
            population: self.population,
            land_name: self.land_name,
        }
    }
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: i64,
    name: String,
    short_name: Option<String>,
    kind: Stored<OrganizationKind>,
    designation: Option<i32>,
    ags: Option<String>,
    ars: Option<String>,
    population: Option<i64>,
    area_km2: Option<f64>,
    postal_code: Option<String>,
    website: Option<String>,
    version: i64,
    land_id: Option<i64>,
    land_name: Option<String>,
    kreis_id: Option<i64>,
    kreis_name: Option<String>,
    gemeindeverband_id: Option<i64>,
    gemeindeverband_name: Option<String>,
}

fn designation(kind: OrganizationKind, code: Option<i32>) -> Option<Designation> {
    code.and_then(|c| u8::try_from(c).ok())
        .and_then(|c| Designation::for_kind(kind, c))
}

fn reference(
    id: Option<i64>,
    name: Option<String>,
    kind: OrganizationKind,
) -> Option<OrganizationRef> {
    Some(OrganizationRef {
        id: id?,
        name: name?,
        kind,
    })
}

const SUMMARY_COLUMNS: &str = "o.id, o.name, o.short_name, o.kind, o.designation, o.ags, o.ars, o.population, \
     l.name AS land_name";

/// Filters shared by the list and its count. Parameters: $1 name pattern, $2 AGS prefix,
/// $3 ARS prefix, $4 Land, $5 kind, $6 parent (Kreis or Gemeindeverband).
const FILTER: &str = "FROM organizations o LEFT JOIN organizations l ON l.id = o.land_id \
     WHERE ($1 IS NULL OR o.search_name LIKE $1 ESCAPE '\\') \
       AND (($2 IS NULL AND $3 IS NULL) OR o.ags LIKE $2 OR o.ars LIKE $3) \
       AND ($4 IS NULL OR o.land_id = $4) \
       AND ($5 IS NULL OR o.kind = $5) \
       AND ($6 IS NULL OR o.parent_id = $6 OR o.gemeindeverband_id = $6)";

/// Searches the directory: names containing the folded query (names starting with it first) or
/// keys starting with the digits typed, then Land, kind and parent filters, in a stable order.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn search(
    db: &Db,
    filter: &OrganizationFilter,
) -> StoreResult<Page<OrganizationSummary>> {
    let (mut contains, mut prefix, mut ags, mut ars) = (None, None, None, None);
    match filter.matcher() {
        Some(NameOrKey::Name(name)) => {
            let escaped = escape_like(&name);
            contains = Some(format!("%{escaped}%"));
            prefix = Some(format!("{escaped}%"));
        }
        Some(NameOrKey::Key(key)) => {
            let pattern = format!("{}%", key.as_str());
            ags = key.matches_ags().then(|| pattern.clone());
            ars = key.matches_ars().then_some(pattern);
        }
        None => {}
    }
    let kind = filter.kind.map(OrganizationKind::as_str);
    let list_sql = format!(
        "SELECT {SUMMARY_COLUMNS} {FILTER} \
         ORDER BY CASE WHEN $7 IS NULL THEN 0 WHEN o.search_name LIKE $7 ESCAPE '\\' THEN 0 ELSE 1 END, \
                  o.kind_rank, o.search_name, o.id \
         LIMIT $8 OFFSET $9"
    );
    let count_sql = format!("SELECT COUNT(*) {FILTER}");
    let page = filter.page;
    {
        let total: i64 = query_scalar(&count_sql)
            .bind(&contains)
            .bind(&ags)
            .bind(&ars)
            .bind(filter.land_id)
            .bind(kind)
            .bind(filter.parent_id)
            .fetch_one(db)
            .await?;
        let rows: Vec<SummaryRow> = query_as(&list_sql)
            .bind(&contains)
            .bind(&ags)
            .bind(&ars)
            .bind(filter.land_id)
            .bind(kind)
            .bind(filter.parent_id)
            .bind(&prefix)
            .bind(page.limit())
            .bind(page.offset())
            .fetch_all(db)
            .await?;
        let items = rows.into_iter().map(SummaryRow::into_summary).collect();
        Ok(Page::new(
            items,
            u64::try_from(total).unwrap_or_default(),
            page,
        ))
    }
}

/// One organization with its parents and its first children.
#[tracing::instrument(level = "debug", skip_all, fields(id = ?id), err(level = "debug"))]
pub async fn get(db: &Db, id: i64) -> StoreResult<OrganizationDetail> {
    let sql = "SELECT o.id, o.name, o.short_name, o.kind, o.designation, o.ags, o.ars, o.population, \
                      o.area_km2, o.postal_code, o.website, o.version, \
                      l.id AS land_id, l.name AS land_name, \
                      k.id AS kreis_id, k.name AS kreis_name, \
                      v.id AS gemeindeverband_id, v.name AS gemeindeverband_name \
               FROM organizations o \
               LEFT JOIN organizations l ON l.id = o.land_id \
               LEFT JOIN organizations k ON k.id = o.parent_id AND k.kind = 'kreis' \
               LEFT JOIN organizations v ON v.id = o.gemeindeverband_id \
               WHERE o.id = $1";
    let row: Option<DetailRow> = query_as(sql).bind(id).fetch_optional(db).await?;
    let row = row.ok_or(StoreError::NotFound)?;
    let kind = row.kind.0;
    let children = if kind.is_municipal() && kind != OrganizationKind::Gemeinde {
        let filter = OrganizationFilter {
            parent_id: (kind != OrganizationKind::Land).then_some(row.id),
            land_id: (kind == OrganizationKind::Land).then_some(row.id),
            kind: (kind == OrganizationKind::Land).then_some(OrganizationKind::Kreis),
            page: PageRequest::new(Some(1), Some(CHILDREN_SHOWN)),
            ..Default::default()
        };
        search(db, &filter).await?
    } else {
        Page::new(Vec::new(), 0, PageRequest::default())
    };
    Ok(OrganizationDetail {
        id: row.id,
        name: row.name,
        short_name: row.short_name,
        kind,
        designation: designation(kind, row.designation),
        ags: row.ags,
        ars: row.ars,
        population: row.population,
        area_km2: row.area_km2,
        postal_code: row.postal_code,
        website: row.website,
        land: reference(row.land_id, row.land_name, OrganizationKind::Land),
        kreis: reference(row.kreis_id, row.kreis_name, OrganizationKind::Kreis),
        gemeindeverband: reference(
            row.gemeindeverband_id,
            row.gemeindeverband_name,
            OrganizationKind::Gemeindeverband,
        ),
        children_total: children.total,
        children: children.items,
        version: row.version,
    })
}

/// The Länder, for the filter of the list.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn lands(db: &Db) -> StoreResult<Vec<OrganizationRef>> {
    let rows: Vec<(i64, String)> =
        query_as("SELECT id, name FROM organizations WHERE kind = 'land' ORDER BY ars")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| OrganizationRef {
            id,
            name,
            kind: OrganizationKind::Land,
        })
        .collect())
}

/// How many organizations of each kind there are.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn count_by_kind(db: &Db) -> StoreResult<HashMap<OrganizationKind, u64>> {
    let rows: Vec<(Stored<OrganizationKind>, i64)> =
        query_as("SELECT kind, COUNT(*) FROM organizations GROUP BY kind")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, n)| (kind.0, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// Regionalschlüssel → id of every register unit of one kind, to resolve parent links.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn ids_by_ars(db: &Db, kind: OrganizationKind) -> StoreResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> =
        query_as("SELECT ars, id FROM organizations WHERE kind = $1 AND ars IS NOT NULL")
            .bind(kind.as_str())
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().collect())
}

/// A register record with its parents already resolved to ids.
pub struct RegisterUpsert<'a> {
    pub record: &'a RegisterRecord,
    pub parent_id: Option<i64>,
    pub land_id: Option<i64>,
    pub gemeindeverband_id: Option<i64>,
}

/// What one upserted batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// Inserts or updates register units in one transaction, keyed by Regionalschlüssel. A row whose
/// data did not change is left alone, so its version and timestamp stay as they were.
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn upsert_register(
    db: &Db,
    batch: &[RegisterUpsert<'_>],
    known: &std::collections::HashSet<String>,
) -> StoreResult<UpsertCounts> {
    const SQL: &str = "INSERT INTO organizations (kind, kind_rank, designation, name, search_name, ags, ars, \
            parent_id, land_id, gemeindeverband_id, population, area_km2, postal_code, longitude, \
            latitude, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
         ON CONFLICT (ars) DO UPDATE SET kind = excluded.kind, kind_rank = excluded.kind_rank, \
            designation = excluded.designation, name = excluded.name, \
            search_name = excluded.search_name, ags = excluded.ags, parent_id = excluded.parent_id, \
            land_id = excluded.land_id, gemeindeverband_id = excluded.gemeindeverband_id, \
            population = excluded.population, area_km2 = excluded.area_km2, \
            postal_code = excluded.postal_code, longitude = excluded.longitude, \
            latitude = excluded.latitude, updated_at = excluded.updated_at, \
            version = organizations.version + 1 \
         WHERE organizations.kind IS DISTINCT FROM excluded.kind \
            OR organizations.designation IS DISTINCT FROM excluded.designation \
            OR organizations.name IS DISTINCT FROM excluded.name \
            OR organizations.ags IS DISTINCT FROM excluded.ags \
            OR organizations.parent_id IS DISTINCT FROM excluded.parent_id \
            OR organizations.land_id IS DISTINCT FROM excluded.land_id \
            OR organizations.gemeindeverband_id IS DISTINCT FROM excluded.gemeindeverband_id \
            OR organizations.population IS DISTINCT FROM excluded.population \
            OR organizations.area_km2 IS DISTINCT FROM excluded.area_km2 \
            OR organizations.postal_code IS DISTINCT FROM excluded.postal_code \
            OR organizations.longitude IS DISTINCT FROM excluded.longitude \
            OR organizations.latitude IS DISTINCT FROM excluded.latitude";
    let now = Utc::now();
    let mut counts = UpsertCounts::default();
    let mut tx = db.begin().await?;
    for item in batch {
        let r = item.record;
        let affected = query(SQL)
            .bind(r.kind.as_str())
            .bind(r.kind.rank())
            .bind(r.designation.map(|d| i32::from(d.0)))
            .bind(&r.name)
            .bind(fold_for_search(&r.name))
            .bind(&r.ags)
            .bind(&r.ars)
            .bind(item.parent_id)
            .bind(item.land_id)
            .bind(item.gemeindeverband_id)
            .bind(r.population)
            .bind(r.area_km2)
            .bind(&r.postal_code)
            .bind(r.longitude)
            .bind(r.latitude)
            .bind(now)
            .execute(&mut tx)
            .await?
            .rows_affected();
        match (affected, known.contains(&r.ars)) {
            (0, _) => counts.unchanged += 1,
            (_, true) => counts.updated += 1,
            (_, false) => counts.inserted += 1,
        }
    }
    tx.commit().await?;

    Ok(counts)
}
