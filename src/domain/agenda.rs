//! The agenda (Tagesordnung) of a meeting: items in order, two levels deep (TOP 2, 2.1), with
//! numbers derived from the order so they can never go out of step, the chair's moves, the
//! duration check, and what changed between two published versions. No I/O here.

use serde::{Deserialize, Serialize};

use super::calendar::{MeetingStatus, optional_text};
use super::form::{FormErrors, required_text};
use super::topics::{PRESENTER_MAX, TITLE_MAX, parse_minutes};

/// Items the chair finds on every new agenda; editable and removable like any other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StandardItem {
    Welcome,
    MinutesApproval,
    Other,
}

impl StandardItem {
    pub const ALL: [Self; 3] = [Self::Welcome, Self::MinutesApproval, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Welcome => "welcome",
            Self::MinutesApproval => "minutes_approval",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The German title the item starts with (agendas are German documents).
    pub fn title(self) -> &'static str {
        match self {
            Self::Welcome => "Begrüßung und Feststellung der Beschlussfähigkeit",
            Self::MinutesApproval => "Genehmigung der Niederschrift der letzten Sitzung",
            Self::Other => "Verschiedenes",
        }
    }

    pub fn minutes(self) -> u32 {
        match self {
            Self::Welcome => 5,
            Self::MinutesApproval => 5,
            Self::Other => 10,
        }
    }
}

/// What became of an item in its meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Dealt with.
    Handled,
    /// Not dealt with; moved on to the next meeting (vertagt).
    Retabled,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Handled => "handled",
            Self::Retabled => "retabled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Handled, Self::Retabled]
            .into_iter()
            .find(|o| o.as_str() == value)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: i64,
    pub topic_id: Option<i64>,
    /// 0: a TOP of its own; 1: a sub-item of the TOP above it.
    pub level: u8,
    pub title: String,
    pub presenter: Option<String>,
    pub minutes: u32,
    pub public: bool,
    pub standard: Option<StandardItem>,
    /// Added after the deadline.
    pub late: bool,
    /// Carried over from an earlier meeting (vertagt).
    pub retabled: bool,
    pub outcome: Option<Outcome>,
}

/// An item as the chair adds or edits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDraft {
    pub title: String,
    pub presenter: Option<String>,
    pub minutes: u32,
    pub public: bool,
}

/// Checks the item form; the refused form carries the input back.
pub fn check_item(
    title: &str,
    presenter: &str,
    minutes: &str,
    public: bool,
) -> Result<ItemDraft, FormErrors> {
    let mut form = FormErrors::new();
    let checked_title = form.check("title", required_text(title, TITLE_MAX));
    let checked_presenter = form.check("presenter", optional_text(presenter, PRESENTER_MAX));
    let checked_minutes = form.check("minutes", parse_minutes(minutes));
    match (checked_title, checked_presenter, checked_minutes) {
        (Some(title), Some(presenter), Some(minutes)) => Ok(ItemDraft {
            title,
            presenter,
            minutes,
            public,
        }),
        _ => Err(form
            .keep("title", title)
            .keep("presenter", presenter)
            .keep("minutes", minutes)
            .keep("public", if public { "on" } else { "" })),
    }
}

/// One published version of an agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedAgenda {
    pub number: i64,
    pub published_at: chrono::DateTime<chrono::Utc>,
    /// `published_at` in German time, for display.
    pub published_local: chrono::NaiveDateTime,
    pub published_by: String,
    pub items: Vec<PublishedItem>,
}

