//! Queries that run on either database, as ordinary code: a query carries its SQL text and its
//! arguments as plain [`Value`]s and is bound for SQLite or PostgreSQL only when it runs.
//!
//! This is the one place that knows there are two databases at the level of a query; entity
//! modules write `query(…).bind(…).fetch_all(db)` once, with `$1` placeholders (portable), and
//! read rows into tuples or `FromRow` types that decode on both. Unlike `sqlx::Any` it keeps the
//! argument types PostgreSQL needs (`BIGINT` vs `INTEGER`, typed NULLs, `TIMESTAMPTZ`, `DATE`).

use std::borrow::Cow;
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::postgres::{PgArguments, PgConnection, PgPool, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{Arguments, Decode, FromRow, Postgres, Sqlite, Transaction, Type};

use super::{Backend, Db};

/// One argument of a query, typed the way the database expects it; `None` is a typed NULL.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    BigInt(Option<i64>),
    Int(Option<i32>),
    Float(Option<f64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    TimeOfDay(Option<NaiveTime>),
}

/// A Rust value that is one column's argument. Implemented for the scalar types the schema
/// uses; `Option<T>` and references follow from it.
pub trait Scalar: Sized {
    /// The value, or a NULL of this column type.
    fn wrap(value: Option<Self>) -> Value;

    fn some(self) -> Value {
        Self::wrap(Some(self))
    }

    fn null() -> Value {
        Self::wrap(None)
    }
}

/// What `bind` takes: a scalar, an optional scalar, or a reference to either.
pub trait Bind {
    fn value(self) -> Value;
}

impl<T: Scalar> Bind for T {
    fn value(self) -> Value {
        self.some()
    }
}

impl<T: Scalar> Bind for Option<T> {
    fn value(self) -> Value {
        self.map_or_else(T::null, T::some)
    }
}

impl<T: Scalar + Clone> Bind for &Option<T> {
    fn value(self) -> Value {
        self.clone().value()
    }
}

impl Scalar for i64 {
    fn wrap(value: Option<Self>) -> Value {
        Value::BigInt(value)
    }
}

impl Scalar for i32 {
    fn wrap(value: Option<Self>) -> Value {
        Value::Int(value)
    }
}

impl Scalar for f64 {
    fn wrap(value: Option<Self>) -> Value {
        Value::Float(value)
    }
}

impl Scalar for bool {
    fn wrap(value: Option<Self>) -> Value {
        Value::Bool(value)
    }
}

/// Text as the databases take it: without NUL characters, which PostgreSQL refuses in any text
/// (and SQLite cuts strings at in places). A NUL typed or sent by anyone means nothing.
fn text(value: String) -> String {
    if value.contains('\0') {
        value.replace('\0', "")
    } else {
        value
    }
}

impl Scalar for String {
    fn wrap(value: Option<Self>) -> Value {
        Value::Text(value.map(text))
    }
}

impl Scalar for &str {
    fn wrap(value: Option<Self>) -> Value {
        Value::Text(value.map(|v| text(v.to_owned())))
    }
}

impl<T: Scalar + Clone> Scalar for &T {
    fn wrap(value: Option<Self>) -> Value {
        T::wrap(value.cloned())
    }
}

impl Scalar for DateTime<Utc> {
    fn wrap(value: Option<Self>) -> Value {
        Value::Time(value)
    }
}

impl Scalar for NaiveDate {
    fn wrap(value: Option<Self>) -> Value {
        Value::Date(value)
    }
}

impl Scalar for NaiveTime {
    fn wrap(value: Option<Self>) -> Value {
        Value::TimeOfDay(value)
    }
}

/// A type a row decodes into on both databases (tuples of [`Column`]s, `FromRow` structs).
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A type one column decodes into on both databases.
pub trait Column:
    for<'r> Decode<'r, Sqlite>
    + Type<Sqlite>
    + for<'r> Decode<'r, Postgres>
    + Type<Postgres>
    + Send
    + Unpin
{
}

impl<T> Column for T where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + Send
        + Unpin
{
}

/// An open transaction. Dropping it without [`Tx::commit`] rolls it back, so an early return
/// with `?` leaves nothing behind.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Db {
    /// Opens a transaction. On SQLite it runs on the single writer connection and starts with
    /// `BEGIN IMMEDIATE`, so it takes the write lock up front and never fails half-way on it.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite { writer, .. } => Tx::Sqlite(writer.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

impl Tx {
    /// Commits, and forgets the remembered list totals (`store::totals`).
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let done = match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        };
        super::totals::changed();
        done
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Where a query runs: the read pool of a [`Db`] (`&db`) or an open transaction (`&mut tx`).
pub enum On<'a> {
    SqlitePool(&'a SqlitePool),
    Sqlite(&'a mut SqliteConnection),
    PostgresPool(&'a PgPool),
    Postgres(&'a mut PgConnection),
}

impl<'a> From<&'a Db> for On<'a> {
    /// Reads outside a transaction go to SQLite's read-only pool, so they never wait for the
    /// writer.
    fn from(db: &'a Db) -> Self {
        match db {
            Db::Sqlite { reader, .. } => On::SqlitePool(reader),
            Db::Postgres(pool) => On::PostgresPool(pool),
        }
    }
}

impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        match tx {
            Tx::Sqlite(tx) => On::Sqlite(tx),
            Tx::Postgres(tx) => On::Postgres(tx),
        }
    }
}

/// What running a statement reports.
#[derive(Clone, Copy, Debug)]
pub struct Done(u64);

impl Done {
    pub fn rows_affected(self) -> u64 {
        self.0
    }
}

/// A statement without result rows (or whose rows are not read).
#[must_use = "a query does nothing until it is executed"]
pub struct Query<'q> {
    sql: Cow<'q, str>,
    args: Vec<Value>,
}

