//! A message in a person's inbox (the published invitation, later decisions and demands).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Notification {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub title: String,
    pub body: String,
    /// Where the message leads, a path within the app.
    pub link: String,
    pub read_at: Option<DateTime<Utc>>,
}
