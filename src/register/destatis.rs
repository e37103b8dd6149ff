//! Parses the CSV conversion of the Destatis Gemeindeverzeichnis (GV-ISys) into records.
//!
//! The whole file is read and checked before anything is written, so a wrong file, missing
//! columns or a broken encoding change nothing. Single bad rows are collected with their line
//! number and reason and do not stop the import.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::domain::organization::{Designation, OrganizationKind};

/// Columns the importer needs; the register has more, which are ignored.
pub const REQUIRED_COLUMNS: [&str; 10] = [
    "satzart",
    "textkennzeichen",
    "land",
    "rb",
    "kreis",
    "vb",
    "gemeinde",
    "gemeindename",
    "flaeche",
    "bevoelkerung",
];

/// Why a file as a whole is not a register; nothing is imported then.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegisterError {
    #[error("Die Datei ist leer.")]
    Empty,
    #[error(
        "Die Datei ist nicht UTF-8-kodiert (erstes ungültiges Byte in Zeile {line}). \
         Bitte die Datei als UTF-8 speichern."
    )]
    Encoding { line: usize },
    #[error(
        "Das ist kein Gemeindeverzeichnis: es fehlen die Spalten {}.",
        missing.join(", ")
    )]
    MissingColumns { missing: Vec<String> },
    #[error("Die Datei enthält keine Datenzeilen.")]
    NoRows,
    #[error("Die CSV-Datei ist beschädigt (Zeile {line}): {reason}")]
    Malformed { line: usize, reason: String },
    #[error("Keine einzige Zeile ist gültig ({bad} fehlerhafte Zeilen) – falsche Datei?")]
    NothingValid { bad: usize },
}

/// A bad row: its line in the file (1 is the header) and why it was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub reason: String,
}

/// One administrative unit from the register.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRecord {
    pub line: usize,
    pub kind: OrganizationKind,
    pub designation: Option<Designation>,
    pub name: String,
    /// Regionalschlüssel: 2 digits for a Land, 5 for a Kreis, 9 for a Gemeindeverband, 12 for a
    /// Gemeinde. Unique, and the key that makes a second import update instead of duplicate.
    pub ars: String,
    /// Gemeindeschlüssel: 2 (Land), 5 (Kreis) or 8 digits (Gemeinde); none for Gemeindeverbände.
    pub ags: Option<String>,
    pub population: Option<i64>,
    pub area_km2: Option<f64>,
    pub postal_code: Option<String>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
}

impl RegisterRecord {
    /// Regionalschlüssel of the Land this unit lies in.
    pub fn land_ars(&self) -> &str {
        &self.ars[..2]
    }

    /// Regionalschlüssel of the Kreis, for units below a Kreis.
    pub fn kreis_ars(&self) -> Option<&str> {
        matches!(
            self.kind,
            OrganizationKind::Gemeindeverband | OrganizationKind::Gemeinde
        )
        .then(|| &self.ars[..5])
    }

    /// Regionalschlüssel of the Gemeindeverband a Gemeinde belongs to.
    pub fn gemeindeverband_ars(&self) -> Option<&str> {
        (self.kind == OrganizationKind::Gemeinde).then(|| &self.ars[..9])
    }
}

/// A parsed register: the valid records, the bad rows and the rows of levels Gremium does not
/// keep (Regierungsbezirke and Regionen), counted per level.
#[derive(Debug, Default)]
pub struct RegisterFile {
    pub records: Vec<RegisterRecord>,
    pub bad_rows: Vec<RowError>,
    pub ignored: BTreeMap<&'static str, usize>,
}

impl RegisterFile {
    pub fn parse(bytes: &[u8]) -> Result<Self, RegisterError> {
        let text = decode(bytes)?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::None)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| malformed(1, &e))?.clone();
        let columns = Columns::find(&headers)?;

        let mut file = RegisterFile::default();
        for (index, row) in reader.records().enumerate() {
            let row = row.map_err(|e| {
                let line = e.position().map_or(index + 2, |p| p.line() as usize);
                malformed(line, &e)
            })?;
            let line = row.position().map_or(index + 2, |p| p.line() as usize);
            if row.iter().all(|field| field.trim().is_empty()) {
                continue;
            }
            match columns.record(&row, line) {
                Ok(Parsed::Record(record)) => file.records.push(record),
                Ok(Parsed::Ignored(level)) => *file.ignored.entry(level).or_default() += 1,
                Err(reason) => file.bad_rows.push(RowError { line, reason }),
            }
        }
        if file.records.is_empty() {
            return Err(if file.bad_rows.is_empty() && file.ignored.is_empty() {
                RegisterError::NoRows
            } else {
                RegisterError::NothingValid {
                    bad: file.bad_rows.len(),
                }
            });
        }
        Ok(file)
    }
}

