//! The words for statuses, kinds of organization and urgencies, in the reader's language.

use gremium::domain::demands::{DemandStatus, OrgClass, Urgency};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::i18n::*;

pub fn status_text(i18n: I18nContext<Locale>, status: DemandStatus) -> String {
    match status {
        DemandStatus::Draft => t_string!(i18n, demand_status_draft),
        DemandStatus::Submitted => t_string!(i18n, demand_status_submitted),
        DemandStatus::InReview => t_string!(i18n, demand_status_in_review),
        DemandStatus::Accepted => t_string!(i18n, demand_status_accepted),
        DemandStatus::InProgress => t_string!(i18n, demand_status_in_progress),
        DemandStatus::Forwarded => t_string!(i18n, demand_status_forwarded),
        DemandStatus::Resolved => t_string!(i18n, demand_status_resolved),
        DemandStatus::Declined => t_string!(i18n, demand_status_declined),
        DemandStatus::Merged => t_string!(i18n, demand_status_merged),
        DemandStatus::Withdrawn => t_string!(i18n, demand_status_withdrawn),
    }
    .to_string()
}

pub fn class_text(i18n: I18nContext<Locale>, class: OrgClass) -> String {
    match class {
        OrgClass::Kreis => t_string!(i18n, demand_class_kreis),
        OrgClass::Stadt => t_string!(i18n, demand_class_stadt),
        OrgClass::Gemeinde => t_string!(i18n, demand_class_gemeinde),
        OrgClass::Other => t_string!(i18n, demand_class_misc),
    }
    .to_string()
}

pub fn urgency_text(i18n: I18nContext<Locale>, urgency: Urgency) -> String {
    match urgency {
        Urgency::Low => t_string!(i18n, demand_urgency_low),
        Urgency::Normal => t_string!(i18n, demand_urgency_normal),
        Urgency::High => t_string!(i18n, demand_urgency_high),
    }
    .to_string()
}

/// The status as a badge; the text carries the meaning, the colour only repeats it.
#[component]
pub fn StatusBadge(status: DemandStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge--demand-{}", status.as_str())>
            {move || status_text(i18n, status)}
        </span>
    }
}
