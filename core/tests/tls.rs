//! HTTPS against a real nginx with certificates from a test CA, in front of the sandbox
//! (`tests/servers`): the CA is trusted through the builder's extra root; an untrusted, an expired
//! and a wrong-host certificate are each a `Connection` error that says why, after one attempt;
//! plain `http://` to a host that is not loopback needs the opt-in.

mod common;

use std::time::Duration;

use common::servers::{self, trusting};
use smtpprovider::{Client, ErrorKind};
use smtpprovider_test_servers::{HttpsServer, TestServers};

#[tokio::test]
async fn a_certificate_from_an_added_root_is_trusted() {
    let servers = servers::start();
    let client = trusting(&servers, &servers.trusted.url)
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(client.domains().list().await.unwrap().is_empty());
}

/// A GET to `server` fails with `Connection`, saying `reason`, after a single handshake; the
/// client retries what is retryable twice, quickly, so a refusal that were retried would show
/// three.
async fn refused(servers: &TestServers, server: &HttpsServer, reason: &str) {
    let client = trusting(servers, &server.url)
        .max_retries(2)
        .backoff(Duration::from_millis(10), Duration::from_millis(20))
        .token("1|not-used")
        .user_id(1)
        .build()
        .unwrap();
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(err.to_string().contains(reason), "{err}");
    assert_eq!(server.failed_handshakes(), 1, "not retried: {err}");
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_is_refused_once() {
    let servers = servers::start();
    refused(
        &servers,
        &servers.untrusted,
        "is not signed by a trusted certificate authority",
    )
    .await;
}

#[tokio::test]
async fn an_expired_certificate_is_refused_once() {
    let servers = servers::start();
    refused(&servers, &servers.expired, "has expired").await;
}

#[tokio::test]
async fn a_certificate_for_another_host_is_refused_once() {
    let servers = servers::start();
    refused(
        &servers,
        &servers.wrong_host,
        "is not valid for the host name",
    )
    .await;
}

#[tokio::test]
async fn plain_http_to_a_host_that_is_not_loopback_needs_the_opt_in() {
    let servers = servers::start();
    // api.smtp.test is reachable only through the proxy, which relays it to the sandbox.
    let through_proxy = || {
        Client::builder()
            .base_url(&servers.proxy.plain_http_url)
            .proxy(&servers.proxy.url)
    };
    let err = through_proxy()
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("allow_insecure_http"), "{err}");
    assert!(servers.proxy.requests().is_empty(), "nothing was sent");

    let client = through_proxy()
        .allow_insecure_http(true)
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(client.domains().list().await.unwrap().is_empty());
    let requests = servers.proxy.requests();
    assert!(
        requests[0].starts_with("POST http://api.smtp.test/api/smtp-token-generate "),
        "{requests:?}"
    );
    assert_eq!(requests.len(), 2, "{requests:?}");
}

#[test]
fn a_bad_root_certificate_is_invalid_input() {
    let err = Client::builder()
        .base_url("https://localhost/api")
        .add_root_certificate_pem("not a PEM")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
