//! The `smtpprovider` binary; everything lives in the library (`src/app.rs`).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    smtpprovider_cli::run(std::env::args_os().collect()).await
}
