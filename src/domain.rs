//! Domain types and rules. No I/O here: everything compiles to wasm and is tested without a database.

pub mod organization;
pub mod page;
pub mod text;
