//! Proxies, with real tinyproxies (`tests/servers`, one asking for credentials) whose logs show
//! what they relayed: the explicit proxy option, and `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
//! from the environment; and a scripted proxy for a tunnel it refuses, which records the
//! `CONNECT` it was sent. The tests set the process's environment, so they run one at a time and
//! in their own test binary.

mod common;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::environment::Environment;
use common::servers::{self, plain_http_through, trusting};
use smtpprovider::{Client, ClientBuilder};
use smtpprovider_test_servers::{TestServers, PROXY_VARIABLES};

/// The proxy environment of one test: exactly `set`, removed again when dropped.
fn proxy_environment(set: &[(&str, &str)]) -> Environment {
    Environment::set(&PROXY_VARIABLES, set)
}

/// Logs in at `builder`'s base URL and lists the domains: two calls.
async fn two_calls(builder: ClientBuilder) {
    let client = builder
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(client.domains().list().await.unwrap().is_empty());
}

/// The tunnel the proxy opens for HTTPS to `url` (`https://localhost:PORT/api`).
fn tunnel_to(url: &str) -> String {
    let authority = url.trim_start_matches("https://").trim_end_matches("/api");
    format!("CONNECT {authority} HTTP/1.1")
}

#[tokio::test]
async fn the_proxy_option_tunnels_https_through_the_proxy() {
    let _env = proxy_environment(&[]);
    let servers = servers::start();
    two_calls(trusting(&servers, &servers.trusted.url).proxy(&servers.proxy.url)).await;
    // One connection, kept alive for both calls.
    assert_eq!(servers.proxy.requests(), [tunnel_to(&servers.trusted.url)]);
}

#[tokio::test]
async fn https_proxy_from_the_environment_is_used_for_https() {
    let servers = servers::start();
    let _env = proxy_environment(&[("HTTPS_PROXY", &servers.proxy.url)]);
    two_calls(trusting(&servers, &servers.trusted.url)).await;
    assert_eq!(servers.proxy.requests(), [tunnel_to(&servers.trusted.url)]);
}

#[tokio::test]
async fn http_proxy_from_the_environment_is_used_for_plain_http() {
    let servers = servers::start();
    let _env = proxy_environment(&[("HTTP_PROXY", &servers.proxy.url)]);
    // api.smtp.test resolves nowhere: only the proxy can reach it.
    two_calls(plain_http_through(&servers.proxy)).await;
    let requests = servers.proxy.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(
        requests[0].starts_with("POST http://api.smtp.test/api/smtp-token-generate "),
        "{requests:?}"
    );
    assert!(
        requests[1].starts_with("GET http://api.smtp.test/api/v1/smtp-domain-list?"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn no_proxy_hosts_are_reached_directly() {
    let servers = servers::start();
    let _env = proxy_environment(&[
        ("HTTPS_PROXY", &servers.proxy.url),
        ("NO_PROXY", "127.0.0.1"),
    ]);
    two_calls(trusting(&servers, &servers.trusted.ip_url)).await;
    assert!(servers.proxy.requests().is_empty());
    // The same server by name is not exempt.
    two_calls(trusting(&servers, &servers.trusted.url)).await;
    assert_eq!(servers.proxy.requests(), [tunnel_to(&servers.trusted.url)]);
}

/// A known limit of reqwest 0.13.5: through a proxy's tunnel it hands rustls the host of an IPv6
/// literal with its brackets, which is no server name, so HTTPS to `[::1]` through a proxy fails
/// before any request (directly it works: `tests/tls.rs`); seanmonstar/reqwest#3094, fix proposed
/// in #3095. This test pins that, and fails when a reqwest release fixes it, to be turned back into
/// a test of the tunnel.
#[tokio::test]
async fn a_tunnel_to_an_ipv6_literal_fails_as_a_connection_error_before_any_request() {
    let _env = proxy_environment(&[]);
    let servers = servers::start();
    let client = with_session(
        trusting(&servers, &servers.trusted.ipv6_url)
            .proxy(&servers.proxy.url)
            .max_retries(0),
    );
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), smtpprovider::ErrorKind::Connection, "{err}");
    assert!(
        format!("{err:?}").contains("Invalid Server Name"),
        "{err:?}"
    );
    assert_eq!(
        servers.proxy.requests(),
        [tunnel_to(&servers.trusted.ipv6_url)]
    );
    assert!(servers.trusted.requests().is_empty());
}

#[tokio::test]
async fn the_proxy_option_wins_over_the_environment() {
    let servers = servers::start();
    // Nothing listens at the environment's proxy: a call that used it would fail.
    let _env = proxy_environment(&[("HTTPS_PROXY", "http://127.0.0.1:9")]);
    two_calls(trusting(&servers, &servers.trusted.url).proxy(&servers.proxy.url)).await;
    assert_eq!(servers.proxy.requests(), [tunnel_to(&servers.trusted.url)]);
}

#[tokio::test]
async fn a_proxy_from_the_environment_that_does_not_answer_is_retried_and_never_shown() {
    let servers = servers::start();
    let _env = proxy_environment(&[("ALL_PROXY", "socks5h://user:secret@127.0.0.1:9")]);
    let client = with_session(
        trusting(&servers, &servers.trusted.url)
            .max_retries(1)
            .backoff(Duration::from_millis(10), Duration::from_millis(10)),
    );
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), smtpprovider::ErrorKind::Connection, "{err}");
    assert!(!format!("{err} {err:?}").contains("secret"), "{err:?}");
    assert!(servers.trusted.requests().is_empty());
}

