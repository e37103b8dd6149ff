//! The `gremium` binary.

use std::process::ExitCode;

use clap::Parser;
use gremium_server::cli::{Cli, run};

#[tokio::main]
async fn main() -> ExitCode {
    run(Cli::parse()).await
}
