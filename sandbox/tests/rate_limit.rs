//! Laravel's `throttle:api` emulation: a per-token (per-IP without one) budget per minute.

mod common;

use common::{start, start_with, token_generate, Session};
use reqwest::{Method, StatusCode};
use serde_json::json;
use smtpprovider_sandbox::{SandboxConfig, API_RATE_LIMIT_PER_MINUTE};

#[tokio::test]
async fn each_token_has_its_own_budget_and_429_says_when_to_retry() {
    let sandbox = start_with(SandboxConfig {
        rate_limit_per_minute: 3,
        ..SandboxConfig::default()
    });
    let first = Session::demo(&sandbox).await;
    let second = Session::demo(&sandbox).await;
    for remaining in ["2", "1", "0"] {
        let answer = first.get("/v1/smtp-domain-list", json!({})).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.headers["x-ratelimit-limit"], "3");
        assert_eq!(answer.headers["x-ratelimit-remaining"], remaining);
    }
    let limited = first.get("/v1/smtp-domain-list", json!({})).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.body, json!({"message": "Too Many Attempts."}));
    let retry_after: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(limited.headers["x-ratelimit-remaining"], "0");

    second.get("/v1/smtp-domain-list", json!({})).await.data();
    // Sandbox routes are never limited, and throttled requests are logged.
    for _ in 0..5 {
        assert_eq!(
            first
                .sandbox(Method::GET, "/_sandbox/health", None)
                .await
                .status,
            StatusCode::OK
        );
    }
    assert!(sandbox
        .requests(Some("/v1/smtp-domain-list"))
        .iter()
        .any(|r| r.status == Some(429)));
}

#[tokio::test]
async fn an_in_process_sandbox_is_not_throttled_unless_asked() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    for _ in 0..API_RATE_LIMIT_PER_MINUTE + 10 {
        let answer = session.get("/v1/smtp-domain-list", json!({})).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.headers.get("x-ratelimit-limit").is_none());
    }

    let throttled = start_with(SandboxConfig {
        rate_limit_per_minute: API_RATE_LIMIT_PER_MINUTE,
        ..SandboxConfig::default()
    });
    let session = Session::demo(&throttled).await;
    let answer = session.get("/v1/smtp-domain-list", json!({})).await;
    assert_eq!(answer.headers["x-ratelimit-limit"], "60");
}

#[tokio::test]
async fn requests_without_a_token_are_counted_per_ip() {
    let sandbox = start_with(SandboxConfig {
        rate_limit_per_minute: 2,
        ..SandboxConfig::default()
    });
    let login = json!({"email": "demo@example.com", "password": "wrong"});
    for _ in 0..2 {
        let answer = token_generate(&sandbox, login.clone()).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let limited = token_generate(&sandbox, login).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_limit_can_be_changed_or_turned_off_at_run_time() {
    let sandbox = start_with(SandboxConfig {
        rate_limit_per_minute: 1,
        ..SandboxConfig::default()
    });
    let session = Session::demo(&sandbox).await;
    session.get("/v1/smtp-domain-list", json!({})).await.data();
    assert_eq!(
        session.get("/v1/smtp-domain-list", json!({})).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let config = session
        .sandbox(
            Method::POST,
            "/_sandbox/config",
            Some(json!({"rate_limit": 0})),
        )
        .await;
    assert_eq!(config.body["rate_limit"], 0);
    for _ in 0..5 {
        let answer = session.get("/v1/smtp-domain-list", json!({})).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.headers.get("x-ratelimit-limit").is_none());
    }
}
