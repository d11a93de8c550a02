//! Call Promises settled from tokio through one threadsafe function per Node environment.
//!
//! Why not napi-rs's `Env::spawn_future`: it creates a threadsafe function for every call (a
//! libuv async handle plus an async resource) and closes it once the Promise settles, which
//! costs a loop turn of its own. A call made one at a time paid that on every call. Here each
//! environment creates one threadsafe function on its first call and keeps it: a call is a
//! Promise, a spawned task and one queued settlement, and calls that finish together are
//! settled in one wake-up of the JS thread. The function is referenced only while calls are
//! pending, so an idle client never keeps Node's event loop alive, and a pending one always does.

use std::cell::RefCell;
use std::ffi::c_void;
use std::future::Future;
use std::ptr;
use std::sync::{Arc, Mutex};

use crate::answer::Answered;
use napi::bindgen_prelude::PromiseRaw;
use napi::{sys, Env, JsError};

/// What a finished call hands to the JS thread.
struct Settlement {
    deferred: Deferred,
    result: napi::Result<Answered>,
}

/// The part of a [`Settler`] that tokio threads use. `tsfn` is `None` once Node finalized the
/// threadsafe function (the environment is going away): a call finishing after that has no
/// Promise left to settle, and must not touch the freed function.
struct Shared {
    tsfn: Mutex<Option<Tsfn>>,
}

/// A threadsafe function handle; Node-API allows calling it from any thread.
#[derive(Clone, Copy)]
struct Tsfn(sys::napi_threadsafe_function);

// SAFETY: `napi_call_threadsafe_function` is documented as callable from any thread; the handle
// is only used while `Shared::tsfn` holds it, and it is taken out (under the same lock) when
// Node finalizes the function.
unsafe impl Send for Tsfn {}
/// A Promise's settle handle.
struct Deferred(sys::napi_deferred);

// SAFETY: a `napi_deferred` is only used by Node on the JS thread (`settle_on_js_thread`); tokio
// threads merely carry it there.
unsafe impl Send for Deferred {}

/// The JS thread's own state: the function and how many calls wait on it.
struct Settler {
    shared: Arc<Shared>,
    tsfn: Tsfn,
    pending: usize,
}

thread_local! {
    // One Node environment per JS thread (the main thread, or a worker's).
    static SETTLER: RefCell<Option<Settler>> = const { RefCell::new(None) };
}

/// Spawns `work` on the runtime and returns the Promise it settles: resolved with
/// `[answer, result]`, two JS strings (the result copied once, straight from the response body
/// when the core handed that on; the answer `null` when none came), or rejected with an `Error`
/// whose message is the error's reason.
pub(crate) fn spawn_settled<'env>(
    env: &'env Env,
    work: impl Future<Output = napi::Result<Answered>> + Send + 'static,
) -> napi::Result<PromiseRaw<'env, Vec<Option<String>>>> {
    let raw_env = env.raw();
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    // SAFETY: called on the JS thread with its env, as every `#[napi]` method is.
    napi::check_status!(
        unsafe { sys::napi_create_promise(raw_env, &mut deferred, &mut promise) },
        "cannot create a Promise"
    )?;
    let shared = SETTLER.with(|cell| -> napi::Result<Arc<Shared>> {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some(create_settler(raw_env)?);
        }
        let settler = cell.as_mut().expect("created above");
        if settler.pending == 0 {
            // SAFETY: JS thread, live function (it is finalized only with the environment).
            unsafe { sys::napi_ref_threadsafe_function(raw_env, settler.tsfn.0) };
        }
        settler.pending += 1;
        Ok(settler.shared.clone())
    })?;
    let deferred = Deferred(deferred);
    napi::bindgen_prelude::spawn(async move {
        let result = work.await;
        queue(&shared, Settlement { deferred, result });
    });
    Ok(PromiseRaw::new(raw_env, promise))
}

/// Queues a settlement for the JS thread; dropped if the environment is already gone.
fn queue(shared: &Shared, settlement: Settlement) {
    let guard = shared.tsfn.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(tsfn) = *guard {
        let data = Box::into_raw(Box::new(settlement)).cast::<c_void>();
        // SAFETY: the function is alive while the guard shows it (finalizing takes this lock).
        let status = unsafe {
            sys::napi_call_threadsafe_function(
                tsfn.0,
                data,
                sys::ThreadsafeFunctionCallMode::nonblocking,
            )
        };
        if status != sys::Status::napi_ok {
            // Closing: the environment is being torn down and nothing will read the queue.
            // SAFETY: Node did not take the pointer, so it is still ours.
            drop(unsafe { Box::from_raw(data.cast::<Settlement>()) });
        }
    }
}

