//! Serving HTTPS from a PEM certificate and key.

mod common;

use serde_json::json;
use smtpprovider_sandbox::{Sandbox, SandboxConfig, TlsConfig};

#[tokio::test]
async fn serves_the_api_over_https() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert_pem = cert.cert.pem();
    let sandbox = Sandbox::start(SandboxConfig {
        rate_limit_per_minute: 0,
        tls: Some(TlsConfig {
            cert_pem: cert_pem.clone().into_bytes(),
            key_pem: cert.key_pair.serialize_pem().into_bytes(),
        }),
        ..SandboxConfig::default()
    })
    .unwrap();
    assert!(
        sandbox.base_url().starts_with("https://localhost:"),
        "{}",
        sandbox.base_url()
    );

    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert_pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    let login = client
        .post(format!("{}/smtp-token-generate", sandbox.base_url()))
        .header("Content-Type", "application/json")
        .body(json!({"email": "demo@example.com", "password": "demo-password"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let body: serde_json::Value = serde_json::from_str(&login.text().await.unwrap()).unwrap();
    let token = body["token"].as_str().unwrap();
    let list = client
        .get(format!(
            "{}/v1/smtp-domain-list?user_id=1",
            sandbox.base_url()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);

    // Plain HTTP to the TLS port gets no API answer.
    let plain = common::http()
        .get(format!(
            "http://127.0.0.1:{}/_sandbox/health",
            sandbox.addr().port()
        ))
        .send()
        .await;
    assert!(plain.map(|r| r.status() != 200).unwrap_or(true));
}

#[test]
fn refuses_a_pem_without_a_certificate() {
    let error = Sandbox::start(SandboxConfig {
        tls: Some(TlsConfig {
            cert_pem: b"not a pem".to_vec(),
            key_pem: b"nor this".to_vec(),
        }),
        ..SandboxConfig::default()
    })
    .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
}
