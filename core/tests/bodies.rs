//! Real-world bodies, served by the sandbox's `status` fault, decoded into the right result or error.

mod common;

use serde_json::{json, Value};
use smtpprovider::{ErrorKind, RequestOptions};

const DOMAIN_LIST: &str = "/v1/smtp-domain-list";

/// One error body and what the SDK must make of it.
struct ErrorCase {
    name: &'static str,
    status: u16,
    content_type: &'static str,
    body: &'static str,
    headers: Value,
    kind: ErrorKind,
    messages: &'static [&'static str],
    excerpt_starts: Option<&'static str>,
}

fn error_cases() -> Vec<ErrorCase> {
    let json = "application/json";
    vec![
        ErrorCase {
            name: "an nginx 502 page",
            status: 502,
            content_type: "text/html",
            body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
            headers: json!({}),
            kind: ErrorKind::Server,
            messages: &[],
            excerpt_starts: Some("<html>"),
        },
        ErrorCase {
            name: "Laravel's 401",
            status: 401,
            content_type: json,
            body: r#"{"message":"Unauthenticated."}"#,
            headers: json!({}),
            kind: ErrorKind::Authentication,
            messages: &["Unauthenticated."],
            excerpt_starts: None,
        },
        ErrorCase {
            name: "Laravel's unknown route",
            status: 404,
            content_type: json,
            body: r#"{"message":"The route api/v1/smtp-domain-list could not be found."}"#,
            headers: json!({}),
            kind: ErrorKind::NotFound,
            messages: &["The route api/v1/smtp-domain-list could not be found."],
            excerpt_starts: None,
        },
        ErrorCase {
            name: "Laravel's 405",
            status: 405,
            content_type: json,
            body: r#"{"message":"The GET method is not supported for route api/v1/smtp-domain-list. Supported methods: POST."}"#,
            headers: json!({"Allow": "POST"}),
            kind: ErrorKind::NotFound,
            messages: &["The GET method is not supported for route api/v1/smtp-domain-list. Supported methods: POST."],
            excerpt_starts: None,
        },
        ErrorCase {
            name: "Laravel's 422 with an errors object",
            status: 422,
            content_type: json,
            body: r#"{"message":"The user id field is required. (and 1 more error)","errors":{"user_id":["The user id field is required."],"domain_name":["The domain name field is required."]}}"#,
            headers: json!({}),
            kind: ErrorKind::Validation,
            messages: &["The user id field is required.", "The domain name field is required."],
            excerpt_starts: None,
        },
        ErrorCase {
            name: "Laravel's 429",
            status: 429,
            content_type: json,
            body: r#"{"message":"Too Many Attempts."}"#,
            headers: json!({"Retry-After": "30", "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0"}),
            kind: ErrorKind::RateLimited,
            messages: &["Too Many Attempts."],
            excerpt_starts: None,
        },
        ErrorCase {
            name: "success:false at 200 with a field map",
            status: 200,
            content_type: json,
            body: r#"{"success":false,"data":{"domain_name":["The domain name has already been taken."]}}"#,
            headers: json!({}),
            kind: ErrorKind::Validation,
            messages: &["The domain name has already been taken."],
            excerpt_starts: None,
        },
        ErrorCase {
            name: "the wrong-user envelope",
            status: 403,
            content_type: json,
            body: r#"{"success":false,"data":["wrong user id"]}"#,
            headers: json!({}),
            kind: ErrorKind::WrongUser,
            messages: &["wrong user id"],
            excerpt_starts: None,
        },
        ErrorCase {
            name: "truncated JSON",
            status: 200,
            content_type: json,
            body: r#"{"success":true,"data":{"domains":[{"id":1,"domain_na"#,
            headers: json!({}),
            kind: ErrorKind::Server,
            messages: &[],
            excerpt_starts: Some(r#"{"success":true"#),
        },
        ErrorCase {
            name: "a JSON body that is not an object",
            status: 200,
            content_type: json,
            body: r#""OK""#,
            headers: json!({}),
            kind: ErrorKind::Server,
            messages: &[],
            excerpt_starts: Some(r#""OK""#),
        },
    ]
}

#[tokio::test]
async fn error_bodies_become_the_right_kind_and_messages() {
    let (sandbox, admin, _) = common::demo().await;
    // Unpaced: the scripted 429 says the window is spent for 30 s, which a paced client would
    // wait out before the next case.
    let client = common::unpaced_demo_client(&sandbox)
        .await
        .with_options(RequestOptions::new().max_retries(0));
    for case in error_cases() {
        admin
            .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": case.status, "body": case.body,
                          "content_type": case.content_type, "headers": case.headers}))
            .await;
        let err = client.domains().list().await.expect_err(case.name);
        assert_eq!(err.kind(), case.kind, "{}: {err}", case.name);
        assert_eq!(err.status(), Some(case.status), "{}", case.name);
        assert_eq!(err.messages(), case.messages, "{}", case.name);
        let excerpt = err.context().body_excerpt.as_deref();
        match case.excerpt_starts {
            Some(start) => assert!(
                excerpt.is_some_and(|e| e.starts_with(start)),
                "{}: {excerpt:?}",
                case.name
            ),
            None => assert_eq!(excerpt, None, "{}", case.name),
        }
        if case.kind == ErrorKind::RateLimited {
            assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(30)));
        }
    }
}

