//! People and what they may do: e-mail addresses, the roles a person holds and the checks that
//! every server function and route asks before it acts.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::form::Problem;

/// Longest address SMTP allows.
pub const EMAIL_MAX: usize = 254;
pub const DISPLAY_NAME_MAX: usize = 120;
/// Password length limits (the full rule is in `password`, on the server).
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

/// A syntactically plausible e-mail address in lower case (the sign-in name). Deliverability is
/// proven by the invitation link, not by a pattern.
pub fn normalize_email(value: &str) -> Result<String, Problem> {
    let email = value.trim().to_lowercase();
    if email.is_empty() {
        return Err(Problem::Required);
    }
    if email.chars().count() > EMAIL_MAX {
        return Err(Problem::TooLong);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(Problem::InvalidEmail);
    };
    let plausible = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if plausible {
        Ok(email)
    } else {
        Err(Problem::InvalidEmail)
    }
}

/// A signed-in person with every role they hold, loaded fresh on each request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    /// Committees this person chairs (as chair or deputy chair).
    pub chair_of: Vec<i64>,
    /// Committees where this person holds a seat or deputises, today.
    pub member_of: Vec<i64>,
    /// The organization this person represents, if any.
    pub organization: Option<OrganizationLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationLink {
    pub id: i64,
    pub name: String,
}

/// One row of the admin's list of people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    pub organization: Option<String>,
    pub disabled: bool,
}

/// The roles of the permission model, for display and for the authorization matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Chair,
    Member,
    Representative,
}

impl Principal {
    pub fn roles(&self) -> Vec<Role> {
        let mut roles = Vec::new();
        if self.is_admin {
            roles.push(Role::Admin);
        }
        if !self.chair_of.is_empty() {
            roles.push(Role::Chair);
        }
        if !self.member_of.is_empty() {
            roles.push(Role::Member);
        }
        if self.organization.is_some() {
            roles.push(Role::Representative);
        }
        roles
    }

    /// Invite people, disable accounts, read the audit log.
    pub fn may_administer(&self) -> bool {
        self.is_admin
    }

    /// Set up a committee's benches and memberships.
    pub fn may_manage_committee(&self, committee_id: i64) -> bool {
        self.is_admin || self.chair_of.contains(&committee_id)
    }

    /// See a committee's internal meetings and the video links: its members, chairs and admins.
    pub fn may_see_internal(&self, committee_id: i64) -> bool {
        self.is_admin
            || self.chair_of.contains(&committee_id)
            || self.member_of.contains(&committee_id)
    }

    /// Act (raise, co-sign) for an organization: only one's own.
    pub fn may_act_for(&self, organization_id: i64) -> bool {
        self.organization
            .as_ref()
            .is_some_and(|o| o.id == organization_id)
    }
}

/// Failed sign-ins before the first delay.
pub const FREE_LOGIN_FAILURES: u32 = 5;
/// The longest wait after many failures.
pub const MAX_LOGIN_DELAY: Duration = Duration::from_secs(15 * 60);

/// How long the next sign-in for an address must wait after `failures` failures in a row:
/// nothing for the first few (typos), then doubling from one second up to fifteen minutes.
pub fn login_delay(failures: u32) -> Duration {
    if failures < FREE_LOGIN_FAILURES {
        return Duration::ZERO;
    }
    let exponent = (failures - FREE_LOGIN_FAILURES).min(20);
    Duration::from_secs(1u64 << exponent).min(MAX_LOGIN_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal() -> Principal {
        Principal {
            user_id: 1,
            email: "a@example.org".into(),
            display_name: "A".into(),
            is_admin: false,
            chair_of: vec![],
            member_of: vec![],
            organization: None,
        }
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            normalize_email("  Anna.Schmidt@Kiel.DE "),
            Ok("anna.schmidt@kiel.de".into())
        );
        assert_eq!(normalize_email(""), Err(Problem::Required));
        for bad in [
            "anna",
            "@kiel.de",
            "anna@kiel",
            "anna@.de",
            "a b@kiel.de",
            "a@b@c.de",
        ] {
            assert_eq!(normalize_email(bad), Err(Problem::InvalidEmail), "{bad}");
        }
        let long = format!("{}@kiel.de", "a".repeat(250));
        assert_eq!(normalize_email(&long), Err(Problem::TooLong));
    }

    #[test]
    fn a_representative_acts_only_for_their_own_organization() {
        let mut p = principal();
        assert!(!p.may_act_for(7));
        p.organization = Some(OrganizationLink {
            id: 7,
            name: "Kiel".into(),
        });
        assert!(p.may_act_for(7));
        assert!(!p.may_act_for(8));
        assert_eq!(p.roles(), vec![Role::Representative]);
    }

    #[test]
    fn chairs_manage_only_their_committee_and_admins_every_one() {
        let mut p = principal();
        p.chair_of = vec![1];
        assert!(p.may_manage_committee(1));
        assert!(!p.may_manage_committee(2));
        assert!(!p.may_administer());
        p.is_admin = true;
        assert!(p.may_manage_committee(2));
        assert!(p.may_administer());
    }

    #[test]
    fn login_delay_grows_after_the_free_attempts_and_is_capped() {
        assert_eq!(login_delay(0), Duration::ZERO);
        assert_eq!(login_delay(4), Duration::ZERO);
        assert_eq!(login_delay(5), Duration::from_secs(1));
        assert_eq!(login_delay(6), Duration::from_secs(2));
        assert_eq!(login_delay(10), Duration::from_secs(32));
        assert_eq!(login_delay(20), MAX_LOGIN_DELAY);
        assert_eq!(login_delay(u32::MAX), MAX_LOGIN_DELAY);
    }
}
