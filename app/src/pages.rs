//! Pages, one folder per area.

pub mod home;
pub mod not_found;
pub mod organizations;
