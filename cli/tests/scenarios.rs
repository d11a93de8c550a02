//! The shared scenarios (`tests/scenarios/*.json`), run by the Rust runner through
//! `Client::call_json`, each file against a sandbox of its own; and a check that together the
//! files cover every endpoint, every error kind and every sandbox action, since every binding
//! runs these same files.

use std::collections::BTreeSet;
use std::path::PathBuf;

use smtpprovider_cli::network::Network;
use smtpprovider_cli::sandbox_admin::action_names;
use smtpprovider_cli::scenario::{self, Scenario};

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

fn files_on_disk() -> BTreeSet<String> {
    std::fs::read_dir(scenarios_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect()
}

async fn run_file(name: &str) {
    match scenario::run_on_fresh_sandbox(&scenarios_dir().join(name), &Network::default()).await {
        Ok(steps) => assert!(steps > 0, "{name} has no steps"),
        Err(failure) => panic!("{failure}"),
    }
}

/// One test per file, so they run in parallel and fail by name; `FILES` lets a test check that
/// no file on disk is left without one.
macro_rules! scenario_tests {
    ($($name:ident),*) => {
        const FILES: &[&str] = &[$(concat!(stringify!($name), ".json")),*];
        $(
            #[tokio::test(flavor = "multi_thread")]
            async fn $name() {
                run_file(concat!(stringify!($name), ".json")).await;
            }
        )*
    };
}

scenario_tests!(onboarding, templates_and_lists, campaigns, errors);

#[test]
fn every_scenario_file_is_run() {
    let listed: BTreeSet<String> = FILES.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        files_on_disk(),
        listed,
        "add new scenario files to scenario_tests!"
    );
}

#[test]
fn the_scenarios_cover_every_endpoint_error_kind_and_sandbox_action() {
    let scenarios: Vec<Scenario> = files_on_disk()
        .iter()
        .map(|name| scenario::load(&scenarios_dir().join(name)).unwrap())
        .collect();
    let steps = || scenarios.iter().flat_map(|s| &s.steps);

    let called: BTreeSet<&str> = steps().filter_map(|step| step.call.as_deref()).collect();
    let missing: Vec<&str> = smtpprovider::ENDPOINTS
        .iter()
        .map(|e| e.id)
        .filter(|id| !called.contains(id))
        .collect();
    assert!(missing.is_empty(), "no scenario calls {missing:?}");

    let kinds: BTreeSet<&str> = steps()
        .filter_map(|step| step.expect_error.as_ref())
        .map(|e| e.kind.as_str())
        .collect();
    let missing: Vec<&str> = smtpprovider::ErrorKind::ALL
        .iter()
        .map(|k| k.as_str())
        .filter(|k| !kinds.contains(k))
        .collect();
    assert!(missing.is_empty(), "no scenario expects {missing:?}");

    let actions: BTreeSet<&str> = steps().filter_map(|step| step.sandbox.as_deref()).collect();
    let missing: Vec<&str> = action_names()
        .into_iter()
        .filter(|a| !actions.contains(a))
        .collect();
    assert!(
        missing.is_empty(),
        "no scenario uses the sandbox actions {missing:?}"
    );
}

#[tokio::test]
async fn a_failing_step_names_its_number_and_the_difference() {
    let scenario: Scenario = serde_json::from_value(serde_json::json!({
        "name": "broken",
        "steps": [
            {"call": "client.login", "args": {"email": "demo@example.com", "password": "demo-password"}},
            {"call": "templates.defaults", "expect": [{"name": "Welcome"}, {"name": "Newsletter"}, {"name": "Goodbye"}]}
        ]
    }))
    .unwrap();
    let sandbox =
        smtpprovider_sandbox::Sandbox::start(smtpprovider_sandbox::SandboxConfig::default())
            .unwrap();
    let failure = scenario::run(&scenario, sandbox.base_url(), &Network::default())
        .await
        .unwrap_err();
    assert_eq!(failure.step, 2);
    let shown = failure.to_string();
    assert!(shown.starts_with("step 2 (call templates.defaults): at $[2].name: expected \"Goodbye\", got \"Announcement\""), "{shown}");
    assert!(
        shown.contains("received:"),
        "the whole result is shown: {shown}"
    );
}

#[tokio::test]
async fn an_unexpected_error_or_success_fails_the_step() {
    let sandbox =
        smtpprovider_sandbox::Sandbox::start(smtpprovider_sandbox::SandboxConfig::default())
            .unwrap();
    let unexpected_error: Scenario = serde_json::from_value(serde_json::json!({
        "name": "error", "steps": [{"call": "domains.list"}]
    }))
    .unwrap();
    let failure = scenario::run(&unexpected_error, sandbox.base_url(), &Network::default())
        .await
        .unwrap_err();
    assert!(
        failure
            .detail
            .starts_with("unexpected Authentication error"),
        "{failure}"
    );

    let unexpected_success: Scenario = serde_json::from_value(serde_json::json!({
        "name": "success", "steps": [
            {"call": "client.login", "args": {"email": "demo@example.com", "password": "demo-password"}},
            {"call": "domains.list", "expect_error": {"kind": "NotFound"}}
        ]
    }))
    .unwrap();
    let failure = scenario::run(&unexpected_success, sandbox.base_url(), &Network::default())
        .await
        .unwrap_err();
    assert_eq!(failure.step, 2);
    assert!(
        failure
            .detail
            .starts_with("expected a NotFound error, but the call succeeded"),
        "{failure}"
    );
}
