//! Senders: adding them on a domain, and verifying them through the one-time link in the outbox.

mod common;

use common::{start, verification_link, Session};
use reqwest::StatusCode;
use serde_json::json;
use smtpprovider_sandbox::{MessageKind, OutboxFilter};

#[tokio::test]
async fn add_and_list_senders() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let domain = session.add_domain("news.example.com").await;
    let added = session.post("/v1/smtp-domain-sender-add", json!({"domain_name": "news.example.com", "from_email": "hello@news.example.com", "sender_name": "Demo Team"})).await;
    let sender = &added.data()["sender"];
    assert_eq!(sender["domain_id"], domain["id"]);
    assert_eq!(sender["domain_name"], "news.example.com");
    assert_eq!(sender["sender_name"], "Demo Team");
    assert_eq!(sender["from_email"], "hello@news.example.com");
    assert_eq!(sender["status"], "pending");
    let list = session.get("/v1/smtp-sender-list", json!({})).await;
    assert_eq!(list.data()["sender_lists"].as_array().unwrap().len(), 1);
    assert_eq!(list.data()["sender_lists"][0]["id"], sender["id"]);
}

#[tokio::test]
async fn add_enforces_the_domain_and_uniqueness() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    session.add_domain("mine.example.com").await;
    assert_eq!(
        session
            .add_sender("mine.example.com", "a@elsewhere.com")
            .await
            .errors(422),
        ["The from email must be an address at mine.example.com."]
    );
    assert_eq!(
        session
            .add_sender("mine.example.com", "not-an-email")
            .await
            .errors(422),
        ["The from email field must be a valid email address."]
    );
    assert_eq!(
        session
            .post("/v1/smtp-domain-sender-add", json!({}))
            .await
            .errors(422),
        [
            "The domain name field is required.",
            "The from email field is required."
        ]
    );
    session
        .add_sender("mine.example.com", "a@mine.example.com")
        .await
        .data();
    assert_eq!(
        session
            .add_sender("mine.example.com", "A@mine.example.com")
            .await
            .errors(422),
        ["The from email has already been taken."]
    );
    assert_eq!(
        other
            .add_sender("mine.example.com", "b@mine.example.com")
            .await
            .errors(404),
        ["Domain not found."]
    );
    assert_eq!(
        session
            .add_sender("unknown.example.com", "b@unknown.example.com")
            .await
            .errors(404),
        ["Domain not found."]
    );
}

#[tokio::test]
async fn verification_link_verifies_once() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    session.add_domain("v.example.com").await;
    session
        .add_sender("v.example.com", "news@v.example.com")
        .await
        .data();
    let sent = session
        .post(
            "/v1/smtp-domain-sender-verify",
            json!({"from_email": "news@v.example.com"}),
        )
        .await;
    assert_eq!(sent.data(), &json!({"message": "Verification email sent"}));

    let messages = sandbox.outbox(&OutboxFilter {
        kind: Some(MessageKind::SenderVerification),
        ..Default::default()
    });
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(message.to, "news@v.example.com");
    let link = verification_link(&sandbox, "news@v.example.com");
    assert!(
        link.starts_with(&format!("{}/_sandbox/verify-sender/", sandbox.root_url())),
        "{link}"
    );
    assert!(message.html_body.contains(&link));

    let first = session.http.get(&link).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let list = session.get("/v1/smtp-sender-list", json!({})).await;
    assert_eq!(list.data()["sender_lists"][0]["status"], "verified");
    assert!(list.data()["sender_lists"][0]["verified_at"].is_string());

    let second = session.http.get(&link).send().await.unwrap();
    assert_eq!(second.status(), StatusCode::GONE);
    let unknown = session
        .http
        .get(format!(
            "{}/_sandbox/verify-sender/nope",
            sandbox.root_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn verify_needs_an_existing_sender_of_the_user() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let other = Session::new_user(&sandbox, "other@example.com").await;
    session.add_domain("s.example.com").await;
    session
        .add_sender("s.example.com", "a@s.example.com")
        .await
        .data();
    let theirs = other
        .post(
            "/v1/smtp-domain-sender-verify",
            json!({"from_email": "a@s.example.com"}),
        )
        .await;
    assert_eq!(theirs.errors(404), ["Sender not found."]);
    assert_eq!(
        session
            .post("/v1/smtp-domain-sender-verify", json!({}))
            .await
            .errors(422),
        ["The from email field is required."]
    );
    assert!(sandbox.outbox(&OutboxFilter::default()).is_empty());
}
