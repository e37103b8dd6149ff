//! The organization directory: list with search and filters, and the detail page.

pub mod detail;
pub mod list;

pub use detail::OrganizationDetailPage;
pub use list::OrganizationListPage;
