//! [`Connection`]: the core client a Python client object drives, closed by `close()` and given
//! a connection pool of its own after `fork()`.
//!
//! Pooled connections are sockets shared with the parent after a fork (two processes writing
//! to one socket interleave their requests) and are driven by tasks of the parent's runtime,
//! which does not run in the child. So a client first used in a new process switches to a fresh
//! pool with the same session and settings; the inherited one is left alone.

use pyo3::prelude::*;

use crate::errors;

/// The state behind a `Client` or `AsyncClient`. It lives inside the Python object, so the GIL
/// guards it and no lock is needed (none that a fork could leave held).
pub(crate) struct Connection {
    /// `None` once closed.
    client: Option<smtpprovider::Client>,
    /// The process whose pool `client` uses.
    pid: u32,
}

impl Connection {
    /// Wraps a core client made in this process.
    pub(crate) fn new(client: smtpprovider::Client) -> Self {
        Connection {
            client: Some(client),
            pid: crate::pid::current(),
        }
    }

    /// The core client to call with (a cheap `Arc` clone), on a pool of this process's own.
    pub(crate) fn current(&mut self, py: Python<'_>) -> PyResult<smtpprovider::Client> {
        let Some(client) = &self.client else {
            return Err(errors::invalid_input(py, None, "the client is closed"));
        };
        let pid = crate::pid::current();
        if pid != self.pid {
            let fresh = smtpprovider::blocking::Client::from_async(client)
                .map_err(|e| errors::to_py(py, &e))?;
            // The inherited client is forgotten, not dropped: its pool belongs to the parent's
            // runtime, whose tasks no longer run here.
            if let Some(inherited) = self.client.replace(fresh.as_async().clone()) {
                std::mem::forget(inherited);
            }
            self.pid = pid;
        }
        match &self.client {
            Some(client) => Ok(client.clone()),
            None => Err(errors::invalid_input(py, None, "the client is closed")),
        }
    }

    /// The core client, for reading settings (base URL, user id); `None` once closed.
    pub(crate) fn peek(&self) -> Option<&smtpprovider::Client> {
        self.client.as_ref()
    }

    /// Drops the client and with it the connection pool (when no call is still using it).
    pub(crate) fn close(&mut self) {
        self.client = None;
    }
}
