//! Every error kind, produced for real against the sandbox (or a closed port).

mod common;

use std::time::{Duration, Instant};

use serde_json::json;
use smtpprovider::{Client, ErrorKind, RequestOptions};

use common::{Admin, DEMO_EMAIL};

const DOMAIN_LIST: &str = "/v1/smtp-domain-list";

fn no_retries() -> RequestOptions {
    RequestOptions::new().max_retries(0)
}

#[tokio::test]
async fn a_bad_password_is_authentication() {
    let sandbox = common::sandbox();
    let err = common::fast_builder(&sandbox)
        .login(DEMO_EMAIL, "wrong-password")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.endpoint(), Some("client.login"));
    assert_eq!(err.messages(), ["Invalid email or password"]);
    assert!(
        !err.to_string().contains("wrong-password"),
        "the password never shows: {err}"
    );
}

#[tokio::test]
async fn an_unknown_token_is_authentication() {
    let sandbox = common::sandbox();
    let client = common::fast_builder(&sandbox)
        .token("99|not-a-real-token")
        .user_id(1)
        .build()
        .unwrap();
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.messages(), ["Unauthenticated."]);
    assert!(
        !format!("{err} {err:?}").contains("not-a-real-token"),
        "no token in errors"
    );
}

#[tokio::test]
async fn a_client_without_a_token_fails_before_sending() {
    let sandbox = common::sandbox();
    let admin = Admin::new(&sandbox);
    let client = common::fast_builder(&sandbox).build().unwrap();
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.status(), None);
    assert!(admin.all_requests().await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn another_users_id_is_wrong_user() {
    let sandbox = common::sandbox();
    let admin = Admin::new(&sandbox);
    let demo = common::demo_client(&sandbox).await;
    admin
        .create_user("other@example.com", "other-password")
        .await;
    let other = common::fast_builder(&sandbox)
        .login("other@example.com", "other-password")
        .await
        .unwrap();
    // The other user's token with the demo user's id.
    let mixed = common::fast_builder(&sandbox)
        .token(other.token().unwrap().expose())
        .user_id(demo.user_id().unwrap())
        .build()
        .unwrap();
    let err = mixed.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongUser);
    assert_eq!(err.status(), Some(403));
    assert!(
        err.messages().iter().any(|m| m.contains("wrong user id")),
        "{err}"
    );
}

#[tokio::test]
async fn a_refused_input_is_validation() {
    let sandbox = common::sandbox();
    let client = common::demo_client(&sandbox).await;
    client.domains().add("taken.example.com").await.unwrap();
    let err = client.domains().add("taken.example.com").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.status(), Some(422));
    assert!(!err.messages().is_empty());
    let off_domain = client
        .senders()
        .add("taken.example.com", "news@elsewhere.com", "News")
        .await
        .unwrap_err();
    assert_eq!(off_domain.kind(), ErrorKind::Validation, "{off_domain}");
}

#[tokio::test]
async fn an_unknown_id_is_not_found() {
    let sandbox = common::sandbox();
    let client = common::demo_client(&sandbox).await;
    let err = client.templates().get(987_654).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.endpoint(), Some("templates.get"));
    let domain = client
        .domains()
        .view("missing.example.com")
        .await
        .unwrap_err();
    assert_eq!(domain.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn too_many_requests_is_rate_limited_with_retry_after() {
    let (sandbox, admin, _) = common::demo().await;
    // Unpaced, so that the server's own 429 comes back (a paced client waits for the window).
    let client = common::unpaced_demo_client(&sandbox)
        .await
        .with_options(no_retries());
    admin.set_rate_limit(2).await;
    let mut limited = None;
    for _ in 0..5 {
        if let Err(err) = client.domains().list().await {
            limited = Some(err);
            break;
        }
    }
    let err = limited.expect("the third call within a minute is refused");
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.status(), Some(429));
    let header = |name: &str| {
        err.headers()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        header("x-ratelimit-limit").as_deref(),
        Some("2"),
        "{:?}",
        err.headers()
    );
    assert!(header("retry-after").is_some());
    let wait = err.retry_after().expect("Retry-After is kept");
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_secs(60),
        "{wait:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_500_is_server() {
    let (_sandbox, admin, client) = common::demo().await;
    let client = client.with_options(no_retries());
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 500}))
        .await;
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status(), Some(500));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_slow_answer_is_timeout() {
    let (_sandbox, admin, client) = common::demo().await;
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "delay", "delay_ms": 3000}))
        .await;
    let started = Instant::now();
    let err = client
        .with_options(no_retries().timeout(Duration::from_millis(300)))
        .domains()
        .list()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(
        started.elapsed() < Duration::from_millis(2000),
        "gave up after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_dropped_connection_is_connection() {
    let (_sandbox, admin, client) = common::demo().await;
    let client = client.with_options(no_retries());
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "drop"}))
        .await;
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert_eq!(err.status(), None);
    assert!(
        std::error::Error::source(&err).is_some(),
        "the transport error is chained"
    );
}

#[tokio::test]
async fn a_closed_port_is_connection() {
    // Bind then free a port, so that nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/api"))
        .token("1|t")
        .user_id(1)
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.is_retryable());
    // The message, all a binding shows, says why (the OS's words, e.g. "Connection refused").
    assert!(
        err.to_string().contains("could not connect (")
            && err.to_string().to_lowercase().contains("refused"),
        "{err}"
    );
}

#[tokio::test]
async fn an_answer_of_the_wrong_shape_is_decode_with_its_path() {
    let (_sandbox, admin, client) = common::demo().await;
    // An object where the list belongs, an item that is not an object, the data key missing.
    let cases = [
        (
            json!({"domains": {"id": 1, "domain_name": "a.com"}}),
            "data.domains",
        ),
        (
            json!({"domains": [{"id": 1, "domain_name": "a.com"}, "b.com"]}),
            "data.domains[1]",
        ),
        (
            json!({"domain": [{"id": 1, "domain_name": "a.com"}]}),
            "data.domains",
        ),
    ];
    for (data, path) in cases {
        let body = json!({"success": true, "data": data});
        admin
            .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 200, "body": body}))
            .await;
        let err = client.domains().list().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{data}");
        assert_eq!(err.field_path(), Some(path), "{data}");
        assert!(!err.is_retryable());
    }
}

#[tokio::test]
async fn a_bad_domain_name_is_invalid_input() {
    let sandbox = common::sandbox();
    let client = common::demo_client(&sandbox).await;
    let err = client.domains().add("not a domain").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.endpoint(), Some("domains.add"));
    assert!(err.to_string().contains("domain_name"), "{err}");
}

#[tokio::test]
async fn an_oversized_response_is_decode_and_not_read_further() {
    let sandbox = common::sandbox();
    let client = common::fast_builder(&sandbox)
        .max_response_bytes(1024)
        .login(DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap();
    for i in 0..20 {
        client
            .mailing_lists()
            .add(&format!(
                "A list with a rather long name to fill the response {i}"
            ))
            .await
            .unwrap();
    }
    let err = client.mailing_lists().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("max_response_bytes"), "{err}");
}
