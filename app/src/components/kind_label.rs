//! The translated name of an organization kind.

use gremium::domain::organization::OrganizationKind;
use leptos::prelude::*;

use leptos_i18n::I18nContext;

use crate::i18n::*;

/// The kind's name in the current language, as plain text (usable in attributes and options).
pub fn kind_text(i18n: I18nContext<Locale>, kind: OrganizationKind) -> String {
    match kind {
        OrganizationKind::Land => t_string!(i18n, kind_land).to_string(),
        OrganizationKind::Kreis => t_string!(i18n, kind_kreis).to_string(),
        OrganizationKind::Gemeindeverband => t_string!(i18n, kind_gemeindeverband).to_string(),
        OrganizationKind::Gemeinde => t_string!(i18n, kind_gemeinde).to_string(),
        OrganizationKind::Association => t_string!(i18n, kind_association).to_string(),
        OrganizationKind::Body => t_string!(i18n, kind_body).to_string(),
        OrganizationKind::ItServiceProvider => {
            t_string!(i18n, kind_it_service_provider).to_string()
        }
    }
}

#[component]
pub fn KindLabel(kind: OrganizationKind) -> impl IntoView {
    let i18n = use_i18n();
    move || kind_text(i18n, kind)
}
