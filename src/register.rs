//! The Destatis municipality register (Gemeindeverzeichnis): parsing the CSV and importing it.

pub mod destatis;
#[cfg(feature = "ssr")]
pub mod import;

pub use destatis::{RegisterError, RegisterFile, RegisterRecord, RowError};
#[cfg(feature = "ssr")]
pub use import::{ImportProgress, ImportSummary, import_register};