/// A query whose rows decode into `T`.
#[must_use = "a query does nothing until it is fetched"]
pub struct QueryAs<'q, T> {
    query: Query<'q>,
    row: PhantomData<fn() -> T>,
}

/// A query whose rows have one column, decoded into `T`.
#[must_use = "a query does nothing until it is fetched"]
pub struct QueryScalar<'q, T> {
    query: Query<'q>,
    column: PhantomData<fn() -> T>,
}

pub fn query<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query {
        sql: sql.into(),
        args: Vec::new(),
    }
}

pub fn query_as<'q, T: Record>(sql: impl Into<Cow<'q, str>>) -> QueryAs<'q, T> {
    QueryAs {
        query: query(sql),
        row: PhantomData,
    }
}

pub fn query_scalar<'q, T: Column>(sql: impl Into<Cow<'q, str>>) -> QueryScalar<'q, T> {
    QueryScalar {
        query: query(sql),
        column: PhantomData,
    }
}

impl<'q> Query<'q> {
    /// Adds the next argument (`$1`, `$2`, … in order).
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.args.push(value.value());
        self
    }

    /// Adds arguments built elsewhere (a filter's conditions), in order.
    pub fn bind_all(mut self, values: &[Value]) -> Self {
        self.args.extend_from_slice(values);
        self
    }

    pub async fn execute(self, on: impl Into<On<'_>>) -> Result<Done, sqlx::Error> {
        let sql = self.sql.as_ref();
        let rows = match on.into() {
            On::SqlitePool(pool) => sqlx::query_with(sql, sqlite(self.args)?)
                .execute(pool)
                .await?
                .rows_affected(),
            On::Sqlite(conn) => sqlx::query_with(sql, sqlite(self.args)?)
                .execute(conn)
                .await?
                .rows_affected(),
            On::PostgresPool(pool) => sqlx::query_with(sql, postgres(self.args)?)
                .execute(pool)
                .await?
                .rows_affected(),
            On::Postgres(conn) => sqlx::query_with(sql, postgres(self.args)?)
                .execute(conn)
                .await?
                .rows_affected(),
        };
        Ok(Done(rows))
    }
}

