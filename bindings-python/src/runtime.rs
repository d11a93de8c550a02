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
//!
//! [`ForkSafeTokio`] plugs this runtime into `pyo3_async_runtimes::generic`, whose
//! `future_into_py` gives asyncio awaitables that cancel the Rust future when cancelled.

use std::cell::OnceCell;
use std::future::Future;
use std::pin::Pin;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3_async_runtimes::generic::{self, ContextExt};
use pyo3_async_runtimes::TaskLocals;
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

/// Turns `future` into an asyncio awaitable of the running event loop (the `AsyncClient`'s calls).
/// Cancelling the awaitable drops the future, which aborts the request.
pub(crate) fn future_into_py<F, T>(py: Python<'_>, future: F) -> PyResult<Bound<'_, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'py> IntoPyObject<'py> + Send + 'static,
{
    // Make sure this process's runtime exists before `ForkSafeTokio::spawn`, which cannot fail.
    runtime()?;
    generic::future_into_py::<ForkSafeTokio, _, _>(py, future)
}

/// [`runtime`] as a `pyo3_async_runtimes` runtime.
pub(crate) struct ForkSafeTokio;

tokio::task_local! {
    /// The asyncio event loop and context a task's result goes back to.
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

impl ForkSafeTokio {
    /// The runtime for spawning. `future_into_py` has just built it for this process, so the
    /// error branch is unreachable short of the OS refusing threads after that.
    fn handle() -> &'static Runtime {
        match runtime() {
            Ok(runtime) => runtime,
            Err(error) => panic!("{error}"), // caught by pyo3_async_runtimes and raised in Python
        }
    }
}

impl generic::Runtime for ForkSafeTokio {
    type JoinError = tokio::task::JoinError;
    type JoinHandle = tokio::task::JoinHandle<()>;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        Self::handle().spawn(fut)
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        Self::handle().spawn_blocking(f)
    }
}

impl ContextExt for ForkSafeTokio {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS.try_with(|cell| cell.get().cloned()).unwrap_or_default()
    }
}
