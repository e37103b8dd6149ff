//! Live mode: which item the meeting is on, the time spent per item against its plan, and the
//! chair's "next item". No I/O here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::agenda::Outcome;
use super::calendar::MeetingStatus;

/// One agenda item as live mode shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveItem {
    pub id: i64,
    /// "1", "2.1".
    pub number: String,
    pub title: String,
    pub presenter: Option<String>,
    /// Planned minutes.
    pub minutes: u32,
    pub public: bool,
    pub notes: String,
    /// Seconds spent so far, the running stretch included.
    pub elapsed: i64,
    pub outcome: Option<Outcome>,
}

impl LiveItem {
    /// Over its planned time.
    pub fn overrun(&self) -> bool {
        self.elapsed > i64::from(self.minutes) * 60
    }
}

/// The live state of a meeting; `version` is what every live change must name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveState {
    pub meeting_id: i64,
    pub status: MeetingStatus,
    pub current: Option<i64>,
    /// When the current item was taken up.
    pub since: Option<DateTime<Utc>>,
    pub version: i64,
    pub items: Vec<LiveItem>,
}

impl LiveState {
    pub fn current_item(&self) -> Option<&LiveItem> {
        self.current
            .and_then(|id| self.items.iter().find(|i| i.id == id))
    }

    /// The item after the current one; the first item before the meeting began. `None` after
    /// the last item.
    pub fn next_item(&self) -> Option<i64> {
        match self.current {
            None if self.status == MeetingStatus::InProgress => None,
            None => self.items.first().map(|i| i.id),
            Some(id) => self
                .items
                .iter()
                .skip_while(|i| i.id != id)
                .nth(1)
                .map(|i| i.id),
        }
    }

    pub fn previous_item(&self) -> Option<i64> {
        let id = self.current?;
        let at = self.items.iter().position(|i| i.id == id)?;
        at.checked_sub(1).map(|p| self.items[p].id)
    }

    /// Whether the chair may still run it.
    pub fn runnable(&self) -> bool {
        matches!(
            self.status,
            MeetingStatus::Planned | MeetingStatus::Invited | MeetingStatus::InProgress
        )
    }
}

/// Seconds spent on an item: what was booked before plus the running stretch.
pub fn elapsed(spent: i64, since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i64 {
    spent + since.map_or(0, |s| (now - s).num_seconds().max(0))
}

/// "12:05" from seconds.
pub fn clock(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn item(id: i64, minutes: u32, elapsed: i64) -> LiveItem {
        LiveItem {
            id,
            number: id.to_string(),
            title: format!("TOP {id}"),
            presenter: None,
            minutes,
            public: true,
            notes: String::new(),
            elapsed,
            outcome: None,
        }
    }

    fn state(status: MeetingStatus, current: Option<i64>) -> LiveState {
        LiveState {
            meeting_id: 1,
            status,
            current,
            since: None,
            version: 1,
            items: vec![item(10, 5, 0), item(11, 5, 0), item(12, 5, 0)],
        }
    }

    #[test]
    fn next_walks_the_agenda_and_stops_after_the_last() {
        assert_eq!(state(MeetingStatus::Invited, None).next_item(), Some(10));
        assert_eq!(
            state(MeetingStatus::InProgress, Some(10)).next_item(),
            Some(11)
        );
        assert_eq!(state(MeetingStatus::InProgress, Some(12)).next_item(), None);
        assert_eq!(
            state(MeetingStatus::InProgress, Some(11)).previous_item(),
            Some(10)
        );
        assert_eq!(
            state(MeetingStatus::InProgress, Some(10)).previous_item(),
            None
        );
    }

    #[test]
    fn time_adds_the_running_stretch_and_flags_overruns() {
        let start = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 10, 4, 30).unwrap();
        assert_eq!(elapsed(60, Some(start), now), 330);
        assert_eq!(elapsed(60, None, now), 60);
        assert_eq!(clock(330), "5:30");
        assert!(item(1, 5, 301).overrun());
        assert!(!item(1, 5, 300).overrun());
    }
}
