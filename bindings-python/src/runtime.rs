//! The tokio runtime every call runs on, shared by `Client` and `AsyncClient`, and rebuilt in a
//! child process after `fork()`.
//!
//! A forked child inherits the parent's memory but only the forking thread: the runtime's
//! worker threads are gone, so a task spawned on the inherited runtime would never run and every
//! call would hang. Like LanceDB's `python/src/runtime.rs`, each runtime is tagged with the pid
//! that built it; a call from another pid builds a fresh one. The old one is leaked on purpose:
//! dropping it would try to join threads that do not exist in the child. There are no locks
//! here (a lock held by a vanished thread at fork time would stay held forever in the child),
//! only an atomic pointer to leaked generations, which therefore live for the whole process.

use std::future::Future;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::runtime::{Builder, Runtime};

/// A runtime and the process it was built in.
struct Generation {
    pid: u32,
    runtime: Runtime,
}

/// The current generation; null before the first call. Generations are never freed.
static CURRENT: AtomicPtr<Generation> = AtomicPtr::new(ptr::null_mut());

/// The runtime of this process, built on first use (and first use after a fork).
pub(crate) fn runtime() -> PyResult<&'static Runtime> {
    let pid = std::process::id();
    loop {
        let current = CURRENT.load(Ordering::Acquire);
        // SAFETY: a non-null pointer in CURRENT comes from `Box::into_raw` below and is never
        // freed, so it stays valid for the rest of the process.
        if let Some(generation) = unsafe { current.as_ref() } {
            if generation.pid == pid {
                return Ok(&generation.runtime);
            }
        }
        let fresh = Box::new(Generation {
            pid,
            runtime: build()?,
        });
        let fresh = Box::into_raw(fresh);
        match CURRENT.compare_exchange(current, fresh, Ordering::AcqRel, Ordering::Acquire) {
            // SAFETY: just published; never freed (see above).
            Ok(_) => return Ok(unsafe { &(*fresh).runtime }),
            Err(_) => {
                // Another thread installed one first: use that, stop ours.
                // SAFETY: `fresh` was never published, so this is its only owner.
                let lost = unsafe { Box::from_raw(fresh) };
                lost.runtime.shutdown_background();
            }
        }
    }
}

fn build() -> PyResult<Runtime> {
    Builder::new_multi_thread()
        .thread_name("smtpprovider")
        .enable_all()
        .build()
        .map_err(|e| {
            PyRuntimeError::new_err(format!("smtpprovider: cannot start the tokio runtime: {e}"))
        })
}

/// Runs `future` to completion on the runtime with the GIL released, so other Python threads
/// run meanwhile (the blocking `Client`'s calls).
pub(crate) fn block_on<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let runtime = runtime()?;
    Ok(py.detach(|| runtime.block_on(future)))
}

/// How often [`block_on_interruptible`] takes the GIL back to look for a signal.
const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(100);

/// Like [`block_on`], for a call that may wait much longer than a request (a polling helper):
/// every [`SIGNAL_CHECK_INTERVAL`] it retakes the GIL to run Python's signal handlers, so that
/// Ctrl-C raises `KeyboardInterrupt` (dropping, and so cancelling, the future) instead of
/// waiting for the whole call.
pub(crate) fn block_on_interruptible<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let runtime = runtime()?;
    let mut future = std::pin::pin!(future);
    loop {
        // The timer is made inside `block_on`: it needs the runtime's context.
        let slice = py.detach(|| {
            runtime.block_on(async {
                tokio::time::timeout(SIGNAL_CHECK_INTERVAL, future.as_mut()).await
            })
        });
        if let Ok(output) = slice {
            return Ok(output);
        }
        py.check_signals()?;
    }
}
