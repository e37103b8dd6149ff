//! Values the database keeps as text (statuses, kinds, states): decoded straight into their
//! domain enum. An unknown value is a decode error — logged with the store error and shown as
//! an internal error — never guessed as some default.

use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};

use crate::domain::agenda::{Outcome, StandardItem};
use crate::domain::attendance::Presence;
use crate::domain::calendar::{MeetingFormat, MeetingStatus};
use crate::domain::decisions::DecisionKind;
use crate::domain::demands::{DemandStatus, EventKind, OrgClass, Urgency};
use crate::domain::minutes::MinutesState;
use crate::domain::organization::OrganizationKind;
use crate::domain::preferences::DemandMail;
use crate::domain::tasks::TaskStatus;
use crate::domain::topics::{TopicEventKind, TopicState};

/// A domain enum stored as text, read with `Stored<T>`.
pub trait StoredText: Sized {
    /// What the value is, for the error message.
    const WHAT: &'static str;
    fn from_stored(value: &str) -> Option<Self>;
}

/// A column holding a `T` as text: `row.status.0` is the decoded value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored<T>(pub T);

impl<DB: Database, T> Type<DB> for Stored<T>
where
    String: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: Database, T: StoredText> Decode<'r, DB> for Stored<T>
where
    String: Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, DB>>::decode(value)?;
        T::from_stored(&text)
            .map(Stored)
            .ok_or_else(|| format!("unknown {} {text:?} in the database", T::WHAT).into())
    }
}

impl StoredText for StandardItem {
    const WHAT: &'static str = "standard agenda item";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for Outcome {
    const WHAT: &'static str = "agenda item outcome";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for Presence {
    const WHAT: &'static str = "presence";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for MeetingFormat {
    const WHAT: &'static str = "meeting format";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for MeetingStatus {
    const WHAT: &'static str = "meeting status";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for DecisionKind {
    const WHAT: &'static str = "decision kind";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for DemandStatus {
    const WHAT: &'static str = "demand status";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for Urgency {
    const WHAT: &'static str = "urgency";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for OrgClass {
    const WHAT: &'static str = "organization class";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for EventKind {
    const WHAT: &'static str = "demand event kind";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for MinutesState {
    const WHAT: &'static str = "minutes state";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for OrganizationKind {
    const WHAT: &'static str = "organization kind";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for DemandMail {
    const WHAT: &'static str = "demand mail setting";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for TaskStatus {
    const WHAT: &'static str = "task status";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for TopicState {
    const WHAT: &'static str = "topic state";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for TopicEventKind {
    const WHAT: &'static str = "topic event kind";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

impl StoredText for crate::domain::outbox::MailKind {
    const WHAT: &'static str = "mail kind";
    fn from_stored(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_value_reads_back_and_unknown_ones_do_not() {
        for status in DemandStatus::ALL {
            assert_eq!(DemandStatus::from_stored(status.as_str()), Some(status));
        }
        assert_eq!(DemandStatus::from_stored("eingereicht"), None);
        assert_eq!(MeetingStatus::from_stored(""), None);
    }
}