#[test]
fn a_proxy_option_the_client_cannot_speak_is_invalid_input() {
    for (proxy, says) in [
        (
            "ftp://127.0.0.1:21",
            "not one of http://, https://, socks5:// or socks5h://",
        ),
        ("socks4://127.0.0.1:1080", "not one of"),
        ("http://", "not a URL"),
    ] {
        let err = Client::builder()
            .base_url("https://localhost/api")
            .proxy(proxy)
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), smtpprovider::ErrorKind::InvalidInput, "{proxy}");
        assert!(err.to_string().contains(says), "{proxy}: {err}");
    }
}

/// `url` with its password replaced: `http://smtp:wrong@127.0.0.1:PORT`.
fn with_wrong_password(url: &str) -> String {
    let (credentials, rest) = url.split_once('@').expect("a URL with credentials");
    let user = credentials.rsplit_once(':').expect("user:password").0;
    format!("{user}:wrong@{rest}")
}

#[tokio::test]
async fn a_tunnel_carries_the_credentials_of_the_proxy_url() {
    let _env = proxy_environment(&[]);
    let servers = servers::start();
    let proxy = &servers.proxy_with_credentials;
    two_calls(trusting(&servers, &servers.trusted.url).proxy(&proxy.url)).await;
    assert_eq!(proxy.requests(), [tunnel_to(&servers.trusted.url)]);
}

#[tokio::test]
async fn plain_http_through_a_proxy_carries_its_credentials() {
    let servers = servers::start();
    let proxy = &servers.proxy_with_credentials;
    let _env = proxy_environment(&[("HTTP_PROXY", &proxy.url)]);
    two_calls(plain_http_through(proxy)).await;
    assert_eq!(proxy.requests().len(), 2, "{:?}", proxy.requests());
}

/// The client of `builder` with a session (whose token no test here needs to be valid).
fn with_session(builder: ClientBuilder) -> Client {
    builder.token("1|not-used").user_id(1).build().unwrap()
}

/// A client of `builder` that would retry twice, after a 2 s wait each time.
fn retrying(builder: ClientBuilder) -> Client {
    with_session(
        builder
            .max_retries(2)
            .backoff(Duration::from_secs(2), Duration::from_secs(2)),
    )
}

