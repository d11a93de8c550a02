//! Tracing spans per call, with the token and password kept out of the logs.
//! Alone in its test binary, with a global subscriber: `tracing` caches per-callsite interest
//! process-wide, and a thread-scoped subscriber (`with_default`) raced with the sandbox's threads
//! registering the same callsites and lost events. A global one sees every thread.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

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
    tracing::subscriber::set_global_default(subscriber)
        .expect("the only subscriber in this binary");
    let token = {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client = common::demo_client(&sandbox).await;
            client.domains().list().await.unwrap();
            client.templates().get(999_999).await.unwrap_err();
            client.token().unwrap().expose().to_owned()
        })
    };
    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
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
