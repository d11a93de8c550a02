//! `smtpprovider.testing.HostileServer`: the sandbox crate's raw TCP server that misbehaves as a
//! fault case file scripts it (`tests/faults/cases.json`), so Python tests run the same fault
//! matrix as the other languages. A thin wrapper: start, a case's base URL, what it saw, stop.

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::testing::{sandbox_error, to_python};

/// A running hostile server; stopped by `stop()`, by leaving its `with` block, or when collected.
#[pyclass(module = "smtpprovider.testing", name = "HostileServer")]
pub(crate) struct HostileServer {
    inner: Option<smtpprovider_sandbox::HostileServer>,
}

impl HostileServer {
    fn running(&self) -> PyResult<&smtpprovider_sandbox::HostileServer> {
        self.inner
            .as_ref()
            .ok_or_else(|| PyOSError::new_err("the hostile server is stopped"))
    }
}

#[pymethods]
impl HostileServer {
    /// Starts a server on 127.0.0.1 playing the cases of `case_file` (the file's JSON text);
    /// a malformed file is a `ValueError`.
    #[new]
    fn new(py: Python<'_>, case_file: &str) -> PyResult<Self> {
        let server = py
            .detach(|| smtpprovider_sandbox::HostileServer::start(case_file))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidInput => PyValueError::new_err(e.to_string()),
                _ => PyOSError::new_err(e.to_string()),
            })?;
        Ok(HostileServer {
            inner: Some(server),
        })
    }

    /// The base URL of one run of `case` (`run` names it, e.g. `"get"`); an unknown case is a
    /// `SandboxError` (404).
    fn base_url(&self, py: Python<'_>, case: &str, run: &str) -> PyResult<String> {
        self.running()?
            .base_url(case, run)
            .map_err(|e| sandbox_error(py, e))
    }

    /// What the server saw of one run: `{"requests", "body_bytes_sent", "closed_early"}`.
    fn stats<'py>(&self, py: Python<'py>, case: &str, run: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.running()?.stats(case, run))
    }

    /// Stops the server (idempotent).
    fn stop(&mut self, py: Python<'_>) {
        if let Some(server) = self.inner.take() {
            py.detach(move || drop(server));
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc_info))]
    fn __exit__(&mut self, py: Python<'_>, _exc_info: &Bound<'_, PyTuple>) {
        self.stop(py);
    }

    fn __repr__(&self) -> &'static str {
        match &self.inner {
            Some(_) => "HostileServer(running)",
            None => "HostileServer(stopped)",
        }
    }
}
