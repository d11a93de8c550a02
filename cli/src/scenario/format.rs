//! The scenario file format (documented for every language in `tests/scenarios/README.md`).

use serde::Deserialize;
use serde_json::Value;

/// One scenario file: a name, optional client options, and the steps to run in order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short name.
    pub name: String,
    /// What the scenario shows.
    #[serde(default)]
    pub description: Option<String>,
    /// Options of the client the scenario starts with (kept across logins).
    #[serde(default)]
    pub client: ClientOptions,
    /// The steps.
    pub steps: Vec<Step>,
}

/// Client options, at the top of a scenario or in a `client` step.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientOptions {
    /// Time limit of one attempt, in milliseconds.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// How many times a failed attempt may be retried.
    #[serde(default)]
    pub max_retries: Option<u32>,
    /// Whether calls are paced under the rate limit (the SDK's default: yes).
    #[serde(default)]
    pub pace_requests: Option<bool>,
    /// A bearer token to use from now on (with `user_id`), instead of the logged-in one.
    #[serde(default)]
    pub token: Option<String>,
    /// The user id to send with `token`.
    #[serde(default)]
    pub user_id: Option<u64>,
}

/// One step: exactly one of `call`, `sandbox` and `client`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Why the step is there; shown when it fails.
    #[serde(default)]
    pub note: Option<String>,
    /// An API call by table id (`domains.add`, `client.login`).
    #[serde(default)]
    pub call: Option<String>,
    /// A sandbox action (`publish_dns`, `advance_clock`, ...).
    #[serde(default)]
    pub sandbox: Option<String>,
    /// New client options (a JSON object, interpolated first); the session is kept unless
    /// `token` and `user_id` are given.
    #[serde(default)]
    pub client: Option<Value>,
    /// The call's or action's arguments.
    #[serde(default)]
    pub args: Value,
    /// What the result must contain (subset match).
    #[serde(default)]
    pub expect: Option<Value>,
    /// The error the call must fail with.
    #[serde(default)]
    pub expect_error: Option<ExpectedError>,
    /// Keep the result under this variable name.
    #[serde(default)]
    pub save: Option<String>,
}

/// An expected failure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    /// The error kind, as `smtpprovider::ErrorKind` names it (`Validation`, `NotFound`, ...).
    pub kind: String,
    /// A substring of the error's message.
    #[serde(default)]
    pub message: Option<String>,
    /// The HTTP status.
    #[serde(default)]
    pub status: Option<u16>,
}
