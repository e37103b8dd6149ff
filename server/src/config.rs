//! Settings: defaults, then an optional TOML file, then environment variables.
//!
//! | setting             | file key            | environment               | default                  |
//! |---------------------|---------------------|---------------------------|--------------------------|
//! | database            | `database_url`      | `DATABASE_URL`            | `sqlite:data/gremium.db` |
//! | listen address      | `site_addr`         | `LEPTOS_SITE_ADDR`        | `127.0.0.1:3000`         |
//! | pool size           | `max_connections`   | `GREMIUM_MAX_CONNECTIONS` | `8`                      |
//! | log format          | `log_format`        | `GREMIUM_LOG_FORMAT`      | `text` (or `json`)       |
//!
//! The file is `gremium.toml` in the working directory, or the path in `GREMIUM_CONFIG`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

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
}

/// The file's shape: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    site_addr: Option<String>,
    max_connections: Option<u32>,
    log_format: Option<LogFormat>,
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
        let site_addr =
            site_addr
                .parse()
                .map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                    name: "LEPTOS_SITE_ADDR",
                    value: site_addr.clone(),
                    reason: e.to_string(),
                })?;
        let max_connections = match env("GREMIUM_MAX_CONNECTIONS") {
            Some(value) => {
                value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ConfigError::Invalid {
                        name: "GREMIUM_MAX_CONNECTIONS",
                        value,
                        reason: "a positive number".into(),
                    })?
            }
            None => file.max_connections.unwrap_or(8),
        };
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
}
