//! The minutes (Niederschrift) of a meeting: a document built from the meeting's attendance,
//! items, notes, decisions and tasks; draft → final (frozen) → approved by a later meeting.
//! Rendering to Markdown lives here too, so the public version's rule (internal items left
//! out) is in one place and tested without I/O.

use serde::{Deserialize, Serialize};

use super::calendar::MeetingStatus;
use super::decisions::{DecisionKind, Votes};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MinutesState {
    /// Editable: notes, opening and closing text may change.
    Draft,
    /// Locked; the frozen document is what is exported and approved.
    Final,
    /// Approved by a later meeting.
    Approved,
}

impl MinutesState {
    pub const ALL: [Self; 3] = [Self::Draft, Self::Final, Self::Approved];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Final => "final",
            Self::Approved => "approved",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn editable(self) -> bool {
        self == Self::Draft
    }

    pub fn german(self) -> &'static str {
        match self {
            Self::Draft => "Entwurf",
            Self::Final => "endgültig",
            Self::Approved => "genehmigt",
        }
    }
}

/// What a chair does to the minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MinutesAction {
    /// Anything that changes their content: opening and closing text, an item's notes,
    /// attendance, a decision or a task.
    Edit,
    Finalise,
    Approve,
}

impl MinutesAction {
    pub const ALL: [Self; 3] = [Self::Edit, Self::Finalise, Self::Approve];
}

/// Why the minutes refuse an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MinutesRefused {
    /// Final or approved minutes do not change any more.
    Locked(MinutesState),
    /// Minutes become final only once the meeting was held (its status is given).
    NotHeld(MeetingStatus),
    /// Only final minutes can be approved.
    NotFinal,
}

impl std::fmt::Display for MinutesRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Locked(state) => write!(f, "the minutes are {} and locked", state.as_str()),
            Self::NotHeld(status) => write!(
                f,
                "minutes become final once the meeting was held, not while it is {}",
                status.as_str()
            ),
            Self::NotFinal => write!(f, "only final minutes can be approved"),
        }
    }
}

/// Whether minutes in `state` (None: not saved yet, a draft) still take an edit.
pub fn may_edit(state: Option<MinutesState>) -> Result<(), MinutesRefused> {
    match state {
        None | Some(MinutesState::Draft) => Ok(()),
        Some(locked) => Err(MinutesRefused::Locked(locked)),
    }
}

/// The minutes' one transition: draft → final (once the meeting was held) → approved, and
/// edits only to a draft. `state` is `Draft` for minutes not yet saved.
pub fn transition(
    state: MinutesState,
    meeting: MeetingStatus,
    action: MinutesAction,
) -> Result<MinutesState, MinutesRefused> {
    match (action, state) {
        (MinutesAction::Edit, MinutesState::Draft) => Ok(MinutesState::Draft),
        (MinutesAction::Finalise, MinutesState::Draft) if meeting == MeetingStatus::Held => {
            Ok(MinutesState::Final)
        }
        (MinutesAction::Finalise, MinutesState::Draft) => Err(MinutesRefused::NotHeld(meeting)),
        (MinutesAction::Approve, MinutesState::Final) => Ok(MinutesState::Approved),
        (MinutesAction::Approve, MinutesState::Draft) => Err(MinutesRefused::NotFinal),
        (_, locked) => Err(MinutesRefused::Locked(locked)),
    }
}

pub const TEXT_MAX: usize = 20_000;

