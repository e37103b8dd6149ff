//! The URL parameters of the lists (`/bedarfe?status=…`, `/organisationen?art=…`): parsed once,
//! shared by the pages, their server functions, the CSV export, the Atom feed and the REST API.

pub mod demands;
pub mod organizations;
