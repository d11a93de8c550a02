//! What goes on the wire: headers and the response size bound, observed by a tiny recording
//! HTTP server each test starts on 127.0.0.1 (redirects are in `redirects.rs`); and a base URL
//! with an IPv6 literal, against a sandbox on `[::1]`.

use std::sync::{Arc, Mutex};

use smtpprovider::{Client, ErrorKind, NewTemplate};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the recorder received it: the request line and lower-cased headers.
#[derive(Debug, Clone)]
struct Recorded {
    line: String,
    headers: Vec<(String, String)>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Serves `response` (raw HTTP, written verbatim) to every connection and records the requests.
async fn recorder(response: String) -> (String, Arc<Mutex<Vec<Recorded>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = Vec::new();
            let mut chunk = [0u8; 4096];
            // Read the head, then as much body as Content-Length says.
            let head_end = loop {
                let n = socket.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break None;
                }
                buffer.extend_from_slice(&chunk[..n]);
                if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    break Some(at);
                }
            };
            let Some(head_end) = head_end else { continue };
            let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
            let mut lines = head.split("\r\n");
            let line = lines.next().unwrap_or_default().to_owned();
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            let length: usize = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            while buffer.len() < head_end + 4 + length {
                let n = socket.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            seen.lock().unwrap().push(Recorded { line, headers });
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (base, log)
}

fn json_response(body: &str) -> String {
    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
}

#[tokio::test]
async fn every_request_says_it_wants_json_and_posts_say_they_send_it() {
    let template = r#"{"success":true,"data":{"template":{"id":1,"name":"T"},"templates":[]}}"#;
    let (base, log) = recorder(json_response(template)).await;
    let client = Client::builder()
        .base_url(format!("{base}/api"))
        .token("5|secret-token")
        .user_id(5)
        .build()
        .unwrap();
    client.templates().list().await.unwrap();
    client
        .templates()
        .add(&NewTemplate::new("T", "<p>"))
        .await
        .unwrap();
    let log = log.lock().unwrap().clone();
    assert_eq!(log.len(), 2);
    let (get, post) = (&log[0], &log[1]);
    assert_eq!(
        get.line,
        "GET /api/v1/smtp-template-index?user_id=5 HTTP/1.1"
    );
    assert_eq!(post.line, "POST /api/v1/smtp-template-add HTTP/1.1");
    for request in [get, post] {
        assert_eq!(request.header("accept"), Some("application/json"));
        assert_eq!(
            request.header("authorization"),
            Some("Bearer 5|secret-token")
        );
        assert!(request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("smtpprovider-rust/")));
    }
    assert_eq!(post.header("content-type"), Some("application/json"));
    assert_eq!(get.header("content-type"), None);
}

#[tokio::test]
async fn a_chunked_response_over_the_limit_is_not_read_further() {
    let chunk = "x".repeat(1000);
    let mut response = String::from("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    for _ in 0..100 {
        response.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    response.push_str("0\r\n\r\n");
    let (base, _) = recorder(response).await;
    let client = Client::builder()
        .base_url(format!("{base}/api"))
        .token("1|t")
        .user_id(1)
        .max_response_bytes(10_000)
        .build()
        .unwrap();
    let err = client.domains().list().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(
        err.to_string().contains("max_response_bytes (10000)"),
        "{err}"
    );
}

#[tokio::test]
async fn a_base_url_with_an_ipv6_literal_is_reached_over_ipv6() {
    let sandbox = smtpprovider_sandbox::Sandbox::start(smtpprovider_sandbox::SandboxConfig {
        host: std::net::Ipv6Addr::LOCALHOST.into(),
        rate_limit_per_minute: 0,
        ..Default::default()
    })
    .expect("a sandbox on [::1]");
    assert!(
        sandbox.base_url().starts_with("http://[::1]:"),
        "{}",
        sandbox.base_url()
    );
    // Plain http is allowed to loopback, an IPv6 literal included.
    let client = Client::builder()
        .base_url(sandbox.base_url())
        .login("demo@example.com", "demo-password")
        .await
        .unwrap();
    assert!(client.domains().list().await.unwrap().is_empty());
}
