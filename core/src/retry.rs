//! The retry policy (`docs/reliability.md`, "Retries"), as pure functions the send loop asks.
//!
//! - Retried: connection failures, timeouts, 408, 409, 429 and 5xx; at most `max_retries` times.
//! - A POST is retried only when it cannot have been processed — the connection was never made,
//!   or the API answered 429 — unless the caller opted in with `retry_non_idempotent`.
//! - The wait is `Retry-After` / `retry-after-ms` when the API sent one (a wait over 60 s is not
//!   retried: the error carries `retry_after` instead), else `min(initial · 2^n, max)` less up to
//!   25 % jitter; a retry that would end past the call's deadline is not made.

use std::time::{Duration, SystemTime};

use rand::Rng;

use crate::config::CallPolicy;

/// What one attempt came to, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempt {
    /// A response arrived with this status.
    Status(u16),
    /// No connection was made: the request never left (refused, DNS, connect timeout).
    NotSent,
    /// The request may have reached the server (timeout or broken connection after sending).
    MaybeProcessed,
    /// Retrying cannot help (an untrusted certificate, a response over the size limit).
    Permanent,
}

/// Whether a status is worth another attempt at all.
pub(crate) fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || (500..=599).contains(&status)
}

/// Whether this attempt may be retried, before counting retries or time.
pub(crate) fn may_retry(attempt: Attempt, idempotent: bool, policy: &CallPolicy) -> bool {
    let repeatable = idempotent || policy.retry_non_idempotent;
    match attempt {
        Attempt::Status(429) | Attempt::NotSent => true,
        Attempt::Status(status) => retryable_status(status) && repeatable,
        Attempt::MaybeProcessed => repeatable,
        Attempt::Permanent => false,
    }
}

/// The backoff before retry number `retry` (0 for the first): `min(initial · 2^retry, max)`
/// scaled by a random factor in `[0.75, 1]`.
pub(crate) fn backoff(policy: &CallPolicy, retry: u32) -> Duration {
    let base = policy
        .initial_backoff
        .saturating_mul(1u32 << retry.min(16))
        .min(policy.max_backoff);
    base.mul_f64(1.0 - 0.25 * rand::thread_rng().gen::<f64>())
}

/// The longest wait a `Retry-After` reads as: `i64::MAX` milliseconds (292 million years). A
/// larger value (`1e30`) saturates here instead of overflowing `Duration`, which panics, and the
/// result still fits every binding's field: Java's `Duration.toMillis()` (a signed 64-bit count,
/// which threw on `u64::MAX` ms in the Kotlin fault matrix), JS numbers and Python floats.
const LONGEST_WAIT: Duration = Duration::from_millis(i64::MAX as u64);

/// The wait the server asked for: `retry-after-ms` (milliseconds), else `Retry-After` as seconds
/// or an HTTP date. An unparseable value is ignored; a date in the past means "now"; a wait past
/// [`LONGEST_WAIT`] is that.
pub(crate) fn parse_retry_after(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now: SystemTime,
) -> Option<Duration> {
    let from_ms = retry_after_ms
        .and_then(|ms| ms.trim().parse::<f64>().ok())
        .and_then(|ms| wait_of_seconds(ms / 1000.0));
    from_ms.or_else(|| {
        let value = retry_after?.trim();
        match value.parse::<f64>() {
            Ok(secs) => wait_of_seconds(secs),
            Err(_) => httpdate::parse_http_date(value)
                .ok()
                .map(|date| date.duration_since(now).unwrap_or(Duration::ZERO)),
        }
    })
}

/// `secs` as a wait: none if negative or not a number, at most [`LONGEST_WAIT`].
fn wait_of_seconds(secs: f64) -> Option<Duration> {
    if !(secs.is_finite() && secs >= 0.0) {
        return None;
    }
    let wait = Duration::try_from_secs_f64(secs).unwrap_or(LONGEST_WAIT);
    Some(wait.min(LONGEST_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gets_retry_every_transient_failure() {
        let policy = CallPolicy::default();
        for attempt in [
            Attempt::Status(503),
            Attempt::Status(408),
            Attempt::Status(409),
            Attempt::Status(429),
            Attempt::NotSent,
            Attempt::MaybeProcessed,
        ] {
            assert!(may_retry(attempt, true, &policy), "{attempt:?}");
        }
        for attempt in [
            Attempt::Status(200),
            Attempt::Status(404),
            Attempt::Status(422),
            Attempt::Permanent,
        ] {
            assert!(!may_retry(attempt, true, &policy), "{attempt:?}");
        }
    }

    #[test]
    fn posts_retry_only_what_cannot_have_been_processed() {
        let policy = CallPolicy::default();
        assert!(may_retry(Attempt::Status(429), false, &policy));
        assert!(may_retry(Attempt::NotSent, false, &policy));
        assert!(!may_retry(Attempt::Status(500), false, &policy));
        assert!(!may_retry(Attempt::MaybeProcessed, false, &policy));
        let opted_in = CallPolicy {
            retry_non_idempotent: true,
            ..policy
        };
        assert!(may_retry(Attempt::Status(500), false, &opted_in));
        assert!(may_retry(Attempt::MaybeProcessed, false, &opted_in));
        assert!(!may_retry(Attempt::Permanent, false, &opted_in));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter() {
        let policy = CallPolicy::default();
        for (retry, full) in [
            (0, 0.5),
            (1, 1.0),
            (2, 2.0),
            (3, 4.0),
            (4, 8.0),
            (5, 8.0),
            (40, 8.0),
        ] {
            let wait = backoff(&policy, retry).as_secs_f64();
            assert!(wait <= full && wait >= full * 0.75, "retry {retry}: {wait}");
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after(None, Some("3"), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            parse_retry_after(None, Some("1.5"), now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after(Some("250"), Some("3"), now),
            Some(Duration::from_millis(250)),
            "ms wins"
        );
        let in_ten = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(
            parse_retry_after(None, Some(&in_ten), now),
            Some(Duration::from_secs(10))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
        assert_eq!(
            parse_retry_after(None, Some(&past), now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after(None, Some("soon"), now), None);
        assert_eq!(parse_retry_after(Some("-1"), Some("-2"), now), None);
    }

    #[test]
    fn an_absurd_retry_after_saturates_instead_of_overflowing() {
        let now = SystemTime::UNIX_EPOCH;
        for (ms, secs) in [
            (None, Some("1e30")),
            (Some("1e30"), None),
            (None, Some("18446744073709551616")),
        ] {
            assert_eq!(
                parse_retry_after(ms, secs, now),
                Some(LONGEST_WAIT),
                "{ms:?} {secs:?}"
            );
        }
        assert_eq!(parse_retry_after(None, Some("inf"), now), None);
        assert_eq!(parse_retry_after(Some("NaN"), None, now), None);
    }
}
