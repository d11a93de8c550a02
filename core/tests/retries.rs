//! The retry policy, counted in the sandbox's request log.

mod common;

use std::time::{Duration, Instant};

use serde_json::json;
use smtpprovider::{ErrorKind, RequestOptions};

const DOMAIN_LIST: &str = "/v1/smtp-domain-list";
const MAILING_ADD: &str = "/v1/smtp-mailing-add";

#[tokio::test]
async fn a_get_is_retried_on_503_until_it_succeeds() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 503, "times": 2}))
        .await;
    assert!(client.domains().list().await.unwrap().is_empty());
    let log = admin.requests(DOMAIN_LIST).await;
    let statuses: Vec<_> = log.iter().map(|r| r["status"].as_u64()).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(200)]);
}

#[tokio::test]
async fn a_get_gives_up_after_max_retries() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 503, "times": 10}))
        .await;
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(
        admin.requests(DOMAIN_LIST).await.len(),
        3,
        "1 attempt + 2 retries"
    );
}

#[tokio::test]
async fn a_post_is_not_retried_on_500() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": MAILING_ADD, "kind": "status", "status": 500}))
        .await;
    let err = client.mailing_lists().add("Once").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(
        admin.requests(MAILING_ADD).await.len(),
        1,
        "a POST that may have been processed is not repeated"
    );
}

#[tokio::test]
async fn a_post_is_retried_on_500_when_the_caller_opts_in() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": MAILING_ADD, "kind": "status", "status": 500}))
        .await;
    let list = client
        .with_options(RequestOptions::new().retry_non_idempotent(true))
        .mailing_lists()
        .add("Twice")
        .await
        .unwrap();
    assert_eq!(list.name, "Twice");
    assert_eq!(admin.requests(MAILING_ADD).await.len(), 2);
}

#[tokio::test]
async fn a_post_is_retried_on_429_after_retry_after() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": MAILING_ADD, "kind": "status", "status": 429,
                      "body": {"message": "Too Many Attempts."}, "headers": {"Retry-After": "1"}}))
        .await;
    let started = Instant::now();
    let list = client.mailing_lists().add("Throttled").await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(list.name, "Throttled");
    assert!(
        elapsed >= Duration::from_millis(950),
        "waited only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(3), "waited {elapsed:?}");
    assert_eq!(admin.requests(MAILING_ADD).await.len(), 2);
}

#[tokio::test]
async fn retry_after_ms_is_honoured() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 503, "headers": {"retry-after-ms": "400"}}))
        .await;
    let started = Instant::now();
    client.domains().list().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(390),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_over_60_seconds_is_returned_not_slept() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 429, "headers": {"Retry-After": "120"}, "times": 3}))
        .await;
    let started = Instant::now();
    let err = client.domains().list().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(admin.requests(DOMAIN_LIST).await.len(), 1);
}

#[tokio::test]
async fn no_retry_is_made_past_the_deadline() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 503, "headers": {"Retry-After": "10"}, "times": 3}))
        .await;
    let started = Instant::now();
    let err = client
        .with_options(RequestOptions::new().deadline(Duration::from_secs(3)))
        .domains()
        .list()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        admin.requests(DOMAIN_LIST).await.len(),
        1,
        "a 10 s wait does not fit in 3 s"
    );
}

#[tokio::test]
async fn the_deadline_cuts_a_slow_attempt() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "delay", "delay_ms": 5000, "times": 3}))
        .await;
    let started = Instant::now();
    let err = client
        .with_options(RequestOptions::new().deadline(Duration::from_millis(500)))
        .domains()
        .list()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_cut_response_is_retried_for_a_get_but_not_for_a_post() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "truncate"}))
        .await;
    client.domains().list().await.unwrap();
    assert_eq!(admin.requests(DOMAIN_LIST).await.len(), 2);

    admin
        .fault(json!({"path": MAILING_ADD, "kind": "truncate"}))
        .await;
    let err = client.mailing_lists().add("Cut").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert_eq!(admin.requests(MAILING_ADD).await.len(), 1);
    let lists = client.mailing_lists().list().await.unwrap();
    assert_eq!(
        lists.len(),
        1,
        "the cut POST was processed, which is why it is not repeated"
    );
}

#[tokio::test]
async fn a_dropped_get_is_retried() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "drop"}))
        .await;
    client.domains().list().await.unwrap();
    let log = admin.requests(DOMAIN_LIST).await;
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["fault"], "drop");
}

#[tokio::test]
async fn an_unbounded_deadline_or_timeout_is_accepted() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 503}))
        .await;
    let patient = client.with_options(RequestOptions::new().deadline(Duration::MAX));
    assert!(patient.domains().list().await.unwrap().is_empty());
    assert_eq!(
        admin.requests(DOMAIN_LIST).await.len(),
        2,
        "the 503 was retried"
    );

    let verify = "/v1/smtp-domain-verify";
    let not_yet =
        json!({"success": true, "data": {"success": false, "message": "DKIM record not found"}});
    let verified =
        json!({"success": true, "data": {"success": true, "message": "Verified Successfully"}});
    admin
        .fault(json!({"path": verify, "kind": "status", "status": 200, "body": not_yet}))
        .await;
    admin
        .fault(json!({"path": verify, "kind": "status", "status": 200, "body": verified}))
        .await;
    let answer = tokio::time::timeout(
        Duration::from_secs(10),
        client
            .domains()
            .wait_verified("example.com", Duration::MAX, Duration::from_millis(10)),
    )
    .await
    .expect("the second answer verifies")
    .unwrap();
    assert!(answer.verified);
    assert_eq!(admin.requests(verify).await.len(), 2);
}

/// `domains.wait_verified` through the JSON dispatch (the CLI's, the scenarios' and Node's way):
/// the durations in seconds, with the helper's checks before anything is sent.
#[tokio::test]
async fn wait_verified_by_its_id_with_json_arguments() {
    let (sandbox, admin, client) = common::demo().await;
    let domain = client.domains().add("json-wait.example").await.unwrap();
    admin
        .publish_txt(
            domain.host.as_deref().unwrap(),
            domain.public_key.as_deref().unwrap(),
        )
        .await;
    let answer = client
        .call_json(
            "domains.wait_verified",
            &serde_json::json!({"domain_name": "json-wait.example", "timeout": 5, "interval": 0.05}),
        )
        .await
        .unwrap();
    assert_eq!(answer["success"], true, "the API's shape: {answer}");

    let before = sandbox.requests(None).len();
    for args in [
        serde_json::json!({"domain_name": "json-wait.example", "interval": 0}),
        serde_json::json!({"domain_name": "json-wait.example", "timeout": -1}),
        serde_json::json!({"domain_name": "json-wait.example", "timeout": "soon"}),
        serde_json::json!({"domain_name": "json-wait.example", "every": 1}),
    ] {
        let error = client
            .call_json("domains.wait_verified", &args)
            .await
            .unwrap_err();
        assert_eq!(
            error.kind(),
            smtpprovider::ErrorKind::InvalidInput,
            "{args}: {error}"
        );
    }
    assert_eq!(sandbox.requests(None).len(), before, "nothing was sent");
}
