//! Form fields that show the server's verdict: label, hint, the error at the field (linked with
//! `aria-describedby` and marked `aria-invalid`), and the value the user typed.

use gremium::domain::agenda::AgendaAction;
use gremium::domain::calendar::MeetingAction;
use gremium::domain::form::{FormErrors, Problem};
use gremium::domain::topics::TopicAction;
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::*;
use crate::islands::confirm::ModalConfirm;
use leptos_i18n::I18nContext;

pub fn problem_text(i18n: I18nContext<Locale>, problem: Problem) -> String {
    match problem {
        Problem::Required => t_string!(i18n, problem_required).to_string(),
        Problem::TooLong => t_string!(i18n, problem_too_long).to_string(),
        Problem::InvalidEmail => t_string!(i18n, problem_invalid_email).to_string(),
        Problem::PasswordTooShort => t_string!(i18n, problem_password_too_short).to_string(),
        Problem::PasswordTooLong => t_string!(i18n, problem_password_too_long).to_string(),
        Problem::PasswordCommon => t_string!(i18n, problem_password_common).to_string(),
        Problem::PasswordMismatch => t_string!(i18n, problem_password_mismatch).to_string(),
        Problem::WrongPassword => t_string!(i18n, problem_wrong_password).to_string(),
        Problem::EmailTaken => t_string!(i18n, problem_email_taken).to_string(),
        Problem::NotFound => t_string!(i18n, problem_not_found).to_string(),
        Problem::InvalidDate => t_string!(i18n, problem_invalid_date).to_string(),
        Problem::EndBeforeStart => t_string!(i18n, problem_end_before_start).to_string(),
        Problem::SeatOutOfRange => t_string!(i18n, problem_seat_out_of_range).to_string(),
        Problem::SeatTaken => t_string!(i18n, problem_seat_taken).to_string(),
        Problem::SeatsInUse => t_string!(i18n, problem_seats_in_use).to_string(),
        Problem::NameTaken => t_string!(i18n, problem_name_taken).to_string(),
        Problem::InvalidTime => t_string!(i18n, problem_invalid_time).to_string(),
        Problem::InvalidNumber => t_string!(i18n, problem_invalid_number).to_string(),
        Problem::InvalidUrl => t_string!(i18n, problem_invalid_url).to_string(),
        Problem::InPast => t_string!(i18n, problem_in_past).to_string(),
        Problem::NoDates => t_string!(i18n, problem_no_dates).to_string(),
        Problem::DeadlineAfterMeeting => {
            t_string!(i18n, problem_deadline_after_meeting).to_string()
        }
        Problem::MeetingClosed => t_string!(i18n, problem_meeting_closed).to_string(),
        Problem::DeadlinePassed => t_string!(i18n, problem_deadline_passed).to_string(),
        Problem::CannotMove => t_string!(i18n, problem_cannot_move).to_string(),
        Problem::TooManyVotes => t_string!(i18n, problem_too_many_votes).to_string(),
        Problem::NotADeputy => t_string!(i18n, problem_not_a_deputy).to_string(),
        Problem::MinutesLocked => t_string!(i18n, problem_minutes_locked).to_string(),
        Problem::DemandMove { from, to } => t_string!(
            i18n,
            problem_demand_move,
            from = crate::pages::demands::labels::status_text(i18n, from),
            to = crate::pages::demands::labels::status_text(i18n, to)
        )
        .to_string(),
        Problem::CannotCosign => t_string!(i18n, problem_cannot_cosign).to_string(),
        Problem::MinutesNotHeld { status } => t_string!(
            i18n,
            problem_minutes_not_held,
            status = crate::pages::meetings::status_text(i18n, status)
        )
        .to_string(),
        Problem::MinutesNotFinal => t_string!(i18n, problem_minutes_not_final).to_string(),
        Problem::ConfirmRequired => t_string!(i18n, problem_confirm_required).to_string(),
        Problem::TopicClosed { state, action } => t_string!(
            i18n,
            problem_topic_closed,
            state = crate::pages::topics::state_text(i18n, state),
            action = topic_action_text(i18n, action)
        )
        .to_string(),
        Problem::AgendaClosed { status, action } => {
            let status = crate::pages::meetings::status_text(i18n, status);
            let action = match action {
                AgendaAction::Add => t_string!(i18n, agenda_action_add),
                AgendaAction::Edit => t_string!(i18n, agenda_action_edit),
                AgendaAction::Remove => t_string!(i18n, agenda_action_remove),
                AgendaAction::Reorder => t_string!(i18n, agenda_action_reorder),
                AgendaAction::Mark => t_string!(i18n, agenda_action_mark),
                AgendaAction::Publish => t_string!(i18n, agenda_action_publish),
            };
            t_string!(
                i18n,
                problem_agenda_closed,
                status = status,
                action = action
            )
            .to_string()
        }
        Problem::MeetingChange { status, action } => {
            let status = crate::pages::meetings::status_text(i18n, status);
            let action = match action {
                MeetingAction::Advance(to) => {
                    let to = crate::pages::meetings::status_text(i18n, to);
                    return t_string!(i18n, problem_meeting_advance, status = status, to = to)
                        .to_string();
                }
                MeetingAction::Reschedule => t_string!(i18n, meeting_action_reschedule),
                MeetingAction::ChangePlace => t_string!(i18n, meeting_action_change_place),
                MeetingAction::Cancel => t_string!(i18n, meeting_action_cancel),
            };
            t_string!(
                i18n,
                problem_meeting_change,
                status = status,
                action = action
            )
            .to_string()
        }
    }
}

