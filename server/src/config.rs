//! Settings: defaults, then an optional TOML file, then environment variables.
//!
//! | setting             | file key            | environment               | default                  |
//! |---------------------|---------------------|---------------------------|--------------------------|
//! | database            | `database_url`      | `DATABASE_URL`            | `sqlite:data/gremium.db` |
//! | listen address      | `site_addr`         | `LEPTOS_SITE_ADDR`        | `127.0.0.1:3000`         |
//! | built site (wasm, CSS) | —                | `LEPTOS_SITE_ROOT`        | `target/site`            |
//! | pool size           | `max_connections`   | `GREMIUM_MAX_CONNECTIONS` | `8`                      |
//! | log format          | `log_format`        | `GREMIUM_LOG_FORMAT`      | `text` (or `json`)       |
//! | public address      | `public_url`        | `GREMIUM_PUBLIC_URL`      | `http://` + listen address |
//! | secure cookies      | `cookie_secure`     | `GREMIUM_COOKIE_SECURE`   | `auto`                   |
//! | idle timeout (min)  | `session_idle_minutes` | `GREMIUM_SESSION_IDLE_MINUTES` | `30`          |
//! | absolute timeout (h)| `session_max_hours` | `GREMIUM_SESSION_MAX_HOURS` | `12`                   |
//! | sign-in rate per IP | `auth_rate_per_minute` | `GREMIUM_AUTH_RATE_PER_MINUTE` | `10`          |
//! | REST API rate       | `api_rate_per_minute` | `GREMIUM_API_RATE_PER_MINUTE` | `120` per token or IP |
//! | trust proxy headers | `trust_proxy`       | `GREMIUM_TRUST_PROXY`     | `false`                  |
//! | SMTP server         | `smtp_url`          | `GREMIUM_SMTP_URL`        | none (links are logged)  |
//! | sender address      | `mail_from`         | `GREMIUM_MAIL_FROM`       | `Gremium <gremium@localhost>` |
//! | daily digest from   | `digest_from`       | `GREMIUM_DIGEST_FROM`     | `07:00` (Berlin time)    |
//! | stop delay (s)      | `shutdown_delay_seconds` | `GREMIUM_SHUTDOWN_DELAY_SECONDS` | `0`         |
//!
//! `shutdown_delay_seconds`: after SIGTERM the server goes on serving for this long while
//! `/healthz` already answers 503 "stopping", so a load balancer that checks it sends no new
//! requests before the port closes (a rolling restart of one of several servers loses none).
//! Then it stops accepting and lets running requests finish.
//!
//! `cookie_secure = auto` marks cookies `Secure` (with the `__Host-` prefix) unless the app is
//! reached over plain http on a loopback address, as in development; `false` allows plain http
//! elsewhere too (not for production), `true` forces it.
//! The file is `gremium.toml` in the working directory, or the path in `GREMIUM_CONFIG`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveTime;

use serde::Deserialize;

pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/gremium.db";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub max_connections: u32,
    pub log_format: LogFormat,
    /// Where people reach the app, without a trailing slash; links in e-mails use it.
    pub public_url: String,
    pub cookie_secure: bool,
    pub session_idle_minutes: u32,
    pub session_max_hours: u32,
    pub auth_rate_per_minute: u32,
    pub api_rate_per_minute: u32,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
    /// `smtp://user:password@host:587` or `smtps://…`; without it no e-mail is sent.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The Berlin time of day from which the daily digest goes out.
    pub digest_from: NaiveTime,
    /// How long the server keeps serving after SIGTERM with `/healthz` at 503.
    pub shutdown_delay: Duration,
}

impl Config {
    /// HSTS is sent only when the public address is https.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The file's shape: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    site_addr: Option<String>,
    max_connections: Option<u32>,
    log_format: Option<LogFormat>,
    public_url: Option<String>,
    cookie_secure: Option<String>,
    session_idle_minutes: Option<u32>,
    session_max_hours: Option<u32>,
    auth_rate_per_minute: Option<u32>,
    api_rate_per_minute: Option<u32>,
    trust_proxy: Option<bool>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    digest_from: Option<String>,
    shutdown_delay_seconds: Option<u64>,
}

/// A positive number from the environment, else from the file, else the default.
fn positive(
    env: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    file: Option<u32>,
    default: u32,
) -> Result<u32, ConfigError> {
    match env(name) {
        Some(value) => value
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ConfigError::Invalid {
                name,
                value,
                reason: "a positive number".into(),
            }),
        None => Ok(file.filter(|n| *n > 0).unwrap_or(default)),
    }
}

