//! A committee, its benches (groups of seats) and who holds which seat or deputises for whom.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::account::OrganizationLink;
use super::form::Problem;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
}

/// One membership as stored: a seat on a bench, or a deputy for a seat holder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: i64,
    pub bench_id: i64,
    pub person: PersonRef,
    pub seat: Option<u32>,
    pub deputy_of: Option<i64>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

impl Membership {
    pub fn is_active_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_until.is_none_or(|until| day <= until)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bench {
    pub id: i64,
    pub name: String,
    pub seats: u32,
}

/// One seat as the members page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub number: u32,
    pub holder: Option<PersonRef>,
    pub deputies: Vec<PersonRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchSeats {
    pub bench: Bench,
    pub seats: Vec<Seat>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeOverview {
    pub id: i64,
    pub name: String,
    /// For the edit form: a save against an older version is refused (409).
    pub version: i64,
    pub chair_organization: Option<OrganizationLink>,
    pub chairs: Vec<ChairRef>,
    pub benches: Vec<BenchSeats>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChairRef {
    pub person: PersonRef,
    pub is_deputy: bool,
}

/// Places the memberships active on `day` into the bench's seats: every seat is listed (empty
/// ones too), each with its holder and the deputies of that holder.
pub fn arrange_seats(bench: &Bench, memberships: &[Membership], day: NaiveDate) -> Vec<Seat> {
    let active: Vec<&Membership> = memberships
        .iter()
        .filter(|m| m.bench_id == bench.id && m.is_active_on(day))
        .collect();
    (1..=bench.seats)
        .map(|number| {
            let holder = active.iter().find(|m| m.seat == Some(number));
            let deputies = holder
                .map(|h| {
                    active
                        .iter()
                        .filter(|m| m.deputy_of == Some(h.id))
                        .map(|m| m.person.clone())
                        .collect()
                })
                .unwrap_or_default();
            Seat {
                number,
                holder: holder.map(|h| h.person.clone()),
                deputies,
            }
        })
        .collect()
}

/// Longest committee and bench names.
pub const COMMITTEE_NAME_MAX: usize = 200;
pub const BENCH_NAME_MAX: usize = 120;
pub const SEATS_MAX: u32 = 100;

/// A bench's seat count: 1 to 100.
pub fn parse_seats(value: &str) -> Result<u32, Problem> {
    match value.trim().parse::<u32>() {
        Ok(n) if (1..=SEATS_MAX).contains(&n) => Ok(n),
        Ok(_) => Err(Problem::SeatOutOfRange),
        Err(_) if value.trim().is_empty() => Err(Problem::Required),
        Err(_) => Err(Problem::SeatOutOfRange),
    }
}

/// A membership to be created, as typed into the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMembership {
    pub bench_id: i64,
    pub user_id: i64,
    pub seat: Option<u32>,
    pub deputy_of: Option<i64>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// Parses a date field (`YYYY-MM-DD`, as `<input type="date">` sends it).
pub fn parse_date(value: &str) -> Result<Option<NaiveDate>, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| Problem::InvalidDate)
}

/// The seat must exist on the bench, and the end may not lie before the start.
pub fn check_membership(
    new: &NewMembership,
    bench: &Bench,
) -> Result<(), Vec<(&'static str, Problem)>> {
    let mut problems = Vec::new();
    if let Some(seat) = new.seat
        && !(1..=bench.seats).contains(&seat)
    {
        problems.push(("seat", Problem::SeatOutOfRange));
    }
    if new.seat.is_none() && new.deputy_of.is_none() {
        problems.push(("seat", Problem::Required));
    }
    if new.valid_until.is_some_and(|until| until < new.valid_from) {
        problems.push(("valid_until", Problem::EndBeforeStart));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn member(
        id: i64,
        seat: Option<u32>,
        deputy_of: Option<i64>,
        until: Option<&str>,
    ) -> Membership {
        Membership {
            id,
            bench_id: 1,
            person: PersonRef {
                id: id * 10,
                name: format!("P{id}"),
            },
            seat,
            deputy_of,
            valid_from: day("2026-01-01"),
            valid_until: until.map(day),
        }
    }

    #[test]
    fn every_seat_is_listed_with_holder_and_deputies() {
        let bench = Bench {
            id: 1,
            name: "Städte".into(),
            seats: 3,
        };
        let memberships = [
            member(1, Some(1), None, None),
            member(2, None, Some(1), None),
            member(3, Some(3), None, Some("2026-06-30")),
        ];
        let seats = arrange_seats(&bench, &memberships, day("2026-11-25"));
        assert_eq!(seats.len(), 3);
        assert_eq!(
            seats[0].holder.as_ref().map(|p| p.name.as_str()),
            Some("P1")
        );
        assert_eq!(seats[0].deputies.len(), 1);
        assert_eq!(seats[1].holder, None);
        // Ended in June: the seat is free again.
        assert_eq!(seats[2].holder, None);
        let june = arrange_seats(&bench, &memberships, day("2026-06-30"));
        assert_eq!(june[2].holder.as_ref().map(|p| p.name.as_str()), Some("P3"));
    }

    #[test]
    fn membership_checks() {
        let bench = Bench {
            id: 1,
            name: "KGSt".into(),
            seats: 2,
        };
        let mut new = NewMembership {
            bench_id: 1,
            user_id: 1,
            seat: Some(3),
            deputy_of: None,
            valid_from: day("2026-02-01"),
            valid_until: Some(day("2026-01-01")),
        };
        let problems = check_membership(&new, &bench).unwrap_err();
        assert_eq!(
            problems,
            vec![
                ("seat", Problem::SeatOutOfRange),
                ("valid_until", Problem::EndBeforeStart)
            ]
        );
        new.seat = Some(2);
        new.valid_until = None;
        assert!(check_membership(&new, &bench).is_ok());
    }

    #[test]
    fn seat_counts_are_bounded() {
        assert_eq!(parse_seats("3"), Ok(3));
        assert_eq!(parse_seats(""), Err(Problem::Required));
        assert_eq!(parse_seats("0"), Err(Problem::SeatOutOfRange));
        assert_eq!(parse_seats("101"), Err(Problem::SeatOutOfRange));
        assert_eq!(parse_seats("drei"), Err(Problem::SeatOutOfRange));
    }

    #[test]
    fn dates_parse_from_the_date_input() {
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(parse_date("2026-11-25"), Ok(Some(day("2026-11-25"))));
        assert_eq!(parse_date("25.11.2026"), Err(Problem::InvalidDate));
    }
}
