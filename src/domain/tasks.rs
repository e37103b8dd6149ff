//! Tasks from decisions (Beschlusskontrolle): an owner, a due date and a status. No I/O here.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::form::{FormErrors, Problem, required_text};

pub const TITLE_MAX: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    Open,
    InProgress,
    Done,
}

impl TaskStatus {
    pub const ALL: [Self; 3] = [Self::Open, Self::InProgress, Self::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn german(self) -> &'static str {
        match self {
            Self::Open => "offen",
            Self::InProgress => "in Arbeit",
            Self::Done => "erledigt",
        }
    }
}

/// Who must do it: a person or an organization (a municipality, a Land …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskOwner {
    Person(i64),
    Organization(i64),
}

impl TaskOwner {
    /// From the form's one select, whose values read "user:7" or "org:12".
    pub fn parse(value: &str) -> Option<Self> {
        let (kind, id) = value.split_once(':')?;
        let id = id.parse().ok()?;
        match kind {
            "user" => Some(Self::Person(id)),
            "org" => Some(Self::Organization(id)),
            _ => None,
        }
    }

    pub fn key(self) -> String {
        match self {
            Self::Person(id) => format!("user:{id}"),
            Self::Organization(id) => format!("org:{id}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDraft {
    pub title: String,
    pub owner: TaskOwner,
    pub due: NaiveDate,
}

/// The task form's raw fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskForm {
    pub title: String,
    pub owner: String,
    pub due: String,
}

impl TaskForm {
    /// A due date before `today` is refused: a new task cannot be late already.
    pub fn check(&self, today: NaiveDate) -> Result<TaskDraft, FormErrors> {
        let mut errors = FormErrors::new();
        let title = errors.check("title", required_text(&self.title, TITLE_MAX));
        let owner = errors.check(
            "owner",
            TaskOwner::parse(&self.owner).ok_or(Problem::Required),
        );
        let due = errors.check(
            "due",
            match NaiveDate::parse_from_str(self.due.trim(), "%Y-%m-%d") {
                Ok(d) if d < today => Err(Problem::InPast),
                Ok(d) => Ok(d),
                Err(_) if self.due.trim().is_empty() => Err(Problem::Required),
                Err(_) => Err(Problem::InvalidDate),
            },
        );
        match (title, owner, due) {
            (Some(title), Some(owner), Some(due)) => Ok(TaskDraft { title, owner, due }),
            _ => Err(errors
                .keep("title", &self.title)
                .keep("owner", &self.owner)
                .keep("due", &self.due)),
        }
    }
}

/// A task as stored, with what is shown about its decision and owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: i64,
    pub decision_id: i64,
    pub decision_number: String,
    pub meeting_id: i64,
    pub title: String,
    pub owner: TaskOwner,
    pub owner_label: String,
    /// The owner is an organization, or a person who consented to publication.
    pub owner_public: bool,
    pub due: NaiveDate,
    pub status: TaskStatus,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub version: i64,
}

impl Task {
    /// Not done and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status != TaskStatus::Done && self.due < today
    }
}

/// The overdue tasks of `tasks`, the longest overdue first.
pub fn overdue(tasks: &[Task], today: NaiveDate) -> Vec<&Task> {
    let mut late: Vec<&Task> = tasks.iter().filter(|t| t.is_overdue(today)).collect();
    late.sort_by_key(|t| (t.due, t.id));
    late
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn task(id: i64, due: NaiveDate, status: TaskStatus) -> Task {
        Task {
            id,
            decision_id: 1,
            decision_number: "2026-11/1".into(),
            meeting_id: 1,
            title: format!("Aufgabe {id}"),
            owner: TaskOwner::Person(1),
            owner_label: "Kiel".into(),
            owner_public: false,
            due,
            status,
            done_at: None,
            done_by: None,
            version: 1,
        }
    }

    #[test]
    fn overdue_means_not_done_and_due_before_today() {
        let tasks = vec![
            task(1, day(20), TaskStatus::Open),
            task(2, day(10), TaskStatus::InProgress),
            task(3, day(5), TaskStatus::Done),
            task(4, day(26), TaskStatus::Open),
            task(5, day(27), TaskStatus::Open),
        ];
        let late: Vec<i64> = overdue(&tasks, day(26)).iter().map(|t| t.id).collect();
        assert_eq!(late, vec![2, 1]);
    }

    #[test]
    fn owner_keys_round_trip() {
        for owner in [TaskOwner::Person(7), TaskOwner::Organization(12)] {
            assert_eq!(TaskOwner::parse(&owner.key()), Some(owner));
        }
        assert_eq!(TaskOwner::parse("team:1"), None);
        assert_eq!(TaskOwner::parse("user:x"), None);
    }

    #[test]
    fn form_refuses_past_dates_and_missing_owner() {
        let form = TaskForm {
            title: "Konzept vorlegen".into(),
            owner: String::new(),
            due: "2026-11-01".into(),
        };
        let errors = form.check(day(26)).unwrap_err();
        assert_eq!(errors.problem("owner"), Some(Problem::Required));
        assert_eq!(errors.problem("due"), Some(Problem::InPast));
        assert_eq!(errors.value("title"), Some("Konzept vorlegen"));
        let ok = TaskForm {
            owner: "org:3".into(),
            due: "2026-12-15".into(),
            ..form
        }
        .check(day(26))
        .unwrap();
        assert_eq!(ok.owner, TaskOwner::Organization(3));
    }
}
