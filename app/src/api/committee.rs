//! The committee: its members page and the form that adds seat holders and deputies.

use gremium::domain::committee::{Bench, CommitteeOverview, PersonRef};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notice::Notice;
#[cfg(feature = "ssr")]
use {
    crate::auth::{self, actor, db, fail},
    gremium::domain::committee::{
        BENCH_NAME_MAX, COMMITTEE_NAME_MAX, NewMembership, check_membership, parse_date,
        parse_seats,
    },
    gremium::domain::form::required_text,
    gremium::domain::form::{FormErrors, Problem},
    gremium::store::{StoreError, committees, users},
};

/// The members page: public to everyone signed in.
#[server(endpoint = "gremium/mitglieder")]
pub async fn load_committee() -> Result<CommitteeOverview, AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let reader = gremium::domain::visibility::Reader::new(
        Some(principal),
        committees::default_id(&db).await?,
    );
    Ok(
        gremium::usecases::committees::overview(&db, &reader, chrono::Utc::now().date_naive())
            .await?,
    )
}

/// What the membership form offers; only for those who manage the committee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipChoices {
    pub people: Vec<PersonRef>,
    pub benches: Vec<Bench>,
    /// Current seat holders (membership id, "bench – name") whom a deputy can stand in for.
    pub holders: Vec<(i64, String)>,
    /// The server's date, the default start (the browser's clock is not needed).
    pub today: chrono::NaiveDate,
}

#[server(endpoint = "gremium/auswahl")]
pub async fn load_membership_choices() -> Result<Option<MembershipChoices>, AppError> {
    let db = db()?;
    let committee = committees::default_id(&db).await?;
    let Some(principal) = auth::current().await? else {
        return Err(fail(AppError::Unauthorized));
    };
    if !principal.may_manage_committee(committee) {
        return Ok(None);
    }
    let benches = committees::benches(&db, committee).await?;
    let today = chrono::Utc::now().date_naive();
    let holders = committees::memberships(&db, committee)
        .await?
        .into_iter()
        .filter(|m| m.seat.is_some() && m.is_active_on(today))
        .map(|m| {
            let bench = benches
                .iter()
                .find(|b| b.id == m.bench_id)
                .map_or("", |b| b.name.as_str());
            (m.id, format!("{bench} – {}", m.person.name))
        })
        .collect();
    Ok(Some(MembershipChoices {
        people: users::people(&db).await?,
        benches,
        holders,
        today,
    }))
}

/// Adds a seat holder (with a seat number) or a deputy (with the holder they stand in for).
#[server(endpoint = "gremium/mitgliedschaft")]
pub async fn add_membership(
    user_id: i64,
    bench_id: i64,
    seat: String,
    deputy_of: String,
    valid_from: String,
    valid_until: String,
) -> Result<(), AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let (bench, committee) = committees::bench(&db, bench_id).await?;
    if !principal.may_manage_committee(committee) {
        return Err(fail(AppError::Forbidden));
    }
    let mut form = FormErrors::new()
        .keep("user_id", &user_id.to_string())
        .keep("bench_id", &bench_id.to_string())
        .keep("seat", &seat)
        .keep("deputy_of", &deputy_of)
        .keep("valid_from", &valid_from)
        .keep("valid_until", &valid_until);
    let seat_number = match seat.trim() {
        "" => None,
        text => form.check(
            "seat",
            text.parse::<u32>().map_err(|_| Problem::SeatOutOfRange),
        ),
    };
    let deputy = deputy_of.trim().parse::<i64>().ok();
    let from = match form.check("valid_from", parse_date(&valid_from)) {
        Some(Some(day)) => Some(day),
        Some(None) => {
            form.add("valid_from", Problem::Required);
            None
        }
        None => None,
    };
    let until = form
        .check("valid_until", parse_date(&valid_until))
        .flatten();
    let Some(from) = from else {
        return Err(fail(AppError::Invalid(form)));
    };
    if !form.is_empty() {
        return Err(fail(AppError::Invalid(form)));
    }
    let new = NewMembership {
        bench_id,
        user_id,
        seat: seat_number,
        deputy_of: if seat_number.is_some() { None } else { deputy },
        valid_from: from,
        valid_until: until,
    };
    if let Err(problems) = check_membership(&new, &bench) {
        for (field, problem) in problems {
            form.add(field, problem);
        }
        return Err(fail(AppError::Invalid(form)));
    }
    match committees::add_membership(&db, &new, &actor(Some(&principal), "")).await {
        Ok(_) => {}
        Err(StoreError::SeatTaken) => {
            form.add("seat", Problem::SeatTaken);
            return Err(fail(AppError::Invalid(form)));
        }
        Err(StoreError::NotFound) => {
            form.add("deputy_of", Problem::NotFound);
            return Err(fail(AppError::Invalid(form)));
        }
        Err(other) => return Err(other.into()),
    }
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/gremium");
    Ok(())
}

