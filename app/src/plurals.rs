//! The plural rules behind counted texts ("1 Mitzeichnung", "3 Mitzeichnungen"): CLDR's rules
//! for German and English, compiled into the binary, handed to leptos_i18n once per process
//! before the first page is rendered (the browser translates nothing: see `islands`).

use icu_locale::Locale;
use icu_plurals::{PluralRuleType, PluralRules, PluralRulesOptions};
use icu_provider::DataError;
use leptos_i18n::custom_provider::{IcuDataProvider, set_icu_data_provider};

/// icu_plurals' compiled data for every locale the app speaks.
struct CompiledPluralRules;

impl IcuDataProvider for CompiledPluralRules {
    fn try_new_plural_rules(
        &self,
        locale: &Locale,
        rule_type: PluralRuleType,
    ) -> Result<PluralRules, DataError> {
        PluralRules::try_new(
            locale.into(),
            PluralRulesOptions::default().with_type(rule_type),
        )
    }
}

/// Installs the rules; call before rendering (the server at start).
pub fn install() {
    set_icu_data_provider(CompiledPluralRules);
}
