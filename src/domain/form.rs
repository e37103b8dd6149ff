//! Field-level validation results that cross the wire: the server says which field is wrong and
//! why (a code the interface translates), and hands back what the user typed, so no input is lost
//! even when the page is re-rendered without JavaScript.

use serde::{Deserialize, Serialize};

/// Why one field was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong,
    InvalidEmail,
    PasswordTooShort,
    PasswordTooLong,
    PasswordCommon,
    PasswordMismatch,
    WrongPassword,
    EmailTaken,
    NotFound,
    InvalidDate,
    EndBeforeStart,
    SeatOutOfRange,
    SeatTaken,
    SeatsInUse,
    NameTaken,
    /// A time of day that is not HH:MM.
    InvalidTime,
    /// A whole number was expected (or it lies outside the allowed range).
    InvalidNumber,
    /// A link that is not http(s).
    InvalidUrl,
    /// A date that has already passed where a future one is needed.
    InPast,
    /// A recurrence rule that yields no date at all.
    NoDates,
    /// A topic deadline that would fall after the meeting begins.
    DeadlineAfterMeeting,
    /// The meeting's status no longer allows this change (held, cancelled …).
    MeetingClosed,
    /// The meeting's deadline for topics has passed (only the chair may still add).
    DeadlinePassed,
    /// The move is not possible (the first item cannot go up …).
    CannotMove,
    /// More votes than seats present or represented.
    TooManyVotes,
    /// The person named does not deputise for this seat.
    NotADeputy,
    /// The minutes are final: nothing in them may change.
    MinutesLocked,
    /// The demand workflow does not lead from one status to the other.
    DemandMove {
        from: super::demands::DemandStatus,
        to: super::demands::DemandStatus,
    },
    /// The demand is closed, or the organization raised it itself: no co-signature.
    CannotCosign,
    /// The topic left triage, so this action no longer applies to it.
    TopicClosed {
        state: super::topics::TopicState,
        action: super::topics::TopicAction,
    },
    /// Minutes become final only once the meeting was held.
    MinutesNotHeld {
        status: super::calendar::MeetingStatus,
    },
    /// Only final minutes can be approved.
    MinutesNotFinal,
    /// An irreversible step that was not confirmed (the form asks first).
    ConfirmRequired,
    /// The meeting's status does not allow this change.
    MeetingChange {
        status: super::calendar::MeetingStatus,
        action: super::calendar::MeetingAction,
    },
    /// The meeting's status closed its agenda to this change.
    AgendaClosed {
        status: super::calendar::MeetingStatus,
        action: super::agenda::AgendaAction,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

/// Every refused field of one form, and the non-secret values to put back into it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    pub errors: Vec<FieldError>,
    pub input: Vec<(String, String)>,
}

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            problem,
        });
    }

    /// Records the outcome of one field's check, keeping the valid value.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Problem>) -> Option<T> {
        result.map_err(|problem| self.add(field, problem)).ok()
    }

    /// Keeps a value the user typed so the form can show it again (never a password).
    pub fn keep(mut self, field: &str, value: &str) -> Self {
        self.input.push((field.to_owned(), value.to_owned()));
        self
    }

    /// These errors with the input `kept` puts back, for a check that did not see the whole
    /// form (a use case refuses a field; the form that asked knows what else was typed).
    pub fn kept_from(mut self, kept: FormErrors) -> Self {
        for (field, value) in kept.input {
            if !self.input.iter().any(|(f, _)| *f == field) {
                self.input.push((field, value));
            }
        }
        self.errors.extend(kept.errors);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn problem(&self, field: &str) -> Option<Problem> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.problem)
    }

    /// Whether the only thing missing is the confirmation of an irreversible step: the page
    /// then asks for it instead of showing an error.
    pub fn awaits_confirmation(&self) -> bool {
        matches!(self.errors.as_slice(), [only] if only.problem == Problem::ConfirmRequired)
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.input
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.as_str())
    }
}

/// A required single-line text: trimmed, not empty, at most `max` characters.
pub fn required_text(value: &str, max: usize) -> Result<String, Problem> {
    let value = value.trim();
    if value.is_empty() {
        Err(Problem::Required)
    } else if value.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(value.to_owned())
    }
}

/// A checkbox as a form sends it (`public=on` when ticked, nothing when not), for
/// `#[serde(default, deserialize_with = "checkbox")]`; a `bool` (JSON, or the form as serde
/// writes it, `true`/`false`) is read as it is.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Ticked {
        Bool(bool),
        Text(String),
    }
    Ok(match Ticked::deserialize(deserializer)? {
        Ticked::Bool(ticked) => ticked,
        Ticked::Text(text) => !matches!(text.as_str(), "" | "false" | "off"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_problems_and_keeps_input() {
        let mut errors = FormErrors::new();
        assert_eq!(errors.check("name", required_text("  ", 10)), None);
        assert_eq!(
            errors.check("title", required_text(" Kiel ", 10)),
            Some("Kiel".to_owned())
        );
        let errors = errors.keep("name", "  ");
        assert_eq!(errors.problem("name"), Some(Problem::Required));
        assert_eq!(errors.problem("title"), None);
        assert_eq!(errors.value("name"), Some("  "));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(required_text("ääää", 4).is_ok());
        assert_eq!(required_text("ääääa", 4), Err(Problem::TooLong));
    }

    #[test]
    fn a_checkbox_is_ticked_when_the_form_sends_it() {
        #[derive(Deserialize)]
        struct Form {
            #[serde(default, deserialize_with = "super::checkbox")]
            public: bool,
        }
        let read = |json: &str| serde_json::from_str::<Form>(json).unwrap().public;
        assert!(read(r#"{"public":"on"}"#));
        assert!(read(r#"{"public":true}"#));
        assert!(!read(r#"{"public":"false"}"#));
        assert!(!read(r#"{"public":false}"#));
        assert!(!read("{}"));
    }
}
