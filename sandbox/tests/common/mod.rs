//! Shared by the integration tests: start a sandbox, log in, and call the API over real HTTP.
#![allow(dead_code)] // each test file uses a different part of this module

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use smtpprovider_sandbox::{MessageKind, OutboxFilter, Sandbox, SandboxConfig};

/// A sandbox as `SandboxConfig::default()` makes it: no rate limiting (tests that are about
/// limiting configure their own).
pub fn start() -> Sandbox {
    start_with(SandboxConfig::default())
}

pub fn start_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config).expect("the sandbox starts")
}

/// Chooses ring for reqwest's rustls (the workspace builds reqwest without a provider of its own,
/// as the SDK hands it a built config); once per process, later calls find it installed.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub fn http() -> reqwest::Client {
    install_crypto_provider();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A decoded answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// `data` of a success envelope, after checking it is one.
    pub fn data(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        assert_eq!(self.body["success"], true, "body: {}", self.body);
        &self.body["data"]
    }

    /// The messages of an error envelope with this status.
    pub fn errors(&self, status: u16) -> Vec<String> {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.body["success"], false, "body: {}", self.body);
        self.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_string())
            .collect()
    }
}

/// Sends one request; GET input goes in the query string, anything else as a JSON body.
pub async fn call(
    http: &reqwest::Client,
    base: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    input: Value,
) -> Answer {
    let mut request = http
        .request(method.clone(), format!("{base}{path}"))
        .header("Accept", "application/json");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request = if method == Method::GET {
        let pairs: Vec<(String, String)> = input
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str().map_or_else(|| v.to_string(), str::to_string),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        request.query(&pairs)
    } else {
        request
            .header("Content-Type", "application/json")
            .body(input.to_string())
    };
    answer_of(request.send().await.expect("the request is answered")).await
}

/// The response decoded; a body that is not JSON is kept as a string.
async fn answer_of(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        headers,
        body,
    }
}

/// `POST /smtp-token-generate` with `body`, without a token.
pub async fn token_generate(sandbox: &Sandbox, body: Value) -> Answer {
    call(
        &http(),
        sandbox.base_url(),
        Method::POST,
        "/smtp-token-generate",
        None,
        body,
    )
    .await
}

/// A logged-in user of a running sandbox.
pub struct Session {
    pub http: reqwest::Client,
    pub base: String,
    pub root: String,
    pub token: String,
    pub user_id: u64,
}

impl Session {
    pub async fn login(sandbox: &Sandbox, email: &str, password: &str) -> Session {
        let answer = token_generate(sandbox, json!({"email": email, "password": password})).await;
        assert_eq!(answer.status, StatusCode::OK, "login: {}", answer.body);
        Session {
            token: answer.body["token"].as_str().unwrap().to_string(),
            user_id: answer.body["user"]["id"].as_u64().unwrap(),
            http: http(),
            base: sandbox.base_url().to_string(),
            root: sandbox.root_url().to_string(),
        }
    }

    pub async fn demo(sandbox: &Sandbox) -> Session {
        Session::login(sandbox, "demo@example.com", "demo-password").await
    }

    /// A new user of `sandbox`, logged in.
    pub async fn new_user(sandbox: &Sandbox, email: &str) -> Session {
        sandbox.create_user(email, "pw", None).unwrap();
        Session::login(sandbox, email, "pw").await
    }

    /// GET with the token and `user_id` added to `query`.
    pub async fn get(&self, path: &str, query: Value) -> Answer {
        self.raw(Method::GET, path, self.with_user_id(query)).await
    }

    /// POST with the token and `user_id` added to `body`.
    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.raw(Method::POST, path, self.with_user_id(body)).await
    }

    /// `input` with this session's `user_id`, unless it names one itself.
    fn with_user_id(&self, mut input: Value) -> Value {
        input
            .as_object_mut()
            .unwrap()
            .entry("user_id")
            .or_insert(json!(self.user_id));
        input
    }

    /// Sends exactly `input`, nothing added.
    pub async fn raw(&self, method: Method, path: &str, input: Value) -> Answer {
        call(
            &self.http,
            &self.base,
            method,
            path,
            Some(&self.token),
            input,
        )
        .await
    }

    /// A sandbox-only route.
    pub async fn sandbox(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.root));
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        answer_of(request.send().await.unwrap()).await
    }

    /// Adds a domain and returns it.
    pub async fn add_domain(&self, name: &str) -> Value {
        self.post("/v1/smtp-domain-add", json!({"domain_name": name}))
            .await
            .data()["domain"]
            .clone()
    }

    /// Adds a sender (without a name) on one of this user's domains.
    pub async fn add_sender(&self, domain: &str, from_email: &str) -> Answer {
        self.post(
            "/v1/smtp-domain-sender-add",
            json!({"domain_name": domain, "from_email": from_email}),
        )
        .await
    }

    /// Adds a domain, publishes its DKIM record in the sandbox zone and verifies it.
    pub async fn verified_domain(&self, sandbox: &Sandbox, name: &str) -> Value {
        let domain = self.add_domain(name).await;
        sandbox
            .publish_dns(
                domain["host"].as_str().unwrap(),
                domain["public_key"].as_str().unwrap(),
            )
            .unwrap();
        let verify = self
            .get("/v1/smtp-domain-verify", json!({"domain_name": name}))
            .await;
        assert_eq!(verify.data()["success"], true, "{}", verify.body);
        domain
    }

    /// A verified sender on a verified domain, verified through its outbox link.
    pub async fn verified_sender(
        &self,
        sandbox: &Sandbox,
        domain: &str,
        from_email: &str,
    ) -> Value {
        self.verified_domain(sandbox, domain).await;
        let added = self
            .post(
                "/v1/smtp-domain-sender-add",
                json!({"domain_name": domain, "from_email": from_email, "sender_name": "News"}),
            )
            .await;
        let sender = added.data()["sender"].clone();
        self.post(
            "/v1/smtp-domain-sender-verify",
            json!({"from_email": from_email}),
        )
        .await
        .data();
        let link = verification_link(sandbox, from_email);
        let followed = self.http.get(&link).send().await.unwrap();
        assert_eq!(followed.status(), StatusCode::OK);
        sender
    }

    /// A mailing list with `count` generated subscribers; returns its id.
    pub async fn mailing_list(&self, sandbox: &Sandbox, name: &str, count: usize) -> u64 {
        let list = self
            .post("/v1/smtp-mailing-add", json!({"name": name}))
            .await
            .data()["mailing"]
            .clone();
        let id = list["id"].as_u64().unwrap();
        if count > 0 {
            sandbox
                .add_subscribers(id, smtpprovider_sandbox::Subscribers::Count(count))
                .unwrap();
        }
        id
    }
}

/// The link of the latest verification message to `to`.
pub fn verification_link(sandbox: &Sandbox, to: &str) -> String {
    let filter = OutboxFilter {
        to: Some(to.to_string()),
        kind: Some(MessageKind::SenderVerification),
        campaign_id: None,
    };
    let messages = sandbox.outbox(&filter);
    messages
        .last()
        .and_then(|m| m.link.clone())
        .expect("a verification message")
}