/// Renames the committee or changes its chair organization, against the version the form was
/// loaded with: a concurrent change is refused (409) and the input comes back.
#[server(endpoint = "gremium/bearbeiten")]
pub async fn update_committee(
    committee_id: i64,
    version: i64,
    name: String,
    chair_organization: String,
) -> Result<(), AppError> {
    let principal = auth::require(|p| p.may_manage_committee(committee_id)).await?;
    let db = db()?;
    let mut form = FormErrors::new()
        .keep("name", &name)
        .keep("chair_organization", &chair_organization);
    let name = form.check("name", required_text(&name, COMMITTEE_NAME_MAX));
    let chair = form
        .check(
            "chair_organization",
            crate::api::admin::resolve_organization(&db, &chair_organization).await,
        )
        .flatten();
    let Some(name) = name.filter(|_| form.is_empty()) else {
        return Err(fail(AppError::Invalid(form)));
    };
    match committees::update(
        &db,
        committee_id,
        version,
        &name,
        chair,
        &actor(Some(&principal), ""),
    )
    .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict) => return Err(fail(AppError::Conflict(form))),
        Err(other) => return Err(other.into()),
    }
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/gremium");
    Ok(())
}

/// Adds a bench to the committee.
#[server(endpoint = "gremium/bank-neu")]
pub async fn add_bench(committee_id: i64, name: String, seats: String) -> Result<(), AppError> {
    let principal = auth::require(|p| p.may_manage_committee(committee_id)).await?;
    let db = db()?;
    let mut form = FormErrors::new()
        .keep("bench_name", &name)
        .keep("bench_seats", &seats);
    let name = form.check("bench_name", required_text(&name, BENCH_NAME_MAX));
    let seats = form.check("bench_seats", parse_seats(&seats));
    let (Some(name), Some(seats)) = (name, seats) else {
        return Err(fail(AppError::Invalid(form)));
    };
    match committees::add_bench(
        &db,
        committee_id,
        &name,
        seats,
        &actor(Some(&principal), ""),
    )
    .await
    {
        Ok(_) => {}
        Err(StoreError::Duplicate) => {
            form.add("bench_name", Problem::NameTaken);
            return Err(fail(AppError::Invalid(form)));
        }
        Err(other) => return Err(other.into()),
    }
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/gremium");
    Ok(())
}

/// Changes a bench's seat count; seats that are held cannot be removed.
#[server(endpoint = "gremium/bank-sitze")]
pub async fn set_bench_seats(bench_id: i64, seats: String) -> Result<(), AppError> {
    let principal = auth::require_user().await?;
    let db = db()?;
    let (_, committee) = committees::bench(&db, bench_id).await?;
    if !principal.may_manage_committee(committee) {
        return Err(fail(AppError::Forbidden));
    }
    let field = format!("seats_{bench_id}");
    let mut form = FormErrors::new().keep(&field, &seats);
    let Some(seats) = form.check(&field, parse_seats(&seats)) else {
        return Err(fail(AppError::Invalid(form)));
    };
    match committees::set_bench_seats(&db, bench_id, seats, &actor(Some(&principal), "")).await {
        Ok(()) => {}
        Err(StoreError::SeatTaken) => {
            form.add(&field, Problem::SeatsInUse);
            return Err(fail(AppError::Invalid(form)));
        }
        Err(other) => return Err(other.into()),
    }
    crate::notice::tell(Notice::Saved).await;
    leptos_axum::redirect("/gremium");
    Ok(())
}
