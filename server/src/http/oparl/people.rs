//! Person and Membership objects: only people who consented to publication.

use chrono::DateTime;
use gremium::domain::oparl::format_date;
use gremium::store::oparl::{self};
use serde_json::Value;

use super::answer::{Entry, Object};
use super::view::View;

impl View<'_> {
    pub(super) fn membership(&self, m: &oparl::MembershipRow, standalone: bool) -> Value {
        Object::new(self.urls.at(&format!("membership/{}", m.id)), "Membership")
            .opt(
                "person",
                standalone.then(|| self.urls.at(&format!("person/{}", m.user_id))),
            )
            .set(
                "organization",
                self.urls.at(&format!("organization/bank-{}", m.bench_id)),
            )
            .set(
                "role",
                if m.seat.is_some() {
                    "Mitglied"
                } else {
                    "Stellvertretung"
                },
            )
            .set("votingRight", m.seat.is_some())
            .set("startDate", format_date(m.valid_from))
            .opt("endDate", m.valid_until.map(format_date))
            .times(m.created_at, m.updated_at)
            .done()
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
        let memberships: Vec<Value> = if omit_internal {
            Vec::new()
        } else {
            mine.iter().map(|m| self.membership(m, false)).collect()
        };
        Entry {
            created: p.created_at,
            modified,
            value: Object::new(self.urls.at(&format!("person/{}", p.id)), "Person")
                .set("body", self.body_url())
                .set("name", p.display_name.clone())
                .set("membership", memberships)
                .times(p.created_at, modified)
                .done(),
        }
    }
}
