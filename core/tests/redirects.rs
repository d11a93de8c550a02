//! Redirects (`docs/reliability.md`, "Redirects"): only same-origin GET redirects are followed, at most 3, with
//! the token; a redirected POST or a redirect to another origin is a `Server` error naming the
//! `Location`, never followed and never retried. The sandbox's `status` fault answers the 3xx,
//! and its request log shows what reached it.

mod common;

use serde_json::json;
use smtpprovider::{Client, Error, ErrorKind, RequestOptions};

const DOMAIN_LIST: &str = "/v1/smtp-domain-list";
const MAILING_ADD: &str = "/v1/smtp-mailing-add";
const MAILING_LIST: &str = "/v1/smtp-mailing-list";

/// Scripts `times` answers of `status` with this `Location` (none when `None`) on `path`.
async fn redirect(
    admin: &common::Admin,
    path: &str,
    status: u16,
    location: Option<&str>,
    times: u32,
) {
    let headers = location.map_or(json!({}), |l| json!({ "Location": l }));
    admin
        .fault(json!({"path": path, "kind": "status", "status": status, "headers": headers, "times": times}))
        .await;
}

/// A client that retries everything it may, POSTs included: redirects must still not repeat.
fn retrying(client: &Client) -> Client {
    client.with_options(
        RequestOptions::new()
            .max_retries(2)
            .retry_non_idempotent(true),
    )
}

/// A refused redirect: a `Server` error with its status, `Location` and reason, not retryable.
fn assert_refused(err: &Error, status: u16, location: Option<&str>, reason: &str) {
    assert_eq!(err.kind(), ErrorKind::Server, "{err}");
    assert_eq!(err.status(), Some(status), "{err}");
    assert_eq!(err.location(), location, "{err}");
    assert!(err.to_string().contains(reason), "{err}");
    if let Some(location) = location {
        assert!(
            err.to_string().contains(&format!("Location: {location}")),
            "{err}"
        );
    }
    assert!(!err.is_retryable(), "{err}");
}

fn statuses(log: &[serde_json::Value]) -> Vec<u64> {
    log.iter().filter_map(|r| r["status"].as_u64()).collect()
}

#[tokio::test]
async fn a_redirect_answering_a_post_is_a_server_error_never_followed_nor_retried() {
    let (sandbox, admin, client) = common::demo().await;
    let target = format!(
        "{}{MAILING_LIST}?user_id={}",
        sandbox.base_url(),
        client.user_id().unwrap()
    );
    for (n, status) in [301u16, 302, 303, 307, 308].into_iter().enumerate() {
        redirect(&admin, MAILING_ADD, status, Some(&target), 3).await;
        let err = retrying(&client)
            .mailing_lists()
            .add("Never created")
            .await
            .unwrap_err();
        assert_refused(&err, status, Some(&target), "redirected a POST");
        assert_eq!(err.endpoint(), Some("mailing_lists.add"));
        assert_eq!(
            admin.requests(MAILING_ADD).await.len(),
            n + 1,
            "one request, no retry"
        );
        sandbox.clear_faults();
    }
    assert!(
        admin.requests(MAILING_LIST).await.is_empty(),
        "the Location was never requested"
    );
    assert!(
        client.mailing_lists().list().await.unwrap().is_empty(),
        "nothing was created"
    );
}

#[tokio::test]
async fn same_origin_get_redirects_are_followed_with_the_token() {
    let (sandbox, admin, client) = common::demo().await;
    client.domains().add("followed.example").await.unwrap();
    let query = format!("smtp-domain-list?user_id={}", client.user_id().unwrap());
    // A relative reference, an absolute path and a full URL, all to the same origin.
    let locations = [
        query.clone(),
        format!("/api/v1/{query}"),
        format!("{}/v1/{query}", sandbox.base_url()),
    ];
    for status in [301u16, 302, 303, 307, 308] {
        for location in &locations {
            sandbox.clear_requests();
            redirect(&admin, DOMAIN_LIST, status, Some(location), 1).await;
            let domains = client.domains().list().await.unwrap();
            assert_eq!(domains.len(), 1, "{status} to {location}");
            assert_eq!(domains[0].domain_name, "followed.example");
            // The target answered 200, not 401: the hop carried the Authorization header.
            let log = admin.requests(DOMAIN_LIST).await;
            assert_eq!(
                statuses(&log),
                [u64::from(status), 200],
                "{status} to {location}"
            );
        }
    }
}

