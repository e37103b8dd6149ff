//! Demand queries at scale: seeds 100,000 demands and 1,000,000 co-signatures over the real
//! register into the database named by `GREMIUM_BENCH_URL` (an empty one; `scripts/bench-demands`
//! makes one SQLite file and one PostgreSQL database), then times the list, search,
//! similar-demand and dashboard queries and a co-signature, and prints the figures.
//!
//! `DEMANDS` and `COSIGNATURES` change the sizes; a database seeded before (its bench account
//! exists) is used as it is; `SEED_ONLY` seeds and stops (for `scripts/bench-load --scale`).
//! Run: `scripts/bench-demands`.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use gremium::domain::audit::Actor;
use gremium::domain::demands::{DemandFilter, DemandSort, DemandStatus, OrgClass, Visibility};
use gremium::domain::page::PageRequest;
use gremium::domain::search;
use gremium::register::{RegisterFile, import_register};
use gremium::store::users::NewUser;
use gremium::store::{Db, DbOptions, demands, oparl, users};

/// A small, deterministic generator: the same data on every run and both databases.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "Schnittstelle",
    "Fachverfahren",
    "Antragsportal",
    "E-Akte",
    "Wohngeld",
    "Meldewesen",
    "Kfz-Zulassung",
    "Gewerbeanmeldung",
    "Baugenehmigung",
    "Elterngeld",
    "Hundesteuer",
    "Personalausweis",
    "Bürgerkonto",
    "Postfach",
    "E-Rechnung",
    "Formularserver",
    "Ratsinformation",
    "Schulverwaltung",
    "Kita-Anmeldung",
    "Bibliothek",
    "Friedhofsverwaltung",
    "Parkausweis",
    "Sondernutzung",
    "Wahlhelfer",
    "Abfallkalender",
    "Geodaten",
    "Bauleitplanung",
    "Vergabe",
];
const PROBLEMS: &[&str] = &[
    "fehlt eine standardisierte Anbindung an",
    "müssen Daten doppelt erfasst werden für",
    "gibt es keinen barrierefreien Zugang zu",
    "ist die Authentifizierung uneinheitlich bei",
    "fehlen Statusmeldungen für Bürgerinnen und Bürger zu",
    "werden Papieranträge abgetippt für",
];
const OUTCOMES: &[&str] = &[
    "Ein XÖV-Standard für alle Kommunen",
    "Eine gemeinsame Plattform im Einer-für-Alle-Verfahren",
    "Medienbruchfreie Bearbeitung bis in das Fachverfahren",
    "Eine Musterlösung, die jede Kommune nachnutzen kann",
];

fn count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The organizations that raise and sign: register units with their Land and class.
async fn signers(db: &Db) -> Vec<(i64, Option<i64>, String)> {
    let sql = "SELECT id, kind, designation, land_id FROM organizations \
               WHERE kind IN ('kreis', 'gemeinde') ORDER BY id";
    let rows: Vec<(i64, String, Option<i32>, Option<i64>)> = match db {
        Db::Sqlite { reader, .. } => sqlx::query_as(sql).fetch_all(reader).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
    };
    rows.into_iter()
        .map(|(id, kind, designation, land)| {
            let kind = gremium::domain::organization::OrganizationKind::parse(&kind).unwrap();
            let designation = designation
                .and_then(|d| u8::try_from(d).ok())
                .and_then(|d| gremium::domain::organization::Designation::for_kind(kind, d));
            (
                id,
                land,
                OrgClass::of(kind, designation).as_str().to_owned(),
            )
        })
        .collect()
}

