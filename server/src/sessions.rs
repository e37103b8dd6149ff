//! Sessions: tower-sessions with its sqlx store on whichever database the app runs, and the
//! cookie settings that go with it.

use std::time::Duration;

use async_trait::async_trait;
use gremium::store::Db;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::config::Config;

/// The sqlx session store for the database in use.
#[derive(Clone, Debug)]
pub enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl AnyStore {
    /// Creates the session table if needed.
    pub async fn new(db: &Db) -> Result<Self, sqlx::Error> {
        Ok(match db {
            // Session writes go through the one writer connection like every other write.
            Db::Sqlite { writer, .. } => {
                let store = SqliteStore::new(writer.clone());
                store.migrate().await?;
                Self::Sqlite(store)
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                Self::Postgres(store)
            }
        })
    }

    /// Deletes expired sessions every hour, in the background.
    pub fn spawn_cleanup(&self) {
        let store = self.clone();
        tokio::spawn(async move {
            let every = Duration::from_secs(3600);
            let result = match store {
                AnyStore::Sqlite(s) => s.continuously_delete_expired(every).await,
                AnyStore::Postgres(s) => s.continuously_delete_expired(every).await,
            };
            if let Err(error) = result {
                tracing::error!(%error, "expired session cleanup stopped");
            }
        });
    }
}

#[async_trait]
impl SessionStore for AnyStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            AnyStore::Sqlite(s) => s.create(record).await,
            AnyStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            AnyStore::Sqlite(s) => s.save(record).await,
            AnyStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            AnyStore::Sqlite(s) => s.load(id).await,
            AnyStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            AnyStore::Sqlite(s) => s.delete(id).await,
            AnyStore::Postgres(s) => s.delete(id).await,
        }
    }
}

/// The session cookie: HttpOnly, SameSite=Lax, and Secure with the `__Host-` prefix unless
/// plain http was allowed; it expires after the idle timeout without requests.
pub fn layer(store: AnyStore, config: &Config) -> SessionManagerLayer<AnyStore> {
    let name = if config.cookie_secure {
        "__Host-gremium"
    } else {
        "gremium"
    };
    SessionManagerLayer::new(store)
        .with_name(name)
        .with_secure(config.cookie_secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(i64::from(
            config.session_idle_minutes,
        ))))
        // Without it the stored expiry is only renewed when the session's data changes, so an
        // active person would be signed out 30 minutes after signing in. Empty (anonymous)
        // sessions are still never written.
        .with_always_save(true)
}
