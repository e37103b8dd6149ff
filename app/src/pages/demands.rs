//! Demands (Bedarfe): the list with search and filters, the form to raise one with similar
//! demands suggested while typing, the demand page with co-signatures and timeline, and an
//! organization's dashboard.

pub mod categories;
pub mod dashboard;
pub mod detail;
pub mod form;
pub mod labels;
pub mod list;

pub use categories::CategoriesPage;
pub use dashboard::DashboardPage;
pub use detail::DemandPage;
pub use form::NewDemandPage;
pub use list::DemandListPage;
