//! Account, invitation, reset, committee and audit stories, each run on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use chrono::{Duration, NaiveDate, Utc};
use gremium::domain::audit::{Actor, AuditFilter, action};
use gremium::domain::committee::NewMembership;
use gremium::domain::page::PageRequest;
use gremium::secret::{hash_password, new_token};
use gremium::store::invitations::NewInvitation;
use gremium::store::users::NewUser;
use gremium::store::{
    Db, StoreError, audit, committees, invitations, login_sessions, password_resets, users,
};

fn admin_actor() -> Actor {
    Actor {
        user_id: None,
        label: "cli".into(),
        ip: None,
    }
}

async fn create_admin(db: &Db) -> i64 {
    users::create(
        db,
        &NewUser {
            email: "admin@example.org",
            display_name: "Ada Admin",
            password_hash: &hash_password("ein langes geheimes passwort"),
            is_admin: true,
            organization_id: None,
        },
        &admin_actor(),
    )
    .await
    .expect("create admin")
}

async fn invitation_is_single_use_and_grants_its_roles(db: &Db) {
    let admin = create_admin(db).await;
    let actor = Actor {
        user_id: Some(admin),
        label: "admin@example.org".into(),
        ip: Some("127.0.0.1".into()),
    };
    let committee = committees::default_id(db).await.expect("seeded committee");
    let kgst: i64 = match db {
        Db::Sqlite { writer, .. } => {
            sqlx::query_scalar("SELECT id FROM organizations WHERE slug = 'kgst'")
                .fetch_one(writer)
                .await
                .unwrap()
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT id FROM organizations WHERE slug = 'kgst'")
                .fetch_one(pool)
                .await
                .unwrap()
        }
    };
    let (token, token_hash) = new_token();
    invitations::create(
        db,
        &NewInvitation {
            email: "berta@example.org",
            display_name: "Berta Beispiel",
            is_admin: false,
            chair_of: Some(committee),
            organization_id: Some(kgst),
            token_hash: &token_hash,
            expires_at: Utc::now() + Duration::days(7),
        },
        Some(&letter("berta@example.org")),
        &actor,
    )
    .await
    .expect("invite");
    assert_eq!(
        crate::support::mailed(db).await,
        [("berta@example.org".to_owned(), "Einladung".to_owned())],
        "the invitation's e-mail is written with it"
    );
    // An invitation for an existing account is refused.
    let (_, other_hash) = new_token();
    let again = invitations::create(
        db,
        &NewInvitation {
            email: "admin@example.org",
            display_name: "Ada",
            is_admin: false,
            chair_of: None,
            organization_id: None,
            token_hash: &other_hash,
            expires_at: Utc::now() + Duration::days(7),
        },
        Some(&letter("admin@example.org")),
        &actor,
    )
    .await;
    assert!(matches!(again, Err(StoreError::Duplicate)));
    assert_eq!(
        crate::support::mailed(db).await,
        [],
        "a refused invitation leaves no e-mail behind"
    );

    let pending = invitations::pending(db, &gremium::secret::hash_token(&token))
        .await
        .unwrap()
        .expect("pending");
    assert_eq!(pending.email, "berta@example.org");
    let user_id = invitations::accept(db, &token_hash, &hash_password("tulpen im kieler hafen"))
        .await
        .expect("accept");
    assert!(matches!(
        invitations::accept(db, &token_hash, "x").await,
        Err(StoreError::NotFound)
    ));
    assert!(
        invitations::pending(db, &token_hash)
            .await
            .unwrap()
            .is_none()
    );

    let (principal, hash) = users::principal(db, user_id)
        .await
        .unwrap()
        .expect("principal");
    assert!(hash.starts_with("$argon2id$"));
    assert_eq!(principal.chair_of, vec![committee]);
    assert!(principal.may_act_for(kgst));
    assert!(!principal.is_admin);

    // Disabled accounts have no principal: their sessions end.
    users::set_disabled(db, user_id, true, &actor)
        .await
        .unwrap();
    assert!(users::principal(db, user_id).await.unwrap().is_none());
    assert!(
        users::login_record(db, "berta@example.org")
            .await
            .unwrap()
            .unwrap()
            .disabled
    );

    let log = audit::list(db, &AuditFilter::default(), PageRequest::new(None, None))
        .await
        .unwrap();
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            action::USER_DISABLED,
            action::INVITATION_ACCEPTED,
            action::INVITATION_SENT,
            action::USER_CREATED
        ]
    );
    // Nothing secret in the log or the invitations table.
    for entry in &log.items {
        assert!(!entry.summary.contains(&token) && !entry.object.contains(&token));
    }
}
on_both_databases!(
    invitations_story,
    invitation_is_single_use_and_grants_its_roles
);

