//! Totals of filtered lists, remembered until the next committed change.
//!
//! A list page shows "1–25 of 100,000"; counting 100,000 rows on every request cost more than
//! the page itself. A total is kept per database, query and arguments, and forgotten as soon
//! as any transaction of this process commits (`Tx::commit` calls [`changed`]) — so a reader
//! never sees a total older than their own change. A change made by another server process on
//! the same database shows after at most [`KEEP`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::sql::{Value, query_scalar};
use super::{Db, StoreResult};

/// How long a total is trusted without a change of this process.
pub const KEEP: Duration = Duration::from_secs(10);
/// More distinct filters than this are not worth remembering; the map starts over.
const MAX_ENTRIES: usize = 4_096;

static GENERATION: AtomicU64 = AtomicU64::new(0);
static TOTALS: LazyLock<Mutex<HashMap<String, Remembered>>> = LazyLock::new(Default::default);

struct Remembered {
    generation: u64,
    at: Instant,
    total: i64,
}

fn totals() -> MutexGuard<'static, HashMap<String, Remembered>> {
    // A panic while holding the lock leaves nothing half-written worth refusing.
    TOTALS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Something was committed: every remembered total may be wrong now.
pub fn changed() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// `SELECT COUNT(*) …` with its values, remembered per database, statement and values.
pub async fn count(db: &Db, sql: &str, binds: &[Value]) -> StoreResult<i64> {
    let key = format!("{}\n{sql}\n{binds:?}", db.identity());
    total(key, || async {
        Ok(query_scalar(sql).bind_all(binds).fetch_one(db).await?)
    })
    .await
}

/// The total under `key`, counted by `count` unless remembered since the last change.
pub async fn total<F, Fut>(key: String, count: F) -> StoreResult<i64>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = StoreResult<i64>>,
{
    // Read before counting: a change committed while counting makes this total stale at once.
    let generation = GENERATION.load(Ordering::Acquire);
    if let Some(known) = totals().get(&key)
        && known.generation == generation
        && known.at.elapsed() < KEEP
    {
        return Ok(known.total);
    }
    let total = count().await?;
    let mut totals = totals();
    if totals.len() >= MAX_ENTRIES {
        totals.clear();
    }
    totals.insert(
        key,
        Remembered {
            generation,
            at: Instant::now(),
            total,
        },
    );
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_total_is_counted_once_until_something_changes() {
        let key = || "test: a_total_is_counted_once".to_owned();
        assert_eq!(total(key(), || async { Ok(3) }).await.unwrap(), 3);
        assert_eq!(total(key(), || async { Ok(4) }).await.unwrap(), 3);
        changed();
        assert_eq!(total(key(), || async { Ok(5) }).await.unwrap(), 5);
        let other = "test: another query".to_owned();
        assert_eq!(total(other, || async { Ok(7) }).await.unwrap(), 7);
    }
}
