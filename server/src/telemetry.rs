//! Structured logs with tracing; `RUST_LOG` filters, the config picks text or JSON.

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (tests) is harmless, so its error is ignored.
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
    // A panic is logged once, as an event in the configured format, inside the span of the
    // request that panicked (so with its id); the default hook wrote plain text beside the log.
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        let location = info.location().map(ToString::to_string);
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            tracing::error!(location, %backtrace, "panicked: {message}");
        } else {
            tracing::error!(location, "panicked: {message}");
        }
    }));
}

/// A request path as the log may keep it: the personal calendar feed's path is its secret
/// (whoever has it reads the person's internal meetings), so it is cut. Query strings, which
/// carry invitation and reset tokens, are never logged at all.
pub fn loggable_path(path: &str) -> &str {
    match path.strip_prefix("/kalender/") {
        Some(file) if file != "oeffentlich.ics" => "/kalender/…",
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn calendar_tokens_stay_out_of_the_log() {
        assert_eq!(loggable_path("/kalender/3f9a0c1d2e.ics"), "/kalender/…");
        assert_eq!(
            loggable_path("/kalender/oeffentlich.ics"),
            "/kalender/oeffentlich.ics"
        );
        assert_eq!(
            loggable_path("/sitzungen/4/kalender.ics"),
            "/sitzungen/4/kalender.ics"
        );
        assert_eq!(loggable_path("/bedarfe"), "/bedarfe");
    }
}
