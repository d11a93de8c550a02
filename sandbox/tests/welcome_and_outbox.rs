//! The welcome mail endpoint and the outbox it writes to.

mod common;

use common::{start, Session};
use reqwest::Method;
use serde_json::json;
use smtpprovider_sandbox::{MessageKind, OutboxFilter};

#[tokio::test]
async fn welcome_mail_renders_the_default_template_to_the_recipient() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let sent = session
        .raw(
            Method::POST,
            "/v1/smtp-welcome-mail",
            json!({"from_email": "owner@example.com", "shop_name": "Demo Store"}),
        )
        .await;
    assert_eq!(sent.data(), &json!({"message": "Mail sent successfully"}));
    let messages = sandbox.outbox(&OutboxFilter {
        kind: Some(MessageKind::Welcome),
        ..Default::default()
    });
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0].to, "owner@example.com",
        "from_email is the recipient"
    );
    assert!(messages[0].html_body.contains("Demo Store"));
    assert!(!messages[0].html_body.contains("{{"));
    assert_eq!(messages[0].subject, "Welcome to Demo Store");
}

#[tokio::test]
async fn welcome_mail_with_its_own_subject_and_html() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    session
        .raw(Method::POST, "/v1/smtp-welcome-mail", json!({"from_email": "owner@example.com", "shop_name": "Demo Store", "subject": "Hi", "html_content": "<h1>Hello</h1>"}))
        .await
        .data();
    let message = &sandbox.outbox(&OutboxFilter::default())[0];
    assert_eq!(
        (message.subject.as_str(), message.html_body.as_str()),
        ("Hi", "<h1>Hello</h1>")
    );
}

#[tokio::test]
async fn welcome_mail_validation() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let answer = session
        .raw(
            Method::POST,
            "/v1/smtp-welcome-mail",
            json!({"from_email": "x", "subject": "Hi"}),
        )
        .await;
    assert_eq!(
        answer.errors(422),
        [
            "The from email field must be a valid email address.",
            "The shop name field is required.",
            "The html content field is required when subject is present."
        ]
    );
    let unauthenticated = common::call(
        &common::http(),
        sandbox.base_url(),
        Method::POST,
        "/v1/smtp-welcome-mail",
        None,
        json!({}),
    )
    .await;
    assert_eq!(unauthenticated.status.as_u16(), 401);
    assert!(sandbox.outbox(&OutboxFilter::default()).is_empty());
}

#[tokio::test]
async fn outbox_route_filters_and_clears() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    for to in ["a@example.com", "b@example.com", "a@example.com"] {
        session
            .raw(
                Method::POST,
                "/v1/smtp-welcome-mail",
                json!({"from_email": to, "shop_name": "S"}),
            )
            .await
            .data();
    }
    let all = session.sandbox(Method::GET, "/_sandbox/outbox", None).await;
    let messages = all.body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    let ids: Vec<u64> = messages.iter().map(|m| m["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 3]);
    for key in [
        "id",
        "kind",
        "to",
        "from",
        "subject",
        "html_body",
        "text_body",
        "campaign_id",
        "link",
        "sent_at",
    ] {
        assert!(messages[0].get(key).is_some(), "missing {key}");
    }
    let to_a = session
        .sandbox(
            Method::GET,
            "/_sandbox/outbox?to=a@example.com&kind=welcome",
            None,
        )
        .await;
    assert_eq!(to_a.body["messages"].as_array().unwrap().len(), 2);
    let none = session
        .sandbox(Method::GET, "/_sandbox/outbox?kind=campaign", None)
        .await;
    assert!(none.body["messages"].as_array().unwrap().is_empty());
    let bad = session
        .sandbox(Method::GET, "/_sandbox/outbox?kind=postcard", None)
        .await;
    assert_eq!(bad.status.as_u16(), 422);
    let cleared = session
        .sandbox(Method::DELETE, "/_sandbox/outbox", None)
        .await;
    assert_eq!(cleared.status.as_u16(), 200);
    assert!(sandbox.outbox(&OutboxFilter::default()).is_empty());
}
