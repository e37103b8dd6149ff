//! E-mail through SMTP (lettre) when `smtp_url` is set.

use std::future::Future;
use std::pin::Pin;

use gremium_app::mail::Outbox;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub struct SmtpOutbox {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpOutbox {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("GREMIUM_SMTP_URL ist ungültig: {e}"))?
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("GREMIUM_MAIL_FROM ist ungültig: {e}"))?;
        Ok(Self { transport, from })
    }
}

impl Outbox for SmtpOutbox {
    fn is_configured(&self) -> bool {
        true
    }

    fn send(
        &self,
        to: String,
        subject: String,
        body: String,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + '_>> {
        Box::pin(async move {
            let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
            let message = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .body(body)
                .map_err(|e| e.to_string())?;
            self.transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }
}
