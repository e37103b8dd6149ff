//! Outgoing e-mail as the server functions see it: whether the server sends e-mail, how to wake
//! the worker that sends the outbox, and the texts of the messages. A server function never
//! sends: it puts the message into the outbox in the transaction of its change.

use std::sync::Arc;

/// What server functions need to write messages.
#[derive(Clone)]
pub struct MailContext {
    /// Whether messages leave the server (SMTP is configured). Without it, invitation links
    /// are shown to the inviting admin instead, and no reset links are made.
    pub enabled: bool,
    /// The address people reach the app at, without a trailing slash (links in messages).
    pub public_url: String,
    /// Tells the outbox worker that a message waits, so it goes out at once rather than at the
    /// worker's next look.
    pub wake: Arc<dyn Fn() + Send + Sync>,
}

impl MailContext {
    /// A context that sends nothing (tests, tools).
    pub fn disabled(public_url: &str) -> Self {
        Self {
            enabled: false,
            public_url: public_url.to_owned(),
            wake: Arc::new(|| {}),
        }
    }

    /// The message's kind, recipient and text as the outbox stores it, or `None` when e-mail
    /// is off.
    #[cfg(feature = "ssr")]
    pub fn letter(
        &self,
        kind: gremium::domain::outbox::MailKind,
        to: &str,
        (subject, body): (String, String),
    ) -> Option<gremium::store::outbox::Letter> {
        self.enabled.then(|| gremium::store::outbox::Letter {
            kind,
            to: to.to_owned(),
            subject,
            body,
            link: None,
        })
    }
}

/// Wakes the outbox worker after a change that may have written e-mail (a demand's followers
/// are told by mail in the transaction of its change).
#[cfg(feature = "ssr")]
pub fn wake() {
    if let Some(mail) = leptos::prelude::use_context::<MailContext>() {
        (mail.wake)();
    }
}

impl std::fmt::Debug for MailContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailContext")
            .field("enabled", &self.enabled)
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

pub fn invitation_text(
    display_name: &str,
    inviter: &str,
    link: &str,
    days: i64,
) -> (String, String) {
    (
        "Einladung zu Gremium".to_owned(),
        format!(
            "Guten Tag {display_name},\n\n{inviter} lädt Sie zu Gremium ein, der Arbeitsplattform \
             des Kommunalgremiums.\n\nBitte legen Sie über diesen Link Ihr Passwort fest \
             (gültig {days} Tage, nur einmal verwendbar):\n\n{link}\n\n\
             Wenn Sie diese Einladung nicht erwartet haben, ignorieren Sie diese Nachricht.\n"
        ),
    )
}

pub fn reset_text(display_name: &str, link: &str, minutes: i64) -> (String, String) {
    (
        "Passwort zurücksetzen – Gremium".to_owned(),
        format!(
            "Guten Tag {display_name},\n\nfür Ihr Konto wurde ein neues Passwort angefordert. \
             Über diesen Link legen Sie es fest (gültig {minutes} Minuten, nur einmal \
             verwendbar):\n\n{link}\n\nWenn Sie das nicht angefordert haben, ignorieren Sie \
             diese Nachricht; Ihr Passwort bleibt unverändert.\n"
        ),
    )
}

/// The daily digest of followed demands: one line per change, grouped by demand, in German like
/// the other messages.
pub fn digest_text(
    display_name: &str,
    changes: &[gremium::domain::demands::Change],
    public_url: &str,
) -> (String, String) {
    use gremium::domain::demands::{EventKind, status_label};
    let mut body = format!(
        "Guten Tag {display_name},\n\nbei den Bedarfen, denen Sie folgen, hat sich seit der \
         letzten Zusammenfassung Folgendes getan:\n"
    );
    let mut current = None;
    for change in changes {
        if current != Some(change.demand_id) {
            current = Some(change.demand_id);
            body.push_str(&format!(
                "\nBedarf #{} „{}“\n{public_url}/bedarfe/{}\n",
                change.demand_id, change.title, change.demand_id
            ));
        }
        let event = &change.event;
        let to = event.to.map(status_label).unwrap_or("–");
        let what = match event.kind {
            EventKind::Status => format!(
                "Status {} → {to}",
                event.from.map(status_label).unwrap_or("–")
            ),
            EventKind::Decision => match &event.decision {
                Some((_, number)) => format!("Beschluss {number}: {to}"),
                None => format!("Beschluss: {to}"),
            },
            EventKind::MergedIn => match event.other_demand {
                Some(other) => format!("Bedarf #{other} wurde hier zusammengeführt"),
                None => "ein Bedarf wurde hier zusammengeführt".to_owned(),
            },
            EventKind::Topic => match &event.meeting {
                Some((_, title)) => format!("als Thema für „{title}“ eingebracht"),
                None => "als Thema eingebracht".to_owned(),
            },
            _ => continue,
        };
        body.push_str(&format!(
            "- {} ({}): {what}",
            event.at_local.format("%d.%m.%Y %H:%M"),
            event.actor
        ));
        if let Some(comment) = event.comment.as_deref().filter(|c| !c.is_empty()) {
            body.push_str(&format!(" – {comment}"));
        }
        body.push('\n');
    }
    body.push_str(&format!(
        "\nSie erhalten diese Zusammenfassung täglich, weil Sie das in Ihrem Konto so eingestellt \
         haben: {public_url}/konto#benachrichtigungen\n"
    ));
    let demands = changes
        .iter()
        .map(|c| c.demand_id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    // Mails are German documents; the count follows the German plural rule.
    let subject = crate::i18n::td_string!(
        crate::i18n::Locale::de,
        mail_digest_subject,
        count = demands
    )
    .to_string();
    (subject, body)
}
