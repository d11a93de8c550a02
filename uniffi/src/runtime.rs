//! Where the calls run: one tokio runtime for the whole library, started on first use and never
//! owned by an exported object (so dropping a `Client` never stops a runtime, and it is safe
//! from any thread). The pattern matrix-rust-sdk's FFI uses.
//!
//! Why spawn rather than let uniffi poll the core's future from Kotlin or Swift? Every wake-up of
//! a future polled from the foreign side is an up-call into it (a JNA callback and a coroutine
//! resumption in Kotlin) and a down-call to poll again, and one HTTP call wakes several times
//! (connection, headers, body). Spawned here, the whole call runs on the runtime's threads and the
//! foreign side is woken once, when it is done; decoding a large list also runs on these threads
//! rather than on the caller's. (What a tiny call still costs in Kotlin is uniffi's own JNA calls
//! per call: see `bench/kotlin/README.md`.)

use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;
use std::task::{Context, Poll};

use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    // The first thing any call does, so the place to start `SMTPPROVIDER_LOG=debug` logging to
    // stderr (Kotlin and Swift have no one logging system to forward to; see the core's `stderr_log`).
    smtpprovider::stderr_log::install_from_env();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("smtpprovider")
        .build()
        // Only fails when the OS refuses threads or an event queue; the panic is caught at the
        // FFI boundary and reaches Kotlin/Swift as an exception.
        .expect("the smtpprovider runtime could not start")
});

/// Runs `future` on the library's runtime and waits for it. Dropping the returned future (a
/// cancelled coroutine or Swift task) aborts the spawned call, so cancelling still cancels the
/// request; a panic in the call is raised again here, where uniffi turns it into an exception.
pub(crate) async fn run<F>(future: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match (AbortOnDrop(RUNTIME.spawn(future))).await {
        Ok(output) => output,
        Err(error) => match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            // Only an abort cancels the task, and only dropping this future aborts it.
            Err(error) => unreachable!("the call's task ended without finishing: {error}"),
        },
    }
}

/// A task handle that aborts its task when dropped.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Future for AbortOnDrop<T> {
    type Output = Result<T, tokio::task::JoinError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx)
    }
}

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    /// The library's half of "a panic reaches Kotlin or Swift as an exception": a panic in a call
    /// comes back out of `run` in the caller, where uniffi catches it (uniffi's half is tested
    /// from Kotlin, with the testing library's `panicForTest`).
    #[test]
    fn a_panic_in_a_call_is_raised_again_in_its_caller() {
        let caller = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let outcome = std::panic::catch_unwind(|| {
            caller.block_on(super::run(async { panic!("on purpose") }))
        });
        let payload = outcome.expect_err("the panic came back");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"on purpose"));
    }
}
