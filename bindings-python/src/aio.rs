//! Rust futures as asyncio awaitables: each `AsyncClient` call returns an `asyncio.Future` of
//! the running loop, completed when the call's tokio task finishes; cancelling the future aborts
//! the task, which drops the request.
//!
//! Why not `pyo3_async_runtimes::future_into_py`: it hands every result back through its own
//! blocking-pool thread that takes the GIL to call `loop.call_soon_threadsafe`. With 64 calls in
//! flight those threads queue on the GIL held by the event loop's thread, the pool keeps
//! spawning more, and profiling showed most of the CPU going to thread creation and futex
//! wake-ups. Here finished calls go into a per-loop queue without the GIL, and only the first
//! one of a batch wakes the loop (`call_soon_threadsafe`, from one blocking thread at a time);
//! the loop's thread then completes the whole batch in one callback.

use std::collections::HashMap;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use pyo3::exceptions::PyRuntimeError;
use pyo3::panic::PanicException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::IntoPyObjectExt;

use crate::runtime;

/// Turns `future` into an awaitable of the running event loop. Its output becomes the awaited
/// value under the GIL (a `Reply` there becomes the value or raises its exception); a panic
/// becomes `pyo3_runtime.PanicException`.
pub(crate) fn future_into_py<F, T>(py: Python<'_>, future: F) -> PyResult<Bound<'_, PyAny>>
where
    F: Future<Output = T> + Send + 'static,
    T: for<'py> IntoPyObject<'py> + Send + 'static,
{
    let runtime = runtime::runtime()?;
    let (event_loop, bridge) = Bridge::of_running_loop(py)?;
    let py_future = event_loop.call_method0("create_future")?;
    let id = bridge.next_id.fetch_add(1, Ordering::Relaxed);
    lock(&bridge.pending).insert(id, py_future.clone().unbind());
    let shared = Arc::clone(&bridge);
    let task = runtime.spawn(async move {
        let outcome = CatchUnwind::new(future).await;
        shared.finish(
            id,
            Box::new(move |py| match outcome {
                Ok(value) => value.into_py_any(py),
                Err(panic) => Err(PanicException::new_err(panic_message(panic.as_ref()))),
            }),
        );
    });
    let on_done = CancelOnDone {
        bridge,
        id,
        abort: task.abort_handle(),
    };
    py_future.call_method1("add_done_callback", (on_done,))?;
    Ok(py_future)
}

/// Converts a finished call's output to Python (under the GIL, on the loop's thread).
type Conversion = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// The event loop a bridge wakes. Weak where the loop allows it: the bridge is stored beside
/// the loop in a `WeakKeyDictionary`, and a strong reference from there would keep every loop
/// alive forever.
enum LoopRef {
    Weak(Py<PyAny>),
    Strong(Py<PyAny>),
}

impl LoopRef {
    fn new(event_loop: &Bound<'_, PyAny>) -> LoopRef {
        let py = event_loop.py();
        match py
            .import("weakref")
            .and_then(|weakref| weakref.getattr("ref")?.call1((event_loop,)))
        {
            Ok(weak) => LoopRef::Weak(weak.unbind()),
            Err(_) => LoopRef::Strong(event_loop.clone().unbind()),
        }
    }

    /// The loop, unless it has been collected.
    fn get<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyAny>> {
        match self {
            LoopRef::Weak(weak) => weak
                .bind(py)
                .call0()
                .ok()
                .filter(|event_loop| !event_loop.is_none()),
            LoopRef::Strong(event_loop) => Some(event_loop.bind(py).clone()),
        }
    }
}

/// What the calls of one event loop share.
struct Bridge {
    event_loop: LoopRef,
    /// The process it was made in: after `fork()` the child makes its own.
    pid: u32,
    next_id: AtomicU64,
    /// The asyncio futures of the calls in flight (touched on the loop's thread only).
    pending: Mutex<HashMap<u64, Py<PyAny>>>,
    /// Finished calls, waiting for the loop's thread.
    finished: Mutex<Vec<(u64, Conversion)>>,
    /// Whether a wake-up of the loop is already on its way.
    armed: AtomicBool,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded maps stay consistent even if a holder panicked (each change is one call).
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Bridge {
    /// The bridge of the running loop, made on first use and kept beside the loop (weakly, so
    /// it goes when the loop does).
    fn of_running_loop(py: Python<'_>) -> PyResult<(Bound<'_, PyAny>, Arc<Bridge>)> {
        static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        static BRIDGES: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let event_loop = GET_RUNNING_LOOP
            .import(py, "asyncio", "_get_running_loop")?
            .call0()?;
        if event_loop.is_none() {
            return Err(PyRuntimeError::new_err(
                "no running event loop: await AsyncClient calls inside a coroutine",
            ));
        }
        let bridges = BRIDGES.get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("weakref")?
                    .getattr("WeakKeyDictionary")?
                    .call0()?
                    .unbind(),
            )
        })?;
        let bridges = bridges.bind(py);
        if let Ok(known) = bridges.get_item(&event_loop) {
            if let Ok(handle) = known.cast::<BridgeHandle>() {
                let bridge = &handle.get().0;
                if bridge.pid == std::process::id() {
                    return Ok((event_loop, Arc::clone(bridge)));
                }
            }
        }
        let bridge = Arc::new(Bridge {
            event_loop: LoopRef::new(&event_loop),
            pid: std::process::id(),
            next_id: AtomicU64::new(0),
            pending: Mutex::new(HashMap::new()),
            finished: Mutex::new(Vec::new()),
            armed: AtomicBool::new(false),
        });
        // A loop that cannot be weakly referenced gets a bridge per call: correct, unbatched.
        let _ = bridges.set_item(&event_loop, BridgeHandle(Arc::clone(&bridge)));
        Ok((event_loop, bridge))
    }

    /// Called by a finished call's task (any thread, no GIL): queue it, wake the loop if no
    /// wake-up is on its way yet.
    fn finish(self: &Arc<Self>, id: u64, conversion: Conversion) {
        lock(&self.finished).push((id, conversion));
        if self.armed.swap(true, Ordering::SeqCst) {
            return;
        }
        let bridge = Arc::clone(self);
        let wake = move || {
            // During interpreter shutdown there is nothing left to wake.
            let _ = Python::try_attach(|py| {
                // A collected or closed loop cannot be woken; its futures are gone with it.
                if let Some(event_loop) = bridge.event_loop.get(py) {
                    let _ = event_loop
                        .call_method1("call_soon_threadsafe", (Drain(Arc::clone(&bridge)),));
                }
            });
        };
        // Taking the GIL may wait for the loop's thread; not on a runtime worker.
        if let Ok(runtime) = runtime::runtime() {
            runtime.spawn_blocking(wake);
        }
    }

    /// On the loop's thread: completes every queued call's future.
    fn drain(&self, py: Python<'_>) {
        self.armed.store(false, Ordering::SeqCst);
        let batch = std::mem::take(&mut *lock(&self.finished));
        for (id, conversion) in batch {
            let Some(future) = lock(&self.pending).remove(&id) else {
                continue;
            };
            let future = future.bind(py);
            if future
                .call_method0("done")
                .and_then(|done| done.is_truthy())
                .unwrap_or(true)
            {
                continue;
            }
            let set = match conversion(py) {
                Ok(value) => future.call_method1("set_result", (value,)),
                Err(error) => future.call_method1("set_exception", (error.into_value(py),)),
            };
            if let Err(error) = set {
                error.print(py);
            }
        }
    }
}

