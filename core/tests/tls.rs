//! HTTPS: the sandbox served with a certificate from a test CA, trusted through the builder's extra
//! root, refused (as a `Connection` error, without retries) when the CA is not trusted.

mod common;

use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use smtpprovider::{Client, ErrorKind};
use smtpprovider_sandbox::{Sandbox, SandboxConfig, TlsConfig};

/// A CA certificate (PEM) and a sandbox serving a `localhost` certificate it signed.
fn tls_sandbox() -> (String, Sandbox) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "smtpprovider test CA");
    let ca_key = KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca, &ca_key)
        .unwrap();
    let tls = TlsConfig {
        cert_pem: leaf.pem().into_bytes(),
        key_pem: leaf_key.serialize_pem().into_bytes(),
    };
    let config = SandboxConfig {
        rate_limit_per_minute: 0,
        tls: Some(tls),
        ..Default::default()
    };
    (ca.pem(), Sandbox::start(config).unwrap())
}

#[tokio::test]
async fn a_server_signed_by_an_added_root_is_trusted() {
    let (ca_pem, sandbox) = tls_sandbox();
    assert!(
        sandbox.base_url().starts_with("https://localhost:"),
        "{}",
        sandbox.base_url()
    );
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .add_root_certificate_pem(ca_pem)
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(client.domains().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_untrusted_server_is_a_connection_error_without_retries() {
    let (_, sandbox) = tls_sandbox();
    let started = Instant::now();
    let err = Client::builder()
        .base_url(sandbox.base_url())
        .backoff(Duration::from_secs(2), Duration::from_secs(2))
        .login(common::DEMO_EMAIL, common::DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.to_string().contains("certificate"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "an untrusted certificate is not retried"
    );
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
