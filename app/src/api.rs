//! Server functions, one module per resource. Each is thin: read the request, call the core,
//! map the error. Every one is a public HTTP endpoint and checks its own input.

pub mod organizations;
