//! Handing a message to the mail server: SMTP through lettre when `smtp_url` is set. The
//! outbox worker (`delivery`) is the only caller; requests never wait for SMTP.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one conversation with the mail server may take before it counts as failed.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a message was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The server refused it for good (a 5xx answer, an impossible address): not tried again.
    pub permanent: bool,
    pub reason: String,
}

/// The future a transport returns.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), Refused>> + Send + 'a>>;

/// Hands one plain-text message to a mail server.
pub trait Transport: Send + Sync {
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, body: &'a str) -> Sending<'a>;
}

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("GREMIUM_SMTP_URL ist ungültig: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("GREMIUM_MAIL_FROM ist ungültig: {e}"))?;
        Ok(Self { transport, from })
    }
}

impl Transport for Smtp {
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, body: &'a str) -> Sending<'a> {
        Box::pin(async move {
            let permanent = |reason: String| Refused {
                permanent: true,
                reason,
            };
            let to: Mailbox = to
                .parse()
                .map_err(|e| permanent(format!("Empfängeradresse: {e}")))?;
            let message = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .body(body.to_owned())
                .map_err(|e| permanent(e.to_string()))?;
            // A slow server must not hold the worker longer than the timeout, whatever lettre's
            // own timeouts cover.
            match tokio::time::timeout(SMTP_TIMEOUT, self.transport.send(message)).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(error)) => Err(Refused {
                    permanent: error.is_permanent(),
                    reason: error.to_string(),
                }),
                Err(_) => Err(Refused {
                    permanent: false,
                    reason: format!(
                        "der Mailserver hat nicht binnen {} s geantwortet",
                        SMTP_TIMEOUT.as_secs()
                    ),
                }),
            }
        })
    }
}