async fn expired_invitations_cannot_be_accepted(db: &Db) {
    let (_, token_hash) = new_token();
    invitations::create(
        db,
        &NewInvitation {
            email: "late@example.org",
            display_name: "Late",
            is_admin: false,
            chair_of: None,
            organization_id: None,
            token_hash: &token_hash,
            expires_at: Utc::now() - Duration::minutes(1),
        },
        None,
        &admin_actor(),
    )
    .await
    .unwrap();
    assert!(
        invitations::pending(db, &token_hash)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        invitations::accept(db, &token_hash, "x").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(users::count(db).await.unwrap(), 0);
}
on_both_databases!(expired_invitation, expired_invitations_cannot_be_accepted);

async fn failed_logins_are_counted_and_reset(db: &Db) {
    let actor = Actor {
        user_id: None,
        label: "nobody@example.org".into(),
        ip: Some("192.0.2.1".into()),
    };
    assert_eq!(
        users::login_failures(db, "nobody@example.org", "192.0.2.1")
            .await
            .unwrap()
            .0,
        0
    );
    for expected in 1..=3 {
        let n = users::record_login_failure(db, "nobody@example.org", "192.0.2.1", false, &actor)
            .await
            .unwrap();
        assert_eq!(n, expected);
    }
    // A throttled attempt is logged but does not count again.
    assert_eq!(
        users::record_login_failure(db, "nobody@example.org", "192.0.2.1", true, &actor)
            .await
            .unwrap(),
        3
    );
    let (n, last) = users::login_failures(db, "nobody@example.org", "192.0.2.1")
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert!(last.is_some());
    assert_eq!(
        users::login_failures(db, "nobody@example.org", "198.51.100.9")
            .await
            .unwrap()
            .0,
        0,
        "another client address is not slowed by these failures"
    );
    let admin = create_admin(db).await;
    users::record_login_success(db, admin, "nobody@example.org", &actor)
        .await
        .unwrap();
    assert_eq!(
        users::login_failures(db, "nobody@example.org", "192.0.2.1")
            .await
            .unwrap()
            .0,
        0
    );
    let throttled = audit::list(
        db,
        &AuditFilter {
            action: Some(action::LOGIN_THROTTLED.into()),
            actor: Some("NOBODY".into()),
        },
        PageRequest::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(throttled.total, 1);
}
on_both_databases!(login_failures, failed_logins_are_counted_and_reset);

async fn password_reset_links_work_once(db: &Db) {
    let admin = create_admin(db).await;
    let (_, first) = new_token();
    let (_, second) = new_token();
    for hash in [&first, &second] {
        password_resets::create(
            db,
            admin,
            hash,
            Utc::now() + Duration::hours(1),
            None,
            &admin_actor(),
        )
        .await
        .unwrap();
    }
    assert!(password_resets::is_valid(db, &first).await.unwrap());
    let new_hash = hash_password("ein ganz neues passwort");
    // Someone guessed wrong from two addresses; the mailed link forgives them all.
    let guesser = Actor {
        user_id: None,
        label: "admin@example.org".into(),
        ip: None,
    };
    for client in ["203.0.113.1", "203.0.113.2"] {
        users::record_login_failure(db, "admin@example.org", client, false, &guesser)
            .await
            .unwrap();
    }
    let (_, api_token) = new_token();
    gremium::store::api_tokens::create(
        db,
        admin,
        &gremium::domain::api_tokens::NewToken {
            name: "Skript".to_owned(),
            scopes: vec![gremium::domain::api_tokens::Scope::ReadDemands],
            lifetime: gremium::domain::api_tokens::Lifetime::Unlimited,
        },
        &api_token,
        &admin_actor(),
    )
    .await
    .unwrap();
    assert_eq!(
        password_resets::consume(db, &first, &new_hash)
            .await
            .unwrap(),
        admin
    );
    assert_eq!(
        gremium::store::api_tokens::authenticate(db, &api_token)
            .await
            .unwrap(),
        None,
        "the reset ends the API tokens made with the old password"
    );
    // Used, and the other open link of the account is burnt with it.
    for client in ["203.0.113.1", "203.0.113.2"] {
        let (failures, _) = users::login_failures(db, "admin@example.org", client)
            .await
            .unwrap();
        assert_eq!(failures, 0, "a reset clears the failures of {client}");
    }
    for hash in [&first, &second] {
        assert!(!password_resets::is_valid(db, hash).await.unwrap());
        assert!(matches!(
            password_resets::consume(db, hash, &new_hash).await,
            Err(StoreError::NotFound)
        ));
    }
    let (_, stored) = users::principal(db, admin).await.unwrap().unwrap();
    assert_eq!(stored, new_hash);
}
on_both_databases!(password_reset, password_reset_links_work_once);

async fn seats_are_filled_once_and_deputies_shown(db: &Db) {
    let admin = create_admin(db).await;
    let actor = admin_actor();
    let committee = committees::default_id(db).await.unwrap();
    let benches = committees::benches(db, committee).await.unwrap();
    let names: Vec<(&str, u32)> = benches.iter().map(|b| (b.name.as_str(), b.seats)).collect();
    assert_eq!(
        names,
        [
            ("Landkreise", 3),
            ("Städte", 3),
            ("Gemeinden", 3),
            ("Vitako", 3),
            ("KGSt", 2)
        ]
    );
    let cities = benches[1].id;
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let holder = committees::add_membership(
        db,
        &NewMembership {
            bench_id: cities,
            user_id: admin,
            seat: Some(2),
            deputy_of: None,
            valid_from: from,
            valid_until: None,
        },
        &actor,
    )
    .await
    .unwrap();
    let taken = committees::add_membership(
        db,
        &NewMembership {
            bench_id: cities,
            user_id: admin,
            seat: Some(2),
            deputy_of: None,
            valid_from: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            valid_until: None,
        },
        &actor,
    )
    .await;
    assert!(matches!(taken, Err(StoreError::SeatTaken)));
    // A deputy for a holder on another bench is refused.
    let wrong_bench = committees::add_membership(
        db,
        &NewMembership {
            bench_id: benches[0].id,
            user_id: admin,
            seat: None,
            deputy_of: Some(holder),
            valid_from: from,
            valid_until: None,
        },
        &actor,
    )
    .await;
    assert!(matches!(wrong_bench, Err(StoreError::NotFound)));
    committees::add_membership(
        db,
        &NewMembership {
            bench_id: cities,
            user_id: admin,
            seat: None,
            deputy_of: Some(holder),
            valid_from: from,
            valid_until: None,
        },
        &actor,
    )
    .await
    .unwrap();
    let overview = committees::overview(
        db,
        committee,
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        overview.chair_organization.map(|o| o.name),
        Some("Föderale IT-Kooperation".into())
    );
    let seat = &overview.benches[1].seats[1];
    assert_eq!(seat.holder.as_ref().map(|p| p.id), Some(admin));
    assert_eq!(seat.deputies.len(), 1);
    let (principal, _) = users::principal(db, admin).await.unwrap().unwrap();
    assert_eq!(principal.member_of, vec![committee]);
}
on_both_databases!(memberships, seats_are_filled_once_and_deputies_shown);

async fn sessions_are_indexed_per_person(db: &Db) {
    let admin = create_admin(db).await;
    login_sessions::record(db, "s1", admin, "Firefox")
        .await
        .unwrap();
    login_sessions::record(db, "s2", admin, "Chromium")
        .await
        .unwrap();
    login_sessions::record(db, "s2", admin, "Chromium")
        .await
        .unwrap();
    assert_eq!(login_sessions::for_user(db, admin).await.unwrap().len(), 2);
    assert_eq!(login_sessions::owner(db, "s1").await.unwrap(), Some(admin));
    login_sessions::remove(db, "s1").await.unwrap();
    let left = login_sessions::for_user(db, admin).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].user_agent, "Chromium");
}
on_both_databases!(login_sessions_index, sessions_are_indexed_per_person);

