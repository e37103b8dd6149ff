//! Imports a parsed register into the store, level by level so parents exist before children,
//! in batches of one transaction each.

use std::collections::{BTreeMap, HashSet};

use super::destatis::{RegisterFile, RegisterRecord, RowError};
use crate::domain::organization::OrganizationKind;
use crate::store::organizations::{self, RegisterUpsert, UpsertCounts};
use crate::store::{Db, StoreResult};

/// Rows per transaction: large enough to be fast, small enough that a crash loses little and
/// readers are never blocked for long.
pub const BATCH_SIZE: usize = 500;

/// Reported after each batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

/// What an import did, per kind, and which rows it skipped and why.
#[derive(Debug, Default)]
pub struct ImportSummary {
    pub per_kind: BTreeMap<OrganizationKind, UpsertCounts>,
    pub bad_rows: Vec<RowError>,
    pub ignored: BTreeMap<&'static str, usize>,
}

impl ImportSummary {
    pub fn imported(&self, kind: OrganizationKind) -> u64 {
        self.per_kind
            .get(&kind)
            .map_or(0, |c| c.inserted + c.updated + c.unchanged)
    }
}

const LEVELS: [OrganizationKind; 4] = [
    OrganizationKind::Land,
    OrganizationKind::Kreis,
    OrganizationKind::Gemeindeverband,
    OrganizationKind::Gemeinde,
];

/// Imports every record of `file`. A second run updates what changed and duplicates nothing. A
/// record whose parent is missing (neither in the file nor in the store) is skipped and reported.
pub async fn import_register(
    db: &Db,
    file: RegisterFile,
    mut progress: impl FnMut(ImportProgress),
) -> StoreResult<ImportSummary> {
    let total = file.records.len();
    let mut summary = ImportSummary {
        bad_rows: file.bad_rows,
        ignored: file.ignored,
        ..Default::default()
    };
    let mut done = 0;
    let mut lands = organizations::ids_by_ars(db, OrganizationKind::Land).await?;
    let mut kreise = organizations::ids_by_ars(db, OrganizationKind::Kreis).await?;
    let mut verbaende = organizations::ids_by_ars(db, OrganizationKind::Gemeindeverband).await?;

    for level in LEVELS {
        let records: Vec<&RegisterRecord> =
            file.records.iter().filter(|r| r.kind == level).collect();
        let known: HashSet<String> = organizations::ids_by_ars(db, level)
            .await?
            .into_keys()
            .collect();
        let mut upserts = Vec::with_capacity(records.len());
        for record in records {
            let land_id = lands.get(record.land_ars()).copied();
            let kreis_id = record.kreis_ars().and_then(|k| kreise.get(k).copied());
            let verband_id = record
                .gemeindeverband_ars()
                .and_then(|v| verbaende.get(v).copied());
            let missing = match level {
                OrganizationKind::Land => None,
                _ if land_id.is_none() => Some(format!("Land {} fehlt", record.land_ars())),
                OrganizationKind::Kreis => None,
                // Gemeindefreie Gebiete such as coastal waters belong to no Kreis ("00").
                _ if kreis_id.is_none()
                    && !record.kreis_ars().is_some_and(|k| k.ends_with("00")) =>
                {
                    Some(format!(
                        "Kreis {} fehlt",
                        record.kreis_ars().unwrap_or_default()
                    ))
                }
                _ => None,
            };
            if let Some(reason) = missing {
                summary.bad_rows.push(RowError {
                    line: record.line,
                    reason,
                });
                done += 1;
                continue;
            }
            upserts.push(RegisterUpsert {
                record,
                parent_id: match level {
                    OrganizationKind::Land => None,
                    OrganizationKind::Kreis => land_id,
                    _ => kreis_id.or(land_id),
                },
                land_id: if level == OrganizationKind::Land {
                    None
                } else {
                    land_id
                },
                gemeindeverband_id: verband_id,
            });
        }
        for batch in upserts.chunks(BATCH_SIZE) {
            let counts = organizations::upsert_register(db, batch, &known).await?;
            let entry = summary.per_kind.entry(level).or_default();
            entry.inserted += counts.inserted;
            entry.updated += counts.updated;
            entry.unchanged += counts.unchanged;
            done += batch.len();
            progress(ImportProgress { done, total });
        }
        match level {
            OrganizationKind::Land => lands = organizations::ids_by_ars(db, level).await?,
            OrganizationKind::Kreis => kreise = organizations::ids_by_ars(db, level).await?,
            OrganizationKind::Gemeindeverband => {
                verbaende = organizations::ids_by_ars(db, level).await?
            }
            _ => {}
        }
    }
    summary.bad_rows.sort_by_key(|e| e.line);
    Ok(summary)
}
