//! Everything `tracing` logs in a test binary, as text, for tests that check log lines.
//!
//! One global subscriber per binary (installed on first use), shared by its tests: `tracing`
//! caches per-callsite interest process-wide, and a thread-scoped subscriber (`with_default`)
//! raced with the sandbox's threads registering the same callsites and lost events. A global one
//! sees every thread. A binary that uses this must install no other subscriber.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

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

/// Everything logged in this process so far (the subscriber is installed on first use).
pub fn logs() -> String {
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
