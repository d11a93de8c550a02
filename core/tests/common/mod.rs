//! Shared helpers of the integration tests: a sandbox per test (rate limiting off), its
//! `/_sandbox` routes over HTTP, and clients with short backoffs so retry tests stay quick.
#![allow(dead_code)] // each test file uses its own subset of these helpers

pub mod environment;
pub mod logs;
pub mod servers;

use std::time::Duration;

use serde_json::{json, Value};
use smtpprovider::{Client, ClientBuilder};
use smtpprovider_sandbox::{Sandbox, SandboxConfig};

pub const DEMO_EMAIL: &str = "demo@example.com";
pub const DEMO_PASSWORD: &str = "demo-password";

/// A fresh sandbox without rate limiting.
pub fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        rate_limit_per_minute: 0,
        ..Default::default()
    })
    .expect("sandbox starts")
}

/// A builder for `sandbox` whose retries wait milliseconds, not seconds.
pub fn fast_builder(sandbox: &Sandbox) -> ClientBuilder {
    Client::builder()
        .base_url(sandbox.base_url())
        .backoff(Duration::from_millis(20), Duration::from_millis(80))
        .timeout(Duration::from_secs(10))
}

/// The demo user's async client.
pub async fn demo_client(sandbox: &Sandbox) -> Client {
    fast_builder(sandbox)
        .login(DEMO_EMAIL, DEMO_PASSWORD)
        .await
        .expect("demo login")
}

/// The demo user's async client without pacing: for tests of the server's own 429s and error
/// bodies, which a paced client would wait out instead.
pub async fn unpaced_demo_client(sandbox: &Sandbox) -> Client {
    fast_builder(sandbox)
        .pace_requests(false)
        .login(DEMO_EMAIL, DEMO_PASSWORD)
        .await
        .expect("demo login")
}

/// A fresh sandbox, its admin routes and the demo user's client: what most tests start from.
/// Keep the sandbox alive for the test's length; dropping it stops the server.
pub async fn demo() -> (Sandbox, Admin, Client) {
    let sandbox = sandbox();
    let admin = Admin::new(&sandbox);
    let client = demo_client(&sandbox).await;
    (sandbox, admin, client)
}

/// The sandbox's `/_sandbox` routes, over real HTTP.
pub struct Admin {
    http: reqwest::Client,
    root: String,
}

/// A reqwest client for the tests' own plain-HTTP requests to the sandbox. It gets a TLS config
/// of its own rather than a process-wide crypto provider, so that the SDK's clients in the same
/// test still prove they need none.
pub fn plain_http() -> reqwest::Client {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .build()
        .unwrap()
}

impl Admin {
    pub fn new(sandbox: &Sandbox) -> Self {
        Admin {
            http: plain_http(),
            root: sandbox.root_url().to_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.root))
            .send()
            .await
            .expect("admin GET");
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        json_of(response).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.root))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("admin POST");
        assert!(
            response.status().is_success(),
            "POST {path} {body}: {}",
            response.status()
        );
        json_of(response).await
    }

    /// Scripts a fault (`kind` and its fields in `spec`) on an API path.
    pub async fn fault(&self, spec: Value) {
        self.post("/_sandbox/faults", spec).await;
    }

    /// The logged API requests to `path` (relative to `/api`).
    pub async fn requests(&self, path: &str) -> Vec<Value> {
        let log = self.get(&format!("/_sandbox/requests?path={path}")).await;
        log["requests"].as_array().cloned().unwrap_or_default()
    }

    /// Every logged API request.
    pub async fn all_requests(&self) -> Vec<Value> {
        let log = self.get("/_sandbox/requests").await;
        log["requests"].as_array().cloned().unwrap_or_default()
    }

    pub async fn publish_txt(&self, name: &str, value: &str) {
        self.post(
            "/_sandbox/dns",
            json!({"name": name, "type": "TXT", "value": value}),
        )
        .await;
    }

    /// Creates a user and returns its id.
    pub async fn create_user(&self, email: &str, password: &str) -> u64 {
        let created = self
            .post(
                "/_sandbox/users",
                json!({"email": email, "password": password}),
            )
            .await;
        created["user"]["id"].as_u64().expect("user id")
    }

    pub async fn outbox(&self, query: &str) -> Vec<Value> {
        let outbox = self.get(&format!("/_sandbox/outbox?{query}")).await;
        outbox["messages"].as_array().cloned().unwrap_or_default()
    }

    pub async fn set_rate_limit(&self, per_minute: u32) {
        self.post("/_sandbox/config", json!({"rate_limit": per_minute}))
            .await;
    }

    /// Follows a verification link from the outbox; returns its status.
    pub async fn follow(&self, link: &str) -> u16 {
        self.http
            .get(link)
            .send()
            .await
            .expect("follow link")
            .status()
            .as_u16()
    }
}

async fn json_of(response: reqwest::Response) -> Value {
    let bytes = response.bytes().await.expect("admin body");
    serde_json::from_slice(&bytes).expect("admin JSON")
}