/// Runs one batch of rows as a multi-row INSERT.
async fn insert(db: &Db, head: &str, columns: usize, rows: &[Vec<Value>]) {
    let mut sql = String::from(head);
    for (r, _) in rows.iter().enumerate() {
        sql.push_str(if r == 0 { " VALUES (" } else { ", (" });
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * columns + c + 1));
        }
        sql.push(')');
    }
    macro_rules! run {
        ($pool:expr) => {{
            let mut query = sqlx::query(&sql);
            for row in rows {
                for value in row {
                    query = match value {
                        Value::Int(v) => query.bind(*v),
                        Value::OptInt(v) => query.bind(*v),
                        Value::Text(v) => query.bind(v.clone()),
                        Value::Time(v) => query.bind(*v),
                        Value::Flag(v) => query.bind(*v),
                    };
                }
            }
            query.execute($pool).await.unwrap();
        }};
    }
    match db {
        Db::Sqlite { writer, .. } => run!(writer),
        Db::Postgres(pool) => run!(pool),
    }
}

enum Value {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    Time(chrono::DateTime<Utc>),
    Flag(bool),
}

async fn seed(db: &Db, demand_count: usize, cosignature_count: usize) -> (i64, Vec<i64>) {
    let signers = signers(db).await;
    let user = users::create(
        db,
        &NewUser {
            email: "bench@example.org",
            display_name: "Bench",
            password_hash: "x",
            is_admin: false,
            organization_id: Some(signers[0].0),
        },
        &Actor::system(),
    )
    .await
    .unwrap();
    let categories: Vec<i64> = demands::categories(db)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let statuses = [
        DemandStatus::Submitted,
        DemandStatus::InReview,
        DemandStatus::Accepted,
        DemandStatus::InProgress,
        DemandStatus::Resolved,
    ];
    let mut random = Random(0x2545_F491_4F6C_DD1D);
    let per_demand = cosignature_count / demand_count.max(1);
    let start = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
    let mut raisers = Vec::with_capacity(demand_count);
    let mut batch = Vec::new();
    let begun = Instant::now();
    for n in 0..demand_count {
        let (org, land, class) = &signers[random.below(signers.len())];
        raisers.push(*org);
        let subject = random.pick(SUBJECTS);
        let other = random.pick(SUBJECTS);
        let title = format!("{subject}: {} {other} ({n})", random.pick(OUTCOMES));
        let problem = format!("In unserer Verwaltung {} {subject}.", random.pick(PROBLEMS));
        let outcome = random.pick(OUTCOMES).to_owned();
        let terms = search::document(&[&title, &problem, &outcome, other]);
        let at = start + chrono::Duration::minutes(n as i64 * 25);
        batch.push(vec![
            Value::Text(title),
            Value::Text(problem),
            Value::Text(outcome),
            Value::Int(categories[random.below(categories.len())]),
            Value::Text(other.to_owned()),
            Value::Text("normal".into()),
            Value::Flag(random.below(10) > 0),
            Value::Text(statuses[random.below(statuses.len())].as_str().into()),
            Value::Int(*org),
            Value::Int(user),
            Value::OptInt(*land),
            Value::Text(class.clone()),
            Value::Int(per_demand as i64),
            Value::Text(terms),
            Value::Time(at),
            Value::Time(at),
        ]);
        if batch.len() == 500 || n + 1 == demand_count {
            insert(
                db,
                "INSERT INTO demands (title, problem, outcome, category_id, tags, urgency, \
                 public, status, organization_id, raised_by, raiser_land_id, raiser_class, \
                 cosign_count, search_terms, created_at, updated_at)",
                16,
                &batch,
            )
            .await;
            batch.clear();
        }
    }
    println!(
        "seeded {demand_count} demands in {:.1} s",
        begun.elapsed().as_secs_f64()
    );
    // Only the bench's own: the demo's demands may be there too (`scripts/bench-load --scale`).
    let ids: Vec<i64> = {
        let sql = "SELECT id FROM demands WHERE raised_by = $1 ORDER BY id";
        match db {
            Db::Sqlite { reader, .. } => sqlx::query_scalar(sql)
                .bind(user)
                .fetch_all(reader)
                .await
                .unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(sql)
                .bind(user)
                .fetch_all(pool)
                .await
                .unwrap(),
        }
    };
    let begun = Instant::now();
    let mut rows = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        let mut taken = vec![raisers[index]];
        while taken.len() <= per_demand {
            let (org, land, class) = &signers[random.below(signers.len())];
            if taken.contains(org) {
                continue;
            }
            taken.push(*org);
            rows.push(vec![
                Value::Int(*id),
                Value::Int(*org),
                Value::OptInt(*land),
                Value::Text(class.clone()),
                Value::Text("Betrifft uns auch".into()),
                Value::Int(user),
                Value::Time(start),
            ]);
        }
        if rows.len() >= 1_400 || index + 1 == ids.len() {
            insert(
                db,
                "INSERT INTO demand_cosignatures (demand_id, organization_id, land_id, class, \
                 reason, signed_by, created_at)",
                7,
                &rows,
            )
            .await;
            rows.clear();
        }
    }
    println!(
        "seeded {} co-signatures in {:.1} s",
        ids.len() * per_demand,
        begun.elapsed().as_secs_f64()
    );
    (signers[0].0, ids)
}

