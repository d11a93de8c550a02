//! `NativeHostileServer`: the sandbox crate's raw TCP server that misbehaves as a fault case file
//! scripts it (`tests/faults/cases.json`), for the `smtpprovider/testing` module's
//! `HostileServer`, so the Node suite runs the same fault matrix as the other languages.

use napi_derive::napi;

use crate::errors;
use crate::stoppable::Stoppable;
use crate::testing::sandbox_error;

/// A running hostile server; stopped by `stop()` or when collected.
#[napi]
pub struct NativeHostileServer {
    inner: Stoppable<smtpprovider_sandbox::HostileServer>,
}

#[napi]
impl NativeHostileServer {
    /// Starts a server on 127.0.0.1 playing the cases of `caseFile` (the file's JSON text).
    #[napi(catch_unwind, factory)]
    pub fn start(case_file: String) -> napi::Result<Self> {
        let server = smtpprovider_sandbox::HostileServer::start(&case_file)
            .map_err(|e| errors::invalid_input(format!("the hostile server did not start: {e}")))?;
        Ok(NativeHostileServer {
            inner: Stoppable::new("the hostile server", server),
        })
    }

    /// The base URL of one run of `case` (`run` names it, e.g. `"get"`); an unknown case is refused.
    #[napi(catch_unwind)]
    pub fn base_url(&self, case: String, run: String) -> napi::Result<String> {
        self.inner
            .with(|s| s.base_url(&case, &run).map_err(sandbox_error))
    }

    /// What the server saw of one run, as JSON: `{"requests", "body_bytes_sent", "closed_early"}`.
    #[napi(catch_unwind)]
    pub fn stats(&self, case: String, run: String) -> napi::Result<String> {
        self.inner.with(|s| {
            serde_json::to_string(&s.stats(&case, &run))
                .map_err(|e| errors::invalid_input(e.to_string()))
        })
    }

    /// Stops the server (idempotent).
    #[napi(catch_unwind)]
    pub fn stop(&self) {
        self.inner.stop();
    }
}
