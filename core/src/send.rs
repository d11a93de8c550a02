//! The send loop: attempts, retries and the overall deadline, traced as one span per call.

use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use tracing::Instrument;

use crate::attempt_timer::AttemptTimers;
use crate::call::Prepared;
use crate::config::CallPolicy;
use crate::endpoints::EndpointInfo;
use crate::error::{Error, ErrorKind, Result};
use crate::retry::{self, Attempt};
use crate::transport::{self, Failure, RawResponse};

/// What the send loop needs from a client.
pub(crate) struct SendLoop<'a> {
    pub(crate) http: &'a transport::HttpClient,
    pub(crate) timers: &'a AttemptTimers,
    pub(crate) policy: CallPolicy,
    pub(crate) max_response_bytes: usize,
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
            let attempt_timeout = policy.timeout.min(time_left());
            let span = tracing::Span::current();
            span.record("attempt", retries + 1);
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
            if !retryable
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
