//! Who sees what — the one place where it is decided. Every read (pages, server functions, REST,
//! OParl, feeds, iCalendar, CSV, exports) asks a [`Reader`] before it hands anything out; no
//! adapter keeps a rule of its own. No I/O here.
//!
//! The rules, from the design:
//! - The public sees published things only: public meetings and series, the last *published*
//!   agenda version (never the working rows, never an agenda that was never published), public
//!   items of public meetings, public demands, final public minutes, and the names of people who
//!   consented to publication.
//! - Members of the committee (seat or deputy), its chairs and admins ("insiders") see the
//!   committee's internal material, the working agenda and the video links.
//! - The chair's running notes belong to those who run the meeting until they become minutes.
//! - A representative without a seat sees public material plus their own organization's.

use serde::{Deserialize, Serialize};

use super::account::Principal;
use super::agenda::PublishedItem;
use super::demands::Visibility;
use super::live::LiveItem;
use super::tasks::{Task, TaskOwner};

/// The reader of a committee's material: anonymous or a principal, with their standing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reader {
    pub principal: Option<Principal>,
    pub committee: i64,
}

/// How far a reader sees into a committee, from least to most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Standing {
    /// Not signed in.
    Public,
    /// Signed in without a seat (e.g. a representative of a municipality).
    SignedIn,
    /// Holds a seat or deputises on the committee.
    Member,
    /// Chairs the committee, or an admin.
    Manager,
}

impl Reader {
    pub fn new(principal: Option<Principal>, committee: i64) -> Self {
        Self {
            principal,
            committee,
        }
    }

    pub fn anonymous(committee: i64) -> Self {
        Self::new(None, committee)
    }

    pub fn standing(&self) -> Standing {
        match &self.principal {
            None => Standing::Public,
            Some(p) if p.may_manage_committee(self.committee) => Standing::Manager,
            Some(p) if p.may_see_internal(self.committee) => Standing::Member,
            Some(_) => Standing::SignedIn,
        }
    }

    /// Members, chairs and admins: the committee's internal material.
    pub fn insider(&self) -> bool {
        self.standing() >= Standing::Member
    }

    /// Chairs and admins: runs the committee's meetings.
    pub fn manages(&self) -> bool {
        self.standing() == Standing::Manager
    }

    pub fn user_id(&self) -> Option<i64> {
        self.principal.as_ref().map(|p| p.user_id)
    }

    pub fn organization(&self) -> Option<i64> {
        self.principal
            .as_ref()
            .and_then(|p| p.organization.as_ref().map(|o| o.id))
    }

    /// A meeting, a series or an agenda item marked public or internal.
    pub fn sees(&self, public: bool) -> bool {
        public || self.insider()
    }

    /// The video-conference link of a meeting or series.
    pub fn sees_video_link(&self) -> bool {
        self.insider()
    }

    /// The agenda as the chair is editing it, rather than its last published version.
    pub fn sees_working_agenda(&self) -> bool {
        self.insider()
    }

    /// Topics (proposals for the agenda, with their triage): the committee's working material.
    pub fn sees_topics(&self) -> bool {
        self.insider()
    }

    /// The chair's notes on items while the meeting runs (they reach others as minutes).
    pub fn sees_notes(&self) -> bool {
        self.manages()
    }

    /// Tasks given in a meeting, with their owners and who closed them.
    pub fn sees_tasks(&self) -> bool {
        self.insider()
    }

    /// Who published an agenda version (an account's address today).
    pub fn sees_publisher(&self) -> bool {
        self.insider()
    }

    /// A person's name: insiders see everyone on the committee's records; others see names of
    /// people who consented to publication, and their own.
    pub fn sees_name(&self, user_id: Option<i64>, consented: bool) -> bool {
        consented || self.insider() || (user_id.is_some() && user_id == self.user_id())
    }

    /// Demands: drafts for their organization, internal ones for insiders.
    pub fn demands(&self) -> Visibility {
        Visibility::of(self.principal.as_ref(), self.committee)
    }
}

/// Which agenda a reader gets: the working rows, the last published version, or nothing at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgendaView {
    Working,
    Published,
    Hidden,
}

/// Published means frozen: outsiders read the last published version of a visible meeting's
/// agenda, and no agenda at all before the first publication.
pub fn agenda_view(reader: &Reader, meeting_public: bool, published: bool) -> AgendaView {
    if !reader.sees(meeting_public) {
        AgendaView::Hidden
    } else if reader.sees_working_agenda() {
        AgendaView::Working
    } else if published {
        AgendaView::Published
    } else {
        AgendaView::Hidden
    }
}

/// The items an outsider follows: the public items of the last published version, in its order
/// and wording, with the time and outcome recorded on the working rows. An item made internal
/// or removed since publication is left out; nothing that was never published comes through,
/// and no notes.
pub fn published_items(working: &[LiveItem], published: &[PublishedItem]) -> Vec<LiveItem> {
    published
        .iter()
        .filter(|p| p.public)
        .filter_map(|p| {
            let row = working.iter().find(|w| w.id == p.item_id && w.public)?;
            Some(LiveItem {
                id: p.item_id,
                number: p.number.clone(),
                title: p.title.clone(),
                presenter: p.presenter.clone(),
                minutes: p.minutes,
                public: true,
                notes: String::new(),
                elapsed: row.elapsed,
                outcome: row.outcome,
            })
        })
        .collect()
}

