//! Logging in, tokens, and what every route does before its endpoint runs: 401, 403, 404, 405,
//! 413 and Laravel's treatment of malformed bodies.

mod common;

use common::{call, http, start, token_generate, Session};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn login_returns_a_sanctum_token_and_the_user() {
    let sandbox = start();
    let answer = token_generate(
        &sandbox,
        json!({"email": "demo@example.com", "password": "demo-password"}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["status"], true);
    assert_eq!(answer.body["message"], "Token Created Successfully");
    assert_eq!(
        answer.body["user"],
        json!({"id": 1, "name": "Demo User", "email": "demo@example.com"})
    );
    let token = answer.body["token"].as_str().unwrap();
    let (id, secret) = token.split_once('|').unwrap();
    assert!(id.parse::<u64>().is_ok());
    assert_eq!(secret.len(), 40);
    assert!(secret.chars().all(|c| c.is_ascii_alphanumeric()));
}

#[tokio::test]
async fn each_login_makes_a_new_token_and_both_work() {
    let sandbox = start();
    let first = Session::demo(&sandbox).await;
    let second = Session::demo(&sandbox).await;
    assert_ne!(first.token, second.token);
    first.get("/v1/smtp-domain-list", json!({})).await.data();
    second.get("/v1/smtp-domain-list", json!({})).await.data();
}

#[tokio::test]
async fn bad_credentials_answer_401_with_the_token_envelope() {
    let sandbox = start();
    for body in [
        json!({"email": "demo@example.com", "password": "wrong"}),
        json!({"email": "nobody@example.com", "password": "demo-password"}),
    ] {
        let answer = token_generate(&sandbox, body).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            answer.body,
            json!({"status": false, "message": "Invalid email or password"})
        );
    }
}

#[tokio::test]
async fn token_validation_failures_use_laravels_shape() {
    let sandbox = start();
    let answer = token_generate(&sandbox, json!({"password": "x"})).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.body,
        json!({"status": false, "message": "The email field is required.", "errors": {"email": ["The email field is required."]}})
    );
    let answer = token_generate(&sandbox, json!({"email": "not-an-email"})).await;
    assert_eq!(
        answer.body["message"],
        "The email field must be a valid email address. (and 1 more error)"
    );
    assert_eq!(
        answer.body["errors"]["password"],
        json!(["The password field is required."])
    );
}

#[tokio::test]
async fn protected_routes_need_a_valid_token() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let client = http();
    for token in [
        None,
        Some("garbage"),
        Some("1|wrongsecret"),
        Some("999|abc"),
    ] {
        let answer = call(
            &client,
            sandbox.base_url(),
            Method::GET,
            "/v1/smtp-domain-list",
            token,
            json!({"user_id": session.user_id}),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "token {token:?}");
        assert_eq!(answer.body, json!({"message": "Unauthenticated."}));
    }
}

#[tokio::test]
async fn reset_revokes_tokens_and_keeps_seed_users() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    sandbox.create_user("temp@example.com", "pw", None).unwrap();
    sandbox.reset();
    let answer = session.get("/v1/smtp-domain-list", json!({})).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let again = Session::demo(&sandbox).await;
    again.get("/v1/smtp-domain-list", json!({})).await.data();
    let temp = token_generate(
        &sandbox,
        json!({"email": "temp@example.com", "password": "pw"}),
    )
    .await;
    assert_eq!(temp.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn validation_comes_before_the_wrong_user_check() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let missing = session
        .raw(Method::GET, "/v1/smtp-domain-list", json!({}))
        .await;
    assert_eq!(missing.errors(422), ["The user id field is required."]);
    let not_int = session
        .raw(
            Method::GET,
            "/v1/smtp-domain-list",
            json!({"user_id": "abc"}),
        )
        .await;
    assert_eq!(
        not_int.errors(422),
        ["The user id field must be an integer."]
    );
    let wrong = session
        .raw(Method::GET, "/v1/smtp-domain-list", json!({"user_id": 99}))
        .await;
    assert_eq!(wrong.errors(403), ["wrong user id"]);
    // Both orders at once: invalid input wins over the wrong user.
    let both = session
        .raw(Method::POST, "/v1/smtp-domain-add", json!({"user_id": 99}))
        .await;
    assert_eq!(both.errors(422), ["The domain name field is required."]);
}

