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
        let fresh = Box::new(Generation { pid, runtime: build()? });
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
        .map_err(|e| PyRuntimeError::new_err(format!("smtpprovider: cannot start the tokio runtime: {e}")))
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
