//! Widgets shared by pages.

pub mod kind_label;
pub mod layout;
pub mod pager;
