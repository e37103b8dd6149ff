//! A person's own settings: how e-mail about followed demands arrives, and whether their name and
//! memberships may be published as open data (OParl). Publication is off until the person says
//! otherwise. No I/O here.

use chrono::{NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// How a person wants e-mail about the demands they follow (the in-app inbox gets every change
/// in any case).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DemandMail {
    /// One message per status change or decision.
    #[default]
    Immediate,
    /// One message a day that collects the day's changes.
    Daily,
    /// No e-mail.
    Off,
}

impl DemandMail {
    pub const ALL: [Self; 3] = [Self::Immediate, Self::Daily, Self::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Daily => "daily",
            Self::Off => "none",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }
}

/// What the settings form shows and saves; `version` guards against a second tab's change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub demand_mail: DemandMail,
    /// The person agreed that their name and committee memberships appear in the OParl API.
    pub publish: bool,
    pub version: i64,
}

/// The Berlin time of day from which the daily digest goes out, unless configured otherwise.
pub const DIGEST_FROM: NaiveTime = match NaiveTime::from_hms_opt(7, 0, 0) {
    Some(time) => time,
    None => panic!("07:00 is a time"),
};

/// Whether a person whose last digest went out at `last` (Berlin time) is due the next one at
/// `now`: once per calendar day, not before `from` (07:00 by default), so a restart never sends
/// two on one day.
pub fn digest_due(last: Option<NaiveDateTime>, now: NaiveDateTime, from: NaiveTime) -> bool {
    now.time() >= from && last.is_none_or(|last| last.date() < now.date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("valid")
    }

    #[test]
    fn mail_setting_round_trips() {
        for mail in DemandMail::ALL {
            assert_eq!(DemandMail::parse(mail.as_str()), Some(mail));
        }
        assert_eq!(DemandMail::parse("stündlich"), None);
        assert_eq!(DemandMail::default(), DemandMail::Immediate);
    }

    #[test]
    fn digest_goes_out_once_a_day_from_seven() {
        assert!(
            !digest_due(None, at(26, 6), DIGEST_FROM),
            "not before 07:00"
        );
        assert!(digest_due(None, at(26, 7), DIGEST_FROM), "first digest");
        assert!(
            !digest_due(Some(at(26, 7)), at(26, 23), DIGEST_FROM),
            "not twice a day"
        );
        assert!(
            !digest_due(Some(at(26, 7)), at(27, 6), DIGEST_FROM),
            "next day only from 07:00"
        );
        assert!(digest_due(Some(at(26, 7)), at(27, 7), DIGEST_FROM));
        assert!(
            digest_due(Some(at(20, 9)), at(27, 8), DIGEST_FROM),
            "after a pause"
        );
        let midnight = NaiveTime::MIN;
        assert!(
            digest_due(None, at(26, 0), midnight),
            "configured from 00:00"
        );
        assert!(!digest_due(Some(at(26, 0)), at(26, 23), midnight));
    }
}
