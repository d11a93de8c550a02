//! Each attempt's time limit, and why the last one is kept after its attempt ends.
//!
//! tokio's timer wakes the thread that drives it whenever a new timer is due before every timer
//! it knows of, so that the thread can sleep for less. Calls made one at a time dropped their
//! timer as they ended; the driver then went to sleep with no timer left, and the next call's
//! timer was once more the earliest: every call woke one more thread than it needed (6 sleeps a
//! call instead of 5 in `bench/src/bin/one_at_a_time.rs`). Keeping the last finished attempt's
//! timer registered until the next attempt replaces it leaves the driver a timer due sooner than
//! the new one, so arming the new one wakes nobody. The kept timer fires once, to no effect, a
//! time limit after the client's last call.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Sleep;

/// The time limits of one client's attempts.
#[derive(Debug, Default)]
pub(crate) struct AttemptTimers {
    /// The timer of the attempt that ended last.
    last: Mutex<Option<Pin<Box<Sleep>>>>,
}

impl AttemptTimers {
    /// Runs `work` for at most `limit`: its output, or `None` when the time ran out first.
    pub(crate) async fn within<F: Future>(&self, limit: Duration, work: F) -> Option<F::Output> {
        let mut timer = Box::pin(tokio::time::sleep(limit));
        let outcome = tokio::select! {
            // `work` first, as `tokio::time::timeout` does: an answer that is ready counts.
            biased;
            output = work => Some(output),
            () = &mut timer => None,
        };
        let previous = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .replace(timer);
        // Deregistering the older timer takes the timer driver's lock; not under ours.
        drop(previous);
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[tokio::test]
    async fn work_that_ends_in_time_gives_its_output() {
        let timers = AttemptTimers::default();
        let work = async {
            tokio::time::sleep(10 * MS).await;
            7
        };
        assert_eq!(timers.within(2000 * MS, work).await, Some(7));
    }

    #[tokio::test]
    async fn work_past_its_limit_is_dropped_when_the_limit_passes() {
        let timers = AttemptTimers::default();
        let started = tokio::time::Instant::now();
        let work = tokio::time::sleep(60_000 * MS);
        assert_eq!(timers.within(50 * MS, work).await, None);
        let waited = started.elapsed();
        assert!(waited >= 50 * MS && waited < 5000 * MS, "{waited:?}");
    }

    #[tokio::test]
    async fn a_kept_timer_does_not_limit_the_next_attempt() {
        let timers = AttemptTimers::default();
        assert_eq!(timers.within(20 * MS, async { 1 }).await, Some(1));
        // The kept 20 ms timer fires during this attempt; only the attempt's own limit counts.
        let work = async {
            tokio::time::sleep(100 * MS).await;
            2
        };
        assert_eq!(timers.within(5000 * MS, work).await, Some(2));
    }
}