/// The items' numbers in order: "1", "2", "2.1", "2.2", "3" … A sub-item before any TOP counts
/// as a TOP of its own.
pub fn numbers(levels: &[u8]) -> Vec<String> {
    let (mut major, mut minor) = (0u32, 0u32);
    levels
        .iter()
        .map(|&level| {
            if level == 0 || major == 0 {
                major += 1;
                minor = 0;
                major.to_string()
            } else {
                minor += 1;
                format!("{major}.{minor}")
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Move {
    Up,
    Down,
    /// Becomes a sub-item of the TOP above.
    Indent,
    /// Becomes a TOP of its own.
    Outdent,
}

impl Move {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "up" => Some(Self::Up),
            "down" => Some(Self::Down),
            "indent" => Some(Self::Indent),
            "outdent" => Some(Self::Outdent),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
            Self::Indent => "indent",
            Self::Outdent => "outdent",
        }
    }
}

/// The block an item heads: a TOP with its sub-items, or a single sub-item.
fn block(levels: &[u8], start: usize) -> std::ops::Range<usize> {
    let mut end = start + 1;
    if levels[start] == 0 {
        while end < levels.len() && levels[end] > 0 {
            end += 1;
        }
    }
    start..end
}

/// The start of the block before `index` at the same level (a sub-item stays under its TOP).
fn previous_sibling(levels: &[u8], index: usize) -> Option<usize> {
    let level = levels[index];
    let mut i = index;
    while i > 0 {
        i -= 1;
        if levels[i] == level {
            return Some(i);
        }
        if levels[i] < level {
            return None;
        }
    }
    None
}

/// Applies a move to the item at `index` of an agenda given as (id, level) in order; the result
/// is the new order. A TOP moves with its sub-items; a sub-item moves within its TOP. None when
/// the move is not possible (already first, last, or at that level).
pub fn apply_move(items: &[(i64, u8)], index: usize, action: Move) -> Option<Vec<(i64, u8)>> {
    if index >= items.len() {
        return None;
    }
    let levels: Vec<u8> = items.iter().map(|(_, l)| *l).collect();
    let mut out = items.to_vec();
    match action {
        Move::Indent => {
            if levels[index] > 0 || index == 0 || block(&levels, index).len() > 1 {
                return None;
            }
            out[index].1 = 1;
        }
        Move::Outdent => {
            if levels[index] == 0 {
                return None;
            }
            // Later sub-items of the same TOP become sub-items of this item.
            out[index].1 = 0;
        }
        Move::Up => {
            let here = block(&levels, index);
            let prev = previous_sibling(&levels, index)?;
            let mut order: Vec<(i64, u8)> = items[..prev].to_vec();
            order.extend_from_slice(&items[here.clone()]);
            order.extend_from_slice(&items[prev..here.start]);
            order.extend_from_slice(&items[here.end..]);
            out = order;
        }
        Move::Down => {
            let here = block(&levels, index);
            if here.end >= items.len() || levels[here.end] != levels[index] {
                return None;
            }
            let next = block(&levels, here.end);
            let mut order: Vec<(i64, u8)> = items[..here.start].to_vec();
            order.extend_from_slice(&items[next.clone()]);
            order.extend_from_slice(&items[here.clone()]);
            order.extend_from_slice(&items[next.end..]);
            out = order;
        }
    }
    Some(out)
}

/// Puts the item `id` (with its sub-items when it is a TOP) before the item `before`, or at the
/// end — what a drag and drop asks for. A TOP dropped among sub-items lands before their TOP.
pub fn drop_before(items: &[(i64, u8)], id: i64, before: Option<i64>) -> Option<Vec<(i64, u8)>> {
    let levels: Vec<u8> = items.iter().map(|(_, l)| *l).collect();
    let from = items.iter().position(|(i, _)| *i == id)?;
    let moving = block(&levels, from);
    let rest: Vec<(i64, u8)> = items
        .iter()
        .enumerate()
        .filter(|(i, _)| !moving.contains(i))
        .map(|(_, item)| *item)
        .collect();
    let mut at = match before {
        None => rest.len(),
        Some(b) => rest.iter().position(|(i, _)| *i == b)?,
    };
    if levels[from] == 0 {
        // Never split a TOP from its sub-items.
        while at > 0 && at < rest.len() && rest[at].1 > 0 {
            at -= 1;
        }
    }
    let mut out = rest[..at].to_vec();
    out.extend_from_slice(&items[moving]);
    out.extend_from_slice(&rest[at..]);
    if out.first().is_some_and(|(_, l)| *l > 0) {
        out[0].1 = 0;
    }
    (out != items).then_some(out)
}

/// Where a new item goes: before "Verschiedenes" when the agenda has it, else at the end.
pub fn insert_position(items: &[AgendaItem]) -> usize {
    items
        .iter()
        .rposition(|i| i.standard == Some(StandardItem::Other) && i.level == 0)
        .unwrap_or(items.len())
}

/// The planned minutes of all items.
pub fn total_minutes(items: &[AgendaItem]) -> u32 {
    items.iter().map(|i| i.minutes).sum()
}

/// One item as a published version froze it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedItem {
    pub item_id: i64,
    pub number: String,
    pub title: String,
    pub presenter: Option<String>,
    pub minutes: u32,
    pub public: bool,
    pub late: bool,
    pub retabled: bool,
}

/// Freezes the current agenda for publication.
pub fn snapshot(items: &[AgendaItem]) -> Vec<PublishedItem> {
    let levels: Vec<u8> = items.iter().map(|i| i.level).collect();
    items
        .iter()
        .zip(numbers(&levels))
        .map(|(item, number)| PublishedItem {
            item_id: item.id,
            number,
            title: item.title.clone(),
            presenter: item.presenter.clone(),
            minutes: item.minutes,
            public: item.public,
            late: item.late,
            retabled: item.retabled,
        })
        .collect()
}

/// One difference between two published versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgendaChange {
    Added(PublishedItem),
    Removed(PublishedItem),
    /// Same item, other number (moved).
    Renumbered {
        title: String,
        from: String,
        to: String,
    },
    /// Same item, other title, presenter, minutes or visibility.
    Changed {
        before: PublishedItem,
        after: PublishedItem,
    },
}

