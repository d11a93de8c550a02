//! Rust futures as asyncio coroutines: each `AsyncClient` call returns a [`Call`], a small native
//! coroutine (registered as a `collections.abc.Coroutine`, so `await`, `asyncio.create_task`,
//! `TaskGroup`, `gather`, `wait_for` and `shield` all take it). Its first step spawns the call's
//! tokio task and waits on an `asyncio.Future` of the running loop, completed when the task
//! finishes; a cancelled, closed or dropped coroutine aborts the task, which drops the request.
//! Until it is first awaited nothing is sent, as with an `async def` coroutine.
//!
//! A native class rather than an `async def` wrapper per call: the wrapper would add a Python
//! frame and a coroutine object to every call, and asyncio only asks that the object pass
//! `asyncio.iscoroutine` and speak the coroutine protocol (`send`, `throw`, `close`,
//! `__await__`), yielding a future with `_asyncio_future_blocking` set, as `Future.__await__` does.
//!
//! Why not `pyo3_async_runtimes::future_into_py`: it hands every result back through its own
//! blocking-pool thread that takes the GIL to call `loop.call_soon_threadsafe`. With 64 calls in
//! flight those threads queue on the GIL held by the event loop's thread, the pool keeps
//! spawning more, and profiling showed most of the CPU going to thread creation and futex
//! wake-ups. Here finished calls go into a per-loop queue without the GIL, and only the first
//! one of a batch wakes the loop (`call_soon_threadsafe`, from one blocking thread at a time);
//! the loop's thread then completes the whole batch in one callback.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::CString;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use pyo3::exceptions::{
    PyBaseException, PyRuntimeError, PyRuntimeWarning, PyStopIteration, PyTypeError,
};
use pyo3::panic::PanicException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use pyo3::{intern, IntoPyObjectExt};

use crate::runtime;

/// Makes the future `make` returns an asyncio coroutine named `name` (the call, e.g.
/// `domains.list`). Its output becomes the awaited value under the GIL (a `Reply` there becomes
/// the value or raises its exception); a panic becomes `pyo3_runtime.PanicException`.
///
/// `make` runs on a runtime thread once the coroutine is first awaited: a call's future is
/// kilobytes (hyper's and the retry loop's states), and building and boxing it there keeps
/// that copy off the event loop's thread, which is what bounds an asyncio program's rate.
pub(crate) fn coroutine<'a, M, F, T>(
    py: Python<'a>,
    name: &'static str,
    make: M,
) -> PyResult<Bound<'a, PyAny>>
where
    M: FnOnce() -> F + Send + 'static,
    F: Future<Output = T> + Send + 'static,
    T: for<'py> IntoPyObject<'py> + Send + 'static,
{
    let request: Request = Box::new(move || {
        let future: RequestFuture = Box::pin(async move {
            let value = make().await;
            let conversion: Conversion = Box::new(move |py| value.into_py_any(py));
            conversion
        });
        future
    });
    let call = Call {
        name,
        state: Mutex::new(State::Unstarted(request)),
    };
    Ok(Bound::new(py, call)?.into_any())
}

/// Registers [`Call`] as a `collections.abc.Coroutine`, which is what `asyncio.iscoroutine`
/// (and so `create_task`, `ensure_future`, `TaskGroup`) looks for.
pub(crate) fn register(py: Python<'_>) -> PyResult<()> {
    py.import("collections.abc")?
        .getattr("Coroutine")?
        .call_method1("register", (py.get_type::<Call>(),))?;
    Ok(())
}

/// One `AsyncClient` call, as asyncio sees it: a coroutine.
#[pyclass(frozen, module = "smtpprovider._native")]
pub(crate) struct Call {
    name: &'static str,
    state: Mutex<State>,
}

/// What makes a call's future (see [`coroutine`]).
type Request = Box<dyn FnOnce() -> RequestFuture + Send>;

/// A call's future, its output already made ready for Python.
type RequestFuture = Pin<Box<dyn Future<Output = Conversion> + Send>>;

enum State {
    /// Not awaited yet: nothing has been sent.
    Unstarted(Request),
    /// Sent; the awaiting task waits on `Running::future`.
    Running(Running),
    /// Returned, raised or closed.
    Finished,
}

