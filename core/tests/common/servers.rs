//! The real TLS and proxy servers (`tests/servers`: nginx with a test CA, tinyproxy) and clients
//! that trust their CA, for `tests/tls.rs` and `tests/proxies.rs`.

use smtpprovider::{Client, ClientBuilder};
use smtpprovider_test_servers::{Proxy, TestServers};

/// Fresh servers for one test; stopped when dropped.
pub fn start() -> TestServers {
    TestServers::start().expect("nginx, tinyproxy and the sandbox start")
}

/// A builder for `url` that trusts the test CA.
pub fn trusting(servers: &TestServers, url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(url)
        .add_root_certificate_pem(servers.ca_pem_text())
}

/// A builder for the API over plain HTTP at a name only `proxy` can reach (the proxy itself comes
/// from the environment or the `proxy` option).
pub fn plain_http_through(proxy: &Proxy) -> ClientBuilder {
    Client::builder()
        .base_url(&proxy.plain_http_url)
        .allow_insecure_http(true)
}