#[tokio::test]
async fn user_id_may_be_a_number_or_a_numeric_string() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let as_string = session
        .raw(
            Method::POST,
            "/v1/smtp-mailing-add",
            json!({"user_id": session.user_id.to_string(), "name": "A"}),
        )
        .await;
    assert_eq!(as_string.data()["mailing"]["name"], "A");
    let as_number = session
        .raw(
            Method::POST,
            "/v1/smtp-mailing-add",
            json!({"user_id": session.user_id, "name": "B"}),
        )
        .await;
    assert_eq!(as_number.data()["mailing"]["name"], "B");
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_answer_like_laravel() {
    let sandbox = start();
    let client = http();
    let base = sandbox.base_url();
    let missing = call(&client, base, Method::GET, "/v1/x", None, json!({})).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.body,
        json!({"message": "The route api/v1/x could not be found."})
    );

    let wrong = call(
        &client,
        base,
        Method::GET,
        "/smtp-token-generate",
        None,
        json!({}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong.headers["allow"], "POST");
    assert_eq!(wrong.body["message"], "The GET method is not supported for route api/smtp-token-generate. Supported methods: POST.");

    let wrong = call(
        &client,
        base,
        Method::DELETE,
        "/v1/smtp-domain-list",
        None,
        json!({}),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong.headers["allow"], "GET, HEAD");

    let outside = client
        .get(format!("{}/elsewhere", sandbox.root_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn head_and_options_are_answered() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let url = format!(
        "{}/v1/smtp-domain-list?user_id={}",
        session.base, session.user_id
    );
    let head = session
        .http
        .head(&url)
        .bearer_auth(&session.token)
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert!(head.bytes().await.unwrap().is_empty());
    let options = session
        .http
        .request(Method::OPTIONS, &url)
        .send()
        .await
        .unwrap();
    assert_eq!(options.status(), StatusCode::OK);
    assert_eq!(options.headers()["allow"], "GET, HEAD");
}

#[tokio::test]
async fn malformed_json_is_treated_as_empty_input() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    for body in ["{not json", "[1,2,3]", "\"text\"", ""] {
        let response = session
            .http
            .post(format!("{}/v1/smtp-domain-add", session.base))
            .bearer_auth(&session.token)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "body {body:?}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert_eq!(
            json["data"],
            json!([
                "The user id field is required.",
                "The domain name field is required."
            ])
        );
    }
}

#[tokio::test]
async fn bodies_over_the_limit_answer_413() {
    let sandbox = common::start_with(smtpprovider_sandbox::SandboxConfig {
        rate_limit_per_minute: 0,
        max_body_bytes: 1000,
        ..Default::default()
    });
    let session = Session::demo(&sandbox).await;
    let big = json!({"name": "x".repeat(2000)});
    let answer = session.post("/v1/smtp-mailing-add", big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(answer.body["message"]
        .as_str()
        .unwrap()
        .contains("1000 bytes"));
    // Without a Content-Length (a chunked body), the limit still holds.
    let chunk = format!("320\r\n{}\r\n", " ".repeat(800));
    let request = format!(
        "POST /api/v1/smtp-mailing-add HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunk}{chunk}0\r\n\r\n",
        session.token
    );
    let answer = raw_exchange(sandbox.addr(), request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    session
        .post("/v1/smtp-mailing-add", json!({"name": "small"}))
        .await
        .data();
}

/// Writes raw bytes to the server and reads what comes back until it closes (bounded).
async fn raw_exchange(addr: std::net::SocketAddr, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the server neither answered nor closed");
    String::from_utf8_lossy(&answer).into_owned()
}