/// A call in flight.
struct Running {
    bridge: Arc<Bridge>,
    id: u64,
    /// The asyncio future the tokio task completes.
    future: Py<PyAny>,
    abort: tokio::task::AbortHandle,
}

impl Running {
    /// Drops the request (aborting its task closes its exchange) and forgets its future.
    fn abandon(self) {
        self.abort.abort();
        lock(&self.bridge.pending).remove(&self.id);
    }
}

impl Call {
    /// Takes the state out, leaving `Finished`: no lock is held while Python code runs.
    fn take(&self) -> State {
        std::mem::replace(&mut *lock(&self.state), State::Finished)
    }

    fn put(&self, state: State) {
        *lock(&self.state) = state;
    }

    /// One step of the coroutine: the first sends the request and yields the future to wait
    /// on (`Ok`); the second, once the task has been woken, returns the result (a
    /// `StopIteration` carrying it) or raises the call's exception.
    fn step<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.take() {
            State::Unstarted(request) => {
                let running = start(py, request)?;
                let future = running.future.bind(py).clone();
                // What `Future.__await__` sets: the task then waits on the future.
                future.setattr(intern!(py, "_asyncio_future_blocking"), true)?;
                self.put(State::Running(running));
                Ok(future)
            }
            State::Running(running) => {
                let future = running.future.bind(py).clone();
                if !future.call_method0(intern!(py, "done"))?.is_truthy()? {
                    running.abandon();
                    return Err(PyRuntimeError::new_err("await wasn't used with future"));
                }
                let value = future.call_method0(intern!(py, "result"))?;
                Err(PyStopIteration::new_err((value.unbind(),)))
            }
            State::Finished => Err(PyRuntimeError::new_err(
                "cannot reuse already awaited coroutine",
            )),
        }
    }

    /// Ends the coroutine: a call in flight is abandoned, an unstarted one is never sent.
    fn finish(&self) {
        if let State::Running(running) = self.take() {
            running.abandon();
        }
    }
}

#[pymethods]
impl Call {
    fn __await__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.step(py)
    }

    fn send<'py>(&self, py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if !value.is_none() && matches!(*lock(&self.state), State::Unstarted(_)) {
            return Err(PyTypeError::new_err(
                "can't send non-None value to a just-started coroutine",
            ));
        }
        self.step(py)
    }

    /// Raises the exception in the coroutine, which ends it (a call in flight is abandoned):
    /// how a cancelled task's `CancelledError` arrives.
    #[pyo3(signature = (kind, value = None, traceback = None))]
    fn throw(
        &self,
        kind: &Bound<'_, PyAny>,
        value: Option<&Bound<'_, PyAny>>,
        traceback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.finish();
        Err(thrown(kind, value, traceback)?)
    }

    fn close(&self) {
        self.finish();
    }

    /// What asyncio shows for a task running this call.
    #[getter]
    fn __qualname__(&self) -> &'static str {
        self.name
    }

    fn __repr__(&self) -> String {
        format!("<smtpprovider call {}>", self.name)
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        let state = std::mem::replace(
            self.state.get_mut().unwrap_or_else(PoisonError::into_inner),
            State::Finished,
        );
        match state {
            State::Running(running) => running.abandon(),
            // As for an `async def` coroutine: a call made and never awaited was never sent,
            // which is worth a warning.
            State::Unstarted(_) => Python::attach(|py| {
                let message = format!("coroutine '{}' was never awaited", self.name);
                let message = CString::new(message).unwrap_or_default();
                let warned = PyErr::warn(py, &py.get_type::<PyRuntimeWarning>(), &message, 1);
                if let Err(error) = warned {
                    error.write_unraisable(py, None);
                }
            }),
            State::Finished => {}
        }
    }
}

