//! Tracing spans per call and the warning of a server-imposed wait, with the token and password
//! kept out of the logs.
//! A test binary of its own, with one global subscriber its tests share: `tracing` caches
//! per-callsite interest process-wide, and a thread-scoped subscriber (`with_default`) raced with
//! the sandbox's threads registering the same callsites and lost events. A global one sees every
//! thread.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::json;

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything logged in this process so far, as text (the subscriber is installed on first use).
fn logs() -> String {
    static BUFFER: OnceLock<Buffer> = OnceLock::new();
    let buffer = BUFFER.get_or_init(|| {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("the only subscriber in this binary");
        buffer
    });
    String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap()
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn calls_are_traced_and_the_token_and_password_never_appear() {
    logs();
    let sandbox = common::sandbox();
    let token = block_on(async {
        let client = common::demo_client(&sandbox).await;
        client.domains().list().await.unwrap();
        client.templates().get(999_999).await.unwrap_err();
        client.token().unwrap().expose().to_owned()
    });
    let logs = logs();
    assert!(logs.contains("smtpprovider.call"), "{logs}");
    assert!(logs.contains("endpoint=\"domains.list\""), "{logs}");
    assert!(
        logs.contains("status=200") && logs.contains("status=404"),
        "{logs}"
    );
    assert!(logs.contains("attempt=1"), "{logs}");
    assert!(logs.contains("latency_ms="), "{logs}");
    let secret_part = token.split('|').nth(1).unwrap();
    assert!(
        !logs.contains(secret_part),
        "the token leaked into the logs"
    );
    assert!(
        !logs.contains(common::DEMO_PASSWORD),
        "the password leaked into the logs"
    );
}

#[test]
fn waiting_on_retry_after_is_a_warning_that_says_how_long() {
    logs();
    let sandbox = common::sandbox();
    block_on(async {
        let admin = common::Admin::new(&sandbox);
        let client = common::demo_client(&sandbox).await;
        admin
            .fault(json!({"path": "/v1/smtp-domain-list", "kind": "status", "status": 429,
                          "body": {"message": "Too Many Attempts."}, "headers": {"Retry-After": "1"}}))
            .await;
        client.domains().list().await.unwrap();
    });
    let logs = logs();
    let warning = logs
        .lines()
        .find(|line| line.contains("Retry-After"))
        .unwrap_or_else(|| panic!("no Retry-After warning in {logs}"));
    assert!(warning.contains("WARN"), "{warning}");
    assert!(
        warning.contains(
            "rate limited (429): waiting 1.0 s as the server's Retry-After asks, retry 1 of 2"
        ),
        "{warning}"
    );
    assert!(warning.contains("endpoint=\"domains.list\""), "{warning}");
    assert!(warning.contains("wait_s=1"), "{warning}");
}
