//! Any file given to the register importer is read or refused with a typed reason, never a
//! panic; what it reads keeps the register's rules (keys of the right length for their level,
//! a name, numbers that are numbers), so the import that follows cannot fail on it.

#![no_main]

use gremium::domain::organization::OrganizationKind;
use gremium::register::destatis::REQUIRED_COLUMNS;
use gremium::register::{RegisterError, RegisterFile, RegisterRecord};
use libfuzzer_sys::fuzz_target;

/// The register's header, put before the input when that starts with the byte 0x01 (which no
/// CSV file does): mutations of such an input exercise the rows instead of breaking the header.
const HEADER: &str = "satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,postleitzahl,laengengrad,breitengrad\n";

fn digits(key: &str, len: usize) -> bool {
    key.len() == len && key.bytes().all(|b| b.is_ascii_digit())
}

fn check_record(record: &RegisterRecord) {
    assert!(record.line > 1, "{record:?}");
    assert!(
        !record.name.is_empty()
            && record.name.trim() == record.name
            && record.name.chars().count() <= 200,
        "{record:?}"
    );
    let (ars_len, ags_len) = match record.kind {
        OrganizationKind::Land => (2, Some(2)),
        OrganizationKind::Kreis => (5, Some(5)),
        OrganizationKind::Gemeindeverband => (9, None),
        OrganizationKind::Gemeinde => (12, Some(8)),
        other => panic!("the register has no {other:?}: {record:?}"),
    };
    assert!(digits(&record.ars, ars_len), "{record:?}");
    assert_eq!(record.ags.as_ref().map(String::len), ags_len, "{record:?}");
    if let Some(ags) = &record.ags {
        assert!(digits(ags, ags.len()), "{record:?}");
    }
    // The parents' keys are prefixes of the record's own.
    assert!(record.ars.starts_with(record.land_ars()));
    if let Some(kreis) = record.kreis_ars() {
        assert!(record.ars.starts_with(kreis) && kreis.len() == 5);
    }
    if let Some(verband) = record.gemeindeverband_ars() {
        assert!(record.ars.starts_with(verband) && verband.len() == 9);
    }
    if record.kind == OrganizationKind::Land {
        assert_eq!(record.designation, None);
    }
    assert!(record.population.is_none_or(|n| n >= 0), "{record:?}");
    for number in [record.area_km2, record.longitude, record.latitude] {
        assert!(number.is_none_or(f64::is_finite), "{record:?}");
    }
    if let Some(code) = &record.postal_code {
        assert!(digits(code, 5), "{record:?}");
    }
}

fn check_error(bytes: &[u8], error: &RegisterError) {
    assert!(!error.to_string().is_empty());
    match error {
        RegisterError::Empty => assert!(bytes.iter().all(u8::is_ascii_whitespace)),
        RegisterError::Encoding { line } => {
            let Err(invalid) = std::str::from_utf8(bytes) else {
                panic!("valid UTF-8 refused as {error:?}");
            };
            // Lines end at `\n`, `\r\n` or a lone `\r` (old Mac files).
            let before =
                String::from_utf8_lossy(&bytes[..invalid.valid_up_to()]).replace("\r\n", "\n");
            assert_eq!(*line, 1 + before.matches(['\n', '\r']).count());
        }
        RegisterError::MissingColumns { missing } => {
            assert!(!missing.is_empty());
            assert!(missing.iter().all(|m| REQUIRED_COLUMNS.contains(&m.as_str())));
        }
        RegisterError::Malformed { line, reason } => assert!(*line >= 1 && !reason.is_empty()),
        RegisterError::NoRows | RegisterError::NothingValid { .. } => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let bytes = match data.split_first() {
        Some((1, rows)) => [HEADER.as_bytes(), rows].concat(),
        _ => data.to_vec(),
    };
    match RegisterFile::parse(&bytes) {
        Ok(file) => {
            assert!(!file.records.is_empty());
            for record in &file.records {
                check_record(record);
            }
            for row in &file.bad_rows {
                assert!(row.line > 1 && !row.reason.is_empty(), "{row:?}");
            }
            let lines: Vec<usize> = file.records.iter().map(|r| r.line).collect();
            assert!(lines.is_sorted(), "{lines:?}");
        }
        Err(error) => check_error(&bytes, &error),
    }
});
