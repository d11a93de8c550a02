//! Domains: add, list, view and verification through a real DNS lookup of the sandbox's zone.

mod common;

use common::{start, Session};
use serde_json::json;

#[tokio::test]
async fn add_returns_the_domain_with_a_real_dkim_key() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let answer = session
        .post("/v1/smtp-domain-add", json!({"domain_name": "Example.COM"}))
        .await;
    let data = answer.data();
    assert_eq!(data["success"], true);
    let domain = &data["domain"];
    assert_eq!(domain["domain_name"], "example.com");
    assert_eq!(domain["host"], "smtp._domainkey.example.com");
    assert_eq!(domain["selector"], "smtp");
    assert_eq!(domain["status"], "pending");
    assert_eq!(domain["verified_at"], serde_json::Value::Null);
    let key = domain["public_key"].as_str().unwrap();
    let p = key.strip_prefix("v=DKIM1; h=sha256; k=rsa; p=").unwrap();
    // Base64 of a 2048-bit RSA SubjectPublicKeyInfo is 392 characters.
    assert_eq!(p.len(), 392, "{key}");
    let second = session.add_domain("second.example").await;
    assert_ne!(second["public_key"], domain["public_key"]);
    assert!(second["id"].as_u64() > domain["id"].as_u64());
}

#[tokio::test]
async fn add_validates_the_name_and_its_uniqueness_across_users() {
    let sandbox = start();
    let demo = Session::demo(&sandbox).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    for bad in ["not a domain", "example", "-bad.example.com", "a..b.com"] {
        let answer = demo
            .post("/v1/smtp-domain-add", json!({"domain_name": bad}))
            .await;
        assert_eq!(
            answer.errors(422),
            ["The domain name field format is invalid."],
            "{bad}"
        );
    }
    assert_eq!(
        demo.post("/v1/smtp-domain-add", json!({}))
            .await
            .errors(422),
        ["The domain name field is required."]
    );
    demo.add_domain("taken.example.com").await;
    let again = other
        .post(
            "/v1/smtp-domain-add",
            json!({"domain_name": "TAKEN.example.com"}),
        )
        .await;
    assert_eq!(
        again.errors(422),
        ["The domain name has already been taken."]
    );
}

#[tokio::test]
async fn list_shows_only_the_users_domains() {
    let sandbox = start();
    let demo = Session::demo(&sandbox).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    demo.add_domain("a.example.com").await;
    demo.add_domain("b.example.com").await;
    other.add_domain("c.example.com").await;
    let list = demo.get("/v1/smtp-domain-list", json!({})).await;
    let names: Vec<&str> = list.data()["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a.example.com", "b.example.com"]);
    assert!(list.data()["domains"][0].get("public_key").is_some());
    assert_eq!(
        other.get("/v1/smtp-domain-list", json!({})).await.data()["domains"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn view_lists_the_dns_records_to_publish() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let domain = session.add_domain("view.example.com").await;
    let view = session
        .get(
            "/v1/smtp-domain-view",
            json!({"domain_name": "view.example.com"}),
        )
        .await;
    let data = view.data();
    assert_eq!(data["domain"]["id"], domain["id"]);
    let records = data["dns_records"].as_array().unwrap();
    let by_purpose = |purpose: &str| {
        records
            .iter()
            .find(|r| r["purpose"] == purpose)
            .unwrap()
            .clone()
    };
    let dkim = by_purpose("dkim");
    assert_eq!(
        (dkim["type"].as_str(), dkim["host"].as_str()),
        (Some("TXT"), Some("smtp._domainkey.view.example.com"))
    );
    assert_eq!(dkim["value"], domain["public_key"]);
    assert_eq!(dkim["status"], "pending");
    assert_eq!(by_purpose("spf")["host"], "view.example.com");
    assert!(by_purpose("spf")["value"]
        .as_str()
        .unwrap()
        .starts_with("v=spf1"));
    assert_eq!(by_purpose("dmarc")["host"], "_dmarc.view.example.com");
    assert_eq!(by_purpose("return_path")["type"], "CNAME");
}

#[tokio::test]
async fn other_users_and_unknown_domains_are_not_found() {
    let sandbox = start();
    let demo = Session::demo(&sandbox).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    demo.add_domain("mine.example.com").await;
    for path in ["/v1/smtp-domain-view", "/v1/smtp-domain-verify"] {
        for name in ["mine.example.com", "unknown.example.com"] {
            let answer = other.get(path, json!({"domain_name": name})).await;
            assert_eq!(
                answer.body,
                json!({"success": false, "data": ["Domain not found."]})
            );
            assert_eq!(answer.status.as_u16(), 404);
        }
    }
    assert_eq!(
        demo.get("/v1/smtp-domain-view", json!({}))
            .await
            .errors(422),
        ["The domain name field is required."]
    );
}

#[tokio::test]
async fn verify_follows_what_dns_says() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let domain = session.add_domain("verify.example.com").await;
    let host = domain["host"].as_str().unwrap();
    let verify = || {
        session.get(
            "/v1/smtp-domain-verify",
            json!({"domain_name": "verify.example.com"}),
        )
    };

    let missing = verify().await;
    assert_eq!(
        missing.data(),
        &json!({"success": false, "message": "DKIM record not found"})
    );

    let other_key = session.add_domain("other.example.com").await;
    sandbox
        .publish_dns(host, other_key["public_key"].as_str().unwrap())
        .unwrap();
    let mismatch = verify().await;
    assert_eq!(
        mismatch.data(),
        &json!({"success": false, "message": "DKIM record does not match"})
    );
    let listed = session
        .get(
            "/v1/smtp-domain-view",
            json!({"domain_name": "verify.example.com"}),
        )
        .await;
    assert_eq!(listed.data()["domain"]["status"], "failed");

    assert!(sandbox.remove_dns(host));
    sandbox
        .publish_dns(host, domain["public_key"].as_str().unwrap())
        .unwrap();
    let verified = verify().await;
    assert_eq!(
        verified.data(),
        &json!({"success": true, "message": "Verified Successfully"})
    );
    let view = session
        .get(
            "/v1/smtp-domain-view",
            json!({"domain_name": "verify.example.com"}),
        )
        .await;
    assert_eq!(view.data()["domain"]["status"], "verified");
    assert!(view.data()["domain"]["verified_at"].is_string());
    assert_eq!(view.data()["dns_records"][0]["status"], "verified");
}

#[tokio::test]
async fn verify_through_another_nameserver() {
    // A second sandbox's zone server plays the user's real DNS provider.
    let provider = start();
    let sandbox = common::start_with(smtpprovider_sandbox::SandboxConfig {
        rate_limit_per_minute: 0,
        dns: Some(provider.dns_addr()),
        ..Default::default()
    });
    let session = Session::demo(&sandbox).await;
    let domain = session.add_domain("elsewhere.example.com").await;
    let host = domain["host"].as_str().unwrap();
    let key = domain["public_key"].as_str().unwrap();
    sandbox.publish_dns(host, key).unwrap();
    let verify = || {
        session.get(
            "/v1/smtp-domain-verify",
            json!({"domain_name": "elsewhere.example.com"}),
        )
    };
    assert_eq!(
        verify().await.data()["success"],
        false,
        "the sandbox's own zone must not be asked"
    );
    provider.publish_dns(host, key).unwrap();
    assert_eq!(verify().await.data()["message"], "Verified Successfully");
}
