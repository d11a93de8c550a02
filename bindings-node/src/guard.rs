//! Running a call's future so that it can neither crash Node nor outlive an abort: a panic
//! becomes a rejection ([`guarded`]), and a registered call can be cancelled from JS by its
//! ticket ([`Tickets`]), which drops the future and with it the request in flight.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use tokio::sync::Notify;

use crate::errors;

/// Runs `work`, turning a panic inside it into a rejection naming `what`.
pub(crate) async fn guarded<T>(
    what: &str,
    work: impl Future<Output = napi::Result<T>>,
) -> napi::Result<T> {
    match AssertUnwindSafe(work).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => Err(errors::panicked(what, panic)),
    }
}

/// The calls of one client that an `AbortSignal` may cancel, by the ticket JS gave them.
#[derive(Default, Clone)]
pub(crate) struct Tickets {
    pending: Arc<Mutex<HashMap<u32, Arc<Notify>>>>,
}

impl Tickets {
    /// Registers `ticket` now (before the Promise is handed to JS, so an abort that follows at
    /// once finds it) and returns the future that runs `work` unless the ticket is cancelled.
    pub(crate) fn cancellable<T>(
        &self,
        ticket: u32,
        call: String,
        work: impl Future<Output = napi::Result<T>>,
    ) -> impl Future<Output = napi::Result<T>> {
        let cancelled = Arc::new(Notify::new());
        self.lock().insert(ticket, cancelled.clone());
        let tickets = self.clone();
        async move {
            let outcome = tokio::select! {
                result = work => result,
                // `notify_one` leaves a permit when nobody waits yet, so an early abort counts.
                () = cancelled.notified() => Err(errors::aborted(&call)),
            };
            tickets.lock().remove(&ticket);
            outcome
        }
    }

    /// Cancels the call registered as `ticket`; a call that already finished is left alone.
    pub(crate) fn cancel(&self, ticket: u32) {
        if let Some(cancelled) = self.lock().remove(&ticket) {
            cancelled.notify_one();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Arc<Notify>>> {
        // The map stays consistent even if a holder panicked: every operation is one insert or remove.
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