#[tokio::test]
async fn credentials_a_tunnelling_proxy_refuses_are_a_connection_error_not_retried() {
    let _env = proxy_environment(&[]);
    let servers = servers::start();
    let proxy = &servers.proxy_with_credentials;
    // tinyproxy answers 407 to no credentials.
    let without_credentials = proxy.url.replace("smtp:proxy-secret@", "");
    let client = retrying(trusting(&servers, &servers.trusted.url).proxy(&without_credentials));
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), smtpprovider::ErrorKind::Connection, "{err}");
    let message = err.to_string();
    assert!(message.contains("(407)"), "{message}");
    assert!(message.contains("proxy URL's user:password"), "{message}");
    // One tunnel asked for: not retried.
    assert_eq!(proxy.requests(), [tunnel_to(&servers.trusted.url)]);
}

#[tokio::test]
async fn a_tunnel_refused_with_a_401_is_retried_and_points_at_the_credentials() {
    let _env = proxy_environment(&[]);
    let servers = servers::start();
    let proxy = &servers.proxy_with_credentials;
    // tinyproxy answers a wrong password with a 401, where the standard says 407; reqwest's
    // tunnel (hyper-util) keeps no status but 407's, so this is any refused tunnel: retried.
    let client = with_session(
        trusting(&servers, &servers.trusted.url)
            .proxy(with_wrong_password(&proxy.url))
            .max_retries(1)
            .backoff(Duration::from_millis(10), Duration::from_millis(10)),
    );
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), smtpprovider::ErrorKind::Connection, "{err}");
    let message = err.to_string();
    assert!(message.contains("proxy URL's user:password"), "{message}");
    assert!(!message.contains("wrong"), "the password leaked: {message}");
    let tunnel = tunnel_to(&servers.trusted.url);
    assert_eq!(proxy.requests(), [tunnel.clone(), tunnel]);
}

#[tokio::test]
async fn a_plain_http_request_the_proxy_refuses_is_a_connection_error_not_retried() {
    let servers = servers::start();
    let proxy = &servers.proxy_with_credentials;
    let without_credentials = proxy.url.replace("smtp:proxy-secret@", "");
    let _env = proxy_environment(&[("HTTP_PROXY", &without_credentials)]);
    let client = retrying(plain_http_through(proxy));
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), smtpprovider::ErrorKind::Connection, "{err}");
    assert_eq!(err.status(), Some(407), "{err}");
    assert!(
        err.to_string().contains("proxy URL's user:password"),
        "{err}"
    );
    assert_eq!(proxy.requests().len(), 1, "{:?}", proxy.requests());
}

#[tokio::test]
async fn a_plain_http_401_that_is_not_the_apis_json_points_at_the_proxy_credentials() {
    let servers = servers::start();
    let proxy = &servers.proxy_with_credentials;
    // tinyproxy answers a wrong password with an HTML 401, not the standard 407.
    let wrong = with_wrong_password(&proxy.url);
    let _env = proxy_environment(&[("HTTP_PROXY", &wrong)]);
    let client = retrying(plain_http_through(proxy));
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), smtpprovider::ErrorKind::Authentication, "{err}");
    assert_eq!(err.status(), Some(401), "{err}");
    let message = err.to_string();
    assert!(message.contains("proxy URL's user:password"), "{message}");
    assert!(
        !message.contains(":wrong"),
        "the password leaked: {message}"
    );
    assert_eq!(proxy.requests().len(), 1, "{:?}", proxy.requests());
}

/// A proxy that answers every `CONNECT` with `answer` and records each request's head.
async fn scripted_proxy(answer: &'static str) -> (String, std::sync::Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let heads = std::sync::Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            seen.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&head).into_owned());
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    (url, heads)
}

