//! Runs a scenario's steps against a sandbox through `Client::call_json`.

use std::fmt;
use std::time::Duration;

use serde_json::{json, Value};
use smtpprovider::{Client, ClientBuilder};

use super::format::{ClientOptions, ExpectedError, Scenario, Step};
use super::matching::mismatch;
use super::vars::Vars;
use crate::network::Network;
use crate::sandbox_admin::SandboxAdmin;

/// The first step that did not go as written.
#[derive(Debug)]
pub struct StepFailure {
    /// The step's number, from 1.
    pub step: usize,
    /// What the step does (`call domains.add`), with its note.
    pub label: String,
    /// What went wrong, with the result that was received.
    pub detail: String,
}

impl fmt::Display for StepFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {} ({}): {}", self.step, self.label, self.detail)
    }
}

/// A scenario in progress: its client, the options it was built with, the saved variables.
struct Run<'a> {
    base_url: &'a str,
    network: &'a Network,
    admin: SandboxAdmin,
    options: ClientOptions,
    client: Client,
    vars: Vars,
}

/// Runs every step against the sandbox at `base_url` (which should be fresh: the steps assume a
/// new sandbox with the demo user), every client reaching it through `network`. Returns how many
/// steps ran.
pub async fn run(
    scenario: &Scenario,
    base_url: &str,
    network: &Network,
) -> Result<usize, StepFailure> {
    let setup_failure = |detail: String| StepFailure {
        step: 0,
        label: "setup".into(),
        detail,
    };
    let admin = SandboxAdmin::new(base_url, network).map_err(setup_failure)?;
    let options = scenario.client.clone();
    let client =
        build(network.builder(base_url), &options).map_err(|e| setup_failure(e.to_string()))?;
    let mut run = Run {
        base_url,
        network,
        admin,
        options,
        client,
        vars: Vars::default(),
    };
    for (index, step) in scenario.steps.iter().enumerate() {
        let label = label(step);
        run.step(step).await.map_err(|detail| StepFailure {
            step: index + 1,
            label,
            detail,
        })?;
    }
    Ok(scenario.steps.len())
}

fn label(step: &Step) -> String {
    let what = match (&step.call, &step.sandbox, &step.client) {
        (Some(call), _, _) => format!("call {call}"),
        (_, Some(action), _) => format!("sandbox {action}"),
        _ => "client".to_owned(),
    };
    match &step.note {
        Some(note) => format!("{what}: {note}"),
        None => what,
    }
}

/// `builder` (the network's, for the sandbox) with the scenario's options; the session is added
/// by the caller.
fn with_options(mut builder: ClientBuilder, options: &ClientOptions) -> ClientBuilder {
    if let Some(ms) = options.timeout_ms {
        builder = builder.timeout(Duration::from_millis(ms));
    }
    if let Some(retries) = options.max_retries {
        builder = builder.max_retries(retries);
    }
    if let Some(pace) = options.pace_requests {
        builder = builder.pace_requests(pace);
    }
    builder
}

fn build(builder: ClientBuilder, options: &ClientOptions) -> smtpprovider::Result<Client> {
    let builder = with_options(builder, options);
    match (&options.token, options.user_id) {
        (Some(token), Some(user_id)) => builder.token(token.as_str()).user_id(user_id).build(),
        _ => builder.build(),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

impl Run<'_> {
    async fn step(&mut self, step: &Step) -> Result<(), String> {
        let kinds = [
            step.call.is_some(),
            step.sandbox.is_some(),
            step.client.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err("a step needs exactly one of \"call\", \"sandbox\" and \"client\"".into());
        }
        if step.expect_error.is_some() && step.call.is_none() {
            return Err("\"expect_error\" only goes with \"call\"".into());
        }
        let args = self.vars.interpolate(&step.args)?;
        let result = if let Some(call) = &step.call {
            match self.call(call, &args).await {
                Ok(result) => result,
                Err(error) => return check_error(step.expect_error.as_ref(), &error),
            }
        } else if let Some(action) = &step.sandbox {
            self.admin.action(action, &args).await?
        } else {
            let changes = self
                .vars
                .interpolate(step.client.as_ref().unwrap_or(&Value::Null))?;
            self.reconfigure(&changes)?;
            Value::Null
        };
        if let Some(expected) = &step.expect_error {
            return Err(format!(
                "expected a {} error, but the call succeeded with\n{}",
                expected.kind,
                pretty(&result)
            ));
        }
        if let Some(expected) = &step.expect {
            let expected = self.vars.interpolate(expected)?;
            if let Some(difference) = mismatch(&expected, &result) {
                return Err(format!(
                    "{difference}\nexpected (subset):\n{}\nreceived:\n{}",
                    pretty(&expected),
                    pretty(&result)
                ));
            }
        }
        if let Some(name) = &step.save {
            self.vars.set(name, result);
        }
        Ok(())
    }

    /// One API call; `client.login` replaces the client and answers `{"token", "user"}`.
    async fn call(&mut self, call: &str, args: &Value) -> smtpprovider::Result<Value> {
        if call != "client.login" {
            return self.client.call_json(call, args).await;
        }
        let client = with_options(self.network.builder(self.base_url), &self.options)
            .login_json(args)
            .await?;
        let result = json!({
            "token": client.token().map(|t| t.expose().to_owned()),
            "user": client.user(),
        });
        self.client = client;
        Ok(result)
    }

    /// A `client` step: new options over the current ones, keeping the session unless it names one.
    fn reconfigure(&mut self, changes: &Value) -> Result<(), String> {
        let changes: ClientOptions = serde_json::from_value(changes.clone())
            .map_err(|e| format!("bad client options: {e}"))?;
        let mut options = ClientOptions {
            timeout_ms: changes.timeout_ms.or(self.options.timeout_ms),
            max_retries: changes.max_retries.or(self.options.max_retries),
            pace_requests: changes.pace_requests.or(self.options.pace_requests),
            token: changes.token.clone(),
            user_id: changes.user_id,
        };
        if options.token.is_none() && options.user_id.is_none() {
            options.token = self.client.token().map(|t| t.expose().to_owned());
            options.user_id = self.client.user_id();
        }
        self.client = build(self.network.builder(self.base_url), &options)
            .map_err(|e| format!("cannot build the client: {e}"))?;
        // The session lives in the client; the options keep only what later logins reuse.
        self.options = ClientOptions {
            token: None,
            user_id: None,
            ..options
        };
        Ok(())
    }
}

/// Compares a call's error with the step's `expect_error`.
fn check_error(
    expected: Option<&ExpectedError>,
    error: &smtpprovider::Error,
) -> Result<(), String> {
    let got = format!(
        "{} error (HTTP status {:?}): {error}",
        error.kind(),
        error.status()
    );
    let Some(expected) = expected else {
        return Err(format!("unexpected {got}"));
    };
    if error.kind().as_str() != expected.kind {
        return Err(format!("expected a {} error, got a {got}", expected.kind));
    }
    if let Some(status) = expected.status {
        if error.status() != Some(status) {
            return Err(format!("expected HTTP status {status}, got a {got}"));
        }
    }
    if let Some(message) = &expected.message {
        if !error.to_string().contains(message.as_str()) {
            return Err(format!(
                "expected the message to contain {message:?}, got a {got}"
            ));
        }
    }
    Ok(())
}
