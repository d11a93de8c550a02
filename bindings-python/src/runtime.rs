//! The tokio runtimes calls run on, rebuilt in a child process after `fork()`:
//!
//! - [`runtime`], multi-threaded: `AsyncClient` calls are tasks on it, running while the event
//!   loop does other work;
//! - the caller-driven runtime behind [`block_on`], current-thread: a blocking `Client` call
//!   drives its request, its connection and the socket's readiness on the calling thread itself,
//!   as pycurl does. On a multi-threaded runtime each call crossed threads four times (the
//!   request to the connection's task on a worker, the I/O driver's wake-up there, the response
//!   back), which cost more than the rest of a small call and far more on a busy machine. With
//!   calls from several Python threads at once, one of them drives the runtime (every
//!   connection's task and the I/O of all) while the others wait for their answer, and the next
//!   takes over when it is done; the connection pool stays shared by all threads.
//!
//! A connection belongs to the runtime that opened it, so a client's calls all go through one of
//! the two (a blocking `Client`'s through `block_on`, an `AsyncClient`'s through `runtime`).
//!
//! A forked child inherits the parent's memory but only the forking thread: a runtime's worker
//! threads are gone (a task spawned on the inherited runtime would never run), and the
//! caller-driven runtime may be marked as driven by a thread that no longer exists. Like
//! LanceDB's `python/src/runtime.rs`, each runtime is tagged with the pid that built it; a call
//! from another pid builds a fresh one. The old one is leaked on purpose: dropping it would try
//! to join threads that do not exist in the child. There are no locks here (a lock held by a
//! vanished thread at fork time would stay held forever in the child), only atomic pointers to
//! leaked generations, which therefore live for the whole process.

use std::future::Future;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::runtime::{Builder, Runtime};

/// A runtime and the process it was built in.
struct Generation {
    pid: u32,
    runtime: Runtime,
}

/// The current generation of one kind of runtime; null before the first call. Generations are
/// never freed.
struct Generations {
    current: AtomicPtr<Generation>,
    build: fn() -> std::io::Result<Runtime>,
}

impl Generations {
    const fn new(build: fn() -> std::io::Result<Runtime>) -> Self {
        Generations {
            current: AtomicPtr::new(ptr::null_mut()),
            build,
        }
    }

    /// The runtime of this process, built on first use (and first use after a fork).
    fn get(&'static self) -> PyResult<&'static Runtime> {
        let pid = crate::pid::current();
        loop {
            let current = self.current.load(Ordering::Acquire);
            // SAFETY: a non-null pointer in `current` comes from `Box::into_raw` below and is
            // never freed, so it stays valid for the rest of the process.
            if let Some(generation) = unsafe { current.as_ref() } {
                if generation.pid == pid {
                    return Ok(&generation.runtime);
                }
            }
            let runtime = (self.build)().map_err(|e| {
                PyRuntimeError::new_err(format!(
                    "smtpprovider: cannot start the tokio runtime: {e}"
                ))
            })?;
            let fresh = Box::into_raw(Box::new(Generation { pid, runtime }));
            match self
                .current
                .compare_exchange(current, fresh, Ordering::AcqRel, Ordering::Acquire)
            {
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
}

static TASKS: Generations = Generations::new(|| {
    Builder::new_multi_thread()
        .thread_name("smtpprovider")
        .enable_all()
        .build()
});

static CALLER_DRIVEN: Generations =
    Generations::new(|| Builder::new_current_thread().enable_all().build());

/// The multi-threaded runtime `AsyncClient` calls are spawned on.
pub(crate) fn runtime() -> PyResult<&'static Runtime> {
    TASKS.get()
}

/// Runs `future` to completion on the calling thread (the caller-driven runtime) with the GIL
/// released, so other Python threads run meanwhile (the blocking `Client`'s calls).
pub(crate) fn block_on<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let runtime = CALLER_DRIVEN.get()?;
    Ok(py.detach(|| drive(runtime, future)))
}

/// After how long undriven the caller-driven runtime lets its connections catch up first.
const IDLE: Duration = Duration::from_millis(1);

/// When the caller-driven runtime last finished driving, in microseconds since `EPOCH`.
static LAST_DRIVEN: AtomicU64 = AtomicU64::new(0);
static EPOCH: OnceLock<Instant> = OnceLock::new();

fn micros_now() -> u64 {
    let elapsed = EPOCH.get_or_init(Instant::now).elapsed();
    u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX)
}

/// `runtime.block_on(future)`, first letting pooled connections catch up when the runtime sat
/// undriven for a while. Between calls nothing polls a connection's task (a current-thread
/// runtime runs only inside `block_on`), so one the server closed meanwhile (an idle timeout)
/// would still look open and be reused, and the call would fail on it. Two yields let the I/O
/// driver see the close and wake its task (the first), then run that task, which takes the
/// connection out of the pool (the second). Back-to-back calls skip this.
fn drive<F: Future>(runtime: &Runtime, future: F) -> F::Output {
    let idle = micros_now().saturating_sub(LAST_DRIVEN.load(Ordering::Relaxed));
    let output = runtime.block_on(async {
        if idle >= IDLE.as_micros() as u64 {
            tokio::task::yield_now().await;
            tokio::task::yield_now().await;
        }
        future.await
    });
    LAST_DRIVEN.store(micros_now(), Ordering::Relaxed);
    output
}

/// Runs `future` to completion on the multi-threaded runtime with the GIL released: for an
/// `AsyncClient` made synchronously (`Sandbox.async_client()` logs in), whose connections must
/// belong to the runtime its later calls run on.
pub(crate) fn block_on_tasks<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let runtime = TASKS.get()?;
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
    let runtime = CALLER_DRIVEN.get()?;
    let mut future = std::pin::pin!(future);
    loop {
        // The timer is made inside `block_on`: it needs the runtime's context.
        let slice = py.detach(|| {
            drive(runtime, async {
                tokio::time::timeout(SIGNAL_CHECK_INTERVAL, future.as_mut()).await
            })
        });
        if let Ok(output) = slice {
            return Ok(output);
        }
        py.check_signals()?;
    }
}
