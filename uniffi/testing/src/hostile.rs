//! [`TestHostileServer`]: the sandbox crate's raw TCP server that misbehaves as a fault case file
//! scripts it (`tests/faults/cases.json`), so the Kotlin (and Swift) tests run the same fault
//! matrix as the other languages. A thin wrapper: start, a case's base URL, what it saw, stop.

use std::sync::{Arc, Mutex};

use crate::sandbox::SandboxError;

/// What a hostile server saw of one run of a case.
#[derive(Debug, Clone, uniffi::Record)]
pub struct HostileStats {
    /// Requests received (a followed redirect's hop is one more).
    pub requests: u32,
    /// Bytes of the last response's body written (chunk framing included).
    pub body_bytes_sent: u64,
    /// Whether the client went away before the last response was all written.
    pub closed_early: bool,
}

/// A running hostile server on 127.0.0.1; `stop()`, `close()` or dropping it stops it.
#[derive(uniffi::Object)]
pub struct TestHostileServer {
    inner: Mutex<Option<smtpprovider_sandbox::HostileServer>>,
}

impl TestHostileServer {
    fn with<T>(
        &self,
        run: impl FnOnce(&smtpprovider_sandbox::HostileServer) -> Result<T, SandboxError>,
    ) -> Result<T, SandboxError> {
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(server) => run(server),
            None => Err(SandboxError::Unavailable {
                detail: "the hostile server is stopped".to_owned(),
            }),
        }
    }
}

#[uniffi::export]
impl TestHostileServer {
    /// Starts a server playing the cases of `case_file` (the file's JSON text); a malformed file
    /// is refused (422).
    #[uniffi::constructor]
    pub fn new(case_file: String) -> Result<Arc<TestHostileServer>, SandboxError> {
        let server =
            smtpprovider_sandbox::HostileServer::start(&case_file).map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidInput => SandboxError::Refused {
                    status: 422,
                    detail: e.to_string(),
                },
                _ => SandboxError::Unavailable {
                    detail: format!("the hostile server did not start: {e}"),
                },
            })?;
        Ok(Arc::new(TestHostileServer {
            inner: Mutex::new(Some(server)),
        }))
    }

    /// The base URL of one run of a case (`run_name` names it, e.g. `"get"`); an unknown case
    /// is refused (404). (Not `case`: a keyword in C and Swift.)
    pub fn base_url(&self, case_name: String, run_name: String) -> Result<String, SandboxError> {
        self.with(|s| Ok(s.base_url(&case_name, &run_name)?))
    }

    /// What the server saw of one run so far.
    pub fn stats(&self, case_name: String, run_name: String) -> Result<HostileStats, SandboxError> {
        self.with(|s| {
            let stats = s.stats(&case_name, &run_name);
            Ok(HostileStats {
                requests: stats.requests,
                body_bytes_sent: stats.body_bytes_sent,
                closed_early: stats.closed_early,
            })
        })
    }

    /// Stops the server (idempotent); its thread is joined.
    pub fn stop(&self) {
        let server = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(server);
    }
}