impl<'q, T: Record> QueryAs<'q, T> {
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.query = self.query.bind(value);
        self
    }

    pub fn bind_all(mut self, values: &[Value]) -> Self {
        self.query = self.query.bind_all(values);
        self
    }

    pub async fn fetch_all(self, on: impl Into<On<'_>>) -> Result<Vec<T>, sqlx::Error> {
        self.rows(on.into(), Fetch::All).await
    }

    pub async fn fetch_optional(self, on: impl Into<On<'_>>) -> Result<Option<T>, sqlx::Error> {
        Ok(self.rows(on.into(), Fetch::First).await?.pop())
    }

    async fn rows(self, on: On<'_>, fetch: Fetch) -> Result<Vec<T>, sqlx::Error> {
        let Query { sql, args } = self.query;
        match on {
            On::SqlitePool(pool) => rows_on(&sql, sqlite(args)?, pool, fetch).await,
            On::Sqlite(conn) => rows_on(&sql, sqlite(args)?, conn, fetch).await,
            On::PostgresPool(pool) => rows_on(&sql, postgres(args)?, pool, fetch).await,
            On::Postgres(conn) => rows_on(&sql, postgres(args)?, conn, fetch).await,
        }
    }

    pub async fn fetch_one(self, on: impl Into<On<'_>>) -> Result<T, sqlx::Error> {
        self.fetch_optional(on)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }
}

impl<'q, T: Column> QueryScalar<'q, T> {
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.query = self.query.bind(value);
        self
    }

    pub fn bind_all(mut self, values: &[Value]) -> Self {
        self.query = self.query.bind_all(values);
        self
    }

    fn rows(self) -> QueryAs<'q, (T,)> {
        QueryAs {
            query: self.query,
            row: PhantomData,
        }
    }

    pub async fn fetch_all(self, on: impl Into<On<'_>>) -> Result<Vec<T>, sqlx::Error> {
        let rows = self.rows().fetch_all(on).await?;
        Ok(rows.into_iter().map(|(value,)| value).collect())
    }

    pub async fn fetch_optional(self, on: impl Into<On<'_>>) -> Result<Option<T>, sqlx::Error> {
        Ok(self.rows().fetch_optional(on).await?.map(|(value,)| value))
    }

    pub async fn fetch_one(self, on: impl Into<On<'_>>) -> Result<T, sqlx::Error> {
        Ok(self.rows().fetch_one(on).await?.0)
    }
}

/// All rows, or the first one only.
#[derive(Clone, Copy)]
enum Fetch {
    All,
    First,
}

/// Runs a bound query on one database's executor.
async fn rows_on<'e, 'q: 'e, DB, A, T, E>(
    sql: &'q str,
    args: A,
    on: E,
    fetch: Fetch,
) -> Result<Vec<T>, sqlx::Error>
where
    DB: sqlx::Database,
    A: sqlx::IntoArguments<'q, DB> + 'q,
    E: sqlx::Executor<'e, Database = DB>,
    T: for<'r> FromRow<'r, DB::Row> + Send + Unpin + 'e,
{
    let query = sqlx::query_as_with::<DB, T, A>(sql, args);
    Ok(match fetch {
        Fetch::All => query.fetch_all(on).await?,
        Fetch::First => query.fetch_optional(on).await?.into_iter().collect(),
    })
}

fn sqlite(values: Vec<Value>) -> Result<SqliteArguments<'static>, sqlx::Error> {
    let mut args = SqliteArguments::default();
    for value in values {
        match value {
            Value::BigInt(v) => args.add(v),
            Value::Int(v) => args.add(v),
            Value::Float(v) => args.add(v),
            Value::Bool(v) => args.add(v),
            Value::Text(v) => args.add(v),
            Value::Time(v) => args.add(v),
            Value::Date(v) => args.add(v),
            Value::TimeOfDay(v) => args.add(v),
        }
        .map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

fn postgres(values: Vec<Value>) -> Result<PgArguments, sqlx::Error> {
    let mut args = PgArguments::default();
    for value in values {
        match value {
            Value::BigInt(v) => args.add(v),
            Value::Int(v) => args.add(v),
            Value::Float(v) => args.add(v),
            Value::Bool(v) => args.add(v),
            Value::Text(v) => args.add(v),
            Value::Time(v) => args.add(v),
            Value::Date(v) => args.add(v),
            Value::TimeOfDay(v) => args.add(v),
        }
        .map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

#[cfg(test)]
mod tests;
