//! A small HTTP client for the sandbox-only `/_sandbox/...` routes (DNS, outbox, clock, users,
//! subscribers, faults). These are not API calls, so they do not go through the SDK; the quickstart
//! and the scenario runner both use this, against an embedded sandbox or one at `--base-url`.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::network::Network;

/// Longest a sandbox route may take; they answer at once, so this only guards against a hang.
const ADMIN_TIMEOUT: Duration = Duration::from_secs(30);

/// The named sandbox actions scenarios use (see `tests/scenarios/README.md`): each is one route,
/// with the step's `args` as the JSON body (or, for GET and DELETE, the query string).
const ACTIONS: &[(&str, &str, &str)] = &[
    ("create_user", "POST", "/_sandbox/users"),
    ("set_rate_limit", "POST", "/_sandbox/config"),
    ("publish_dns", "POST", "/_sandbox/dns"),
    ("remove_dns", "DELETE", "/_sandbox/dns"),
    ("add_subscribers", "POST", "/_sandbox/subscribers"),
    ("advance_clock", "POST", "/_sandbox/clock"),
    ("set_clock", "POST", "/_sandbox/clock"),
    ("inject_fault", "POST", "/_sandbox/faults"),
    ("outbox", "GET", "/_sandbox/outbox"),
];

/// The one action that takes two requests: find the newest verification message to `to`, then
/// open its link.
pub const FOLLOW_VERIFICATION_LINK: &str = "follow_verification_link";

/// The names of every sandbox action, for error messages and coverage checks.
pub fn action_names() -> Vec<&'static str> {
    ACTIONS
        .iter()
        .map(|(name, _, _)| *name)
        .chain([FOLLOW_VERIFICATION_LINK])
        .collect()
}

/// A client for one sandbox's `/_sandbox/...` routes.
#[derive(Debug, Clone)]
pub struct SandboxAdmin {
    http: reqwest::Client,
    root: String,
}

impl SandboxAdmin {
    /// The admin client of the sandbox whose API base URL is `base_url` (`http://HOST:PORT/api`),
    /// reaching it as the SDK's clients do (`--proxy`, `--ca-file`).
    pub fn new(base_url: &str, network: &Network) -> Result<Self, String> {
        let root = base_url
            .trim_end_matches('/')
            .strip_suffix("/api")
            .ok_or_else(|| {
                format!("{base_url:?} is not a sandbox API URL (it should end in /api)")
            })?
            .to_owned();
        let http = network.http_client(ADMIN_TIMEOUT)?;
        Ok(SandboxAdmin { http, root })
    }

    /// `GET` a sandbox path (or a full URL the sandbox handed out) with these query parameters.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, String> {
        self.send(Method::GET, path, query, None).await
    }

    /// `POST` a JSON body to a sandbox path.
    pub async fn post(&self, path: &str, body: &Value) -> Result<Value, String> {
        self.send(Method::POST, path, &[], Some(body)).await
    }

    /// Runs a named action (see [`ACTIONS`]) and returns the route's JSON answer.
    pub async fn action(&self, name: &str, args: &Value) -> Result<Value, String> {
        if name == FOLLOW_VERIFICATION_LINK {
            let to = args
                .get("to")
                .and_then(Value::as_str)
                .ok_or("follow_verification_link needs {\"to\": EMAIL}")?;
            return self.follow_verification_link(to).await;
        }
        let (_, method, path) = ACTIONS
            .iter()
            .find(|(action, _, _)| *action == name)
            .ok_or_else(|| {
                format!(
                    "unknown sandbox action {name:?}; the actions are {}",
                    action_names().join(", ")
                )
            })?;
        match *method {
            "POST" => self.post(path, args).await,
            method => {
                let query = query_pairs(args)?;
                let query: Vec<(&str, &str)> = query
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let method = Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
                self.send(method, path, &query, None).await
            }
        }
    }

    /// Opens the link of the newest sender-verification message to `to`; answers
    /// `{"message": "Sender verified", "sender": {...}}`.
    pub async fn follow_verification_link(&self, to: &str) -> Result<Value, String> {
        let outbox = self
            .get(
                "/_sandbox/outbox",
                &[("to", to), ("kind", "sender_verification")],
            )
            .await?;
        let link = outbox["messages"]
            .as_array()
            .and_then(|messages| messages.last())
            .and_then(|message| message["link"].as_str())
            .ok_or_else(|| format!("the outbox holds no verification link for {to}"))?
            .to_owned();
        self.get(&link, &[]).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let url = if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}{path}", self.root)
        };
        let mut request = self
            .http
            .request(method.clone(), &url)
            .header("Accept", "application/json")
            .query(query);
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("{method} {url}: {e}"))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| format!("{method} {url}: reading the answer: {e}"))?;
        if !status.is_success() {
            return Err(format!("{method} {path} answered {status}: {text}"));
        }
        serde_json::from_str(&text).map_err(|e| {
            format!("{method} {path} answered with something that is not JSON ({e}): {text}")
        })
    }
}

/// A flat JSON object as query parameters (strings as they are, other scalars as JSON text).
fn query_pairs(args: &Value) -> Result<Vec<(String, String)>, String> {
    match args {
        Value::Null => Ok(Vec::new()),
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| match value {
                Value::String(text) => Ok((key.clone(), text.clone())),
                Value::Object(_) | Value::Array(_) => {
                    Err(format!("query parameter {key:?} must be a scalar"))
                }
                other => Ok((key.clone(), other.to_string())),
            })
            .collect(),
        other => Err(format!("the arguments must be a JSON object, not {other}")),
    }
}
