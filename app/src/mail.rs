//! Outgoing e-mail as the server functions see it: an outbox the server provides (SMTP through
//! lettre, or nothing), and the texts of the messages.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Sends one plain-text message.
pub trait Outbox: Send + Sync {
    /// Whether messages actually leave the server (SMTP is configured).
    fn is_configured(&self) -> bool;
    fn send(
        &self,
        to: String,
        subject: String,
        body: String,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + '_>>;
}

/// What server functions need to build links and expiries.
#[derive(Clone)]
pub struct MailContext {
    pub outbox: Arc<dyn Outbox>,
    /// The address people reach the app at, without a trailing slash (links in messages).
    pub public_url: String,
}

impl std::fmt::Debug for MailContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailContext")
            .field("configured", &self.outbox.is_configured())
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// An outbox that sends nothing: without SMTP, links are shown to the inviting admin and
/// written to the log instead.
pub struct NoOutbox;

impl Outbox for NoOutbox {
    fn is_configured(&self) -> bool {
        false
    }

    fn send(
        &self,
        _to: String,
        _subject: String,
        _body: String,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + '_>> {
        Box::pin(async { Err("SMTP is not configured".to_owned()) })
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