fn malformed(line: usize, error: &csv::Error) -> RegisterError {
    RegisterError::Malformed {
        line,
        reason: error.to_string(),
    }
}

/// Checks the encoding of the whole file up front, drops the byte order mark and makes every
/// line end `\n`: the CSV reader ends a row at `\r` too but counts lines by `\n` only, so a
/// file with old Mac line ends (`\r`, as Excel's "CSV (Macintosh)" writes) had every bad row
/// reported on line 1.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, RegisterError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(RegisterError::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        // Each `\n`, and each `\r` that is not the first half of `\r\n`, ends a line.
        let ends = before
            .iter()
            .enumerate()
            .filter(|&(i, b)| *b == b'\n' || (*b == b'\r' && before.get(i + 1) != Some(&b'\n')))
            .count();
        RegisterError::Encoding { line: 1 + ends }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    })
}

enum Parsed {
    Record(RegisterRecord),
    Ignored(&'static str),
}

/// Positions of the columns we read, found by name so the column order may differ.
struct Columns {
    satzart: usize,
    textkennzeichen: usize,
    land: usize,
    rb: usize,
    kreis: usize,
    vb: usize,
    gemeinde: usize,
    name: usize,
    flaeche: usize,
    bevoelkerung: usize,
    postleitzahl: Option<usize>,
    laengengrad: Option<usize>,
    breitengrad: Option<usize>,
}

impl Columns {
    fn find(headers: &csv::StringRecord) -> Result<Self, RegisterError> {
        let position = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let missing: Vec<String> = REQUIRED_COLUMNS
            .iter()
            .filter(|name| position(name).is_none())
            .map(|name| (*name).to_owned())
            .collect();
        if !missing.is_empty() {
            return Err(RegisterError::MissingColumns { missing });
        }
        let required = |name: &str| position(name).unwrap_or_default();
        Ok(Self {
            satzart: required("satzart"),
            textkennzeichen: required("textkennzeichen"),
            land: required("land"),
            rb: required("rb"),
            kreis: required("kreis"),
            vb: required("vb"),
            gemeinde: required("gemeinde"),
            name: required("gemeindename"),
            flaeche: required("flaeche"),
            bevoelkerung: required("bevoelkerung"),
            postleitzahl: position("postleitzahl"),
            laengengrad: position("laengengrad"),
            breitengrad: position("breitengrad"),
        })
    }

