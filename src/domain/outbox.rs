//! E-mail waiting to be sent: what kind of message it is, and when a failed attempt is tried
//! again. Messages are written in the transaction of the change that causes them and sent by a
//! background worker, so a slow or failing mail server never slows or fails a user's action.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What a message is; stored in SQL by [`MailKind::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailKind {
    Invitation,
    PasswordReset,
    /// A change someone follows (a demand's new status) or an invitation to a meeting.
    Notification,
    Digest,
}

impl MailKind {
    pub const ALL: [MailKind; 4] = [
        MailKind::Invitation,
        MailKind::PasswordReset,
        MailKind::Notification,
        MailKind::Digest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Invitation => "invitation",
            MailKind::PasswordReset => "password_reset",
            MailKind::Notification => "notification",
            MailKind::Digest => "digest",
        }
    }

    /// The kind a stored value names; `None` for a value this version does not know.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// How many attempts a message gets before it is kept as undelivered.
pub const MAX_ATTEMPTS: i32 = 10;

/// The wait before the first retry; it doubles with each failed attempt, up to [`MAX_WAIT`].
pub const FIRST_WAIT: Duration = Duration::seconds(30);
pub const MAX_WAIT: Duration = Duration::hours(1);

/// A message older than this is not sent any more (a reset link of yesterday helps no one, and
/// a server that gets SMTP configured later must not send last month's news).
pub const MAX_AGE: Duration = Duration::days(2);

/// What happens after the `attempts`-th attempt failed: when to try again, or `None` to give up
/// (a permanent refusal by the mail server, or no attempts left).
pub fn retry_at(now: DateTime<Utc>, attempts: i32, permanent: bool) -> Option<DateTime<Utc>> {
    if permanent || attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    let wait = FIRST_WAIT
        .checked_mul(1 << doublings)
        .map_or(MAX_WAIT, |wait| wait.min(MAX_WAIT));
    Some(now + wait)
}

/// Where a message stands, as the admins' list of undelivered mail shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// Failed at least once; tried again at the time given.
    Retrying,
    /// Given up; sent again only when an admin asks.
    Failed,
}

/// One message that has not reached its recipient, for the admins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Undelivered {
    pub id: i64,
    pub kind: MailKind,
    pub recipient: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub delivery: Delivery,
    /// The next attempt (retrying) or when it was given up (failed).
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn waits_double_from_thirty_seconds_up_to_an_hour() {
        let waits: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|attempt| {
                retry_at(now(), attempt, false).map_or(-1, |at| (at - now()).num_seconds())
            })
            .collect();
        assert_eq!(
            waits,
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600],
            "the wait after each failed attempt"
        );
    }

    #[test]
    fn gives_up_after_the_last_attempt_or_a_permanent_refusal() {
        assert_eq!(retry_at(now(), MAX_ATTEMPTS, false), None);
        assert_eq!(retry_at(now(), MAX_ATTEMPTS + 5, false), None);
        assert_eq!(retry_at(now(), 1, true), None);
        assert!(retry_at(now(), MAX_ATTEMPTS - 1, false).is_some());
    }

    #[test]
    fn kinds_read_back_what_they_store() {
        for kind in MailKind::ALL {
            assert_eq!(MailKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(MailKind::parse("sofort"), None);
    }
}
