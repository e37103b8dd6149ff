//! Test databases: a fresh SQLite file or a fresh PostgreSQL database per test.
//!
//! PostgreSQL is found through `GREMIUM_TEST_POSTGRES_URL` (default: the local server at
//! 127.0.0.1:5432). Its tests never skip: a skipped test would read as passed, so when the
//! server is unreachable they fail. To run only the SQLite half, filter by name
//! (`cargo test sqlite`): cargo then counts the rest as filtered out.

#![allow(
    dead_code,
    reason = "shared helpers: not every test binary uses each one"
)]

use chrono::{DateTime, Duration, Utc};
use gremium::domain::account::{OrganizationLink, Principal};
use gremium::domain::audit::Actor;
use gremium::domain::calendar::{MeetingFormat, NewMeeting};
use gremium::domain::visibility::Reader;
use gremium::store::users::{self, NewUser};
use gremium::store::{Db, DbOptions, meetings};
use sqlx::Connection;

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A database for one test; `cleanup` removes it.
pub struct TestDb {
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    File(tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("data/gremium.db").display());
        let db = Db::connect(&url, &DbOptions::default())
            .await
            .expect("sqlite connect");
        Self {
            db,
            cleanup: Cleanup::File(dir),
        }
    }

    pub async fn postgres() -> Self {
        assert!(
            std::env::var_os("GREMIUM_SKIP_POSTGRES").is_none(),
            "GREMIUM_SKIP_POSTGRES is not honoured (a skipped test would read as passed): \
             start PostgreSQL, or run only the SQLite tests with `cargo test sqlite`"
        );
        let admin_url = std::env::var("GREMIUM_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let name = format!("gremium_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL at {admin_url} is not reachable ({e}). Start it, set \
                 GREMIUM_TEST_POSTGRES_URL, or run only the SQLite tests (`cargo test sqlite`)."
                )
            });
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        let url = database_url(&admin_url, &name);
        let db = Db::connect(&url, &DbOptions::default())
            .await
            .expect("postgres connect");
        Self {
            db,
            cleanup: Cleanup::Postgres { admin_url, name },
        }
    }

    pub async fn cleanup(self) {
        self.db.close().await;
        if let Cleanup::Postgres { admin_url, name } = self.cleanup
            && let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await
        {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin)
                .await;
        }
    }
}

/// The same server URL with another database name.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let server = base.rsplit_once('/').map_or(base, |(server, _)| server);
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// Declares one story as two tests, `sqlite` and `postgres`, in a module named after it.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $story:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let test_db = $crate::support::TestDb::sqlite().await;
                super::$story(&test_db.db).await;
                test_db.cleanup().await;
            }

            #[tokio::test]
            async fn postgres() {
                let test_db = $crate::support::TestDb::postgres().await;
                super::$story(&test_db.db).await;
                test_db.cleanup().await;
            }
        }
    };
}

/// The real register file beside the repository (`../shared/data/`).
/// The register: `GREMIUM_REGISTER_CSV`, or `../shared/data/` beside the repository.
pub fn register_path() -> std::path::PathBuf {
    let path = std::env::var_os("GREMIUM_REGISTER_CSV")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/destatis-gemeindeverzeichnis.csv")
        });
    assert!(
        path.exists(),
        "the Destatis register is expected at {}",
        path.display()
    );
    path
}

/// A person with an account, representing `organization` if given: the actor the audit log
/// names (their user id in `user_id`).
pub async fn person(db: &Db, email: &str, organization: Option<i64>) -> Actor {
    let id = users::create(
        db,
        &NewUser {
            email,
            display_name: email,
            password_hash: "x",
            is_admin: false,
            organization_id: organization,
        },
        &Actor::system(),
    )
    .await
    .expect("a new account");
    Actor {
        user_id: Some(id),
        label: email.to_owned(),
        ip: None,
    }
}

/// What a signed-in person is in the committee: the store tests build their readers from it.
#[derive(Debug, Default)]
pub struct Roles {
    pub member: bool,
    pub chair: bool,
    pub organization: Option<OrganizationLink>,
}

/// `actor` (from [`person`]) signed in as a reader of `committee`, holding `roles`.
pub fn reader(actor: &Actor, committee: i64, roles: Roles) -> Reader {
    let seat = |held: bool| if held { vec![committee] } else { Vec::new() };
    let principal = Principal {
        user_id: actor.user_id.expect("a person's actor names the person"),
        email: actor.label.clone(),
        display_name: actor.label.clone(),
        is_admin: false,
        chair_of: seat(roles.chair),
        member_of: seat(roles.member),
        organization: roles.organization,
    };
    Reader::new(Some(principal), committee)
}

/// A public virtual meeting of `committee`, two hours from `starts_at`, topics due by
/// `deadline_at`.
pub async fn meeting(
    db: &Db,
    committee: i64,
    title: &str,
    starts_at: DateTime<Utc>,
    deadline_at: DateTime<Utc>,
) -> i64 {
    let new = NewMeeting {
        title: title.to_owned(),
        format: MeetingFormat::Virtual,
        starts_at,
        ends_at: starts_at + Duration::hours(2),
        deadline_at,
        video_url: None,
        location: None,
        public: true,
    };
    meetings::create(db, committee, &new, &Actor::system())
        .await
        .expect("a new meeting")
}

/// The e-mail the outbox holds for sending now, as (to, subject), each taken once: a second
/// call returns only what was written since.
pub async fn mailed(db: &Db) -> Vec<(String, String)> {
    let now = gremium::store::now();
    let claimed = gremium::store::outbox::claim(db, now, chrono::Duration::minutes(5), 1000)
        .await
        .expect("claim the outbox");
    let mut mailed = Vec::new();
    for mail in claimed {
        gremium::store::outbox::delivered(db, mail.id, now)
            .await
            .expect("delivered");
        mailed.push((mail.to, mail.subject));
    }
    mailed
}