#[tokio::test]
async fn three_redirects_are_followed_and_a_fourth_is_refused_without_a_retry() {
    let (sandbox, admin, client) = common::demo().await;
    let to_itself = format!(
        "/api/v1/smtp-domain-list?user_id={}",
        client.user_id().unwrap()
    );
    redirect(&admin, DOMAIN_LIST, 302, Some(&to_itself), 3).await;
    assert!(client.domains().list().await.unwrap().is_empty());
    assert_eq!(
        statuses(&admin.requests(DOMAIN_LIST).await),
        [302, 302, 302, 200]
    );

    sandbox.clear_requests();
    // Four 302s, then the path would answer 200: a retry after the refusal would succeed.
    redirect(&admin, DOMAIN_LIST, 302, Some(&to_itself), 4).await;
    let err = retrying(&client).domains().list().await.unwrap_err();
    let resolved = format!("http://{}{to_itself}", sandbox.addr());
    assert_refused(&err, 302, Some(&resolved), "more than 3 redirects");
    assert_eq!(
        statuses(&admin.requests(DOMAIN_LIST).await),
        [302, 302, 302, 302]
    );
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_never_requested() {
    let (sandbox, admin, client) = common::demo().await;
    let other = common::sandbox();
    let port = sandbox.addr().port();
    let path = format!(
        "/api/v1/smtp-domain-list?user_id={}",
        client.user_id().unwrap()
    );
    let elsewhere = [
        format!("http://127.0.0.1:{}{path}", other.addr().port()),
        // The same server by another name is another host as far as HTTP is concerned.
        format!("http://localhost:{port}{path}"),
        format!("https://127.0.0.1:{port}{path}"),
    ];
    for (n, location) in elsewhere.iter().enumerate() {
        redirect(&admin, DOMAIN_LIST, 307, Some(location), 3).await;
        let err = retrying(&client).domains().list().await.unwrap_err();
        assert_refused(&err, 307, Some(location), "another origin");
        assert_eq!(
            admin.requests(DOMAIN_LIST).await.len(),
            n + 1,
            "followed or retried: {location}"
        );
        sandbox.clear_faults();
    }
    assert!(
        other.requests(None).is_empty(),
        "the other server saw a request"
    );
}

#[tokio::test]
async fn a_3xx_without_a_location_or_that_is_no_redirect_is_a_server_error() {
    let (sandbox, admin, client) = common::demo().await;
    redirect(&admin, DOMAIN_LIST, 302, None, 3).await;
    let err = retrying(&client).domains().list().await.unwrap_err();
    assert_refused(&err, 302, None, "without a usable Location");
    sandbox.clear_faults();
    redirect(
        &admin,
        DOMAIN_LIST,
        300,
        Some("/api/v1/smtp-sender-list"),
        3,
    )
    .await;
    let err = retrying(&client).domains().list().await.unwrap_err();
    let senders = format!("{}/v1/smtp-sender-list", sandbox.base_url());
    assert_refused(&err, 300, Some(&senders), "not a redirect the SDK follows");
    assert_eq!(
        admin.requests(DOMAIN_LIST).await.len(),
        2,
        "neither was retried"
    );
    assert!(admin.requests("/v1/smtp-sender-list").await.is_empty());
}

#[test]
fn the_blocking_client_refuses_a_redirected_post_too() {
    let sandbox = common::sandbox();
    let client = smtpprovider::blocking::Client::login(
        sandbox.base_url(),
        common::DEMO_EMAIL,
        common::DEMO_PASSWORD,
    )
    .unwrap();
    let fault = serde_json::from_value(json!({"path": MAILING_ADD, "kind": "status", "status": 302,
                                               "headers": {"Location": "/api/v1/smtp-mailing-list"}}))
    .unwrap();
    sandbox.add_fault(fault).unwrap();
    let err = client.mailing_lists().add("Never created").unwrap_err();
    let target = format!("{}/v1/smtp-mailing-list", sandbox.base_url());
    assert_refused(&err, 302, Some(&target), "redirected a POST");
    assert_eq!(sandbox.requests(Some(MAILING_ADD)).len(), 1);
}
