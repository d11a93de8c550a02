//! `smtpprovider-cli`: the `smtpprovider` command, a thin shell over the SDK.
//!
//! - every endpoint is a subcommand generated from the SDK's endpoint table (`table.rs`,
//!   `commands.rs`) and run through `Client::call_json`;
//! - `smtpprovider quickstart` walks the whole onboarding against an embedded sandbox;
//! - `scenario` is the Rust runner of the shared scenario files in `tests/scenarios`, which
//!   `cli/tests/scenarios.rs` runs in CI and `smtpprovider scenario FILE...` runs by hand;
//! - every client the CLI builds reaches the network as `network.rs` says (`--proxy`,
//!   `--ca-file`) with the SDK's other options as flags (`option_flags.rs`), and `logging.rs`
//!   logs to stderr (`-v`, `SMTPPROVIDER_LOG`).
//!
//! See `cli/README.md` for usage, environment variables and exit codes.

mod app;
mod commands;
pub mod failure;
mod logging;
pub mod network;
mod option_flags;
mod output;
mod quickstart;
pub mod sandbox_admin;
pub mod scenario;
mod session;
mod table;

pub use app::run;
