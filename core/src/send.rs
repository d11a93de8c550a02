//! The send loop: attempts, retries and the overall deadline, traced as one span per call.

use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use tracing::Instrument;

use crate::attempt_timer::AttemptTimers;
use crate::call::Prepared;
use crate::config::CallPolicy;
use crate::endpoints::EndpointInfo;
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::pacing::Pacer;
use crate::retry::{self, Attempt};
use crate::transport::{self, Failure, RawResponse};

/// What the send loop needs from a client.
pub(crate) struct SendLoop<'a> {
    pub(crate) http: &'a transport::HttpClient,
    pub(crate) timers: &'a AttemptTimers,
    pub(crate) policy: CallPolicy,
    pub(crate) max_response_bytes: usize,
    /// The token's rate-limit budget, when the client paces its calls.
    pub(crate) pacer: Option<&'a Pacer>,
}

impl SendLoop<'_> {
    /// Sends `prepared` until it gets a final response (any status) or a final failure.
    ///
    /// The span `smtpprovider.call` carries the endpoint, method, attempt count, final status and
    /// latency; the token never appears in it (the authorization header is not a field).
    pub(crate) async fn send(
        &self,
        info: &'static EndpointInfo,
        prepared: &Prepared,
        authorization: Option<&HeaderValue>,
    ) -> Result<RawResponse> {
        let span = tracing::info_span!(
            "smtpprovider.call",
            endpoint = info.id,
            method = info.method.as_str(),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        self.send_with_retries(info, prepared, authorization)
            .instrument(span)
            .await
    }

    async fn send_with_retries(
        &self,
        info: &'static EndpointInfo,
        prepared: &Prepared,
        authorization: Option<&HeaderValue>,
    ) -> Result<RawResponse> {
        let policy = &self.policy;
        let started = Instant::now();
        // Measured from `started` rather than as an `Instant`, which a caller's `Duration::MAX`
        // deadline would overflow.
        let time_left = || policy.deadline.saturating_sub(started.elapsed());
        let mut retries = 0u32;
        loop {
            let span = tracing::Span::current();
            span.record("attempt", retries + 1);
            let slot = match self.pacer {
                Some(pacer) => match pacer.acquire(time_left(), policy.wait_for_rate_limit).await {
                    Ok(slot) => Some(slot),
                    Err(no_slot) => {
                        return Err(budget_spent(info, no_slot.wait, policy.wait_for_rate_limit))
                    }
                },
                None => None,
            };
            // After any wait for the rate limit, which counts against the deadline too.
            let attempt_timeout = policy.timeout.min(time_left());
            let attempt_started = Instant::now();
            let outcome = if attempt_timeout.is_zero() {
                Err(deadline_passed(info, policy.deadline))
            } else {
                transport::attempt(
                    self.http,
                    self.timers,
                    info,
                    prepared,
                    authorization,
                    attempt_timeout,
                    self.max_response_bytes,
                )
                .await
            };
            if let (Some(slot), Ok(response)) = (slot, &outcome) {
                slot.answered(response.status, response.rate, response.retry_after);
            }
            let latency = attempt_started.elapsed();
            let (attempt, server_wait) = match &outcome {
                Ok(response) => {
                    span.record("status", response.status);
                    tracing::debug!(
                        status = response.status,
                        latency_ms = millis(latency),
                        "response"
                    );
                    (Attempt::Status(response.status), response.retry_after)
                }
                Err(failure) => {
                    tracing::debug!(kind = %failure.error.kind(), latency_ms = millis(latency), "attempt failed");
                    (failure.attempt, None)
                }
            };
            span.record("latency_ms", millis(started.elapsed()));
            let retryable = match attempt {
                Attempt::Status(status) => retry::retryable_status(status),
                _ => true,
            };
            // A 429 to a paced call that may not wait for the rate limit is the caller's at once.
            let rate_limited_now = attempt == Attempt::Status(429)
                && self.pacer.is_some()
                && !policy.wait_for_rate_limit;
            if !retryable
                || rate_limited_now
                || retries >= policy.max_retries
                || !retry::may_retry(attempt, info.idempotent, policy)
            {
                return finish(outcome);
            }
            let wait = match server_wait {
                // A wait longer than we honour is returned to the caller (`retry_after`), not slept.
                Some(wait) if wait > policy.max_retry_after => return finish(outcome),
                Some(wait) => wait,
                None => retry::backoff(policy, retries),
            };
            if wait >= time_left() {
                return finish(outcome);
            }
            if let (Some(_), Attempt::Status(status)) = (server_wait, attempt) {
                // A wait the server imposes can be long; say so, or a stalled program looks hung.
                warn_server_wait(info, status, wait, retries + 1, policy.max_retries);
            }
            tracing::info!(attempt = retries + 1, wait_ms = millis(wait), "retrying");
            tokio::time::sleep(wait).await;
            retries += 1;
        }
    }
}

/// The warning for a wait the server asked for: "rate limited (429): waiting 1.5 s as the
/// server's Retry-After asks, retry 1 of 2".
fn warn_server_wait(info: &EndpointInfo, status: u16, wait: Duration, retry: u32, of: u32) {
    let what = if status == 429 {
        "rate limited"
    } else {
        "the server is busy"
    };
    let seconds = wait.as_secs_f64();
    tracing::warn!(
        endpoint = info.id,
        status,
        wait_s = seconds,
        "{what} ({status}): waiting {seconds:.1} s as the server's Retry-After asks, retry {retry} of {of}"
    );
}

fn finish(outcome: std::result::Result<RawResponse, Failure>) -> Result<RawResponse> {
    outcome.map_err(|failure| failure.error)
}

/// The error of a call that pacing did not send: the rate limit's budget is spent until the
/// window reopens in `wait`, which is past the call's deadline (or the call was not to wait).
fn budget_spent(info: &'static EndpointInfo, wait: Duration, waiting: bool) -> Error {
    let why = if waiting {
        "past the call's deadline"
    } else {
        "and wait_for_rate_limit is off"
    };
    Error::new(
        ErrorKind::RateLimited,
        ErrorContext {
            endpoint: Some(info.id),
            retry_after: Some(wait),
            detail: Some(format!(
                "the rate limit's budget is spent until the window reopens in {:.1} s, {why}; not sent",
                wait.as_secs_f64()
            )),
            ..ErrorContext::default()
        },
    )
}

fn deadline_passed(info: &'static EndpointInfo, deadline: Duration) -> Failure {
    let detail = format!(
        "the call's deadline of {:.1}s passed",
        deadline.as_secs_f64()
    );
    Failure {
        attempt: Attempt::Permanent,
        error: Error::local(ErrorKind::Timeout, Some(info.id), detail),
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
