//! The command line: a contract that scripts rely on.
//!
//! `gremium serve [--demo]`, `gremium import-municipalities PATH`, `gremium create-admin EMAIL`,
//! `gremium backup PATH`, `gremium restore PATH`, `gremium check-backup PATH`;
//! `DATABASE_URL` selects the database and `LEPTOS_SITE_ADDR` the listen address (see `config`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gremium::domain::organization::OrganizationKind;
use gremium::register::{ImportProgress, ImportSummary, RegisterFile, import_register};
use gremium::store::{Db, DbOptions};

use crate::config::Config;
use crate::{demo, startup, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "gremium",
    version,
    about = "Gremium – Sitzungen, Themen und Bedarfe kommunaler Gremien"
)]
pub struct Cli {
    /// Without a command the app is served (cargo-leptos starts the binary that way).
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (migrations run at start).
    Serve {
        /// Fill an empty database with demo content first.
        #[arg(long, env = "GREMIUM_DEMO")]
        demo: bool,
    },
    /// Import or update the Destatis municipality register (GV-ISys CSV, UTF-8).
    ImportMunicipalities {
        /// Path to the CSV file.
        path: PathBuf,
    },
    /// Create an administrator account. The password is asked for at the terminal, or read
    /// as one line from standard input.
    CreateAdmin {
        /// The sign-in address.
        email: String,
        /// The name shown in the app (default: the part before the @).
        #[arg(long)]
        name: Option<String>,
    },
    /// Make a password reset link for an account and print it (for installations without
    /// SMTP: the operator passes it on; the server never writes such a link to its log).
    ResetLink {
        /// The account's sign-in address.
        email: String,
    },
    /// Print the REST API's OpenAPI document (JSON) to standard output.
    Openapi,
    /// Write a consistent backup of the database to PATH while the server runs (SQLite: a
    /// database file; PostgreSQL: pg_dump's custom format).
    Backup {
        /// Where the backup goes; must not exist yet.
        path: PathBuf,
    },
    /// Replace the database with a backup (stop the server first).
    Restore {
        /// A backup written by `gremium backup`.
        path: PathBuf,
    },
    /// Check that a backup is whole and say what it holds.
    CheckBackup {
        /// A backup written by `gremium backup`.
        path: PathBuf,
    },
}

pub async fn run(cli: Cli) -> ExitCode {
    // Every command may render counted texts (pages, mails, the digest).
    gremium_app::plurals::install();
    let config = match Config::load() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("Fehler in der Konfiguration: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let command = cli.command.unwrap_or(Command::Serve {
        demo: std::env::var("GREMIUM_DEMO").is_ok_and(|v| matches!(v.as_str(), "1" | "true")),
    });
    let result = match command {
        Command::Serve { demo } => serve(&config, demo).await,
        Command::ImportMunicipalities { path } => import_municipalities(&config, &path).await,
        Command::CreateAdmin { email, name } => {
            create_admin(&config, &email, name.as_deref()).await
        }
        Command::ResetLink { email } => reset_link(&config, &email).await,
        Command::Backup { path } => crate::backup::backup(&config, &path).await,
        Command::Restore { path } => crate::backup::restore(&config, &path).await,
        Command::CheckBackup { path } => crate::backup::check(&path).await,
        Command::Openapi => crate::http::api::document(&config.public_url)
            .to_pretty_json()
            .map(|json| println!("{json}"))
            .map_err(anyhow::Error::from),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Fehler: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &Config, demo: bool) -> anyhow::Result<()> {
    let state = startup::AppState::new(config).await?;
    if demo && demo::seed(&state.db).await? {
        tracing::info!("demo content added");
    }
    startup::serve(state).await?;
    Ok(())
}

async fn import_municipalities(config: &Config, path: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).map_err(|e| {
        anyhow::anyhow!(
            "Die Datei {} kann nicht gelesen werden: {e}",
            path.display()
        )
    })?;
    // The whole file is checked before the database is touched: a wrong file changes nothing.
    let file = RegisterFile::parse(&bytes)?;
    eprintln!(
        "{} Einträge gelesen, {} fehlerhafte Zeilen.",
        file.records.len(),
        file.bad_rows.len()
    );
    let db = Db::connect(&config.database_url, &DbOptions::default()).await?;
    let interactive = std::io::stderr().is_terminal();
    let summary = import_register(&db, file, |p| report_progress(p, interactive)).await?;
    if interactive {
        eprintln!();
    }
    for row in &summary.bad_rows {
        eprintln!("Zeile {}: übersprungen – {}", row.line, row.reason);
    }
    print!("{}", render_summary(&summary));
    db.close().await;
    Ok(())
}

