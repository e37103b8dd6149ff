//! The SQLite and PostgreSQL migrations build the same schema: the same tables, the same
//! columns with the same nullability, and the same named indexes. A column or index added to
//! one dialect only fails here.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use std::collections::BTreeMap;

use gremium::store::Db;

use crate::support::TestDb;

/// Table → column → nullable.
type Columns = BTreeMap<String, BTreeMap<String, bool>>;

/// Tables of our own: not sqlx's bookkeeping, not SQLite's internals or full-text shadow
/// tables (PostgreSQL searches through generated columns instead).
fn ours(table: &str) -> bool {
    !table.starts_with("_sqlx") && !table.starts_with("sqlite_") && !table.contains("_fts")
}

async fn sqlite_schema(db: &Db) -> (Columns, Vec<String>) {
    let Db::Sqlite { reader, .. } = db else {
        panic!("not SQLite")
    };
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(reader)
            .await
            .unwrap();
    let mut columns = Columns::new();
    for table in tables.into_iter().filter(|t| ours(t)) {
        let rows: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT name, \"notnull\", pk FROM pragma_table_info($1)")
                .bind(&table)
                .fetch_all(reader)
                .await
                .unwrap();
        // A primary key column is never null, whatever SQLite's flag says.
        let of_table = rows
            .into_iter()
            .map(|(name, not_null, pk)| (name, not_null == 0 && pk == 0))
            .collect();
        columns.insert(table, of_table);
    }
    let mut indexes: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .fetch_all(reader)
    .await
    .unwrap();
    indexes.retain(|i| ours(i));
    indexes.sort();
    (columns, indexes)
}

async fn postgres_schema(db: &Db) -> (Columns, Vec<String>) {
    let Db::Postgres(pool) = db else {
        panic!("not PostgreSQL")
    };
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.is_nullable::text \
         FROM information_schema.columns c JOIN information_schema.tables t \
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' \
         AND c.is_generated = 'NEVER'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut columns = Columns::new();
    // Generated columns (the full-text search vectors) are PostgreSQL's way of searching; SQLite
    // has its own tables for that, left out above.
    for (table, column, nullable) in rows.into_iter().filter(|(t, _, _)| ours(t)) {
        columns
            .entry(table)
            .or_default()
            .insert(column, nullable == "YES");
    }
    // Indexes we named ourselves, not those PostgreSQL makes for keys and unique constraints.
    let mut indexes: Vec<String> = sqlx::query_scalar(
        "SELECT i.indexname::text FROM pg_indexes i WHERE i.schemaname = 'public' \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    indexes.retain(|i| ours(i) && !i.ends_with("_search"));
    indexes.sort();
    (columns, indexes)
}

#[tokio::test]
async fn both_migrations_build_the_same_schema() {
    let sqlite = TestDb::sqlite().await;
    let postgres = TestDb::postgres().await;
    let (sqlite_columns, sqlite_indexes) = sqlite_schema(&sqlite.db).await;
    let (postgres_columns, postgres_indexes) = postgres_schema(&postgres.db).await;
    sqlite.cleanup().await;
    postgres.cleanup().await;

    let tables = |c: &Columns| c.keys().cloned().collect::<Vec<_>>();
    assert_eq!(tables(&sqlite_columns), tables(&postgres_columns), "tables");
    assert!(sqlite_columns.len() > 20, "the schema was read");
    for (table, columns) in &sqlite_columns {
        assert_eq!(
            Some(columns),
            postgres_columns.get(table),
            "columns and nullability of {table} (SQLite left, PostgreSQL right)"
        );
    }
    assert!(sqlite_indexes.len() > 10, "the indexes were read");
    assert_eq!(sqlite_indexes, postgres_indexes, "named indexes");
}
