//! `gremium backup PATH`, `gremium restore PATH` and `gremium check-backup PATH`.
//!
//! SQLite: the backup is a consistent copy taken while the server runs (`VACUUM INTO`), a
//! plain database file; restoring puts it in place of the database file (stop the server
//! first). PostgreSQL: the backup is `pg_dump`'s custom format (one consistent snapshot, taken
//! while the server runs); restoring runs `pg_restore` into the configured database.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use gremium::store::backup::{self, BackupReport};
use gremium::store::{Db, DbOptions};

use crate::config::Config;

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

pub async fn backup(config: &Config, path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        bail!(
            "{} gibt es schon: eine Sicherung überschreibt nichts.",
            path.display()
        );
    }
    if backup::sqlite_file(&config.database_url).is_some() {
        let db = Db::connect(&config.database_url, &DbOptions::default()).await?;
        backup::copy_sqlite(&db, path)
            .await
            .context("Die Sicherung konnte nicht geschrieben werden")?;
        db.close().await;
        let report = backup::check_sqlite(path).await?;
        println!("Gesichert nach {}: {}", path.display(), summary(&report));
    } else {
        run(Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--file")
            .arg(path)
            .arg(&config.database_url))?;
        check_dump(path)?;
        println!(
            "Gesichert nach {} (pg_dump, Custom-Format).",
            path.display()
        );
    }
    Ok(())
}

pub async fn restore(config: &Config, path: &Path) -> anyhow::Result<()> {
    match backup::sqlite_file(&config.database_url) {
        Some(target) => {
            let report = backup::check_sqlite(path)
                .await
                .context("Die Sicherung ist keine vollständige Gremium-Datenbank")?;
            // A log of the old database beside the new file would be applied to it.
            for suffix in ["-wal", "-shm"] {
                let log = target.with_file_name(format!(
                    "{}{suffix}",
                    target.file_name().unwrap_or_default().to_string_lossy()
                ));
                if log.exists() {
                    std::fs::remove_file(&log)
                        .with_context(|| format!("{} lässt sich nicht löschen", log.display()))?;
                }
            }
            let partial = target.with_extension("wiederherstellen");
            std::fs::copy(path, &partial)
                .with_context(|| format!("{} lässt sich nicht schreiben", partial.display()))?;
            std::fs::rename(&partial, &target)
                .with_context(|| format!("{} lässt sich nicht ersetzen", target.display()))?;
            println!(
                "{} wiederhergestellt aus {}: {}",
                target.display(),
                path.display(),
                summary(&report)
            );
        }
        None => {
            check_dump(path)?;
            run(Command::new("pg_restore")
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                ])
                .arg("--dbname")
                .arg(&config.database_url)
                .arg(path))?;
            println!("Wiederhergestellt aus {} (pg_restore).", path.display());
        }
    }
    Ok(())
}

pub async fn check(path: &Path) -> anyhow::Result<()> {
    let mut header = [0u8; 16];
    let is_sqlite = std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut header))
        .is_ok()
        && header == SQLITE_HEADER;
    if is_sqlite {
        let report = backup::check_sqlite(path).await?;
        println!("{}: in Ordnung – {}", path.display(), summary(&report));
    } else {
        check_dump(path)?;
        println!("{}: in Ordnung (pg_dump, Custom-Format)", path.display());
    }
    Ok(())
}

/// A PostgreSQL backup is whole when `pg_restore` can read its table of contents.
fn check_dump(path: &Path) -> anyhow::Result<()> {
    let listed = Command::new("pg_restore")
        .arg("--list")
        .arg(path)
        .output()
        .context("pg_restore ist nicht installiert (Paket postgresql-client)")?;
    if !listed.status.success() {
        bail!(
            "{} ist keine lesbare PostgreSQL-Sicherung: {}",
            path.display(),
            String::from_utf8_lossy(&listed.stderr).trim()
        );
    }
    Ok(())
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
        .status()
        .with_context(|| format!("{program} ist nicht installiert (Paket postgresql-client)"))?;
    if !status.success() {
        bail!("{program} ist gescheitert ({status})");
    }
    Ok(())
}

fn summary(report: &BackupReport) -> String {
    format!(
        "Schema {}, {} Personen, {} Sitzungen, {} Themen, {} Bedarfe, {} Beschlüsse",
        report.migration,
        report.users,
        report.meetings,
        report.topics,
        report.demands,
        report.decisions
    )
}
