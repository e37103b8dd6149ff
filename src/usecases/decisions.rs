//! Recording a decision in a running meeting: the chair records it on an agenda item with its
//! votes, checked against the seats present or represented, and may name a demand on the
//! agenda and the status the decision moves it to (the meeting's hook into demands).

use crate::domain::attendance::quorum;
use crate::domain::audit::Actor;
use crate::domain::decisions::{Decision, DecisionForm, DemandMoveFields};
use crate::domain::demands::TransitionInput;
use crate::domain::form::FormErrors;
use crate::domain::recurrence::berlin_today;
use crate::domain::visibility::Reader;
use crate::store::{Db, attendance, decisions, now};
use crate::usecases::Refusal;
use crate::usecases::agenda::chaired;

/// The decision form as typed: the decision itself, and optionally the demand it moves and
/// the move's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecisionInput {
    pub form: DecisionForm,
    /// The demand on the agenda the decision moves, if any.
    pub demand: Option<i64>,
    /// Where it moves the demand; checked only when a demand is named.
    pub moves: TransitionInput,
}

impl DecisionInput {
    /// The decision and the demand move as the form posts them.
    pub fn from_form(form: DecisionForm, fields: DemandMoveFields) -> Self {
        Self {
            form,
            demand: fields.demand.trim().parse().ok(),
            moves: TransitionInput {
                to: fields.to,
                body: fields.body,
                reference: fields.reference,
                follow_up: fields.follow_up,
                reason: fields.reason,
                ..Default::default()
            },
        }
    }

    /// The refused form with everything the chair typed.
    pub fn keep(&self, form: FormErrors) -> FormErrors {
        self.moves
            .keep(form)
            .keep(
                "demand",
                &self.demand.map(|d| d.to_string()).unwrap_or_default(),
            )
            .keep("kind", &self.form.kind)
            .keep("text", &self.form.text)
            .keep("yes", &self.form.yes)
            .keep("no", &self.form.no)
            .keep("abstain", &self.form.abstain)
    }
}

/// The fields a refused decision form can name.
const FIELDS: [&str; 10] = [
    "kind",
    "text",
    "yes",
    "no",
    "abstain",
    "to",
    "body",
    "reference",
    "follow_up",
    "reason",
];

/// Records a decision on `item`; every field is checked before anything is stored, and the
/// store refuses a meeting that no longer takes decisions and a demand move its workflow
/// forbids, inside the transaction that writes both.
#[tracing::instrument(level = "debug", skip_all, fields(meeting = meeting, item = item, demand = ?input.demand, user = ?reader.user_id()), err(level = "debug"))]
pub async fn record(
    db: &Db,
    reader: &Reader,
    meeting: i64,
    item: i64,
    input: &DecisionInput,
    actor: &Actor,
) -> Result<Decision, Refusal> {
    chaired(db, reader, meeting).await?;
    let (roster, percent) = attendance::roster(db, meeting).await?;
    let mut errors = FormErrors::new();
    let draft = input
        .form
        .check(quorum(&roster, percent).voting)
        .map_err(|refused| errors = refused)
        .ok();
    let transition = match input.demand {
        Some(_) => input
            .moves
            .check(berlin_today(now()))
            .map_err(|refused| errors.errors.extend(refused.errors))
            .ok(),
        None => None,
    };
    let (Some(draft), true) = (draft, errors.is_empty()) else {
        let mut form = FormErrors::new();
        for field in FIELDS {
            if let Some(problem) = errors.problem(field) {
                form.add(field, problem);
            }
        }
        return Err(Refusal::Invalid(form));
    };
    let hook = input.demand.zip(transition.as_ref());
    Ok(decisions::create(db, meeting, item, &draft, hook, actor).await?)
}