async fn committee_edits_check_the_version_and_the_seats(db: &Db) {
    let actor = admin_actor();
    let committee = committees::default_id(db).await.unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let before = committees::overview(db, committee, day).await.unwrap();
    committees::update(
        db,
        committee,
        before.version,
        "Kommunalgremium",
        None,
        &actor,
    )
    .await
    .unwrap();
    // A second editor who loaded the same version does not overwrite the first.
    let stale = committees::update(db, committee, before.version, "Anders", None, &actor).await;
    assert!(matches!(stale, Err(StoreError::Conflict)));
    let after = committees::overview(db, committee, day).await.unwrap();
    assert_eq!(after.name, "Kommunalgremium");
    assert_eq!(after.version, before.version + 1);
    assert_eq!(after.chair_organization, None);

    let bench = committees::add_bench(db, committee, "Länder", 2, &actor)
        .await
        .unwrap();
    assert!(matches!(
        committees::add_bench(db, committee, "Länder", 2, &actor).await,
        Err(StoreError::Duplicate)
    ));
    let person = create_admin(db).await;
    committees::add_membership(
        db,
        &NewMembership {
            bench_id: bench,
            user_id: person,
            seat: Some(2),
            deputy_of: None,
            valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            valid_until: None,
        },
        &actor,
    )
    .await
    .unwrap();
    assert!(matches!(
        committees::set_bench_seats(db, bench, 1, &actor).await,
        Err(StoreError::SeatTaken)
    ));
    committees::set_bench_seats(db, bench, 4, &actor)
        .await
        .unwrap();
    let benches = committees::benches(db, committee).await.unwrap();
    let last = benches.last().unwrap();
    assert_eq!((last.name.as_str(), last.seats), ("Länder", 4));
}
on_both_databases!(
    committee_edits,
    committee_edits_check_the_version_and_the_seats
);

