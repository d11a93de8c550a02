//! Scripted faults, observed by a real HTTP client: status answers, delays, truncated bodies and
//! dropped connections.

mod common;

use std::time::{Duration, Instant};

use common::{start, Session};
use reqwest::{Method, StatusCode};
use serde_json::json;
use smtpprovider_sandbox::{FaultAction, FaultSpec};

/// A client that never reuses a connection, so a cut connection cannot be mistaken for a stale one.
fn fresh_client() -> reqwest::Client {
    common::install_crypto_provider();
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Sends raw bytes and reads until the server closes (bounded).
async fn raw_exchange(addr: std::net::SocketAddr, request: String) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server neither answered nor closed");
    answer
}

#[tokio::test]
async fn status_fault_answers_an_html_page_without_processing() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let fault = session
        .sandbox(
            Method::POST,
            "/_sandbox/faults",
            Some(json!({"path": "/api/v1/smtp-mailing-add", "kind": "status", "status": 502, "body": "<html><body>Bad Gateway</body></html>", "content_type": "text/html", "headers": {"Retry-After": "1"}})),
        )
        .await;
    assert_eq!(fault.status, StatusCode::CREATED);
    assert_eq!(fault.body["fault"]["path"], "/v1/smtp-mailing-add");
    let answer = session
        .post("/v1/smtp-mailing-add", json!({"name": "Never"}))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(answer.body, "<html><body>Bad Gateway</body></html>");
    assert_eq!(answer.headers["content-type"], "text/html");
    assert_eq!(answer.headers["retry-after"], "1");
    let lists = session.get("/v1/smtp-mailing-list", json!({})).await;
    assert!(
        lists.data()["mailing_list"].as_array().unwrap().is_empty(),
        "the faulted request was not processed"
    );
    let log = sandbox.requests(Some("/v1/smtp-mailing-add"));
    assert_eq!((log[0].status, log[0].fault), (Some(502), Some("status")));
}

#[tokio::test]
async fn status_fault_defaults_and_times_and_method() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let status = FaultAction::Status {
        status: 503,
        body: None,
        content_type: None,
        headers: Default::default(),
    };
    sandbox
        .add_fault(
            FaultSpec::new("/v1/smtp-domain-list", status)
                .times(2)
                .method("GET"),
        )
        .unwrap();
    assert_eq!(sandbox.faults()[0].times, 2);
    // A POST does not match a GET fault.
    assert_eq!(
        session
            .raw(Method::POST, "/v1/smtp-domain-list", json!({}))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    for _ in 0..2 {
        let answer = session.get("/v1/smtp-domain-list", json!({})).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.body, json!({"message": "Service Unavailable"}));
    }
    session.get("/v1/smtp-domain-list", json!({})).await.data();
    assert!(sandbox.faults().is_empty());
}

#[tokio::test]
async fn delay_fault_waits_then_processes() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    sandbox
        .add_fault(FaultSpec::new(
            "/v1/smtp-mailing-add",
            FaultAction::Delay { delay_ms: 400 },
        ))
        .unwrap();
    let started = Instant::now();
    let answer = session
        .post("/v1/smtp-mailing-add", json!({"name": "Slow"}))
        .await;
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(400), "took {took:?}");
    assert_eq!(answer.data()["mailing"]["name"], "Slow");
    let started = Instant::now();
    session
        .post("/v1/smtp-mailing-add", json!({"name": "Fast"}))
        .await
        .data();
    assert!(started.elapsed() < Duration::from_millis(400));
}

#[tokio::test]
async fn truncate_fault_processes_then_cuts_the_body() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    sandbox
        .add_fault(FaultSpec::new(
            "/v1/smtp-mailing-add",
            FaultAction::Truncate,
        ))
        .unwrap();
    let outcome = async {
        let response = fresh_client()
            .post(format!("{}/v1/smtp-mailing-add", session.base))
            .bearer_auth(&session.token)
            .header("Content-Type", "application/json")
            .body(json!({"user_id": session.user_id, "name": "Cut"}).to_string())
            .send()
            .await?;
        response.bytes().await
    }
    .await;
    assert!(
        outcome.is_err(),
        "the client must see a cut body, got {outcome:?}"
    );
    let lists = session.get("/v1/smtp-mailing-list", json!({})).await;
    assert_eq!(
        lists.data()["mailing_list"][0]["name"],
        "Cut",
        "the request was processed"
    );
    assert_eq!(
        sandbox.requests(Some("/v1/smtp-mailing-add"))[0].fault,
        Some("truncate")
    );

    // On the wire: the declared Content-Length is more than what arrives before the close.
    sandbox
        .add_fault(FaultSpec::new(
            "/v1/smtp-mailing-list",
            FaultAction::Truncate,
        ))
        .unwrap();
    let request = format!(
        "GET /api/v1/smtp-mailing-list?user_id={} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n\r\n",
        session.user_id, session.token
    );
    let answer = raw_exchange(sandbox.addr(), request).await;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let declared: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("a Content-Length header");
    assert!(
        body.len() < declared,
        "sent {} of {declared} bytes",
        body.len()
    );
}

#[tokio::test]
async fn drop_fault_closes_the_connection_without_processing() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let added = session
        .sandbox(
            Method::POST,
            "/_sandbox/faults",
            Some(json!({"path": "/v1/smtp-mailing-add", "kind": "drop"})),
        )
        .await;
    assert_eq!(added.body["fault"]["kind"], "drop");
    let outcome = fresh_client()
        .post(format!("{}/v1/smtp-mailing-add", session.base))
        .bearer_auth(&session.token)
        .header("Content-Type", "application/json")
        .body(json!({"user_id": session.user_id, "name": "Dropped"}).to_string())
        .send()
        .await;
    assert!(
        outcome.is_err(),
        "expected a connection error, got {outcome:?}"
    );
    assert!(
        session.get("/v1/smtp-mailing-list", json!({})).await.data()["mailing_list"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let log = sandbox.requests(Some("/v1/smtp-mailing-add"));
    assert_eq!((log[0].status, log[0].fault), (None, Some("drop")));
    assert_eq!(sandbox.requests(Some("/v1/smtp-mailing-add")).len(), 1);
}

#[tokio::test]
async fn faults_are_listed_cleared_and_validated() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    session
        .sandbox(
            Method::POST,
            "/_sandbox/faults",
            Some(json!({"path": "/v1/a", "kind": "truncate", "times": 3})),
        )
        .await;
    let listed = session.sandbox(Method::GET, "/_sandbox/faults", None).await;
    assert_eq!(listed.body["faults"][0]["times"], 3);
    session
        .sandbox(Method::DELETE, "/_sandbox/faults", None)
        .await;
    assert!(sandbox.faults().is_empty());
    for bad in [
        json!({"path": "/v1/a", "kind": "explode"}),
        json!({"path": "/v1/a", "kind": "status", "status": 42}),
        json!({"path": "/v1/a", "kind": "delay", "delay_ms": 100_000_000}),
        json!({"kind": "drop"}),
        json!({"path": "/v1/a", "kind": "drop", "times": 0}),
    ] {
        let answer = session
            .sandbox(Method::POST, "/_sandbox/faults", Some(bad.clone()))
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
}
