//! The shared scenarios (`tests/scenarios/*.json`): declarative API walks every binding runs.
//! This is the Rust runner; `cli/tests/scenarios.rs` runs every file through it and
//! `smtpprovider scenario FILE...` runs chosen ones from a shell.

mod format;
mod matching;
mod runner;
mod vars;

use std::path::Path;

use smtpprovider_sandbox::{Sandbox, SandboxConfig};

use crate::network::Network;

pub use format::{ClientOptions, ExpectedError, Scenario, Step};
pub use runner::{run, StepFailure};

/// Reads and parses a scenario file.
pub fn load(path: &Path) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a valid scenario: {e}", path.display()))
}

/// Runs the scenario in `path` against a sandbox of its own, started for it and stopped after,
/// reaching it through `network`. Returns how many steps ran, or the file and the step that failed.
pub async fn run_on_fresh_sandbox(path: &Path, network: &Network) -> Result<usize, String> {
    let scenario = load(path)?;
    let sandbox = Sandbox::start(SandboxConfig::default())
        .map_err(|e| format!("cannot start a sandbox: {e}"))?;
    run(&scenario, sandbox.base_url(), network)
        .await
        .map_err(|failure| format!("{}: {failure}", path.display()))
}