#[tokio::test]
async fn a_tunnel_the_proxy_cannot_open_is_retried_and_says_so() {
    let _env = proxy_environment(&[]);
    // Bare line feeds, as some proxies write them: read as an answer, not waited past.
    let (proxy, heads) = scripted_proxy("HTTP/1.1 502 Bad Gateway\n\n").await;
    let client = with_session(
        Client::builder()
            .base_url("https://localhost:1/api")
            .proxy(&proxy)
            .user_agent("smtpprovider-test/1")
            .max_retries(1)
            .backoff(Duration::from_millis(10), Duration::from_millis(10))
            .connect_timeout(Duration::from_secs(5)),
    );
    let started = Instant::now();
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), smtpprovider::ErrorKind::Connection, "{err}");
    assert!(
        err.to_string().contains("the proxy refused the tunnel"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "waited for the timeout: {err}"
    );
    let heads = heads.lock().unwrap().clone();
    assert_eq!(
        heads.len(),
        2,
        "a refused tunnel is retried once: {heads:?}"
    );
    assert!(
        heads[0].starts_with("CONNECT localhost:1 HTTP/1.1\r\n"),
        "{heads:?}"
    );
    assert!(
        heads[0]
            .to_ascii_lowercase()
            .contains("\r\nuser-agent: smtpprovider-test/1\r\n"),
        "{heads:?}"
    );
}

/// Asserts that every connection the SOCKS proxy made went to `url`'s `host:port`, as given to
/// it: a name when the proxy resolves it (socks5h), an address when the client did (socks5).
fn assert_socks_connected_to(servers: &TestServers, url: &str) {
    let mut connections = servers.socks_proxy.connections();
    connections.dedup();
    let authority = url.trim_start_matches("https://").trim_end_matches("/api");
    assert_eq!(connections, [authority]);
}

#[tokio::test]
async fn a_socks5h_proxy_from_all_proxy_carries_https_and_resolves_the_name() {
    let servers = servers::start();
    let _env = proxy_environment(&[("ALL_PROXY", &servers.socks_proxy.url)]);
    two_calls(trusting(&servers, &servers.trusted.url)).await;
    assert_socks_connected_to(&servers, &servers.trusted.url);
}

#[tokio::test]
async fn the_proxy_option_speaks_socks5_with_the_name_resolved_here() {
    let _env = proxy_environment(&[]);
    let servers = servers::start();
    let socks5 = servers.socks_proxy.url.replace("socks5h://", "socks5://");
    two_calls(trusting(&servers, &servers.trusted.ip_url).proxy(&socks5)).await;
    assert_socks_connected_to(&servers, &servers.trusted.ip_url);
}

#[tokio::test]
async fn an_https_proxy_is_spoken_over_tls_and_tunnels_https() {
    let _env = proxy_environment(&[]);
    let servers = servers::start();
    let proxy = &servers.https_proxy;
    // The test CA signs the proxy's certificate as well as the server's.
    two_calls(trusting(&servers, &servers.trusted.url).proxy(&proxy.url)).await;
    assert_eq!(proxy.requests(), [tunnel_to(&servers.trusted.url)]);
    assert!(servers.proxy.requests().is_empty());
}

#[tokio::test]
async fn an_https_proxy_from_the_environment_carries_plain_http_too() {
    let servers = servers::start();
    let proxy = &servers.https_proxy;
    let _env = proxy_environment(&[("HTTP_PROXY", &proxy.url)]);
    two_calls(plain_http_through(proxy).add_root_certificate_pem(servers.ca_pem_text())).await;
    let requests = proxy.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(
        requests[0].contains("http://api.smtp.test/api/"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn an_https_proxy_whose_certificate_is_not_trusted_is_a_connection_error() {
    let _env = proxy_environment(&[]);
    let servers = servers::start();
    let proxy = &servers.https_proxy;
    // Plain HTTP inside: the proxy's certificate is the only one that could be refused.
    let client = with_session(plain_http_through(proxy).proxy(&proxy.url).max_retries(0));
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), smtpprovider::ErrorKind::Connection, "{err}");
    assert!(
        err.to_string()
            .contains("not signed by a trusted certificate authority"),
        "{err}"
    );
    assert!(proxy.requests().is_empty());
}
