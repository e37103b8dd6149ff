//! Personal API tokens: what a token may do (scopes), how long it lives, and the form that
//! creates one. The token acts as its person: a representative's token co-signs only for that
//! person's organization. Every token ends when its person's password changes.

use chrono::{DateTime, Duration, Utc};
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

/// How long a new token works. A token that is forgotten in a script should not work forever,
/// so the form offers a limited life first; "no expiry" is a deliberate choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lifetime {
    Days30,
    #[default]
    Days90,
    Year,
    Unlimited,
}

impl Lifetime {
    pub const ALL: [Self; 4] = [Self::Days30, Self::Days90, Self::Year, Self::Unlimited];

    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Days30 => "30",
            Self::Days90 => "90",
            Self::Year => "365",
            Self::Unlimited => "unbegrenzt",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == value.trim())
    }

    /// When a token made at `created` stops working (`None`: never by itself).
    pub fn expires(self, created: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let days = match self {
            Self::Days30 => 30,
            Self::Days90 => 90,
            Self::Year => 365,
            Self::Unlimited => return None,
        };
        Some(created + Duration::days(days))
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
    /// When it stops working by itself (`None`: only when revoked or the password changes).
    pub expires_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// Whether the token has run out at `at` (it is still listed, so its owner sees why a
    /// script stopped working).
    pub fn expired(&self, at: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|e| e <= at)
    }
}

/// A checked creation form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewToken {
    pub name: String,
    pub scopes: Vec<Scope>,
    pub lifetime: Lifetime,
}

/// Checks the creation form: a name, at least one scope, and one of the offered lifetimes.
pub fn check_new(name: &str, scopes: &[Scope], lifetime: &str) -> Result<NewToken, FormErrors> {
    let mut form = FormErrors::new();
    let lifetime = Lifetime::parse(lifetime).unwrap_or_else(|| {
        form.add("lifetime", Problem::Required);
        Lifetime::default()
    });
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
        Ok(NewToken {
            name,
            scopes,
            lifetime,
        })
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
    fn a_token_needs_a_name_a_scope_and_a_lifetime() {
        let refused = check_new("  ", &[], "for ever").unwrap_err();
        assert_eq!(refused.problem("name"), Some(Problem::Required));
        assert_eq!(refused.problem("scopes"), Some(Problem::Required));
        assert_eq!(refused.problem("lifetime"), Some(Problem::Required));
        let long = "x".repeat(NAME_MAX + 1);
        assert_eq!(
            check_new(&long, &[Scope::ReadDemands], "90")
                .unwrap_err()
                .problem("name"),
            Some(Problem::TooLong)
        );
        assert_eq!(
            check_new(
                " Fachverfahren ",
                &[Scope::WriteDemands, Scope::ReadDemands],
                "365"
            )
            .unwrap(),
            NewToken {
                name: "Fachverfahren".to_owned(),
                scopes: vec![Scope::ReadDemands, Scope::WriteDemands],
                lifetime: Lifetime::Year,
            }
        );
    }

    #[test]
    fn a_lifetime_ends_its_token_or_never() {
        let made = "2026-12-03T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let ends = Lifetime::Days30.expires(made).unwrap();
        assert_eq!(ends.to_rfc3339(), "2027-01-02T10:00:00+00:00");
        assert_eq!(Lifetime::Unlimited.expires(made), None);
        for lifetime in Lifetime::ALL {
            assert_eq!(Lifetime::parse(lifetime.as_str()), Some(lifetime));
        }
        let token = ApiToken {
            id: 1,
            name: "Skript".to_owned(),
            scopes: vec![Scope::ReadDemands],
            created_at: made,
            last_used_at: None,
            expires_at: Some(ends),
        };
        assert!(!token.expired(ends - Duration::seconds(1)));
        assert!(token.expired(ends));
    }
}
