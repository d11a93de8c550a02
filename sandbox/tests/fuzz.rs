//! Throws random bytes, oversized bodies, wrongly typed JSON, odd methods and odd paths at every
//! route (seeded, bounded) and checks that each gets a well-formed HTTP answer and that the sandbox
//! keeps serving.

mod common;

use std::time::Duration;

use common::{start, Session};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::Method;
use serde_json::{json, Map, Value};

const ROUNDS: usize = 600;
const SEED: u64 = 0x5eed_2026;

const PATHS: &[&str] = &[
    "/api/smtp-token-generate",
    "/api/v1/smtp-domain-add",
    "/api/v1/smtp-domain-list",
    "/api/v1/smtp-domain-view",
    "/api/v1/smtp-domain-verify",
    "/api/v1/smtp-sender-list",
    "/api/v1/smtp-domain-sender-add",
    "/api/v1/smtp-domain-sender-verify",
    "/api/v1/smtp-template-index",
    "/api/v1/smtp-template-default",
    "/api/v1/smtp-template-show",
    "/api/v1/smtp-template-add",
    "/api/v1/smtp-template-update",
    "/api/v1/smtp-mailing-list",
    "/api/v1/smtp-mailing-add",
    "/api/v1/smtp-campaign-index",
    "/api/v1/smtp-campaign-create",
    "/api/v1/smtp-campaign-store",
    "/api/v1/smtp-campaign-pause",
    "/api/v1/smtp-campaign-edit",
    "/api/v1/smtp-campaign-update",
    "/api/v1/smtp-welcome-mail",
    "/_sandbox/health",
    "/_sandbox/users",
    "/_sandbox/clock",
    "/_sandbox/dns",
    "/_sandbox/subscribers",
    "/_sandbox/outbox",
    "/_sandbox/requests",
    "/_sandbox/verify-sender/abc",
    "/api",
    "/api/",
    "/api/v1/smtp-domain-list/extra",
    "/api/v1/%00%ff",
    "/api/v1/../v1/smtp-domain-list",
    "/_sandbox",
    "/",
];

const FIELDS: &[&str] = &[
    "user_id",
    "domain_name",
    "from_email",
    "sender_name",
    "template_id",
    "campaign_id",
    "mailing_list_id",
    "all_request",
    "begins_at",
    "segment",
    "campaign_name",
    "speed",
    "name",
    "html_body",
    "active",
    "shop_name",
    "subject",
    "html_content",
    "email",
    "password",
    "count",
    "emails",
    "advance_seconds",
    "set",
    "value",
    "values",
    "type",
    "vmta_id",
];

fn random_string(rng: &mut StdRng) -> String {
    let len = rng.gen_range(0..40);
    (0..len)
        .map(|_| {
            if rng.gen_bool(0.8) {
                rng.gen_range(' '..='~')
            } else {
                rng.gen::<char>()
            }
        })
        .collect()
}

fn random_value(rng: &mut StdRng, depth: u32) -> Value {
    match rng.gen_range(0..10) {
        0 => Value::Null,
        1 => json!(rng.gen::<bool>()),
        2 => json!(rng.gen::<i64>()),
        3 => json!(rng.gen_range(-3..1000)),
        4 => json!(rng.gen::<f64>() * 1e12),
        5 => json!(random_string(rng)),
        6 => json!("x".repeat(rng.gen_range(200..5000))),
        7 if depth < 3 => Value::Array(
            (0..rng.gen_range(0..4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        8 if depth < 3 => random_object(rng, depth + 1),
        _ => json!(
            [
                "1",
                "0",
                "2026-05-06 18:00:00",
                "a@b.co",
                "example.com",
                "1"
            ][rng.gen_range(0..6)]
        ),
    }
}

fn random_object(rng: &mut StdRng, depth: u32) -> Value {
    let mut object = Map::new();
    for _ in 0..rng.gen_range(0..8) {
        object.insert(
            FIELDS[rng.gen_range(0..FIELDS.len())].to_string(),
            random_value(rng, depth),
        );
    }
    Value::Object(object)
}

fn random_method(rng: &mut StdRng) -> Method {
    let methods = [
        "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "FOO", "GET", "POST",
    ];
    Method::from_bytes(methods[rng.gen_range(0..methods.len())].as_bytes()).unwrap()
}

fn random_body(rng: &mut StdRng) -> Vec<u8> {
    match rng.gen_range(0..6) {
        0 => (0..rng.gen_range(0..2000)).map(|_| rng.gen()).collect(),
        1 => vec![b'{'; 2 * 1024 * 1024],
        2 => b"{\"user_id\": ".to_vec(),
        _ => random_object(rng, 0).to_string().into_bytes(),
    }
}

#[tokio::test]
async fn random_requests_always_get_a_well_formed_answer() {
    let sandbox = start();
    let session = Session::demo(&sandbox).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut rng = StdRng::seed_from_u64(SEED);
    for round in 0..ROUNDS {
        let path = PATHS[rng.gen_range(0..PATHS.len())];
        let method = random_method(&mut rng);
        let query = random_object(&mut rng, 2);
        let query: Vec<(String, String)> = query
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_string),
                )
            })
            .collect();
        let mut request = client
            .request(method.clone(), format!("{}{path}", sandbox.root_url()))
            .query(&query);
        if rng.gen_bool(0.8) {
            request = request.bearer_auth(&session.token);
        }
        if rng.gen_bool(0.7) {
            request = request.header(
                "Content-Type",
                if rng.gen_bool(0.9) {
                    "application/json"
                } else {
                    "application/x-www-form-urlencoded"
                },
            );
        }
        if method != Method::GET && method != Method::HEAD || rng.gen_bool(0.2) {
            request = request.body(random_body(&mut rng));
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("round {round}: {method} {path} got no answer: {e:?}"));
        let status = response.status().as_u16();
        assert!(
            (100..600).contains(&status),
            "round {round}: {method} {path} answered {status}"
        );
        assert!(
            status < 500,
            "round {round}: {method} {path} answered a server error {status}"
        );
    }
    let health = client
        .get(format!("{}/_sandbox/health", sandbox.root_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    session.get("/v1/smtp-domain-list", json!({})).await.data();
}

#[tokio::test]
async fn garbage_on_the_socket_gets_a_400_or_a_close() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let sandbox = start();
    let mut rng = StdRng::seed_from_u64(SEED + 1);
    for round in 0..30 {
        let mut stream = tokio::net::TcpStream::connect(sandbox.addr())
            .await
            .unwrap();
        let mut garbage: Vec<u8> = (0..rng.gen_range(1..3000)).map(|_| rng.gen()).collect();
        garbage.extend_from_slice(b"\r\n\r\n");
        // The server may close before reading everything; a failed write is an acceptable outcome.
        let _ = stream.write_all(&garbage).await;
        let mut answer = Vec::new();
        let read =
            tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
        assert!(
            read.is_ok(),
            "round {round}: the server neither answered nor closed"
        );
        let text = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || text.starts_with("HTTP/1.1 4"),
            "round {round}: {text}"
        );
    }
    let health = common::http()
        .get(format!("{}/_sandbox/health", sandbox.root_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}