/// What an earlier run seeded (its bench account exists): the organization that co-signed
/// most, and every demand.
async fn seeded(db: &Db) -> Option<(i64, Vec<i64>)> {
    let sql = "SELECT id FROM demands ORDER BY id";
    users::login_record(db, "bench@example.org")
        .await
        .unwrap()?;
    let ids: Vec<i64> = match db {
        Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_all(reader).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
    };
    let sql = "SELECT organization_id FROM demand_cosignatures GROUP BY organization_id \
               ORDER BY COUNT(*) DESC LIMIT 1";
    let org: i64 = match db {
        Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_one(reader).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    };
    println!("using the {} demands seeded before", ids.len());
    Some((org, ids))
}

/// Runs `f` `runs` times and prints the median, the 99th percentile and the slowest run.
async fn time<F, Fut, T>(label: &str, runs: usize, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    f().await; // warm the caches once
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let begun = Instant::now();
        f().await;
        times.push(begun.elapsed());
    }
    times.sort();
    let ms = |at: usize| times[at].as_secs_f64() * 1e3;
    println!(
        "{label:<58} median {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms",
        ms(runs / 2),
        ms(runs * 99 / 100),
        ms(runs - 1)
    );
}

#[tokio::main]
async fn main() {
    let url = std::env::var("GREMIUM_BENCH_URL").expect("GREMIUM_BENCH_URL: an empty database");
    let register = std::env::var("GREMIUM_REGISTER_CSV")
        .unwrap_or_else(|_| "../shared/data/destatis-gemeindeverzeichnis.csv".into());
    let db = Db::connect(&url, &DbOptions::default()).await.unwrap();
    println!("database: {:?}", db.backend());
    // A database seeded by an earlier run is used as it is (to try a change quickly).
    let (org, ids) = match seeded(&db).await {
        Some(found) => found,
        None => {
            let bytes = std::fs::read(&register).expect("the register CSV");
            import_register(&db, RegisterFile::parse(&bytes).unwrap(), |_| {})
                .await
                .unwrap();
            seed(
                &db,
                count("DEMANDS", 100_000),
                count("COSIGNATURES", 1_000_000),
            )
            .await
        }
    };
    // As autovacuum leaves a table after a bulk load: statistics, and the visibility map that
    // lets PostgreSQL answer from an index alone.
    if let Db::Postgres(pool) = &db {
        sqlx::query("VACUUM ANALYZE").execute(pool).await.unwrap();
    }
    if let Db::Sqlite { writer, .. } = &db {
        sqlx::query("ANALYZE").execute(writer).await.unwrap();
    }
    // `SEED_ONLY`: fill the database for `scripts/bench-load --scale`, then stop.
    if std::env::var_os("SEED_ONLY").is_some() {
        println!(
            "seeded {} demands; not timing queries (SEED_ONLY)",
            ids.len()
        );
        db.close().await;
        return;
    }
    let everyone = Visibility {
        internal: false,
        organization_id: None,
    };
    let page = PageRequest::new(None, None);
    let runs = 101;
    let list = |filter: DemandFilter| {
        let db = db.clone();
        move || {
            let (db, filter) = (db.clone(), filter.clone());
            async move { demands::list(&db, &filter, everyone, page).await.unwrap() }
        }
    };
    time(
        "list, newest first, page 1",
        runs,
        list(DemandFilter::default()),
    )
    .await;
    time(
        "list, page 1, total counted afresh (after a change)",
        runs,
        {
            let list = list(DemandFilter::default());
            move || {
                gremium::store::totals::changed();
                list()
            }
        },
    )
    .await;
    time("list, page 2000 (deep offset)", runs, {
        let db = db.clone();
        move || {
            let db = db.clone();
            async move {
                demands::list(
                    &db,
                    &DemandFilter::default(),
                    everyone,
                    PageRequest::new(Some(2000), None),
                )
                .await
                .unwrap()
            }
        }
    })
    .await;
    time(
        "list, most co-signed first",
        runs,
        list(DemandFilter {
            sort: DemandSort::Support,
            ..Default::default()
        }),
    )
    .await;
    time(
        "list, status + category + class filters",
        runs,
        list(DemandFilter {
            status: Some(DemandStatus::Accepted),
            category_id: Some(3),
            class: Some(OrgClass::Gemeinde),
            ..Default::default()
        }),
    )
    .await;
    time(
        "list, raised or co-signed by one organization",
        runs,
        list(DemandFilter {
            organization_id: Some(org),
            ..Default::default()
        }),
    )
    .await;
    time(
        "search \"Schnittstellen\" (stemmed), by relevance",
        runs,
        list(DemandFilter {
            query: Some("Schnittstellen".into()),
            sort: DemandSort::Relevance,
            ..Default::default()
        }),
    )
    .await;
    time(
        "search \"wohngeld antragsportal\", newest first",
        runs,
        list(DemandFilter {
            query: Some("wohngeld antragsportal".into()),
            ..Default::default()
        }),
    )
    .await;
    time("similar demands while typing (title + problem)", runs, {
        let db = db.clone();
        move || {
            let db = db.clone();
            async move {
                demands::similar(
                    &db,
                    "Fehlende Schnittstelle zwischen Antragsportal und Fachverfahren Wohngeld",
                    everyone,
                    None,
                    5,
                )
                .await
                .unwrap()
            }
        }
    })
    .await;
    let user = users::login_record(&db, "bench@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    time("dashboard of one organization", runs, {
        let db = db.clone();
        move || {
            let db = db.clone();
            async move {
                demands::dashboard(&db, org, user, Visibility::of(None, 1))
                    .await
                    .unwrap()
            }
        }
    })
    .await;
    // OParl: public demands as papers, 100 per page, at the start, deep, and the changes of a
    // day (the sync a client runs with modified_since).
    for (label, offset, window) in [
        (
            "OParl papers, page 1 (count + 100)",
            0,
            oparl::Window::default(),
        ),
        (
            "OParl papers, page 500 (count + 100)",
            49_900,
            oparl::Window::default(),
        ),
        (
            "OParl papers modified in the last day",
            0,
            oparl::Window {
                modified_since: Some(Utc::now() - chrono::Duration::days(1)),
                ..oparl::Window::default()
            },
        ),
    ] {
        time(label, runs, {
            let db = db.clone();
            move || {
                let db = db.clone();
                async move {
                    oparl::demand_papers(&db, &window, offset, 100)
                        .await
                        .unwrap()
                }
            }
        })
        .await;
    }
    let bench = Actor {
        user_id: Some(user),
        label: "bench".into(),
        ip: None,
    };
    let mut next = ids.iter().rev();
    time("co-sign (one transaction, counted once)", runs, || {
        let id = *next.next().unwrap();
        let (db, bench) = (db.clone(), bench.clone());
        async move {
            let _ = demands::cosign(&db, id, org, "Bench", &bench).await;
        }
    })
    .await;
    db.close().await;
}