/// The minutes as a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesDocument {
    pub committee: String,
    pub meeting_title: String,
    /// "26.11.2026, 10:00–12:00 Uhr" (Berlin time).
    pub when: String,
    pub place: Option<String>,
    pub attendance: Vec<AttendanceLine>,
    /// e.g. "Beschlussfähig: 6 von 10 Sitzen vertreten (erforderlich: 6)".
    pub quorum: String,
    pub opening: String,
    pub items: Vec<MinutesItem>,
    pub closing: String,
    pub state: MinutesState,
    /// "Genehmigt in der Sitzung … am …" once approved.
    pub approval: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceLine {
    pub name: String,
    pub organization: Option<String>,
    /// "anwesend", "entschuldigt", "vertreten durch …", "Stellvertretung".
    pub presence: String,
    /// The person consented to publication (documents frozen before this was kept: no).
    #[serde(default)]
    pub published: bool,
    /// `presence` as the public reads it: a deputy named only with their consent.
    #[serde(default)]
    pub public_presence: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesItem {
    /// "TOP 2.1".
    pub number: String,
    pub title: String,
    pub public: bool,
    pub notes: String,
    pub decisions: Vec<MinutesDecision>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesDecision {
    pub number: String,
    pub kind: DecisionKind,
    pub text: String,
    pub votes: Option<Votes>,
    pub tasks: Vec<MinutesTask>,
    /// The demands it moved (documents frozen before this was kept: none).
    #[serde(default)]
    pub demands: Vec<MinutesDemand>,
}

/// A demand a decision moved, as the minutes record it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesDemand {
    pub id: i64,
    pub title: String,
    /// "angenommen".
    pub from: String,
    pub to: String,
    /// The demand is public: the public version names it.
    pub public: bool,
}

impl MinutesDemand {
    /// "Bedarf #10 „Titel“: eingereicht → angenommen".
    pub fn line(&self) -> String {
        format!(
            "Bedarf #{} „{}“: {} → {}",
            self.id,
            one_line(&self.title),
            self.from,
            self.to
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesTask {
    pub title: String,
    pub owner: String,
    /// The owner is an organization or a person who consented to publication.
    #[serde(default)]
    pub owner_published: bool,
    /// "15.12.2026".
    pub due: String,
}

impl MinutesDocument {
    /// The version for the public: internal items left out, each with all it decided, and
    /// people named only with their consent (see `domain::visibility`).
    pub fn public(&self) -> Self {
        let withheld = super::visibility::NAME_WITHHELD;
        let mut public = Self {
            items: self.items.iter().filter(|i| i.public).cloned().collect(),
            ..self.clone()
        };
        for line in &mut public.attendance {
            if !line.published {
                line.name = withheld.to_owned();
            }
            line.presence = match line.public_presence.take() {
                Some(presence) => presence,
                None if line.presence.starts_with("vertreten durch") => "vertreten".to_owned(),
                None => std::mem::take(&mut line.presence),
            };
        }
        for item in &mut public.items {
            for decision in &mut item.decisions {
                decision.demands.retain(|d| d.public);
                for task in decision.tasks.iter_mut().filter(|t| !t.owner_published) {
                    task.owner = withheld.to_owned();
                }
            }
        }
        public
    }

    /// Every decision with the item it belongs to, in agenda order.
    pub fn decisions(&self) -> impl Iterator<Item = (&MinutesItem, &MinutesDecision)> {
        self.items
            .iter()
            .flat_map(|i| i.decisions.iter().map(move |d| (i, d)))
    }
}

/// "Ja 5 · Nein 2 · Enthaltung 1".
pub fn votes_line(votes: Votes) -> String {
    format!(
        "Ja {} · Nein {} · Enthaltung {}",
        votes.yes, votes.no, votes.abstain
    )
}

/// The document as Markdown (CommonMark), the same text for both languages: minutes are German
/// documents. User text is kept as typed: it is Markdown already.
pub fn to_markdown(doc: &MinutesDocument) -> String {
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&format!(
        "# Niederschrift: {}",
        one_line(&doc.meeting_title)
    ));
    line("");
    line(&format!("**Gremium:** {}  ", one_line(&doc.committee)));
    line(&format!("**Sitzung:** {}  ", doc.when));
    if let Some(place) = &doc.place {
        line(&format!("**Ort:** {}  ", one_line(place)));
    }
    line(&format!("**Stand:** {}", doc.state.german()));
    if let Some(approval) = &doc.approval {
        line("");
        line(&format!("*{approval}*"));
    }
    line("");
    line("## Anwesenheit");
    line("");
    for a in &doc.attendance {
        let org = a
            .organization
            .as_deref()
            .map(|o| format!(" ({})", one_line(o)))
            .unwrap_or_default();
        line(&format!("- {}{org}: {}", one_line(&a.name), a.presence));
    }
    line("");
    line(&doc.quorum);
    if !doc.opening.trim().is_empty() {
        line("");
        line(doc.opening.trim());
    }
    for item in &doc.items {
        line("");
        line(&format!("## {} {}", item.number, one_line(&item.title)));
        if !item.notes.trim().is_empty() {
            line("");
            line(item.notes.trim());
        }
        for d in &item.decisions {
            line("");
            line(&format!("### {} {}", d.kind.german(), d.number));
            line("");
            line(d.text.trim());
            if let Some(votes) = d.votes {
                line("");
                line(&format!("Abstimmung: {}", votes_line(votes)));
            }
            if !d.demands.is_empty() {
                line("");
                line("Bewegte Bedarfe:");
                line("");
                for m in &d.demands {
                    line(&format!("- {}", m.line()));
                }
            }
            if !d.tasks.is_empty() {
                line("");
                line("Aufgaben:");
                line("");
                for t in &d.tasks {
                    line(&format!(
                        "- {} — {}, fällig am {}",
                        one_line(&t.title),
                        one_line(&t.owner),
                        t.due
                    ));
                }
            }
        }
    }
    if !doc.closing.trim().is_empty() {
        line("");
        line(doc.closing.trim());
    }
    out
}

/// Names and titles go into headings and list items: no line breaks there.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