/// What changed from `old` to `new`, items matched by identity: removals first, then the new
/// agenda in order with additions, moves and edits.
pub fn diff(old: &[PublishedItem], new: &[PublishedItem]) -> Vec<AgendaChange> {
    let mut changes: Vec<AgendaChange> = old
        .iter()
        .filter(|o| !new.iter().any(|n| n.item_id == o.item_id))
        .cloned()
        .map(AgendaChange::Removed)
        .collect();
    for item in new {
        match old.iter().find(|o| o.item_id == item.item_id) {
            None => changes.push(AgendaChange::Added(item.clone())),
            Some(before) => {
                if before.number != item.number {
                    changes.push(AgendaChange::Renumbered {
                        title: item.title.clone(),
                        from: before.number.clone(),
                        to: item.number.clone(),
                    });
                }
                let mut same_number = before.clone();
                same_number.number = item.number.clone();
                if &same_number != item {
                    changes.push(AgendaChange::Changed {
                        before: before.clone(),
                        after: item.clone(),
                    });
                }
            }
        }
    }
    changes
}

/// What the chair does to a meeting's agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgendaAction {
    Add,
    Edit,
    Remove,
    /// Up, down, indent, outdent, or a drop somewhere else.
    Reorder,
    /// Dealt with, or open again.
    Mark,
    Publish,
}

impl AgendaAction {
    pub const ALL: [Self; 6] = [
        Self::Add,
        Self::Edit,
        Self::Remove,
        Self::Reorder,
        Self::Mark,
        Self::Publish,
    ];
}

/// A change the agenda refuses, with what was tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgendaRefused {
    /// The meeting is held, approved or cancelled: its agenda is part of the record now.
    Closed {
        status: MeetingStatus,
        action: AgendaAction,
    },
    /// The step is impossible where the item stands (the first item up, a sub-item of
    /// nothing …).
    CannotMove,
}

impl std::fmt::Display for AgendaRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Closed { status, action } => write!(
                f,
                "the agenda of a meeting with status {} cannot take {action:?}",
                status.as_str()
            ),
            Self::CannotMove => write!(f, "the item cannot move that way"),
        }
    }
}

/// The agenda's one rule: until the meeting is held the chair shapes its agenda — every
/// action alike; afterwards nothing changes it.
pub fn transition(status: MeetingStatus, action: AgendaAction) -> Result<(), AgendaRefused> {
    if editable(status) {
        Ok(())
    } else {
        Err(AgendaRefused::Closed { status, action })
    }
}

/// The chair may still change the agenda of a meeting in `status`.
pub fn editable(status: MeetingStatus) -> bool {
    matches!(
        status,
        MeetingStatus::Planned | MeetingStatus::Invited | MeetingStatus::InProgress
    )
}

#[cfg(test)]
mod tests;
