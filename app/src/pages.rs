//! Pages, one module or folder per area.

pub mod account;
pub mod admin;
pub mod agenda;
pub mod chair;
pub mod committee;
pub mod demands;
pub mod home;
pub mod inbox;
pub mod meetings;
pub mod minutes;
pub mod not_found;
pub mod organizations;
pub mod series;
pub mod sign_in;
pub mod tokens;
pub mod topics;