/// A `Bridge` stored beside its event loop.
#[pyclass(frozen, module = "smtpprovider._native")]
struct BridgeHandle(Arc<Bridge>);

/// The loop callback that completes a batch of finished calls.
#[pyclass(frozen, module = "smtpprovider._native")]
struct Drain(Arc<Bridge>);

#[pymethods]
impl Drain {
    fn __call__(&self, py: Python<'_>) {
        self.0.drain(py);
    }
}

/// The future's done callback: a cancelled future aborts its task (dropping the request).
#[pyclass(frozen, module = "smtpprovider._native")]
struct CancelOnDone {
    bridge: Arc<Bridge>,
    id: u64,
    abort: tokio::task::AbortHandle,
}

#[pymethods]
impl CancelOnDone {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.abort.abort();
            lock(&self.bridge.pending).remove(&self.id);
        }
        Ok(())
    }
}

/// A future that turns a panic while polling into an `Err` with the panic's payload.
struct CatchUnwind<T>(Pin<Box<dyn Future<Output = T> + Send>>);

impl<T> CatchUnwind<T> {
    fn new(future: impl Future<Output = T> + Send + 'static) -> Self {
        CatchUnwind(Box::pin(future))
    }
}

impl<T> Future for CatchUnwind<T> {
    type Output = Result<T, Box<dyn std::any::Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catch_unwind(AssertUnwindSafe(|| self.0.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a Rust panic".to_owned()
    }
}
