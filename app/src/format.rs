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

const WEEKDAYS_DE: [&str; 7] = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The short weekday name, Monday = 0.
pub fn weekday(locale: Locale, index: usize) -> &'static str {
    match locale {
        Locale::de => WEEKDAYS_DE[index % 7],
        Locale::en => WEEKDAYS_EN[index % 7],
    }
}

/// The month's name, January = 1.
pub fn month_name(locale: Locale, month: u32) -> &'static str {
    let index = (month.clamp(1, 12) - 1) as usize;
    match locale {
        Locale::de => MONTHS_DE[index],
        Locale::en => MONTHS_EN[index],
    }
}

/// "Mi., 13.01.2027" in German, "Wed, 2027-01-13" in English.
pub fn date(locale: Locale, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let name = weekday(locale, day.weekday().num_days_from_monday() as usize);
    match locale {
        Locale::de => format!("{name}, {}", day.format("%d.%m.%Y")),
        Locale::en => format!("{name}, {}", day.format("%Y-%m-%d")),
    }
}

/// "10:00" — both languages write the 24-hour clock here.
pub fn time(at: chrono::NaiveDateTime) -> String {
    at.format("%H:%M").to_string()
}

/// A moment, not a span: "Mi., 13.01.2027, 09:37".
pub fn moment(locale: Locale, at: chrono::NaiveDateTime) -> String {
    format!("{}, {}", date(locale, at.date()), time(at))
}

/// "Mi., 13.01.2027, 10:00–12:00" (with both dates when it runs past midnight).
pub fn span(locale: Locale, starts: chrono::NaiveDateTime, ends: chrono::NaiveDateTime) -> String {
    if starts.date() == ends.date() {
        format!(
            "{}, {}–{}",
            date(locale, starts.date()),
            time(starts),
            time(ends)
        )
    } else {
        format!(
            "{}, {} – {}, {}",
            date(locale, starts.date()),
            time(starts),
            date(locale, ends.date()),
            time(ends)
        )
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

    #[test]
    fn dates_and_spans_per_language() {
        let starts = chrono::NaiveDate::from_ymd_opt(2027, 1, 13)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let ends = starts + chrono::Duration::hours(2);
        assert_eq!(
            span(Locale::de, starts, ends),
            "Mi., 13.01.2027, 10:00–12:00"
        );
        assert_eq!(moment(Locale::de, starts), "Mi., 13.01.2027, 10:00");
        assert_eq!(moment(Locale::en, starts), "Wed, 2027-01-13, 10:00");
        assert_eq!(
            span(Locale::en, starts, ends),
            "Wed, 2027-01-13, 10:00–12:00"
        );
        assert_eq!(month_name(Locale::de, 3), "März");
    }
}
