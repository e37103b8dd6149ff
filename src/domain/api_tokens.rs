//! Personal API tokens: what a token may do (scopes) and the form that creates one. The token
//! acts as its person: a representative's token co-signs only for that person's organization.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::form::{FormErrors, Problem, required_text};

pub const NAME_MAX: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// Read demands (what the person may see).
    ReadDemands,
    /// Raise demands, co-sign and withdraw co-signatures for the person's organization.
    WriteDemands,
}

impl Scope {
    pub const ALL: [Self; 2] = [Self::ReadDemands, Self::WriteDemands];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadDemands => "bedarfe:lesen",
            Self::WriteDemands => "bedarfe:schreiben",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Scopes as stored: space-separated, unknown words ignored.
    pub fn parse_list(value: &str) -> Vec<Self> {
        let mut scopes: Vec<Self> = value.split_whitespace().filter_map(Self::parse).collect();
        scopes.sort();
        scopes.dedup();
        scopes
    }

    pub fn join(scopes: &[Self]) -> String {
        scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A token as its owner sees it in the list (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Checks the creation form: a name, and at least one scope.
pub fn check_new(name: &str, scopes: &[Scope]) -> Result<(String, Vec<Scope>), FormErrors> {
    let mut form = FormErrors::new();
    let name = match required_text(name, NAME_MAX) {
        Ok(name) => name,
        Err(problem) => {
            form.add("name", problem);
            String::new()
        }
    };
    if scopes.is_empty() {
        form.add("scopes", Problem::Required);
    }
    if form.is_empty() {
        let mut scopes = scopes.to_vec();
        scopes.sort();
        scopes.dedup();
        Ok((name, scopes))
    } else {
        Err(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_and_unknown_words_are_dropped() {
        let scopes = Scope::parse_list("bedarfe:schreiben root bedarfe:lesen bedarfe:lesen");
        assert_eq!(scopes, vec![Scope::ReadDemands, Scope::WriteDemands]);
        assert_eq!(Scope::join(&scopes), "bedarfe:lesen bedarfe:schreiben");
    }

    #[test]
    fn a_token_needs_a_name_and_a_scope() {
        let refused = check_new("  ", &[]).unwrap_err();
        assert_eq!(refused.problem("name"), Some(Problem::Required));
        assert_eq!(refused.problem("scopes"), Some(Problem::Required));
        let long = "x".repeat(NAME_MAX + 1);
        assert_eq!(
            check_new(&long, &[Scope::ReadDemands])
                .unwrap_err()
                .problem("name"),
            Some(Problem::TooLong)
        );
        assert_eq!(
            check_new(
                " Fachverfahren ",
                &[Scope::WriteDemands, Scope::ReadDemands]
            )
            .unwrap(),
            (
                "Fachverfahren".to_owned(),
                vec![Scope::ReadDemands, Scope::WriteDemands]
            )
        );
    }
}
