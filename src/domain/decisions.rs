//! Decisions (Beschlüsse) taken on an agenda item: kind, text, optional vote counts, and the
//! number they are cited by. No I/O here.
//!
//! Numbers read "2026-11/3": the month of the meeting, then a count that runs on through every
//! meeting of the committee in that month, so a number names one decision even when a month has
//! two meetings.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::form::{FormErrors, Problem, required_text};

pub const TEXT_MAX: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionKind {
    /// Beschluss.
    Resolution,
    /// Empfehlung.
    Recommendation,
    /// Kenntnisnahme.
    Notice,
    /// Vertagung.
    Deferral,
}

impl DecisionKind {
    pub const ALL: [Self; 4] = [
        Self::Resolution,
        Self::Recommendation,
        Self::Notice,
        Self::Deferral,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resolution => "resolution",
            Self::Recommendation => "recommendation",
            Self::Notice => "notice",
            Self::Deferral => "deferral",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// The German word used in minutes.
    pub fn german(self) -> &'static str {
        match self {
            Self::Resolution => "Beschluss",
            Self::Recommendation => "Empfehlung",
            Self::Notice => "Kenntnisnahme",
            Self::Deferral => "Vertagung",
        }
    }
}

/// A vote: yes, no, abstentions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Votes {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

impl Votes {
    pub fn total(self) -> u32 {
        self.yes + self.no + self.abstain
    }

    /// Carried: more yes than no (abstentions do not count).
    pub fn carried(self) -> bool {
        self.yes > self.no
    }
}

/// The period part of a decision number: the meeting's month in Berlin time.
pub fn period(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The citable number, e.g. "2026-11/3".
pub fn number(period: &str, seq: i64) -> String {
    format!("{period}/{seq}")
}

/// A decision as the chair types it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionDraft {
    pub kind: DecisionKind,
    pub text: String,
    pub votes: Option<Votes>,
}

/// The demand part of the decision form as posted: every field is absent when the item holds
/// no demand, so each defaults to empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DemandMoveFields {
    /// The demand's id, or empty for "none".
    pub demand: String,
    pub to: String,
    pub body: String,
    pub reference: String,
    pub follow_up: String,
    pub reason: String,
}

/// The decision form's raw fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionForm {
    pub kind: String,
    pub text: String,
    pub yes: String,
    pub no: String,
    pub abstain: String,
}

impl DecisionForm {
    /// Checks every field; `voting` is the number of seats present or represented, which no vote
    /// may exceed. Errors keep what was typed.
    pub fn check(&self, voting: u32) -> Result<DecisionDraft, FormErrors> {
        let mut errors = FormErrors::new();
        let kind = errors.check(
            "kind",
            DecisionKind::parse(&self.kind).ok_or(Problem::Required),
        );
        let text = errors.check("text", required_text(&self.text, TEXT_MAX));
        let votes = parse_votes(&self.yes, &self.no, &self.abstain, &mut errors);
        if let Some(Some(v)) = votes
            && v.total() > voting
        {
            errors.add("yes", Problem::TooManyVotes);
        }
        match (kind, text, votes) {
            (Some(kind), Some(text), Some(votes)) if errors.is_empty() => {
                Ok(DecisionDraft { kind, text, votes })
            }
            _ => Err(errors
                .keep("kind", &self.kind)
                .keep("text", &self.text)
                .keep("yes", &self.yes)
                .keep("no", &self.no)
                .keep("abstain", &self.abstain)),
        }
    }
}

/// Three vote fields: all empty means no vote was taken; once one is filled, empty ones count 0.
fn parse_votes(
    yes: &str,
    no: &str,
    abstain: &str,
    errors: &mut FormErrors,
) -> Option<Option<Votes>> {
    if [yes, no, abstain].iter().all(|v| v.trim().is_empty()) {
        return Some(None);
    }
    let yes = errors.check("yes", count(yes));
    let no = errors.check("no", count(no));
    let abstain = errors.check("abstain", count(abstain));
    Some(Some(Votes {
        yes: yes?,
        no: no?,
        abstain: abstain?,
    }))
}

fn count(value: &str) -> Result<u32, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(0);
    }
    match value.parse::<u32>() {
        Ok(n @ 0..=1000) => Ok(n),
        _ => Err(Problem::InvalidNumber),
    }
}

/// A decision as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: i64,
    pub meeting_id: i64,
    pub item_id: i64,
    pub number: String,
    pub kind: DecisionKind,
    pub text: String,
    pub votes: Option<Votes>,
    pub version: i64,
}

/// A demand a decision moved, from what to what (as the demand's timeline recorded it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandMove {
    pub decision_id: i64,
    pub demand_id: i64,
    pub title: String,
    pub from: super::demands::DemandStatus,
    pub to: super::demands::DemandStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(yes: &str, no: &str, abstain: &str) -> DecisionForm {
        DecisionForm {
            kind: "resolution".into(),
            text: "Das Gremium beschließt die Einführung.".into(),
            yes: yes.into(),
            no: no.into(),
            abstain: abstain.into(),
        }
    }

    #[test]
    fn numbers_name_month_and_count() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(number(&period(date), 3), "2026-11/3");
        let date = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(number(&period(date), 12), "2027-01/12");
    }

    #[test]
    fn votes_may_not_exceed_those_entitled() {
        assert_eq!(
            form("5", "2", "1").check(8).unwrap().votes,
            Some(Votes {
                yes: 5,
                no: 2,
                abstain: 1
            })
        );
        let errors = form("5", "3", "1").check(8).unwrap_err();
        assert_eq!(errors.problem("yes"), Some(Problem::TooManyVotes));
        assert_eq!(errors.value("no"), Some("3"));
    }

    #[test]
    fn no_vote_is_fine_and_empty_fields_count_zero() {
        assert_eq!(form("", " ", "").check(0).unwrap().votes, None);
        assert_eq!(
            form("4", "", "").check(4).unwrap().votes,
            Some(Votes {
                yes: 4,
                no: 0,
                abstain: 0
            })
        );
    }

    #[test]
    fn bad_counts_kind_and_text_are_refused_at_the_field() {
        let errors = form("-1", "x", "2").check(10).unwrap_err();
        assert_eq!(errors.problem("yes"), Some(Problem::InvalidNumber));
        assert_eq!(errors.problem("no"), Some(Problem::InvalidNumber));
        let errors = DecisionForm {
            kind: "verbot".into(),
            text: " ".into(),
            ..DecisionForm::default()
        }
        .check(10)
        .unwrap_err();
        assert_eq!(errors.problem("kind"), Some(Problem::Required));
        assert_eq!(errors.problem("text"), Some(Problem::Required));
    }

    #[test]
    fn carried_needs_more_yes_than_no() {
        let v = |yes, no, abstain| Votes { yes, no, abstain };
        assert!(v(3, 2, 5).carried());
        assert!(!v(2, 2, 0).carried());
    }
}