/// API tokens: found by their hash with their scopes, listed to their owner only, revoked only
/// by their owner, dead once revoked, expired, the password changed or the account disabled.
async fn api_tokens_work_until_revoked(db: &Db) {
    use gremium::domain::api_tokens::{Lifetime, NewToken, Scope};
    use gremium::store::api_tokens;
    let new = |name: &str, scopes: &[Scope], lifetime| NewToken {
        name: name.to_owned(),
        scopes: scopes.to_vec(),
        lifetime,
    };
    let owner = create_admin(db).await;
    let other = users::create(
        db,
        &NewUser {
            email: "other@example.org",
            display_name: "Otto Other",
            password_hash: "x",
            is_admin: false,
            organization_id: None,
        },
        &admin_actor(),
    )
    .await
    .unwrap();
    let (token, hash) = new_token();
    let scopes = [Scope::ReadDemands, Scope::WriteDemands];
    let made = chrono::Utc::now();
    let id = api_tokens::create(
        db,
        owner,
        &new("Fachverfahren", &scopes, Lifetime::Days30),
        &hash,
        &admin_actor(),
    )
    .await
    .unwrap();
    let expires = api_tokens::list(db, owner).await.unwrap()[0]
        .expires_at
        .expect("a 30-day token ends");
    assert!(
        (expires - made - chrono::Duration::days(30))
            .num_seconds()
            .abs()
            < 60
    );
    let found = api_tokens::authenticate(db, &gremium::secret::hash_token(&token))
        .await
        .unwrap();
    assert_eq!(
        found,
        Some(api_tokens::Authenticated {
            id,
            user_id: owner,
            scopes: scopes.to_vec(),
            stale: true
        }),
        "never used yet"
    );
    assert!(
        api_tokens::list(db, owner).await.unwrap()[0]
            .last_used_at
            .is_none()
    );
    api_tokens::note_use(db, id).await.unwrap();
    let listed = api_tokens::list(db, owner).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used_at.is_some(), "the use is noted");
    let found = api_tokens::authenticate(db, &gremium::secret::hash_token(&token))
        .await
        .unwrap();
    assert_eq!(
        found.map(|f| f.stale),
        Some(false),
        "noted at most once a minute"
    );
    assert!(api_tokens::list(db, other).await.unwrap().is_empty());
    assert!(matches!(
        api_tokens::revoke(db, other, id, &admin_actor()).await,
        Err(StoreError::NotFound)
    ));
    api_tokens::revoke(db, owner, id, &admin_actor())
        .await
        .unwrap();
    assert_eq!(api_tokens::authenticate(db, &hash).await.unwrap(), None);
    assert!(api_tokens::list(db, owner).await.unwrap().is_empty());

    // Past its expiry a token is refused but still listed, so its owner sees why.
    let (_, expiring) = new_token();
    let expiring_id = api_tokens::create(
        db,
        owner,
        &new("Kurzlebig", &[Scope::ReadDemands], Lifetime::Days30),
        &expiring,
        &admin_actor(),
    )
    .await
    .unwrap();
    assert!(
        api_tokens::authenticate(db, &expiring)
            .await
            .unwrap()
            .is_some()
    );
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    let expire = "UPDATE api_tokens SET expires_at = $1 WHERE id = $2";
    let expired = match db {
        Db::Sqlite { writer, .. } => sqlx::query(expire)
            .bind(past)
            .bind(expiring_id)
            .execute(writer)
            .await
            .map(|done| done.rows_affected()),
        Db::Postgres(pool) => sqlx::query(expire)
            .bind(past)
            .bind(expiring_id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()),
    };
    assert_eq!(expired.unwrap(), 1);
    assert_eq!(api_tokens::authenticate(db, &expiring).await.unwrap(), None);
    let listed = api_tokens::list(db, owner).await.unwrap();
    assert!(listed[0].expired(chrono::Utc::now()), "listed as expired");

    // A changed password ends every token, including those without expiry.
    let (_, lasting) = new_token();
    api_tokens::create(
        db,
        owner,
        &new("Dauerhaft", &[Scope::ReadDemands], Lifetime::Unlimited),
        &lasting,
        &admin_actor(),
    )
    .await
    .unwrap();
    assert!(
        api_tokens::authenticate(db, &lasting)
            .await
            .unwrap()
            .is_some()
    );
    users::set_password(db, owner, "new hash", &admin_actor())
        .await
        .unwrap();
    assert_eq!(
        api_tokens::authenticate(db, &lasting).await.unwrap(),
        None,
        "a password change ends the token"
    );
    assert!(api_tokens::list(db, owner).await.unwrap().is_empty());

    let (_, second) = new_token();
    api_tokens::create(
        db,
        other,
        &new("Skript", &[Scope::ReadDemands], Lifetime::Unlimited),
        &second,
        &admin_actor(),
    )
    .await
    .unwrap();
    assert_eq!(
        api_tokens::list(db, other).await.unwrap()[0].expires_at,
        None
    );
    users::set_disabled(db, other, true, &admin_actor())
        .await
        .unwrap();
    assert_eq!(
        api_tokens::authenticate(db, &second).await.unwrap(),
        None,
        "a disabled account's tokens stop"
    );
}

on_both_databases!(api_tokens_story, api_tokens_work_until_revoked);

/// An invitation's e-mail (its text does not matter to the store).
fn letter(to: &str) -> gremium::store::outbox::Letter {
    gremium::store::outbox::Letter {
        kind: gremium::domain::outbox::MailKind::Invitation,
        to: to.to_owned(),
        subject: "Einladung".to_owned(),
        body: "Bitte hier entlang".to_owned(),
        link: Some("/einladung?t=x".to_owned()),
    }
}
