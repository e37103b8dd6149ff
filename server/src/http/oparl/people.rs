//! Person and Membership objects: only people who consented to publication.

use chrono::DateTime;
use gremium::domain::oparl::format_date;
use gremium::store::oparl::{self};
use serde::Serialize;

use super::answer::{Entry, Head, to_json};
use super::view::View;

impl View<'_> {
    pub(super) fn membership(&self, m: &oparl::MembershipRow, standalone: bool) -> Membership {
        Membership {
            head: Head::new(
                self.urls.at(&format!("membership/{}", m.id)),
                "Membership",
                m.created_at,
                m.updated_at,
            ),
            person: standalone.then(|| self.urls.at(&format!("person/{}", m.user_id))),
            organization: self.urls.at(&format!("organization/bank-{}", m.bench_id)),
            role: if m.seat.is_some() {
                "Mitglied"
            } else {
                "Stellvertretung"
            },
            voting_right: m.seat.is_some(),
            start_date: format_date(m.valid_from),
            end_date: m.valid_until.map(format_date),
        }
    }

    pub(super) fn person(&self, p: &oparl::PersonRow, omit_internal: bool) -> Entry {
        let mine: Vec<&oparl::MembershipRow> = self
            .body
            .memberships
            .iter()
            .filter(|m| m.user_id == p.id)
            .collect();
        let modified = mine
            .iter()
            .map(|m| m.updated_at)
            .fold(p.updated_at, DateTime::max);
        let membership = if omit_internal {
            Vec::new()
        } else {
            mine.iter().map(|m| self.membership(m, false)).collect()
        };
        let person = Person {
            head: Head::new(
                self.urls.at(&format!("person/{}", p.id)),
                "Person",
                p.created_at,
                modified,
            ),
            body: self.body_url(),
            name: p.display_name.clone(),
            membership,
        };
        Entry {
            created: p.created_at,
            modified,
            value: to_json(&person),
        }
    }
}

/// OParl `Person`: a member or deputy who agreed to be published.
#[derive(Serialize)]
struct Person {
    #[serde(flatten)]
    head: Head,
    body: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    membership: Vec<Membership>,
}

/// OParl `Membership`: a seat (with the right to vote) or a deputy's place on a bench.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Membership {
    #[serde(flatten)]
    head: Head,
    /// Only where the membership stands alone (not embedded in its person).
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<String>,
    organization: String,
    role: &'static str,
    voting_right: bool,
    start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
}