fn create_settler(env: sys::napi_env) -> napi::Result<Settler> {
    let shared = Arc::new(Shared {
        tsfn: Mutex::new(None),
    });
    let mut name = ptr::null_mut();
    let label = "smtpprovider.settle";
    // SAFETY: JS thread; `label` outlives the call.
    napi::check_status!(
        unsafe {
            sys::napi_create_string_utf8(
                env,
                label.as_ptr().cast(),
                label.len() as isize,
                &mut name,
            )
        },
        "cannot name the settling function"
    )?;
    let mut tsfn = ptr::null_mut();
    // The finalizer's data is a strong reference to `shared`, given back in `finalized`.
    let finalize_data = Arc::into_raw(shared.clone()).cast_mut().cast::<c_void>();
    // SAFETY: JS thread; unlimited queue, one owner (this module) that never releases it, so the
    // function lives until the environment is torn down, when Node calls `finalized`.
    let status = unsafe {
        sys::napi_create_threadsafe_function(
            env,
            ptr::null_mut(),
            ptr::null_mut(),
            name,
            0,
            1,
            finalize_data,
            Some(finalized),
            ptr::null_mut(),
            Some(settle_on_js_thread),
            &mut tsfn,
        )
    };
    if status != sys::Status::napi_ok {
        // SAFETY: Node did not take the finalizer's data.
        drop(unsafe { Arc::from_raw(finalize_data.cast::<Shared>()) });
        return Err(napi::Error::from_reason(
            "cannot create the settling function",
        ));
    }
    let tsfn = Tsfn(tsfn);
    *shared.tsfn.lock().unwrap_or_else(|p| p.into_inner()) = Some(tsfn);
    // Unreferenced until a call is pending (see `spawn_settled`).
    // SAFETY: JS thread, live function.
    unsafe { sys::napi_unref_threadsafe_function(env, tsfn.0) };
    Ok(Settler {
        shared,
        tsfn,
        pending: 0,
    })
}

/// Node finalizes the function with its environment: tokio threads must stop using it.
unsafe extern "C" fn finalized(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the strong reference `create_settler` gave Node.
    let shared = unsafe { Arc::from_raw(data.cast::<Shared>()) };
    *shared.tsfn.lock().unwrap_or_else(|p| p.into_inner()) = None;
    // `try_with`: at process exit the thread's locals may already be gone, and a panic here
    // would abort Node.
    let _ = SETTLER.try_with(|cell| cell.borrow_mut().take());
}

/// Settles one call's Promise, on the JS thread.
unsafe extern "C" fn settle_on_js_thread(
    env: sys::napi_env,
    _callback: sys::napi_value,
    _context: *mut c_void,
    data: *mut c_void,
) {
    // SAFETY: every queued pointer is a `Box<Settlement>` from `queue`.
    let settlement = unsafe { Box::from_raw(data.cast::<Settlement>()) };
    if env.is_null() {
        // The environment is being torn down: the Promise is gone with it.
        return;
    }
    let _ = SETTLER.try_with(|cell| {
        if let Some(settler) = cell.borrow_mut().as_mut() {
            settler.pending = settler.pending.saturating_sub(1);
            if settler.pending == 0 {
                // SAFETY: JS thread, live function.
                unsafe { sys::napi_unref_threadsafe_function(env, settler.tsfn.0) };
            }
        }
    });
    // SAFETY: JS thread with its env; the deferred is settled exactly once, here.
    unsafe {
        let value = settlement
            .result
            .and_then(|answered| pair(env, answered.answer.as_deref(), answered.result.as_bytes()));
        match value {
            Ok(value) => sys::napi_resolve_deferred(env, settlement.deferred.0, value),
            Err(error) => sys::napi_reject_deferred(
                env,
                settlement.deferred.0,
                JsError::from(error).into_value(env),
            ),
        };
    }
}

/// `[answer, result]` as a JS array of two strings (`null` for no answer).
///
/// # Safety
/// On the JS thread, with its env.
unsafe fn pair(
    env: sys::napi_env,
    answer: Option<&str>,
    result: &[u8],
) -> napi::Result<sys::napi_value> {
    let failed = || napi::Error::from_reason("cannot hand the result to JS");
    let string = |bytes: &[u8]| -> napi::Result<sys::napi_value> {
        let mut value = ptr::null_mut();
        // SAFETY: JS thread (the caller's promise); `bytes` outlives the call.
        let status = unsafe {
            sys::napi_create_string_utf8(
                env,
                bytes.as_ptr().cast(),
                bytes.len() as isize,
                &mut value,
            )
        };
        (status == sys::Status::napi_ok)
            .then_some(value)
            .ok_or_else(failed)
    };
    let answer = match answer {
        Some(line) => string(line.as_bytes())?,
        None => {
            let mut null = ptr::null_mut();
            // SAFETY: as above.
            if unsafe { sys::napi_get_null(env, &mut null) } != sys::Status::napi_ok {
                return Err(failed());
            }
            null
        }
    };
    let result = string(result)?;
    let mut array = ptr::null_mut();
    // SAFETY: as above; the array and both strings are values of this env.
    let ok = unsafe {
        sys::napi_create_array_with_length(env, 2, &mut array) == sys::Status::napi_ok
            && sys::napi_set_element(env, array, 0, answer) == sys::Status::napi_ok
            && sys::napi_set_element(env, array, 1, result) == sys::Status::napi_ok
    };
    ok.then_some(array).ok_or_else(failed)
}