/// A task as the reader may see it: the owner's name only with consent (or to insiders), and
/// who closed it (an account's address) only to insiders.
pub fn task_for(reader: &Reader, mut task: Task) -> Task {
    let person = match task.owner {
        TaskOwner::Person(id) => Some(id),
        TaskOwner::Organization(_) => None,
    };
    if person.is_some() && !reader.sees_name(person, task.owner_public) {
        task.owner_label = NAME_WITHHELD.to_owned();
        task.owner = TaskOwner::Person(0);
    }
    if !reader.insider() {
        task.done_by = None;
    }
    task
}

/// What stands in for a name the reader may not see.
pub const NAME_WITHHELD: &str = "N. N.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::OrganizationLink;

    const COMMITTEE: i64 = 1;

    fn person(id: i64, admin: bool, chair: bool, member: bool, org: Option<i64>) -> Principal {
        Principal {
            user_id: id,
            email: format!("p{id}@example.org"),
            display_name: format!("P{id}"),
            is_admin: admin,
            chair_of: if chair { vec![COMMITTEE] } else { vec![] },
            member_of: if member { vec![COMMITTEE] } else { vec![] },
            organization: org.map(|id| OrganizationLink {
                id,
                name: format!("O{id}"),
            }),
        }
    }

    fn readers() -> [(Standing, Reader); 6] {
        let r = |p| Reader::new(Some(p), COMMITTEE);
        let mut other_committee = person(6, false, false, false, None);
        other_committee.chair_of = vec![COMMITTEE + 1];
        other_committee.member_of = vec![COMMITTEE + 1];
        [
            (Standing::Public, Reader::anonymous(COMMITTEE)),
            (
                Standing::SignedIn,
                r(person(2, false, false, false, Some(9))),
            ),
            (Standing::Member, r(person(3, false, false, true, Some(8)))),
            (Standing::Manager, r(person(4, false, true, false, None))),
            (Standing::Manager, r(person(5, true, false, false, None))),
            // A chair and member of another committee is an outsider here.
            (Standing::SignedIn, r(other_committee)),
        ]
    }

    #[test]
    fn each_standing_sees_its_share() {
        // (standing, internal things, video link, working agenda, notes, tasks, publisher)
        let table = [
            (Standing::Public, false, false, false, false, false, false),
            (Standing::SignedIn, false, false, false, false, false, false),
            (Standing::Member, true, true, true, false, true, true),
            (Standing::Manager, true, true, true, true, true, true),
        ];
        for (standing, reader) in readers() {
            assert_eq!(reader.standing(), standing, "{reader:?}");
            let row = table.iter().find(|r| r.0 == standing).expect("row");
            assert!(reader.sees(true), "{standing:?} sees public things");
            assert_eq!(reader.sees(false), row.1, "{standing:?} internal");
            assert_eq!(reader.sees_video_link(), row.2, "{standing:?} video");
            assert_eq!(reader.sees_working_agenda(), row.3, "{standing:?} agenda");
            assert_eq!(reader.sees_notes(), row.4, "{standing:?} notes");
            assert_eq!(reader.sees_tasks(), row.5, "{standing:?} tasks");
            assert_eq!(reader.sees_publisher(), row.6, "{standing:?} publisher");
            assert_eq!(reader.demands().internal, row.1, "{standing:?} demands");
        }
    }

    #[test]
    fn names_need_consent_outside_the_committee() {
        for (standing, reader) in readers() {
            let insider = standing >= Standing::Member;
            assert!(reader.sees_name(Some(77), true));
            assert_eq!(reader.sees_name(Some(77), false), insider, "{standing:?}");
            assert_eq!(reader.sees_name(None, false), insider, "{standing:?}");
            if let Some(me) = reader.user_id() {
                assert!(reader.sees_name(Some(me), false), "one's own name");
            }
        }
    }

    #[test]
    fn published_means_frozen() {
        use AgendaView::*;
        // (standing, meeting public, ever published) → view
        let table = [
            (Standing::Public, true, true, Published),
            (Standing::Public, true, false, Hidden),
            (Standing::Public, false, true, Hidden),
            (Standing::SignedIn, true, true, Published),
            (Standing::SignedIn, true, false, Hidden),
            (Standing::SignedIn, false, true, Hidden),
            (Standing::Member, true, false, Working),
            (Standing::Member, false, false, Working),
            (Standing::Manager, false, true, Working),
        ];
        let all = readers();
        for (standing, public, published, expected) in table {
            for (_, reader) in all.iter().filter(|(s, _)| *s == standing) {
                assert_eq!(
                    agenda_view(reader, public, published),
                    expected,
                    "{standing:?} public={public} published={published}"
                );
            }
        }
    }
}
