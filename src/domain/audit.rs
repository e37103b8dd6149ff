//! The audit log: who did what to which object, when (UTC). Written for every authentication
//! event and every write; read by admins.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Action names, `area.verb`, stable because filters and reports use them.
pub mod action {
    pub const LOGIN_SUCCEEDED: &str = "login.succeeded";
    pub const LOGIN_FAILED: &str = "login.failed";
    pub const LOGIN_THROTTLED: &str = "login.throttled";
    pub const LOGOUT: &str = "logout";
    pub const SESSION_ENDED: &str = "meeting.ended";
    pub const PASSWORD_CHANGED: &str = "password.changed";
    pub const PASSWORD_RESET_REQUESTED: &str = "password.reset_requested";
    pub const PASSWORD_RESET: &str = "password.reset";
    pub const USER_CREATED: &str = "user.created";
    pub const USER_DISABLED: &str = "user.disabled";
    pub const USER_ENABLED: &str = "user.enabled";
    pub const INVITATION_SENT: &str = "invitation.sent";
    pub const INVITATION_ACCEPTED: &str = "invitation.accepted";
    pub const MEMBERSHIP_ADDED: &str = "membership.added";
    pub const MEMBERSHIP_ENDED: &str = "membership.ended";
    pub const COMMITTEE_CHANGED: &str = "committee.changed";
    pub const BENCH_ADDED: &str = "bench.added";
    pub const BENCH_CHANGED: &str = "bench.changed";
    pub const SERIES_CREATED: &str = "series.created";
    pub const SERIES_CHANGED: &str = "series.changed";
    pub const MEETING_CREATED: &str = "meeting.created";
    pub const MEETING_MOVED: &str = "meeting.moved";
    pub const MEETING_CANCELLED: &str = "meeting.cancelled";
    pub const MEETING_CHANGED: &str = "meeting.changed";
    pub const MEETING_STATUS: &str = "meeting.status";
    pub const CALENDAR_LINK_RESET: &str = "calendar.link_reset";
    pub const TOPIC_SUBMITTED: &str = "topic.submitted";
    pub const TOPIC_EDITED: &str = "topic.edited";
    pub const TOPIC_WITHDRAWN: &str = "topic.withdrawn";
    pub const TOPIC_ACCEPTED: &str = "topic.accepted";
    pub const TOPIC_DEFERRED: &str = "topic.deferred";
    pub const TOPIC_REJECTED: &str = "topic.rejected";
    pub const TOPIC_MERGED: &str = "topic.merged";
    pub const AGENDA_CHANGED: &str = "agenda.changed";
    pub const AGENDA_PUBLISHED: &str = "agenda.published";
    pub const ATTENDANCE_RECORDED: &str = "attendance.recorded";
    pub const LIVE_CHANGED: &str = "meeting.live";
    pub const DECISION_RECORDED: &str = "decision.recorded";
    pub const DECISION_CHANGED: &str = "decision.changed";
    pub const TASK_CREATED: &str = "task.created";
    pub const TASK_STATUS: &str = "task.status";
    pub const MINUTES_CHANGED: &str = "minutes.changed";
    pub const MINUTES_FINALISED: &str = "minutes.finalised";
    pub const MINUTES_APPROVED: &str = "minutes.approved";
    pub const DEMAND_RAISED: &str = "demand.raised";
    pub const DEMAND_EDITED: &str = "demand.edited";
    pub const DEMAND_STATUS: &str = "demand.status";
    pub const DEMAND_COSIGNED: &str = "demand.cosigned";
    pub const DEMAND_COSIGN_WITHDRAWN: &str = "demand.cosign_withdrawn";
    pub const DEMAND_MERGED: &str = "demand.merged";
    pub const CATEGORY_CHANGED: &str = "category.changed";
    pub const PREFERENCES_CHANGED: &str = "user.preferences";
    pub const API_TOKEN_CREATED: &str = "api_token.created";
    pub const API_TOKEN_REVOKED: &str = "api_token.revoked";
    pub const MAIL_RESENT: &str = "mail.resent";

    pub const ALL: [&str; 55] = [
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        LOGIN_THROTTLED,
        LOGOUT,
        SESSION_ENDED,
        PASSWORD_CHANGED,
        PASSWORD_RESET_REQUESTED,
        PASSWORD_RESET,
        USER_CREATED,
        USER_DISABLED,
        USER_ENABLED,
        INVITATION_SENT,
        INVITATION_ACCEPTED,
        MEMBERSHIP_ADDED,
        MEMBERSHIP_ENDED,
        COMMITTEE_CHANGED,
        BENCH_ADDED,
        BENCH_CHANGED,
        SERIES_CREATED,
        SERIES_CHANGED,
        MEETING_CREATED,
        MEETING_MOVED,
        MEETING_CANCELLED,
        MEETING_CHANGED,
        MEETING_STATUS,
        CALENDAR_LINK_RESET,
        TOPIC_SUBMITTED,
        TOPIC_EDITED,
        TOPIC_WITHDRAWN,
        TOPIC_ACCEPTED,
        TOPIC_DEFERRED,
        TOPIC_REJECTED,
        TOPIC_MERGED,
        AGENDA_CHANGED,
        AGENDA_PUBLISHED,
        ATTENDANCE_RECORDED,
        LIVE_CHANGED,
        DECISION_RECORDED,
        DECISION_CHANGED,
        TASK_CREATED,
        TASK_STATUS,
        MINUTES_CHANGED,
        MINUTES_FINALISED,
        MINUTES_APPROVED,
        DEMAND_RAISED,
        DEMAND_EDITED,
        DEMAND_STATUS,
        DEMAND_COSIGNED,
        DEMAND_COSIGN_WITHDRAWN,
        DEMAND_MERGED,
        CATEGORY_CHANGED,
        PREFERENCES_CHANGED,
        API_TOKEN_CREATED,
        API_TOKEN_REVOKED,
        MAIL_RESENT,
    ];
}

/// Who acted: a signed-in person, or a label (an address typed at sign-in, "system").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
    pub ip: Option<String>,
}

impl Actor {
    pub fn system() -> Self {
        Self {
            user_id: None,
            label: "system".into(),
            ip: None,
        }
    }
}

/// One entry to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAuditEntry<'a> {
    pub actor: &'a Actor,
    pub action: &'static str,
    pub object: String,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_label: String,
    pub action: String,
    pub object: String,
    pub summary: String,
    pub ip: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub action: Option<String>,
    /// Part of the actor's label (e-mail address).
    pub actor: Option<String>,
}