fn flag(value: &str) -> Option<bool> {
    match value {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the config file {path} is not valid: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("{name} is not valid: {value:?} ({reason})")]
    Invalid {
        name: &'static str,
        value: String,
        reason: String,
    },
}

impl Config {
    /// Loads from the process environment and the config file it names (or `./gremium.toml`).
    pub fn load() -> Result<Self, ConfigError> {
        Self::from_sources(|name| std::env::var(name).ok())
    }

    /// Loads with `env` as the environment, so tests need not touch the process's.
    pub fn from_sources(env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let path = env("GREMIUM_CONFIG").map(PathBuf::from);
        let file = match &path {
            Some(path) => read_file(path)?,
            None if Path::new("gremium.toml").exists() => read_file(Path::new("gremium.toml"))?,
            None => FileConfig::default(),
        };
        let database_url = env("DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let site_addr = env("LEPTOS_SITE_ADDR")
            .or(file.site_addr)
            .unwrap_or_else(|| DEFAULT_SITE_ADDR.to_owned());
        let site_addr: SocketAddr =
            site_addr
                .parse()
                .map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                    name: "LEPTOS_SITE_ADDR",
                    value: site_addr.clone(),
                    reason: e.to_string(),
                })?;
        let max_connections = positive(&env, "GREMIUM_MAX_CONNECTIONS", file.max_connections, 8)?;
        let session_idle_minutes = positive(
            &env,
            "GREMIUM_SESSION_IDLE_MINUTES",
            file.session_idle_minutes,
            30,
        )?;
        let session_max_hours = positive(
            &env,
            "GREMIUM_SESSION_MAX_HOURS",
            file.session_max_hours,
            12,
        )?;
        let auth_rate_per_minute = positive(
            &env,
            "GREMIUM_AUTH_RATE_PER_MINUTE",
            file.auth_rate_per_minute,
            10,
        )?;
        let api_rate_per_minute = positive(
            &env,
            "GREMIUM_API_RATE_PER_MINUTE",
            file.api_rate_per_minute,
            120,
        )?;
        let public_url = env("GREMIUM_PUBLIC_URL")
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                name: "GREMIUM_PUBLIC_URL",
                value: public_url,
                reason: "an http:// or https:// address".into(),
            });
        }
        let cookie_secure = match env("GREMIUM_COOKIE_SECURE")
            .or(file.cookie_secure)
            .as_deref()
        {
            None | Some("auto") => {
                public_url.starts_with("https://") || !site_addr.ip().is_loopback()
            }
            Some(value) => flag(value).ok_or_else(|| ConfigError::Invalid {
                name: "GREMIUM_COOKIE_SECURE",
                value: value.to_owned(),
                reason: "auto, true or false".into(),
            })?,
        };
        let trust_proxy = match env("GREMIUM_TRUST_PROXY") {
            Some(value) => flag(&value).ok_or_else(|| ConfigError::Invalid {
                name: "GREMIUM_TRUST_PROXY",
                value,
                reason: "true or false".into(),
            })?,
            None => file.trust_proxy.unwrap_or(false),
        };
        let smtp_url = env("GREMIUM_SMTP_URL")
            .or(file.smtp_url)
            .filter(|s| !s.trim().is_empty());
        let mail_from = env("GREMIUM_MAIL_FROM")
            .or(file.mail_from)
            .unwrap_or_else(|| "Gremium <gremium@localhost>".to_owned());
        let digest_from = match env("GREMIUM_DIGEST_FROM").or(file.digest_from) {
            Some(value) => NaiveTime::parse_from_str(value.trim(), "%H:%M").map_err(|_| {
                ConfigError::Invalid {
                    name: "GREMIUM_DIGEST_FROM",
                    value,
                    reason: "a time of day such as 07:00".into(),
                }
            })?,
            None => gremium::domain::preferences::DIGEST_FROM,
        };
        let shutdown_delay = match env("GREMIUM_SHUTDOWN_DELAY_SECONDS") {
            Some(value) => value.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "GREMIUM_SHUTDOWN_DELAY_SECONDS",
                value,
                reason: "a number of seconds (0 or more)".into(),
            })?,
            None => file.shutdown_delay_seconds.unwrap_or(0),
        };
        let shutdown_delay = Duration::from_secs(shutdown_delay);
        let log_format = match env("GREMIUM_LOG_FORMAT").as_deref() {
            Some("json") => LogFormat::Json,
            Some("text") => LogFormat::Text,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "GREMIUM_LOG_FORMAT",
                    value: other.to_owned(),
                    reason: "text or json".into(),
                });
            }
            None => file.log_format.unwrap_or(LogFormat::Text),
        };
        Ok(Self {
            database_url,
            site_addr,
            max_connections,
            log_format,
            public_url,
            cookie_secure,
            session_idle_minutes,
            session_max_hours,
            auth_rate_per_minute,
            api_rate_per_minute,
            trust_proxy,
            smtp_url,
            mail_from,
            digest_from,
            shutdown_delay,
        })
    }
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|source| ConfigError::Parse {
        path: path.to_owned(),
        source: Box::new(source),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_sources(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_need_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let missing = dir.path().join("none.toml");
        // An explicitly named but missing file is an error, never silently ignored.
        assert!(matches!(
            load(&[("GREMIUM_CONFIG", missing.to_str().expect("utf-8"))]),
            Err(ConfigError::Read { .. })
        ));
        let config = load(&[]).expect("defaults");
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.site_addr.to_string(), DEFAULT_SITE_ADDR);
        assert_eq!(config.log_format, LogFormat::Text);
        assert_eq!(config.public_url, "http://127.0.0.1:3000");
        // Plain http on the loopback address: development, cookies without Secure.
        assert!(!config.cookie_secure);
        assert_eq!(config.smtp_url, None);
    }

    #[test]
    fn cookies_are_secure_unless_served_plainly_on_loopback() {
        let public = load(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).expect("config");
        assert!(public.cookie_secure);
        let proxied =
            load(&[("GREMIUM_PUBLIC_URL", "https://gremium.example.org/")]).expect("config");
        assert!(proxied.cookie_secure);
        assert!(proxied.is_https());
        assert_eq!(proxied.public_url, "https://gremium.example.org");
        let forced = load(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:3000"),
            ("GREMIUM_COOKIE_SECURE", "false"),
        ])
        .expect("config");
        assert!(!forced.cookie_secure);
        assert!(load(&[("GREMIUM_COOKIE_SECURE", "maybe")]).is_err());
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("gremium.toml");
        std::fs::write(
            &path,
            "database_url = \"sqlite:file.db\"\nsite_addr = \"0.0.0.0:8080\"\n",
        )
        .expect("write");
        let path = path.to_str().expect("utf-8");
        let from_file = load(&[("GREMIUM_CONFIG", path)]).expect("file");
        assert_eq!(from_file.database_url, "sqlite:file.db");
        assert_eq!(from_file.site_addr.port(), 8080);
        let from_env = load(&[
            ("GREMIUM_CONFIG", path),
            ("DATABASE_URL", "postgres://db/gremium"),
        ])
        .expect("env");
        assert_eq!(from_env.database_url, "postgres://db/gremium");
    }

    #[test]
    fn bad_values_are_named() {
        let error = load(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
        assert!(error.to_string().contains("LEPTOS_SITE_ADDR"));
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "databse_url = 1\n").expect("write");
        let error = load(&[("GREMIUM_CONFIG", path.to_str().expect("utf-8"))]).unwrap_err();
        assert!(matches!(error, ConfigError::Parse { .. }));
    }

    #[test]
    fn digest_time_and_stop_delay() {
        let config = load(&[]).expect("defaults");
        assert_eq!(
            config.digest_from,
            gremium::domain::preferences::DIGEST_FROM
        );
        assert_eq!(config.shutdown_delay, Duration::ZERO);
        let set = load(&[
            ("GREMIUM_DIGEST_FROM", "06:30"),
            ("GREMIUM_SHUTDOWN_DELAY_SECONDS", "5"),
        ])
        .expect("config");
        assert_eq!(
            set.digest_from,
            NaiveTime::from_hms_opt(6, 30, 0).expect("time")
        );
        assert_eq!(set.shutdown_delay, Duration::from_secs(5));
        for (name, value) in [
            ("GREMIUM_DIGEST_FROM", "7 Uhr"),
            ("GREMIUM_DIGEST_FROM", "25:00"),
            ("GREMIUM_SHUTDOWN_DELAY_SECONDS", "-1"),
        ] {
            let error = load(&[(name, value)]).unwrap_err();
            assert!(error.to_string().contains(name), "{error}");
        }
    }
}