    fn record(&self, row: &csv::StringRecord, line: usize) -> Result<Parsed, String> {
        let field = |index: usize| row.get(index).map(str::trim).unwrap_or_default();
        let optional = |index: Option<usize>| index.map(field).filter(|v| !v.is_empty());

        let kind = match field(self.satzart) {
            "10" => OrganizationKind::Land,
            "20" => return Ok(Parsed::Ignored("Regierungsbezirk")),
            "30" => return Ok(Parsed::Ignored("Region")),
            "40" => OrganizationKind::Kreis,
            "50" => OrganizationKind::Gemeindeverband,
            "60" => OrganizationKind::Gemeinde,
            "" => return Err("Satzart fehlt".into()),
            other => return Err(format!("unbekannte Satzart „{other}“")),
        };
        let name = field(self.name);
        if name.is_empty() {
            return Err("Name (gemeindename) fehlt".into());
        }
        if name.chars().count() > 200 {
            return Err("Name ist länger als 200 Zeichen".into());
        }

        let land = digits(field(self.land), 2, "land")?;
        let (ars, ags) = match kind {
            OrganizationKind::Land => (land.clone(), Some(land)),
            OrganizationKind::Kreis => {
                let key = format!(
                    "{land}{}{}",
                    digits(field(self.rb), 1, "rb")?,
                    digits(field(self.kreis), 2, "kreis")?
                );
                (key.clone(), Some(key))
            }
            OrganizationKind::Gemeindeverband => {
                let ars = format!(
                    "{land}{}{}{}",
                    digits(field(self.rb), 1, "rb")?,
                    digits(field(self.kreis), 2, "kreis")?,
                    digits(field(self.vb), 4, "vb")?
                );
                (ars, None)
            }
            _ => {
                let rb = digits(field(self.rb), 1, "rb")?;
                let kreis = digits(field(self.kreis), 2, "kreis")?;
                let vb = digits(field(self.vb), 4, "vb")?;
                let gemeinde = digits(field(self.gemeinde), 3, "gemeinde")?;
                (
                    format!("{land}{rb}{kreis}{vb}{gemeinde}"),
                    Some(format!("{land}{rb}{kreis}{gemeinde}")),
                )
            }
        };

        let designation = match field(self.textkennzeichen) {
            "" => None,
            code => {
                let parsed = code
                    .parse::<u8>()
                    .ok()
                    .and_then(|c| Designation::for_kind(kind, c));
                match (kind, parsed) {
                    (OrganizationKind::Land, _) => None,
                    (_, Some(designation)) => Some(designation),
                    (_, None) => {
                        return Err(format!("Textkennzeichen „{code}“ passt nicht zur Satzart"));
                    }
                }
            }
        };

        Ok(Parsed::Record(RegisterRecord {
            line,
            kind,
            designation,
            name: name.to_owned(),
            ars,
            ags,
            population: number(field(self.bevoelkerung), "bevoelkerung")?,
            area_km2: decimal(field(self.flaeche), "flaeche")?,
            postal_code: optional(self.postleitzahl)
                .filter(|v| v.len() == 5 && v.chars().all(|c| c.is_ascii_digit()))
                .map(str::to_owned),
            longitude: optional(self.laengengrad)
                .map(|v| decimal(v, "laengengrad"))
                .transpose()?
                .flatten(),
            latitude: optional(self.breitengrad)
                .map(|v| decimal(v, "breitengrad"))
                .transpose()?
                .flatten(),
        }))
    }
}

/// A key part of exactly `len` digits.
fn digits(value: &str, len: usize, column: &str) -> Result<String, String> {
    if value.len() == len && value.chars().all(|c| c.is_ascii_digit()) {
        Ok(value.to_owned())
    } else if value.is_empty() {
        Err(format!("Schlüsselteil „{column}“ fehlt"))
    } else {
        Err(format!(
            "Schlüsselteil „{column}“ muss {len} Ziffern haben, ist „{value}“"
        ))
    }
}

/// A count written with spaces as thousands separators (" 90 164").
fn number(value: &str, column: &str) -> Result<Option<i64>, String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    compact
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(Some)
        .ok_or_else(|| format!("„{column}“ ist keine Zahl: „{value}“"))
}

