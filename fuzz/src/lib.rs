//! What the fuzz targets share: form values that are sometimes well-formed (a date, a time, a
//! number, one of a field's known words) and sometimes anything at all, so libFuzzer gets past a
//! form's first checks into the rules behind them instead of spending its time on text that no
//! date parser accepts.

use arbitrary::Arbitrary;

/// A year: mostly one a form would see, sometimes any.
#[derive(Arbitrary, Debug)]
pub enum Year {
    Near(u8),
    Any(i32),
}

impl Year {
    pub fn value(&self) -> i32 {
        match self {
            Self::Near(offset) => 2000 + i32::from(*offset),
            Self::Any(year) => *year,
        }
    }
}

/// A date field as typed: ISO (the date input), German (typed by hand), or anything. Month and
/// day run one past their largest value, so impossible dates come up too.
#[derive(Arbitrary, Debug)]
pub enum DayText {
    Iso(Year, u8, u8),
    German(Year, u8, u8),
    Any(String),
}

impl DayText {
    pub fn text(&self) -> String {
        let parts = |year: &Year, month: &u8, day: &u8| (year.value(), month % 13 + 1, day % 32 + 1);
        match self {
            Self::Iso(year, month, day) => {
                let (y, m, d) = parts(year, month, day);
                format!("{y:04}-{m:02}-{d:02}")
            }
            Self::German(year, month, day) => {
                let (y, m, d) = parts(year, month, day);
                format!("{d:02}.{m:02}.{y:04}")
            }
            Self::Any(text) => text.clone(),
        }
    }
}

/// A time of day as typed: HH:MM, HH:MM:SS (each part one past its largest value) or anything.
#[derive(Arbitrary, Debug)]
pub enum TimeText {
    Minutes(u8, u8),
    Seconds(u8, u8, u8),
    Any(String),
}

impl TimeText {
    pub fn text(&self) -> String {
        match self {
            Self::Minutes(h, m) => format!("{:02}:{:02}", h % 25, m % 61),
            Self::Seconds(h, m, s) => format!("{:02}:{:02}:{:02}", h % 25, m % 61, s % 61),
            Self::Any(text) => text.clone(),
        }
    }
}

/// A number field as typed: a number (small ones most often) or anything.
#[derive(Arbitrary, Debug)]
pub enum NumberText {
    Small(i8),
    Any(i64),
    Text(String),
}

impl NumberText {
    pub fn text(&self) -> String {
        match self {
            Self::Small(n) => n.to_string(),
            Self::Any(n) => n.to_string(),
            Self::Text(text) => text.clone(),
        }
    }
}

/// A field that takes one of a few words (a select): one of them, or anything.
#[derive(Arbitrary, Debug)]
pub enum WordText {
    Known(u8),
    Any(String),
}

impl WordText {
    pub fn text(&self, known: &[&str]) -> String {
        match self {
            Self::Known(index) if !known.is_empty() => {
                known[usize::from(*index) % known.len()].to_owned()
            }
            Self::Known(_) => String::new(),
            Self::Any(text) => text.clone(),
        }
    }
}

/// Whether `text` is trimmed, not empty and at most `max` characters long: what every checked
/// single-line field promises.
pub fn is_field(text: &str, max: usize) -> bool {
    !text.is_empty() && text.trim() == text && text.chars().count() <= max
}
