//! Who attended a meeting, and whether the committee has a quorum. No I/O here.
//!
//! Quorum counts seats, not people: a seat votes when its holder is present or a deputy
//! represents the holder. The committee's setting says what share of its seats must vote;
//! "more than half" (50 %) is the default of German committee rules.

use serde::{Deserialize, Serialize};

use super::form::Problem;

/// How a member or deputy took part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Presence {
    Present,
    /// Excused in advance (entschuldigt).
    Excused,
    Absent,
    /// A deputy took the seat (vertreten).
    Represented,
}

impl Presence {
    pub const ALL: [Self; 4] = [
        Self::Present,
        Self::Excused,
        Self::Absent,
        Self::Represented,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Excused => "excused",
            Self::Absent => "absent",
            Self::Represented => "represented",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// The German word used in minutes (a German document, like the agenda).
    pub fn german(self) -> &'static str {
        match self {
            Self::Present => "anwesend",
            Self::Excused => "entschuldigt",
            Self::Absent => "abwesend",
            Self::Represented => "vertreten",
        }
    }
}

/// One person expected at a meeting: a seat holder or a deputy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub membership_id: i64,
    pub user_id: i64,
    pub name: String,
    pub organization_id: Option<i64>,
    pub organization: Option<String>,
    pub bench: String,
    /// The seat number for a seat holder; `None` for a deputy.
    pub seat: Option<i64>,
    /// For a deputy: the seat holder's membership.
    pub deputy_of: Option<i64>,
    /// `None` while nothing is recorded.
    pub presence: Option<Presence>,
    /// For a represented seat holder: the deputy's membership.
    pub represented_by: Option<i64>,
    /// The excuse or another remark.
    pub note: Option<String>,
    /// The person consented to their name being published.
    pub published: bool,
}

impl AttendanceRow {
    pub fn is_deputy(&self) -> bool {
        self.seat.is_none()
    }
}

/// The quorum at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    /// Seats held on the committee.
    pub seats: u32,
    /// Seats whose holder is present or represented: who may vote.
    pub voting: u32,
    /// Seats that must vote for the committee to decide.
    pub required: u32,
}

impl Quorum {
    pub fn reached(&self) -> bool {
        self.seats > 0 && self.voting >= self.required
    }
}

/// The quorum of `rows` when more than `percent` % of the seats must vote.
pub fn quorum(rows: &[AttendanceRow], percent: u32) -> Quorum {
    let holders = rows.iter().filter(|r| !r.is_deputy());
    let seats = u32::try_from(holders.clone().count()).unwrap_or(u32::MAX);
    let voting = u32::try_from(
        holders
            .filter(|r| matches!(r.presence, Some(Presence::Present | Presence::Represented)))
            .count(),
    )
    .unwrap_or(u32::MAX);
    Quorum {
        seats,
        voting,
        required: required_seats(seats, percent),
    }
}

/// "More than `percent` %" of `seats`, at most all of them.
pub fn required_seats(seats: u32, percent: u32) -> u32 {
    (seats * percent.min(100) / 100 + 1).min(seats.max(1))
}

/// Checks a recorded presence: "represented" needs a deputy of that very seat holder, and only
/// seat holders can be represented.
pub fn check_presence(
    row: &AttendanceRow,
    presence: Presence,
    deputy: Option<&AttendanceRow>,
) -> Result<(), Problem> {
    match (presence, deputy) {
        (Presence::Represented, None) => Err(Problem::Required),
        (Presence::Represented, Some(d)) => {
            if row.is_deputy() || d.deputy_of != Some(row.membership_id) {
                Err(Problem::NotADeputy)
            } else {
                Ok(())
            }
        }
        (_, Some(_)) => Err(Problem::NotADeputy),
        (_, None) => Ok(()),
    }
}

/// The committee's quorum setting from a form: a whole percentage 0–100.
pub fn parse_quorum_percent(value: &str) -> Result<u32, Problem> {
    match value.trim().parse::<u32>() {
        Ok(p @ 0..=100) => Ok(p),
        _ => Err(Problem::InvalidNumber),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(id: i64, presence: Option<Presence>) -> AttendanceRow {
        AttendanceRow {
            published: false,
            membership_id: id,
            user_id: id,
            name: format!("Mitglied {id}"),
            organization_id: None,
            organization: None,
            bench: "Kommunen".into(),
            seat: Some(id),
            deputy_of: None,
            presence,
            represented_by: None,
            note: None,
        }
    }

    fn deputy(id: i64, of: i64) -> AttendanceRow {
        AttendanceRow {
            published: false,
            seat: None,
            deputy_of: Some(of),
            ..holder(id, Some(Presence::Present))
        }
    }

    #[test]
    fn more_than_half_is_the_default_rule() {
        assert_eq!(required_seats(10, 50), 6);
        assert_eq!(required_seats(9, 50), 5);
        assert_eq!(required_seats(1, 50), 1);
        assert_eq!(required_seats(10, 0), 1);
        assert_eq!(required_seats(10, 100), 10);
        assert_eq!(required_seats(0, 50), 1);
    }

    #[test]
    fn represented_seats_vote_and_deputies_do_not_count_twice() {
        let rows = vec![
            holder(1, Some(Presence::Present)),
            holder(2, Some(Presence::Represented)),
            holder(3, Some(Presence::Excused)),
            holder(4, None),
            deputy(5, 2),
        ];
        let q = quorum(&rows, 50);
        assert_eq!((q.seats, q.voting, q.required), (4, 2, 3));
        assert!(!q.reached());
        let mut rows = rows;
        rows[3].presence = Some(Presence::Present);
        assert!(quorum(&rows, 50).reached());
    }

    #[test]
    fn no_seats_means_no_quorum() {
        assert!(!quorum(&[], 50).reached());
    }

    #[test]
    fn only_the_seats_own_deputy_represents_it() {
        let seat = holder(1, None);
        let own = deputy(5, 1);
        let other = deputy(6, 2);
        assert_eq!(
            check_presence(&seat, Presence::Represented, Some(&own)),
            Ok(())
        );
        assert_eq!(
            check_presence(&seat, Presence::Represented, Some(&other)),
            Err(Problem::NotADeputy)
        );
        assert_eq!(
            check_presence(&seat, Presence::Represented, None),
            Err(Problem::Required)
        );
        assert_eq!(
            check_presence(&own, Presence::Represented, Some(&own)),
            Err(Problem::NotADeputy)
        );
        assert_eq!(check_presence(&seat, Presence::Excused, None), Ok(()));
    }

    #[test]
    fn quorum_setting_is_a_percentage() {
        assert_eq!(parse_quorum_percent(" 50 "), Ok(50));
        assert_eq!(parse_quorum_percent("101"), Err(Problem::InvalidNumber));
        assert_eq!(parse_quorum_percent("halb"), Err(Problem::InvalidNumber));
    }
}
