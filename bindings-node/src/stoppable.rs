//! A server that a JS object owns until its `stop()`: the sandbox and the hostile server of
//! `smtpprovider/testing`. After `stop()` every method is refused with an `InvalidInputError`
//! naming what was stopped, rather than reaching a server that no longer runs.

use std::sync::Mutex;

use crate::errors;

/// `T` while running, nothing once stopped.
pub(crate) struct Stoppable<T> {
    /// What the refusal calls it: "the sandbox".
    what: &'static str,
    inner: Mutex<Option<T>>,
}

impl<T> Stoppable<T> {
    pub(crate) fn new(what: &'static str, running: T) -> Self {
        Stoppable {
            what,
            inner: Mutex::new(Some(running)),
        }
    }

    /// Runs `run` on the server, or refuses once it is stopped.
    pub(crate) fn with<R>(&self, run: impl FnOnce(&T) -> napi::Result<R>) -> napi::Result<R> {
        // A panic in an earlier call poisons nothing worth refusing for: the server is intact.
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(running) => run(running),
            None => Err(errors::invalid_input(format!("{} is stopped", self.what))),
        }
    }

    /// Stops the server (dropping it joins its thread); idempotent.
    pub(crate) fn stop(&self) {
        let stopped = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(stopped);
    }
}