#[tokio::test]
async fn php_values_and_unknown_fields_decode() {
    let (_sandbox, admin, client) = common::demo().await;
    let domains = json!({"success": "1", "data": {"domains": [
        {"id": "7", "domain_name": "x.example.com", "host": "", "selector": null, "status": "verified",
         "verified_at": "2026-05-06 18:00:00", "team": {"id": 3}, "is_primary": 1}
    ]}});
    admin
        .fault(json!({"path": DOMAIN_LIST, "kind": "status", "status": 200, "body": domains}))
        .await;
    let listed = client.domains().list().await.unwrap();
    assert_eq!(listed[0].id, 7);
    assert_eq!(listed[0].host, None, "\"\" is absent");
    assert_eq!(listed[0].selector, None);
    assert_eq!(listed[0].extra["team"], json!({"id": 3}));
    assert_eq!(listed[0].extra["is_primary"], json!(1));

    let templates = json!({"success": true, "data": {"templates": [
        {"id": 1, "user_id": "", "name": "T", "html_body": "<p>", "active": "0"},
        {"id": "2", "user_id": "5", "name": "U", "active": 1}
    ]}});
    admin.fault(json!({"path": "/v1/smtp-template-index", "kind": "status", "status": 200, "body": templates})).await;
    let listed = client.templates().list().await.unwrap();
    assert_eq!((listed[0].user_id, listed[0].active), (None, Some(false)));
    assert_eq!(
        (listed[1].id, listed[1].user_id, listed[1].active),
        (2, Some(5), Some(true))
    );
}

#[tokio::test]
async fn verify_reads_a_failed_check_as_an_answer() {
    let (_sandbox, admin, client) = common::demo().await;
    let body =
        json!({"success": true, "data": {"success": "0", "message": "DKIM record does not match"}});
    admin.fault(json!({"path": "/v1/smtp-domain-verify", "kind": "status", "status": 200, "body": body})).await;
    let answer = client.domains().verify("x.example.com").await.unwrap();
    assert!(!answer.verified);
    assert_eq!(
        answer.message.as_deref(),
        Some("DKIM record does not match")
    );
}

#[tokio::test]
async fn an_inner_failure_of_domain_add_is_validation() {
    let (_sandbox, admin, client) = common::demo().await;
    let body = json!({"success": true, "data": {"success": false, "message": "Domain already exists in DKIM records"}});
    admin
        .fault(
            json!({"path": "/v1/smtp-domain-add", "kind": "status", "status": 200, "body": body}),
        )
        .await;
    let err = client.domains().add("dup.example.com").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.messages(), ["Domain already exists in DKIM records"]);
}
