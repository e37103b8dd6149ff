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

/// How sqlx describes a database it cannot reach (`sqlx::Error`'s messages for a pool timeout,
/// a closed pool and a failed connection).
const UNREACHABLE: [&str; 3] = [
    "pool timed out",
    "closed pool",
    "error communicating with database",
];

/// The sqlx session store for the database in use.
#[derive(Clone, Debug)]
pub struct AnyStore {
    backing: Backing,
    /// The app's database, asked whether it is there when a session cannot be read.
    db: Db,
}

#[derive(Clone, Debug)]
enum Backing {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl AnyStore {
    /// Creates the session table if needed.
    pub async fn new(db: &Db) -> Result<Self, sqlx::Error> {
        let backing = match db {
            // Session writes go through the one writer connection like every other write.
            Db::Sqlite { writer, .. } => {
                let store = SqliteStore::new(writer.clone());
                store.migrate().await?;
                Backing::Sqlite(store)
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                Backing::Postgres(store)
            }
        };
        Ok(Self {
            backing,
            db: db.clone(),
        })
    }

    /// Deletes expired sessions every hour, in the background.
    pub fn spawn_cleanup(&self) {
        let store = self.backing.clone();
        tokio::spawn(async move {
            let every = Duration::from_secs(3600);
            let result = match store {
                Backing::Sqlite(s) => s.continuously_delete_expired(every).await,
                Backing::Postgres(s) => s.continuously_delete_expired(every).await,
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
        match &self.backing {
            Backing::Sqlite(s) => s.create(record).await,
            Backing::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match &self.backing {
            Backing::Sqlite(s) => s.save(record).await,
            Backing::Postgres(s) => s.save(record).await,
        }
    }

    /// A session that cannot be read because the database is gone reads as no session: the
    /// page then says the database is unavailable (503) instead of failing with a bare 500, and
    /// the cookie stays as it is (an empty session is never written), so the person is still
    /// signed in once the database is back.
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let loaded = match &self.backing {
            Backing::Sqlite(s) => s.load(id).await,
            Backing::Postgres(s) => s.load(id).await,
        };
        match loaded {
            // The store's error is text only; these are sqlx's words for a database that cannot
            // be reached (asking the database again would wait out the pool's timeout twice).
            Err(session_store::Error::Backend(message))
                if UNREACHABLE.iter().any(|words| message.contains(words)) =>
            {
                tracing::warn!(%message, "the database is unavailable: session not read");
                Ok(None)
            }
            Err(error) if self.db.ping().await.is_err() => {
                tracing::warn!(%error, "the database is unavailable: session not read");
                Ok(None)
            }
            other => other,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match &self.backing {
            Backing::Sqlite(s) => s.delete(id).await,
            Backing::Postgres(s) => s.delete(id).await,
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