/// A decimal with a point (area) or a comma (coordinates).
fn decimal(value: &str, column: &str) -> Result<Option<f64>, String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    compact
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or_else(|| format!("„{column}“ ist keine Dezimalzahl: „{value}“"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\u{feff}satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,maennlich,weiblich,jekm2,postleitzahl,laengengrad,breitengrad\n";

    fn parse(rows: &str) -> Result<RegisterFile, RegisterError> {
        RegisterFile::parse(format!("{HEADER}{rows}").as_bytes())
    }

    #[test]
    fn reads_each_level_with_its_keys() {
        let file = parse(concat!(
            "10,,01,,,,,Schleswig-Holstein,,,,,,,,\n",
            "20,,01,0,,,,RB,,,,,,,,\n",
            "40,41,01,0,02,,,\"Kiel, Landeshauptstadt\",,,,,,,,\n",
            "50,50,01,0,02,0000,,\"Kiel, Landeshauptstadt\",,,,,,,,\n",
            "60,61,01,0,02,0000,000,\"Kiel, Landeshauptstadt\", 118.65, 247 717, 1, 1, 1,24103,\"10,13489\",\"54,32133\"\n",
        ))
        .expect("valid register");
        assert!(file.bad_rows.is_empty(), "{:?}", file.bad_rows);
        assert_eq!(file.ignored.get("Regierungsbezirk"), Some(&1));
        let kiel = &file.records[3];
        assert_eq!(kiel.kind, OrganizationKind::Gemeinde);
        assert_eq!(kiel.ars, "010020000000");
        assert_eq!(kiel.ags.as_deref(), Some("01002000"));
        assert_eq!(kiel.population, Some(247_717));
        assert_eq!(kiel.area_km2, Some(118.65));
        assert_eq!(kiel.postal_code.as_deref(), Some("24103"));
        assert_eq!(kiel.latitude, Some(54.32133));
        assert_eq!(kiel.kreis_ars(), Some("01002"));
        assert_eq!(kiel.gemeindeverband_ars(), Some("010020000"));
        assert_eq!(kiel.line, 6);
        assert_eq!(file.records[1].ars, "01002");
        assert_eq!(
            file.records[1].designation.map(Designation::label),
            Some("Kreisfreie Stadt")
        );
        assert_eq!(file.records[2].ars, "010020000");
        assert_eq!(file.records[2].ags, None);
    }

    #[test]
    fn bad_rows_are_reported_with_line_and_reason_and_the_rest_is_kept() {
        let file = parse(concat!(
            "10,,01,,,,,Schleswig-Holstein,,,,,,,,\n",
            "60,64,01,0,5,0000,001,Irgendwo,,,,,,,,\n",
            "60,64,01,0,55,0000,002,,,,,,,,,\n",
            "60,64,01,0,55,0000,003,Zahlendorf,, viele,,,,,,\n",
            "99,,01,,,,,Unbekannt,,,,,,,,\n",
            "60,44,01,0,55,0000,004,Falschform,,,,,,,,\n",
        ))
        .expect("one valid row is enough");
        assert_eq!(file.records.len(), 1);
        let lines: Vec<usize> = file.bad_rows.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert!(
            file.bad_rows[0].reason.contains("kreis"),
            "{}",
            file.bad_rows[0].reason
        );
        assert!(file.bad_rows[1].reason.contains("Name"));
        assert!(file.bad_rows[2].reason.contains("bevoelkerung"));
        assert!(file.bad_rows[3].reason.contains("Satzart"));
        assert!(file.bad_rows[4].reason.contains("Textkennzeichen"));
    }

    #[test]
    fn a_file_without_the_register_columns_is_refused() {
        let error = RegisterFile::parse(b"name,einwohner\nKiel,247717\n").unwrap_err();
        let RegisterError::MissingColumns { missing } = &error else {
            panic!("expected missing columns, got {error:?}");
        };
        assert!(missing.contains(&"satzart".to_owned()));
        assert!(error.to_string().contains("kein Gemeindeverzeichnis"));
    }

    #[test]
    fn latin1_is_refused_with_the_line() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(
            b"10,,01,,,,,Schleswig-Holstein,,,,,,,,\n60,64,01,0,55,0000,003,M\xfchlen,,,,,,,,\n",
        );
        assert_eq!(
            RegisterFile::parse(&bytes).unwrap_err(),
            RegisterError::Encoding { line: 3 }
        );
    }

    /// Found by the fuzz target `register`: with `\r` line ends every bad row was on line 1.
    #[test]
    fn rows_are_counted_with_any_line_ends() {
        let rows = [
            HEADER.trim_end(),
            "10,,01,,,,,Schleswig-Holstein,,,,,,,,",
            "60,64,01,0,5,0000,001,Irgendwo,,,,,,,,",
            "60,64,01,0,55,0000,002,,,,,,,,,",
        ];
        for end in ["\n", "\r\n", "\r"] {
            let file = RegisterFile::parse(rows.join(end).as_bytes()).expect("one valid row");
            assert_eq!(file.records[0].line, 2, "{end:?}");
            let lines: Vec<usize> = file.bad_rows.iter().map(|e| e.line).collect();
            assert_eq!(lines, vec![3, 4], "{end:?}");
        }
        let mut bytes = rows[..3].join("\r").into_bytes();
        bytes.extend_from_slice(b"\r\n60,64,01,0,55,0000,003,M\xfchlen,,,,,,,,\n");
        assert_eq!(
            RegisterFile::parse(&bytes).unwrap_err(),
            RegisterError::Encoding { line: 4 }
        );
    }

    #[test]
    fn empty_and_header_only_files_are_refused() {
        assert_eq!(RegisterFile::parse(b"").unwrap_err(), RegisterError::Empty);
        assert_eq!(
            RegisterFile::parse(HEADER.as_bytes()).unwrap_err(),
            RegisterError::NoRows
        );
        assert_eq!(
            parse("60,64,01,0,5,0000,001,Irgendwo,,,,,,,,\n").unwrap_err(),
            RegisterError::NothingValid { bad: 1 }
        );
    }
}
