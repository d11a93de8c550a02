//! What the server said to the last call made through a client handle: the HTTP status, the
//! headers and the rate-limit state a typed result does not carry (an error carries its own).
//!
//! Like stripe's `last_response`, it is read from the handle after the call rather than wrapped
//! around every result, so the typed results stay what they are in every language (uniffi has no
//! generic `Response<T>` to hand Kotlin and Swift). Each handle has its own record: clones of a
//! client share it, while [`crate::Client::with_options`] makes a handle with a record of its
//! own, the way to read the answer of one call among many made at once.

use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use reqwest::header::HeaderMap;

use crate::endpoints::EndpointInfo;
use crate::pacing::RateLimit;
use crate::transport::{self, RawResponse};

/// The answer to a call: what [`crate::Client::last_response`] shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseInfo {
    /// The call, e.g. `domains.add`.
    pub endpoint: &'static str,
    /// The HTTP status of the final answer (after any retries).
    pub status: u16,
    /// The answer's headers, `(name, value)` in the order received, as an error shows them
    /// (a repeated header once, its values joined by `, `; `Set-Cookie` left out).
    pub headers: Vec<(String, String)>,
    /// What this answer said about the rate limit (`X-RateLimit-Limit`, `-Remaining`, and when
    /// the window reopens); `None` when it said nothing.
    pub rate_limit: Option<RateLimit>,
}

/// A handle's record of its last answer. The headers are kept as received and turned into text
/// pairs only when read, so recording costs a call no copy.
#[derive(Default)]
pub(crate) struct LastResponse(Mutex<Option<Recorded>>);

struct Recorded {
    endpoint: &'static str,
    status: u16,
    headers: HeaderMap,
    rate_limit: Option<RateLimit>,
}

impl LastResponse {
    /// Keeps `response` as the answer to `info`'s call, and returns the rate limit it stated.
    /// `estimated_reset` is when the pacer expects the window to reopen, for an answer that does
    /// not say so itself.
    pub(crate) fn record(
        &self,
        info: &EndpointInfo,
        response: RawResponse,
        estimated_reset: Option<SystemTime>,
    ) -> Option<RateLimit> {
        let rate_limit = response.rate.map(|stated| RateLimit {
            limit: stated.limit,
            remaining: stated.remaining,
            reset: stated
                .reset(response.status, response.retry_after)
                .or(estimated_reset),
        });
        let recorded = Recorded {
            endpoint: info.id,
            status: response.status,
            headers: response.headers,
            rate_limit,
        };
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(recorded);
        rate_limit
    }

    /// The last answer recorded, if any.
    pub(crate) fn get(&self) -> Option<ResponseInfo> {
        let guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_ref().map(|recorded| ResponseInfo {
            endpoint: recorded.endpoint,
            status: recorded.status,
            headers: transport::header_pairs(&recorded.headers),
            rate_limit: recorded.rate_limit,
        })
    }
}