/// The participle for what was tried on a topic ("zurückgezogen").
fn topic_action_text(i18n: I18nContext<Locale>, action: TopicAction) -> &'static str {
    match action {
        TopicAction::Edit => t_string!(i18n, topic_action_edit),
        TopicAction::Withdraw => t_string!(i18n, topic_action_withdraw),
        TopicAction::Accept => t_string!(i18n, topic_action_accept),
        TopicAction::Defer => t_string!(i18n, topic_action_defer),
        TopicAction::Reject => t_string!(i18n, topic_action_reject),
        TopicAction::Merge => t_string!(i18n, topic_action_merge),
    }
}

/// The message for an error that is not about one field.
pub fn error_text(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Invalid(_) => t_string!(i18n, form_has_errors).to_string(),
        AppError::LoginFailed(_) => t_string!(i18n, error_login_failed).to_string(),
        AppError::TooManyAttempts(seconds, _) => {
            t_string!(i18n, error_too_many_attempts, count = *seconds).to_string()
        }
        AppError::LinkInvalid => t_string!(i18n, error_link_invalid).to_string(),
        AppError::Unauthorized => t_string!(i18n, error_unauthorized).to_string(),
        AppError::Forbidden => t_string!(i18n, error_forbidden).to_string(),
        AppError::Conflict(_) => t_string!(i18n, error_conflict).to_string(),
        AppError::NotFound => t_string!(i18n, not_found_text).to_string(),
        AppError::Unavailable => t_string!(i18n, error_unavailable).to_string(),
        AppError::Internal | AppError::ServerFn(_) => t_string!(i18n, error_text).to_string(),
    }
}

/// Text for a `<textarea>`. Leptos writes a textarea's children unescaped on the server (as
/// for `<script>`), so typed text like `</textarea><script>` would break out of the field:
/// the server escapes it (the browser decodes the entities in a textarea); the browser side
/// sets the text as it is.
pub fn textarea_text(value: &str) -> String {
    if cfg!(feature = "ssr") {
        value.replace('&', "&amp;").replace('<', "&lt;")
    } else {
        value.to_owned()
    }
}

/// The outcome of the last submission of a form, as the server sent it back.
pub fn outcome<T>(value: Option<Result<T, AppError>>) -> (Option<AppError>, FormErrors) {
    let error = value.and_then(Result::err);
    let form = error
        .as_ref()
        .and_then(AppError::form)
        .cloned()
        .unwrap_or_default();
    // A step that only awaits confirmation is not an error: the page asks instead.
    let error = error.filter(|_| !form.awaits_confirmation());
    (error, form)
}

/// The second step of an irreversible action: the question, what follows from it, and the same
/// form again with `confirm=yes` (`fields` carry what was entered in the first step). The
/// server asks for it (`confirm_required`), so without JavaScript it is a page of its own (an
/// open, non-modal `<dialog>` in the page); with JavaScript the same dialog becomes modal:
/// focus moves into it (to "cancel", the safe choice), Escape cancels.
#[component]
pub fn ConfirmStep(
    /// A unique id for the question.
    id: &'static str,
    action: &'static str,
    question: String,
    consequence: String,
    confirm: String,
    cancel_href: String,
    fields: Vec<(&'static str, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let question_id = format!("{id}-frage");
    let labelled_by = question_id.clone();
    view! {
        <ModalConfirm dialog=id.to_owned() cancel_href=cancel_href.clone() />
        <dialog open=true id=id class="notice confirm" aria-labelledby=labelled_by>
            <p id=question_id><strong>{question}</strong></p>
            <p>{consequence}</p>
            <form method="post" action=action class="actions">
                {fields.into_iter().map(|(name, value)| view! {
                    <input type="hidden" name=name value=value />
                }).collect_view()}
                <input type="hidden" name="confirm" value="yes" />
                <button type="submit" class="button--danger">{confirm}</button>
                <a href=cancel_href rel="external" autofocus=true>{t!(i18n, confirm_cancel)}</a>
            </form>
        </dialog>
    }
}

/// A summary above the form when the last submission was refused.
#[component]
pub fn FormAlert(error: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    error.map(|error| {
        view! {
            <div class="notice notice--error" role="alert">
                <p>{error_text(i18n, &error)}</p>
            </div>
        }
    })
}

#[component]
pub fn Field(
    id: &'static str,
    name: &'static str,
    label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(default = None)] problem: Option<Problem>,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = [
        hint.as_ref().map(|_| hint_id.clone()),
        problem.map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <div class="field" class:field--error=problem.is_some()>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p id=hint_id.clone() class="hint">{hint}</p> })}
            {problem.map(|p| view! {
                <p id=error_id.clone() class="field-error">{problem_text(i18n, p)}</p>
            })}
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=required
                maxlength=maxlength.map(|m| m.to_string())
                aria-invalid=problem.map(|_| "true")
                aria-describedby=(!described.is_empty()).then_some(described)
            />
        </div>
    }
}
