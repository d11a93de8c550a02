//! HTTPS against a real nginx with certificates from a test CA, in front of the sandbox
//! (`tests/servers`): the CA is trusted through the builder's extra root; an untrusted, an expired
//! and a wrong-host certificate are each a `Connection` error that says why, after one attempt;
//! plain `http://` to a host that is not loopback needs the opt-in; h2 is spoken where the server
//! offers it; a handshake that never finishes is bounded by the connect timeout.

mod common;

use std::time::{Duration, Instant};

use common::servers::{self, trusting};
use smtpprovider::{Client, ErrorKind};
use smtpprovider_test_servers::{HttpsServer, TestServers};

#[tokio::test]
async fn a_certificate_from_an_added_root_is_trusted_and_h2_spoken() {
    let servers = servers::start();
    let client = trusting(&servers, &servers.trusted.url)
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(client.domains().list().await.unwrap().is_empty());
    // nginx writes its access log as each request ends, a moment after the client has the answer.
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut requests = servers.trusted.requests();
    while requests.len() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        requests = servers.trusted.requests();
    }
    assert_eq!(requests.len(), 2, "{requests:?}");
    for request in &requests {
        assert!(request.starts_with("HTTP/2.0 "), "{requests:?}");
    }
}

#[tokio::test]
async fn a_server_by_its_ipv6_address_is_checked_against_that_address() {
    let servers = servers::start();
    let client = trusting(&servers, &servers.trusted.ipv6_url)
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(client.domains().list().await.unwrap().is_empty());
    // The wrong-host certificate does not name ::1: the address is what rustls checks.
    let err = trusting(&servers, &servers.wrong_host.ipv6_url)
        .token("1|not-used")
        .user_id(1)
        .build()
        .unwrap()
        .domains()
        .list()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("not valid for the host name"),
        "{err}"
    );
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

#[tokio::test]
async fn a_tls_handshake_that_never_ends_is_a_connect_timeout() {
    // Accepts connections and never says a word, so the ClientHello goes unanswered.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let _held = std::thread::spawn(move || {
        let connections: Vec<_> = listener.incoming().take(2).collect();
        std::thread::sleep(Duration::from_secs(10));
        drop(connections);
    });
    let client = Client::builder()
        .base_url(format!("https://127.0.0.1:{port}/api"))
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(8))
        .max_retries(1)
        .backoff(Duration::from_millis(10), Duration::from_millis(20))
        .token("1|not-used")
        .user_id(1)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(err.to_string().contains("connecting timed out"), "{err}");
    // Two attempts (nothing was sent, so the retry is safe), each cut at the connect timeout
    // rather than at the 8 s attempt timeout.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
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
