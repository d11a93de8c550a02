//! Tracing spans per call, and secrets kept out of `Debug`, logs and errors.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use smtpprovider::{Client, Secret};

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

#[test]
fn calls_are_traced_and_the_token_and_password_never_appear() {
    let sandbox = common::sandbox();
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let token = tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let client = common::demo_client(&sandbox).await;
            client.domains().list().await.unwrap();
            client.templates().get(999_999).await.unwrap_err();
            client.token().unwrap().expose().to_owned()
        })
    });
    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("smtpprovider.call"), "{logs}");
    assert!(logs.contains("endpoint=\"domains.list\""), "{logs}");
    assert!(logs.contains("status=200") && logs.contains("status=404"), "{logs}");
    assert!(logs.contains("attempt=1"), "{logs}");
    assert!(logs.contains("latency_ms="), "{logs}");
    let secret_part = token.split('|').nth(1).unwrap();
    assert!(!logs.contains(secret_part), "the token leaked into the logs");
    assert!(!logs.contains(common::DEMO_PASSWORD), "the password leaked into the logs");
}

#[tokio::test]
async fn debug_and_errors_redact_the_token() {
    let sandbox = common::sandbox();
    let client = common::demo_client(&sandbox).await;
    let token = client.token().unwrap().expose().to_owned();
    let secret_part = token.split('|').nth(1).unwrap().to_owned();
    let builder = Client::builder().base_url(sandbox.base_url()).token(token.as_str()).user_id(1);
    let shown = format!("{client:?} {builder:?} {:?}", Secret::new(token.as_str()));
    assert!(!shown.contains(&secret_part), "{shown}");
    assert!(shown.contains("***"));
    let err = client.templates().get(123_456).await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains(&secret_part));
}