/// The exception `throw(kind, value, traceback)` raises: an instance, or a class and its value.
fn thrown(
    kind: &Bound<'_, PyAny>,
    value: Option<&Bound<'_, PyAny>>,
    traceback: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyErr> {
    let py = kind.py();
    let value = value.filter(|value| !value.is_none());
    let exception = if kind.is_instance_of::<PyBaseException>() {
        kind.clone()
    } else if let Ok(class) = kind.cast::<PyType>() {
        if !class.is_subclass_of::<PyBaseException>()? {
            return Err(PyTypeError::new_err(
                "exceptions must be classes or instances deriving from BaseException",
            ));
        }
        match value {
            Some(value) if value.is_instance(class)? => value.clone(),
            Some(value) => class.call1((value,))?,
            None => class.call0()?,
        }
    } else {
        return Err(PyTypeError::new_err(
            "exceptions must be classes or instances deriving from BaseException",
        ));
    };
    let exception = match traceback.filter(|traceback| !traceback.is_none()) {
        Some(traceback) => exception.call_method1(intern!(py, "with_traceback"), (traceback,))?,
        None => exception,
    };
    Ok(PyErr::from_value(exception))
}

/// Sends a call: its task on the runtime, its future on the running loop's bridge.
fn start(py: Python<'_>, request: Request) -> PyResult<Running> {
    let runtime = runtime::runtime()?;
    let (event_loop, bridge) = Bridge::of_running_loop(py)?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let id = bridge.next_id.fetch_add(1, Ordering::Relaxed);
    lock(&bridge.pending).insert(id, future.clone().unbind());
    let shared = Arc::clone(&bridge);
    let task = runtime.spawn(async move {
        let outcome = match catch_unwind(AssertUnwindSafe(request)) {
            Ok(future) => CatchUnwind(future).await,
            Err(panic) => Err(panic),
        };
        let conversion = match outcome {
            Ok(conversion) => conversion,
            Err(panic) => {
                let message = panic_message(panic.as_ref());
                Box::new(move |_: Python<'_>| Err(PanicException::new_err(message)))
            }
        };
        shared.finish(id, conversion);
    });
    Ok(Running {
        bridge,
        id,
        future: future.unbind(),
        abort: task.abort_handle(),
    })
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
                "no running event loop: await AsyncClient calls inside asyncio",
            ));
        }
        // Most calls come from the loop the thread's previous call came from.
        let last = LAST_BRIDGE.with_borrow(|last| last.clone());
        if let Some(bridge) = last.filter(|bridge| bridge.serves(py, &event_loop)) {
            return Ok((event_loop, bridge));
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
                if bridge.pid == crate::pid::current() {
                    remember(bridge);
                    return Ok((event_loop, Arc::clone(bridge)));
                }
            }
        }
        let bridge = Arc::new(Bridge {
            event_loop: LoopRef::new(&event_loop),
            pid: crate::pid::current(),
            next_id: AtomicU64::new(0),
            pending: Mutex::new(HashMap::new()),
            finished: Mutex::new(Vec::new()),
            armed: AtomicBool::new(false),
        });
        // A loop that cannot be weakly referenced gets a bridge per call: correct, unbatched.
        if bridges
            .set_item(&event_loop, BridgeHandle(Arc::clone(&bridge)))
            .is_ok()
        {
            remember(&bridge);
        }
        Ok((event_loop, bridge))
    }

    /// Whether this is the bridge of `event_loop`, made in this process.
    fn serves(&self, py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> bool {
        self.pid == crate::pid::current()
            && self
                .event_loop
                .get(py)
                .is_some_and(|own| own.is(event_loop))
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

thread_local! {
    /// The bridge of the loop this thread's last call came from (held weakly by the bridge, as in
    /// `BRIDGES`), which spares most calls the `WeakKeyDictionary` lookup.
    static LAST_BRIDGE: RefCell<Option<Arc<Bridge>>> = const { RefCell::new(None) };
}

/// Keeps `bridge` as this thread's last, if it holds its loop weakly (a strong reference from a
/// thread-local would keep a finished loop alive).
fn remember(bridge: &Arc<Bridge>) {
    if matches!(bridge.event_loop, LoopRef::Weak(_)) {
        LAST_BRIDGE.set(Some(Arc::clone(bridge)));
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

/// A call's future, turning a panic while polling into an `Err` with the panic's payload.
struct CatchUnwind(RequestFuture);

impl Future for CatchUnwind {
    type Output = Result<Conversion, Box<dyn std::any::Any + Send>>;

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
