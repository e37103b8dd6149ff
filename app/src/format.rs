//! Numbers as the reader's language writes them.

use crate::i18n::Locale;

/// Groups thousands: "1.484.226" in German, "1,484,226" in English.
pub fn integer(locale: Locale, value: i64) -> String {
    let separator = match locale {
        Locale::de => '.',
        Locale::en => ',',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A decimal with two places: "118,65" in German, "118.65" in English.
pub fn decimal(locale: Locale, value: f64) -> String {
    let text = format!("{value:.2}");
    match locale {
        Locale::de => text.replace('.', ","),
        Locale::en => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_per_language() {
        assert_eq!(integer(Locale::de, 1_484_226), "1.484.226");
        assert_eq!(integer(Locale::en, 1_484_226), "1,484,226");
        assert_eq!(integer(Locale::de, 999), "999");
        assert_eq!(integer(Locale::de, -1000), "-1.000");
        assert_eq!(decimal(Locale::de, 118.65), "118,65");
    }
}