async fn create_admin(config: &Config, email: &str, name: Option<&str>) -> anyhow::Result<()> {
    use gremium::domain::account::{DISPLAY_NAME_MAX, normalize_email};
    use gremium::domain::form::required_text;
    use gremium::store::users::{self, NewUser};

    let email = normalize_email(email)
        .map_err(|_| anyhow::anyhow!("„{email}“ ist keine gültige E-Mail-Adresse."))?;
    let default_name = email.split('@').next().unwrap_or_default().to_owned();
    let name = required_text(name.unwrap_or(&default_name), DISPLAY_NAME_MAX).map_err(|_| {
        anyhow::anyhow!("Der Name fehlt oder ist länger als {DISPLAY_NAME_MAX} Zeichen.")
    })?;
    let password = read_password()?;
    if let Err(problem) = gremium::domain::password::check_new_password(&password, &[&email, &name])
    {
        anyhow::bail!("{}", password_message(problem));
    }
    let db = Db::connect(&config.database_url, &DbOptions::default()).await?;
    let hash = gremium::secret::hash_password(&password);
    let actor = gremium::domain::audit::Actor {
        user_id: None,
        label: "create-admin".into(),
        ip: None,
    };
    let created = users::create(
        &db,
        &NewUser {
            email: &email,
            display_name: &name,
            password_hash: &hash,
            is_admin: true,
            organization_id: None,
        },
        &actor,
    )
    .await;
    db.close().await;
    match created {
        Ok(id) => {
            println!("Administrator {email} angelegt (Nr. {id}).");
            Ok(())
        }
        Err(gremium::store::StoreError::Duplicate) => {
            anyhow::bail!("Ein Konto mit der Adresse {email} gibt es bereits.")
        }
        Err(other) => Err(other.into()),
    }
}

async fn reset_link(config: &Config, email: &str) -> anyhow::Result<()> {
    use gremium::domain::account::normalize_email;
    use gremium::store::{password_resets, users};
    use gremium_app::api::account::RESET_MINUTES;

    let email = normalize_email(email)
        .map_err(|_| anyhow::anyhow!("„{email}“ ist keine gültige E-Mail-Adresse."))?;
    let db = Db::connect(&config.database_url, &DbOptions::default()).await?;
    let record = users::login_record(&db, &email).await?;
    let Some(record) = record.filter(|r| !r.disabled) else {
        db.close().await;
        anyhow::bail!("Es gibt kein aktives Konto mit der Adresse {email}.");
    };
    let (token, token_hash) = gremium::secret::new_token();
    let expires = chrono::Utc::now() + chrono::Duration::minutes(RESET_MINUTES);
    let actor = gremium::domain::audit::Actor {
        user_id: None,
        label: "reset-link".into(),
        ip: None,
    };
    let created = password_resets::create(&db, record.id, &token_hash, expires, None, &actor).await;
    db.close().await;
    created?;
    println!("{}/passwort/neu?t={token}", config.public_url);
    eprintln!("Der Link gilt {RESET_MINUTES} Minuten und nur einmal.");
    Ok(())
}

/// At a terminal: asked twice without echo. Otherwise: the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Passwort (mindestens 12 Zeichen): ")?;
        let second = rpassword::prompt_password("Passwort wiederholen: ")?;
        if first != second {
            anyhow::bail!("Die beiden Eingaben stimmen nicht überein.");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

fn password_message(problem: gremium::domain::form::Problem) -> &'static str {
    use gremium::domain::form::Problem;
    match problem {
        Problem::PasswordTooShort => "Das Passwort ist zu kurz: mindestens 12 Zeichen.",
        Problem::PasswordTooLong => "Das Passwort ist zu lang: höchstens 128 Zeichen.",
        _ => {
            "Dieses Passwort ist zu verbreitet oder zu leicht zu erraten. Bitte ein anderes wählen, \
              zum Beispiel einen Satz aus mehreren Wörtern."
        }
    }
}

fn report_progress(progress: ImportProgress, interactive: bool) {
    let percent = progress.done * 100 / progress.total.max(1);
    let line = format!(
        "Importiert: {}/{} ({percent} %)",
        progress.done, progress.total
    );
    let mut err = std::io::stderr();
    if interactive {
        let _ = write!(err, "\r{line}");
    } else {
        let _ = writeln!(err, "{line}");
    }
    let _ = err.flush();
}

/// The summary printed after an import: per kind new / updated / unchanged, then skipped rows.
pub fn render_summary(summary: &ImportSummary) -> String {
    let mut out = String::from("Zusammenfassung:\n");
    for (kind, label) in [
        (OrganizationKind::Land, "Länder"),
        (OrganizationKind::Kreis, "Kreise"),
        (OrganizationKind::Gemeindeverband, "Gemeindeverbände"),
        (OrganizationKind::Gemeinde, "Gemeinden"),
    ] {
        let counts = summary.per_kind.get(&kind).copied().unwrap_or_default();
        out.push_str(&format!(
            "  {label:<18} {:>6}  (neu {}, aktualisiert {}, unverändert {})\n",
            summary.imported(kind),
            counts.inserted,
            counts.updated,
            counts.unchanged
        ));
    }
    for (level, count) in &summary.ignored {
        out.push_str(&format!("  nicht übernommen: {count} × {level}\n"));
    }
    out.push_str(&format!(
        "  fehlerhafte Zeilen übersprungen: {}\n",
        summary.bad_rows.len()
    ));
    out
}
