//! The `/_sandbox` routes over HTTP: health, users, config, clock, DNS, subscribers, request log, reset.

mod common;

use common::{start, Session};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn health_users_and_config() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let health = session.sandbox(Method::GET, "/_sandbox/health", None).await;
    assert_eq!(
        (health.status, health.body.clone()),
        (StatusCode::OK, json!({"status": "ok"}))
    );

    let created = session
        .sandbox(
            Method::POST,
            "/_sandbox/users",
            Some(json!({"email": "new@example.com", "password": "pw", "name": "New"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["user"]["name"], "New");
    Session::login(&sandbox, "new@example.com", "pw").await;
    let duplicate = session
        .sandbox(
            Method::POST,
            "/_sandbox/users",
            Some(json!({"email": "new@example.com", "password": "pw"})),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    let invalid = session
        .sandbox(
            Method::POST,
            "/_sandbox/users",
            Some(json!({"email": "nope"})),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);

    let config = session
        .sandbox(
            Method::POST,
            "/_sandbox/config",
            Some(json!({"rate_limit": 5})),
        )
        .await;
    assert_eq!(config.body["rate_limit"], 5);
    assert_eq!(sandbox.config().rate_limit, 5);
    assert_eq!(
        session
            .sandbox(Method::GET, "/_sandbox/config", None)
            .await
            .body["rate_limit"],
        5
    );

    let wrong_method = session
        .sandbox(Method::DELETE, "/_sandbox/health", None)
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        session
            .sandbox(Method::GET, "/_sandbox/nothing", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn clock_moves_and_can_be_set() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let before = session.sandbox(Method::GET, "/_sandbox/clock", None).await;
    assert_eq!(before.body["offset_seconds"], 0);
    let moved = session
        .sandbox(
            Method::POST,
            "/_sandbox/clock",
            Some(json!({"advance_seconds": 86400})),
        )
        .await;
    assert_eq!(moved.body["offset_seconds"], 86400);
    let set = session
        .sandbox(
            Method::POST,
            "/_sandbox/clock",
            Some(json!({"set": "2030-01-02 03:04:05"})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK);
    let now = set.body["now"].as_str().unwrap();
    assert!(now.starts_with("2030-01-02 03:04:0"), "{now}");
    // New records are stamped with the sandbox clock.
    let list = session
        .post("/v1/smtp-mailing-add", json!({"name": "Dated"}))
        .await;
    assert!(list.data()["mailing"]["created_at"]
        .as_str()
        .unwrap()
        .starts_with("2030-01-02"));
    for bad in [
        json!({}),
        json!({"set": "tomorrow"}),
        json!({"advance_seconds": i64::MAX}),
        json!({"advance_seconds": 1, "set": "2030-01-02 03:04:05"}),
    ] {
        let answer = session
            .sandbox(Method::POST, "/_sandbox/clock", Some(bad.clone()))
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
}

#[tokio::test]
async fn dns_records_are_published_served_and_removed() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let long_value = format!("v=DKIM1; k=rsa; p={}", "A".repeat(400));
    let published = session
        .sandbox(
            Method::POST,
            "/_sandbox/dns",
            Some(json!({"name": "smtp._domainkey.x.example", "type": "TXT", "value": long_value})),
        )
        .await;
    assert_eq!(published.status, StatusCode::CREATED);
    assert_eq!(published.body["type"], "TXT");
    let strings = published.body["values"].as_array().unwrap();
    assert!(strings.len() >= 2 && strings.iter().all(|s| s.as_str().unwrap().len() <= 255));
    assert_eq!(
        strings
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect::<String>(),
        long_value
    );

    let split = session
        .sandbox(
            Method::POST,
            "/_sandbox/dns",
            Some(json!({"name": "split.example", "values": ["a", "b"]})),
        )
        .await;
    assert_eq!(split.body["values"], json!(["a", "b"]));
    let listed = session.sandbox(Method::GET, "/_sandbox/dns", None).await;
    assert_eq!(listed.body["records"].as_array().unwrap().len(), 2);

    let removed = session
        .sandbox(Method::DELETE, "/_sandbox/dns?name=split.example", None)
        .await;
    assert_eq!(removed.body["removed"], true);
    let again = session
        .sandbox(Method::DELETE, "/_sandbox/dns?name=split.example", None)
        .await;
    assert_eq!(again.body["removed"], false);
    assert_eq!(sandbox.dns_records().len(), 1);
    let cname = session
        .sandbox(
            Method::POST,
            "/_sandbox/dns",
            Some(json!({"name": "a.example", "type": "CNAME", "value": "b"})),
        )
        .await;
    assert_eq!(cname.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn subscribers_are_added_by_list_or_count() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let list = session.mailing_list(&sandbox, "L", 0).await;
    let emails = session.sandbox(Method::POST, "/_sandbox/subscribers", Some(json!({"mailing_list_id": list, "emails": ["a@example.com", "b@example.com", "a@example.com"]}))).await;
    assert_eq!(
        emails.body["mailing_list"]["subscribers_count"], 2,
        "duplicates are skipped"
    );
    let counted = session
        .sandbox(
            Method::POST,
            "/_sandbox/subscribers",
            Some(json!({"mailing_list_id": list, "count": 5})),
        )
        .await;
    assert_eq!(counted.body["mailing_list"]["subscribers_count"], 7);
    let missing = session
        .sandbox(
            Method::POST,
            "/_sandbox/subscribers",
            Some(json!({"mailing_list_id": 999, "count": 1})),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let too_many = session
        .sandbox(
            Method::POST,
            "/_sandbox/subscribers",
            Some(json!({"mailing_list_id": list, "count": 1_000_000})),
        )
        .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = session
        .sandbox(
            Method::POST,
            "/_sandbox/subscribers",
            Some(json!({"mailing_list_id": list, "emails": ["not an email"]})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn every_api_request_is_logged() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    session.get("/v1/smtp-domain-list", json!({})).await;
    session
        .raw(Method::POST, "/v1/smtp-domain-list", json!({}))
        .await;
    session.sandbox(Method::GET, "/_sandbox/health", None).await;
    let log = session
        .sandbox(
            Method::GET,
            "/_sandbox/requests?path=/v1/smtp-domain-list",
            None,
        )
        .await;
    let requests = log.body["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0]["method"], "GET");
    assert_eq!(requests[0]["path"], "/api/v1/smtp-domain-list");
    assert_eq!(requests[0]["query"], format!("user_id={}", session.user_id));
    assert_eq!(requests[0]["status"], 200);
    assert_eq!(requests[1]["status"], 405);
    assert!(requests[0]["fault"].is_null());
    let all = sandbox.requests(None);
    assert_eq!(all.len(), 3, "login + 2; sandbox routes are not logged");
    session
        .sandbox(Method::DELETE, "/_sandbox/requests", None)
        .await;
    assert!(sandbox.requests(None).is_empty());
}

#[tokio::test]
async fn reset_route_empties_everything() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    session.add_domain("gone.example.com").await;
    sandbox.publish_dns("x.example", "v").unwrap();
    sandbox.advance_clock(100).unwrap();
    session
        .raw(
            Method::POST,
            "/v1/smtp-welcome-mail",
            json!({"from_email": "a@example.com", "shop_name": "S"}),
        )
        .await;
    let reset = session.sandbox(Method::POST, "/_sandbox/reset", None).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert!(sandbox.dns_records().is_empty());
    assert_eq!(sandbox.clock().offset_seconds, 0);
    assert!(sandbox.outbox(&Default::default()).is_empty());
    assert!(sandbox.requests(None).is_empty());
    let fresh = Session::demo(&sandbox).await;
    assert!(
        fresh.get("/v1/smtp-domain-list", json!({})).await.data()["domains"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
