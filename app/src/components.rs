//! Widgets shared by pages.

pub mod access;
pub mod form;
pub mod kind_label;
pub mod layout;
pub mod page_title;
pub mod pager;
pub mod routed;
pub mod search_form;
