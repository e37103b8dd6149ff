//! The one refusal type of every use case.

use crate::domain::form::{FormErrors, Problem};
use crate::store::StoreError;

/// Why a change was refused, typed so that each adapter can say it in its own terms (a form
/// with the input kept, or an RFC 9457 problem).
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Nobody is signed in.
    #[error("sign-in required")]
    SignIn,
    /// Signed in, but not someone who may do this (e.g. represents no organization).
    #[error("not permitted")]
    Forbidden,
    /// No such record (demand, topic, …), or not one the reader may see.
    #[error("not found")]
    NotFound,
    /// The input was refused field by field; the errors keep what was typed.
    #[error("invalid input")]
    Invalid(FormErrors),
    /// The store or a workflow refused, or the store failed: `Conflict` (a stale version),
    /// `NotAllowed`, `DemandMove` or `TopicRefused` (the record's state forbids it, or it is
    /// not the reader's to take), `NotFound` (a record the input names, e.g. the demand to
    /// merge into).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Refusal {
    /// The store's answer about the record a request is about: a missing one is `NotFound`
    /// (the page's 404), any other failure stays the store's.
    pub fn about(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::NotFound,
            other => Self::Store(other),
        }
    }

    /// The input refused at one field.
    pub fn at(field: &str, problem: Problem) -> Self {
        let mut form = FormErrors::new();
        form.add(field, problem);
        Self::Invalid(form)
    }
}

/// A refusal unless the person confirmed an irreversible step (the form then asks for it).
pub fn confirmed(confirm: bool) -> Result<(), Refusal> {
    if confirm {
        Ok(())
    } else {
        Err(Refusal::at("confirm", Problem::ConfirmRequired))
    }
}
