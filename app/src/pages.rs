//! Pages, one module or folder per area.

pub mod account;
pub mod admin;
pub mod committee;
pub mod home;
pub mod not_found;
pub mod organizations;
pub mod sign_in;
