//! The Destatis municipality register (Gemeindeverzeichnis): parsing the CSV and importing it.

pub mod destatis;
pub mod import;

pub use destatis::{RegisterError, RegisterFile, RegisterRecord, RowError};
pub use import::{ImportProgress, ImportSummary, import_register};
